"""The 设置 page saves what was edited all at once or not at all, and the 催报 page chases a
group's members. Driven through the pages' own widgets; the database checked with plain SQL."""

from __future__ import annotations

import json
import sqlite3

from tests.gui.conftest import DEMO_TODAY


def sql(path, query, args=()):
    con = sqlite3.connect(path)
    try:
        return con.execute(query, args).fetchall()
    finally:
        con.close()


def test_two_edits_one_bad_saves_nothing_then_both_save(window, demo_copy, messages):
    window.show_view("settings")
    page = window.pages["settings"]
    before = sql(demo_copy, "SELECT key, value FROM settings ORDER BY key")
    audit = sql(demo_copy, "SELECT count(*) FROM audit_log")[0][0]
    page.fields["report.contact"].setText("王五")
    page.fields["rules.near_days"].setText("半个月")
    assert not page.save()
    title, text = messages[-1]
    assert title == "设置有误" and "临近时限（天）" in text and "半个月" in text and "均未保存" in text
    assert sql(demo_copy, "SELECT key, value FROM settings ORDER BY key") == before
    assert sql(demo_copy, "SELECT count(*) FROM audit_log")[0][0] == audit
    # what was typed stays, so the clerk corrects the one field
    assert page.fields["report.contact"].text() == "王五"
    assert page.fields["rules.near_days"].text() == "半个月"
    assert "未保存" in page.info.text()

    page.fields["rules.near_days"].setText("20")
    assert page.save()
    stored = dict(sql(demo_copy, "SELECT key, value FROM settings"))
    assert json.loads(stored["report.contact"]) == "王五" and int(json.loads(stored["rules.near_days"])) == 20
    assert sql(demo_copy, "SELECT table_name, row_id FROM audit_log WHERE id > ? ORDER BY id", [audit]) == [
        ("settings", k) for (k,) in sql(demo_copy, "SELECT rowid FROM settings WHERE key IN "
                                                   "('report.contact', 'rules.near_days') ORDER BY key")]
    assert "临近时限（天）" in page.info.text() and "联系人" in page.info.text()
    assert page.reset_buttons["rules.near_days"].isEnabled()
    assert window.tracker.status.rule_settings().near_days == 20


def test_chase_page_lists_a_groups_members(window, demo_copy):
    tr = window.tracker
    tr.units.set_members("各区镇街道", ["泽口街道", "王场镇", "总口管理区"])
    task = tr.ledger.task("5")
    tr.ledger.update_task(task["id"], lead="各区镇街道")
    tr.units.set("王场镇", contact="陈七", phone="0728-6200000")
    tr.progress.add_progress("5", period="2023-10", percent=60, unit="泽口街道", reported_on="2023-10-20")
    window.refresh({"units", "tasks", "progress"})
    window.show_view("reminders")
    page = window.pages["reminders"]
    shown = {page.chase_table.item(r, 0).text(): r for r in range(page.chase_table.rowCount())}
    assert "各区镇街道" not in shown and "泽口街道" not in shown      # reported its part
    for unit in ("王场镇", "总口管理区"):
        r = shown[unit]
        assert page.chase_table.item(r, 1).text() == "未报送"
        assert page.chase_table.item(r, 4).text() == "各区镇街道"
    r = shown["王场镇"]
    assert (page.chase_table.item(r, 2).text(), page.chase_table.item(r, 3).text()) == ("陈七", "0728-6200000")
    text = page.copy_message()
    assert "王场镇（各区镇街道）：牵头 1 项均未报送 @陈七 0728-6200000" in text
    assert "王场镇（各区镇街道）" in page.chase_html()
    assert tr.reminders.chase_list(DEMO_TODAY)["units"] == page.chase["units"]
