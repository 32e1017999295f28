"""The demo database: the real 2023 潜江 breakdown (136 tasks), marked as demo data.

So the program has something real to show on a fresh machine. Later areas add
deterministic demo progress through :data:`DEMO_STEPS`.
"""

from __future__ import annotations

from typing import Callable

from .. import store
from ..store import backup as backups
from ..store.reset import has_ledger_data, mark_demo_plan, reset_ledger
from ..errors import DuplicateError
from ..paths import SEEDS_DIR_CANDIDATES

DEMO_FILE = "001_c26dbfc0c5ce5eed.txt"
DEMO_YEAR = 2023
DEMO_TODAY = "2023-10-31"     # the day the demo's progress runs to
# Functions (tracker, plan_id) -> str run after the import, e.g. to add demo progress.
DEMO_STEPS: list[Callable] = []


def demo_source():
    for folder in SEEDS_DIR_CANDIDATES:
        p = folder / DEMO_FILE
        if p.exists():
            return p
    raise FileNotFoundError(f"找不到演示数据文件 {DEMO_FILE}（应在 resources/seeds/ 中）。")


def build_demo(tracker, *, force: bool = False) -> str:
    """Fill an empty database with the demo plan; refuse a database with data unless ``force``.

    With ``force`` the old ledger is backed up (checked), then emptied and rebuilt in ONE
    transaction: a kill or an error at any point leaves the old ledger as it was.
    """
    db = tracker.db
    has_data = has_ledger_data(db)
    if has_data and not force:
        raise DuplicateError("该数据库已有数据，未作改动。如需清空并重建演示数据，请加 --force。")
    if has_data and tracker.path:
        backups.make_backup(tracker.path, "before-demo")
    _load_demo_steps()
    with db.atomic():
        if has_data:
            reset_ledger(db)
        outcome = tracker.imports.import_file(demo_source(), year=DEMO_YEAR)
        mark_demo_plan(db, outcome.plan_id, "【演示数据】2023年《政府工作报告》重点工作任务清单")
        store.set_setting(db, "demo", True)
        store.set_setting(db, "demo.today", DEMO_TODAY)    # the window opens the demo on its day
        lines = [f"演示数据库已建立：{tracker.path}",
                 f"导入 2023 年潜江市《政府工作报告》重点工作任务 {outcome.created} 项（标记为演示数据）。"]
        for step in DEMO_STEPS:
            lines.append(step(tracker, outcome.plan_id))
    return "\n".join(x for x in lines if x)


def _load_demo_steps() -> None:
    """The areas that add demo data register a step in DEMO_STEPS when imported."""
    from . import demo_day, demo_progress, reports
    del demo_day, demo_progress, reports     # imported for the steps they register