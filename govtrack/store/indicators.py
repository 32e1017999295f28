"""Queries for indicators (主要目标) and their reported values.

Indicators come from plan tables and report sentences (see
:mod:`govtrack.importers.indicator_tables`); a value is one figure for one
period, reported by one unit. Writes go through the audited helpers of
:mod:`.db`; the callers group them in one transaction.
"""

from __future__ import annotations

from .connection import Database

from . import db as store
from .db import now_iso

INDICATOR_FIELDS = ("plan_id", "source_name", "source_hash", "natural_key", "table_title",
                    "category", "seq", "name", "parent_name", "measure", "baseline_text",
                    "baseline", "target_text", "target", "target_qualifier", "growth_text",
                    "growth", "cumulative", "attribute", "marks", "source_line")


def by_key(db: Database, key: str) -> dict | None:
    rows = list(db.query("SELECT * FROM indicators WHERE natural_key = ?", [key]))
    return rows[0] if rows else None


def source_name_for_hash(db: Database, sha256: str) -> str | None:
    """The file name under which these exact bytes were imported before, if they were."""
    rows = list(db.query("SELECT source_name FROM indicators WHERE source_hash = ? ORDER BY id LIMIT 1",
                         [sha256]))
    return rows[0]["source_name"] if rows else None


def get(db: Database, indicator_id: int) -> dict | None:
    rows = list(db.query("SELECT * FROM indicators WHERE id = ?", [indicator_id]))
    return rows[0] if rows else None


def insert_indicator(db: Database, values: dict) -> int:
    stamp = now_iso()
    row = {k: values.get(k) for k in INDICATOR_FIELDS if k in values}
    row.update(created_at=stamp, updated_at=stamp)
    return store.insert(db, "indicators", row)


def update_indicator(db: Database, indicator_id: int, values: dict) -> bool:
    row = {k: v for k, v in values.items() if k in INDICATOR_FIELDS and k != "natural_key"}
    changed = store.update(db, "indicators", indicator_id, row)
    if changed:
        db.execute("UPDATE indicators SET updated_at = ? WHERE id = ?", [now_iso(), indicator_id])
    return changed


def list_indicators(db: Database) -> list[dict]:
    """All indicators in import order, each with ``values``: its reported figures by period."""
    rows = list(db.query("SELECT * FROM indicators ORDER BY id"))
    values: dict[int, list[dict]] = {}
    for v in db.query("""SELECT v.*, u.name AS unit_name FROM indicator_values v
                         LEFT JOIN units u ON u.id = v.unit_id ORDER BY v.indicator_id, v.period"""):
        values.setdefault(v["indicator_id"], []).append(v)
    for r in rows:
        r["values"] = values.get(r["id"], [])
        r["cumulative"] = bool(r["cumulative"])
    return rows


def value_row(db: Database, indicator_id: int, period: str) -> dict | None:
    rows = list(db.query("SELECT * FROM indicator_values WHERE indicator_id = ? AND period = ?",
                         [indicator_id, period]))
    return rows[0] if rows else None


def set_value(db: Database, indicator_id: int, period: str, values: dict) -> tuple[int, str]:
    """Insert or update the figure of one period; returns (row id, 'new' / 'update' / 'same')."""
    old = value_row(db, indicator_id, period)
    if old is None:
        row_id = store.insert(db, "indicator_values", {
            "indicator_id": indicator_id, "period": period, **values, "created_at": now_iso()})
        return row_id, "new"
    compare = {k: v for k, v in values.items() if k != "reported_on"}
    if all(old.get(k) == v for k, v in compare.items()):
        return old["id"], "same"
    store.update(db, "indicator_values", old["id"], values)
    return old["id"], "update"


def count(db: Database) -> tuple[int, int]:
    n = list(db.query("SELECT (SELECT COUNT(*) FROM indicators) AS i, "
                      "(SELECT COUNT(*) FROM indicator_values) AS v"))[0]
    return n["i"], n["v"]
