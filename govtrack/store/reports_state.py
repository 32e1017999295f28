"""Queries for what the office has issued: 督查通报 (bulletins) and 督办单 (notices).

Both are records of paper that left the office, so they are only ever added
(audited inserts) and read; a bulletin's ``snapshot`` holds every figure that
was printed, so a reprint shows the same numbers after later progress edits.
"""

from __future__ import annotations

import json
import sqlite3

from .connection import Database

from ..errors import DuplicateError
from . import db as store


# ---------------------------------------------------------------- bulletins (通报)

def _bulletin(row: dict) -> dict:
    row = dict(row)
    row["snapshot"] = json.loads(row["snapshot"]) if row.get("snapshot") else {}
    return row


def bulletin_for_period(db: Database, period: str) -> dict | None:
    """The issued bulletin of a period (the first, should there be several), snapshot decoded."""
    rows = list(db.query("SELECT * FROM bulletins WHERE period = ? ORDER BY id LIMIT 1", [period]))
    return _bulletin(rows[0]) if rows else None


def previous_bulletin(db: Database, period: str) -> dict | None:
    """The latest bulletin issued for a period before ``period``."""
    rows = list(db.query("SELECT * FROM bulletins WHERE period < ? ORDER BY period DESC, id DESC LIMIT 1",
                         [period]))
    return _bulletin(rows[0]) if rows else None


def count_bulletins_before(db: Database, period: str) -> int:
    """Bulletins issued for earlier periods of the same year (for the issue sequence)."""
    rows = list(db.query("SELECT COUNT(DISTINCT period) AS n FROM bulletins WHERE period < ? AND period >= ?",
                         [period, period[:4] + "-01"]))
    return rows[0]["n"]


def list_bulletins(db: Database) -> list[dict]:
    return list(db.query("SELECT id, period, issue_no, issued_on FROM bulletins ORDER BY period, id"))


def insert_bulletin(db: Database, period: str, issue_no: str, issued_on: str, snapshot: dict) -> int:
    """Record an issued 通报; a second one for the same period is refused (unique index, 0005)."""
    try:
        return store.insert(db, "bulletins", {
            "period": period, "issue_no": issue_no, "issued_on": issued_on,
            "snapshot": json.dumps(snapshot, ensure_ascii=False, sort_keys=True)})
    except sqlite3.IntegrityError as e:
        raise DuplicateError(f"{period} 的督查通报已经印发，未重复登记。") from e


# ---------------------------------------------------------------- notices (督办单)

def _notice(row: dict) -> dict:
    row = dict(row)
    row["snapshot"] = json.loads(row["snapshot"]) if row.get("snapshot") else None
    return row


def doc_nos_of_year(db: Database, year: int) -> list[str]:
    return [r["doc_no"] for r in db.query("SELECT doc_no FROM notices WHERE doc_no LIKE ?",
                                          [f"督办〔{year}〕%"])]


def insert_notice(db: Database, task_id: int, values: dict) -> int:
    """Record an issued 督办单; a 文号 already used is refused (unique index, 0005)."""
    row = {"task_id": task_id, **values}
    if isinstance(row.get("snapshot"), (dict, list)):
        row["snapshot"] = json.dumps(row["snapshot"], ensure_ascii=False, sort_keys=True)
    try:
        return store.insert(db, "notices", row)
    except sqlite3.IntegrityError as e:
        raise DuplicateError(f"文号「{row.get('doc_no')}」已用于另一份督办单，未作改动。") from e


def get_notice(db: Database, notice_id: int) -> dict | None:
    rows = list(db.query("SELECT * FROM notices WHERE id = ?", [notice_id]))
    return _notice(rows[0]) if rows else None


def notice_by_doc_no(db: Database, doc_no: str) -> dict | None:
    rows = list(db.query("SELECT * FROM notices WHERE doc_no = ? ORDER BY id LIMIT 1", [doc_no]))
    return _notice(rows[0]) if rows else None


def notices_of_task(db: Database, task_id: int) -> list[dict]:
    return [_notice(r) for r in db.query("SELECT * FROM notices WHERE task_id = ? ORDER BY issued_on, id",
                                          [task_id])]


def list_notices(db: Database) -> list[dict]:
    return list(db.query("""SELECT n.id, n.task_id, t.seq, n.doc_no, n.colour, n.issued_on, n.reply_by
                            FROM notices n JOIN tasks t ON t.id = n.task_id ORDER BY n.issued_on, n.id"""))


# ---------------------------------------------------------------- settings

def report_settings(db: Database) -> dict:
    """Every ``report.*`` and ``font.*`` setting, JSON-decoded."""
    return {r["key"]: json.loads(r["value"]) for r in db.query(
        "SELECT key, value FROM settings WHERE key LIKE 'report.%' OR key LIKE 'font.%'")}
