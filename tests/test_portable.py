"""Portable mode: a ``portable`` file beside the program keeps database, backups and window
settings in ``data\\`` there (a GovTrack on a USB stick); without it, the per-user folder
(``%LOCALAPPDATA%\\GovTrack`` on Windows)."""

from __future__ import annotations

from pathlib import Path, PureWindowsPath

import platformdirs
import pytest

from govtrack import paths
from govtrack.cli import main


@pytest.fixture
def program(tmp_path, monkeypatch) -> Path:
    """A program folder of its own (like the installed C:\\GovTrack), no GOVTRACK_* overrides."""
    folder = tmp_path / "GovTrack"
    folder.mkdir()
    monkeypatch.setattr(paths, "program_dir", lambda: folder)
    monkeypatch.delenv("GOVTRACK_DB", raising=False)
    monkeypatch.delenv("GOVTRACK_GUI_SETTINGS", raising=False)
    return folder


@pytest.fixture
def portable(program) -> Path:
    (program / paths.PORTABLE_MARKER).write_text("", encoding="utf-8")
    return program


def test_without_the_marker_data_goes_to_the_user_folder(program):
    assert not paths.is_portable()
    expected = Path(platformdirs.user_data_dir("GovTrack", appauthor=False, roaming=False))
    assert paths.data_dir() == expected
    assert paths.default_db_path() == expected / "govtrack.sqlite"
    assert paths.gui_settings_file() is None, "the window uses Qt's own store (the registry)"


def test_on_windows_the_user_folder_is_localappdata(program, monkeypatch):
    """The arguments paths.py gives platformdirs mean %LOCALAPPDATA%\\GovTrack (not roaming,
    no vendor folder), resolved the way platformdirs does when Windows' API is absent."""
    from platformdirs import windows
    monkeypatch.setattr(windows, "_RESOLVE_WIN_FOLDER", windows.get_win_folder_from_env_vars)
    monkeypatch.setenv("LOCALAPPDATA", r"C:\Users\督查室\AppData\Local")
    monkeypatch.setenv("APPDATA", r"C:\Users\督查室\AppData\Roaming")
    import platformdirs       # paths.py imports it when it needs the folder
    monkeypatch.setattr(platformdirs, "user_data_dir", lambda *a, **k: windows.Windows(*a, **k).user_data_dir)
    got = PureWindowsPath(str(paths.default_db_path()).replace("/", "\\"))
    assert got == PureWindowsPath(r"C:\Users\督查室\AppData\Local\GovTrack\govtrack.sqlite")


def test_the_marker_puts_database_backups_and_settings_in_data(portable):
    assert paths.is_portable()
    data = portable / "data"
    assert paths.data_dir() == data
    assert paths.default_db_path() == data / "govtrack.sqlite"
    assert paths.gui_settings_file() == data / "govtrack-gui.ini"
    assert paths.backups_dir(paths.default_db_path()) == data / "govtrack_backups"


def test_a_marker_folder_is_not_the_marker(program):
    (program / "portable").mkdir()
    assert not paths.is_portable()


def test_the_command_line_works_in_portable_mode(portable, capsys, tmp_path):
    """`govtrack init`, `import` without --db: everything lands in data\\ beside the program."""
    from .conftest import BREAKDOWN_2023
    assert main(["init"]) == 0
    db = portable / "data" / "govtrack.sqlite"
    assert db.is_file() and str(db) in capsys.readouterr().out
    assert main(["import", str(BREAKDOWN_2023)]) == 0
    assert "新增 136 项" in capsys.readouterr().out
    # A later migration or a manual backup goes beside the database, also in data\.
    from govtrack.tracker import Tracker
    tr = Tracker.open()
    try:
        assert tr.path == db
        copy = tr.backups.make("test")
    finally:
        tr.close()
    assert copy.parent == portable / "data" / "govtrack_backups" and copy.is_file()
    leftovers = [p for p in tmp_path.rglob("*") if p.is_file() and portable not in p.parents]
    assert leftovers == [], "nothing written outside the program folder"


def test_environment_overrides_portable_mode(portable, tmp_path, monkeypatch):
    monkeypatch.setenv("GOVTRACK_DB", str(tmp_path / "elsewhere.sqlite"))
    monkeypatch.setenv("GOVTRACK_GUI_SETTINGS", str(tmp_path / "gui.ini"))
    assert paths.default_db_path() == tmp_path / "elsewhere.sqlite"
    assert paths.gui_settings_file() == tmp_path / "gui.ini"


def test_the_window_keeps_its_settings_in_data(portable, demo_file, qtbot):
    """The window opened as the shortcut opens it saves its state in data\\govtrack-gui.ini."""
    import shutil
    from govtrack.gui.app import open_settings
    from govtrack.gui.background import wait_all
    from govtrack.gui.main_window import MainWindow
    db = paths.default_db_path()
    db.parent.mkdir(parents=True)
    shutil.copyfile(demo_file, db)
    settings = open_settings()
    assert Path(settings.fileName()) == portable / "data" / "govtrack-gui.ini"
    w = MainWindow(db, settings=settings, tray=False)
    qtbot.addWidget(w)
    w.show()
    w.show_view("units")
    wait_all(30000)
    w.close()
    settings.sync()
    text = (portable / "data" / "govtrack-gui.ini").read_text(encoding="utf-8")
    assert "last_db" in text and "govtrack.sqlite" in text and "view=units" in text
