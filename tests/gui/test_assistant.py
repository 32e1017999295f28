"""The breakdown assistant page on the demo database (the 2023 breakdown as history):
the 2025 report (seed 000) split in the window, edited, imported, found in the ledger."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tests.conftest import REPORT_2025

TITLE = "2025年政府工作报告重点工作任务分解"


@pytest.fixture
def page(window, qtbot, monkeypatch):
    # pytest-qt closes the window after the test: answer 放弃 there instead of blocking.
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.Discard))
    window.show_view("assistant")
    page = window.pages["assistant"]
    assert window.stack.currentWidget() is page
    with qtbot.waitSignal(page.split_ready, timeout=30000):
        page.run_split(str(REPORT_2025))
    assert page.error is None
    yield page
    page.dirty = False          # the window closes after the test without asking


def test_split_shows_sections_and_the_source_line(page, window):
    expected = window.tracker.assist.split_report(REPORT_2025)
    assert len(page.drafts) == len(expected.split.tasks) == 124
    assert page.tree.topLevelItemCount() == len(expected.split.sections) == 8
    assert page.tree.topLevelItem(0).text(0).startswith("（一）")
    assert page.year.value() == 2025 and page.title.text().startswith("2025年")
    # Selecting a candidate shows it in the editor and highlights its line of the report.
    page.select(5)
    d = page.drafts[5]
    assert page.content.toPlainText() == d.content
    assert page.highlighted_line() == d.source_line
    line = page.source.document().findBlockByNumber(d.source_line - 1).text()
    assert d.content[:8] in line.replace(" ", "")
    # The deadline phrase is read as it is typed, in the plan year.
    page.deadline.setText("6月底前")
    assert page.deadline_read.text().startswith("即 2025年6月30日")
    assert page.drafts[5].deadline_text == "6月底前"
    page.deadline.setText("某个时候")
    assert "无法识别" in page.deadline_read.text()
    # Targets are taken out of the text on request.
    k = next(i for i, x in enumerate(page.drafts) if x.targets)
    page.select(k)
    page.targets.setText("")
    assert page.drafts[k].targets == []
    page.take_targets()
    assert page.drafts[k].targets and page.targets.text().split("；")[0] in page.drafts[k].content


def test_split_merge_suggest_import_and_find_in_ledger(page, window, qtbot, monkeypatch, tmp_path):
    n = len(page.drafts)
    first, second = page.drafts[0].content, page.drafts[1].content
    page.select(0, 1)
    assert page.merge_button.isEnabled()
    assert page.merge_selected()
    assert len(page.drafts) == n - 1 and page.drafts[0].seq == "1" and page.drafts[1].seq == "2"
    assert first.rstrip("。") in page.drafts[0].content and second in page.drafts[0].content
    assert page.items()[0].text(1) == page.drafts[0].content
    # Take a suggestion with one click where the lead is still empty.
    k = next(i for i, d in enumerate(page.drafts) if not d.lead and d.suggestion and d.suggestion.lead)
    page.select(k)
    sug = page.drafts[k].suggestion
    button = page.suggestions.buttons[0]
    assert button.isVisible() and sug.lead[0].name in button.text()
    qtbot.mouseClick(button, Qt.LeftButton)
    assert page.drafts[k].lead == [sug.lead[0].name]
    assert page.lead.text() == sug.lead[0].name
    assert page.tree.currentItem().text(2) == sug.lead[0].name
    # Typed units are checked by the core on import (any spelling of the directory works).
    page.select(0)
    page.lead.setText("市水利局")
    page.title.setText(TITLE)
    shots = tmp_path / "assistant.png"
    assert page.window.grab().save(str(shots)) and shots.stat().st_size > 10000
    # Closing with unsaved drafts asks first; 取消 keeps the window open.
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: asked.append(a[1]) or QMessageBox.Cancel))
    window.close()
    assert asked and window.isVisible()
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.Discard))
    # Import: the same preview dialog as any import; nothing written until 导入.
    plans_before = len(window.tracker.plans.plans())
    dlg = page.import_plan()
    assert dlg is not None and dlg.preview.counts["new"] == n - 1
    assert dlg.table.rowCount() == n - 1 and not dlg.file.isVisible()
    assert dlg.table.item(0, 3).text() == "市水利和湖泊局"
    assert dlg.table.item(k, 3).text() == sug.lead[0].name
    assert len(window.tracker.plans.plans()) == plans_before
    with qtbot.waitSignal(page.imported, timeout=30000):
        dlg.run_apply()
    assert dlg.outcome.created == n - 1 and not page.dirty
    plan = next(p for p in window.tracker.plans.plans() if p["id"] == dlg.outcome.plan_id)
    assert plan["title"] == TITLE and plan["year"] == 2025 and plan["tasks"] == n - 1
    # The plan is in the ledger: on a day of 2025 the ledger shows the 2025 plans (the demo's
    # own day, 2023-10-31, shows the 2023 list: every view is scoped to the day's year).
    window.set_today(dt.date(2025, 3, 31))
    window.show_view("ledger")
    ledger = window.pages["ledger"]
    assert ledger.proxy.rowCount() == n - 1
    ledger.search.setText(page.drafts[k].content[:12])
    rows = ledger.visible_rows()
    assert any(r["lead"] == [sug.lead[0].name] and r["plan_id"] == plan["id"] for r in rows)
    ledger.search.clear()
    # Importing the same drafts again is refused by the core, not written twice.
    window.show_view("assistant")
    again = page.import_plan()
    assert again is not None and again.preview.existing_plan is not None


def test_split_and_drop_candidates(page):
    n = len(page.drafts)
    page.select(3)
    text = page.drafts[3].content
    cut = text.index("，") + 1 if "，" in text else len(text) // 2
    cursor = page.content.textCursor()
    cursor.setPosition(cut)
    page.content.setTextCursor(cursor)
    assert page.split_at_cursor()
    assert len(page.drafts) == n + 1
    assert page.drafts[3].content + page.drafts[4].content == text[:cut].strip() + text[cut:].strip()
    page.select(3, 4)
    assert page.drop_selected() == 2
    assert len(page.drafts) == n - 1 and text[:cut].strip() not in [d.content for d in page.drafts]
    assert [d.seq for d in page.drafts] == [str(i) for i in range(1, n)]


def test_a_file_that_is_no_report_says_so(window, qtbot, messages, tmp_path):
    window.show_view("assistant")
    page = window.pages["assistant"]
    bad = tmp_path / "通知.txt"
    bad.write_text("关于召开会议的通知\n请各单位准时参加。\n", encoding="utf-8")
    with qtbot.waitSignal(page.split_ready, timeout=30000):
        page.run_split(str(bad))
    assert page.error and "重点工作" in page.error and "通知.txt" in page.error
    assert messages and page.drafts == []


def test_import_preview_fills_empty_units_with_one_click(page, qtbot):
    for d in page.drafts:
        d.lead = []
    page.title.setText(TITLE)
    dlg = page.import_plan()
    empty = [r for r in range(dlg.table.rowCount()) if not dlg.table.item(r, 3).text()]
    assert len(empty) == len(page.drafts)
    qtbot.mouseClick(dlg.suggest_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: getattr(dlg, "suggestions_filled", None) is not None, timeout=30000)
    expected = page.window.tracker.assist.suggest_many([d.content for d in page.drafts])
    assert dlg.suggestions_filled == sum(1 for s in expected if s and s.lead) > 100
    for r, s in enumerate(expected[:20]):
        assert dlg.table.item(r, 3).text() == (s.lead[0].name if s and s.lead else "")
    assert "推荐" in dlg.summary.text()
    # The corrected preview carries the filled units into the import.
    assert dlg.corrected_preview().changes[0].task.lead == [expected[0].lead[0].name]
    dlg.reject()


def test_task_editor_takes_a_suggestion(window, qtbot):
    task = next(t for t in window.tracker.ledger.tasks() if "防洪" in t["content"] or "堤防" in t["content"])
    dlg = window.edit_task(task["id"])
    panel = dlg.suggestions
    assert panel.suggestion is not None and panel.suggestion.lead
    assert task["id"] not in [e.task_id for e in panel.suggestion.evidence]   # not its own evidence
    dlg.lead.setText("")
    qtbot.mouseClick(panel.buttons[1], Qt.LeftButton)
    assert dlg.lead.text() == panel.suggestion.lead[1].name
    assert dlg.is_dirty()
    dlg.lead.setText("、".join(task["lead"]))
    dlg.assist.setText("、".join(task["assist"]))
    dlg.reject()
