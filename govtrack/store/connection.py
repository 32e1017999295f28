"""The connection every store function takes: ``query``, ``execute`` and ``atomic``.

The store uses three calls of sqlite-utils' ``Database``, and importing sqlite-utils costs
every ``govtrack`` command about 65 ms (it brings click, pluggy and dateutil's parser), a
quarter of a ``govtrack status``. This class gives those calls with sqlite-utils' own
semantics (writes outside a transaction commit at once; nested ``atomic`` blocks are
savepoints; recursive triggers on), and hands table-level conveniences
(``db["tasks"].count``, ``insert_all``: used by tests and benchmarks) to sqlite-utils, imported
only then.
"""

from __future__ import annotations

import contextlib
import itertools
import sqlite3
from typing import Any, Iterator, Sequence

_TRANSACTION_CONTROL = {"BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE"}
_savepoints = itertools.count(1)


def _first_keyword(sql: str) -> str:
    words = sql.lstrip().split(None, 1)
    return words[0].upper().rstrip(";") if words else ""


class Database:
    """A SQLite connection with sqlite-utils' ``query``/``execute``/``atomic`` behaviour."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        self._tables = None
        self.execute("PRAGMA recursive_triggers=on")

    def execute(self, sql: str, params: Sequence | dict[str, Any] | None = None) -> sqlite3.Cursor:
        """Run one statement; a write outside a transaction is committed at once."""
        was_in = self.conn.in_transaction
        try:
            cur = self.conn.execute(sql, params) if params is not None else self.conn.execute(sql)
        except Exception:
            if not was_in and self.conn.in_transaction:
                self.conn.execute("ROLLBACK")   # the implicit transaction the failure opened
            raise
        if (not was_in and self.conn.in_transaction and cur.description is None
                and _first_keyword(sql) not in _TRANSACTION_CONTROL):
            self.conn.execute("COMMIT")
        return cur

    def query(self, sql: str, params: Sequence | dict[str, Any] | None = None) -> Iterator[dict]:
        """Rows of a SELECT (or a row-returning PRAGMA) as dicts, fetched as iterated."""
        cur = self.conn.execute(sql, params) if params is not None else self.conn.execute(sql)
        if cur.description is None:
            raise ValueError("query() 只用于返回行的 SQL；其他语句请用 execute()")
        keys = [d[0] for d in cur.description]
        return (dict(zip(keys, row)) for row in cur)

    #: How a transaction starts (the ledger takes the write lock at once: BEGIN IMMEDIATE).
    BEGIN = "BEGIN"

    def _before_write(self) -> None:
        """Refuse a transaction before it starts (a read-only ledger); nothing here."""

    def _named(self, e: sqlite3.Error, stage: str) -> BaseException | None:
        """The error to raise instead of ``e`` met at ``stage`` ('begin', 'body', 'commit')
        of a transaction, after the rollback; None: ``e`` itself."""
        return None

    @contextlib.contextmanager
    def atomic(self):
        """One transaction; inside another, a savepoint (undone alone on error)."""
        self._before_write()
        if self.conn.in_transaction:
            name = f"govtrack_{next(_savepoints)}"
            self.conn.execute(f"SAVEPOINT {name}")
            try:
                yield self
            except BaseException:
                if self.conn.in_transaction:     # a RAISE(ROLLBACK) may have ended it already
                    self.conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                    self.conn.execute(f"RELEASE SAVEPOINT {name}")
                raise
            else:
                self.conn.execute(f"RELEASE SAVEPOINT {name}")
            return
        try:
            self.conn.execute(self.BEGIN)
        except sqlite3.Error as e:
            raise self._named(e, "begin") or e
        try:
            yield self
        except sqlite3.Error as e:
            self.rollback()
            named = self._named(e, "body")
            if named is None:
                raise
            raise named from e
        except BaseException:
            self.rollback()
            raise
        else:
            try:
                self.conn.execute("COMMIT")
            except sqlite3.Error as e:
                self.rollback()
                raise (self._named(e, "commit") or e) from e
            except BaseException:
                self.rollback()
                raise

    def rollback(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    def close(self) -> None:
        self.conn.close()

    def table_names(self) -> list[str]:
        return [r[0] for r in self.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()]

    @property
    def journal_mode(self) -> str:
        return self.conn.execute("PRAGMA journal_mode").fetchone()[0]

    def __getitem__(self, table: str):
        """sqlite-utils' Table for ``table`` (counts, bulk inserts in tests and benchmarks)."""
        if self._tables is None:
            import sqlite_utils
            self._tables = sqlite_utils.Database(self.conn, execute_plugins=False)
        return self._tables[table]
