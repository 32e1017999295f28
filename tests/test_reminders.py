"""Reporting due days, 催报, task and 节点 reminders, acknowledgements (govtrack.rules.reminders).

Holiday facts used here were checked with chinesecalendar 1.11, not assumed:
2023-01-21..27 Spring Festival (28, 29 Jan worked); 2023-06-25 Sunday worked
(Dragon Boat 调休); 2023-09-29..10-06 Mid-Autumn + National Day (7, 8 Oct
worked); 2024-02-25 Sunday rest; 2024-10-20 Sunday rest.
"""

from __future__ import annotations

import doctest
from datetime import date, timedelta

import pytest
from hypothesis import given, settings, strategies as st

from govtrack.rules import reminders
from govtrack.rules.reminders import (
    Ack, DueDates, Reminder, TaskDue, current_round, due_reminders, holiday_data_available,
    holiday_data_warning, is_workday, previous_workday, reporting_due_dates,
)
from govtrack.rules.schedule import Milestone

D = date


def test_doctests():
    res = doctest.testmod(reminders)
    assert res.failed == 0 and res.attempted >= 2


# --- working days ------------------------------------------------------------------

@pytest.mark.parametrize("day,want", [
    (D(2023, 6, 25), True),    # Sunday, worked (Dragon Boat 调休)
    (D(2023, 6, 23), False),   # Friday, Dragon Boat holiday
    (D(2023, 10, 2), False),   # National Day
    (D(2023, 10, 7), True),    # Saturday, worked
    (D(2023, 1, 25), False),   # Wednesday, Spring Festival
    (D(2023, 1, 29), True),    # Sunday, worked
    (D(2024, 2, 25), False),   # Sunday, rest
    (D(2024, 2, 29), True),    # leap day, Thursday
    (D(2099, 1, 24), False),   # Saturday in an uncovered year: weekends only
    (D(2099, 1, 1), True),     # New Year's Day 2099, but no holiday data: counted as a working day
])
def test_is_workday(day, want):
    assert is_workday(day) is want


def test_previous_workday():
    assert previous_workday(D(2023, 10, 5)) == D(2023, 9, 28)   # over National Day + Mid-Autumn
    assert previous_workday(D(2023, 10, 25)) == D(2023, 10, 25)
    assert previous_workday(D(2024, 1, 1)) == D(2023, 12, 29)   # across the turn of the year


def test_holiday_data_coverage():
    assert holiday_data_available(2023) and holiday_data_available(2024)
    assert not holiday_data_available(2099)
    assert holiday_data_warning([2023, 2024]) is None
    w = holiday_data_warning([2024, 2099])
    assert "2099年" in w and "2024" not in w and "周末" in w


# --- reporting due dates ---------------------------------------------------------

def test_monthly_2023_moves_off_holidays_and_weekends():
    assert reporting_due_dates("monthly", D(2023, 1, 1), D(2023, 12, 31)) == [
        D(2023, 1, 20),   # 25 Jan: Spring Festival → Friday 20 Jan (21 Jan Sat is a holiday)
        D(2023, 2, 24),   # Saturday → Friday
        D(2023, 3, 24),   # Saturday → Friday
        D(2023, 4, 25),
        D(2023, 5, 25),
        D(2023, 6, 25),   # Sunday, but a 调休 working day: stays
        D(2023, 7, 25),
        D(2023, 8, 25),
        D(2023, 9, 25),
        D(2023, 10, 25),  # Wednesday after the National Day week
        D(2023, 11, 24),  # Saturday → Friday
        D(2023, 12, 25),
    ]


def test_monthly_2024_february_of_a_leap_year():
    got = reporting_due_dates("monthly", D(2024, 2, 1), D(2024, 2, 29))
    assert got == [D(2024, 2, 23)]    # Sunday 25 Feb → Friday 23 Feb
    assert got.warning is None and got.calendar_complete
    assert isinstance(got, DueDates) and isinstance(got, list)


def test_month_end_rule_across_month_ends_and_leap_day():
    got = reporting_due_dates("FREQ=MONTHLY;BYMONTHDAY=-1", D(2023, 9, 1), D(2024, 3, 31))
    assert got == [
        D(2023, 9, 28),   # 30 Sep: Mid-Autumn/National Day holiday (29 Sep too) → Thursday 28 Sep
        D(2023, 10, 31), D(2023, 11, 30),
        D(2023, 12, 29),  # Sunday 31 Dec → Friday 29 Dec
        D(2024, 1, 31),
        D(2024, 2, 29),   # the leap day itself, a Thursday
        D(2024, 3, 29),   # Sunday 31 Mar → Friday 29 Mar
    ]


def test_day_29_exists_only_in_leap_februaries():
    got = reporting_due_dates("FREQ=MONTHLY;BYMONTHDAY=29", D(2023, 1, 1), D(2024, 3, 31))
    assert D(2024, 2, 29) in got
    assert not any(d.month == 2 and d.year == 2023 for d in got)
    assert D(2023, 1, 29) in got      # a Sunday worked after Spring Festival


def test_quarterly():
    assert reporting_due_dates("quarterly", D(2024, 1, 1), D(2024, 12, 31)) == [
        D(2024, 1, 19),   # Saturday 20 Jan → Friday
        D(2024, 4, 19),   # Saturday 20 Apr → Friday
        D(2024, 7, 19),   # Saturday 20 Jul → Friday
        D(2024, 10, 18),  # Sunday 20 Oct → Friday
    ]
    assert reporting_due_dates("quarterly", D(2023, 10, 1), D(2023, 10, 31)) == [D(2023, 10, 20)]  # Friday


def test_national_day_week_moves_a_5th_of_month_report_into_september():
    got = reporting_due_dates("FREQ=MONTHLY;BYMONTHDAY=5", D(2023, 9, 1), D(2023, 10, 31))
    assert got == [D(2023, 9, 5), D(2023, 9, 28)]
    # the round keeps its own period name even though its day moved into September
    rnd = current_round(D(2023, 9, 29), "FREQ=MONTHLY;BYMONTHDAY=5")
    assert (rnd.period, rnd.due_date, rnd.rule_date) == ("2023-10", D(2023, 9, 28), D(2023, 10, 5))


def test_window_counts_the_moved_day():
    # raw 25 Feb 2024 is outside a window ending 24 Feb, but it moves to 23 Feb: kept
    assert reporting_due_dates("monthly", D(2024, 2, 20), D(2024, 2, 24)) == [D(2024, 2, 23)]
    # and a window holding only the raw day does not get it
    assert reporting_due_dates("monthly", D(2024, 2, 24), D(2024, 2, 26)) == []


def test_turn_of_the_year():
    got = reporting_due_dates("monthly", D(2023, 12, 1), D(2024, 1, 31))
    assert got == [D(2023, 12, 25), D(2024, 1, 25)]
    assert reporting_due_dates("FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=1", D(2023, 6, 1), D(2024, 6, 1)) == [
        D(2023, 12, 29)]   # 1 Jan 2024 is New Year's Day, 30–31 Dec a weekend


def test_no_move_when_switched_off():
    got = reporting_due_dates("monthly", D(2023, 1, 1), D(2023, 3, 31), move_to_workday=False)
    assert got == [D(2023, 1, 25), D(2023, 2, 25), D(2023, 3, 25)]
    assert got.warning is None


def test_rrule_string_forms():
    a = reporting_due_dates("FREQ=MONTHLY;BYMONTHDAY=25", D(2023, 1, 1), D(2023, 12, 31))
    b = reporting_due_dates("RRULE:FREQ=MONTHLY;BYMONTHDAY=25", D(2023, 1, 1), D(2023, 12, 31))
    c = reporting_due_dates("monthly", D(2023, 1, 1), D(2023, 12, 31))
    assert a == b == c
    weekly = reporting_due_dates("FREQ=WEEKLY;BYDAY=FR", D(2023, 9, 25), D(2023, 10, 13))
    # Fridays 29 Sep and 6 Oct are holidays: both move to Thursday 28 Sep, listed once
    assert weekly == [D(2023, 9, 28), D(2023, 10, 13)]
    rnd = current_round(D(2023, 10, 10), "FREQ=WEEKLY;BYDAY=FR", report_lead_days=3)
    assert (rnd.period, rnd.due_date) == ("2023-10-13", D(2023, 10, 13))


@pytest.mark.parametrize("bad", ["every month", "FREQ=SOMETIMES", "", "BYMONTHDAY=40;FREQ=MONTHLY",
                                 "FREQ=MONTHLY;BYMONTHDAY=25;UNTIL=20000101"])
def test_bad_rule(bad):
    with pytest.raises(ValueError) as e:
        reporting_due_dates(bad, D(2023, 1, 1), D(2023, 12, 31))
    assert "报送规则" in str(e.value)


def test_uncovered_year_falls_back_to_weekends_with_warning():
    got = reporting_due_dates("monthly", D(2099, 1, 1), D(2099, 12, 31))
    assert len(got) == 12
    assert all(d.weekday() < 5 for d in got)
    assert got[0] == D(2099, 1, 23)   # Sunday 25 Jan 2099 → Friday
    assert not got.calendar_complete
    assert "2099年" in got.warning and "法定节假日" in got.warning


def test_window_spanning_covered_and_uncovered_years():
    got = reporting_due_dates("monthly", D(2026, 11, 1), D(2027, 2, 28))
    assert got[:2] == [D(2026, 11, 25), D(2026, 12, 25)]
    assert "2027年" in got.warning and "2026" not in got.warning
    assert reporting_due_dates("monthly", D(2026, 1, 1), D(2026, 12, 31)).warning is None


# --- the current round -------------------------------------------------------------

@pytest.mark.parametrize("today,period,due", [
    (D(2023, 10, 21), "2023-09", D(2023, 9, 25)),   # before the lead window: still chasing Sept
    (D(2023, 10, 22), "2023-10", D(2023, 10, 25)),  # 3 days before: the October round
    (D(2023, 10, 26), "2023-10", D(2023, 10, 25)),
    (D(2024, 2, 19), "2024-01", D(2024, 1, 25)),
    (D(2024, 2, 20), "2024-02", D(2024, 2, 23)),    # window counts from the moved day
    (D(2024, 2, 24), "2024-02", D(2024, 2, 23)),    # the 25th has not come, but the due day has passed
    (D(2024, 1, 1), "2023-12", D(2023, 12, 25)),    # turn of the year
    (D(2024, 1, 22), "2024-01", D(2024, 1, 25)),
])
def test_current_round(today, period, due):
    rnd = current_round(today, "monthly")
    assert (rnd.period, rnd.due_date) == (period, due)


def test_current_round_quarterly():
    assert current_round(D(2024, 3, 1), "quarterly").period == "2024-01"
    assert current_round(D(2024, 4, 16), "quarterly").period == "2024-04"   # due Fri 19 Apr, lead 3
    assert current_round(D(2024, 4, 15), "quarterly", report_lead_days=7).period == "2024-04"


# --- reporting reminders -----------------------------------------------------------

UNITS = {"市财政局": True, "市发改委": False, "市教育局": False}


def test_report_due_in_the_lead_window():
    assert [r.kind for r in due_reminders(D(2023, 10, 21), units_reported={})] == []
    got = due_reminders(D(2023, 10, 22), units_reported=UNITS)
    assert len(got) == 1
    r = got[0]
    assert (r.key, r.kind, r.date, r.days, r.unit, r.task_id) == (
        "report:2023-10:due", "report_due", D(2023, 10, 25), 3, None, None)
    assert "2023年10月25日" in r.message and "还有3天" in r.message
    assert "2个单位未报送" in r.message and "市发改委" in r.message and "市财政局" not in r.message
    assert due_reminders(D(2023, 10, 25), units_reported=UNITS)[0].message.count("今天到期") == 1


def test_report_due_not_shown_when_everyone_reported():
    assert due_reminders(D(2023, 10, 23), units_reported={"市财政局": True}) == []


def test_unit_late_after_the_due_day():
    got = due_reminders(D(2023, 10, 26), units_reported=UNITS)
    assert [r.key for r in got] == ["report:2023-10:unit:市发改委", "report:2023-10:unit:市教育局"]
    assert all(r.kind == "unit_late" and r.days == -1 for r in got)
    assert "催报" in got[0].message and got[0].unit == "市发改委"


def test_unit_late_uses_the_moved_due_day():
    got = due_reminders(D(2024, 2, 24), units_reported={"市发改委": False})
    assert [(r.kind, r.key, r.date) for r in got] == [("unit_late", "report:2024-02:unit:市发改委", D(2024, 2, 23))]


def test_unit_late_ack_holds_until_the_next_round():
    first = due_reminders(D(2023, 10, 26), units_reported={"市发改委": False})[0]
    acks = {first.key: Ack("ack", None, first.fingerprint)}
    assert due_reminders(D(2023, 11, 10), units_reported={"市发改委": False}, acks=acks) == []
    nxt = due_reminders(D(2023, 11, 25), units_reported={"市发改委": False}, acks=acks)
    assert [r.key for r in nxt] == ["report:2023-11:unit:市发改委"]   # Nov due moved to Fri 24th


def test_quarterly_report_reminders():
    got = due_reminders(D(2024, 10, 16), units_reported={"市财政局": False}, rule="quarterly")
    assert [(r.kind, r.date) for r in got] == [("report_due", D(2024, 10, 18))]
    got = due_reminders(D(2024, 10, 19), units_reported={"市财政局": False}, rule="quarterly")
    assert [r.key for r in got] == ["report:2024-10:unit:市财政局"]


# --- task reminders ------------------------------------------------------------------

def task(**kw) -> TaskDue:
    base = dict(task_id=12, seq="12", content="推进潜江市城区老旧小区改造，全年改造老旧小区30个",
                lead_units=("市住建局", "市财政局"), deadline=D(2024, 3, 15), percent=40.0)
    base.update(kw)
    return TaskDue(**base)


def kinds_keys(today, tasks, **kw):
    return [(r.kind, r.key) for r in due_reminders(today, tasks=tasks, rule="FREQ=YEARLY;BYMONTH=7;BYMONTHDAY=1", **kw)]


@pytest.mark.parametrize("today,want", [
    (D(2024, 2, 28), []),                                              # 16 days left
    (D(2024, 2, 29), [("task_deadline", "task:12:deadline:15")]),      # leap day = D-15
    (D(2024, 3, 7), [("task_deadline", "task:12:deadline:15")]),       # 8 days
    (D(2024, 3, 8), [("task_deadline", "task:12:deadline:7")]),        # D-7
    (D(2024, 3, 14), [("task_deadline", "task:12:deadline:1")]),       # D-1
    (D(2024, 3, 15), [("task_deadline", "task:12:deadline:1")]),       # the day itself
    (D(2024, 3, 16), [("task_overdue", "task:12:overdue")]),
    (D(2024, 9, 1), [("task_overdue", "task:12:overdue")]),
])
def test_task_deadline_leads(today, want):
    assert kinds_keys(today, [task()]) == want


def test_task_reminder_contents():
    r = due_reminders(D(2024, 3, 8), tasks=[task()], rule="quarterly")
    r = [x for x in r if x.task_id == 12][0]
    assert (r.date, r.days, r.unit) == (D(2024, 3, 15), 7, "市住建局")
    assert r.message.startswith("第12项“推进潜江市城区老旧小区改造")
    assert "（牵头：市住建局、市财政局）" in r.message
    assert "2024年3月15日（周五）" in r.message and "还有7天" in r.message and "当前进度40%" in r.message
    over = [x for x in due_reminders(D(2024, 3, 18), tasks=[task(percent=None)], rule="quarterly")
            if x.task_id == 12][0]
    assert "已逾期3天" in over.message and "未报送进度" in over.message


def test_finished_closed_and_long_term_tasks_are_quiet():
    today = D(2024, 3, 20)
    assert kinds_keys(today, [task(percent=100.0), task(closed=True), task(deadline=None)]) == []


def test_across_the_turn_of_the_year():
    t = task(deadline=D(2024, 1, 5))
    assert kinds_keys(D(2023, 12, 21), [t]) == [("task_deadline", "task:12:deadline:15")]
    assert kinds_keys(D(2023, 12, 31), [t]) == [("task_deadline", "task:12:deadline:7")]
    assert kinds_keys(D(2024, 1, 6), [t]) == [("task_overdue", "task:12:overdue")]


def test_custom_lead_days():
    t = task(deadline=D(2024, 3, 31))
    assert kinds_keys(D(2024, 3, 1), [t], lead_days=(30, 3)) == [("task_deadline", "task:12:deadline:30")]
    assert kinds_keys(D(2024, 3, 28), [t], lead_days=(30, 3)) == [("task_deadline", "task:12:deadline:3")]
    assert kinds_keys(D(2024, 3, 1), [t], lead_days=()) == []


# --- acknowledgements -------------------------------------------------------------------

def _one(today, t, acks=None):
    got = [r for r in due_reminders(today, tasks=[t], acks=acks or {}, rule="quarterly") if r.task_id]
    return got


def test_ack_keeps_it_away_until_the_next_lead_time():
    t = task()
    r15 = _one(D(2024, 2, 29), t)[0]
    acks = {r15.key: Ack("ack", None, r15.fingerprint)}
    assert _one(D(2024, 3, 1), t, acks) == []
    assert _one(D(2024, 3, 7), t, acks) == []
    assert [r.key for r in _one(D(2024, 3, 8), t, acks)] == ["task:12:deadline:7"]


def test_ack_comes_back_when_the_substance_changes():
    t = task()
    r15 = _one(D(2024, 2, 29), t)[0]
    acks = {r15.key: Ack("ack", None, r15.fingerprint)}
    assert [r.key for r in _one(D(2024, 3, 1), task(percent=60.0), acks)] == ["task:12:deadline:15"]
    assert [r.key for r in _one(D(2024, 3, 1), task(deadline=D(2024, 3, 14)), acks)] == ["task:12:deadline:15"]
    # an ack without a fingerprint holds whatever changes
    assert _one(D(2024, 3, 1), task(percent=60.0), {r15.key: Ack("ack")}) == []


def test_snooze_comes_back_after_until():
    t = task()
    r15 = _one(D(2024, 2, 29), t)[0]
    acks = {r15.key: Ack("snooze", D(2024, 3, 3), r15.fingerprint)}
    assert _one(D(2024, 3, 1), t, acks) == []
    assert _one(D(2024, 3, 3), t, acks) == []              # until is inclusive
    assert [r.key for r in _one(D(2024, 3, 4), t, acks)] == ["task:12:deadline:15"]
    # a snooze without a date does not hide anything
    assert len(_one(D(2024, 3, 1), t, {r15.key: Ack("snooze", None, r15.fingerprint)})) == 1


def test_overdue_comes_back_every_day():
    t = task()
    r = _one(D(2024, 3, 16), t)[0]
    acks = {r.key: Ack("ack", None, r.fingerprint)}
    assert _one(D(2024, 3, 16), t, acks) == []             # silenced for the day
    again = _one(D(2024, 3, 17), t, acks)
    assert [x.key for x in again] == ["task:12:overdue"] and again[0].days == -2


def test_fingerprint_is_stable_for_the_same_substance():
    a = _one(D(2024, 3, 1), task())[0]
    b = _one(D(2024, 3, 5), task())[0]
    assert a.key == b.key and a.fingerprint == b.fingerprint and a.message != b.message


# --- milestones ---------------------------------------------------------------------------

def test_milestone_reminders():
    ms = (Milestone(D(2024, 2, 29), 50, "完成方案编制", milestone_id=3),
          Milestone(D(2024, 6, 30), None, "完成施工"))
    t = task(deadline=D(2024, 12, 31), milestones=ms, percent=20.0)
    assert kinds_keys(D(2024, 2, 13), [t]) == []
    assert kinds_keys(D(2024, 2, 14), [t]) == [("milestone_due", "task:12:milestone:3:15")]
    assert kinds_keys(D(2024, 2, 28), [t]) == [("milestone_due", "task:12:milestone:3:1")]
    assert kinds_keys(D(2024, 3, 1), [t]) == [("milestone_overdue", "task:12:milestone:3:overdue")]
    got = due_reminders(D(2024, 3, 1), tasks=[t], rule="quarterly")
    m = [r for r in got if r.kind == "milestone_overdue"][0]
    assert "节点“完成方案编制”（应完成50%）" in m.message and "已逾期1天" in m.message
    # a node without an id is keyed by its order
    assert kinds_keys(D(2024, 6, 20), [t])[-1] == ("milestone_due", "task:12:milestone:n2:15")


def test_milestone_done_by_date_or_by_percent():
    ms = (Milestone(D(2024, 2, 29), 50, "完成方案编制", milestone_id=3),)
    assert kinds_keys(D(2024, 3, 1), [task(deadline=D(2024, 12, 31), milestones=ms, percent=50.0)]) == []
    done = (Milestone(D(2024, 2, 29), 50, "完成方案编制", milestone_id=3, done_date=D(2024, 2, 27)),)
    assert kinds_keys(D(2024, 3, 1), [task(deadline=D(2024, 12, 31), milestones=done, percent=10.0)]) == []
    # done later than today (a future-dated entry) does not count yet
    later = (Milestone(D(2024, 2, 29), 50, milestone_id=3, done_date=D(2024, 3, 5)),)
    assert kinds_keys(D(2024, 3, 1), [task(deadline=D(2024, 12, 31), milestones=later, percent=10.0)]) == [
        ("milestone_overdue", "task:12:milestone:3:overdue")]


# --- all together ---------------------------------------------------------------------------

def test_everything_sorted_by_date_then_key():
    tasks = [task(task_id=1, seq="1", deadline=D(2023, 11, 1)),
             task(task_id=2, seq="2", deadline=D(2023, 10, 20)),
             task(task_id=3, seq="3", deadline=D(2023, 11, 10))]
    got = due_reminders(D(2023, 10, 26), tasks=tasks, units_reported={"市发改委": False})
    assert [(r.kind, r.key) for r in got] == [
        ("task_overdue", "task:2:overdue"),
        ("unit_late", "report:2023-10:unit:市发改委"),
        ("task_deadline", "task:1:deadline:7"),
        ("task_deadline", "task:3:deadline:15"),
    ]
    assert got.warning is None
    assert all(isinstance(r, Reminder) and r.kind in reminders.REMINDER_KINDS for r in got)


def test_due_reminders_warns_in_an_uncovered_year():
    got = due_reminders(D(2099, 1, 26), units_reported={"市发改委": False})
    assert [r.key for r in got] == ["report:2099-01:unit:市发改委"]
    assert got[0].date == D(2099, 1, 23)
    assert "2099年" in got.warning
    assert due_reminders(D(2099, 1, 26), move_to_workday=False).warning is None


@settings(max_examples=300, deadline=None)
@given(st.dates(D(2023, 1, 1), D(2025, 12, 31)), st.integers(-40, 40), st.booleans())
def test_one_deadline_reminder_per_task_at_the_nearest_lead(today, offset, with_ms):
    deadline = today + timedelta(days=offset)
    ms = (Milestone(deadline - timedelta(days=10), 50, milestone_id=1),) if with_ms else ()
    got = [r for r in due_reminders(today, tasks=[task(deadline=deadline, milestones=ms, percent=10.0)],
                                    rule="quarterly") if r.task_id == 12]
    main = [r for r in got if r.kind in ("task_deadline", "task_overdue")]
    if offset > 15:
        assert main == []
    elif offset < 0:
        assert [r.key for r in main] == ["task:12:overdue"]
    else:
        assert len(main) == 1
        lead = int(main[0].key.rsplit(":", 1)[1])
        assert offset <= lead and not any(offset <= n < lead for n in (15, 7, 1))
    assert len({r.key for r in got}) == len(got)
