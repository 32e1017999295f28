"""Queries for unit returns (进展填报表): who returned what, for which period, from which file.

The workbooks themselves are read and written in :mod:`govtrack.returns_io`;
this module only knows the tables: ``unit_returns`` (one row per imported
workbook, migration 0003), ``progress`` and ``source_files``.
"""

from __future__ import annotations

from .connection import Database

from . import db as store
from .db import now_iso


def unit_by_id(db: Database, unit_id: int) -> dict | None:
    rows = list(db.query("SELECT * FROM units WHERE id = ?", [unit_id]))
    return rows[0] if rows else None


def entries_in_period(db: Database, unit_id: int, period: str) -> dict[int, dict]:
    """task id → the unit's progress row of ``period``."""
    return {r["task_id"]: r for r in db.query(
        "SELECT * FROM progress WHERE unit_id = ? AND period = ?", [unit_id, period])}


def previous_entries(db: Database, unit_id: int, period: str) -> dict[int, dict]:
    """task id → the unit's latest progress row of a period before ``period``."""
    out: dict[int, dict] = {}
    for r in db.query("SELECT * FROM progress WHERE unit_id = ? AND period < ? "
                      "ORDER BY task_id, period", [unit_id, period]):
        out[r["task_id"]] = r      # ordered by period: the last one wins
    return out


def current_return(db: Database, unit_id: int, period: str) -> dict | None:
    """The unit's standing return for the period (not replaced), with its file's name and hash."""
    rows = list(db.query("""
        SELECT r.*, f.name AS file_name, f.sha256, f.stored_path FROM unit_returns r
        JOIN source_files f ON f.id = r.source_file_id
        WHERE r.unit_id = ? AND r.period = ? AND r.replaced_by IS NULL
        ORDER BY r.id DESC LIMIT 1""", [unit_id, period]))
    return rows[0] if rows else None


def standing_return_of_file(db: Database, sha256: str) -> dict | None:
    """The standing (not replaced) return imported from the file with this hash, if any."""
    rows = list(db.query("""
        SELECT r.*, f.name AS file_name, f.sha256, u.name AS unit FROM unit_returns r
        JOIN source_files f ON f.id = r.source_file_id JOIN units u ON u.id = r.unit_id
        WHERE f.sha256 = ? AND r.replaced_by IS NULL ORDER BY r.id DESC LIMIT 1""", [sha256]))
    return rows[0] if rows else None


def record_return(db: Database, unit_id: int, period: str, source_file_id: int, received_on: str,
                  applied: int, flagged: int) -> int:
    """Insert one return (audited) and point the unit's previous standing return at it."""
    old = current_return(db, unit_id, period)
    rid = store.insert(db, "unit_returns", {
        "unit_id": unit_id, "period": period, "source_file_id": source_file_id,
        "received_on": received_on, "rows_applied": applied, "rows_flagged": flagged,
        "imported_at": now_iso()})
    if old is not None:
        store.update(db, "unit_returns", old["id"], {"replaced_by": rid})
    return rid


def delete_progress(db: Database, progress_id: int) -> bool:
    """Delete one progress row (audited: the before image stays in audit_log)."""
    return store.delete(db, "progress", progress_id)


def returns_in_period(db: Database, period: str) -> dict[int, dict]:
    """unit id → its standing return of the period, with the file's name."""
    return {r["unit_id"]: r for r in db.query("""
        SELECT r.*, f.name AS file_name FROM unit_returns r
        JOIN source_files f ON f.id = r.source_file_id
        WHERE r.period = ? AND r.replaced_by IS NULL ORDER BY r.id""", [period])}


def progress_by_unit(db: Database, period: str) -> dict[int, dict]:
    """unit id → {rows, last_reported_on} of the period's progress rows (any source)."""
    return {r["unit_id"]: r for r in db.query("""
        SELECT unit_id, COUNT(*) AS rows, MAX(reported_on) AS last_reported_on
        FROM progress WHERE period = ? GROUP BY unit_id""", [period])}
