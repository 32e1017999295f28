"""The storage layer: the only package that knows table names and writes SQL.

``db`` opens and migrates the file and does audited writes; ``backup`` makes,
keeps and restores checked copies; ``sharing`` tells a network drive; each other
module holds the queries of one area (``ledger``: plans, tasks, units).
"""

from .db import (LedgerDatabase, audit_entries, delete, get_setting, insert,
                 named_storage_error, now_iso, open_db, schema_version, set_setting, update)
from . import backup  # noqa: E402  (the module: store.backup.make_backup, …)
from sqlite3 import Error as SqliteError  # noqa: E402  (caught at the edges, named for the user)

__all__ = ["LedgerDatabase", "audit_entries", "backup", "delete", "get_setting", "insert",
           "named_storage_error", "now_iso", "SqliteError", "open_db", "schema_version", "set_setting", "update"]
