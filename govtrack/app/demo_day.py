"""The day a database is looked at by default: today, except the demo, which keeps its own day.

The demo is 潜江's 2023 list with progress up to October; shown on the real date it would
be a sea of red. So the demo database stores the day it is meant to be seen on
(setting ``demo.today``) and the window opens on it, with a 演示数据 banner.
"""

from __future__ import annotations

from datetime import date

from .. import store
from .demo import DEMO_STEPS

DEMO_DAY = date(2023, 10, 31)
DAY_KEY = "demo.today"


def is_demo(tracker) -> bool:
    """Whether the database was built by ``govtrack demo`` (setting ``demo``)."""
    return bool(store.get_setting(tracker.db, "demo", False))


def default_day(tracker, today: date | None = None) -> date:
    """The demo's stored day (``demo.today``, or 2023-10-31 for a demo built before it was
    stored); otherwise ``today`` (default: the real date)."""
    stored = store.get_setting(tracker.db, DAY_KEY)
    if stored:
        try:
            return date.fromisoformat(str(stored))
        except ValueError:
            pass
    if is_demo(tracker):
        return DEMO_DAY
    return today or date.today()


def remember_demo_day(tracker, plan_id=None, day: date = DEMO_DAY) -> str:
    """A demo step: store the day the demo is meant to be seen on."""
    with tracker.db.atomic():
        store.set_setting(tracker.db, DAY_KEY, day.isoformat())
    return f"演示数据按 {day.isoformat()} 查看（窗口默认打开这一天）。"


if remember_demo_day not in DEMO_STEPS:
    DEMO_STEPS.append(remember_demo_day)
