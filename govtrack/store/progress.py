"""Queries for progress reports (进展), one row per task, unit and period."""

from __future__ import annotations

from typing import Iterable

from .connection import Database

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


def latest_lead_progress(db: Database, on_or_before: str, period_max: str | None = None,
                         task_ids: Iterable[int] | None = None) -> dict[int, dict]:
    """For every task, the latest report of a lead unit reported on or before a date.

    :param on_or_before: ISO date; reports dated later are not yet known on that day
    :param period_max: optionally ignore periods after this ``YYYY-MM``
    :param task_ids: only these tasks (a unit's few hundred tasks need not pay for all)
    """
    # One index seek per (task, lead unit): the newest period of that pair dated on or
    # before the day (the UNIQUE (task_id, unit_id, period) index walks periods backwards),
    # so 10,000 tasks with a year of monthly reports cost ~10,000 seeks, not a sort of
    # 100,000 rows. Between several lead units, the latest period wins, then the first lead.
    params: list = [on_or_before]
    extra = ""
    if period_max:
        extra = " AND p2.period <= ?"
        params.append(period_max)
    ids = list(task_ids) if task_ids is not None else []
    only = ""
    if task_ids is not None:
        only = f" AND tu.task_id IN ({','.join('?' * len(ids))})" if ids else " AND 0"
    cur = db.execute(f"""
        SELECT p.*, tu.ord AS lead_ord FROM task_units tu
        JOIN progress p ON p.id = (
            SELECT p2.id FROM progress p2
            WHERE p2.task_id = tu.task_id AND p2.unit_id = tu.unit_id AND p2.reported_on <= ?{extra}
            ORDER BY p2.period DESC LIMIT 1)
        WHERE tu.role = 'lead'{only}""", params + ids)
    keys = [d[0] for d in cur.description]
    names = dict(db.execute("SELECT id, name FROM units").fetchall())
    latest: dict[int, dict] = {}
    for row in cur.fetchall():
        r = dict(zip(keys, row))
        old = latest.get(r["task_id"])
        if old is None or (r["period"], -r["lead_ord"]) > (old["period"], -old["lead_ord"]):
            latest[r["task_id"]] = r
    for r in latest.values():
        del r["lead_ord"]
        r["unit"] = names[r["unit_id"]]
    return latest


def latest_member_progress(db: Database, on_or_before: str,
                           task_ids: Iterable[int] | None = None) -> dict[tuple[int, str], dict]:
    """For the tasks a group that lists members (各区镇街道) leads: (task id, unit name) → the
    latest report, dated on or before a date, of each unit that answers for the lead — the
    group's members in its place, and any other lead unit of the task.

    One query for all such tasks (the other tasks cost nothing: the join starts from the
    few ``unit_members`` rows); the rules (app/status.py) take the slowest of them.

    :param on_or_before: ISO date; reports dated later are not yet known on that day
    :param task_ids: only these tasks
    """
    ids = list(task_ids) if task_ids is not None else []
    only = ""
    if task_ids is not None:
        only = f" AND g.task_id IN ({','.join('?' * len(ids))})" if ids else " AND 0"
    # CROSS JOIN keeps SQLite's order: from the few member rows to their groups' tasks by
    # index, rather than a scan of every task_units row (10 ms → 4 ms on 10,000 tasks).
    cur = db.execute(f"""
        WITH g AS (SELECT DISTINCT tu.task_id FROM unit_members m
                   CROSS JOIN task_units tu ON tu.unit_id = m.group_id AND tu.role = 'lead'),
        who AS (SELECT DISTINCT tu.task_id, COALESCE(m.member_id, tu.unit_id) AS unit_id
                FROM g CROSS JOIN task_units tu ON tu.task_id = g.task_id AND tu.role = 'lead'
                LEFT JOIN unit_members m ON m.group_id = tu.unit_id
                WHERE 1{only})
        SELECT p.* FROM who JOIN progress p ON p.id = (
            SELECT p2.id FROM progress p2
            WHERE p2.task_id = who.task_id AND p2.unit_id = who.unit_id AND p2.reported_on <= ?
            ORDER BY p2.period DESC LIMIT 1)""", ids + [on_or_before])
    keys = [d[0] for d in cur.description]
    names = dict(db.execute("SELECT id, name FROM units").fetchall())
    out: dict[tuple[int, str], dict] = {}
    for row in cur.fetchall():
        r = dict(zip(keys, row))
        r["unit"] = names[r["unit_id"]]
        out[(r["task_id"], r["unit"])] = r
    return out


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
