"""Reminders through the Tracker on the demo database: the stored rule, the stored
acknowledgements, reports arriving, across a month end, a leap February, the
National Day week and the turn of the year.

The pure rules have their own tests (tests/test_reminders.py); these check what
the database adds: which units count as reported, milestones and deadlines read
from the file, acks and snoozes stored in reminder_acks (audited), and a changed
report bringing an acknowledged reminder back. 团市委 leads one task (108) and
never reports in the demo, so it is the unit chased throughout.
"""

from __future__ import annotations

import json

import pytest

from govtrack.cli import main
from govtrack.errors import InputError, NotFoundError


def keys(tr, day, unit=None, task=None):
    out = []
    for r in tr.reminders.reminders(day):
        if unit and r.unit != unit and r.kind != "report_due":
            continue
        if task is not None and r.task_id != task:
            continue
        out.append(r.key)
    return out


def one(tr, day, key):
    hits = [r for r in tr.reminders.reminders(day) if r.key == key]
    assert len(hits) == 1, (day, key, [r.key for r in tr.reminders.reminders(day)])
    return hits[0]


TY = "团市委"


def test_month_end_october_to_november(demo):
    tid = demo.ledger.task("108")["id"]
    # The September round is chased until October's reminder window opens (25 Oct − 3 days).
    assert keys(demo, "2023-10-21", TY, None) == ["report:2023-09:unit:团市委"]
    assert keys(demo, "2023-10-22", TY) == ["report:2023-10:due"]
    due = one(demo, "2023-10-22", "report:2023-10:due")
    assert due.date.isoformat() == "2023-10-25" and "还有3天" in due.message
    assert "个单位未报送" in due.message
    for day in ("2023-10-26", "2023-10-31", "2023-11-01", "2023-11-20"):
        assert keys(demo, day, TY) == ["report:2023-10:unit:团市委"], day
    late = one(demo, "2023-10-31", "report:2023-10:unit:团市委")
    assert (late.kind, late.unit, late.days) == ("unit_late", TY, -6)
    assert "请催报" in late.message and "2023年10月25日（周三）" in late.message
    # November's due day, Saturday 25 Nov, moves to Friday 24 Nov.
    assert keys(demo, "2023-11-21", TY) == ["report:2023-11:due"]
    assert one(demo, "2023-11-21", "report:2023-11:due").date.isoformat() == "2023-11-24"
    assert keys(demo, "2023-11-25", TY) == ["report:2023-11:unit:团市委"]
    # A late report counts from the day it is dated.
    demo.progress.add_progress("108", period="2023-10", percent=70, reported_on="2023-10-30")
    assert keys(demo, "2023-10-29", TY) == ["report:2023-10:unit:团市委"]
    assert keys(demo, "2023-10-31", TY) == []
    assert tid == demo.ledger.task("108")["id"]


def test_ack_and_snooze_are_stored(demo):
    key = "report:2023-10:unit:团市委"
    row = demo.reminders.acknowledge_reminder(key, today="2023-10-26")
    assert (row["state"], row["fingerprint"]) == ("ack", "period=2023-10;due=2023-10-25")
    assert demo.db["reminder_acks"].count == 1
    assert [a["action"] for a in demo.ledger.audit("reminder_acks")] == ["insert"]
    assert key not in keys(demo, "2023-10-31")
    assert key in [r.key for r in demo.reminders.reminders("2023-10-31", include_acknowledged=True)]
    # The next round is a new reminder, not silenced by the old ack.
    assert "report:2023-11:unit:团市委" in keys(demo, "2023-11-25")
    # Snoozing replaces the ack: hidden to 5 Nov inclusive, back on the 6th.
    row = demo.reminders.snooze_reminder(key, "2023-11-05", today="2023-10-26")
    assert (row["state"], row["until"]) == ("snooze", "2023-11-05")
    assert demo.db["reminder_acks"].count == 1
    assert key not in keys(demo, "2023-11-05")
    assert key in keys(demo, "2023-11-06")
    assert [a["action"] for a in demo.ledger.audit("reminder_acks")] == ["insert", "update"]


def test_bad_acks(demo):
    n = demo.db["audit_log"].count
    with pytest.raises(NotFoundError, match="没有键为「task:9999:overdue」的提醒"):
        demo.reminders.acknowledge_reminder("task:9999:overdue", today="2023-10-26")
    with pytest.raises(InputError, match="不是有效日期"):
        demo.reminders.snooze_reminder("report:2023-10:unit:团市委", "11月5日", today="2023-10-26")
    assert demo.db["audit_log"].count == n and demo.db["reminder_acks"].count == 0


def test_leap_february(demo):
    t9 = demo.ledger.task("9")                       # 长期坚持: no deadline of its own
    # 90% by 29 Feb; task 9's latest report says 82%, so the node is not reached.
    m = demo.progress.add_milestone("9", "完成林长制年度考核", "2024-02-29", 90)
    base = f"task:{t9['id']}:milestone:{m['id']}"
    assert keys(demo, "2024-02-13", task=t9["id"]) == []
    assert keys(demo, "2024-02-14", task=t9["id"]) == [f"{base}:15"]
    assert keys(demo, "2024-02-22", task=t9["id"]) == [f"{base}:7"]
    assert keys(demo, "2024-02-28", task=t9["id"]) == [f"{base}:1"]
    today = one(demo, "2024-02-29", f"{base}:1")
    assert "今天到期" in today.message and "2024年2月29日（周四）" in today.message
    over = one(demo, "2024-03-01", f"{base}:overdue")
    assert (over.kind, over.days) == ("milestone_overdue", -1)
    demo.progress.set_milestone_done(m["id"], "2024-02-28")
    assert keys(demo, "2024-03-01", task=t9["id"]) == []
    # February's due day, Sunday 25 Feb 2024, moves to Friday the 23rd.
    assert keys(demo, "2024-02-19", TY) == ["task:108:overdue", "report:2024-01:unit:团市委"]
    assert keys(demo, "2024-02-20", TY)[-1] == "report:2024-02:due"
    assert one(demo, "2024-02-20", "report:2024-02:due").date.isoformat() == "2024-02-23"
    assert "report:2024-02:unit:团市委" in keys(demo, "2024-02-24", TY)
    # An overdue task is raised every day: an ack on the 28th silences that day only.
    key = "task:108:overdue"
    demo.reminders.acknowledge_reminder(key, today="2024-02-28")
    assert key not in keys(demo, "2024-02-28")
    back = one(demo, "2024-02-29", key)
    assert "已逾期60天" in back.message       # 31 Dec → 29 Feb: 31 + 29 days


def test_national_day_week_moves_the_due_day(demo):
    # A rule due on the 5th: 5 Oct 2023 falls in the National Day holiday (29 Sep–6 Oct),
    # so the due day moves back to Thursday 28 Sep.
    demo.status.set_rule_setting("report_rule", "FREQ=MONTHLY;BYMONTHDAY=5")
    assert "report:2023-09:unit:团市委" in keys(demo, "2023-09-24", TY)
    assert keys(demo, "2023-09-25", TY) == ["report:2023-10:due"]
    due = one(demo, "2023-09-25", "report:2023-10:due")
    assert due.date.isoformat() == "2023-09-28" and "2023年9月28日（周四）" in due.message
    assert "report:2023-10:unit:团市委" in keys(demo, "2023-09-29", TY)
    # 团市委 reports for the round before the moved due day: no 催报 in the holiday.
    demo.progress.add_progress("108", period="2023-10", percent=75, reported_on="2023-09-27")
    assert keys(demo, "2023-09-29", TY) == []
    assert keys(demo, "2023-10-05", TY) == []
    # Back to the default rule: the 25th.
    demo.status.set_rule_setting("report_rule", "monthly")
    assert keys(demo, "2023-09-25", TY) == ["report:2023-09:due"]
    assert keys(demo, "2023-09-26", TY) == ["report:2023-09:unit:团市委"]


def test_turn_of_the_year(demo):
    t2 = demo.ledger.task("2")["id"]
    assert keys(demo, "2023-12-15", task=t2) == []
    assert keys(demo, "2023-12-16", task=t2) == [f"task:{t2}:deadline:15"]
    assert keys(demo, "2023-12-24", task=t2) == [f"task:{t2}:deadline:7"]
    assert keys(demo, "2023-12-30", task=t2) == [f"task:{t2}:deadline:1"]
    assert "今天到期" in one(demo, "2023-12-31", f"task:{t2}:deadline:1").message
    first = one(demo, "2024-01-01", f"task:{t2}:overdue")
    assert "已逾期1天" in first.message and "当前进度87%" in first.message
    # December's round is chased until January's window opens (25 Jan 2024 − 3 days).
    assert keys(demo, "2024-01-21", TY) == ["report:2023-12:unit:团市委", "task:108:overdue"]
    assert keys(demo, "2024-01-22", TY) == ["task:108:overdue", "report:2024-01:due"]
    # An acknowledged deadline reminder comes back when a new report changes the percent.
    demo.reminders.acknowledge_reminder(f"task:{t2}:deadline:15", today="2023-12-16")
    assert keys(demo, "2023-12-20", task=t2) == []
    demo.progress.add_progress("2", period="2023-12", percent=95, reported_on="2023-12-18")
    back = one(demo, "2023-12-20", f"task:{t2}:deadline:15")
    assert "当前进度95%" in back.message
    # Finished tasks are not reminded of.
    demo.progress.add_progress("2", period="2023-12", percent=100, reported_on="2023-12-22")
    assert keys(demo, "2023-12-24", task=t2) == []
    assert keys(demo, "2024-01-01", task=t2) == []


def test_years_without_holiday_data_are_flagged(demo):
    got = demo.reminders.reminders("2099-01-26")
    assert got.warning and "2099年" in got.warning


def test_cli_remind(demo, capsys):
    path = str(demo.path)
    capsys.readouterr()
    assert main(["--db", path, "remind", "--today", "2023-10-26", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    item = next(i for i in data["items"] if i["key"] == "report:2023-10:unit:团市委")
    assert (item["kind"], item["date"], item["unit"]) == ("unit_late", "2023-10-25", TY)
    assert "请催报" in item["message"]
    assert any(i["kind"] == "task_overdue" and i["task_id"] for i in data["items"])
    assert main(["--db", path, "remind", "ack", "report:2023-10:unit:团市委", "--today", "2023-10-26"]) == 0
    assert "已确认" in capsys.readouterr().out
    assert main(["--db", path, "remind", "--today", "2023-10-27"]) == 0
    assert "团市委未按时报送" not in capsys.readouterr().out
    assert main(["--db", path, "remind", "snooze", "task:96:overdue", "--today", "2023-10-26"]) == 2
    assert "--until" in capsys.readouterr().err
