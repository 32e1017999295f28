"""Progress records, 序时进度 status on a date, reminders and their acknowledgements (issue: rules).

Tracker methods for this area live in :class:`ProgressMixin`, mixed into
:class:`govtrack.tracker.Tracker`; they use ``self.db`` and the store modules.

Why this module exists next to govtrack/rules: the rules are pure functions of
(percent, 序时进度, deadline, today); this is where the database's rows become
their arguments — the latest lead-unit report, the plan's start, the 节点, the
stored settings, the stored acknowledgements — in a few bulk queries, so the
window, the reports and the CLI all see the same verdicts.

Which report counts (decisions, also in the README):

- a task's progress is its lead unit's latest report (by period) dated on or
  before the day looked at; with several lead units the first one's report wins
  within a period; assisting units' reports are kept and listed beside it;
- "reported" means the lead unit has a report for the *status period* or later:
  the latest reporting round whose due day (moved off holidays) is on or before
  the day looked at — so before the 25th the previous month's round is the one
  that must be in, and after it the current month's;
- a task with no deadline phrase takes the plan year's default end (a setting);
- before a plan's first due day (e.g. 10 Jan for a monthly rule) nothing has been
  reported yet, so open tasks show 未报送 (yellow), as the pure rules say.
"""

from __future__ import annotations

import functools
import math
import re
from datetime import date, datetime
from typing import Any

from .errors import InputError, NotFoundError
from .rules import (
    Ack, Milestone, Reminder, ReminderList, ReportingRound, RuleSettings, Status, TaskDue, TaskTiming,
    current_round, due_reminders, evaluate,
)
from .store import ledger
from .store import progress as progress_store
from .store import rules_state

PERIOD_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
STATUS_ORDER = [s.value for s in (Status.DONE, Status.AHEAD, Status.ON_TRACK, Status.BEHIND,
                                  Status.OVERDUE, Status.NOT_REPORTED)]
LIGHT_ORDER = ["green", "yellow", "red"]
LATEST_KEYS = ("period", "percent", "progress_text", "problems", "next_steps", "reported_on", "unit",
               "source")
SOURCES = ("typed", "imported", "demo")


def as_date(value: date | datetime | str | None, field: str = "日期", *, default_today: bool = True
            ) -> date | None:
    """A date from a date, a datetime or an ISO string ``YYYY-MM-DD``; Chinese message if not.

    :param default_today: None gives today (else None stays None)
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return date.today() if default_today else None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip().replace("/", "-").replace(".", "-")
    try:
        return date.fromisoformat(text if len(text) == 10 else "-".join(
            f"{int(x):02d}" if i else x for i, x in enumerate(text.split("-"))))
    except ValueError:
        raise InputError(f"「{value}」不是有效日期，应为 YYYY-MM-DD（例如 2023-10-25）。",
                         field=field) from None


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


class ProgressMixin:
    """Mixed into Tracker: progress, milestones, status on a date, reminders."""

    # ------------------------------------------------------------ settings

    def rule_settings(self) -> RuleSettings:
        """The office's rule settings: stored values (keys ``rules.*``), defaults otherwise.

        A stored value that no longer makes sense is ignored with the defaults kept,
        rather than stopping every status computation.
        """
        values = rules_state.rule_setting_values(self.db)
        try:
            return RuleSettings.from_dict(values)
        except (ValueError, TypeError):
            good: dict[str, Any] = {}
            for k, v in values.items():
                try:
                    RuleSettings.from_dict({**good, k: v})
                    good[k] = v
                except (ValueError, TypeError):
                    continue
            return RuleSettings.from_dict(good)

    def set_rule_setting(self, key: str, value: Any) -> RuleSettings:
        """Store one rule setting (audited) after checking it; returns the new settings.

        :param key: a :class:`~govtrack.rules.RuleSettings` field, with or without the
            ``rules.`` prefix: tolerance, red_gap, near_days, default_start, default_end,
            report_lead_days, task_lead_days, move_to_workday, report_rule
        :param value: the value (numbers, lists and strings as a settings file gives them)
        """
        from dataclasses import fields
        from .rules.reminders import parse_rule
        name = key[len(rules_state.RULES_PREFIX):] if key.startswith(rules_state.RULES_PREFIX) else key
        known = [f.name for f in fields(RuleSettings)]
        if name not in known:
            raise InputError(f"没有名为「{key}」的规则设置。可设置：{'、'.join(known)}。", field=key)
        full = rules_state.RULES_PREFIX + name
        current = rules_state.rule_setting_values(self.db)
        try:
            new = RuleSettings.from_dict({**current, full: value})
            if name == "report_rule":
                parse_rule(new.report_rule, date(2000, 1, 1))
        except (ValueError, TypeError) as e:
            raise InputError(f"规则设置「{name}」的值「{value}」不可用：{e}", field=key) from None
        with self.db.atomic():
            rules_state.save_setting(self.db, full, value)
        return new

    # ------------------------------------------------------------ progress

    def add_progress(self, task_ref: str | int, *, period: str, percent: Any, unit: str | None = None,
                     text: str = "", problems: str = "", next_steps: str = "",
                     reported_on: date | str | None = None, source: str = "typed",
                     source_file_id: int | None = None) -> dict:
        """Record (or replace) one unit's progress report for a period; audited.

        Everything is checked before anything is written; an error names the field
        in Chinese and leaves the database as it was.

        :param task_ref: task id (``12`` / ``#12``) or 序号
        :param period: reporting period ``YYYY-MM``, not before the plan year
        :param percent: a number from 0 to 100 ("45", "45%" and 45.5 are accepted)
        :param unit: the reporting unit (any known spelling); it must be on the task;
            default: the task's first lead unit
        :param text: 进展情况
        :param problems: 存在问题
        :param next_steps: 下步打算
        :param reported_on: the report's date (default today), not before the plan year
        :param source: 'typed', 'imported' or 'demo'
        :param source_file_id: the kept file the report came from, if imported
        :returns: the stored row with ``unit``, ``role`` and ``action``
            ('insert' / 'update' / 'same')
        """
        task = self.task(task_ref)
        year = task["plan_year"]
        pct = self._check_percent(percent)
        period = (period or "").strip()
        m = PERIOD_RE.match(period)
        if not m:
            raise InputError(f"报送期「{period}」格式不对，应为 YYYY-MM（例如 2023-10）。", field="期次")
        if int(m.group(1)) < year:
            raise InputError(f"报送期「{period}」早于任务所属计划年度 {year} 年。", field="期次")
        when = as_date(reported_on, "报送日期")
        if when.year < year:
            raise InputError(f"报送日期 {when.isoformat()} 早于任务所属计划年度 {year} 年。", field="报送日期")
        on_task = task["lead"] + [u for u in task["assist"] if u not in task["lead"]]
        if unit is None or not str(unit).strip():
            if not task["lead"]:
                raise InputError(f"任务第{task['seq']}项没有牵头单位，请指定报送单位。", field="单位")
            unit_name = task["lead"][0]
        else:
            unit_name = self.unit_directory().resolve(str(unit)) or str(unit).strip()
            if unit_name not in on_task:
                raise InputError(
                    f"「{unit}」不是任务第{task['seq']}项的责任单位（该任务：{'、'.join(on_task) or '无'}）。",
                    field="单位")
        if source not in SOURCES:
            raise InputError(f"来源「{source}」不对，应为 {'、'.join(SOURCES)} 之一。", field="来源")
        unit_id = ledger.unit_id(self.db, unit_name)
        if unit_id is None:  # on the task, so it exists; guard against a damaged file
            raise NotFoundError(f"数据库中没有单位「{unit_name}」。")
        with self.db.atomic():
            rid, action = progress_store.upsert_progress(self.db, task["id"], unit_id, period, {
                "percent": pct, "progress_text": text or "", "problems": problems or "",
                "next_steps": next_steps or "", "reported_on": when.isoformat(), "source": source,
                "source_file_id": source_file_id})
        row = progress_store.find_progress(self.db, task["id"], unit_id, period)
        row.update(unit=unit_name, role="lead" if unit_name in task["lead"] else "assist",
                   action=action, task_seq=task["seq"])
        return row

    @staticmethod
    def _check_percent(percent: Any) -> float:
        bad = InputError(f"完成进度「{percent}」不是 0 到 100 之间的数字。", field="完成进度")
        if isinstance(percent, bool) or percent is None:
            raise bad
        if isinstance(percent, str):
            text = percent.strip().rstrip("%％").strip()
            try:
                percent = float(text)
            except ValueError:
                raise bad from None
        try:
            value = float(percent)
        except (TypeError, ValueError):
            raise bad from None
        if math.isnan(value) or not 0 <= value <= 100:
            raise bad
        return value

    def progress_history(self, task_ref: str | int) -> list[dict]:
        """All reports of a task: newest period first, the lead unit's first within a
        period, assisting units' reports after it (``role`` says which).

        :param task_ref: task id or 序号
        """
        task = self.task(task_ref)
        return progress_store.progress_of_task(self.db, task["id"])

    # ------------------------------------------------------------ milestones

    def add_milestone(self, task_ref: str | int, title: str, due_date: date | str,
                      percent: Any = None) -> dict:
        """Add a 节点 to a task; when a task has 节点, its 序时进度 runs from node to node.

        :param task_ref: task id or 序号
        :param title: what must be done by then
        :param due_date: the node's date, not before the plan year
        :param percent: the share of the task expected done by then (0–100), or None
            to spread the nodes evenly
        """
        task = self.task(task_ref)
        title = (title or "").strip()
        if not title:
            raise InputError("节点名称不能为空。", field="节点名称")
        due = as_date(due_date, "节点时间", default_today=False)
        if due is None:
            raise InputError("节点时间不能为空。", field="节点时间")
        if due.year < task["plan_year"]:
            raise InputError(f"节点时间 {due.isoformat()} 早于任务所属计划年度 {task['plan_year']} 年。",
                             field="节点时间")
        pct = None if percent is None or percent == "" else self._check_percent(percent)
        with self.db.atomic():
            mid = rules_state.insert_milestone(self.db, task["id"], title, due.isoformat(), pct)
        return rules_state.get_milestone(self.db, mid)

    def milestones(self, task_ref: str | int) -> list[dict]:
        """A task's 节点 in date order.

        :param task_ref: task id or 序号
        """
        return rules_state.milestones_of_task(self.db, self.task(task_ref)["id"])

    def set_milestone_done(self, milestone_id: int, done_date: date | str | None) -> dict:
        """Mark a 节点 done on a day (None clears it); audited.

        :param milestone_id: the node's id
        :param done_date: the day it was done
        """
        m = rules_state.get_milestone(self.db, int(milestone_id))
        if m is None:
            raise NotFoundError(f"没有编号为 {milestone_id} 的节点。")
        done = as_date(done_date, "完成时间", default_today=False)
        with self.db.atomic():
            rules_state.update_milestone(self.db, m["id"], {"done_date": _iso(done)})
        return rules_state.get_milestone(self.db, m["id"])

    # ------------------------------------------------------------ status on a date

    def status_round(self, today: date | str | None = None) -> ReportingRound | None:
        """The reporting round whose reports must be in on ``today``: the latest one whose
        (moved) due day is on or before it."""
        s = self.rule_settings()
        return current_round(as_date(today), s.report_rule, report_lead_days=0,
                             move_to_workday=s.move_to_workday)

    def _timing_inputs(self, rows: list[dict], settings: RuleSettings) -> dict[int, tuple]:
        """task id → (start, deadline, milestones) for the rules."""
        need_plan = [r for r in rows if "plan_year" not in r]
        plans = {p["id"]: p for p in ledger.list_plans(self.db)} if need_plan else {}
        ms_rows = rules_state.milestones_by_task(self.db, [r["id"] for r in rows])
        parse = functools.lru_cache(maxsize=None)(date.fromisoformat)
        start_of = functools.lru_cache(maxsize=None)(settings.start_for)
        out = {}
        for r in rows:
            year = r.get("plan_year") or plans.get(r.get("plan_id"), {}).get("year") or date.today().year
            start_text = r.get("plan_start")
            start = parse(start_text) if start_text else start_of(year)
            deadline = parse(r["deadline"]) if r.get("deadline") else None
            if (deadline is not None and not (r.get("deadline_text") or "").strip()
                    and deadline == date(year, 12, 31)):
                deadline = settings.end_for(year)  # no phrase: the plan year's end, a setting
            milestones = tuple(
                Milestone(date.fromisoformat(m["due_date"]), m["percent"], m["title"], m["id"],
                          date.fromisoformat(m["done_date"]) if m["done_date"] else None)
                for m in ms_rows.get(r["id"], ()))
            out[r["id"]] = (start, deadline, milestones)
        return out

    def evaluate_tasks(self, rows: list[dict], today: date | str | None = None) -> list[dict]:
        """The task dicts (as from :meth:`tasks`) each extended with its verdict on ``today``.

        Added keys: ``status`` (已完成/超进度/达进度/欠进度/逾期/未报送), ``light``
        (green/yellow/red), ``notice_colour`` (blue/yellow/red/None), ``percent`` (the lead
        unit's latest percent reported on or before ``today``), ``expected`` (序时进度),
        ``latest`` (that report row: period, percent, progress_text, problems, next_steps,
        reported_on, unit, source, plus id/task_id/unit_id — or None), ``reported`` (the lead unit reported for the
        status period), ``deadline_used`` (the deadline the rules used) and ``days_left``.

        :param rows: task dicts; they are copied, not changed
        :param today: the day to look at (date or ISO string; default today)
        """
        day = as_date(today, "日期")
        day_iso = day.isoformat()
        settings = self.rule_settings()
        ids = [r["id"] for r in rows]
        # A unit's few hundred tasks fetch only their own reports; the whole ledger one pass.
        latest = progress_store.latest_lead_progress(
            self.db, day_iso, task_ids=ids if len(ids) <= 2000 else None)
        rnd = current_round(day, settings.report_rule, report_lead_days=0,
                            move_to_workday=settings.move_to_workday)
        period = rnd.period if rnd else None
        timing = self._timing_inputs(rows, settings)
        # Most tasks share a start and a deadline, and percents repeat: the rules are pure,
        # so one verdict per distinct input serves all tasks that share it.
        verdicts: dict[tuple, tuple] = {}
        out = []
        for r in rows:
            start, deadline, milestones = timing[r["id"]]
            rep = latest.get(r["id"])
            pct = rep["percent"] if rep else None
            reported = rep is not None and (period is None or rep["period"] >= period)
            closed = bool(r.get("closed_on")) and r["closed_on"] <= day_iso
            key = (start, deadline, closed, milestones, pct, reported)
            v = verdicts.get(key)
            if v is None:
                ev = evaluate(TaskTiming(start, deadline, closed, milestones), pct, day, settings,
                              reported=reported)
                v = verdicts[key] = (ev.status.value, ev.light.value,
                                     ev.notice_colour.value if ev.notice_colour else None, ev.expected,
                                     _iso(deadline), (deadline - day).days if deadline else None)
            d = dict(r)
            d.update(
                status=v[0], light=v[1], notice_colour=v[2], percent=pct, expected=v[3],
                latest=rep,   # the report row: LATEST_KEYS and its id, task_id, unit_id, …
                reported=reported, deadline_used=v[4], days_left=v[5])
            out.append(d)
        return out

    def task_states(self, today: date | str | None = None, *, unit: str | None = None,
                    search: str | None = None) -> list[dict]:
        """:meth:`tasks` evaluated on ``today`` (see :meth:`evaluate_tasks`).

        :param today: the day to look at (default today)
        :param unit: only tasks this unit leads or assists
        :param search: only tasks whose text contains this
        """
        return self.evaluate_tasks(self.tasks(unit=unit, search=search), today)

    def status_summary(self, today: date | str | None = None) -> dict:
        """Counts by status and light, per lead unit, and the lagging and overdue tasks.

        :param today: the day to look at (default today)
        :returns: ``counts`` (status → n, every status present, plus ``total``),
            ``lights`` (green/yellow/red → n), ``per_unit`` (list of {unit, led, done,
            behind, overdue, reported, reported_on_time}, in ledger order of first lead),
            ``lagging`` (欠进度 tasks), ``overdue`` (逾期 tasks), ``not_reported``
            (未报送 tasks), ``period`` (the status period), ``due_date`` (its due day),
            ``today``
        """
        day = as_date(today, "日期")
        states = self.evaluate_tasks(self.tasks(), day)
        counts = {k: 0 for k in STATUS_ORDER}
        lights = {k: 0 for k in LIGHT_ORDER}
        for t in states:
            counts[t["status"]] += 1
            lights[t["light"]] += 1
        counts["total"] = len(states)
        rnd = self.status_round(day)
        on_time: set[tuple[int, str]] = set()
        if rnd:
            on_time = rules_state.on_time_reporters(self.db, rnd.period, rnd.due_date.isoformat(),
                                                    day.isoformat())
        done, behind, overdue = Status.DONE.value, Status.BEHIND.value, Status.OVERDUE.value
        per: dict[str, dict] = {}
        for t in states:
            status = t["status"]
            for u in t["lead"]:
                e = per.get(u)
                if e is None:
                    e = per[u] = {"unit": u, "led": 0, "done": 0, "behind": 0, "overdue": 0,
                                  "reported": 0, "reported_on_time": 0}
                e["led"] += 1
                e["done"] += status == done
                e["behind"] += status == behind
                e["overdue"] += status == overdue
                e["reported"] += t["reported"]
                e["reported_on_time"] += (t["id"], u) in on_time
        return {
            "today": day.isoformat(),
            "period": rnd.period if rnd else None,
            "due_date": _iso(rnd.due_date) if rnd else None,
            "counts": counts, "lights": lights, "per_unit": list(per.values()),
            "lagging": [t for t in states if t["status"] == behind],
            "overdue": [t for t in states if t["status"] == overdue],
            "not_reported": [t for t in states if t["status"] == Status.NOT_REPORTED.value],
        }

    # ------------------------------------------------------------ reminders

    def reminders(self, today: date | str | None = None, *, include_acknowledged: bool = False
                  ) -> ReminderList:
        """What to remind the office of on ``today``, minus what was acknowledged or snoozed.

        Reporting due days follow the stored rule (default monthly on the 25th, moved to
        the previous working day); task deadlines and 节点 at the stored lead times
        (default 15, 7, 1 days) and every day once overdue; 催报 for each lead unit that
        has not reported, for the current round, on every open task it leads.

        :param today: the day to compute for (default today)
        :param include_acknowledged: also list what the user acknowledged or snoozed
        :returns: :class:`~govtrack.rules.Reminder` items sorted by date; ``.warning``
            says when holiday data was missing for the year
        """
        day = as_date(today, "日期")
        s = self.rule_settings()
        states = self.evaluate_tasks(self.tasks(), day)
        dues = []
        open_tasks = []
        for t in states:
            closed = bool(t.get("closed_on")) and t["closed_on"] <= day.isoformat()
            deadline = date.fromisoformat(t["deadline_used"]) if t["deadline_used"] else None
            dues.append((t, closed, deadline))
            if not closed and t["status"] != Status.DONE.value:
                open_tasks.append(t)
        ms_rows = rules_state.milestones_by_task(self.db)
        tasks = [TaskDue(
            t["id"], t["seq"], t["content"], tuple(t["lead"]), deadline, t["percent"], closed,
            tuple(Milestone(date.fromisoformat(m["due_date"]), m["percent"], m["title"], m["id"],
                            date.fromisoformat(m["done_date"]) if m["done_date"] else None)
                  for m in ms_rows.get(t["id"], ())))
            for t, closed, deadline in dues]
        units_reported = self.units_reported(day, states=open_tasks)
        acks = {} if include_acknowledged else {
            k: Ack(a["state"], date.fromisoformat(a["until"]) if a["until"] else None, a["fingerprint"])
            for k, a in rules_state.reminder_acks(self.db).items()}
        return due_reminders(day, tasks=tasks, units_reported=units_reported, rule=s.report_rule,
                             lead_days=s.task_lead_days, acks=acks,
                             report_lead_days=s.report_lead_days, move_to_workday=s.move_to_workday)

    def units_reported(self, today: date | str | None = None, *, states: list[dict] | None = None
                       ) -> dict[str, bool]:
        """Lead unit → whether it has reported, for the round the office is working on
        (see :func:`~govtrack.rules.current_round`), on every open task it leads.

        :param today: the day to look at
        :param states: evaluated open tasks (computed when not given)
        """
        day = as_date(today, "日期")
        s = self.rule_settings()
        rnd = current_round(day, s.report_rule, report_lead_days=s.report_lead_days,
                            move_to_workday=s.move_to_workday)
        if rnd is None:
            return {}
        if states is None:
            states = [t for t in self.evaluate_tasks(self.tasks(), day)
                      if t["status"] != Status.DONE.value
                      and not (t.get("closed_on") and t["closed_on"] <= day.isoformat())]
        have = rules_state.reporters_since(self.db, rnd.period, day.isoformat())
        out: dict[str, bool] = {}
        for t in states:
            for u in t["lead"]:
                out[u] = out.get(u, True) and (t["id"], u) in have
        return out

    def _find_reminder(self, key: str, today: date | str | None) -> Reminder:
        for r in self.reminders(today, include_acknowledged=True):
            if r.key == key:
                return r
        raise NotFoundError(f"{as_date(today).isoformat()} 没有键为「{key}」的提醒。"
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
        end = as_date(until, "暂缓至", default_today=False)
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
