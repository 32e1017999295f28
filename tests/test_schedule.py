"""序时进度, status, lights, 督办单 colours and settings (govtrack.rules.schedule)."""

from __future__ import annotations

import doctest
from datetime import date, timedelta

import pytest
from hypothesis import given, settings, strategies as st

from govtrack.rules import schedule
from govtrack.rules.schedule import (
    Evaluation, Light, Milestone, NoticeColour, RuleSettings, Status, TaskTiming, days_left, evaluate,
    expected_percent, is_overdue, light, notice_colour, task_status,
)

JAN1, DEC31 = date(2025, 1, 1), date(2025, 12, 31)
JUN30 = date(2025, 6, 30)  # e = 181/365 = 49.6


def test_doctests():
    res = doctest.testmod(schedule)
    assert res.failed == 0 and res.attempted >= 20


# --- 序时进度 -------------------------------------------------------------------

@pytest.mark.parametrize("start,deadline,today,want", [
    (JAN1, DEC31, date(2024, 12, 31), 0.0),     # before the start
    (JAN1, DEC31, JAN1, 0.3),                    # 1/365, end of the first day
    (JAN1, DEC31, date(2025, 1, 31), 8.5),       # 31/365
    (JAN1, DEC31, date(2025, 2, 28), 16.2),      # 59/365
    (JAN1, DEC31, date(2025, 3, 31), 24.7),      # 90/365
    (JAN1, DEC31, JUN30, 49.6),                  # 181/365
    (JAN1, DEC31, date(2025, 7, 2), 50.1),       # 183/365
    (JAN1, DEC31, date(2025, 9, 30), 74.8),      # 273/365
    (JAN1, DEC31, date(2025, 12, 30), 99.7),
    (JAN1, DEC31, DEC31, 100.0),
    (JAN1, DEC31, date(2026, 1, 15), 100.0),     # clamped
    (JAN1, JUN30, date(2025, 3, 31), 49.7),      # 90/181
    (JAN1, date(2025, 9, 30), JUN30, 66.3),      # 181/273
    (date(2024, 1, 1), date(2024, 12, 31), date(2024, 2, 29), 16.4),  # leap year: 60/366
    (date(2024, 1, 1), date(2024, 12, 31), date(2024, 6, 30), 49.7),  # 182/366
    (date(2025, 3, 1), date(2025, 3, 10), date(2025, 3, 5), 50.0),    # 5/10
    (JAN1, JAN1, JAN1, 100.0),                   # one-day task, on its day
    (JAN1, JAN1, date(2024, 12, 31), 0.0),
    (JAN1, date(2024, 12, 31), JUN30, 100.0),    # deadline before the start: all gone
])
def test_expected_percent_straight(start, deadline, today, want):
    assert expected_percent(start, deadline, today) == want


def test_expected_percent_long_term_is_none():
    assert expected_percent(JAN1, None, JUN30) is None
    assert expected_percent(JAN1, None, JUN30, [Milestone(JUN30, 50)]) is None


def test_expected_percent_rounds_half_up():
    # 3 of 8 days = 37.5 exactly → stays; 1 of 16 = 6.25 → 6.3 (half up, not banker's 6.2)
    start = date(2025, 3, 1)
    assert expected_percent(start, start + timedelta(days=7), start + timedelta(days=2)) == 37.5
    assert expected_percent(start, start + timedelta(days=15), start) == 6.3


class TestMilestones:
    def test_explicit_share(self):
        ms = [Milestone(JUN30, 80)]
        assert expected_percent(JAN1, DEC31, JUN30, ms) == 80.0
        assert expected_percent(JAN1, DEC31, date(2025, 3, 31), ms) == 39.8   # 80 × 90/181
        # after the node: 80 → 100 over the second half (184 days); 30 Sep = day 92 of it
        assert expected_percent(JAN1, DEC31, date(2025, 9, 30), ms) == 90.0
        assert expected_percent(JAN1, DEC31, DEC31, ms) == 100.0

    def test_evenly_spaced_when_no_share(self):
        ms = [Milestone(date(2025, 6, 30)), Milestone(date(2025, 3, 31))]  # order does not matter
        assert expected_percent(JAN1, DEC31, date(2025, 3, 31), ms) == 33.3
        assert expected_percent(JAN1, DEC31, date(2025, 6, 30), ms) == 66.7
        assert expected_percent(JAN1, DEC31, DEC31, ms) == 100.0

    def test_mixed_known_and_unknown(self):
        # nodes: start 0, Mar 31 ?, Jun 30 60, Sep 30 ?, Dec 31 100 → ? = 30 and 80
        ms = [Milestone(date(2025, 3, 31)), Milestone(JUN30, 60), Milestone(date(2025, 9, 30))]
        assert expected_percent(JAN1, DEC31, date(2025, 3, 31), ms) == 30.0
        assert expected_percent(JAN1, DEC31, JUN30, ms) == 60.0
        assert expected_percent(JAN1, DEC31, date(2025, 9, 30), ms) == 80.0

    def test_node_on_deadline_without_share_is_the_finish(self):
        ms = [Milestone(JUN30), Milestone(DEC31)]
        assert expected_percent(JAN1, DEC31, JUN30, ms) == 50.0
        assert expected_percent(JAN1, DEC31, date(2025, 3, 31), ms) == 24.9   # 50 × 90/181

    def test_nodes_outside_the_span_are_ignored(self):
        ms = [Milestone(date(2024, 6, 30), 90), Milestone(date(2026, 3, 31), 10)]
        assert expected_percent(JAN1, DEC31, JUN30, ms) == expected_percent(JAN1, DEC31, JUN30)

    def test_before_start_and_after_deadline(self):
        ms = [Milestone(JUN30, 80)]
        assert expected_percent(JAN1, DEC31, date(2024, 11, 1), ms) == 0.0
        assert expected_percent(JAN1, DEC31, date(2026, 2, 1), ms) == 100.0


@settings(max_examples=200, deadline=None)
@given(st.dates(date(2024, 1, 1), date(2026, 12, 31)), st.integers(0, 800),
       st.dates(date(2023, 6, 1), date(2028, 1, 1)), st.integers(1, 60))
def test_expected_percent_bounded_and_monotonic(start, span, today, step):
    deadline = start + timedelta(days=span)
    a = expected_percent(start, deadline, today)
    b = expected_percent(start, deadline, today + timedelta(days=step))
    assert 0.0 <= a <= b <= 100.0


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 364), st.one_of(st.none(), st.integers(0, 100))), max_size=5),
       st.integers(0, 400))
def test_expected_percent_with_milestones_bounded(nodes, day):
    ms = [Milestone(JAN1 + timedelta(days=d), p) for d, p in nodes]
    e = expected_percent(JAN1, DEC31, JAN1 + timedelta(days=day), ms)
    assert 0.0 <= e <= 100.0


# --- status ----------------------------------------------------------------------

S = Status
STATUS_CASES = [
    # percent, expected, deadline, today, kwargs, want
    (100, 49.6, DEC31, JUN30, {}, S.DONE),
    (100, 100.0, JUN30, date(2025, 7, 5), {}, S.DONE),               # done late is still done
    (30, 49.6, DEC31, JUN30, {"closed": True}, S.DONE),              # 销号
    (None, 49.6, DEC31, JUN30, {"closed": True}, S.DONE),
    (99.9, 100.0, JUN30, date(2025, 7, 1), {}, S.OVERDUE),
    (None, 100.0, JUN30, date(2025, 7, 1), {}, S.OVERDUE),           # overdue beats unreported
    (50, 100.0, JUN30, date(2025, 7, 1), {"reported": False}, S.OVERDUE),
    (50, 100.0, JUN30, JUN30, {}, S.BEHIND),                         # deadline day is not overdue
    (None, 49.6, DEC31, JUN30, {}, S.NOT_REPORTED),
    (80, 49.6, DEC31, JUN30, {"reported": False}, S.NOT_REPORTED),
    (39.5, 49.6, DEC31, JUN30, {}, S.BEHIND),
    (39.6, 49.6, DEC31, JUN30, {}, S.ON_TRACK),                      # exactly e − 10
    (49.6, 49.6, DEC31, JUN30, {}, S.ON_TRACK),
    (59.6, 49.6, DEC31, JUN30, {}, S.ON_TRACK),                      # exactly e + 10
    (59.7, 49.6, DEC31, JUN30, {}, S.AHEAD),
    (44, 49.6, DEC31, JUN30, {"tolerance": 5}, S.BEHIND),
    (44, 49.6, DEC31, JUN30, {"tolerance": 10}, S.ON_TRACK),
    (0, 0.3, DEC31, JAN1, {}, S.ON_TRACK),
    # long-term tasks: never behind or overdue by time
    (0, None, None, JUN30, {}, S.ON_TRACK),
    (5, None, None, date(2030, 1, 1), {}, S.ON_TRACK),
    (None, None, None, JUN30, {}, S.NOT_REPORTED),
    (100, None, None, JUN30, {}, S.DONE),
]


@pytest.mark.parametrize("p,e,deadline,today,kw,want", STATUS_CASES)
def test_task_status(p, e, deadline, today, kw, want):
    assert task_status(p, e, deadline, today, **kw) is want


def test_status_values_are_chinese_labels():
    assert [s.value for s in Status] == ["已完成", "超进度", "达进度", "欠进度", "逾期", "未报送"]
    assert str(Status.OVERDUE) == "逾期"
    assert Status("欠进度") is Status.BEHIND


# --- lights ------------------------------------------------------------------------

L = Light
LIGHT_CASES = [
    (100, 49.6, DEC31, JUN30, {}, L.GREEN),
    (10, 100.0, JUN30, date(2025, 7, 9), {"closed": True}, L.GREEN),
    (70, 49.6, DEC31, JUN30, {}, L.GREEN),                  # ahead
    (39.6, 49.6, DEC31, JUN30, {}, L.GREEN),                # within tolerance
    (39.5, 49.6, DEC31, JUN30, {}, L.YELLOW),               # just behind
    (19.6, 49.6, DEC31, JUN30, {}, L.YELLOW),               # exactly 30 behind
    (19.5, 49.6, DEC31, JUN30, {}, L.RED),                  # more than 30 behind
    (0, 49.6, DEC31, JUN30, {}, L.RED),
    (90, 100.0, JUN30, date(2025, 7, 1), {}, L.RED),        # overdue
    (None, 100.0, JUN30, date(2025, 7, 1), {}, L.RED),      # overdue and unreported
    (None, 49.6, DEC31, JUN30, {}, L.YELLOW),               # unreported
    (60, 49.6, DEC31, JUN30, {"reported": False}, L.YELLOW),
    (95, 95.0, date(2025, 7, 15), JUN30, {}, L.YELLOW),     # deadline in 15 days
    (95, 95.0, date(2025, 7, 16), JUN30, {}, L.GREEN),      # 16 days: not near yet
    (99, 100.0, JUN30, JUN30, {}, L.YELLOW),                # due today
    (95, 95.0, date(2025, 7, 10), JUN30, {"near_days": 5}, L.GREEN),
    (35, 49.6, DEC31, JUN30, {"red_gap": 10, "tolerance": 10}, L.RED),
    (0, None, None, JUN30, {}, L.GREEN),                    # long-term, reported
    (None, None, None, JUN30, {}, L.YELLOW),                # long-term, unreported
]


@pytest.mark.parametrize("p,e,deadline,today,kw,want", LIGHT_CASES)
def test_light(p, e, deadline, today, kw, want):
    assert light(p, e, deadline, today, **kw) is want


def test_light_labels():
    assert [(x.value, x.label) for x in Light] == [("green", "绿灯"), ("yellow", "黄灯"), ("red", "红灯")]


# --- 督办单 colours ------------------------------------------------------------------

N = NoticeColour
NOTICE_CASES = [
    (100, 100.0, JUN30, date(2025, 7, 1), {}, None),        # done: nothing to chase
    (90, 100.0, JUN30, date(2025, 7, 1), {}, N.RED),
    (20, 49.6, date(2025, 7, 10), JUN30, {}, N.YELLOW),     # behind and near: yellow beats blue
    (39.5, 49.6, DEC31, JUN30, {}, N.YELLOW),
    (39.6, 49.6, DEC31, JUN30, {}, None),                   # within tolerance: no notice
    (95, 95.0, date(2025, 7, 15), JUN30, {}, N.BLUE),
    (None, 95.0, date(2025, 7, 15), JUN30, {}, N.BLUE),     # unreported but near
    (None, 49.6, DEC31, JUN30, {}, None),                   # unreported: 催报, not a 督办单
    (0, None, None, JUN30, {}, None),                       # long-term
    (44, 49.6, DEC31, JUN30, {"tolerance": 5}, N.YELLOW),
]


@pytest.mark.parametrize("p,e,deadline,today,kw,want", NOTICE_CASES)
def test_notice_colour(p, e, deadline, today, kw, want):
    assert notice_colour(p, e, deadline, today, **kw) is want


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.none(), st.floats(0, 100)), st.dates(date(2025, 1, 1), date(2026, 3, 1)),
       st.one_of(st.none(), st.dates(date(2025, 1, 1), date(2025, 12, 31))), st.booleans())
def test_rules_agree_with_each_other(p, today, deadline, closed):
    e = expected_percent(JAN1, deadline, today)
    s = task_status(p, e, deadline, today, closed=closed)
    lt = light(p, e, deadline, today, closed=closed)
    nc = notice_colour(p, e, deadline, today, closed=closed)
    if s is Status.DONE:
        assert lt is Light.GREEN and nc is None
    if s is Status.OVERDUE:
        assert lt is Light.RED and nc is NoticeColour.RED
    if s is Status.BEHIND:
        assert lt in (Light.YELLOW, Light.RED) and nc is NoticeColour.YELLOW
    if s in (Status.AHEAD, Status.ON_TRACK):
        assert lt is not Light.RED and nc in (None, NoticeColour.BLUE)
    if deadline is None:
        assert s in (Status.DONE, Status.ON_TRACK, Status.NOT_REPORTED)


def test_overdue_and_days_left():
    assert not is_overdue(JUN30, JUN30) and is_overdue(JUN30, date(2025, 7, 1))
    assert not is_overdue(None, date(2099, 1, 1))
    assert days_left(JUN30, date(2025, 6, 20)) == 10
    assert days_left(JUN30, date(2025, 7, 2)) == -2
    assert days_left(None, JUN30) is None


# --- settings --------------------------------------------------------------------------

def test_settings_defaults():
    s = RuleSettings()
    assert (s.tolerance, s.red_gap, s.near_days) == (10, 30, 15)
    assert s.start_for(2025) == JAN1 and s.end_for(2025) == DEC31
    assert s.task_lead_days == (15, 7, 1) and s.report_lead_days == 3


def test_settings_from_dict():
    s = RuleSettings.from_dict({
        "rules.tolerance": "5", "red_gap": 25, "near_days": "10", "default_start": "3-1",
        "default_end": [11, 30], "task_lead_days": "1, 7, 30", "move_to_workday": "false",
        "report_rule": "quarterly", "theme": "dark", "report_lead_days": None,
    })
    assert s.tolerance == 5.0 and s.red_gap == 25.0 and s.near_days == 10
    assert s.start_for(2025) == date(2025, 3, 1) and s.end_for(2025) == date(2025, 11, 30)
    assert s.task_lead_days == (30, 7, 1)
    assert s.move_to_workday is False and s.report_rule == "quarterly"
    assert s.report_lead_days == 3  # None keeps the default
    assert RuleSettings.from_dict({}) == RuleSettings() == RuleSettings.from_dict(None)
    assert RuleSettings.from_dict({"default_end": "12月31日"}).end_for(2025) == DEC31
    as_json = RuleSettings.from_dict({"task_lead_days": "[15, 7, 1]", "default_start": "[2, 1]"})
    assert as_json.task_lead_days == (15, 7, 1) and as_json.start_for(2025) == date(2025, 2, 1)


def test_settings_end_on_29_feb():
    s = RuleSettings(default_end=(2, 29))
    assert s.end_for(2024) == date(2024, 2, 29) and s.end_for(2025) == date(2025, 2, 28)


@pytest.mark.parametrize("d", [
    {"tolerance": -1}, {"tolerance": 40}, {"red_gap": 5}, {"near_days": -3},
    {"default_end": "2-30"}, {"default_start": "13-1"}, {"tolerance": "abc"},
])
def test_settings_reject_nonsense(d):
    with pytest.raises(ValueError):
        RuleSettings.from_dict(d)


def test_settings_frozen():
    with pytest.raises(Exception):
        RuleSettings().tolerance = 3  # type: ignore[misc]


# --- evaluate ----------------------------------------------------------------------------

def test_evaluate_plain():
    ev = evaluate(TaskTiming(JAN1, DEC31), 30, JUN30)
    assert ev == Evaluation(Status.BEHIND, Light.YELLOW, NoticeColour.YELLOW, 49.6, 30)


def test_evaluate_uses_settings():
    t = TaskTiming(JAN1, DEC31)
    assert evaluate(t, 30, JUN30, RuleSettings(tolerance=20, red_gap=40)).status is Status.ON_TRACK
    assert evaluate(t, 15, JUN30).light is Light.RED
    assert evaluate(t, 15, JUN30, RuleSettings(red_gap=40)).light is Light.YELLOW
    near = TaskTiming(JAN1, date(2025, 7, 10))
    assert evaluate(near, 99, JUN30).light is Light.YELLOW
    assert evaluate(near, 99, JUN30, RuleSettings(near_days=5)).light is Light.GREEN


def test_evaluate_milestones_closed_long_term_unreported():
    with_node = TaskTiming(JAN1, DEC31, milestones=(Milestone(date(2025, 3, 31), 80),))
    ev = evaluate(with_node, 50, date(2025, 3, 31))
    assert ev.expected == 80.0 and ev.status is Status.BEHIND and ev.light is Light.YELLOW
    assert evaluate(TaskTiming(JAN1, DEC31, closed=True), 20, JUN30).status is Status.DONE
    lt = evaluate(TaskTiming(JAN1, None), 0, JUN30)
    assert (lt.status, lt.light, lt.notice_colour, lt.expected) == (Status.ON_TRACK, Light.GREEN, None, None)
    un = evaluate(TaskTiming(JAN1, DEC31), None, JUN30)
    assert (un.status, un.light) == (Status.NOT_REPORTED, Light.YELLOW)
    stale = evaluate(TaskTiming(JAN1, DEC31), 60, JUN30, reported=False)
    assert stale.status is Status.NOT_REPORTED and stale.percent == 60
    over = evaluate(TaskTiming(JAN1, JUN30), 80, date(2025, 7, 1))
    assert (over.status, over.light, over.notice_colour) == (Status.OVERDUE, Light.RED, NoticeColour.RED)


def test_rules_are_pure_no_qt_no_sqlite():
    import subprocess
    import sys
    code = ("import sys, govtrack.rules; "
            "bad = [m for m in ('PySide6', 'sqlite3', 'sqlite_utils', 'reportlab') if m in sys.modules]; "
            "print(bad); sys.exit(1 if bad else 0)")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr
