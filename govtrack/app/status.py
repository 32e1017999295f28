"""Status on a day: 序时进度 verdicts for every task, counts per status and unit, who reported.

Why this module exists next to govtrack/rules: the rules are pure functions of
(percent, 序时进度, deadline, today); this is where the database's rows become
their arguments — the latest lead-unit report, the plan's start, the 节点, the
stored settings — in a few bulk queries, so the window, the reports and the CLI
all see the same verdicts. The whole ledger's evaluation on a day is computed once
and reused until the database changes (see :meth:`Context.cached`).

Which report counts (decisions, also in docs/rules.md):

- a task's progress is its lead unit's latest report (by period) dated on or
  before the day looked at; with several lead units the first one's report wins
  within a period; assisting units' reports are kept and listed beside it;
- a task led by a group that lists members (各区镇街道) takes its slowest member's
  latest percent, and is 未报送 only while no member has reported (:func:`group_verdict`;
  one extra query for all such tasks, none when no group lists members);
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
from datetime import date, timedelta
from typing import Any

from ..errors import InputError
from ..rules import Milestone, ReportingRound, RuleSettings, Status, TaskTiming, current_round, evaluate
from ..store import ledger
from ..store import progress as progress_store
from ..store import plan_life, rules_state
from ..periods import check_period
from .context import Context, iso as _iso, parse_day, Service
from .ledger import LedgerService
from .units import expand_groups, group_members

STATUS_ORDER = [s.value for s in (Status.DONE, Status.AHEAD, Status.ON_TRACK, Status.BEHIND,
                                  Status.OVERDUE, Status.NOT_REPORTED)]
LIGHT_ORDER = ["green", "yellow", "red"]
LATEST_KEYS = ("period", "percent", "progress_text", "problems", "next_steps", "reported_on", "unit",
               "source")


def milestone_of(m: dict) -> Milestone:
    """A stored 节点 row as the rules take it."""
    return Milestone(date.fromisoformat(m["due_date"]), m["percent"], m["title"], m["id"],
                     date.fromisoformat(m["done_date"]) if m["done_date"] else None)


class StatusService(Service):
    """Rule settings, and every task's verdict on a day."""

    def __init__(self, ctx: Context, ledger_service: LedgerService):
        self.ctx = ctx
        self.ledger = ledger_service


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
        from ..rules.reminders import parse_rule
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

    def status_round(self, today: date | str | None = None) -> ReportingRound | None:
        """The reporting round whose reports must be in on ``today``: the latest one whose
        (moved) due day is on or before it."""
        s = self.rule_settings()
        return current_round(parse_day(today), s.report_rule, report_lead_days=0,
                             move_to_workday=s.move_to_workday)

    def _timing_inputs(self, rows: list[dict], settings: RuleSettings) -> dict[int, tuple]:
        """task id → (start, deadline, milestones) for the rules."""
        need_plan = [r for r in rows if "plan_year" not in r]
        plans = {p["id"]: p for p in ledger.list_plans(self.db)} if need_plan else {}
        ms_rows = rules_state.milestones_by_task(self.db, [r["id"] for r in rows])
        parse = functools.lru_cache(maxsize=None)(date.fromisoformat)
        start_of = functools.lru_cache(maxsize=None)(settings.start_for)
        end_of = functools.lru_cache(maxsize=None)(settings.end_for)
        # Thousands of tasks share a handful of (year, start, deadline) inputs: work each out once.
        dates: dict[tuple, tuple] = {}
        no_milestones: tuple = ()
        out = {}
        for r in rows:
            year = r.get("plan_year") or plans.get(r.get("plan_id"), {}).get("year") or date.today().year
            key = (year, r.get("plan_start"), r.get("deadline"), bool((r.get("deadline_text") or "").strip()))
            sd = dates.get(key)
            if sd is None:
                start_text, deadline_text = key[1], key[2]
                start = parse(start_text) if start_text else start_of(year)
                deadline = parse(deadline_text) if deadline_text else None
                if deadline is not None and not key[3] and deadline == date(year, 12, 31):
                    deadline = end_of(year)  # no phrase: the plan year's end, a setting
                sd = dates[key] = (start, deadline)
            ms = ms_rows.get(r["id"])
            milestones = tuple(milestone_of(m) for m in ms) if ms else no_milestones
            out[r["id"]] = (sd[0], sd[1], milestones)
        return out

    def evaluate_tasks(self, rows: list[dict], today: date | str | None = None, *,
                       copy: bool = True) -> list[dict]:
        """The task dicts (as from :meth:`tasks`) each extended with its verdict on ``today``.

        Added keys: ``status`` (已完成/超进度/达进度/欠进度/逾期/未报送), ``light``
        (green/yellow/red), ``notice_colour`` (blue/yellow/red/None), ``percent`` (the lead
        unit's latest percent reported on or before ``today``), ``expected`` (序时进度),
        ``latest`` (that report row: period, percent, progress_text, problems, next_steps,
        reported_on, unit, source, plus id/task_id/unit_id — or None), ``reported`` (the lead unit reported for the
        status period), ``deadline_used`` (the deadline the rules used) and ``days_left``;
        a task led by a group that lists members also ``group_reporting`` ({state, reported,
        units, missing}, see :func:`group_verdict`: its percent is the slowest member's).

        :param rows: task dicts; they are copied, not changed (``copy=False``: extended in
            place, for rows the caller has just read and owns)
        :param today: the day to look at (date or ISO string; default today)
        """
        day = parse_day(today, "日期")
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
        groups = self._group_inputs(rows, day_iso, rnd)    # {} unless a group lists members
        # Most tasks share a start and a deadline, and percents repeat: the rules are pure,
        # so one verdict per distinct input serves all tasks that share it.
        verdicts: dict[tuple, tuple] = {}
        out = []
        for r in rows:
            start, deadline, milestones = timing[r["id"]]
            g = groups.get(r["id"]) if groups else None
            if g is None or g[0] is None:
                rep = latest.get(r["id"])
                pct = rep["percent"] if rep else None
                reported = any_in = rep is not None and (period is None or rep["period"] >= period)
            else:
                rep, any_in, reported = g[0], g[1], g[2]
                pct = rep["percent"]
            closed = bool(r.get("closed_on")) and r["closed_on"] <= day_iso
            key = (start, deadline, closed, milestones, pct, any_in)
            v = verdicts.get(key)
            if v is None:
                ev = evaluate(TaskTiming(start, deadline, closed, milestones), pct, day, settings,
                              reported=any_in)
                v = verdicts[key] = (ev.status.value, ev.light.value,
                                     ev.notice_colour.value if ev.notice_colour else None, ev.expected,
                                     _iso(deadline), (deadline - day).days if deadline else None)
            d = dict(r) if copy else r
            d.update(
                status=v[0], light=v[1], notice_colour=v[2], percent=pct, expected=v[3],
                latest=rep,   # the report row: LATEST_KEYS and its id, task_id, unit_id, …
                reported=reported, deadline_used=v[4], days_left=v[5])
            if g is not None:
                d["group_reporting"] = g[3]
            out.append(d)
        return out

    def _group_inputs(self, rows: list[dict], day_iso: str, rnd: ReportingRound | None) -> dict[int, tuple]:
        """task id → (report setting the percent or None, some unit in, every unit in,
        group_reporting) for the tasks led by a group that lists members; one query for all
        of them, nothing at all when no group lists members (see :func:`group_verdict`)."""
        members = group_members(self.ctx)
        if not members:
            return {}
        groups = members.keys()
        mine = [r for r in rows if not groups.isdisjoint(r["lead"])]
        if not mine:
            return {}
        ids = [r["id"] for r in mine]
        reports = progress_store.latest_member_progress(
            self.db, day_iso, task_ids=ids if len(ids) <= 2000 else None)
        period, due = (rnd.period, rnd.due_date.isoformat()) if rnd else (None, None)
        out = {}
        expanded: dict[tuple, list[str]] = {}       # tasks share a few lead lists
        for r in mine:
            lead = tuple(r["lead"])
            units = expanded.get(lead)
            if units is None:
                units = expanded[lead] = expand_groups(r["lead"], members)
            tid = r["id"]
            out[tid] = group_verdict(units, [reports.get((tid, u)) for u in units], period, due)
        return out

    def ledger_states(self, today: date | str | None = None, *,
                      plan_ids: list[int] | None = None) -> list[dict]:
        """The tasks of ``plan_ids`` (default: :meth:`LedgerService.scope` of ``today``) evaluated
        on ``today``: computed once per day, scope and database version."""
        day = parse_day(today, "日期")
        ids = self.ledger.scope(day) if plan_ids is None else list(plan_ids)
        return self.ctx.cached(f"states:{day.isoformat()}:{ids}",
                               lambda: self.evaluate_tasks(self.ledger.tasks(plan_ids=ids), day, copy=False))

    def _scope(self, day: date, plan, year, plan_ids) -> list[int]:
        return list(plan_ids) if plan_ids is not None else self.ledger.scope(day, plan=plan, year=year)

    def task_states(self, today: date | str | None = None, *, unit: str | None = None,
                    search: str | None = None, plan: int | str | None = None,
                    year: int | None = None, plan_ids: list[int] | None = None) -> list[dict]:
        """Tasks evaluated on ``today`` (see :meth:`evaluate_tasks`).

        :param today: the day to look at (default today)
        :param unit: only tasks this unit leads or assists
        :param search: only tasks whose text contains this
        :param plan: one plan by id; ``year``: the active plans of that year; ``plan_ids``:
            exactly these; default: the active plans of ``today``'s year (see ``scope``)
        """
        day = parse_day(today, "日期")
        ids = self._scope(day, plan, year, plan_ids)
        if unit is None and search is None:
            return self.ledger_states(day, plan_ids=ids)
        return self.evaluate_tasks(self.ledger.tasks(unit=unit, search=search, plan_ids=ids), day,
                                   copy=False)

    def status_summary(self, today: date | str | None = None, *, plan: int | str | None = None,
                       year: int | None = None, plan_ids: list[int] | None = None) -> dict:
        """Counts by status and light, per lead unit, and the lagging and overdue tasks.

        :param today: the day to look at (default today)
        :param plan: / ``year`` / ``plan_ids``: which plans (see :meth:`task_states`)
        :returns: ``counts`` (status → n, every status present, plus ``total`` and
), ``extended`` (tasks with an approved 延期), ``lights`` (green/yellow/red → n),
            ``per_unit`` (list of {unit, led, done, behind, overdue, reported,
            reported_on_time, reporting}, in ledger order of first lead; ``reporting`` is the
            unit's state for the current round, see :meth:`unit_reporting`), ``lagging``
            (欠进度 tasks), ``overdue`` (逾期 tasks), ``not_reported`` (未报送 tasks), ``period``
            (the status period), ``due_date`` (its due day), ``round`` (the current round:
            period and due day), ``plan_ids``, ``today``
        """
        day = parse_day(today, "日期")
        ids = self._scope(day, plan, year, plan_ids)
        states = self.ledger_states(day, plan_ids=ids)
        counts = {k: 0 for k in STATUS_ORDER}
        lights = {k: 0 for k in LIGHT_ORDER}
        for t in states:
            counts[t["status"]] += 1
            lights[t["light"]] += 1
        counts["total"] = len(states)
        extended = plan_life.extended_task_ids(self.db)
        n_extended = sum(1 for t in states if t["id"] in extended)
        rnd = self.status_round(day)
        on_time: set[tuple[int, str]] = set()
        if rnd:
            on_time = rules_state.on_time_reporters(self.db, rnd.period, rnd.due_date.isoformat(),
                                                    day.isoformat())
        reporting = self.unit_reporting(day, plan_ids=ids)
        by_unit = {u["unit"]: u for u in reporting["units"]}
        done, behind, overdue = Status.DONE.value, Status.BEHIND.value, Status.OVERDUE.value
        per: dict[str, dict] = {}
        for t in states:
            status = t["status"]
            for u in t["lead"]:
                e = per.get(u)
                if e is None:
                    e = per[u] = {"unit": u, "led": 0, "done": 0, "behind": 0, "overdue": 0,
                                  "reported": 0, "reported_on_time": 0,
                                  "reporting": by_unit.get(u, {}).get("state")}
                e["led"] += 1
                e["done"] += status == done
                e["behind"] += status == behind
                e["overdue"] += status == overdue
                e["reported"] += t["reported"]
                e["reported_on_time"] += (t["id"], u) in on_time
        return {
            "today": day.isoformat(), "plan_ids": ids, "extended": n_extended,
            "period": rnd.period if rnd else None,
            "due_date": _iso(rnd.due_date) if rnd else None,
            "round": {"period": reporting["period"], "due_date": reporting["due_date"]},
            "counts": counts, "lights": lights, "per_unit": list(per.values()),
            "lagging": [t for t in states if t["status"] == behind],
            "overdue": [t for t in states if t["status"] == overdue],
            "not_reported": [t for t in states if t["status"] == Status.NOT_REPORTED.value],
        }

    # ------------------------------------------------------------ the one "has this unit reported" rule

    def current_round(self, today: date | str | None = None) -> ReportingRound | None:
        """The reporting round the office is working on: the latest one whose due day is no
        later than ``today`` + the reminder lead days (see :func:`~govtrack.rules.current_round`).
        The progress grid, the fill-in forms, 催报 and the 总览 all default to it."""
        s = self.rule_settings()
        return current_round(parse_day(today, "日期"), s.report_rule,
                             report_lead_days=s.report_lead_days, move_to_workday=s.move_to_workday)

    def unit_reporting(self, today: date | str | None = None, *, period: str | None = None,
                       plan_ids: list[int] | None = None, states: list[dict] | None = None) -> dict:
        """Per lead unit: has it reported for a round? One rule for every screen, form and report.

        A unit's tasks are the tasks it leads in the plans looked at, less those closed (销号)
        before the round's month or finished in an earlier round.
        It has reported a task when it has a report for the round's period (or a later one)
        dated on or before ``today``. State: ``已报送`` (all, by the due day), ``迟报`` (all,
        some after the due day), ``部分报送`` (k of n), ``未报送`` (none).

        :param period: the round (``YYYY-MM``); default :meth:`current_round`
        :param plan_ids: which plans (default: the scope of ``today``)
        :param states: evaluated tasks to use instead of the scope's
        A group that lists its members (各区镇街道) is answered for by them: each member counts
        the group's tasks as its own, and the group's own entry (``group``: True, with
        ``members``, ``member_reports`` of ``member_tasks``, ``members_missing``: the members
        that have not reported all its tasks) counts a task reported when every member has
        reported it; some members in and no task complete is 部分报送. The
        members are chased, not the group (:meth:`units_reported` leaves the group out).

        :returns: ``period``, ``due_date`` and ``units``: [{unit, state, reported, tasks,
            late, last_reported_on}] in ledger order
        """
        day = parse_day(today, "日期")
        s = self.rule_settings()
        if period is None:
            rnd = self.current_round(day)
        else:
            period = check_period(period)
            rnd = next((r for r in reporting_rounds(period, s) if r.period == period), None)
        if rnd is None:
            return {"period": period, "due_date": None, "units": []}
        if states is None:
            states = self.ledger_states(day, plan_ids=plan_ids)
        have = rules_state.report_dates_since(self.db, rnd.period, day.isoformat())
        due = rnd.due_date.isoformat()
        per: dict[str, dict] = {}
        groups: dict[str, dict] = {}
        members = group_members(self.ctx)
        start = rnd.period[:7] + "-01"
        for t in states:
            if t.get("closed_on") and t["closed_on"] < start:
                continue            # 销号 before the round: nothing to report
            if (t["status"] == Status.DONE.value and t.get("latest")
                    and t["latest"]["period"] < rnd.period):
                continue            # finished in an earlier round
            if t["status"] == Status.DONE.value and not t.get("latest"):
                continue
            # A group that lists members: each member answers for the task (responsible_units).
            for u in expand_groups(t["lead"], members):
                e = per.setdefault(u, {"unit": u, "tasks": 0, "reported": 0, "late": 0,
                                       "last_reported_on": None})
                e["tasks"] += 1
                when = have.get((t["id"], u))
                if when is not None:
                    e["reported"] += 1
                    e["late"] += when > due
                    e["last_reported_on"] = max(e["last_reported_on"] or when, when)
            for g in t["lead"]:
                if members.get(g):
                    _count_group_task(groups, g, members[g], [have.get((t["id"], m)) for m in members[g]], due)
        for e in per.values():
            e["state"] = reporting_state(e["reported"], e["tasks"], e["late"])
        for g in groups.values():
            g["members_missing"] = [m for m, n in g.pop("open").items() if n]
            g["state"] = reporting_state(g["reported"], g["tasks"], g["late"])
            if g["state"] == MISSING and g["member_reports"]:
                g["state"] = PARTIAL        # some members are in, no task complete yet
        return {"period": rnd.period, "due_date": due, "units": list(per.values()) + list(groups.values())}

    def units_reported(self, today: date | str | None = None, *, states: list[dict] | None = None,
                       plan_ids: list[int] | None = None) -> dict[str, bool]:
        """Lead unit → whether it has reported all its open tasks for the current round
        (已报送 or 迟报 in :meth:`unit_reporting`)."""
        r = self.unit_reporting(today, states=states, plan_ids=plan_ids)
        return {u["unit"]: u["state"] in (REPORTED, LATE) for u in r["units"] if not u.get("group")}


REPORTED, LATE, PARTIAL, MISSING = "已报送", "迟报", "部分报送", "未报送"


def reporting_state(reported: int, tasks: int, late: int = 0) -> str:
    """已报送 / 迟报 / 部分报送 / 未报送 from k of n tasks reported, ``late`` of them after the due day.

    >>> reporting_state(8, 8), reporting_state(8, 8, 1), reporting_state(2, 8), reporting_state(0, 8)
    ('已报送', '迟报', '部分报送', '未报送')
    """
    if reported <= 0:
        return MISSING
    if reported < tasks:
        return PARTIAL
    return LATE if late else REPORTED


def _count_group_task(groups: dict[str, dict], group: str, members: list[str],
                      whens: list[str | None], due: str) -> None:
    """One task a group that lists members leads: it is reported when every member reported
    (late when the last came after the due day); ``member_reports`` counts members' reports."""
    e = groups.setdefault(group, {"unit": group, "group": True, "members": list(members), "tasks": 0,
                                  "reported": 0, "late": 0, "last_reported_on": None,
                                  "member_reports": 0, "member_tasks": 0,
                                  "open": dict.fromkeys(members, 0)})
    for m, w in zip(members, whens):
        if w is None:
            e["open"][m] += 1
    got = [w for w in whens if w is not None]
    e["tasks"] += 1
    e["member_tasks"] += len(whens)
    e["member_reports"] += len(got)
    if got and len(got) == len(whens):
        e["reported"] += 1
        e["late"] += max(got) > due
        e["last_reported_on"] = max(e["last_reported_on"] or max(got), max(got))


def group_verdict(units: list[str], reports: list[dict | None], period: str | None,
                  due: str | None = None) -> tuple:
    """A task led by a group that lists members: its members (and any other lead unit) each
    answer for it, and **the slowest sets the pace** (docs/rules.md, "A group and its members").

    :param units: who answers for the lead, in order (the members in the group's place)
    :param reports: each one's latest report on or before the day (None: none yet)
    :param period: the status period (None: no round yet); ``due``: its due day (ISO)
    :returns: (the report with the lowest percent — among equals the newest — or None when
        nobody has reported at all; whether some unit has reported for ``period``; whether
        every unit has; ``{state, reported, units, missing}`` for the period: 已报送 / 迟报 /
        部分报送 / 未报送 as :func:`reporting_state` says)

    >>> rep = lambda p, pct: {"period": p, "percent": pct, "reported_on": p + "-20"}
    >>> r = group_verdict(["泽口街道", "王场镇", "总口管理区"],
    ...                   [rep("2023-10", 60), rep("2023-09", 40), rep("2023-10", 100)], "2023-10")
    >>> r[0]["percent"], r[1], r[2], r[3]["state"], r[3]["missing"]
    (40, True, False, '部分报送', ['王场镇'])
    >>> group_verdict(["泽口街道", "王场镇"], [None, None], "2023-10")[:3]
    (None, False, False)
    """
    slowest = None
    k = late = 0
    missing = []
    for unit, rep in zip(units, reports):
        if rep is None:
            missing.append(unit)
            continue
        pct = rep["percent"]
        if pct is not None and (slowest is None or pct < slowest["percent"]
                                or (pct == slowest["percent"] and rep["period"] > slowest["period"])):
            slowest = rep
        if period is None or rep["period"] >= period:
            k += 1
            late += bool(due) and rep["reported_on"] > due
        else:
            missing.append(unit)
    info = {"state": reporting_state(k, len(units), late), "reported": k, "units": len(units),
            "missing": missing}
    return slowest, k > 0, k == len(units), info


def reporting_rounds(period: str, settings: RuleSettings) -> list[ReportingRound]:
    """The rounds of the rule around a period's month (to find that period's due day)."""
    from ..rules.reminders import rounds_between
    y, m = (int(x) for x in period.split("-"))
    start = date(y, m, 1) - timedelta(days=40)
    return rounds_between(settings.report_rule, start, date(y, m, 28) + timedelta(days=70),
                          move_to_workday=settings.move_to_workday)
