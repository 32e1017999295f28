"""GUI fixtures: a temp copy of the demo database and a window on it (offscreen)."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

DEMO_TODAY = dt.date(2023, 10, 28)   # inside the demo year, after the October round's due day


@pytest.fixture
def demo_copy(demo_file, tmp_path):
    """A file copy of the session's demo database (``demo_file`` in tests/conftest.py)."""
    target = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_file, target)
    return target


@pytest.fixture
def gui_settings(tmp_path):
    from PySide6.QtCore import QSettings
    return QSettings(str(tmp_path / "gui.ini"), QSettings.IniFormat)


@pytest.fixture
def messages(monkeypatch):
    """Message boxes recorded instead of shown (a modal box would block the test)."""
    from PySide6.QtWidgets import QMessageBox
    seen: list[tuple[str, str]] = []

    def warn(parent, title, text, *a, **k):
        seen.append((title, text))
        return QMessageBox.Ok

    monkeypatch.setattr(QMessageBox, "warning", staticmethod(warn))
    return seen


@pytest.fixture
def window(qtbot, demo_copy, gui_settings, messages):
    from govtrack.gui.main_window import MainWindow
    w = MainWindow(demo_copy, today=DEMO_TODAY, settings=gui_settings, tray=False)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    from govtrack.gui.background import wait_all
    wait_all(30000)



@pytest.fixture
def asked(monkeypatch):
    """Question boxes built by hand (custom buttons): record the text, click the button
    named in ``asked.answer`` (default 取消)."""
    from PySide6.QtWidgets import QMessageBox
    seen: list[str] = []

    def exec_(box):
        seen.append(box.text())
        for b in box.buttons():
            if b.text() == asked.answer:
                b.click()
                return 0
        raise AssertionError(f"no button {asked.answer!r} in {[b.text() for b in box.buttons()]}")

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    asked = type("Asked", (), {"answer": "取消", "seen": seen})()
    return asked
