"""Shared fixtures: the real seed texts and a temp-dir database."""

from __future__ import annotations

import sqlite3

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "resources" / "seeds"
BREAKDOWN_2023 = SEEDS / "001_c26dbfc0c5ce5eed.txt"
REPORT_2025 = SEEDS / "000_bdc9bde047d2e4ec.txt"


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "govtrack.sqlite"


@pytest.fixture
def tracker(db_path):
    from govtrack.tracker import Tracker
    tr = Tracker.open(db_path)
    yield tr
    tr.close()


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory) -> Path:
    """The demo database (2023 breakdown + demo progress), built once per test run."""
    from govtrack.app.demo import build_demo
    from govtrack.tracker import Tracker
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    tr = Tracker.open(path)
    build_demo(tr)
    tr.close()
    return path


@pytest.fixture
def demo(demo_file, tmp_path):
    """A Tracker on this test's own copy of the demo database (``tmp_path/demo.sqlite``)."""
    yield from _copy_of(demo_file, tmp_path / "demo.sqlite")


@pytest.fixture
def demo_tracker(demo_file, db_path):
    """The same, copied to ``db_path``, for tests that also run the CLI on ``db_path``."""
    yield from _copy_of(demo_file, db_path)


def _copy_of(source: Path, path: Path):
    import shutil
    from govtrack.tracker import Tracker
    shutil.copyfile(source, path)
    tr = Tracker.open(path)
    yield tr
    tr.close()


def sql(path, query, args=()):
    """Plain SQL on the file, beside the window's own connection (what a test checks against)."""
    con = sqlite3.connect(path)
    try:
        return con.execute(query, args).fetchall()
    finally:
        con.close()
