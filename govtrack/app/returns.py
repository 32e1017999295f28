"""Fill-in workbooks for units: export, checked import of returns, return status (issue: unit returns).

Units rarely share the office's network: every month the office sends each unit
a 进展填报表 and gets it back by e-mail or USB stick, often re-saved by WPS.
This module is the core side of that round trip (:class:`ReturnsService`): it gathers the data for the
forms, checks returned forms against the database, and writes the good rows in
one transaction. The workbook files themselves are handled in
:mod:`govtrack.returns_io` (no openpyxl here), the SQL in
:mod:`govtrack.store.returns_state`.

A return goes through :meth:`ReturnsService.preview_returns` (reads and checks,
writes nothing) and :meth:`ReturnsService.apply_returns` (checks again against the
database as it is now, then writes). Problems are reported per file, row and
field in Chinese; a refused file writes nothing; a flagged row is left out while
the file's other rows are applied.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from .. import store
from ..errors import InputError, StorageError
from ..returns_io import (FormRow, FormSpec, RawForm, content_hash, form_file_name, parse_percent,
                         parse_text, read_form, write_form)
from ..returns_io.layout import HEADERS, date_label
from ..rules import previous_workday, reporting_due_dates
from ..store import ledger, returns_state
from ..store import progress as progress_store
from ..periods import check_period as _check_period
from .context import Context, parse_day, Service
from .labels import task_label
from .ledger import LedgerService
from .status import StatusService
from .units import group_members, responsible_units

SECRET_KEY = "returns.form_secret"
TEXT_FIELDS = ("progress_text", "problems", "next_steps")
MAX_FILE_BYTES = 20 * 1024 * 1024     # a filled form of 136 tasks is ~40 KB


def check_period(period: str) -> str:
    return _check_period(period, "期间")


@dataclass
class Problem:
    """One thing wrong, located by file, sheet row and column (Chinese header)."""
    file: str
    message: str
    row: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = f"文件「{self.file}」"
        if self.row:
            where += f"第 {self.row} 行"
        if self.field:
            where += f"「{self.field}」"
        return f"{where}：{self.message}"

    def to_dict(self) -> dict:
        return {"file": self.file, "row": self.row, "field": self.field, "message": self.message,
                "text": str(self)}


@dataclass
class ReturnRow:
    """One task of a returned form and what importing it would do.

    ``action``: 'insert' / 'update' / 'same' (applied), 'blank' (nothing filled in,
    skipped), 'flagged' (has problems, skipped).
    """
    task_id: int | None
    seq: str
    row: int | None
    role: str | None = None
    percent: float | None = None
    progress_text: str = ""
    problems: str = ""
    next_steps: str = ""
    previous_percent: float | None = None
    action: str = "blank"
    issues: list[Problem] = field(default_factory=list)

    @property
    def applies(self) -> bool:
        return self.action in ("insert", "update", "same")

    def to_dict(self) -> dict:
        return {"task_id": self.task_id, "seq": self.seq, "row": self.row, "role": self.role,
                "percent": self.percent, "progress_text": self.progress_text,
                "problems": self.problems, "next_steps": self.next_steps,
                "previous_percent": self.previous_percent, "action": self.action,
                "issues": [p.to_dict() for p in self.issues]}


STATUS_LABEL = {
    "ready": "可导入", "refused": "拒绝导入", "already_imported": "已导入过，未作改动",
    "conflict": "该单位该期已有其他填报表", "duplicate": "与本批其他文件重复",
}


@dataclass
class ReturnFile:
    """One returned workbook: who it is from, its rows, and whether it can be applied."""
    path: Path
    name: str
    sha256: str
    size: int
    data: bytes = field(repr=False, compare=False, default=b"")
    raw: RawForm | None = field(repr=False, compare=False, default=None)
    unit: str | None = None
    unit_id: int | None = None
    period: str | None = None
    status: str = "refused"
    errors: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rows: list[ReturnRow] = field(default_factory=list)
    existing: dict | None = None           # the standing return of this unit and period
    to_delete: list[dict] = field(default_factory=list)   # old imported rows a replacement drops

    @property
    def applicable(self) -> list[ReturnRow]:
        return [r for r in self.rows if r.applies]

    @property
    def flagged(self) -> list[ReturnRow]:
        return [r for r in self.rows if r.action == "flagged"]

    @property
    def counts(self) -> dict[str, int]:
        out = {k: 0 for k in ("insert", "update", "same", "blank", "flagged")}
        for r in self.rows:
            out[r.action] += 1
        return out

    def problems(self) -> list[Problem]:
        return self.errors + [p for r in self.rows for p in r.issues]

    def to_dict(self) -> dict:
        return {"file": self.name, "path": str(self.path), "sha256": self.sha256, "unit": self.unit,
                "period": self.period, "status": self.status,
                "status_label": STATUS_LABEL.get(self.status, self.status),
                "errors": [p.to_dict() for p in self.errors], "warnings": self.warnings,
                "counts": self.counts, "rows": [r.to_dict() for r in self.rows],
                "existing": ({"file": self.existing.get("file_name"),
                              "imported_at": self.existing.get("imported_at")}
                             if self.existing else None),
                "to_delete": [d["task_id"] for d in self.to_delete]}


@dataclass
class ReturnsPreview:
    """What importing some returned workbooks would do. Nothing is written until applied."""
    files: list[ReturnFile]
    period: str | None = None
    unit: str | None = None
    received_on: str = ""
    unit_id: int | None = None

    def problems(self) -> list[Problem]:
        return [p for f in self.files for p in f.problems()]

    def to_dict(self) -> dict:
        return {"period": self.period, "received_on": self.received_on,
                "files": [f.to_dict() for f in self.files]}

    def report_lines(self, *, replace: bool = False) -> list[str]:
        """The preview as Chinese lines, one block per file (for the CLI and the window)."""
        lines = []
        for f in self.files:
            who = f"{f.unit or '?'} {f.period or '?'}"
            c = f.counts
            head = f"【{f.name}】{who}：{STATUS_LABEL.get(f.status, f.status)}"
            if f.status == "conflict" and replace:
                head = f"【{f.name}】{who}：将替换已导入的「{f.existing['file_name']}」"
            lines.append(head)
            if f.status in ("ready", "conflict"):
                lines.append(f"  新增 {c['insert']} 条，更新 {c['update']} 条，未变 {c['same']} 条，"
                             f"未填 {c['blank']} 项，有问题 {c['flagged']} 项")
                if f.to_delete and (replace or f.status != "conflict"):
                    lines.append(f"  替换时将删除原填报表中本次未填的 {len(f.to_delete)} 条（留有审计记录）")
            for w in f.warnings:
                lines.append(f"  提示：{w}")
            for p in f.problems():
                lines.append(f"  {p}")
        return lines


@dataclass
class ReturnsOutcome:
    """What :meth:`ReturnsService.apply_returns` did, per file."""
    files: list[dict] = field(default_factory=list)

    @property
    def applied(self) -> int:
        return sum(1 for f in self.files if f["status"] == "applied")

    def to_dict(self) -> dict:
        return {"applied_files": self.applied, "files": self.files}

    def report_lines(self) -> list[str]:
        out = []
        for f in self.files:
            if f["status"] == "applied":
                out.append(f"【{f['file']}】{f['unit']} {f['period']}：已导入，新增 {f['inserted']} 条，"
                           f"更新 {f['updated']} 条，未变 {f['same']} 条"
                           + (f"，删除被替换的 {f['deleted']} 条" if f["deleted"] else "")
                           + (f"，有问题未导入 {f['flagged']} 项" if f["flagged"] else ""))
            else:
                out.append(f"【{f['file']}】{f.get('unit') or ''} {f.get('period') or ''}：{f['message']}")
        return out


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class ReturnsService(Service):
    """进展填报表 export, checked import, return status."""

    def __init__(self, ctx: Context, ledger_service: LedgerService, status: StatusService):
        self.ctx = ctx
        self.ledger = ledger_service
        self.status = status


    # ------------------------------------------------------------ helpers

    def _form_secret(self, *, create: bool) -> str | None:
        secret = store.get_setting(self.db, SECRET_KEY)
        if secret is None and create:
            secret = secrets.token_hex(32)
            with self.db.atomic():
                store.set_setting(self.db, SECRET_KEY, secret)
        return secret

    def return_due_date(self, period: str) -> dt.date:
        """The reporting due day of ``period``: the rule's due day in that month (default the
        25th, moved to the previous working day), else the 25th moved likewise.

        :param period: ``YYYY-MM``
        """
        y, m = (int(x) for x in check_period(period).split("-"))
        first, last = dt.date(y, m, 1), dt.date(y, m, calendar.monthrange(y, m)[1])
        rule, move = "monthly", True
        if hasattr(self, "rule_settings"):
            settings = self.status.rule_settings()
            rule, move = settings.report_rule, settings.move_to_workday
        try:
            days = reporting_due_dates(rule, first, last, move_to_workday=move)
        except ValueError:
            days = []
        if days:
            return days[-1]
        return previous_workday(dt.date(y, m, 25)) if move else dt.date(y, m, 25)

    def _resolve_unit(self, unit: str) -> tuple[int, str]:
        return self.ctx.resolve_unit(unit)

    def _form_units(self, plan_ids: list[int]) -> list[dict]:
        """The units that fill in a form: every unit that answers for a task of ``plan_ids``
        (:func:`~govtrack.app.units.responsible_units`: a group that lists its members is
        replaced by them), in directory order, each with ``tasks`` [(task, role)] in plan
        order and its ``led`` and ``assisting`` counts."""
        members = group_members(self.ctx)
        by_name: dict[str, list[tuple[dict, str]]] = {}
        for t in self.ledger.tasks(plan_ids=plan_ids):
            for name, role in responsible_units(t, members).items():
                by_name.setdefault(name, []).append((t, role))
        out = []
        for u in ledger.list_units(self.db):
            tasks = by_name.get(u["name"])
            if tasks:
                out.append({"id": u["id"], "name": u["name"], "is_group": u["is_group"], "tasks": tasks,
                            "led": sum(role == "lead" for _t, role in tasks),
                            "assisting": sum(role == "assist" for _t, role in tasks)})
        return out

    # ------------------------------------------------------------ export

    def export_forms(self, period: str, out_dir: str | Path, unit: str | None = None, *,
                     plan: int | str | None = None, plan_ids: list[int] | None = None,
                     office: str = "督查室") -> list[Path]:
        """Write one 进展填报表 (.xlsx) per unit that has tasks, for units to fill in offline.

        A group that lists its members (各区镇街道) gets no form: each member gets one with
        the group's tasks on it, in the group's role, and reports its own part
        (:func:`~govtrack.app.units.responsible_units`).
        Each lists the unit's tasks (牵头 or 协办), last period's entries for reference and
        editable columns for this period; a hidden, signed sheet identifies unit, period and
        tasks so that the returned file can be checked on import.

        :param period: the reporting period, ``YYYY-MM``
        :param out_dir: folder for the workbooks (created if missing); existing files of the
            same name are overwritten
        :param unit: only this unit (any known spelling); a group that lists members: its members
        :param office: who the form is returned to, printed in the instructions
        :param plan: one plan by id; ``plan_ids``: exactly these; default: the active plans of
            the period's year (a 2024 plan's tasks never reach a 2023 form)
        :returns: the paths written, in unit order
        """
        period = check_period(period)
        if plan_ids is None:
            plan_ids = self.ledger.scope(plan=plan, year=None if plan else int(period[:4]))
        out_dir = Path(out_dir)
        targets = self._form_units(plan_ids)
        if unit:
            uid, name = self._resolve_unit(unit)
            members = group_members(self.ctx).get(name) or []
            wanted = {uid} | {u["id"] for u in targets if u["name"] in members}
            targets = [u for u in targets if u["id"] in wanted]
            if not targets:
                raise InputError(f"单位「{name}」在台账中没有牵头或协办的任务，无需填报。", field="单位")
        secret = self._form_secret(create=True)
        due = self.return_due_date(period).isoformat()
        period_start = period + "-01"
        stamp = store.now_iso()
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise StorageError(f"无法创建输出文件夹「{out_dir}」：{e}") from e
        written = []
        for u in targets:
            prev = returns_state.previous_entries(self.db, u["id"], period)
            rows = []
            for t, role in u["tasks"]:
                if t["closed_on"] and t["closed_on"] < period_start:
                    continue          # 销号 before this period: nothing to report
                p = prev.get(t["id"])
                rows.append(FormRow(
                    task_id=t["id"], seq=t["seq"], role=role, content=t["content"],
                    lead="、".join(t["lead"]),
                    deadline=t["deadline_text"] or (date_label(t["deadline"]) if t["deadline"] else "长期"),
                    prev_percent=p["percent"] if p else None,
                    prev_text=(p["progress_text"] if p else "") or "",
                    prev_period=p["period"] if p else None))
            if not rows:
                continue
            spec = FormSpec(unit=u["name"], unit_id=u["id"], period=period, due_date=due,
                            exported_at=stamp, rows=rows, office=office)
            target = out_dir / form_file_name(period, u["name"])
            try:
                written.append(write_form(spec, target, secret))
            except OSError as e:
                raise StorageError(f"无法写入「{target}」：{e}（文件是否正在 Excel/WPS 中打开？）") from e
        return written

    # ------------------------------------------------------------ import

    def preview_returns(self, files, *, period: str | None = None, unit: str | None = None,
                        received_on: dt.date | str | None = None) -> ReturnsPreview:
        """Read returned workbooks and check every row against the database. Writes nothing.

        :param files: paths of the returned .xlsx files
        :param period: when given, a file for another period is refused
        :param unit: when given, a file for another unit is refused
        :param received_on: the day the office received them (default today); used as the
            reports' date and to tell late returns
        """
        period = check_period(period) if period else None
        unit_id = self._resolve_unit(unit)[0] if unit else None
        received = parse_day(received_on, "日期").isoformat()
        out = []
        for f in files:
            path = Path(f)
            try:
                if path.stat().st_size > MAX_FILE_BYTES:
                    rf = ReturnFile(path, path.name, "", path.stat().st_size)
                    rf.errors.append(Problem(path.name, f"文件大小 {path.stat().st_size / 1048576:.0f} MB，"
                                                        "远超填报表的正常大小，拒绝读取"))
                    out.append(rf)
                    continue
                data = path.read_bytes()
            except OSError as e:
                rf = ReturnFile(path, path.name, "", 0)
                rf.errors.append(Problem(path.name, f"无法读取文件：{e.strerror or e}"))
                out.append(rf)
                continue
            out.append(ReturnFile(path, path.name, _sha256(data), len(data), data))
        preview = ReturnsPreview(out, period, unit, received, unit_id)
        self._check_returns(preview)
        return preview

    def _check_returns(self, preview: ReturnsPreview) -> None:
        seen_hash: dict[str, str] = {}
        seen_unit: dict[tuple[int, str], str] = {}
        for rf in preview.files:
            rf.rows, rf.warnings, rf.to_delete, rf.existing = [], [], [], None
            rf.status = "refused"
            if not rf.sha256:           # the file could not be read at all
                continue
            rf.errors = []
            known = returns_state.standing_return_of_file(self.db, rf.sha256)
            if (known and rf.sha256 not in seen_hash and (not preview.period or known["period"] == preview.period)
                    and preview.unit_id in (None, known["unit_id"])):
                # The very file of a standing return: nothing to read, nothing to change.
                rf.unit, rf.unit_id, rf.period, rf.existing = known["unit"], known["unit_id"], known["period"], known
                rf.status = "already_imported"
                rf.warnings.append(f"该文件已于 {_when(known['imported_at'])} 导入，本次未作任何改动")
                seen_hash[rf.sha256] = rf.name
                seen_unit[(rf.unit_id, rf.period)] = rf.name
                continue
            if rf.raw is None:
                rf.raw = read_form(rf.data, rf.name, self._form_secret(create=False))
            self._check_file(rf, preview)
            if rf.errors:
                rf.status = "refused"
                continue
            if rf.sha256 in seen_hash:
                rf.status = "duplicate"
                rf.warnings.append(f"与本批文件「{seen_hash[rf.sha256]}」内容完全相同，已跳过")
                continue
            seen_hash[rf.sha256] = rf.name
            key = (rf.unit_id, rf.period)
            if key in seen_unit:
                rf.errors.append(Problem(rf.name, f"本批中已有{rf.unit} {rf.period} 的填报表「{seen_unit[key]}」，"
                                                  "同一单位同一期间请只导入一份"))
                rf.status = "refused"
                continue
            seen_unit[key] = rf.name
            existing = rf.existing
            if existing and existing["sha256"] == rf.sha256:
                rf.status = "already_imported"
                rf.warnings.append(f"该文件已于 {_when(existing['imported_at'])} 导入，本次未作任何改动")
            elif existing:
                rf.status = "conflict"
                rf.warnings.append(
                    f"{rf.unit} {rf.period} 已于 {_when(existing['imported_at'])} 导入过填报表「{existing['file_name']}」；"
                    "如需以本文件替换，请选择替换（命令行加 --replace），原内容保留在审计记录中")
            else:
                rf.status = "ready"

    def _check_file(self, rf: ReturnFile, preview: ReturnsPreview) -> None:
        raw = rf.raw
        rf.warnings.extend(raw.warnings)
        if not raw.ok:
            rf.errors.extend(Problem(rf.name, m) for m in raw.errors)
            return
        payload = raw.payload
        rf.unit, rf.period = payload.get("unit"), payload.get("period")
        try:
            unit_id = int(payload.get("unit_id"))
        except (TypeError, ValueError):
            rf.errors.append(Problem(rf.name, "识别信息中的单位编号无效，拒绝导入"))
            return
        unit_row = returns_state.unit_by_id(self.db, unit_id)
        if unit_row is None:
            rf.errors.append(Problem(rf.name, f"识别信息中的单位「{rf.unit}」在数据库中已不存在，拒绝导入"))
            return
        if unit_row["name"] != rf.unit:
            if ledger.unit_id(self.db, rf.unit or "") != unit_id:
                # Not a rename recorded as an alias: the ids no longer mean what they meant
                # at export (a rebuilt database), so nothing in the file can be trusted.
                rf.errors.append(Problem(rf.name, f"表中单位「{rf.unit}」与数据库中编号 #{unit_id} 的单位"
                                                  f"「{unit_row['name']}」不符（数据库可能已重建），拒绝导入，请重新导出填报表"))
                return
            rf.warnings.append(f"单位「{rf.unit}」在数据库中现名「{unit_row['name']}」，按现名导入")
            rf.unit = unit_row["name"]
        rf.unit_id = unit_id
        if not _valid_period(rf.period):
            rf.errors.append(Problem(rf.name, f"识别信息中的期间「{rf.period}」无效，拒绝导入"))
            return
        if preview.period and rf.period != preview.period:
            rf.errors.append(Problem(rf.name, f"这是 {rf.period} 的填报表，而本次导入的是 {preview.period}，拒绝导入"))
            return
        if preview.unit_id is not None and preview.unit_id != unit_id:
            rf.errors.append(Problem(rf.name, f"这是「{rf.unit}」的填报表，而本次导入的是另一单位，拒绝导入"))
            return
        rf.existing = returns_state.current_return(self.db, unit_id, rf.period)
        self._check_rows(rf)

    def _check_rows(self, rf: ReturnFile) -> None:
        raw, payload = rf.raw, rf.raw.payload
        tasks = payload.get("tasks") or []
        db_tasks = {t["id"]: t for t in ledger.query_tasks(self.db, task_ids=[int(t[0]) for t in tasks])}
        members = group_members(self.ctx)     # a member answers for its group's tasks
        roles = {tid: role for tid, t in db_tasks.items()
                 if (role := responsible_units(t, members).get(rf.unit))}
        prev = returns_state.previous_entries(self.db, rf.unit_id, rf.period)
        current = returns_state.entries_in_period(self.db, rf.unit_id, rf.period)
        by_seq: dict[str, list[int]] = {}
        for r in raw.rows.values():
            by_seq.setdefault(r.seq, []).append(r.row)
        used: set[int] = set()
        name = rf.name
        for task_id, row_no, seq, role, chash in tasks:
            task_id = int(task_id)
            raw_row = raw.rows.get(row_no)
            if raw_row is None or raw_row.seq != seq:
                hits = [n for n in by_seq.get(seq, []) if n not in used]
                raw_row = raw.rows[hits[0]] if len(hits) == 1 else None
            rr = ReturnRow(task_id, seq, raw_row.row if raw_row else None, role)
            p = prev.get(task_id)
            rr.previous_percent = p["percent"] if p else None
            rf.rows.append(rr)
            if raw_row is None:
                rr.action = "flagged"
                rr.issues.append(Problem(name, f"找不到序号 {seq} 的任务行（原在第 {row_no} 行；"
                                               "行被删除或序号被改动），该任务未导入", row_no, HEADERS["seq"]))
                continue
            used.add(raw_row.row)
            if not raw_row.has_input() and not raw_row.merged:
                rr.action = "blank"
                continue
            issues = rr.issues

            def flag(message: str, fld: str | None = None) -> None:
                issues.append(Problem(name, message, raw_row.row, HEADERS.get(fld) if fld else None))

            if raw_row.merged:
                flag(f"该行有合并单元格（{'、'.join(raw_row.merged)}），请取消合并后重新报送")
            task = db_tasks.get(task_id)
            if task is None:
                flag(f"序号 {seq} 的任务已不在台账中（导出后被删除），未导入", "seq")
            elif task_id not in roles:
                flag(f"{task_label(task)}在台账中已不属于{rf.unit}，未导入", "seq")
            if content_hash(raw_row.content) != chash:
                flag("工作任务内容与导出时不一致（被改动），请勿修改工作任务列", "content")
            elif task is not None and content_hash(task["content"]) != chash:
                flag("台账中该任务内容已在导出后修改，请重新导出填报表后填报", "content")
            value, fmt, dtype = raw_row.cells.get("percent", (None, None, None))
            percent, problem = parse_percent(value, fmt, dtype)
            if problem:
                flag(problem, "percent")
            elif percent is None:
                flag("未填写本期完成进度（填了文字就须填进度，0–100）", "percent")
            rr.percent = percent
            for key in TEXT_FIELDS:
                value, _fmt, dtype = raw_row.cells.get(key, (None, None, None))
                text, problem = parse_text(value, dtype)
                if problem:
                    flag(problem, key)
                setattr(rr, key, text)
            if (percent is not None and rr.previous_percent is not None
                    and percent < rr.previous_percent and not rr.problems):
                flag(f"本期进度 {percent:g}% 低于上期（{p['period']}）的 {rr.previous_percent:g}%，"
                     "请在「存在问题」中说明原因", "percent")
            if issues:
                rr.action = "flagged"
                continue
            old = current.get(task_id)
            if old is None:
                rr.action = "insert"
            elif (old["percent"] == rr.percent and old["progress_text"] == rr.progress_text
                  and old["problems"] == rr.problems and old["next_steps"] == rr.next_steps):
                rr.action = "same"
            else:
                rr.action = "update"
        for raw_row in raw.rows.values():
            if raw_row.row in used or not raw_row.has_input():
                continue
            rr = ReturnRow(None, raw_row.seq, raw_row.row, action="flagged")
            rr.issues.append(Problem(name, f"此行（序号「{raw_row.seq or '空'}」）不是导出时的任务，未导入",
                                     raw_row.row, HEADERS["seq"]))
            rf.rows.append(rr)
        if rf.existing:
            # Only what the new return leaves blank goes; a row it got wrong keeps the old value.
            keep = {r.task_id for r in rf.rows if r.action != "blank"}
            rf.to_delete = [row for tid, row in current.items()
                            if tid not in keep and row["source"] == "imported"
                            and row["source_file_id"] == rf.existing["source_file_id"]]

    def apply_returns(self, preview: ReturnsPreview, replace: bool = False) -> ReturnsOutcome:
        """Write the valid rows of previewed returns, all in one transaction.

        The files are checked again against the database as it is now. Refused files and
        flagged rows are left out (and listed); a file already imported changes nothing; a
        different file for a unit and period already imported is refused unless ``replace``,
        in which case its rows overwrite the old ones and old imported rows it leaves blank
        are deleted — every old value stays in the audit log. Each applied file is kept
        (hash and copy beside the database) as the rows' source.

        :param preview: from :meth:`preview_returns`
        :param replace: let a new return replace the unit's standing return of the period
        """
        outcome = ReturnsOutcome()
        with self.db.atomic():
            self._check_returns(preview)
            for rf in preview.files:
                entry = {"file": rf.name, "unit": rf.unit, "period": rf.period, "inserted": 0,
                         "updated": 0, "same": 0, "deleted": 0, "flagged": len(rf.flagged)}
                outcome.files.append(entry)
                if rf.status == "refused":
                    entry.update(status="refused", message="拒绝导入：" + "；".join(p.message for p in rf.errors))
                    continue
                if rf.status in ("duplicate", "already_imported"):
                    entry.update(status=rf.status, message="；".join(rf.warnings[-1:]) or STATUS_LABEL[rf.status])
                    continue
                if rf.status == "conflict" and not replace:
                    entry.update(status="conflict", message=rf.warnings[-1])
                    continue
                rows = rf.applicable
                if not rows:
                    entry.update(status="nothing", message="没有可导入的行（未填写，或所填各行均有问题），未作改动")
                    continue
                source_id = self._keep_return_file(rf)
                for r in rows:
                    _rid, action = progress_store.upsert_progress(self.db, r.task_id, rf.unit_id, rf.period, {
                        "percent": r.percent, "progress_text": r.progress_text, "problems": r.problems,
                        "next_steps": r.next_steps, "reported_on": preview.received_on,
                        "source": "imported", "source_file_id": source_id})
                    entry[{"insert": "inserted", "update": "updated", "same": "same"}[action]] += 1
                if rf.status == "conflict":
                    for old in rf.to_delete:
                        returns_state.delete_progress(self.db, old["id"])
                        entry["deleted"] += 1
                entry["return_id"] = returns_state.record_return(
                    self.db, rf.unit_id, rf.period, source_id, preview.received_on, len(rows), len(rf.flagged))
                entry.update(status="applied", message="已导入")
        return outcome

    def _keep_return_file(self, rf: ReturnFile) -> int:
        """Keep the returned bytes (as read at preview) beside the database; record hash and copy."""
        return self.ctx.keep_file(rf.name, rf.sha256, "unit_return", data=rf.data, backup_as="returns")

    def import_returns(self, files, *, replace: bool = False, period: str | None = None,
                       received_on: dt.date | str | None = None) -> tuple[ReturnsPreview, ReturnsOutcome]:
        """Preview and apply in one call (the command line without --dry-run).

        :param files: paths of the returned .xlsx files
        :param replace: see :meth:`apply_returns`
        :param period: see :meth:`preview_returns`
        :param received_on: see :meth:`preview_returns`
        """
        preview = self.preview_returns(files, period=period, received_on=received_on)
        return preview, self.apply_returns(preview, replace=replace)

    # ------------------------------------------------------------ status

    def returns_status(self, period: str, today: dt.date | str | None = None, *,
                       plan: int | str | None = None, plan_ids: list[int] | None = None) -> list[dict]:
        """Per unit with tasks: its reporting state for ``period``, when, from which file — the
        list the office chases (催报) from.

        The state is the one rule of :meth:`StatusService.unit_reporting` (已报送 / 迟报 /
        部分报送 / 未报送 over the open tasks the unit leads), so this list, the 催报 reminders,
        the 总览 and the 通报 agree. A unit that leads no open task (it only assists) counts as
        reported once any report of the period is in for it.

        :param period: ``YYYY-MM``
        :param today: the day to judge lateness on (default today)
        :param plan: / ``plan_ids``: which plans (default: the active plans of the period's year)
        """
        period = check_period(period)
        day = parse_day(today, "日期")
        if plan_ids is None:
            plan_ids = self.ledger.scope(plan=plan, year=None if plan else int(period[:4]))
        due = self.return_due_date(period)
        reporting = {u["unit"]: u for u in self.status.unit_reporting(
            day, period=period, plan_ids=plan_ids)["units"]}
        returns = returns_state.returns_in_period(self.db, period)
        typed = returns_state.progress_by_unit(self.db, period)
        out = []
        for u in self._form_units(plan_ids):
            r, p = returns.get(u["id"]), typed.get(u["id"])
            when = r["received_on"] if r else (p["last_reported_on"] if p else None)
            rep = reporting.get(u["name"])
            if rep is not None:
                state, done, of = rep["state"], rep["reported"], rep["tasks"]
            else:
                state = "已报送" if when else "未报送"
                done, of = (1, 1) if when else (0, 1)
            returned = state in ("已报送", "迟报")
            # Complete: late by the day it came in; incomplete: late by today, once past due.
            late_days = ((dt.date.fromisoformat(when[:10]) - due).days if returned and when
                         else (day - due).days)
            out.append({
                "unit": u["name"], "unit_id": u["id"], "tasks": u["led"] + u["assisting"],
                "lead": u["led"], "assist": u["assisting"], "returned": returned,
                "state": state, "reported_tasks": done, "open_lead_tasks": of,
                "returned_on": when, "file": r["file_name"] if r else None,
                "rows": p["rows"] if p else 0, "due_date": due.isoformat(),
                "late": late_days > 0, "days_late": max(0, late_days),
            })
        return out


def _when(stamp: str | None) -> str:
    return (stamp or "").replace("T", " ")


def _valid_period(period) -> bool:
    try:
        check_period(period)
        return True
    except InputError:
        return False
