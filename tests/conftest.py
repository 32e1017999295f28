"""Shared fixtures: the real seed texts and a temp-dir database."""

from __future__ import annotations

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


@pytest.fixture
def demo_tracker(db_path):
    """A fresh demo database (the 2023 breakdown plus whatever demo steps are registered)."""
    from govtrack.demo import build_demo
    from govtrack.tracker import Tracker
    tr = Tracker.open(db_path)
    build_demo(tr)
    yield tr
    tr.close()
