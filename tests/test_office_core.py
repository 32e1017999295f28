"""Core functions behind the window's office pages: the 催报 list and its chat message, the
typed text of a setting, and the day a database opens on."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from govtrack.app.demo_day import DEMO_DAY, default_day, is_demo, remember_demo_day
from govtrack.app.reminders import chase_message_text
from govtrack.app.setting_text import read_text, show_text
from govtrack.errors import InputError

DAY = dt.date(2023, 10, 31)


def test_chase_list_is_the_reporting_rule_with_contacts(demo):
    demo.units.set("市生态环境局", contact="李四", phone="0728-6000000")
    chase = demo.reminders.chase_list(DAY)
    rep = demo.status.unit_reporting(DAY)
    assert chase["period"] == rep["period"] == "2023-10"
    assert {u["unit"] for u in chase["units"]} == {
        u["unit"] for u in rep["units"] if u["state"] in ("未报送", "部分报送")}
    eco = next(u for u in chase["units"] if u["unit"] == "市生态环境局")
    assert (eco["contact"], eco["phone"]) == ("李四", "0728-6000000")
    # the office's order decides the list's order
    names = [u["unit"] for u in chase["units"]]
    demo.units.set_order(list(reversed(names)))
    assert [u["unit"] for u in demo.reminders.chase_list(DAY)["units"]] == list(reversed(names))


def test_chase_message_names_every_unit_once(demo):
    demo.settings.set("report.contact", "王五")
    demo.settings.set("office.name", "某市人民政府督查室")
    chase = demo.reminders.chase_list(DAY)
    text = demo.reminders.chase_message(DAY)
    lines = text.splitlines()
    assert lines[0].startswith("【催报】2023年10月") and "10月25日前" in lines[0] and "10月31日" in lines[0]
    assert len(lines) == 1 + len(chase["units"]) + 2
    for k, u in enumerate(chase["units"], 1):
        assert lines[k].startswith(f"{k}. {u['unit']}：")
        assert (f"已报 {u['reported']} 项" in lines[k]) == (u["state"] == "部分报送")
    assert lines[-2] == "联系人：王五" and lines[-1] == "某市人民政府督查室"


def test_chase_message_when_all_reported():
    text = chase_message_text({"period": "2023-09", "due_date": "2023-09-25", "today": "2023-09-26",
                               "office": {}, "units": []})
    assert "均已报送" in text and "9月26日" in text
    assert "无需催报" in chase_message_text({"period": None, "due_date": None, "today": "2023-01-02",
                                          "office": {}, "units": []})


def test_setting_text_round_trips_through_the_core(tracker):
    entries = {e["key"]: e for e in tracker.settings.show()}
    for key, typed, expect in (("rules.task_lead_days", "10、3", (10, 3)), ("rules.task_lead_days", "5, 2 1", (5, 2, 1)),
                               ("rules.default_start", "2-1", (2, 1)), ("rules.move_to_workday", "否", False),
                               ("rules.tolerance", "8", 8), ("office.name", " 某办 ", "某办")):
        out = tracker.settings.set(key, read_text(entries[key], typed))
        value = tuple(out["value"]) if isinstance(out["value"], (list, tuple)) else out["value"]
        assert value == expect, key
        assert read_text(out, show_text(out)) is not None
        again = tracker.settings.set(key, read_text(out, show_text(out)))
        assert again["value"] == out["value"], key          # shown text reads back to the same value
    with pytest.raises(InputError, match="时限提前提醒|task_lead_days"):
        tracker.settings.set("rules.task_lead_days", read_text(entries["rules.task_lead_days"], "十天"))


def test_default_day_demo_and_own(tracker, demo, db_path):
    assert not is_demo(tracker) and default_day(tracker, dt.date(2025, 3, 1)) == dt.date(2025, 3, 1)
    assert is_demo(demo) and default_day(demo) == DEMO_DAY
    remember_demo_day(demo, day=dt.date(2023, 9, 30))
    assert default_day(demo) == dt.date(2023, 9, 30)
    con = sqlite3.connect(demo.path)
    assert con.execute("SELECT value FROM settings WHERE key = 'demo.today'").fetchall() == [('"2023-09-30"',)]
    con.close()
