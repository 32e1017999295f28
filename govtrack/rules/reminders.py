"""Reminders: reporting due days, 催报, task deadlines and 节点 — pure, given ``today``.

Why pure: the GUI asks on a timer, the CLI asks from a scheduled task, and the
tests ask for any day they like (month ends, 29 Feb, the National Day week, the
turn of the year). None of them should need a clock or a database, so
everything here takes ``today`` and plain data and returns plain data.

Reporting due days come from recurrence rules (python-dateutil ``rrule``):
``monthly`` = the 25th of every month, ``quarterly`` = the 20th of Jan, Apr,
Jul and Oct, or any RRULE string such as ``FREQ=MONTHLY;BYMONTHDAY=25``. A due
day on a weekend or public holiday moves to the previous working day,
following chinesecalendar: a 调休 Saturday or Sunday *is* a working day, so
2023-06-25 (a Sunday worked for the Dragon Boat holiday) stays put. For years
chinesecalendar has no data for, only weekends are avoided and the result says
so in Chinese (``DueDates.warning``), because the office should check those
dates against the State Council's holiday notice by hand.

Reporting periods are named ``YYYY-MM`` after the month of the rule's own due
day, before any move: the report due 25 Jan 2023 belongs to ``2023-01`` even
though Spring Festival moves it to 20 Jan. A rule with several due days a month
(weekly, ``BYMONTHDAY=10,25``) names its rounds by the rule's own day instead,
``2023-09-29``.

Acknowledging (see :class:`Ack`): an acknowledged reminder stays away until its
fingerprint changes (a new deadline, a new percent); a snoozed one comes back
after ``until``. Overdue reminders (task_overdue, milestone_overdue) carry the
day in their fingerprint, so an acknowledgement silences them for that day only:
an overdue task is raised every day until it is closed or its deadline moves.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Callable, Iterable, Mapping, NamedTuple, Sequence

from dateutil import rrule as _rr

from .schedule import Milestone

__all__ = [
    "BUILTIN_RULES", "DueDates", "ReminderList", "ReportingRound", "Reminder", "Ack", "TaskDue",
    "REMINDER_KINDS", "reporting_due_dates", "current_round", "due_reminders", "is_workday",
    "previous_workday", "holiday_data_available", "holiday_data_warning", "parse_rule",
]

BUILTIN_RULES = {
    "monthly": "FREQ=MONTHLY;BYMONTHDAY=25",
    "quarterly": "FREQ=MONTHLY;BYMONTH=1,4,7,10;BYMONTHDAY=20",
}

REMINDER_KINDS = ("report_due", "unit_late", "task_deadline", "task_overdue",
                  "milestone_due", "milestone_overdue")

_WEEKDAYS = "一二三四五六日"


# --- working days ---------------------------------------------------------------

@functools.lru_cache(maxsize=None)
def holiday_data_available(year: int) -> bool:
    """Whether chinesecalendar knows the public holidays and 调休 days of ``year``."""
    try:
        import chinese_calendar
        chinese_calendar.is_workday(date(year, 6, 1))
        chinese_calendar.is_workday(date(year, 12, 31))
        chinese_calendar.is_workday(date(year, 1, 1))
    except (NotImplementedError, ImportError):
        return False
    return True


def is_workday(d: date) -> bool:
    """A working day: chinesecalendar's answer (调休 weekends count), or Mon–Fri for
    years it does not cover."""
    if holiday_data_available(d.year):
        import chinese_calendar
        return chinese_calendar.is_workday(d)
    return d.weekday() < 5


def previous_workday(d: date) -> date:
    """``d`` itself if it is a working day, else the nearest working day before it."""
    while not is_workday(d):
        d -= timedelta(days=1)
    return d


def holiday_data_warning(years: Iterable[int]) -> str | None:
    """Chinese text naming the years without holiday data, or None when all are covered."""
    missing = sorted({y for y in years if not holiday_data_available(y)})
    if not missing:
        return None
    names = "、".join(f"{y}年" for y in missing)
    return (f"节假日数据未包含{names}，这些年份的报送日只避开了周末，"
            f"未考虑法定节假日和调休，请对照国务院办公厅放假通知核对。")


class DueDates(list):
    """A list of due dates that also says whether holiday data was missing.

    :ivar warning: Chinese text when some dates were moved by weekends only, else None
    :ivar calendar_complete: True when every year involved had holiday data
    """

    warning: str | None = None
    calendar_complete: bool = True


class ReminderList(list):
    """A list of :class:`Reminder` with the same ``warning`` as :class:`DueDates`."""

    warning: str | None = None


# --- reporting rules --------------------------------------------------------------

def parse_rule(rule: str, dtstart: date) -> _rr.rrule | _rr.rruleset:
    """'monthly', 'quarterly' or an RRULE string → a dateutil rule starting at ``dtstart``.

    :raises ValueError: with a Chinese message when the string is not a recurrence
        rule, or when it gives no due day at all in the ten years from ``dtstart``
        (e.g. ``BYMONTHDAY=40``, which dateutil accepts silently)
    """
    text = BUILTIN_RULES.get(rule.strip().lower(), rule.strip())
    start = datetime.combine(dtstart, datetime.min.time())
    # dateutil accepts BYMONTHDAY=40 and then searches to year 9999 for it; refuse early.
    for days in re.findall(r"BYMONTHDAY=([-+\d,]+)", text.upper()):
        if any(not v.strip("+-").isdigit() or not 1 <= abs(int(v)) <= 31 for v in days.split(",")):
            raise ValueError(f"报送规则“{rule}”中的日期 BYMONTHDAY={days} 不存在")
    try:
        if "DTSTART" in text.upper():
            r = _rr.rrulestr(text, forceset=False)
        else:
            if text.upper().startswith("RRULE:"):
                text = text[6:]
            r = _rr.rrulestr(text, dtstart=start)
    except (ValueError, TypeError) as e:
        raise ValueError(f"报送规则“{rule}”无法识别（应为 monthly、quarterly 或 RRULE 字符串）：{e}") from None
    if not r.between(start, start + timedelta(days=3660), inc=True):
        raise ValueError(f"报送规则“{rule}”在十年内没有任何报送日，请检查规则")
    return r


def _raw_due_dates(rule: str, start: date, end: date) -> list[date]:
    r = parse_rule(rule, start)
    lo = datetime.combine(start, datetime.min.time())
    hi = datetime.combine(end, datetime.min.time())
    return [x.date() for x in r.between(lo, hi, inc=True)]


# A due day moved to the previous working day is at most a couple of weeks
# earlier (the longest Chinese holiday with its weekends is 9 days), so raw due
# days this far past the window can still land inside it.
_MOVE_SLACK = timedelta(days=31)


@dataclass(frozen=True)
class ReportingRound:
    """One reporting round: its period name, the (moved) due day and the rule's own day."""

    period: str
    due_date: date
    rule_date: date


def _rounds(rule: str, start: date, end: date, move_to_workday: bool) -> list[ReportingRound]:
    raws = _raw_due_dates(rule, start - _MOVE_SLACK, end + _MOVE_SLACK)
    # A rule with several due days in one month (weekly, BYMONTHDAY=10,25) names its
    # rounds by the rule's own day, so that every round has its own name.
    months = [(d.year, d.month) for d in raws]
    by_day = len(set(months)) < len(months)
    rounds: list[ReportingRound] = []
    for raw in raws:
        due = previous_workday(raw) if move_to_workday else raw
        if start <= due <= end:
            period = raw.isoformat() if by_day else f"{raw.year:04d}-{raw.month:02d}"
            rounds.append(ReportingRound(period, due, raw))
    return rounds


def reporting_due_dates(rule: str, start: date, end: date, *, move_to_workday: bool = True) -> DueDates:
    """The reporting due days of ``rule`` that fall in [start, end].

    :param rule: 'monthly' (25th), 'quarterly' (20th of Jan/Apr/Jul/Oct) or an RRULE string
    :param move_to_workday: move a due day on a weekend or public holiday to the
        previous working day (a day moved out of the window is left out; one moved
        into it is kept)
    :returns: a list of dates with ``.warning`` set when holiday data was missing
        for a year the dates fall in

    Spring Festival 2023 (21–27 Jan) moves the 25 Jan report to Friday 20 Jan;
    Saturday 25 Feb moves to Friday 24 Feb:

    >>> reporting_due_dates("monthly", date(2023, 1, 1), date(2023, 2, 28))
    [datetime.date(2023, 1, 20), datetime.date(2023, 2, 24)]
    """
    rounds = _rounds(rule, start, end, move_to_workday)
    # Two rule days can move onto the same working day (Fridays either side of a
    # holiday week); the office reports once, so the day is listed once.
    out = DueDates(sorted({r.due_date for r in rounds}))
    if move_to_workday:
        out.warning = holiday_data_warning({y for r in rounds for y in (r.rule_date.year, r.due_date.year)})
    out.calendar_complete = out.warning is None
    return out


@functools.lru_cache(maxsize=256)   # pure, and asked several times per screen (≈4 ms each)
def current_round(today: date, rule: str = "monthly", *, report_lead_days: int = 3,
                  move_to_workday: bool = True) -> ReportingRound | None:
    """The reporting round the office is working on ``today``.

    It is the latest round whose due day is no later than ``today + report_lead_days``:
    from ``report_lead_days`` before its due day the office reminds units of it, and
    after the due day it chases (催报) the units that have not reported, until the
    next round's reminder window opens.

    >>> current_round(date(2023, 10, 22)).period, current_round(date(2023, 10, 21)).period
    ('2023-10', '2023-09')
    """
    horizon = today + timedelta(days=report_lead_days)
    # Look back far enough for a yearly rule.
    rounds = _rounds(rule, today - timedelta(days=400), horizon, move_to_workday)
    return rounds[-1] if rounds else None


# --- reminders ----------------------------------------------------------------------

@dataclass(frozen=True)
class Reminder:
    """One thing to remind the office of.

    :param key: stable id, e.g. ``report:2023-10:unit:市财政局`` or ``task:12:deadline:7``;
        acknowledgements are stored under it
    :param kind: one of :data:`REMINDER_KINDS`
    :param date: the day the reminder is about (due day, deadline, node date)
    :param task_id: the task, if any
    :param unit: the unit, if any
    :param message: what to show, in Chinese
    :param fingerprint: changes when the substance changes; a changed fingerprint
        brings back an acknowledged reminder
    :param days: days from today to ``date`` (negative once past)
    """

    key: str
    kind: str
    date: date
    task_id: int | None
    unit: str | None
    message: str
    fingerprint: str
    days: int = 0


@dataclass(frozen=True)
class Ack:
    """What the user did with a reminder (mirrors the ``reminder_acks`` table).

    :param state: 'ack' (seen; stay away until the fingerprint changes) or
        'snooze' (stay away until ``until``, inclusive)
    :param until: the last day a snoozed reminder stays hidden
    :param fingerprint: the reminder's fingerprint when acknowledged
    """

    state: str
    until: date | None = None
    fingerprint: str | None = None


class TaskDue(NamedTuple):
    """What reminders need to know about a task (a named tuple: ten thousand are built per
    screen, and a frozen dataclass costs five times as much to build).

    :param task_id: row id (used in keys)
    :param seq: the 序号 shown to people, e.g. "12" or "3.2"
    :param content: the task text (shortened in messages)
    :param lead_units: lead units (牵头单位), first is the main one
    :param deadline: the deadline, or None for a long-term task
    :param percent: latest reported percent, or None
    :param closed: the task has been closed (销号)
    :param milestones: its 节点
    :param plan: the title of its plan, for the ``label`` given to :func:`due_reminders`
    """

    task_id: int
    seq: str | int
    content: str
    lead_units: tuple[str, ...] = ()
    deadline: date | None = None
    percent: float | None = None
    closed: bool = False
    milestones: tuple[Milestone, ...] = ()
    plan: str = ""


def _hidden(rem: Reminder, ack: Ack | None, today: date) -> bool:
    if ack is None:
        return False
    if ack.fingerprint is not None and ack.fingerprint != rem.fingerprint:
        return False  # the substance changed: show it again
    if ack.state == "snooze":
        return ack.until is not None and today <= ack.until
    return ack.state == "ack"


def _cn_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日（周{_WEEKDAYS[d.weekday()]}）"


def _short(text: str, n: int = 24) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _pct(p: float | None) -> str:
    if p is None:
        return "未报送进度"
    return f"当前进度{p:g}%"


def _when(days: int) -> str:
    if days == 0:
        return "今天到期"
    if days > 0:
        return f"还有{days}天"
    return f"已逾期{-days}天"


def _seq_label(t: TaskDue) -> str:
    """The default name of a task in a message: 「第12项」."""
    return f"第{t.seq}项"


def _task_label(t: TaskDue, name: Callable[[TaskDue], str]) -> str:
    """「《plan》第12项“text…”（牵头：…）」, the task named by ``name``."""
    lead = f"（牵头：{'、'.join(t.lead_units)}）" if t.lead_units else ""
    return f"{name(t)}“{_short(t.content)}”{lead}"


def _lead_reached(days: int, leads: Sequence[int]) -> int | None:
    """The nearest lead time reached: the smallest lead ≥ days left."""
    reached = [n for n in leads if days <= n]
    return min(reached) if reached else None


def _milestone_done(m: Milestone, percent: float | None, today: date) -> bool:
    if m.done_date is not None and m.done_date <= today:
        return True
    return m.percent is not None and percent is not None and percent >= m.percent


def _task_reminders(t: TaskDue, today: date, leads: Sequence[int],
                    name: Callable[[TaskDue], str] = _seq_label) -> list[Reminder]:
    out: list[Reminder] = []
    if t.closed or (t.percent is not None and t.percent >= 100):
        return out
    label = ""        # written only for a task that has something to say (most have not)
    unit = t.lead_units[0] if t.lead_units else None
    if t.deadline is not None:
        days = (t.deadline - today).days
        base_fp = f"deadline={t.deadline.isoformat()};percent={t.percent}"
        if days < 0:
            label = label or _task_label(t, name)
            out.append(Reminder(
                f"task:{t.task_id}:overdue", "task_overdue", t.deadline, t.task_id, unit,
                f"{label}已超过完成时限{_cn_date(t.deadline)}，{_when(days)}，{_pct(t.percent)}。",
                f"{base_fp};day={today.isoformat()}", days))
        else:
            lead = _lead_reached(days, leads)
            if lead is not None:
                label = label or _task_label(t, name)
                out.append(Reminder(
                    f"task:{t.task_id}:deadline:{lead}", "task_deadline", t.deadline, t.task_id, unit,
                    f"{label}完成时限为{_cn_date(t.deadline)}，{_when(days)}，{_pct(t.percent)}。",
                    base_fp, days))
    for i, m in enumerate(sorted(t.milestones, key=lambda m: m.due_date)):
        if _milestone_done(m, t.percent, today):
            continue
        label = label or _task_label(t, name)
        mid = m.milestone_id if m.milestone_id is not None else f"n{i + 1}"
        days = (m.due_date - today).days
        title = f"节点“{_short(m.title, 16)}”" if m.title else "节点"
        want = f"（应完成{m.percent:g}%）" if m.percent is not None else ""
        fp = f"due={m.due_date.isoformat()};percent={t.percent};expect={m.percent}"
        if days < 0:
            out.append(Reminder(
                f"task:{t.task_id}:milestone:{mid}:overdue", "milestone_overdue", m.due_date, t.task_id, unit,
                f"{label}{title}{want}已过{_cn_date(m.due_date)}，{_when(days)}，{_pct(t.percent)}。",
                f"{fp};day={today.isoformat()}", days))
        else:
            lead = _lead_reached(days, leads)
            if lead is not None:
                out.append(Reminder(
                    f"task:{t.task_id}:milestone:{mid}:{lead}", "milestone_due", m.due_date, t.task_id, unit,
                    f"{label}{title}{want}时限为{_cn_date(m.due_date)}，{_when(days)}，{_pct(t.percent)}。",
                    fp, days))
    return out


def _report_reminders(today: date, units_reported: Mapping[str, bool], rule: str,
                      report_lead_days: int, move_to_workday: bool) -> list[Reminder]:
    rnd = current_round(today, rule, report_lead_days=report_lead_days, move_to_workday=move_to_workday)
    if rnd is None:
        return []
    out: list[Reminder] = []
    days = (rnd.due_date - today).days
    missing = [u for u, ok in units_reported.items() if not ok]
    fp = f"period={rnd.period};due={rnd.due_date.isoformat()}"
    if days >= 0:
        if units_reported and not missing:
            return out  # everyone has reported already
        who = ""
        if missing:
            names = "、".join(missing[:5]) + ("等" if len(missing) > 5 else "")
            who = f"，尚有{len(missing)}个单位未报送（{names}）"
        out.append(Reminder(
            f"report:{rnd.period}:due", "report_due", rnd.due_date, None, None,
            f"{rnd.period}期进度报送截止日为{_cn_date(rnd.due_date)}，{_when(days)}{who}。", fp, days))
    else:
        for u in missing:
            out.append(Reminder(
                f"report:{rnd.period}:unit:{u}", "unit_late", rnd.due_date, None, u,
                f"{u}未按时报送{rnd.period}期进度（截止日{_cn_date(rnd.due_date)}，已过{-days}天），请催报。",
                fp, days))
    return out


def due_reminders(today: date, *, tasks: Iterable[TaskDue] = (),
                  units_reported: Mapping[str, bool] | None = None, rule: str = "monthly",
                  lead_days: Sequence[int] = (15, 7, 1), acks: Mapping[str, Ack] | None = None,
                  report_lead_days: int = 3, move_to_workday: bool = True,
                  label: Callable[[TaskDue], str] | None = None) -> ReminderList:
    """Everything to remind the office of on ``today``, minus what was acknowledged.

    :param today: the day to compute for
    :param tasks: the tasks to watch (closed and finished ones are skipped)
    :param units_reported: unit → has it reported for the current round
        (:func:`current_round` says which round that is); units not listed are ignored
    :param rule: the reporting rule ('monthly', 'quarterly' or an RRULE string)
    :param lead_days: lead times for task deadlines and 节点; the reminder appears on
        D−15, is replaced by a new one (a new key) on D−7 and D−1, and from D+1 an
        overdue reminder appears every day
    :param acks: acknowledgements by reminder key
    :param report_lead_days: days before the reporting due day that its reminder starts
    :param move_to_workday: move reporting due days off weekends and holidays
    :param label: how a message names a task (the app passes its one label, 「《plan》第12项」,
        from ``TaskDue.plan`` and ``seq``); asked only for the tasks that have something to
        say, not for the ten thousand that have not; default 「第12项」
    :returns: reminders sorted by date, then key; ``.warning`` notes missing holiday data

    Reminders per source:

    - ``report_due`` (key ``report:2023-10:due``): from ``report_lead_days`` before the
      round's due day until the day itself, while some unit has not reported;
    - ``unit_late`` (``report:2023-10:unit:市财政局``): each unit not reported once the
      due day has passed (催报), until the next round's window opens; its fingerprint is
      the round and due day, so an acknowledged 催报 stays away for that round (snooze it
      to chase again on a given day);
    - ``task_deadline`` (``task:12:deadline:7``) / ``task_overdue`` (``task:12:overdue``);
    - ``milestone_due`` (``task:12:milestone:3:7``) / ``milestone_overdue``
      (``task:12:milestone:3:overdue``); a node counts as done when it has a done date
      or the task's percent has reached the node's percent.
    """
    acks = acks or {}
    leads = sorted({int(n) for n in lead_days})
    found: list[Reminder] = []
    found += _report_reminders(today, units_reported or {}, rule, report_lead_days, move_to_workday)
    name = label or _seq_label
    for t in tasks:
        found += _task_reminders(t, today, leads, name)
    out = ReminderList(sorted((r for r in found if not _hidden(r, acks.get(r.key), today)),
                              key=lambda r: (r.date, r.key)))
    if move_to_workday:
        out.warning = holiday_data_warning({today.year, (today + timedelta(days=report_lead_days)).year})
    return out


def rounds_between(rule: str, start: date, end: date, *, move_to_workday: bool = True
                   ) -> list[ReportingRound]:
    """The reporting rounds of ``rule`` whose (moved) due day falls in [start, end]."""
    return _rounds(rule, start, end, move_to_workday)
