"""Where things live: the default database, backups, window settings and kept copies of imported files.

Installed, GovTrack keeps its data per user (``%LOCALAPPDATA%\\GovTrack`` on Windows,
``~/.local/share/GovTrack`` on Linux, via platformdirs).  A file named ``portable`` beside
the program (the folder holding ``govtrack\\``, ``resources\\`` and, installed,
``python.exe``) switches to portable mode: everything goes to ``data\\`` in that folder,
so a district office can carry GovTrack and its ledger on a USB stick.
"""

from __future__ import annotations

import os
from pathlib import Path


APP_NAME = "GovTrack"
REPO_ROOT = Path(__file__).resolve().parent.parent
SCHEMA_DIR = REPO_ROOT / "db"
RESOURCES_DIR = REPO_ROOT / "resources"
SEEDS_DIR_CANDIDATES = (REPO_ROOT / "resources" / "seeds", REPO_ROOT.parent / "shared" / "seeds")

#: The marker file's name and the data folder's name, both beside the program.
PORTABLE_MARKER = "portable"
PORTABLE_DATA = "data"
DB_FILE = "govtrack.sqlite"
GUI_SETTINGS_FILE = "govtrack-gui.ini"


def program_dir() -> Path:
    """The folder the program runs from (the checkout, or the installed ``GovTrack\\``)."""
    return REPO_ROOT


def is_portable(program: Path | None = None) -> bool:
    """True when a ``portable`` marker file sits beside the program."""
    return ((program or program_dir()) / PORTABLE_MARKER).is_file()


def data_dir(program: Path | None = None) -> Path:
    """The folder for the database, its backups and the window settings.

    ``data\\`` beside the program in portable mode, else the per-user data folder
    (``%LOCALAPPDATA%\\GovTrack`` on Windows).
    """
    program = program or program_dir()
    if is_portable(program):
        return program / PORTABLE_DATA
    from platformdirs import user_data_dir     # only when no --db is given (≈8 ms to import)
    return Path(user_data_dir(APP_NAME, appauthor=False, roaming=False))


def default_db_path() -> Path:
    """``GOVTRACK_DB`` if set, else ``govtrack.sqlite`` in :func:`data_dir`."""
    env = os.environ.get("GOVTRACK_DB")
    if env:
        return Path(env)
    return data_dir() / DB_FILE


def gui_settings_file() -> Path | None:
    """The INI file the window keeps its settings in, or None for the system's store.

    ``GOVTRACK_GUI_SETTINGS`` if set (tests), ``data\\govtrack-gui.ini`` in portable mode
    (so the last database, sizes and column widths travel with the stick), else None:
    Qt's default (the registry under ``HKCU\\Software\\GovTrack`` on Windows).
    """
    env = os.environ.get("GOVTRACK_GUI_SETTINGS")
    if env:
        return Path(env)
    if is_portable():
        return data_dir() / GUI_SETTINGS_FILE
    return None


def attachments_dir(db_path: Path) -> Path:
    """Copies of imported files sit beside the database, so a result traces to its source."""
    return db_path.parent / (db_path.stem + "_files")


def backups_dir(db_path: Path) -> Path:
    return db_path.parent / (db_path.stem + "_backups")
