"""The ledger proper: plans, tasks and units as the user sees them, and editing one task.

The task editor of the window saves through :meth:`LedgerService.update_task` and
:meth:`LedgerService.add_task`, so editing is a headless, tested action like every
other (the window holds no SQL and no rule).
"""

from __future__ import annotations

from datetime import date

from ..errors import NOTHING_CHANGED, ConflictError, DuplicateError, InputError, NotFoundError
from ..rules import parse_deadline
from ..store import db as store
from ..store import ledger
from ..store import plan_life
from ..store import returns_state
from ..units import split_unit_list
from .context import Context, parse_day, Service
from .labels import task_label

def split_unit_names(text: str | list[str] | None, directory=None) -> list[str]:
    """A unit list as the user typed it, read by the one splitter the importer uses
    (:func:`govtrack.units.split_unit_list`): ``市发改委、财政局`` → 市发改委, 市财政局.
    A list of names is taken as it is (blank parts and repeats dropped, order kept)."""
    if text is None:
        return []
    if isinstance(text, (list, tuple)):
        return list(dict.fromkeys(p.strip() for p in text if p and p.strip()))
    return split_unit_list(str(text), directory)[0]


# The editable fields of a task as the window names them.
TASK_FIELDS = {"content": "工作任务", "deadline_text": "完成时限", "deadline": "完成时限",
               "lead": "牵头单位", "assist": "协办单位", "lead_official": "牵头领导", "note": "备注",
               "target": "目标"}


class LedgerService(Service):
    """Plans, tasks and units: reading them, and editing one task by hand."""

    def __init__(self, ctx: Context):
        self.ctx = ctx


    # ------------------------------------------------------------ units

    def unit_directory(self):
        return self.ctx.unit_directory()

    def units(self) -> list[dict]:
        return ledger.list_units(self.db)

    # ------------------------------------------------------------ tasks

    def tasks(self, *, unit: str | None = None, search: str | None = None,
              plan_id: int | None = None, plan_ids: list[int] | None = None) -> list[dict]:
        """Tasks with lead/assist unit names; ``unit`` accepts any known spelling.

        :param plan_ids: only these plans (see :meth:`scope`); None: every plan
        """
        if unit:
            unit = self.ctx.resolve_unit(unit)[1]
        return ledger.query_tasks(self.db, unit=unit, search=search, plan_id=plan_id,
                                  plan_ids=plan_ids)

    def scope(self, today: date | str | None = None, *, plan: int | str | None = None,
              year: int | None = None) -> list[int]:
        """The plan ids a view covers: one plan chosen by id (archived or not), the active
        plans of ``year``, or by default the active plans of ``today``'s year — or of the
        latest earlier year that has active plans (last year's database opened in January).
        """
        if plan is not None:
            try:
                pid = int(str(plan).lstrip("#"))
            except ValueError:
                raise InputError(f"计划编号「{plan}」应为数字（见 govtrack plans）。", field="计划") from None
            if ledger.get_plan(self.db, pid) is None:
                raise NotFoundError(f"没有编号为 {plan} 的计划。可用 govtrack plans 查看。")
            return [pid]
        if year is not None:
            return plan_life.plan_ids(self.db, year=int(year))
        day = parse_day(today)
        y = plan_life.latest_active_year(self.db, day.year)
        return plan_life.plan_ids(self.db, year=y) if y is not None else []

    def task(self, ref: str | int) -> dict:
        hit = ledger.find_task(self.db, str(ref))
        if hit is None:
            raise NotFoundError(f"没有找到任务「{ref}」（可用任务编号 #id 或序号）。")
        return hit

    def plans(self) -> list[dict]:
        return ledger.list_plans(self.db)

    def audit(self, table: str | None = None, row_id: int | None = None) -> list[dict]:
        return store.audit_entries(self.db, table, row_id)

    # ------------------------------------------------------------ editing

    def update_task(self, task_id: int, *, content: str | None = None,
                    deadline_text: str | None = None, lead: str | list[str] | None = None,
                    assist: str | list[str] | None = None, lead_official: str | None = None,
                    note: str | None = None, target: str | None = None,
                    since: dict | None = None) -> dict:
        """Change one task; every change is audited and written in one transaction.

        Arguments left as ``None`` are not changed. Nothing is written when any value is bad.

        :param task_id: the task's database id
        :param content: the task text (工作任务); must not be blank
        :param deadline_text: the deadline phrase as written (``6月底前``, ``长期坚持``,
            ``2023年9月30日``); read against the plan year; an unreadable phrase is refused
        :param lead: 牵头单位, a list or a ``、``-separated string of known unit names or aliases
        :param assist: 协办单位, likewise (may be empty)
        :param lead_official: 牵头领导 (blank clears it)
        :param note: 备注 (blank clears it)
        :param target: 目标 (blank clears it)
        :param since: the task as the editor loaded it (:meth:`task`); when someone else
            (another window, a colleague on the shared file) has since changed a field this
            save would write, nothing is written and :class:`ConflictError` names the fields
            (the editor asks, then saves again without ``since`` to overwrite)
        :returns: ``{"task": <the task after>, "changed": [field names]}``
        """
        task = ledger.get_task(self.db, int(task_id))
        if task is None:
            raise NotFoundError(f"没有找到任务 #{task_id}。")
        where = task_label(task)
        values: dict = {}
        if content is not None:
            content = content.strip()
            if not content:
                raise InputError(f"{where}的工作任务内容不能为空。", field="工作任务")
            values["content"] = content
        if deadline_text is not None:
            phrase = deadline_text.strip()
            parsed = parse_deadline(phrase, task["plan_year"])
            if parsed.kind == "unknown":
                raise InputError(f"{where}的完成时限「{phrase}」无法识别（{parsed.reason}）。"
                                 "请写成「6月底前」「三季度末」「2023年9月30日」或「长期坚持」。",
                                 field="完成时限")
            values["deadline_text"] = phrase or None
            values["deadline"] = parsed.date.isoformat() if parsed.date else None
        for name, value in (("lead_official", lead_official), ("note", note), ("target", target)):
            if value is not None:
                values[name] = value.strip() or None

        directory = self.ctx.unit_directory()
        new_lead = task["lead"] if lead is None else self._resolve_units(
            split_unit_names(lead, directory), where, "牵头单位")
        new_assist = task["assist"] if assist is None else self._resolve_units(
            split_unit_names(assist, directory), where, "协办单位")
        if lead is not None and not new_lead:
            raise InputError(f"{where}至少要有一个牵头单位。", field="牵头单位")
        new_assist = [u for u in new_assist if u not in new_lead]

        changed: list[str] = []
        with self.db.atomic():
            if since is not None:
                task = self._check_unchanged(task["id"], since, values,
                                             lead=None if lead is None else new_lead,
                                             assist=None if assist is None else new_assist)
            before = {k: task.get(k) for k in values}
            if values and ledger.update_task(self.db, task["id"], values):
                changed += [k for k, v in values.items() if before.get(k) != v]
            if lead is not None or assist is not None:
                lead_ids = [ledger.unit_id(self.db, u) for u in new_lead]
                assist_ids = [ledger.unit_id(self.db, u) for u in new_assist]
                if ledger.set_task_units(self.db, task["id"], lead_ids, assist_ids):
                    changed.append("units")
        return {"task": ledger.get_task(self.db, task["id"]), "changed": changed}

    def _check_unchanged(self, task_id: int, since: dict, values: dict, *, lead, assist) -> dict:
        """The task now, after checking (inside the save's transaction) that nobody changed
        since ``since`` a field this save would write to something else."""
        now = ledger.get_task(self.db, task_id)
        if now is None:
            raise ConflictError(f"{task_label(since)}在您打开后已被他人删除。{NOTHING_CHANGED}",
                                fields=["(已删除)"])
        writes = dict(values)
        if lead is not None:
            writes["lead"] = lead
        if assist is not None:
            writes["assist"] = assist
        fields = [k for k, v in writes.items() if now.get(k) != since.get(k) and now.get(k) != v]
        if fields:
            shown = "、".join(dict.fromkeys(TASK_FIELDS.get(k, k) for k in fields))
            raise ConflictError(f"{task_label(now)}在您打开后已被他人修改（{shown}）。"
                                f"{NOTHING_CHANGED}", fields=fields)
        return now

    def add_task(self, plan_id: int, *, seq: str, content: str, lead: str | list[str],
                 assist: str | list[str] | None = None, deadline_text: str = "",
                 section: str = "", lead_official: str | None = None,
                 note: str | None = None) -> dict:
        """Add one task to a plan by hand (the window's 新建任务); audited, one transaction.

        :param plan_id: the plan (任务来源) it belongs to
        :param seq: its number as shown in the ledger (序号); must be new within the plan
        :param content: the task text; must not be blank
        :param lead: 牵头单位 (known names or aliases; at least one)
        :param assist: 协办单位 (may be empty)
        :param deadline_text: the deadline phrase, read against the plan year
        :param section: the heading path (``一、… / （一）…``)
        :returns: the new task
        """
        plan = ledger.get_plan(self.db, int(plan_id))
        if plan is None:
            raise NotFoundError(f"没有找到计划 #{plan_id}。")
        seq = str(seq).strip()
        where = f"新任务 {seq or '（无序号）'}"
        if not seq:
            raise InputError("新任务需要序号。", field="序号")
        if any(t["seq"] == seq and t["section"] == section
               for t in ledger.tasks_of_plan(self.db, plan["id"])):
            raise DuplicateError(f"计划「{plan['title']}」中已有序号为 {seq} 的任务。")
        if not content or not content.strip():
            raise InputError(f"{where}的工作任务内容不能为空。", field="工作任务")
        parsed = parse_deadline(deadline_text.strip(), plan["year"])
        if parsed.kind == "unknown":
            raise InputError(f"{where}的完成时限「{deadline_text}」无法识别（{parsed.reason}）。",
                             field="完成时限")
        directory = self.ctx.unit_directory()
        lead_names = self._resolve_units(split_unit_names(lead, directory), where, "牵头单位")
        if not lead_names:
            raise InputError(f"{where}至少要有一个牵头单位。", field="牵头单位")
        assist_names = [u for u in self._resolve_units(split_unit_names(assist, directory), where, "协办单位")
                        if u not in lead_names]
        with self.db.atomic():
            ords = [t["ord"] for t in ledger.tasks_of_plan(self.db, plan["id"])]
            tid = ledger.insert_task(self.db, plan["id"], {
                "seq": seq, "ord": 1 + max([0] + ords), "section": section,
                "content": content.strip(), "deadline_text": deadline_text.strip() or None,
                "deadline": parsed.date.isoformat() if parsed.date else None,
                "lead_official": (lead_official or "").strip() or None,
                "note": (note or "").strip() or None})
            ledger.set_task_units(self.db, tid, [ledger.unit_id(self.db, u) for u in lead_names],
                                  [ledger.unit_id(self.db, u) for u in assist_names])
        return ledger.get_task(self.db, tid)

    def read_unit_list(self, text: str) -> list[str]:
        """A written unit list as the importer reads it (``市发改委、财政局`` → 市发改委, 市财政局):
        for corrections typed into the import preview. Unknown names are kept as written
        (the import adds them as new units, as it does for the file's own).
        """
        return split_unit_names(text or "", self.ctx.unit_directory())

    def read_deadline(self, phrase: str | None, plan_year: int) -> dict:
        """How a 完成时限 phrase reads against a plan year (the editor's live hint; no write).

        :returns: ``{"kind": 'date' | 'none' | 'default' | 'unknown', "date": date or None,
            "reason": the rules' Chinese note}``; 'unknown' is what ``update_task`` refuses
        """
        d = parse_deadline((phrase or "").strip(), int(plan_year))
        return {"kind": d.kind, "date": d.date, "reason": d.reason}

    def unit_progress(self, unit: str, period: str) -> dict[int, dict]:
        """Task id → the progress row ``unit`` reported for ``period`` (the grid's prefill).

        :param unit: any known spelling of the unit
        :param period: ``YYYY-MM``
        """
        name = self._resolve_units([unit], "录入进展", "单位")[0]
        return returns_state.entries_in_period(self.db, ledger.unit_id(self.db, name), period)

    def _resolve_units(self, names: list[str], where: str, field: str) -> list[str]:
        """Canonical names of units the database knows; unknown names are refused."""
        directory = self.ctx.unit_directory()
        out: list[str] = []
        for name in names:
            canonical = directory.resolve(name) or name
            if ledger.unit_id(self.db, canonical) is None:
                hint = f"（是否指「{canonical}」？该单位尚未在本库中建立）" if canonical != name else ""
                raise InputError(f"{where}：单位「{name}」不在本库的单位名录中{hint}。"
                                 "请从下拉提示中选择已有单位。", field=field)
            if canonical not in out:
                out.append(canonical)
        return out
