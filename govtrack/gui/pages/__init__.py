"""The main window's pages, one module each: 总览, 任务台账, 计划, 责任单位, 提醒, 报告, 设置.

Each page asks the window's Tracker for plain data in ``refresh()`` and shows it.
"""

from .ledger import LedgerPage
from .overview import OverviewPage
from .plans import PlansPage
from .reminders import RemindersPage
from .reports import ReportsPage
from .settings import SettingsPage
from .units import UnitsPage

__all__ = ["LedgerPage", "OverviewPage", "PlansPage", "RemindersPage", "ReportsPage", "SettingsPage", "UnitsPage"]
