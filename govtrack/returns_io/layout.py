"""The layout of a 进展填报表 and its signed identity, shared by the writer and the reader.

Why a signed identity: a returned workbook travels by e-mail and USB stick and
is re-saved by WPS or LibreOffice; the office must know for sure which unit,
period and tasks it answers. The hidden sheet holds a JSON payload (unit,
period, header row, each task's id, row, 序号, role and a hash of its text) and
an HMAC-SHA256 of it keyed by a secret kept in the database, so an edited
identity sheet (or a form from another database) is refused, not guessed at.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import unicodedata
from dataclasses import dataclass, field

from .safetext import clean_text
from ..winfiles import safe_file_name

FORM_MARK = "GOVTRACK-RETURN-FORM"
FORM_VERSION = 1
DATA_SHEET = "进展填报"
ID_SHEET = "_govtrack_id"
HEADER_ROW = 5
FIRST_DATA_ROW = HEADER_ROW + 1

# key, header text, width, editable, reference (last period, read-only)
COLUMNS: list[tuple[str, str, float, bool, bool]] = [
    ("seq", "序号", 6, False, False),
    ("role", "责任类型", 7, False, False),
    ("content", "工作任务", 42, False, False),
    ("lead", "牵头单位", 14, False, False),
    ("deadline", "完成时限", 13, False, False),
    ("prev_percent", "上期进度(%)", 8, False, True),
    ("prev_text", "上期进展情况", 28, False, True),
    ("percent", "本期完成进度(%)", 10, True, False),
    ("progress_text", "进展情况", 40, True, False),
    ("problems", "存在问题", 26, True, False),
    ("next_steps", "下步打算", 26, True, False),
]
COL_INDEX = {key: k + 1 for k, (key, *_rest) in enumerate(COLUMNS)}
HEADERS = {key: header for key, header, *_rest in COLUMNS}
EDITABLE = [key for key, _h, _w, editable, _r in COLUMNS if editable]
ROLE_LABEL = {"lead": "牵头", "assist": "协办"}

# Identity sheet: labels in column A, values in column B.
ID_ROWS = {"mark": 1, "unit": 2, "unit_id": 3, "period": 4, "exported_at": 5, "checksum": 6,
           "chunks": 7, "payload": 8}   # payload chunks from row 8 downwards
PAYLOAD_CHUNK = 30000                   # a cell holds at most 32,767 characters


@dataclass
class FormRow:
    """One task on a form."""
    task_id: int
    seq: str
    role: str                  # 'lead' | 'assist'
    content: str
    lead: str
    deadline: str
    prev_percent: float | None = None
    prev_text: str = ""
    prev_period: str | None = None


@dataclass
class FormSpec:
    """Everything a form shows; plain data, built by the Tracker from the database."""
    unit: str
    unit_id: int
    period: str
    due_date: str              # ISO date
    exported_at: str
    rows: list[FormRow] = field(default_factory=list)
    office: str = "督查室"

    def payload(self) -> dict:
        return {
            "v": FORM_VERSION, "unit": clean_text(self.unit), "unit_id": self.unit_id, "period": self.period,
            "due_date": self.due_date, "header_row": HEADER_ROW, "sheet": DATA_SHEET,
            "tasks": [[r.task_id, FIRST_DATA_ROW + k, r.seq, r.role, content_hash(r.content)]
                      for k, r in enumerate(self.rows)],
        }


def normalize_text(text: str | None) -> str:
    """Whitespace and width differences do not count as a change of text."""
    t = unicodedata.normalize("NFKC", clean_text(str(text or "")))
    return re.sub(r"\s+", "", t)


def content_hash(text: str | None) -> str:
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()[:16]


def canonical_json(payload: dict) -> str:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def sign_payload(payload_json: str, secret: str) -> str:
    return hmac.new(secret.encode("utf-8"), payload_json.encode("utf-8"), hashlib.sha256).hexdigest()


def verify_payload(payload_json: str, checksum: str, secret: str) -> bool:
    return hmac.compare_digest(sign_payload(payload_json, secret), str(checksum or ""))


def form_file_name(period: str, unit: str) -> str:
    """``2023-10_市财政局_进展填报表.xlsx``; the unit part made safe on Windows by :mod:`govtrack.winfiles`."""
    return f"{period}_{safe_file_name(unit, fallback='单位', limit=60)}_进展填报表.xlsx"


def date_label(iso: str) -> str:
    y, m, d = iso[:10].split("-")
    return f"{int(y)}年{int(m)}月{int(d)}日"
