"""The real window on a temp copy of the demo database, driven as a user would."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from govtrack.gui.widgets import PROBLEM_COLOUR
from tests.conftest import REPORT_2025
from tests.gui.conftest import DEMO_TODAY

UNIT = "市水利和湖泊局"


def _db_fingerprint(tr) -> tuple:
    return (len(tr.ledger.tasks()), len(tr.plans.plans()), len(tr.units.list()), len(tr.ledger.audit()))


def test_views_all_open(window, qtbot):
    for key in ("overview", "ledger", "units", "reminders", "reports", "settings"):
        window.show_view(key)
        assert window.stack.currentWidget() is window.pages[key]
    overview = window.pages["overview"]
    qtbot.waitUntil(lambda: overview.summary is not None, timeout=20000)
    assert overview.cards["total"].number.text() == "136"
    counts = window.tracker.status.status_summary(DEMO_TODAY)["counts"]
    assert overview.cards["欠进度"].number.text() == str(counts["欠进度"]) != "0"
    assert overview.reminders.count() == len(window.tracker.reminders.reminders(DEMO_TODAY))
    late = {u for u, ok in window.tracker.status.units_reported(DEMO_TODAY).items() if not ok}
    shown = {overview.units.item(r, 0).text() for r in range(overview.units.rowCount())}
    assert shown == late and late


def test_filter_ledger_by_unit(window, qtbot):
    window.show_view("ledger")
    ledger = window.pages["ledger"]
    assert ledger.proxy.rowCount() == 136
    ledger.set_unit(UNIT)
    rows = ledger.visible_rows()
    expected = {t["id"] for t in window.tracker.ledger.tasks(unit=UNIT)}
    assert {r["id"] for r in rows} == expected and len(rows) == 10
    assert all(UNIT in r["lead"] + r["assist"] for r in rows)
    assert f"显示 {len(rows)} / 136" in ledger.count.text()
    # narrow further by typed text, then by status
    ledger.search.setText("河湖长")          # typed text (QTest cannot type CJK)
    narrowed = ledger.visible_rows()
    assert 0 < len(narrowed) < len(rows)
    assert all("河湖长" in r["content"] for r in narrowed)
    ledger.search.clear()
    ledger.status.setCurrentIndex(ledger.status.findData("欠进度"))
    assert [r["status"] for r in ledger.visible_rows()] == ["欠进度"] * len(ledger.visible_rows())
    assert len(ledger.visible_rows()) >= 1
    ledger.set_unit("")
    ledger.status.setCurrentIndex(0)
    assert ledger.proxy.rowCount() == 136


def test_ctrl_f_focuses_search(window, qtbot):
    window.show_view("overview")
    window.act_find.trigger()
    assert window.current_view() == "ledger"
    assert window.pages["ledger"].search.hasFocus() or window.focusWidget() is window.pages["ledger"].search


def test_edit_task_writes_audit_and_refreshes(window, qtbot):
    window.show_view("ledger")
    ledger = window.pages["ledger"]
    index = ledger.proxy.index(2, 0)
    task = index.data(Qt.UserRole + 1)
    ledger.table.setCurrentIndex(index)
    ledger.table.activated.emit(index)          # what Enter / double-click do


    from govtrack.gui.dialogs.task_editor import TaskEditorDialog
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(TaskEditorDialog)))
    dlg = next(d for d in window.findChildren(TaskEditorDialog) if d.isVisible())
    assert dlg.task["id"] == task["id"]
    dlg.deadline.setText("9月底前")
    assert "2023年9月30日" in dlg.deadline_read.text()
    dlg.content.setPlainText(task["content"] + "（修订）")
    before = len(window.tracker.ledger.audit("tasks", task["id"]))
    dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.Save).click()
    assert not dlg.isVisible()
    entries = window.tracker.ledger.audit("tasks", task["id"])
    assert len(entries) == before + 1
    after = json.loads(entries[-1]["after"])
    assert after["content"].endswith("（修订）") and after["deadline"] == "2023-09-30"
    shown = {r["id"]: r for r in ledger.visible_rows()}[task["id"]]
    assert shown["content"].endswith("（修订）")
    # the edit history tab of a reopened editor lists the change in words
    dlg2 = window.edit_task(task["id"])
    texts = [dlg2.audit.item(r, 2).text() for r in range(dlg2.audit.rowCount())]
    assert any("完成时限：" in t and "9月底前" in t for t in texts)
    dlg2.reject()


def test_editor_refuses_bad_deadline_and_esc_asks(window, qtbot, messages, monkeypatch):
    tid = window.tracker.ledger.tasks()[0]["id"]
    dlg = window.edit_task(tid)
    dlg.deadline.setText("根据上级要求")
    assert "无法识别" in dlg.deadline_read.text()
    n = len(window.tracker.ledger.audit())
    assert dlg.save() is False
    assert messages and "完成时限" in messages[-1][1]
    assert len(window.tracker.ledger.audit()) == n
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: asked.append(a) or QMessageBox.Cancel))
    qtbot.keyClick(dlg, Qt.Key_Escape)
    assert asked and dlg.isVisible()           # Cancel keeps the editor open
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.Discard))
    qtbot.keyClick(dlg, Qt.Key_Escape)
    assert not dlg.isVisible()
    assert len(window.tracker.ledger.audit()) == n


def test_progress_entry_changes_status(window, qtbot):
    window.show_view("ledger")
    ledger = window.pages["ledger"]
    lagging = next(r for r in ledger.model.rows() if r["status"] == "欠进度")
    unit = lagging["lead"][0]
    dlg = window.enter_progress(unit, "2023-10")
    row = next(k for k, t in enumerate(dlg.tasks) if t["id"] == lagging["id"])
    dlg.grid.setCurrentCell(row, 2)
    assert dlg.grid.paste("100\t已全部完成\t无\t巩固成效") == 4
    dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.Save).click()
    assert not dlg.isVisible()
    after = {r["id"]: r for r in ledger.model.rows()}[lagging["id"]]
    assert after["status"] == "已完成" and after["percent"] == 100
    hist = window.tracker.progress.progress_history(lagging["id"])
    assert hist[0]["period"] == "2023-10" and hist[0]["progress_text"] == "已全部完成"


def test_progress_grid_bad_percent_writes_nothing(window, messages):
    dlg = window.enter_progress(UNIT, "2023-10")
    n = len(window.tracker.ledger.audit())
    dlg.grid.setCurrentCell(0, 2)
    dlg.grid.paste("50\t一\n\n")
    dlg.grid.setCurrentCell(1, 2)
    dlg.grid.paste("百分之八十")
    assert dlg.save() is False
    assert "百分之八十" in messages[-1][1] and f"》第{dlg.tasks[1]['seq']}项" in messages[-1][1]
    assert len(window.tracker.ledger.audit()) == n
    dlg.grid.item(1, 2).setText("120")
    assert dlg.save() is False                   # the core refuses 120; nothing written
    assert len(window.tracker.ledger.audit()) == n
    dlg.done(0)


def test_import_preview_then_cancel_leaves_db_untouched(window, qtbot):
    before = _db_fingerprint(window.tracker)
    digest = window.db_path.read_bytes()
    wizard = window.import_file(str(REPORT_2025))
    with qtbot.waitSignal(wizard.preview_ready, timeout=30000):
        wizard.run_preview()
    assert wizard.error is None, wizard.error
    assert wizard.table.rowCount() == len(wizard.preview.changes) == 32
    assert "新增 32" in wizard.summary.text()
    assert wizard.apply_button.isEnabled()
    wizard.buttons.button(QDialogButtonBox.Cancel).click()
    assert not wizard.isVisible()
    window.refresh_all()
    assert _db_fingerprint(window.tracker) == before
    assert window.pages["ledger"].model.rowCount() in (0, 136)
    del digest


def test_import_preview_then_apply_with_a_row_skipped(window, qtbot):
    wizard = window.import_file(str(REPORT_2025))
    with qtbot.waitSignal(wizard.preview_ready, timeout=30000):
        wizard.run_preview()
    wizard.table.item(0, 0).setCheckState(Qt.Unchecked)
    wizard.table.item(1, 5).setText("6月底前")               # corrected in the preview
    wizard.table.item(1, 3).setText("市发改委")
    wizard.table.item(1, 4).setText("市住建局市财政局")         # glued, as the importer reads it
    with qtbot.waitSignal(wizard.applied, timeout=30000):
        wizard.apply_button.click()
    assert wizard.outcome.created == 31
    fixed = window.tracker.ledger.task(wizard.outcome.task_ids[0])
    assert fixed["deadline_text"] == "6月底前" and fixed["deadline"] == "2025-06-30"
    assert fixed["lead"] == ["市发改委"] and fixed["assist"] == ["市住建局", "市财政局"]
    assert wizard.preview.changes[1].task.deadline_text != "6月底前"   # the preview itself untouched
    window.show_view("ledger")
    # The ledger shows the plans of the day's year (the demo's 2023); the 2025 plan is there too.
    assert window.pages["ledger"].model.rowCount() == 136
    assert [p["year"] for p in window.tracker.plans.plans()] == [2023, 2025]


def test_import_of_the_same_file_needs_update(window, qtbot, messages):
    from tests.conftest import BREAKDOWN_2023
    before = _db_fingerprint(window.tracker)
    wizard = window.import_file(str(BREAKDOWN_2023))
    with qtbot.waitSignal(wizard.preview_ready, timeout=30000):
        wizard.run_preview()
    assert "本库已有此计划" in wizard.summary.text() and "新增 0、" in wizard.summary.text()
    wizard.run_apply()
    assert "勾选" in messages[-1][1]
    wizard.reject()
    assert _db_fingerprint(window.tracker) == before


def test_generate_report_file(window, qtbot, tmp_path):
    view = window.pages["reports"]
    window.show_view("reports")
    view.kind.setCurrentIndex(view.kind.findData("ledger"))
    view.unit.setCurrentIndex(view.unit.findData(UNIT))
    out = tmp_path / "台账.pdf"
    view.out.setText(str(out))
    with qtbot.waitSignal(view.generated, timeout=60000):
        view.generate_button.click()
        assert view.bar.isVisible()
    assert view.error is None, view.error
    assert out.read_bytes()[:5] == b"%PDF-" and view.open_button.isEnabled()
    from pypdf import PdfReader
    text = "".join(p.extract_text() for p in PdfReader(str(out)).pages)
    assert UNIT in text


def test_reminders_acknowledge(window):
    view = window.pages["reminders"]
    window.show_view("reminders")
    n = view.table.rowCount()
    assert n == len(window.tracker.reminders.reminders(DEMO_TODAY)) > 0
    view.table.selectRow(0)
    key = view.items[0].key
    view.acknowledge()
    assert view.table.rowCount() == n - 1
    assert key not in [r.key for r in view.items]


def test_layout_is_remembered(qtbot, demo_copy, gui_settings):
    from govtrack.gui.main_window import MainWindow
    w = MainWindow(demo_copy, today=DEMO_TODAY, settings=gui_settings, tray=False)
    qtbot.addWidget(w)
    w.show_view("ledger")
    w.pages["ledger"].table.setColumnWidth(2, 233)
    w.show()
    w.resize(761, 598)        # within the offscreen screen, which restoreGeometry clamps to
    w.close()
    w2 = MainWindow(demo_copy, today=DEMO_TODAY, settings=gui_settings, tray=False)
    qtbot.addWidget(w2)
    assert w2.current_view() == "ledger"
    assert w2.pages["ledger"].table.columnWidth(2) == 233
    assert (w2.width(), w2.height()) == (761, 598)
    w2.close()


def test_screenshot_command(demo_copy, tmp_path, qapp, monkeypatch):
    from govtrack.gui.app import main
    monkeypatch.setenv("GOVTRACK_GUI_SETTINGS", str(tmp_path / "s.ini"))
    png = tmp_path / "shots" / "ledger.png"
    assert main(["--db", str(demo_copy), "--today", "2023-10-28", "--screenshot", str(png),
                 "--view", "ledger"]) == 0
    from PySide6.QtGui import QImage
    img = QImage(str(png))
    assert img.width() == 1280 and img.height() == 800


def test_export_forms_then_import_a_return(window, qtbot, tmp_path, monkeypatch):
    exp = window.export_forms("2023-11")
    exp.unit.setCurrentIndex(exp.unit.findData(UNIT))
    exp.folder.setText(str(tmp_path / "forms"))
    with qtbot.waitSignal(exp.exported, timeout=60000):
        exp.run_export()
    assert exp.paths and len(exp.paths) == 1 and exp.paths[0].exists()
    exp.done(0)
    # the unit returns it unfilled: the preview says so, cancel writes nothing
    before = _db_fingerprint(window.tracker)
    wiz = window.import_returns([str(exp.paths[0])])
    with qtbot.waitSignal(wiz.preview_ready, timeout=60000):
        wiz.run_preview()
    assert wiz.error is None, wiz.error
    assert UNIT in wiz.summary.toPlainText()
    assert wiz.table.rowCount() == 10
    assert {wiz.table.item(r, 6).text() for r in range(10)} == {"未填"}
    wiz.buttons.button(QDialogButtonBox.Cancel).click()
    assert _db_fingerprint(window.tracker) == before
    # filled in (one good row, one bad percent) and returned: the bad row is shown and skipped
    import openpyxl
    from govtrack.returns_io.layout import COL_INDEX, DATA_SHEET, HEADER_ROW
    wb = openpyxl.load_workbook(exp.paths[0])
    ws = wb[DATA_SHEET]
    ws.cell(HEADER_ROW + 1, COL_INDEX["percent"], 100)
    ws.cell(HEADER_ROW + 1, COL_INDEX["progress_text"], "已完成全年任务")
    ws.cell(HEADER_ROW + 2, COL_INDEX["percent"], "大部分")
    filled = tmp_path / "returned.xlsx"
    wb.save(filled)
    wiz = window.import_returns([str(filled)])
    with qtbot.waitSignal(wiz.preview_ready, timeout=60000):
        wiz.run_preview()
    actions = [wiz.table.item(r, 6).text() for r in range(wiz.table.rowCount())]
    assert actions.count("新增") == 1 and actions.count("有问题") == 1
    bad = actions.index("有问题")
    assert wiz.table.item(bad, 0).background().color() == PROBLEM_COLOUR
    monkey_info = []
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda *a, **k: monkey_info.append(a)))
    with qtbot.waitSignal(wiz.applied, timeout=60000):
        wiz.apply_button.click()
    assert wiz.outcome.applied == 1 and monkey_info
    task_seq = wiz.preview.files[0].rows[0].task_id
    hist = window.tracker.progress.progress_history(task_seq)
    assert hist[0]["period"] == "2023-11" and hist[0]["percent"] == 100


def test_new_task_dialog(window, qtbot, messages):
    dlg = window.new_task()
    dlg.seq.setText("201")
    dlg.content.setPlainText("新增一项手工任务")
    dlg.lead.setText("市发改委")
    dlg.assist.setText("市财政局、市发改委")
    dlg.deadline.setText("年底前")
    dlg.save()
    assert dlg.created and dlg.created["lead"] == ["市发改委"] and dlg.created["assist"] == ["市财政局"]
    assert window.tracker.ledger.audit("tasks", dlg.created["id"])[0]["action"] == "insert"
    dlg2 = window.new_task()
    dlg2.seq.setText("201")
    dlg2.content.setPlainText("重复序号")
    dlg2.lead.setText("市发改委")
    dlg2.save()
    assert "已有序号为 201" in messages[-1][1] and dlg2.created is None
    dlg2.reject()


def test_first_start_builds_the_demo(qapp, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QDialog
    from govtrack.gui import app as gui_app
    from govtrack.gui.dialogs.first_start import FirstStartDialog
    target = tmp_path / "first" / "govtrack.sqlite"
    monkeypatch.setattr(gui_app, "default_db_path", lambda: target)

    def fake_exec(self):
        self._choose("demo")
        return QDialog.Accepted

    monkeypatch.setattr(FirstStartDialog, "exec", fake_exec)
    path = gui_app.choose_database(None)
    assert path == target.with_name("govtrack-demo.sqlite")
    from govtrack.tracker import Tracker
    tr = Tracker.open(path)
    assert len(tr.ledger.tasks()) == 136
    tr.close()


def test_ctrl_p_from_a_selected_task_prefills_notice(window):
    window.show_view("ledger")
    ledger = window.pages["ledger"]
    ledger.table.setCurrentIndex(ledger.proxy.index(0, 0))
    window.act_print.trigger()
    reports = window.pages["reports"]
    assert window.current_view() == "reports"
    assert reports.kind.currentData() == "notice" and reports.task.text().startswith("#")


def test_editor_adds_a_milestone_and_marks_it_done(window, messages):
    tid = window.tracker.ledger.tasks()[5]["id"]
    dlg = window.edit_task(tid)
    dlg.ms_title.setText("完成方案编制")
    dlg.ms_date.setText("2023-07-31")
    dlg.ms_percent.setText("40")
    assert dlg.add_milestone()
    ms = window.tracker.progress.milestones(tid)
    assert [(m["title"], m["due_date"], m["percent"]) for m in ms][-1] == ("完成方案编制", "2023-07-31", 40)
    assert dlg.milestones.rowCount() == len(ms)
    dlg.ms_title.setText("日期写错")
    dlg.ms_date.setText("七月底")
    assert not dlg.add_milestone() and "节点" in messages[-1][1]
    assert len(window.tracker.progress.milestones(tid)) == len(ms)
    dlg.milestones.selectRow(len(ms) - 1)
    dlg.milestone_done()
    assert window.tracker.progress.milestones(tid)[-1]["done_date"] == DEMO_TODAY.isoformat()
    dlg.reject()


def test_issue_monthly_bulletin_from_reports(window, qtbot, tmp_path):
    view = window.pages["reports"]
    window.show_view("reports")
    view.period.setCurrentText("2023-09")
    view.issue.setChecked(True)
    view.out.setText(str(tmp_path / "通报.pdf"))
    with qtbot.waitSignal(view.generated, timeout=60000):
        view.generate()
    assert view.error is None, view.error
    assert [b["period"] for b in window.tracker.reports.bulletins()] == ["2023-09"]
    assert (tmp_path / "通报.pdf").read_bytes()[:5] == b"%PDF-"


def test_nav_shows_reminder_count(window, qtbot):
    window.show_view("overview")
    qtbot.waitUntil(lambda: window.pages["overview"].summary is not None, timeout=20000)
    n = len(window.tracker.reminders.reminders(DEMO_TODAY))
    assert window.nav.item(3).text() == f"提醒（{n}）"


def test_large_ledger_loads_in_a_worker(window, qtbot, monkeypatch):
    from govtrack.gui.pages.ledger import LedgerPage
    monkeypatch.setattr(LedgerPage, "ASYNC_ABOVE", 0)
    ledger = window.pages["ledger"]
    with qtbot.waitSignal(ledger.loaded, timeout=30000):
        window.show_view("ledger")
        assert ledger.count.text() == "正在读取任务……"
    assert ledger.model.rowCount() == 136
    ledger.set_unit(UNIT)
    with qtbot.waitSignal(ledger.loaded, timeout=30000):
        window.refresh_all()
    assert len(ledger.visible_rows()) == 10          # the unit filter survived the reload


def test_double_click_opens_one_editor(window, qtbot):
    from govtrack.gui.dialogs.task_editor import TaskEditorDialog
    window.show_view("ledger")
    table = window.pages["ledger"].table
    rect = table.visualRect(table.model().index(1, 1))
    qtbot.mouseClick(table.viewport(), Qt.LeftButton, pos=rect.center())   # QTest's double
    qtbot.mouseDClick(table.viewport(), Qt.LeftButton, pos=rect.center())  # click needs a click first
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(TaskEditorDialog)))
    open_editors = [d for d in window.findChildren(TaskEditorDialog) if d.isVisible()]
    assert len(open_editors) == 1
    assert open_editors[0].task["id"] == table.model().index(1, 0).data(Qt.UserRole + 1)["id"]
    open_editors[0].reject()


def test_import_of_a_file_with_no_tasks_says_why(window, qtbot, messages):
    from tests.conftest import SEEDS
    before = _db_fingerprint(window.tracker)
    wizard = window.import_file(str(SEEDS / "002_296ffee7f68e8bd1.txt"))
    with qtbot.waitSignal(wizard.preview_ready, timeout=30000):
        wizard.run_preview()
    assert wizard.error and "没有识别出任何任务" in wizard.error
    assert "没有识别出任何任务" in messages[-1][1]
    assert not wizard.apply_button.isEnabled()
    wizard.reject()
    assert _db_fingerprint(window.tracker) == before


def test_reminders_snooze(window):
    view = window.pages["reminders"]
    window.show_view("reminders")
    n = view.table.rowCount()
    view.table.selectRow(0)
    key = view.items[0].key
    view.until.setDate(DEMO_TODAY.replace(day=30))
    view.snooze()
    assert key not in [r.key for r in view.items] and view.table.rowCount() == n - 1
    acks = {a["key"]: a for a in window.tracker.reminders.reminder_acks()}
    assert acks[key]["state"] == "snooze" and acks[key]["until"] == "2023-10-30"


def test_progress_grid_esc_with_changes_asks(window, qtbot, monkeypatch):
    dlg = window.enter_progress(UNIT, "2023-10")
    dlg.grid.item(0, 3).setText("新的进展")
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: asked.append(a) or QMessageBox.Cancel))
    qtbot.keyClick(dlg, Qt.Key_Escape)
    assert asked and dlg.isVisible()
    n = len(window.tracker.ledger.audit())
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.Discard))
    qtbot.keyClick(dlg, Qt.Key_Escape)
    assert not dlg.isVisible() and len(window.tracker.ledger.audit()) == n


def test_reports_page_word_and_excel_and_a_forced_colour(window, qtbot, tmp_path, monkeypatch):
    from docx import Document
    from openpyxl import load_workbook
    from PySide6.QtWidgets import QMessageBox
    view = window.pages["reports"]
    window.show_view("reports")
    view.kind.setCurrentIndex(view.kind.findData("monthly"))
    assert [view.fmt.itemData(i) for i in range(view.fmt.count())] == ["pdf", "docx"]
    view.fmt.setCurrentIndex(view.fmt.findData("docx"))
    assert view.out.text().endswith(".docx")
    view.period.setCurrentText("2023-09")
    out = tmp_path / "通报.docx"
    view.out.setText(str(out))
    with qtbot.waitSignal(view.generated, timeout=60000):
        view.generate()
    assert view.error is None, view.error
    assert "草稿" in "".join(p.text for p in Document(str(out)).paragraphs)
    # An existing file: the user is asked; "No" leaves it as it was.
    before = out.read_bytes()
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.No))
    view.generate()
    assert out.read_bytes() == before and view.bar.isHidden()
    # The 台账 as Excel; a 督办单 in red for a task that is not overdue.
    view.kind.setCurrentIndex(view.kind.findData("ledger"))
    view.fmt.setCurrentIndex(view.fmt.findData("xlsx"))
    xlsx = tmp_path / "台账.xlsx"
    view.out.setText(str(xlsx))
    with qtbot.waitSignal(view.generated, timeout=60000):
        view.generate()
    assert view.error is None, view.error and load_workbook(xlsx).active.max_row > 136
    view.kind.setCurrentIndex(view.kind.findData("notice"))
    view.task.setText("2")
    view.colour.setCurrentIndex(view.colour.findData("red"))
    pdf = tmp_path / "督办单.pdf"
    view.out.setText(str(pdf))
    with qtbot.waitSignal(view.generated, timeout=60000):
        view.generate()
    assert view.error is None, view.error
    from pypdf import PdfReader
    text = "".join(p.extract_text() for p in PdfReader(str(pdf)).pages)
    assert "已超过" not in text.replace("\n", "")       # red by choice, worded by the facts
