"""Queries for a plan's year and a task's life: archiving, extensions (延期), closures (销号)."""

from __future__ import annotations

from .connection import Database

from . import db as store
from .db import now_iso


def plans_with_state(db: Database) -> list[dict]:
    """Every plan with its task count, open tasks, archive state and origin."""
    return list(db.query("""
        SELECT p.id, p.title, p.kind, p.year, p.doc_no, p.source_name, p.is_demo, p.created_at,
               p.archived_at, p.origin_plan_id,
               COUNT(t.id) AS tasks,
               SUM(CASE WHEN t.id IS NOT NULL AND t.closed_on IS NULL THEN 1 ELSE 0 END) AS open_tasks
        FROM plans p LEFT JOIN tasks t ON t.plan_id = p.id
        GROUP BY p.id ORDER BY p.id"""))


def plan_ids(db: Database, *, year: int | None = None, include_archived: bool = False) -> list[int]:
    conds, params = [], []
    if year is not None:
        conds.append("year = ?")
        params.append(year)
    if not include_archived:
        conds.append("archived_at IS NULL")
    where = (" WHERE " + " AND ".join(conds)) if conds else ""
    return [r["id"] for r in db.query(f"SELECT id FROM plans{where} ORDER BY id", params)]


def latest_active_year(db: Database, up_to: int) -> int | None:
    rows = list(db.query("SELECT MAX(year) AS y FROM plans WHERE archived_at IS NULL AND year <= ?",
                         [up_to]))
    return rows[0]["y"] if rows else None


def delete_plan(db: Database, plan_id: int) -> int:
    """Delete a plan with its tasks and everything hanging on them (audited row by row)."""
    task_ids = [r["id"] for r in db.query("SELECT id FROM tasks WHERE plan_id = ?", [plan_id])]
    for tid in task_ids:
        for table in ("progress", "milestones", "task_extensions", "task_closures", "notices"):
            for r in list(db.query(f"SELECT rowid AS id FROM [{table}] WHERE task_id = ?", [tid])):
                store.delete(db, table, r["id"])
        db.execute("UPDATE tasks SET origin_task_id = NULL WHERE origin_task_id = ?", [tid])
        db.execute("DELETE FROM task_units WHERE task_id = ?", [tid])
        store.delete(db, "tasks", tid)
    db.execute("UPDATE plans SET origin_plan_id = NULL WHERE origin_plan_id = ?", [plan_id])
    for r in list(db.query("SELECT id FROM indicators WHERE plan_id = ?", [plan_id])):
        store.update(db, "indicators", r["id"], {"plan_id": None})
    store.delete(db, "plans", plan_id)
    return len(task_ids)


def insert_extension(db: Database, values: dict) -> int:
    return store.insert(db, "task_extensions", {**values, "created_at": now_iso()})


def extensions(db: Database, task_id: int | None = None) -> list[dict]:
    if task_id is None:
        return list(db.query("SELECT * FROM task_extensions ORDER BY task_id, id"))
    return list(db.query("SELECT * FROM task_extensions WHERE task_id = ? ORDER BY id", [task_id]))


def extended_task_ids(db: Database) -> set[int]:
    return {r["task_id"] for r in db.query("SELECT DISTINCT task_id FROM task_extensions")}


def insert_closure(db: Database, values: dict) -> int:
    return store.insert(db, "task_closures", {**values, "created_at": now_iso()})


def closures(db: Database, task_id: int) -> list[dict]:
    return list(db.query("SELECT * FROM task_closures WHERE task_id = ? ORDER BY id", [task_id]))
