"""Printed reports: the monthly 督查通报, the 督办单 and the task ledger (台账).

The data layer fills the plain dataclasses of :mod:`.model` from the database;
:mod:`.pdf` lays them out with reportlab, using the Chinese fonts that
:mod:`.fonts` finds and embeds.  Nothing here touches the database or Qt, so
layout can be tested from hand-built dataclasses.

The layout names are re-exported lazily, so code that only builds the
dataclasses (and its tests) does not import reportlab.
"""

from govtrack.reports.model import (STATUS_LIGHT, STATUS_ORDER, ChartBar, IndicatorLine,
                                    LedgerReport, MonthlyReport, NoticeSheet, TaskLine, UnitLine)

_LAZY = {
    "render_monthly": "pdf", "render_notice": "pdf", "render_ledger": "pdf",
    "load_fonts": "fonts", "clear_cache": "fonts", "FontSet": "fonts",
}

__all__ = [
    "ChartBar", "IndicatorLine", "LedgerReport", "MonthlyReport", "NoticeSheet",
    "STATUS_LIGHT", "STATUS_ORDER", "TaskLine", "UnitLine", *_LAZY,
]


def __getattr__(name: str):
    if name in _LAZY:
        import importlib
        module = importlib.import_module(f"govtrack.reports.{_LAZY[name]}")
        return getattr(module, name)
    raise AttributeError(f"module 'govtrack.reports' has no attribute {name!r}")
