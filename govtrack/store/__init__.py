"""The storage layer: the only package that knows table names and writes SQL.

``db`` opens and migrates the file and does audited writes; each other module
holds the queries of one area (``ledger``: plans, tasks, units).
"""

from .db import (audit_entries, backup, delete, get_setting, insert, now_iso, open_db,
                 schema_version, set_setting, update)

__all__ = ["audit_entries", "backup", "delete", "get_setting", "insert", "now_iso", "open_db",
           "schema_version", "set_setting", "update"]
