"""Queries for progress reports (进展), one row per task, unit and period."""

from __future__ import annotations

from sqlite_utils import Database

from . import db as store
from .db import now_iso

PROGRESS_FIELDS = ("percent", "progress_text", "problems", "next_steps", "reported_on", "source",
                   "source_file_id")


def find_progress(db: Database, task_id: int, unit_id: int, period: str) -> dict | None:
    rows = list(db.query("SELECT * FROM progress WHERE task_id = ? AND unit_id = ? AND period = ?",
                         [task_id, unit_id, period]))
    return rows[0] if rows else None


def upsert_progress(db: Database, task_id: int, unit_id: int, period: str, values: dict) -> tuple[int, str]:
    """Insert or replace one report; audited. Returns (row id, 'insert' | 'update' | 'same')."""
    row = {k: values[k] for k in PROGRESS_FIELDS if k in values}
    old = find_progress(db, task_id, unit_id, period)
    if old is None:
        rid = store.insert(db, "progress", {"task_id": task_id, "unit_id": unit_id, "period": period,
                                            **row, "created_at": now_iso()})
        return rid, "insert"
    changed = store.update(db, "progress", old["id"], row)
    return old["id"], "update" if changed else "same"


def progress_of_task(db: Database, task_id: int) -> list[dict]:
    """All reports of a task, newest period first, lead unit's first within a period."""
    return list(db.query("""
        SELECT p.*, u.name AS unit, COALESCE(tu.role, 'other') AS role
        FROM progress p JOIN units u ON u.id = p.unit_id
        LEFT JOIN task_units tu ON tu.task_id = p.task_id AND tu.unit_id = p.unit_id
        WHERE p.task_id = ?
        ORDER BY p.period DESC, CASE tu.role WHEN 'lead' THEN 0 ELSE 1 END, tu.ord""", [task_id]))


def latest_lead_progress(db: Database, on_or_before: str, period_max: str | None = None) -> dict[int, dict]:
    """For every task, the latest report of a lead unit reported on or before a date.

    :param on_or_before: ISO date; reports dated later are not yet known on that day
    :param period_max: optionally ignore periods after this ``YYYY-MM``
    """
    params: list = [on_or_before]
    extra = ""
    if period_max:
        extra = " AND p.period <= ?"
        params.append(period_max)
    # One row per task, picked in SQL (latest period, then the first lead unit), so
    # 10,000 tasks with a year of reports do not turn into 100,000 Python dicts.
    rows = db.query(f"""
        SELECT * FROM (
            SELECT p.*, u.name AS unit, ROW_NUMBER() OVER (
                PARTITION BY p.task_id ORDER BY p.period DESC, tu.ord) AS rank_in_task
            FROM progress p
            JOIN task_units tu ON tu.task_id = p.task_id AND tu.unit_id = p.unit_id AND tu.role = 'lead'
            JOIN units u ON u.id = p.unit_id
            WHERE p.reported_on <= ?{extra})
        WHERE rank_in_task = 1""", params)
    latest: dict[int, dict] = {}
    for r in rows:
        del r["rank_in_task"]
        latest[r["task_id"]] = r
    return latest


def reports_in_period(db: Database, period: str) -> list[dict]:
    """Every report filed for a period, with unit name and role."""
    return list(db.query("""
        SELECT p.*, u.name AS unit, COALESCE(tu.role, 'other') AS role FROM progress p
        JOIN units u ON u.id = p.unit_id
        LEFT JOIN task_units tu ON tu.task_id = p.task_id AND tu.unit_id = p.unit_id
        WHERE p.period = ? ORDER BY p.task_id""", [period]))


def task_unit_roles(db: Database, task_id: int) -> dict[str, str]:
    return {r["name"]: r["role"] for r in db.query(
        "SELECT u.name, tu.role FROM task_units tu JOIN units u ON u.id = tu.unit_id "
        "WHERE tu.task_id = ? ORDER BY tu.ord", [task_id])}
