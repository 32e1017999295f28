"""Reliability in the window: backups and restore from the 文件 menu, a locked or read-only
file named in Chinese (the dialog stays open with what was typed), a shared file said
in the status bar and other windows' changes picked up, and an edit of a task someone
else changed since it was opened asks first."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from govtrack.gui.background import wait_all
from govtrack.gui.dialogs import BackupsDialog
from govtrack.paths import backups_dir
from govtrack.store import backup as store_backup
from govtrack.store import db as store_db
from govtrack.tracker import Tracker
from tests.gui.conftest import DEMO_TODAY

LOCKED = "另一个窗口或程序正在写入此数据库，请稍后重试"


def _open_window(qtbot, path, settings):
    from govtrack.gui.main_window import MainWindow
    w = MainWindow(path, today=DEMO_TODAY, settings=settings, tray=False)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def _menu_action(window, text):
    for menu_action in window.menuBar().actions():
        for a in menu_action.menu().actions():
            if a.text() == text:
                return a
    raise AssertionError(text)


def _backups_dialog(window, qtbot, text="备份…") -> BackupsDialog:
    _menu_action(window, text).trigger()
    dlg = window.findChildren(BackupsDialog)[-1]
    qtbot.waitUntil(lambda: not dlg.busy, timeout=30000)
    return dlg


def _save(dlg):
    dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.Save).click()


# ---------------------------------------------------------------- backup and restore

def test_menu_backup_makes_a_checked_backup_that_is_listed(window, qtbot, demo_copy):
    dlg = _backups_dialog(window, qtbot)
    before = len(dlg.rows)
    dlg.reason.setText("月度通报印发前")
    dlg.backup_button.click()
    assert dlg.busy and dlg.bar.isVisibleTo(dlg)             # the copy runs in a worker, a bar shows
    qtbot.waitUntil(lambda: not dlg.busy and len(dlg.rows) == before + 1, timeout=30000)
    made = [p for p in backups_dir(demo_copy).glob("*.sqlite") if "月度通报印发前" in p.name]
    assert len(made) == 1 and store_backup.check_backup(made[0]) is None
    row = next(r for r, b in enumerate(dlg.rows) if b["path"] == made[0])
    assert [dlg.table.item(row, c).text() for c in (1, 3)] == ["月度通报印发前", "完好"]
    assert dlg.table.currentRow() == row                     # the new one is selected
    assert "已备份并校验" in window.statusBar().currentMessage()
    dlg.reject()


def test_restore_asks_keeps_the_current_file_and_brings_the_data_back(window, qtbot, demo_copy, asked):
    tid = window.tracker.ledger.tasks()[0]["id"]
    dlg = _backups_dialog(window, qtbot)
    dlg.backup_button.click()
    qtbot.waitUntil(lambda: not dlg.busy and dlg.table.currentRow() >= 0, timeout=30000)
    good = dlg.selected()["path"]
    window.tracker.ledger.update_task(tid, note="备份之后的修改")
    old_tracker = window.tracker

    asked.answer = "取消"
    assert dlg.restore_selected() is False                   # asked first; 取消 changes nothing
    assert "先另存为一份备份" in asked.seen[-1]
    assert window.tracker.ledger.task(tid)["note"] == "备份之后的修改"

    asked.answer = "恢复"
    assert dlg.restore_selected() is True
    qtbot.waitUntil(lambda: not dlg.busy, timeout=30000)
    wait_all(30000)
    assert window.tracker is not old_tracker                 # the window reloaded everything
    assert window.tracker.ledger.task(tid)["note"] is None
    kept = [b for b in store_backup.list_backups(demo_copy) if b["reason"] == "before-restore"]
    assert len(kept) == 1 and kept[0]["path"] != good
    with store_backup.read_only(kept[0]["path"]) as conn:      # the file as it was, kept
        assert conn.execute("SELECT note FROM tasks WHERE id = ?", [tid]).fetchone()[0] == "备份之后的修改"
    assert "已从备份恢复" in window.statusBar().currentMessage()
    assert any(b["label"].startswith("恢复备份前") for b in dlg.rows)
    dlg.reject()


def test_restore_menu_offers_the_newest_good_backup(window, qtbot, demo_copy):
    store_backup.make_backup(demo_copy, "manual")
    dlg = _backups_dialog(window, qtbot, "从备份恢复…")
    assert dlg.selected() is not None and dlg.selected()["problem"] is None
    assert dlg.restore_button.isEnabled()
    dlg.reject()


# ---------------------------------------------------------------- a locked, read-only or damaged file

@pytest.fixture
def quick_lock(monkeypatch):
    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_S", 0.3)


def test_locked_database_save_says_so_in_chinese_and_the_dialog_stays_open(
        quick_lock, qtbot, demo_copy, gui_settings, messages):
    window = _open_window(qtbot, demo_copy, gui_settings)
    tid = window.tracker.ledger.tasks()[0]["id"]
    dlg = window.edit_task(tid)
    dlg.note.setText("锁定时写的备注")
    other = sqlite3.connect(demo_copy, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")                         # another program holds the write lock
    try:
        _save(dlg)
        assert messages and LOCKED in messages[-1][1] and "未作任何改动" in messages[-1][1]
        assert dlg.isVisible() and dlg.note.text() == "锁定时写的备注"

        grid = window.enter_progress(window.tracker.ledger.task(tid)["lead"][0], "2023-10")
        grid.grid.setCurrentCell(0, 2)
        grid.grid.paste("66\t锁定时填写")
        _save(grid)
        assert LOCKED in messages[-1][1] and grid.isVisible()
        assert grid.entries()[0]["percent"] == "66"          # what was typed is still there
    finally:
        other.execute("ROLLBACK")
        other.close()
    _save(grid)
    assert not grid.isVisible()
    _save(dlg)                                               # the lock is gone: it saves
    assert not dlg.isVisible()
    assert window.tracker.ledger.task(tid)["note"] == "锁定时写的备注"
    wait_all(30000)


def test_read_only_file_is_said_in_the_status_bar_and_writes_explain(
        qtbot, demo_copy, gui_settings, messages, monkeypatch):
    monkeypatch.setattr(store_db, "_writable", lambda path: False)   # root may write any file
    window = _open_window(qtbot, demo_copy, gui_settings)
    assert window.storage_label.isVisibleTo(window) and "只读" in window.storage_label.text()
    window.show_view("ledger")
    rows = window.pages["ledger"].model.rows()
    assert len(rows) == 136                                  # reading works
    dlg = window.edit_task(rows[0]["id"])
    dlg.note.setText("只读时写的备注")
    _save(dlg)
    assert "只读" in messages[-1][1] and "不能修改" in messages[-1][1]
    assert dlg.isVisible() and dlg.note.text() == "只读时写的备注"
    dlg.done(0)
    window.pages["units"].new_name.setText("市新设单位")
    assert window.pages["units"].add_unit() is False
    assert "只读" in messages[-1][1]
    wait_all(30000)


def test_a_failure_of_the_file_that_reaches_the_window_unnamed_is_named(window, messages, monkeypatch):
    tid = window.tracker.ledger.tasks()[0]["id"]
    dlg = window.edit_task(tid)

    def damaged(*a, **k):
        raise sqlite3.DatabaseError("database disk image is malformed")

    monkeypatch.setattr(window.tracker.ledger, "update_task", damaged)
    dlg.note.setText("x")
    assert dlg.save() is False
    assert "已损坏" in messages[-1][1] and "Traceback" not in messages[-1][1]
    assert dlg.isVisible()
    dlg.done(0)


# ---------------------------------------------------------------- another window, a shared file

def test_shared_file_is_said_and_another_windows_change_is_picked_up(
        qtbot, demo_copy, gui_settings, monkeypatch):
    monkeypatch.setattr(store_db, "is_network_path", lambda p: True)
    window = _open_window(qtbot, demo_copy, gui_settings)
    assert "共享文件" in window.storage_label.text()
    assert window.poll.isActive()
    window.show_view("ledger")
    qtbot.waitUntil(lambda: len(window.pages["ledger"].model.rows()) == 136, timeout=30000)
    tid = window.tracker.ledger.tasks()[0]["id"]
    assert window.check_elsewhere() is False                 # nothing new: no redraw
    other = Tracker.open(demo_copy)
    other.ledger.update_task(tid, content="另一窗口改写的任务内容")
    other.close()
    window.poll.timeout.emit()                               # the poll's tick
    qtbot.waitUntil(lambda: any(r["content"] == "另一窗口改写的任务内容"
                                for r in window.pages["ledger"].model.rows()), timeout=30000)
    assert "已载入其他窗口或同事的修改" in window.statusBar().currentMessage()
    assert window.check_elsewhere() is False
    wait_all(30000)


def test_editing_a_task_someone_changed_since_it_was_opened_asks_first(window, demo_copy, asked, messages):
    tid = window.tracker.ledger.tasks()[0]["id"]
    dlg = window.edit_task(tid)
    other = Tracker.open(demo_copy)                          # a colleague on the same file
    other.ledger.update_task(tid, note="同事的备注")
    dlg.note.setText("我的备注")
    dlg.lead_official.setText("张副市长")

    asked.answer = "取消"
    assert dlg.save() is False
    assert "此任务在您打开后已被他人修改" in asked.seen[-1] and "备注" in asked.seen[-1]
    assert dlg.isVisible() and dlg.note.text() == "我的备注"
    now = other.ledger.task(tid)
    assert now["note"] == "同事的备注" and now["lead_official"] != "张副市长"   # nothing written

    asked.answer = "重新载入"
    assert dlg.save() is False
    assert dlg.note.text() == "同事的备注" and dlg.isVisible()   # the colleague's version shown
    assert not dlg.is_dirty()
    dlg.lead_official.setText("张副市长")
    assert dlg.save() is True                                # nothing changed since the reload
    assert len(asked.seen) == 2
    assert other.ledger.task(tid)["note"] == "同事的备注"

    dlg = window.edit_task(tid)
    other.ledger.update_task(tid, note="同事又改了")
    dlg.note.setText("我坚持的备注")
    asked.answer = "覆盖"
    assert dlg.save() is True
    assert other.ledger.task(tid)["note"] == "我坚持的备注"
    other.close()
    assert not messages                                      # asked, never an error box
