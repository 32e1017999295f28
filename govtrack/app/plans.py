"""Plans and years: which plans a view covers, managing plans, and the year-end carry-over.

Every view, form, reminder and report is scoped to plans: by default the active (not
archived) plans of the year looked at (:meth:`PlanService.scope`). An archived plan is
read-only history: no reminders, not in forms or reports unless chosen by id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .. import store
from ..errors import InputError, NotFoundError
from ..rules import Status, parse_deadline
from ..store import ledger
from ..store import plan_life
from .context import Context, parse_day, Service
from .ledger import LedgerService
from .status import StatusService


@dataclass
class CarryOver:
    """What a carry-over would write: the unfinished tasks of a plan into a new plan."""
    plan: dict
    year: int
    title: str
    tasks: list[dict] = field(default_factory=list)     # evaluated source tasks, in plan order
    plan_id: int | None = None                          # the new plan, once applied

    def to_dict(self) -> dict:
        return {"from_plan": self.plan["id"], "year": self.year, "title": self.title,
                "plan_id": self.plan_id,
                "tasks": [{"origin_task_id": t["id"], "seq": t["seq"], "status": t["status"],
                           "percent": t["percent"], "content": t["content"]} for t in self.tasks]}


class PlanService(Service):
    """Listing, renaming, archiving, deleting and carrying over plans."""

    def __init__(self, ctx: Context, ledger_service: LedgerService, status: StatusService):
        self.ctx = ctx
        self.ledger = ledger_service
        self.status = status


    # ------------------------------------------------------------ reading

    def plans(self) -> list[dict]:
        """Every plan: id, title, kind, year, doc_no, tasks, open_tasks, archived_at, origin."""
        out = plan_life.plans_with_state(self.db)
        for p in out:
            p["archived"] = p["archived_at"] is not None
        return out


    def plan(self, plan_id: int | str) -> dict:
        try:
            pid = int(str(plan_id).lstrip("#"))
        except ValueError:
            raise InputError(f"计划编号「{plan_id}」应为数字（见 govtrack plans）。", field="计划") from None
        p = ledger.get_plan(self.db, pid)
        if p is None:
            raise NotFoundError(f"没有编号为 {plan_id} 的计划。可用 govtrack plans 查看。")
        return p

    # ------------------------------------------------------------ managing

    def rename(self, plan_id, title: str) -> dict:
        p = self.plan(plan_id)
        title = (title or "").strip()
        if not title:
            raise InputError("计划名称不能为空。", field="计划名称")
        with self.db.atomic():
            store.update(self.db, "plans", p["id"], {"title": title})
        return self.plan(p["id"])

    def set_fields(self, plan_id, *, year: int | None = None, doc_no: str | None = None) -> dict:
        """Change a plan's year or 文号 (audited). Deadlines are re-read against a new year."""
        p = self.plan(plan_id)
        values: dict = {}
        if doc_no is not None:
            values["doc_no"] = doc_no.strip() or None
        with self.db.atomic():
            if year is not None and int(year) != p["year"]:
                y = int(year)
                if not 1990 <= y <= 2100:
                    raise InputError(f"年度「{year}」不对。", field="年度")
                values["year"] = y
                for t in ledger.tasks_of_plan(self.db, p["id"]):
                    d = parse_deadline(t["deadline_text"] or "", y)
                    ledger.update_task(self.db, t["id"], {
                        "deadline": d.date.isoformat() if d.date else None})
            if values:
                store.update(self.db, "plans", p["id"], values)
        return self.plan(p["id"])

    def archive(self, plan_id, *, archived: bool = True) -> dict:
        """Archive a plan (read-only history: no reminders, not in forms or reports) or restore it."""
        p = self.plan(plan_id)
        with self.db.atomic():
            store.update(self.db, "plans", p["id"],
                         {"archived_at": store.now_iso() if archived else None})
        return self.plan(p["id"])

    def check_writable(self, plan_id: int) -> None:
        """Refuse a change to an archived plan's tasks, with the plan named."""
        p = self.plan(plan_id)
        if p.get("archived_at"):
            raise InputError(f"计划「{p['title']}」已归档（只读）。如需修改，请先取消归档。", field="计划")

    def delete(self, plan_id) -> dict:
        """Delete a plan and its tasks (a backup of the database is taken first)."""
        p = self.plan(plan_id)
        backup = store.backup.before_change(self.ctx.path, "delete")
        with self.db.atomic():
            n = plan_life.delete_plan(self.db, p["id"])
        return {"plan": p, "tasks_deleted": n, "backup": str(backup) if backup else None}

    # ------------------------------------------------------------ year end

    def carry_over(self, plan_id, year: int, *, today: date | str | None = None,
                   dry_run: bool = False, title: str | None = None) -> CarryOver:
        """The unfinished tasks of a plan become a new plan for ``year``, each linked to its origin.

        Unfinished = not 已完成 and not 销号 on ``today`` (default: the plan year's 31 December).
        Deadline phrases are read again against the new year; the origin's reports stay with
        the origin task and show as history of the new one. One transaction; a backup first.
        """
        p = self.plan(plan_id)
        year = int(year)
        if year <= p["year"]:
            raise InputError(f"结转年度 {year} 应晚于原计划年度 {p['year']}。", field="年度")
        day = parse_day(today) if today else date(p["year"], 12, 31)
        states = self.status.evaluate_tasks(ledger.query_tasks(self.db, plan_id=p["id"]), day)
        todo = [t for t in states if t["status"] != Status.DONE.value and not t.get("closed_on")]
        result = CarryOver(p, year, title or f"{year}年结转任务（自{p['title']}）", todo)
        if dry_run:
            return result
        if not todo:
            raise InputError(f"计划「{p['title']}」没有未完成的任务，无需结转。")
        store.backup.before_change(self.ctx.path, "carry-over")
        with self.db.atomic():
            new_id = store.insert(self.db, "plans", {
                "title": result.title, "kind": p["kind"], "year": year, "doc_no": None,
                "origin_plan_id": p["id"], "created_at": store.now_iso()})
            for k, t in enumerate(todo, 1):
                d = parse_deadline(t["deadline_text"] or "", year)
                tid = ledger.insert_task(self.db, new_id, {
                    "seq": t["seq"], "ord": k, "section": t["section"], "content": t["content"],
                    "target": t["target"], "deadline_text": t["deadline_text"],
                    "deadline": d.date.isoformat() if d.date else None,
                    "lead_official": t["lead_official"], "note": t.get("note")})
                store.update(self.db, "tasks", tid, {"origin_task_id": t["id"]})
                ledger.set_task_units(self.db, tid,
                                      [ledger.unit_id(self.db, u) for u in t["lead"]],
                                      [ledger.unit_id(self.db, u) for u in t["assist"]])
        result.plan_id = new_id
        return result
