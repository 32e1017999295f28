"""What every service shares: the open database, its file, and the few parsers they all use.

One home each for: the day parser (:func:`parse_day`; the period parser is
:mod:`govtrack.periods`), resolving a unit the user named (:meth:`Context.resolve_unit`),
and keeping a copy of a file the user gave us (:meth:`Context.keep_file`). The unit
directory and the settings are read once and cached until the database changes
(our own writes or another process's, seen through ``PRAGMA data_version``).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable

from ..store.connection import Database

from ..errors import InputError, NotFoundError
from ..paths import attachments_dir
from ..periods import parse_period



def parse_day(value: date | datetime | str | None, field: str = "日期", *,
              default_today: bool = True) -> date | None:
    """A date from a date, a datetime or ``YYYY-MM-DD`` (also ``2023/10/5``, ``2023.10.5``).

    :param default_today: None or blank gives today (else None stays None)
    :raises InputError: naming ``field``, in Chinese
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return date.today() if default_today else None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip().replace("/", "-").replace(".", "-")
    try:
        return date.fromisoformat(text if len(text) == 10 else "-".join(
            f"{int(x):02d}" if i else x for i, x in enumerate(text.split("-"))))
    except ValueError:
        raise InputError(f"「{value}」不是有效日期，应为 YYYY-MM-DD（例如 2023-10-25）。",
                         field=field) from None


def period_last_day(period: str) -> date:
    year, month = parse_period(period)
    return date(year, month, calendar.monthrange(year, month)[1])


def iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


@dataclass
class Changes:
    """What kinds of rows a mutation changed, so a window refreshes only what shows them.

    In the spirit of Anki's ``OpChanges``: ``tasks``, ``progress``, ``units``, ``settings``,
    ``reports``, ``plans``, ``indicators``.
    """
    kinds: frozenset[str] = frozenset()
    result: Any = None

    KINDS = ("tasks", "progress", "units", "settings", "reports", "plans", "indicators", "reminders")

    def __contains__(self, kind: str) -> bool:
        return kind in self.kinds


# Which kind of rows each audited table holds (a window page says which kinds it shows).
TABLE_KINDS = {
    "plans": "plans", "tasks": "tasks", "task_units": "tasks", "milestones": "tasks",
    "task_extensions": "tasks", "task_closures": "tasks", "progress": "progress",
    "unit_returns": "progress", "source_files": "progress", "units": "units",
    "unit_aliases": "units", "unit_members": "units", "settings": "settings",
    "bulletins": "reports", "notices": "reports", "reminder_acks": "reminders",
    "indicators": "indicators", "indicator_values": "indicators",
}


@dataclass
class Context:
    """The database, its path, and caches valid until the next write.

    :param db: an open database (see :func:`govtrack.store.open_db`)
    :param path: its file (None for a database in memory: nothing is kept on disk)
    :param builtin_units: unit records the directory starts from (none for an office's own)
    """
    db: Database
    path: Path | None = None
    builtin_units: tuple = ()   # the office's directory starts empty (the 潜江 list is the demo's)
    _cache: dict[str, tuple[tuple, Any]] = field(default_factory=dict, repr=False)

    def version(self) -> tuple[int, int]:
        """Changes when anything was written: by this connection or by another process."""
        from ..store import ledger
        return ledger.data_version(self.db)

    def cached(self, key: str, compute: Callable[[], Any]) -> Any:
        """``compute()`` once per database version (a write anywhere makes it stale)."""
        v = self.version()
        hit = self._cache.get(key)
        if hit is not None and hit[0] == v:
            return hit[1]
        value = compute()
        self._cache[key] = (self.version(), value)
        return value

    def mark(self) -> int:
        """A point in the audit log; :meth:`changes_since` says what was written after it."""
        from ..store import ledger
        return ledger.last_audit_id(self.db)

    def changes_since(self, mark: int) -> Changes:
        """The kinds of rows written since ``mark`` (from the audit log, so every audited write
        counts, whoever made it): what a window must refresh after an action."""
        from ..store import ledger
        tables = ledger.audited_tables_since(self.db, mark)
        return Changes(frozenset(TABLE_KINDS.get(t, "tasks") for t in tables))

    def unit_directory(self, *, fresh: bool = False):
        """The office's units and aliases, then the built-in names (read once per version;
        ``fresh``: a new copy the caller may add names to)."""
        from ..store import ledger
        if fresh:
            return ledger.unit_directory(self.db, self.builtin_units)
        return self.cached("units", lambda: ledger.unit_directory(self.db, self.builtin_units))

    def resolve_unit(self, name: str | None, *, field: str = "单位") -> tuple[int, str]:
        """(id, name) of a unit given by any known spelling; NotFoundError in Chinese otherwise."""
        from ..store import ledger
        text = str(name or "").strip()
        if not text:
            raise InputError("请给出单位名称。", field=field)
        canonical = self.unit_directory().find(text) or text
        uid = ledger.unit_id(self.db, canonical)
        if uid is None and canonical != text:
            uid, canonical = ledger.unit_id(self.db, text), text
        if uid is None:
            raise NotFoundError(f"没有名为「{text}」的责任单位。可用 govtrack units 查看单位名录。")
        return uid, ledger.unit_name(self.db, uid) or canonical

    def keep_file(self, name: str, sha256: str, kind: str, *, data: bytes | None = None,
                  source: Path | None = None, backup_as: str | None = None) -> int:
        """Keep a copy of a file the user gave us beside the database, record it, return its row id.

        Give the bytes as they were read (``data``) or the file (``source``). The copy is named
        by its hash (one file kept once), checked against it and written atomically; a copy
        that cannot be written stops the caller's transaction with a named storage error, so
        nothing is recorded without its source. ``backup_as`` takes the checked backup of the
        database before the change (``import``, ``returns``) first.
        """
        from .. import fileio
        from ..store import backup, ledger
        if data is None:
            data = Path(source).read_bytes()
        stored = None
        if self.path is not None:
            target = attachments_dir(self.path) / f"{sha256[:12]}_{name}"
            if backup_as:
                backup.before_change(self.path, backup_as)
            try:
                fileio.keep_copy(data, target, sha256)
            except OSError as e:
                raise fileio.storage_error(e, target) from e
            stored = str(target)
        return ledger.record_source_file(self.db, name, sha256, len(data), stored, kind)


class Service:
    """What every service has: its Context, and the open database through it."""

    ctx: Context

    @property
    def db(self) -> Database:
        return self.ctx.db
