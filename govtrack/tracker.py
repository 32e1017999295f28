"""The Tracker: opens one database and builds the services the command line and the window call.

``tr.ledger`` (plans, tasks, units, editing), ``tr.imports`` (breakdown files),
``tr.progress`` (reports and 节点), ``tr.status`` (verdicts on a day), ``tr.reminders``,
``tr.reports`` (通报, 督办单, 台账), ``tr.returns`` (unit fill-in workbooks),
``tr.assist`` (report splitting, unit suggestions), ``tr.indicators``.
Each service takes the shared :class:`~govtrack.app.context.Context` and, by name, the
services it uses. A Tracker is bound to the thread that opened it: a worker thread
opens its own.
"""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from . import store
from .app.assist import AssistService
from .app.context import Context
from .app.imports import ImportService
from .app.indicators import IndicatorService
from .app.ledger import LedgerService
from .app.progress import ProgressService
from .app.reminders import ReminderService
from .app.reports import ReportService
from .app.returns import ReturnsService
from .app.status import StatusService
from .paths import default_db_path
from .units import load_builtin

SERVICES = ("ledger", "imports", "progress", "status", "reminders", "reports", "returns", "assist",
            "indicators")


class Tracker:
    """One open database and its services.

    :param db: an open database (see :func:`govtrack.store.open_db`)
    :param path: its file, used for backups and kept copies of imported files
    """

    def __init__(self, db: Database, path: Path | None = None):
        self.ctx = Context(db, Path(path) if path else None, tuple(load_builtin()))
        self.ledger = LedgerService(self.ctx)
        self.imports = ImportService(self.ctx)
        self.progress = ProgressService(self.ctx, self.ledger)
        self.status = StatusService(self.ctx, self.ledger)
        self.reminders = ReminderService(self.ctx, self.ledger, self.status)
        self.reports = ReportService(self.ctx, self.ledger, self.status)
        self.returns = ReturnsService(self.ctx, self.ledger, self.status)
        self.assist = AssistService(self.ctx)
        self.indicators = IndicatorService(self.ctx)

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

    def __getattr__(self, name: str):
        # Transitional: ``tr.add_progress(...)`` reaches ``tr.progress.add_progress``.
        if not name.startswith("__"):
            for svc in SERVICES:
                target = self.__dict__.get(svc)
                if target is not None and name in type(target).__dict__:
                    return getattr(target, name)
        raise AttributeError(name)
