"""序时进度, task status, lights (亮灯) and 督办单 colours: the office's rules, in one place.

Every month the office argues about whether a task is 欠进度 or 达进度, yellow or
red. The answer must be the same on the screen, on the printed 通报 and in the
CLI, so the rules live here as pure functions of (percent, 序时进度, deadline,
today) and nowhere else. Each rule has worked examples below; the numbers are
run as doctests by tests/test_schedule.py.

Counting days (序时进度)
    A day counts as gone once the day is over: figures are "as of the end of
    ``today``" (the report date). From 1 Jan to 31 Dec there are 365 days
    (366 in a leap year); on 31 Dec the expected share is 100%, on 1 Jan 0.3%.

    >>> from datetime import date
    >>> expected_percent(date(2025, 1, 1), date(2025, 12, 31), date(2025, 6, 30))
    49.6
    >>> expected_percent(date(2025, 1, 1), date(2025, 6, 30), date(2025, 3, 31))
    49.7
    >>> expected_percent(date(2025, 1, 1), None, date(2025, 6, 30)) is None  # 长期坚持
    True

Status (DESIGN.md "Rules"), first match wins, p = latest percent, e = 序时进度::

    已完成  p = 100 or the task is closed (销号)
    逾期    the deadline has passed (today > deadline) and p < 100 — even if unreported
    未报送  no report for the period (reported False, or p is None)
    欠进度  p < e − tolerance          (tolerance 10 by default; p = e − 10 is 达进度)
    超进度  p > e + tolerance
    达进度  otherwise; a long-term task (no deadline) that reported is always 达进度

Lights (亮灯), first match wins, gap = e − p::

    green   done
    red     overdue, or gap > red_gap (30)
    yellow  not reported (decision: an unreported task is yellow, red once overdue)
    yellow  tolerance < gap ≤ red_gap, i.e. status 欠进度 but not badly
    yellow  deadline within near_days (15) from today and not done — even if ahead
    green   otherwise (ahead, or within the tolerance); long-term tasks that reported

督办单 colours, red beats yellow beats blue, None when no notice is called for::

    red     overdue
    yellow  behind 序时进度 by more than the tolerance (status 欠进度); decision:
            the same tolerance as the status, so a 督办单 never contradicts the ledger
    blue    deadline within near_days and not done (unreported tasks too)
    None    done, long-term, or nothing to chase
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, fields
from datetime import date
from enum import Enum
from typing import Any, Mapping, Sequence

__all__ = [
    "Milestone", "Status", "Light", "NoticeColour", "RuleSettings", "TaskTiming", "Evaluation",
    "expected_percent", "task_status", "light", "notice_colour", "evaluate", "is_overdue",
    "days_left",
]


@dataclass(frozen=True)
class Milestone:
    """A 节点 of a task (mirrors the ``milestones`` table).

    :param due_date: when the node is due
    :param percent: the share of the task expected done at ``due_date``; None means
        "evenly spaced" between the neighbouring nodes that have a share
    :param title: what the node is (shown in reminders)
    :param milestone_id: the row id, used in reminder keys
    :param done_date: when the node was reported done, if it was
    """

    due_date: date
    percent: float | None = None
    title: str = ""
    milestone_id: int | None = None
    done_date: date | None = None


class Status(str, Enum):
    """Task status; the value is the label printed in ledgers and 通报."""

    DONE = "已完成"
    AHEAD = "超进度"
    ON_TRACK = "达进度"
    BEHIND = "欠进度"
    OVERDUE = "逾期"
    NOT_REPORTED = "未报送"

    def __str__(self) -> str:
        return self.value


class Light(str, Enum):
    """亮灯 colour; ``.label`` is the Chinese name."""

    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"

    @property
    def label(self) -> str:
        return {"green": "绿灯", "yellow": "黄灯", "red": "红灯"}[self.value]

    def __str__(self) -> str:
        return self.value


class NoticeColour(str, Enum):
    """督办单 colour; ``.label`` is the Chinese name."""

    BLUE = "blue"
    YELLOW = "yellow"
    RED = "red"

    @property
    def label(self) -> str:
        return {"blue": "蓝色督办单", "yellow": "黄色督办单", "red": "红色督办单"}[self.value]

    def __str__(self) -> str:
        return self.value


def _month_day(value: Any, name: str) -> tuple[int, int]:
    """(month, day) from (m, d), [m, d], "m-d", "mm-dd" or "m月d日"."""
    if isinstance(value, str):
        parts = [p for p in value.replace("月", "-").replace("日", "").replace("/", "-").split("-") if p]
        value = tuple(int(p) for p in parts)
    m, d = (int(x) for x in value)
    date(2024, m, d)  # raises ValueError for 2-30 etc.; 2024 so that 2-29 is allowed
    return m, d


@dataclass(frozen=True)
class RuleSettings:
    """The office's rule settings, with the defaults from DESIGN.md.

    :param tolerance: points either side of 序时进度 that still count as 达进度
    :param red_gap: points behind 序时进度 beyond which the light is red
    :param near_days: a deadline this many days away (or fewer) is "near"
    :param default_start: (month, day) a plan's tasks start on, default 1 Jan
    :param default_end: (month, day) of the deadline of a task with no phrase, default 31 Dec
    :param report_lead_days: days before a reporting due day that the reminder starts
    :param task_lead_days: lead times of task deadline and milestone reminders
    :param move_to_workday: move a reporting due day off weekends and holidays
    :param report_rule: 'monthly', 'quarterly' or an RRULE string
    """

    tolerance: float = 10.0
    red_gap: float = 30.0
    near_days: int = 15
    default_start: tuple[int, int] = (1, 1)
    default_end: tuple[int, int] = (12, 31)
    report_lead_days: int = 3
    task_lead_days: tuple[int, ...] = (15, 7, 1)
    move_to_workday: bool = True
    report_rule: str = "monthly"

    def __post_init__(self) -> None:
        if not 0 <= self.tolerance <= 100:
            raise ValueError(f"容差应在0到100之间，现为{self.tolerance}")
        if not self.tolerance <= self.red_gap <= 100:
            raise ValueError(f"红灯差距应不小于容差（{self.tolerance}）且不大于100，现为{self.red_gap}")
        if self.near_days < 0 or self.report_lead_days < 0:
            raise ValueError("提前天数不能为负数")
        if any(n < 0 for n in self.task_lead_days):
            raise ValueError("任务提醒提前天数不能为负数")

    def start_for(self, year: int) -> date:
        """The default start of a task in plan year ``year``."""
        return date(year, *self.default_start)

    def end_for(self, year: int) -> date:
        """The default deadline of a task in plan year ``year`` (29 Feb falls back to 28 Feb)."""
        m, d = self.default_end
        if (m, d) == (2, 29) and not (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)):
            d = 28
        return date(year, m, d)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any] | None) -> "RuleSettings":
        """Build settings from stored values (the ``settings`` table, JSON-decoded).

        Keys may carry a ``rules.`` prefix; unknown keys are ignored (the table holds
        other settings too); values may be strings, as a settings file gives them.

        >>> RuleSettings.from_dict({"rules.tolerance": "5", "near_days": 10, "theme": "dark"})
        ... # doctest: +ELLIPSIS
        RuleSettings(tolerance=5.0, red_gap=30.0, near_days=10, ...)
        """
        known = {f.name for f in fields(cls)}
        kw: dict[str, Any] = {}
        for key, value in (d or {}).items():
            name = key[len("rules."):] if key.startswith("rules.") else key
            if name not in known or value is None:
                continue
            if isinstance(value, str) and value.strip().startswith("["):
                value = json.loads(value)  # a JSON list stored as text, e.g. "[15, 7, 1]"
            if name in ("tolerance", "red_gap"):
                kw[name] = float(value)
            elif name in ("near_days", "report_lead_days"):
                kw[name] = int(value)
            elif name in ("default_start", "default_end"):
                kw[name] = _month_day(value, name)
            elif name == "task_lead_days":
                if isinstance(value, str):
                    value = [v for v in value.replace("，", ",").split(",") if v.strip()]
                kw[name] = tuple(sorted({int(v) for v in value}, reverse=True))
            elif name == "move_to_workday":
                kw[name] = value if isinstance(value, bool) else str(value).strip().lower() in ("1", "true", "yes", "是")
            else:
                kw[name] = str(value)
        return cls(**kw)


@dataclass(frozen=True)
class TaskTiming:
    """What the rules need to know about a task.

    :param start: when the task's time starts running (the plan's start, default 1 Jan)
    :param deadline: the deadline, or None for a long-term task (长期坚持)
    :param closed: the task has been closed (销号)
    :param milestones: its 节点, in any order
    """

    start: date
    deadline: date | None
    closed: bool = False
    milestones: tuple[Milestone, ...] = ()


@dataclass(frozen=True)
class Evaluation:
    """The rules' verdict on one task on one day."""

    status: Status
    light: Light
    notice_colour: NoticeColour | None
    expected: float | None
    percent: float | None


def _round1(x: float) -> float:
    """Round half up to one decimal (49.65 → 49.7), as people do by hand."""
    return math.floor(x * 10 + 0.5 + 1e-9) / 10


def _milestone_points(start: date, deadline: date, milestones: Sequence[Milestone]) -> list[tuple[int, float]]:
    """(day position, expected percent) nodes of the piecewise-linear curve.

    Position of a date = days from the start of ``start`` to the end of that date.
    Nodes outside (start, deadline] are ignored. The deadline is always the last
    node at 100%. Unknown shares are spread evenly (by node order) between the
    nearest nodes that have one.
    """
    nodes: list[tuple[date, float | None]] = [(start, 0.0)]
    inner = sorted((m for m in milestones if start <= m.due_date <= deadline), key=lambda m: m.due_date)
    for m in inner:
        nodes.append((m.due_date, None if m.percent is None else float(m.percent)))
    if len(nodes) > 1 and nodes[-1][0] == deadline:
        if nodes[-1][1] is None:  # a node on the deadline without a share is the finish
            nodes[-1] = (deadline, 100.0)
    else:
        nodes.append((deadline, 100.0))
    values: list[float | None] = [v for _, v in nodes]
    known = [i for i, v in enumerate(values) if v is not None]
    for a, b in zip(known, known[1:]):
        for i in range(a + 1, b):
            values[i] = values[a] + (values[b] - values[a]) * (i - a) / (b - a)  # type: ignore[operator]
    points = [(0, 0.0)]
    for (d, _), v in zip(nodes[1:], values[1:]):
        points.append(((d - start).days + 1, float(v)))  # type: ignore[arg-type]
    return points


def expected_percent(start: date, deadline: date | None, today: date,
                     milestones: Sequence[Milestone] = ()) -> float | None:
    """序时进度 on ``today``: the share of the time from ``start`` to ``deadline`` gone.

    Counted in whole days at the end of ``today``; clamped to 0–100; rounded half
    up to one decimal; None for a task with no deadline.

    :param start: the first day of the task's time (usually 1 Jan of the plan year)
    :param deadline: the last day, or None (long-term)
    :param today: the report date
    :param milestones: 节点; when given, the curve runs straight from node to node
        instead of from start to deadline

    >>> from datetime import date
    >>> s, e = date(2025, 1, 1), date(2025, 12, 31)
    >>> expected_percent(s, e, date(2024, 12, 31)), expected_percent(s, e, date(2025, 1, 1))
    (0.0, 0.3)
    >>> expected_percent(s, e, date(2025, 12, 31)), expected_percent(s, e, date(2026, 3, 1))
    (100.0, 100.0)
    >>> expected_percent(date(2024, 1, 1), date(2024, 12, 31), date(2024, 2, 29))  # 60/366
    16.4

    A node says 80% must be done by 30 Jun; halfway to it (end of 31 Mar, day
    90 of 181) the curve gives 80 × 90/181 = 39.8 instead of the straight 24.7:

    >>> expected_percent(s, e, date(2025, 3, 31), [Milestone(date(2025, 6, 30), 80)])
    39.8
    >>> expected_percent(s, e, date(2025, 3, 31))
    24.7

    Two nodes without shares split the task in thirds (33.3% at the first, 66.7%
    at the second, 100% at the deadline):

    >>> ms = [Milestone(date(2025, 3, 31)), Milestone(date(2025, 6, 30))]
    >>> expected_percent(s, e, date(2025, 3, 31), ms), expected_percent(s, e, date(2025, 6, 30), ms)
    (33.3, 66.7)
    """
    if deadline is None:
        return None
    if today < start:
        return 0.0
    if today >= deadline:
        return 100.0
    if deadline < start:  # a deadline before the start: the time is all gone
        return 100.0
    x = (today - start).days + 1
    points = _milestone_points(start, deadline, milestones) if milestones else [
        (0, 0.0), ((deadline - start).days + 1, 100.0)]
    value = points[-1][1]
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        if x <= x1:
            value = y0 + (y1 - y0) * (x - x0) / (x1 - x0) if x1 > x0 else y1
            break
    return _round1(min(100.0, max(0.0, value)))


def is_overdue(deadline: date | None, today: date) -> bool:
    """The deadline has passed: ``today`` is after it (the deadline day itself is not late)."""
    return deadline is not None and today > deadline


def days_left(deadline: date | None, today: date) -> int | None:
    """Days from ``today`` to the deadline (0 on the day, negative once overdue)."""
    return None if deadline is None else (deadline - today).days


def _is_done(percent: float | None, closed: bool) -> bool:
    return closed or (percent is not None and percent >= 100)


def task_status(percent: float | None, expected: float | None, deadline: date | None, today: date, *,
                closed: bool = False, reported: bool = True, tolerance: float = 10) -> Status:
    """The status of a task on ``today`` (see the module docstring for the table).

    >>> from datetime import date
    >>> d, t = date(2025, 12, 31), date(2025, 6, 30)           # e = 49.6 on 30 Jun
    >>> [task_status(p, 49.6, d, t).value for p in (100, 70, 59.6, 39.6, 39.5)]
    ['已完成', '超进度', '达进度', '达进度', '欠进度']
    >>> task_status(90, 100.0, date(2025, 6, 30), date(2025, 7, 1)).value
    '逾期'
    >>> task_status(None, 49.6, d, t).value, task_status(60, 49.6, d, t, reported=False).value
    ('未报送', '未报送')
    >>> task_status(0, None, None, t).value                    # long-term task that reported
    '达进度'
    >>> task_status(30, 100.0, d, t, closed=True).value        # closed (销号) wins
    '已完成'
    """
    if _is_done(percent, closed):
        return Status.DONE
    if is_overdue(deadline, today):
        return Status.OVERDUE
    if not reported or percent is None:
        return Status.NOT_REPORTED
    if deadline is None or expected is None:
        return Status.ON_TRACK
    if percent < expected - tolerance:
        return Status.BEHIND
    if percent > expected + tolerance:
        return Status.AHEAD
    return Status.ON_TRACK


def _is_near(deadline: date | None, today: date, near_days: int) -> bool:
    return deadline is not None and 0 <= (deadline - today).days <= near_days


def light(percent: float | None, expected: float | None, deadline: date | None, today: date, *,
          closed: bool = False, reported: bool = True, tolerance: float = 10,
          red_gap: float = 30, near_days: int = 15) -> Light:
    """The light (亮灯) of a task on ``today`` (see the module docstring for the table).

    >>> from datetime import date
    >>> d, t = date(2025, 12, 31), date(2025, 6, 30)           # e = 49.6
    >>> [light(p, 49.6, d, t).value for p in (100, 60, 39.6, 39.5, 19.6, 19.5)]
    ['green', 'green', 'green', 'yellow', 'yellow', 'red']
    >>> light(95, 98.0, date(2025, 7, 10), t).label           # 10 days left, not done
    '黄灯'
    >>> light(None, 49.6, d, t).value, light(None, 100.0, date(2025, 6, 1), t).value
    ('yellow', 'red')
    >>> light(0, None, None, t).value                          # long-term, reported
    'green'
    """
    if _is_done(percent, closed):
        return Light.GREEN
    if is_overdue(deadline, today):
        return Light.RED
    reported = reported and percent is not None
    gap = None if (not reported or expected is None or deadline is None) else expected - percent
    if gap is not None and gap > red_gap:
        return Light.RED
    if not reported:
        return Light.YELLOW
    if gap is not None and gap > tolerance:
        return Light.YELLOW
    if _is_near(deadline, today, near_days):
        return Light.YELLOW
    return Light.GREEN


def notice_colour(percent: float | None, expected: float | None, deadline: date | None, today: date, *,
                  closed: bool = False, reported: bool = True, tolerance: float = 10,
                  near_days: int = 15) -> NoticeColour | None:
    """The 督办单 colour a task calls for on ``today``, or None.

    >>> from datetime import date
    >>> t = date(2025, 6, 30)
    >>> notice_colour(20, 49.6, date(2025, 7, 10), t).value   # behind and near: yellow beats blue
    'yellow'
    >>> notice_colour(90, 98.0, date(2025, 7, 10), t).value
    'blue'
    >>> notice_colour(90, 100.0, date(2025, 6, 29), t).value
    'red'
    >>> notice_colour(50, 49.6, date(2025, 12, 31), t) is None
    True
    """
    if _is_done(percent, closed):
        return None
    if is_overdue(deadline, today):
        return NoticeColour.RED
    if (reported and percent is not None and expected is not None and deadline is not None
            and percent < expected - tolerance):
        return NoticeColour.YELLOW
    if _is_near(deadline, today, near_days):
        return NoticeColour.BLUE
    return None


def evaluate(task: TaskTiming, latest_percent: float | None, today: date,
             settings: RuleSettings | None = None, *, reported: bool | None = None) -> Evaluation:
    """Status, light, 督办单 colour and 序时进度 of one task on ``today``.

    :param task: the task's timing
    :param latest_percent: the latest reported percent, or None if none is on file
    :param today: the report date
    :param settings: rule settings (defaults from DESIGN.md)
    :param reported: whether the task reported for the current period; default:
        ``latest_percent is not None``

    >>> from datetime import date
    >>> ev = evaluate(TaskTiming(date(2025, 1, 1), date(2025, 12, 31)), 45, date(2025, 6, 30))
    >>> ev.expected, ev.status.value, ev.light.label, ev.notice_colour
    (49.6, '达进度', '绿灯', None)
    >>> ev = evaluate(TaskTiming(date(2025, 1, 1), date(2025, 12, 31)), 30, date(2025, 6, 30))
    >>> ev.status.value, ev.light.label, ev.notice_colour.label
    ('欠进度', '黄灯', '黄色督办单')
    """
    s = settings or RuleSettings()
    rep = (latest_percent is not None) if reported is None else reported
    e = expected_percent(task.start, task.deadline, today, task.milestones)
    common = dict(closed=task.closed, reported=rep, tolerance=s.tolerance)
    return Evaluation(
        status=task_status(latest_percent, e, task.deadline, today, **common),
        light=light(latest_percent, e, task.deadline, today, red_gap=s.red_gap,
                    near_days=s.near_days, **common),
        notice_colour=notice_colour(latest_percent, e, task.deadline, today,
                                    near_days=s.near_days, **common),
        expected=e,
        percent=latest_percent,
    )
