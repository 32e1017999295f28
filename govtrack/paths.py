"""Where things live: the default database, backups and kept copies of imported files."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

APP_NAME = "GovTrack"
REPO_ROOT = Path(__file__).resolve().parent.parent
SCHEMA_DIR = REPO_ROOT / "db"
RESOURCES_DIR = REPO_ROOT / "resources"
SEEDS_DIR_CANDIDATES = (REPO_ROOT / "resources" / "seeds", REPO_ROOT.parent / "shared" / "seeds")


def default_db_path() -> Path:
    """``GOVTRACK_DB`` if set, else ``govtrack.sqlite`` in the user's data folder."""
    env = os.environ.get("GOVTRACK_DB")
    if env:
        return Path(env)
    return Path(user_data_dir(APP_NAME, appauthor=False)) / "govtrack.sqlite"


def attachments_dir(db_path: Path) -> Path:
    """Copies of imported files sit beside the database, so a result traces to its source."""
    return db_path.parent / (db_path.stem + "_files")


def backups_dir(db_path: Path) -> Path:
    return db_path.parent / (db_path.stem + "_backups")
