"""A task's life after import: 延期 (an approved new deadline) and 销号 (closed with evidence).

An extension moves the deadline the rules use to the approved date; the original
deadline stays in the extension history (the first row's ``old_deadline``) and the
ledger shows both. An extension asked for after the deadline has passed is allowed
only when the caller says so (``late=True``) and is marked as such. Closing a task
records evidence, date and approver; reopening is possible and recorded too.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

from ..errors import InputError
from ..store import ledger
from ..store import plan_life
from .context import Context, iso, parse_day, Service
from .labels import task_label
from .ledger import LedgerService
from .plans import PlanService


class TaskLifeService(Service):
    """Extensions, closing (销号) and reopening, each with its history."""

    def __init__(self, ctx: Context, ledger_service: LedgerService, plans: PlanService):
        self.ctx = ctx
        self.ledger = ledger_service
        self.plans = plans


    def _task(self, ref) -> dict:
        task = self.ledger.task(ref)
        self.plans.check_writable(task["plan_id"])
        return task

    # ------------------------------------------------------------ 延期

    def extend(self, task_ref, *, to: date | str, reason: str, approved_by: str | None = None,
               approved_on: date | str | None = None, requested_on: date | str | None = None,
               late: bool = False) -> dict:
        """Approve a new deadline for a task (audited; history kept).

        :param to: the approved new deadline, after the current one
        :param reason: why (required)
        :param requested_on: when it was asked for (default today); after the current
            deadline only with ``late=True``
        :returns: the extension row, with ``task`` (the task after)
        """
        task = self._task(task_ref)
        where = task_label(task)
        new = parse_day(to, "延期至", default_today=False)
        if new is None:
            raise InputError(f"{where}：请给出延期后的完成时限。", field="延期至")
        reason = (reason or "").strip()
        if not reason:
            raise InputError(f"{where}：请写明延期理由。", field="延期理由")
        asked = parse_day(requested_on, "申请日期")
        old = date.fromisoformat(task["deadline"]) if task["deadline"] else None
        if old is None:
            raise InputError(f"{where}没有明确的完成时限（{task['deadline_text'] or '长期'}），无需延期。",
                             field="延期至")
        if new <= old:
            raise InputError(f"{where}：延期后的时限 {new.isoformat()} 应晚于现时限 {old.isoformat()}。",
                             field="延期至")
        after = asked > old
        if after and not late:
            raise InputError(f"{where}的完成时限 {old.isoformat()} 已过（申请日期 {asked.isoformat()}）。"
                             "逾期后延期须标明为逾期延期（命令行加 --late）。", field="申请日期")
        approved = parse_day(approved_on, "批准日期", default_today=False)
        with self.db.atomic():
            eid = plan_life.insert_extension(self.db, {
                "task_id": task["id"], "old_deadline": task["deadline"],
                "old_deadline_text": task["deadline_text"], "new_deadline": new.isoformat(),
                "reason": reason, "approved_by": (approved_by or "").strip() or None,
                "approved_on": iso(approved), "requested_on": asked.isoformat(),
                "after_deadline": int(after)})
            ledger.update_task(self.db, task["id"], {"deadline": new.isoformat()})
        row = next(e for e in plan_life.extensions(self.db, task["id"]) if e["id"] == eid)
        row["task"] = ledger.get_task(self.db, task["id"])
        return row

    def extensions(self, task_ref=None) -> list[dict]:
        """Extension history of a task (or of every task), oldest first."""
        tid = self.ledger.task(task_ref)["id"] if task_ref is not None else None
        return plan_life.extensions(self.db, tid)

    def extended_task_ids(self) -> set[int]:
        return plan_life.extended_task_ids(self.db)

    # ------------------------------------------------------------ 销号

    def close(self, task_ref, *, evidence: str, file: str | Path | None = None,
              on: date | str | None = None, approved_by: str | None = None) -> dict:
        """Close a task as done (销号) with evidence; the file, if any, is kept with the sources."""
        task = self._task(task_ref)
        where = task_label(task)
        if task["closed_on"]:
            raise InputError(f"{where}已于 {task['closed_on']} 销号。", field="销号")
        evidence = (evidence or "").strip()
        if not evidence:
            raise InputError(f"{where}：销号须写明完成依据。", field="销号依据")
        day = parse_day(on, "销号日期")
        file_id = None
        with self.db.atomic():
            if file:
                path = Path(file)
                try:
                    data = path.read_bytes()
                except OSError as e:
                    raise InputError(f"无法读取佐证材料：{e}", file=path.name) from None
                file_id = self.ctx.keep_file(path.name, hashlib.sha256(data).hexdigest(), "evidence",
                                             data=data)
            plan_life.insert_closure(self.db, {
                "task_id": task["id"], "action": "close", "on_date": day.isoformat(),
                "evidence": evidence, "source_file_id": file_id,
                "approved_by": (approved_by or "").strip() or None})
            ledger.update_task(self.db, task["id"], {"closed_on": day.isoformat()})
        return ledger.get_task(self.db, task["id"])

    def reopen(self, task_ref, *, reason: str, on: date | str | None = None) -> dict:
        """Reopen a closed task (the closure stays in the history, with the reason)."""
        task = self._task(task_ref)
        where = task_label(task)
        if not task["closed_on"]:
            raise InputError(f"{where}未销号，无需恢复。", field="销号")
        reason = (reason or "").strip()
        if not reason:
            raise InputError(f"{where}：请写明恢复（取消销号）的理由。", field="理由")
        day = parse_day(on, "日期")
        with self.db.atomic():
            plan_life.insert_closure(self.db, {
                "task_id": task["id"], "action": "reopen", "on_date": day.isoformat(),
                "evidence": reason})
            ledger.update_task(self.db, task["id"], {"closed_on": None})
        return ledger.get_task(self.db, task["id"])

    def closures(self, task_ref) -> list[dict]:
        return plan_life.closures(self.db, self.ledger.task(task_ref)["id"])
