"""Reminders: reporting due days, 催报, task and 节点 deadlines; acknowledged or snoozed.
"""

from __future__ import annotations

import functools
from datetime import date

from ..errors import InputError, NotFoundError
from ..rules import Ack, Reminder, ReminderList, Status, TaskDue, due_reminders
from ..store import rules_state
from .context import Context, parse_day, Service
from .labels import task_label
from .ledger import LedgerService
from .status import StatusService, milestone_of


class ReminderService(Service):
    """What is due on a day, minus what the user acknowledged or snoozed."""

    def __init__(self, ctx: Context, ledger_service: LedgerService, status: StatusService):
        self.ctx = ctx
        self.ledger = ledger_service
        self.status = status


    def reminders(self, today: date | str | None = None, *, include_acknowledged: bool = False
                  ) -> ReminderList:
        """What to remind the office of on ``today``, minus what was acknowledged or snoozed.

        Reporting due days follow the stored rule (default monthly on the 25th, moved to
        the previous working day); task deadlines and 节点 at the stored lead times
        (default 15, 7, 1 days) and every day once overdue; 催报 for each lead unit that
        has not reported, for the current round, on every open task it leads.
        Only the plans of the default scope are chased (:meth:`LedgerService.scope`): the
        active plans of ``today``'s year, or of the latest earlier year while no later plan
        is active. So reminders end when the office archives a year or imports the next.

        :param today: the day to compute for (default today)
        :param include_acknowledged: also list what the user acknowledged or snoozed
        :returns: :class:`~govtrack.rules.Reminder` items sorted by date; ``.warning``
            says when holiday data was missing for the year
        """
        day = parse_day(today, "日期")
        s = self.status.rule_settings()
        plan_ids = self.ledger.scope(day)
        if not plan_ids:
            return ReminderList()
        states = self.status.ledger_states(day, plan_ids=plan_ids)
        day_iso, done = day.isoformat(), Status.DONE.value
        to_date = functools.lru_cache(maxsize=None)(date.fromisoformat)  # a few distinct deadlines
        ms_rows = rules_state.milestones_by_task(self.db)
        tasks, open_tasks = [], []
        for t in states:
            closed = bool(t.get("closed_on")) and t["closed_on"] <= day_iso
            if not closed and t["status"] != done:
                open_tasks.append(t)
            ms = ms_rows.get(t["id"])
            tasks.append(TaskDue(
                t["id"], t["seq"], t["content"], tuple(t["lead"]),
                to_date(t["deadline_used"]) if t["deadline_used"] else None, t["percent"], closed,
                tuple(milestone_of(m) for m in ms) if ms else (), t["plan_title"]))
        units_reported = self.status.units_reported(day, states=open_tasks)
        acks = {} if include_acknowledged else {
            k: Ack(a["state"], date.fromisoformat(a["until"]) if a["until"] else None, a["fingerprint"])
            for k, a in rules_state.reminder_acks(self.db).items()}
        return due_reminders(day, tasks=tasks, units_reported=units_reported, rule=s.report_rule,
                             lead_days=s.task_lead_days, acks=acks,
                             report_lead_days=s.report_lead_days, move_to_workday=s.move_to_workday,
                             label=reminder_label if len(plan_ids) > 1 else None)

    def _find_reminder(self, key: str, today: date | str | None) -> Reminder:
        for r in self.reminders(today, include_acknowledged=True):
            if r.key == key:
                return r
        raise NotFoundError(f"{parse_day(today).isoformat()} 没有键为「{key}」的提醒。"
                            f"可用 govtrack remind --json 查看当前提醒及其键。")

    def acknowledge_reminder(self, key: str, fingerprint: str | None = None, *,
                             today: date | str | None = None) -> dict:
        """Mark a reminder seen: it stays away until what it says changes (its fingerprint).

        :param key: the reminder's key (e.g. ``report:2023-10:unit:市财政局``)
        :param fingerprint: its fingerprint; default: that of the reminder due on ``today``
        :param today: the day whose reminders are meant when no fingerprint is given
        """
        if fingerprint is None:
            fingerprint = self._find_reminder(key, today).fingerprint
        with self.db.atomic():
            rules_state.save_ack(self.db, key, "ack", None, fingerprint)
        return rules_state.reminder_acks(self.db)[key]

    def snooze_reminder(self, key: str, until: date | str, fingerprint: str | None = None, *,
                        today: date | str | None = None) -> dict:
        """Hide a reminder up to and including ``until`` (it comes back sooner if it changes).

        :param key: the reminder's key
        :param until: the last day it stays hidden
        :param fingerprint: its fingerprint; default: that of the reminder due on ``today``
        :param today: the day whose reminders are meant when no fingerprint is given
        """
        end = parse_day(until, "暂缓至", default_today=False)
        if end is None:
            raise InputError("请给出暂缓到哪一天。", field="暂缓至")
        if fingerprint is None:
            fingerprint = self._find_reminder(key, today).fingerprint
        with self.db.atomic():
            rules_state.save_ack(self.db, key, "snooze", end.isoformat(), fingerprint)
        return rules_state.reminder_acks(self.db)[key]

    def reminder_acks(self) -> list[dict]:
        """Stored acknowledgements and snoozes."""
        return list(rules_state.reminder_acks(self.db).values())


    def overview(self, today: date | str | None = None) -> dict:
        """What the window's 总览 shows on ``today`` (one evaluation of the ledger, shared).

        :returns: ``summary`` (:meth:`StatusService.status_summary`), ``reminders``,
            ``units_reported`` (lead unit → reported, as :meth:`StatusService.units_reported`)
            and ``units_not_reported``: the ``summary["per_unit"]`` entries of the lead units
            that have not reported for the current round (the 催报 test) — and of each group
            that lists members and is not 已报送/迟报, with ``members`` and ``members_missing``
            (its members that have not reported all its tasks: they are the ones chased)
        """
        day = parse_day(today, "日期")
        summary = self.status.status_summary(day)
        reminders = self.reminders(day)
        rep = self.status.unit_reporting(day)
        done = ("已报送", "迟报")
        reported = {u["unit"]: u["state"] in done for u in rep["units"] if not u.get("group")}
        groups = {u["unit"]: u for u in rep["units"] if u.get("group") and u["state"] not in done}
        missing = []
        for u in summary["per_unit"]:
            g = groups.get(u["unit"])
            if g is not None:
                missing.append({**u, "reporting": g["state"], "members": g["members"],
                                "members_missing": g["members_missing"]})
            elif not reported.get(u["unit"], True):
                missing.append(u)
        return {"summary": summary, "reminders": reminders, "units_reported": reported,
                "units_not_reported": missing}


    # ------------------------------------------------------------ 催报

    def chase_list(self, today: date | str | None = None, *, period: str | None = None) -> dict:
        """Who to chase (催报) for the current round: the lead units that have not reported all
        their tasks (未报送 / 部分报送, by :meth:`StatusService.unit_reporting`), in the office's
        unit order, each with its contact and phone.

        A group that lists its members (各区镇街道) is not chased itself: its members are, each
        for the group's tasks (``groups`` names the groups a unit answers for).

        :returns: ``period``, ``due_date``, ``today``, ``office`` (the 催报's sender and
            contact from the settings) and ``units``: [{unit, state, reported, tasks,
            contact, phone, groups}]
        """
        day = parse_day(today, "日期")
        rep = self.status.unit_reporting(day, period=period)
        from .settings import catalogue
        from .units import UnitService
        units_service = UnitService(self.ctx)
        directory = {u["name"]: u for u in units_service.list()}
        led_groups = {e["unit"]: e["members"] for e in rep["units"] if e.get("group")}
        todo = {e["unit"]: e for e in rep["units"]
                if e["state"] in ("未报送", "部分报送") and not e.get("group")}
        todo = [todo[n] for n in units_service.ordered(list(todo))]
        stored = rules_state.settings_values(self.db)
        defaults = {spec.key: spec.default for spec in catalogue()}
        office = {k: stored.get(k, defaults[k]) for k in ("office.name", "office.short", "report.contact",
                                                           "report.phone")}
        units = [{"unit": e["unit"], "state": e["state"], "reported": e["reported"], "tasks": e["tasks"],
                  "contact": (directory.get(e["unit"]) or {}).get("contact") or "",
                  "phone": (directory.get(e["unit"]) or {}).get("phone") or "",
                  "groups": [g for g, members in led_groups.items() if e["unit"] in members]}
                 for e in todo]
        return {"period": rep["period"], "due_date": rep["due_date"], "today": day.isoformat(),
                "office": office, "units": units}

    def chase_message(self, today: date | str | None = None, *, period: str | None = None) -> str:
        """The 催报 as a message text for the office's chat group (微信群/政务群)."""
        return chase_message_text(self.chase_list(today, period=period))


def reminder_label(t: TaskDue) -> str:
    """With several plans in scope, a reminder names its task as every message does
    (:func:`~govtrack.app.labels.task_label`); with one, the list is that plan's and the
    rules' 「第12项」 reads better in a list of dozens (docs/rules.md, "Messages")."""
    return task_label({"seq": t.seq, "plan_title": t.plan, "content": t.content})


def chase_message_text(chase: dict) -> str:
    """「【催报】…」: the round, the due day, one line per unit (@contact, what is missing)."""
    period = chase["period"]
    if not period:
        return "当前没有报送轮次，无需催报。"
    y, m = period.split("-")[:2]
    day = date.fromisoformat(chase["today"])
    head = f"{int(y)}年{int(m)}月"
    if not chase["units"]:
        return f"【报送情况】{head}政府工作报告重点任务进展，截至{day.month}月{day.day}日各牵头单位均已报送。"
    due = date.fromisoformat(chase["due_date"]) if chase["due_date"] else None
    lines = [f"【催报】{head}政府工作报告重点任务进展"
             + (f"应于{due.month}月{due.day}日前报送" if due else "")
             + f"，截至{day.month}月{day.day}日，以下 {len(chase['units'])} 个单位尚未报齐，请抓紧报送："]
    for k, u in enumerate(chase["units"], 1):
        what = (f"牵头 {u['tasks']} 项均未报送" if u["state"] == "未报送"
                else f"牵头 {u['tasks']} 项已报 {u['reported']} 项")
        who = "".join(x for x in (f" @{u['contact']}" if u["contact"] else "",
                                  f" {u['phone']}" if u["phone"] else ""))
        via = f"（{'、'.join(u['groups'])}）" if u.get("groups") else ""
        lines.append(f"{k}. {u['unit']}{via}：{what}{who}")
    office = chase["office"]
    contact = "，".join(x for x in (office.get("report.contact"), office.get("report.phone")) if x)
    if contact:
        lines.append(f"联系人：{contact}")
    sender = office.get("office.name") or office.get("office.short")
    if sender:
        lines.append(sender)
    return "\n".join(lines)
