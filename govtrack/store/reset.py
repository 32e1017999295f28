"""Emptying the ledger (the demo rebuild): every user-data table, audited, in one transaction.

The tables are read from the schema, not listed by hand, so a table a later
migration adds (indicator values, returns, …) is emptied too and its foreign keys
never block the reset. Kept: the schema record, the settings and the audit log,
which gets one ``reset`` row with the number of rows removed from each table.
"""

from __future__ import annotations


from .connection import Database

from . import db as store
from .db import _audit

KEPT_TABLES = {"schema_migrations", "settings", "audit_log"}


def user_tables(db: Database) -> list[str]:
    """The tables holding user data (no SQLite internals, no virtual-table shadows)."""
    rows = list(db.query("SELECT name, sql FROM sqlite_master WHERE type = 'table' "
                         "AND name NOT LIKE 'sqlite_%' ORDER BY name"))
    virtual = [r["name"] for r in rows if (r["sql"] or "").upper().startswith("CREATE VIRTUAL")]
    return [r["name"] for r in rows if r["name"] not in KEPT_TABLES
            and not any(r["name"].startswith(v + "_") for v in virtual)]


def reset_ledger(db: Database, *, who: str | None = None) -> dict[str, int]:
    """Delete every row of every user table; returns rows removed per table.

    Must run inside the caller's transaction (``with db.atomic():``) when more follows
    (the demo import), so a kill leaves the old ledger, never an empty one.
    Foreign keys are checked at commit (``defer_foreign_keys``), when all is empty.
    """
    removed: dict[str, int] = {}
    with db.atomic():
        db.execute("PRAGMA defer_foreign_keys = ON")
        for table in user_tables(db):
            n = db.execute(f"SELECT COUNT(*) FROM [{table}]").fetchone()[0]
            if n:
                db.execute(f"DELETE FROM [{table}]")
            removed[table] = n
        _audit(db, "reset", "*", None, {"rows": removed}, None, who)
    return removed


__all__ = ["reset_ledger", "user_tables"]


def has_ledger_data(db: Database) -> bool:
    """Whether the file holds any plan or task (the demo refuses to overwrite it unasked)."""
    return bool(list(db.query("SELECT 1 FROM plans UNION ALL SELECT 1 FROM tasks LIMIT 1")))


def mark_demo_plan(db: Database, plan_id: int, title: str) -> None:
    """Mark the demo's plan as demo data (audited), under its display title."""
    store.update(db, "plans", plan_id, {"is_demo": 1, "title": title})
