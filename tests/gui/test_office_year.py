"""An office's year in the window: the 计划 page, every setting, the unit directory, the 催报
list, 延期/销号/督办单 in the task editor, and the demo opening on its own day.

Driven through the pages' own widgets on a copy of the demo database; what the window
wrote is checked in the database with plain SQL."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from pypdf import PdfReader

from tests.conftest import sql
from tests.gui.conftest import DEMO_TODAY


@pytest.fixture
def answer(monkeypatch):
    """QMessageBox.question answered by the test: set ``answer.value`` (default No)."""
    class A:
        value = QMessageBox.No
        asked: list[str] = []

    def question(parent, title, text, *a, **k):
        A.asked.append(text)
        return A.value

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return A


# ------------------------------------------------------------------ 计划

def test_plans_page_rename_year_doc_no_archive(window, demo_copy, messages):
    window.show_view("plans")
    page = window.pages["plans"]
    assert page.table.rowCount() == sql(demo_copy, "SELECT count(*) FROM plans")[0][0] == 1
    assert page.table.item(0, 4).text() == "136"
    page.title.setText("2023年政府工作报告重点工作任务分工方案")
    page.doc_no.setText("潜政办发〔2023〕5号")
    assert page.save()
    assert sql(demo_copy, "SELECT title, doc_no, year FROM plans") == [
        ("2023年政府工作报告重点工作任务分工方案", "潜政办发〔2023〕5号", 2023)]
    assert page.table.item(0, 2).text() == "2023年政府工作报告重点工作任务分工方案"
    page.title.setText("  ")
    assert not page.save()
    assert "计划名称不能为空" in messages[-1][1]
    assert sql(demo_copy, "SELECT title FROM plans")[0][0] == "2023年政府工作报告重点工作任务分工方案"

    assert page.toggle_archive()
    assert sql(demo_copy, "SELECT archived_at IS NOT NULL FROM plans") == [(1,)]
    assert page.table.item(0, 6).text() == "已归档" and page.archive_button.text() == "取消归档"
    assert window.tracker.reminders.reminders(DEMO_TODAY) == []        # an archived year chases nobody
    assert page.toggle_archive()
    assert sql(demo_copy, "SELECT archived_at FROM plans") == [(None,)]


def test_plans_page_carry_over_preview_then_apply_then_delete(window, demo_copy, answer):
    window.show_view("plans")
    page = window.pages["plans"]
    assert page.carry_year.value() == 2024
    assert page.preview_carry_over()
    expected = window.tracker.plans.carry_over(1, 2024, dry_run=True)
    assert page.preview.rowCount() == len(expected.tasks) > 0
    assert [page.preview.item(r, 0).text() for r in range(page.preview.rowCount())] == [
        t["seq"] for t in expected.tasks]
    assert sql(demo_copy, "SELECT count(*) FROM plans")[0][0] == 1      # a preview writes nothing
    assert page.apply_button.isEnabled()
    assert page.apply_carry_over()
    (new_id, year, origin), = sql(demo_copy, "SELECT id, year, origin_plan_id FROM plans WHERE id > 1")
    assert (year, origin) == (2024, 1)
    n_new, = sql(demo_copy, "SELECT count(*) FROM tasks WHERE plan_id = ? AND origin_task_id IS NOT NULL",
                 [new_id])[0]
    assert n_new == len(expected.tasks)
    assert page.table.rowCount() == 2 and page.current_plan()["id"] == new_id
    assert page.table.item(1, 7).text() == page.plans[0]["title"]      # 结转自

    answer.value = QMessageBox.No                 # asked, refused: nothing deleted
    assert not page.delete()
    assert "2024" in answer.asked[-1] and str(n_new) in answer.asked[-1]
    assert sql(demo_copy, "SELECT count(*) FROM plans")[0][0] == 2
    answer.value = QMessageBox.Yes
    assert page.delete()
    assert sql(demo_copy, "SELECT count(*) FROM plans")[0][0] == 1
    assert sql(demo_copy, "SELECT count(*) FROM tasks")[0][0] == 136
    assert list(demo_copy.parent.rglob("*before-delete*")), "a backup is taken before deleting"
    assert page.table.rowCount() == 1


# ------------------------------------------------------------------ 设置

def test_settings_page_shows_every_setting_and_saves_through_the_core(window, demo_copy, messages, tmp_path,
                                                                      monkeypatch):
    window.show_view("settings")
    page = window.pages["settings"]
    keys = [e["key"] for e in window.tracker.settings.show()]
    assert set(page.fields) == set(keys) and len(keys) > 20
    page.fields["office.name"].setText("某某市人民政府督查室")
    page.fields["report.phone"].setText("0728-1234567")
    page.fields["rules.task_lead_days"].setText("10、3")
    page.fields["report.requirements"].setPlainText("一、压实责任。\n二、加快进度。")
    assert page.save()
    stored = {e["key"]: e for e in window.tracker.settings.show()}
    assert stored["office.name"]["value"] == "某某市人民政府督查室"
    assert tuple(stored["rules.task_lead_days"]["value"]) == (10, 3)
    assert stored["report.requirements"]["value"] == "一、压实责任。\n二、加快进度。"
    assert sql(demo_copy, "SELECT value FROM settings WHERE key = 'report.phone'") == [('"0728-1234567"',)]
    assert page.reset_buttons["office.name"].isEnabled()
    assert sql(demo_copy, "SELECT count(*) FROM audit_log WHERE table_name = 'settings'")[0][0] >= 4

    # a bad rule value is refused by the core, named, and stays typed in; nothing else lost
    page.fields["rules.tolerance"].setText("很多")
    page.fields["report.cc"].setText("市委办公室")
    assert not page.save()
    title, text = messages[-1]
    assert "欠进度容差" in text and "很多" in text
    assert page.fields["rules.tolerance"].text() == "很多"
    assert window.tracker.status.rule_settings().tolerance == 10

    page.fields["rules.tolerance"].setText("8")
    assert page.save()
    assert window.tracker.status.rule_settings().tolerance == 8
    assert page.reset("rules.tolerance")
    assert window.tracker.status.rule_settings().tolerance == 10 and page.fields["rules.tolerance"].text() == "10"
    assert not page.reset_buttons["rules.tolerance"].isEnabled()

    font = tmp_path / "仿宋.ttf"
    font.write_bytes(b"not really a font")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(font), "")))
    assert page.choose_file("font.fangsong") == str(font)
    assert page.save()
    assert {e["key"]: e for e in window.tracker.settings.show()}["font.fangsong"]["value"] == str(font)
    page.fields["font.kaiti"].setText(str(tmp_path / "missing.ttf"))
    assert not page.save()
    assert "不存在" in messages[-1][1]


# ------------------------------------------------------------------ 责任单位

def _row_of(page, name):
    return next(r for r in range(page.units.rowCount()) if page.units.item(r, 0).text() == name)


def test_units_page_add_rename_contact_alias_members_merge_order(window, demo_copy, answer, messages):
    window.show_view("units")
    page = window.pages["units"]
    n = sql(demo_copy, "SELECT count(*) FROM units")[0][0]
    assert page.units.rowCount() == n
    page.new_name.setText("市数据局")
    assert page.add_unit()
    assert sql(demo_copy, "SELECT count(*) FROM units WHERE name = '市数据局'")[0][0] == 1
    assert page.current_unit() == "市数据局"
    page.new_name.setText("市数据局")
    assert not page.add_unit()
    assert "已有" in messages[-1][1]

    page.select_unit("市水利和湖泊局")
    page.name.setText("市水利局")           # the old name becomes an alias
    page.contact.setText("张三")
    page.phone.setText("13800000000")
    assert page.save_unit()
    assert sql(demo_copy, "SELECT contact, phone FROM units WHERE name = '市水利局'") == [("张三", "13800000000")]
    assert sql(demo_copy, "SELECT count(*) FROM unit_aliases a JOIN units u ON u.id = a.unit_id "
                          "WHERE u.name = '市水利局' AND a.alias = '市水利和湖泊局'")[0][0] == 1
    r = _row_of(page, "市水利局")
    assert (page.units.item(r, 4).text(), page.units.item(r, 5).text()) == ("张三", "13800000000")

    page.alias.setText("水湖局")
    assert page.add_alias()
    assert "水湖局" in page.aliases.text()

    page.select_unit("市数据局")
    page.merge_into.setCurrentText("市水利局")
    answer.value = QMessageBox.Yes
    assert page.merge()
    assert sql(demo_copy, "SELECT count(*) FROM units WHERE name = '市数据局'")[0][0] == 0
    assert page.current_unit() == "市水利局"

    page.select_unit("各区镇街道")
    page.members.setText("泽口街道、王场镇")
    assert page.save_members()
    gid = sql(demo_copy, "SELECT id FROM units WHERE name = '各区镇街道'")[0][0]
    assert [m for (m,) in sql(demo_copy, "SELECT u.name FROM unit_members m JOIN units u ON u.id = m.member_id "
                                          "WHERE m.group_id = ? ORDER BY m.ord", [gid])] == ["泽口街道", "王场镇"]

    page.select_unit("市住建局")
    r = page.units.currentRow()
    page.move(-1)
    assert page.units.currentRow() == r - 1 and page.current_unit() == "市住建局"
    assert page.save_order()
    names = [page.units.item(k, 0).text() for k in range(page.units.rowCount())]
    assert names.index("市住建局") == r - 1
    ordered = [name for (name,) in sql(demo_copy, "SELECT name FROM units WHERE ord IS NOT NULL ORDER BY ord")]
    assert ordered[:len(names)] == names[:len(ordered)]


# ------------------------------------------------------------------ 催报

def test_chase_list_contact_copy_and_print(window, demo_copy, tmp_path):
    window.tracker.units.set("市生态环境局", contact="李四", phone="0728-6000000")
    window.refresh({"units"})
    window.show_view("reminders")
    page = window.pages["reminders"]
    rep = window.tracker.status.unit_reporting(DEMO_TODAY)
    late = {u["unit"]: u for u in rep["units"] if u["state"] in ("未报送", "部分报送")}
    shown = {page.chase_table.item(r, 0).text(): r for r in range(page.chase_table.rowCount())}
    assert set(shown) == set(late) and late
    r = shown["市生态环境局"]
    e = late["市生态环境局"]
    assert page.chase_table.item(r, 1).text() == (
        "未报送" if e["state"] == "未报送" else f"部分报送 {e['reported']}/{e['tasks']}")
    assert (page.chase_table.item(r, 2).text(), page.chase_table.item(r, 3).text()) == ("李四", "0728-6000000")

    text = page.copy_message()
    assert QApplication.clipboard().text() == text
    assert text.startswith("【催报】2023年10月") and f"以下 {len(late)} 个单位" in text
    assert "市生态环境局" in text and "@李四 0728-6000000" in text
    assert all(u in text for u in late)

    pdf = page.print_chase(str(tmp_path / "催报.pdf"))
    body = "".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "催报名单" in body.replace(" ", "")
    assert all(u in body.replace(" ", "") for u in late)


# ------------------------------------------------------------------ 延期 / 销号 / 督办单

def _open_editor(window, seq):
    task = next(t for t in window.tracker.ledger.tasks() if t["seq"] == seq)
    return task, window.edit_task(task["id"])


def test_task_editor_extend_close_reopen_and_notice(window, demo_copy, messages, tmp_path):
    task, dlg = _open_editor(window, "1")
    old = task["deadline"]
    assert dlg.tabs.tabText(dlg.tabs.indexOf(dlg.life.parentWidget())) == "延期与销号"
    dlg.extend_to.setText("2024-03-31")
    assert not dlg.extend()                        # no reason: refused, named by 序号
    assert "第1项" in messages[-1][1] and "理由" in messages[-1][1]
    dlg.extend_reason.setText("汛期影响施工")
    dlg.extend_by.setText("王副市长")
    assert dlg.extend()
    assert sql(demo_copy, "SELECT old_deadline, new_deadline, reason, approved_by FROM task_extensions "
                          "WHERE task_id = ?", [task["id"]]) == [(old, "2024-03-31", "汛期影响施工", "王副市长")]
    assert sql(demo_copy, "SELECT deadline FROM tasks WHERE id = ?", [task["id"]]) == [("2024-03-31",)]
    assert dlg.life.rowCount() == 1 and "汛期影响施工" in dlg.life.item(0, 2).text()
    assert old in dlg.life.item(0, 2).text()       # the original stays visible

    dlg.close_evidence.setText("已完成验收")
    evidence = tmp_path / "验收报告.txt"
    evidence.write_text("验收合格", encoding="utf-8")
    dlg.close_file.setText(str(evidence))
    assert dlg.close_task()
    assert sql(demo_copy, "SELECT closed_on FROM tasks WHERE id = ?", [task["id"]]) == [(DEMO_TODAY.isoformat(),)]
    assert sql(demo_copy, "SELECT count(*) FROM task_closures WHERE task_id = ? AND source_file_id IS NOT NULL",
               [task["id"]])[0][0] == 1
    assert not dlg.close_button.isEnabled() and dlg.reopen_button.isEnabled()
    assert not dlg.reopen_task()                  # a reason is required
    dlg.reopen_reason.setText("验收材料不全")
    assert dlg.reopen_task()
    assert sql(demo_copy, "SELECT closed_on FROM tasks WHERE id = ?", [task["id"]]) == [(None,)]
    assert [dlg.life.item(r, 1).text() for r in range(dlg.life.rowCount())].count("恢复") == 1

    dlg.notice_colour.setCurrentIndex(dlg.notice_colour.findData("red"))
    pdf = dlg.print_notice(str(tmp_path / "督办单.pdf"))
    text = "".join(p.extract_text() for p in PdfReader(pdf).pages).replace(" ", "")
    assert "督办单" in text or "督办" in text
    assert task["content"][:8] in text
    dlg.reject()


# ------------------------------------------------------------------ first contact

def test_demo_opens_on_its_own_day_with_a_banner(qtbot, demo_copy, gui_settings, messages):
    from govtrack.gui.main_window import MainWindow
    w = MainWindow(demo_copy, settings=gui_settings, tray=False)     # no --today
    qtbot.addWidget(w)
    assert w.today == dt.date(2023, 10, 31)
    assert not w.banner.isHidden() and "演示数据" in w.banner.text() and "2023-10-31" in w.banner.text()
    assert "2023-10-31" in w.status_label.text()
    w.close()


def test_own_database_has_no_banner_and_opens_on_today(qtbot, tmp_path, gui_settings):
    from govtrack.gui.main_window import MainWindow
    from govtrack.tracker import Tracker
    path = tmp_path / "own.sqlite"
    Tracker.open(path).close()
    w = MainWindow(path, settings=gui_settings, tray=False)
    qtbot.addWidget(w)
    assert w.today == dt.date.today() and w.banner.isHidden()
    w.close()


def test_mistyped_db_asks_before_creating(tmp_path, answer, capsys, qapp):
    from govtrack.gui.app import confirm_new_database, main
    missing = tmp_path / "govtrak.sqlite"
    answer.value = QMessageBox.No
    assert not confirm_new_database(missing)
    assert "不存在" in answer.asked[-1] and "govtrack init" in answer.asked[-1]
    assert not missing.exists()
    assert main(["--db", str(missing), "--screenshot", str(tmp_path / "x.png")]) == 2
    assert "不存在" in capsys.readouterr().err and not missing.exists()
    answer.value = QMessageBox.Yes
    assert confirm_new_database(missing)


# ------------------------------------------------------------------ 台账: plan / year filter

def test_ledger_plan_and_year_filter(window, demo_copy):
    carried = window.tracker.plans.carry_over(1, 2024)
    window.refresh({"tasks"})
    window.show_view("ledger")
    ledger = window.pages["ledger"]
    count = lambda q, a=(): sql(demo_copy, q, a)[0][0]
    assert ledger.model.rowCount() == count("SELECT count(*) FROM tasks WHERE plan_id = 1") == 136
    assert "当年计划任务 136 项（另有 1 个计划）" in window.status_label.text()
    ledger.set_plan_scope("year", 2024)
    rows = ledger.model.rows()
    assert len(rows) == count("SELECT count(*) FROM tasks WHERE plan_id = ?", [carried.plan_id]) > 0
    assert {r["plan_id"] for r in rows} == {carried.plan_id}
    ledger.set_plan_scope("all")
    assert ledger.model.rowCount() == count("SELECT count(*) FROM tasks")
    ledger.set_plan_scope("plan", 1)
    assert ledger.model.rowCount() == 136
    window.tracker.plans.archive(1)
    window.refresh({"tasks"})
    window.show_view("ledger")
    assert ledger.plan.currentData() == "plan:1"                 # the choice survives a refresh
    assert "已归档" in ledger.plan.currentText() and ledger.model.rowCount() == 136
    ledger.set_plan_scope("default")
    assert ledger.model.rowCount() == 0      # 2023's only plan archived, 2024 not begun on 2023-10-28


# ------------------------------------------------------------------ 录入进展

def test_progress_entry_period_role_plan_previous_others_filter(window, demo_copy, messages):
    window.set_today(dt.date(2023, 10, 20))        # before the October due day: the round is 2023-09
    dlg = window.enter_progress("市水利和湖泊局")
    assert dlg.period == window.tracker.status.current_round(dt.date(2023, 10, 20)).period == "2023-09"
    assert dlg.period_box.currentText() == "2023-09"
    uid = sql(demo_copy, "SELECT id FROM units WHERE name = '市水利和湖泊局'")[0][0]
    roles = dict(sql(demo_copy, "SELECT t.seq, tu.role FROM task_units tu JOIN tasks t ON t.id = tu.task_id "
                                "WHERE tu.unit_id = ?", [uid]))
    shown = {dlg.grid.item(r, 0).text(): r for r in range(dlg.grid.rowCount())}
    assert set(shown) == set(roles)
    for seq, r in shown.items():
        assert dlg.grid.item(r, 7).text() == {"lead": "牵头", "assist": "协办"}[roles[seq]]
        assert dlg.grid.item(r, 8).text().startswith("【演示数据】")
    # last period's percent: the unit's own 2023-08 report
    prev = dict(sql(demo_copy, "SELECT t.seq, p.percent FROM progress p JOIN tasks t ON t.id = p.task_id "
                               "WHERE p.unit_id = ? AND p.period = '2023-08'", [uid]))
    for seq, pct in prev.items():
        assert dlg.grid.item(shown[seq], 6).text() == f"{pct:g}"
    # what the lead unit reported is shown beside an assisting unit's row
    assist_seq = next(s for s, role in roles.items() if role == "assist")
    lead_report = sql(demo_copy, "SELECT u.name, p.percent FROM progress p JOIN tasks t ON t.id = p.task_id "
                                 "JOIN units u ON u.id = p.unit_id JOIN task_units tu ON tu.task_id = t.id "
                                 "AND tu.unit_id = u.id AND tu.role = 'lead' "
                                 "WHERE t.seq = ? AND p.period = '2023-09'", [assist_seq])
    assert lead_report
    other = dlg.grid.item(shown[assist_seq], 9).text()
    assert lead_report[0][0] in other and f"{lead_report[0][1]:g}%" in other

    dlg.filter.setText("协办")
    assert len(dlg.visible_rows()) == sum(1 for r in roles.values() if r == "assist")
    dlg.filter.clear()
    assert len(dlg.visible_rows()) == len(roles)

    dlg.period_box.setCurrentText("2023-10")
    assert dlg.period == "2023-10"
    cur = dict(sql(demo_copy, "SELECT t.seq, p.percent FROM progress p JOIN tasks t ON t.id = p.task_id "
                              "WHERE p.unit_id = ? AND p.period = '2023-10'", [uid]))
    for seq, pct in cur.items():
        r = next(k for k in range(dlg.grid.rowCount()) if dlg.grid.item(k, 0).text() == seq)
        assert dlg.grid.item(r, 2).text() == f"{pct:g}"
    dlg.reject()


def test_task_editor_shows_assisting_units_reports_beside_the_lead(window, demo_copy):
    (tid, unit, period), = sql(demo_copy, "SELECT p.task_id, u.name, p.period FROM progress p "
                                          "JOIN units u ON u.id = p.unit_id JOIN task_units tu ON "
                                          "tu.task_id = p.task_id AND tu.unit_id = p.unit_id AND tu.role = 'assist' "
                                          "ORDER BY p.id LIMIT 1")
    dlg = window.edit_task(tid)
    cells = [(dlg.history.item(r, 0).text(), dlg.history.item(r, 1).text()) for r in range(dlg.history.rowCount())]
    assert (period, f"{unit}（协办）") in cells
    n, = sql(demo_copy, "SELECT count(*) FROM progress WHERE task_id = ?", [tid])[0]
    assert len(cells) == n
    assert any(not u.endswith("（协办）") for p, u in cells if p == period)    # the lead's, same period
    dlg.reject()


def test_ledger_latest_tooltip_shows_assisting_units_beside_the_lead(window, demo_copy):
    task = next(t for t in window.tracker.ledger.tasks() if t["assist"] and t["seq"] == "3")
    unit = task["assist"][0]
    period, = sql(demo_copy, "SELECT max(period) FROM progress WHERE task_id = ?", [task["id"]])[0]
    window.tracker.progress.add_progress(task["id"], period=period, percent=40, unit=unit,
                                         text="配合完成岸线整治", reported_on=DEMO_TODAY)
    window.refresh({"progress"})
    window.show_view("ledger")
    lines = window.pages["ledger"].latest_tooltip(task["id"]).splitlines()
    assert lines[0] == f"{period} 报送："
    rows = sql(demo_copy, "SELECT u.name, p.percent FROM progress p JOIN units u ON u.id = p.unit_id "
                          "WHERE p.task_id = ? AND p.period = ?", [task["id"], period])
    assert len(lines) == 1 + len(rows) >= 3
    assert lines[1].startswith(f"{task['lead'][0]}（牵头）")
    assert f"{unit}（协办）：40% 配合完成岸线整治" in lines
    # hovering the 最新进度 cell shows it
    from PySide6.QtCore import QEvent, QPoint
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QToolTip
    from govtrack.gui.models import ROW_ROLE, TaskTableModel
    ledger = window.pages["ledger"]
    row = next(r for r in range(ledger.proxy.rowCount())
               if ledger.proxy.index(r, 0).data(ROW_ROLE)["id"] == task["id"])
    ledger.table.scrollTo(ledger.proxy.index(row, 0))
    rect = ledger.table.visualRect(ledger.proxy.index(row, TaskTableModel.COL_LATEST))
    view = ledger.table.viewport()
    QApplication.sendEvent(view, QHelpEvent(QEvent.ToolTip, rect.center(), view.mapToGlobal(rect.center())))
    assert f"{unit}（协办）：40% 配合完成岸线整治" in QToolTip.text()
