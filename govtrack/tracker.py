"""The Tracker: opens one database and builds the services the command line and the window call.

``tr.ledger`` (plans, tasks, units, editing), ``tr.imports`` (breakdown files),
``tr.progress`` (reports and 节点), ``tr.status`` (verdicts on a day), ``tr.reminders``,
``tr.reports`` (通报, 督办单, 台账), ``tr.returns`` (unit fill-in workbooks),
``tr.assist`` (report splitting, unit suggestions), ``tr.indicators``, ``tr.plans``
(plans and years, carry-over), ``tr.tasklife`` (延期, 销号), ``tr.settings`` (every
setting), ``tr.units`` (the office's unit directory), ``tr.backups`` (checked copies, restore).
Each service takes the shared :class:`~govtrack.app.context.Context` and, by name, the
services it uses. A Tracker is bound to the thread that opened it: a worker thread
opens its own.
"""

from __future__ import annotations

from pathlib import Path

from .store.connection import Database

import functools
import importlib

from . import store
from .app.context import Context
from .paths import default_db_path


def _service(module: str, cls: str, *uses: str):
    """A service built on first use, so a command imports only the areas it needs."""
    def build(self):
        service = getattr(importlib.import_module(f"govtrack.app.{module}"), cls)
        return service(self.ctx, *(getattr(self, name) for name in uses))
    build.__doc__ = f":class:`govtrack.app.{module}.{cls}`"
    return functools.cached_property(build)


SERVICES = ("ledger", "imports", "progress", "status", "reminders", "reports", "returns", "assist",
            "indicators", "plans", "tasklife", "settings", "units", "backups")


class Tracker:
    """One open database and its services.

    :param db: an open database (see :func:`govtrack.store.open_db`)
    :param path: its file, used for backups and kept copies of imported files
    """

    ledger = _service("ledger", "LedgerService")
    imports = _service("imports", "ImportService")
    progress = _service("progress", "ProgressService", "ledger")
    status = _service("status", "StatusService", "ledger")
    reminders = _service("reminders", "ReminderService", "ledger", "status")
    reports = _service("reports", "ReportService", "ledger", "status", "indicators")
    returns = _service("returns", "ReturnsService", "ledger", "status")
    assist = _service("assist", "AssistService", "imports")
    indicators = _service("indicators", "IndicatorService")
    plans = _service("plans", "PlanService", "ledger", "status")
    tasklife = _service("tasklife", "TaskLifeService", "ledger", "plans")
    settings = _service("settings", "SettingsService", "status")
    units = _service("units", "UnitService")
    backups = _service("backups", "BackupService")

    def __init__(self, db: Database, path: Path | None = None):
        self.ctx = Context(db, Path(path) if path else None)

    @classmethod
    def open(cls, path: str | Path | None = None) -> "Tracker":
        path = Path(path) if path else default_db_path()
        return cls(store.open_db(path), path)

    @property
    def db(self) -> Database:
        return self.ctx.db

    @property
    def path(self) -> Path | None:
        return self.ctx.path

    def close(self) -> None:
        self.ctx.db.close()
