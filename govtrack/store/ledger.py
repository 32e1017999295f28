"""Queries for plans, tasks and units (the ledger proper)."""

from __future__ import annotations

from typing import Iterable

from .connection import Database

from ..units import UnitDirectory, UnitRecord, guess_kind, is_group
from . import db as store
from .db import now_iso


# ---------------------------------------------------------------- units

def unit_directory(db: Database, builtin: Iterable[UnitRecord] = ()) -> UnitDirectory:
    """The built-in names, then the database's own units and aliases (they win)."""
    directory = UnitDirectory()
    rows = list(db.query("SELECT id, name, kind, is_group FROM units ORDER BY id"))
    aliases: dict[int, list[str]] = {}
    for a in db.query("SELECT alias, unit_id FROM unit_aliases"):
        aliases.setdefault(a["unit_id"], []).append(a["alias"])
    for r in rows:
        directory.add(UnitRecord(r["name"], r["kind"], aliases.get(r["id"], []), bool(r["is_group"])))
    for rec in builtin:
        directory.add(rec)
    return directory


def seed_units(db: Database, records: Iterable[UnitRecord]) -> int:
    """Insert a ready-made unit list (the demo's) with its aliases; returns how many were new."""
    added = 0
    for rec in records:
        if unit_id(db, rec.name) is not None:
            continue
        new_id = store.insert(db, "units", {"name": rec.name, "kind": rec.kind or guess_kind(rec.name),
                                            "is_group": int(rec.is_group or is_group(rec.name))})
        added += 1
        for alias in rec.aliases:
            if alias != rec.name and unit_id(db, alias) is None:
                db.execute("INSERT OR IGNORE INTO unit_aliases (alias, unit_id) VALUES (?, ?)",
                           [alias, new_id])
    return added


def add_alias(db: Database, alias: str, name: str) -> None:
    """File ``alias`` as another spelling of the existing unit ``name``."""
    uid = unit_id(db, name)
    if uid is not None and unit_id(db, alias) is None:
        db.execute("INSERT OR IGNORE INTO unit_aliases (alias, unit_id) VALUES (?, ?)", [alias, uid])


def unit_id(db: Database, name: str) -> int | None:
    rows = list(db.query(
        "SELECT id FROM units WHERE name = ? UNION "
        "SELECT unit_id FROM unit_aliases WHERE alias = ?", [name, name]))
    return rows[0]["id"] if rows else None


def ensure_unit(db: Database, name: str, directory: UnitDirectory) -> int:
    """The unit's id, inserting it (with its known aliases) when the database lacks it."""
    existing = unit_id(db, name)
    if existing is not None:
        return existing
    rec = directory.record(name)
    kind = rec.kind if rec else guess_kind(name)
    new_id = store.insert(db, "units", {"name": name, "kind": kind, "is_group": int(is_group(name))})
    for alias in (rec.aliases if rec else []):
        if alias != name and unit_id(db, alias) is None:
            db.execute("INSERT OR IGNORE INTO unit_aliases (alias, unit_id) VALUES (?, ?)",
                       [alias, new_id])
    return new_id


def list_units(db: Database) -> list[dict]:
    rows = db.query("""
        SELECT u.id, u.name, u.kind, u.is_group, u.contact, u.phone,
               (SELECT group_concat(alias, '|') FROM unit_aliases a WHERE a.unit_id = u.id) AS aliases,
               SUM(CASE WHEN tu.role = 'lead' THEN 1 ELSE 0 END) AS led,
               SUM(CASE WHEN tu.role = 'assist' THEN 1 ELSE 0 END) AS assisting
        FROM units u LEFT JOIN task_units tu ON tu.unit_id = u.id
        GROUP BY u.id ORDER BY u.id""")
    out = []
    for r in rows:
        r["aliases"] = sorted(r["aliases"].split("|")) if r["aliases"] else []
        r["is_group"] = bool(r["is_group"])
        out.append(r)
    return out


# ---------------------------------------------------------------- plans

def plan_by_hash(db: Database, sha256: str) -> dict | None:
    rows = list(db.query("SELECT * FROM plans WHERE source_hash = ? ORDER BY id LIMIT 1", [sha256]))
    return rows[0] if rows else None


def plan_by_title(db: Database, title: str, year: int | None) -> dict | None:
    rows = list(db.query("SELECT * FROM plans WHERE title = ? AND year IS ? ORDER BY id LIMIT 1",
                         [title, year]))
    return rows[0] if rows else None


def list_plans(db: Database) -> list[dict]:
    return list(db.query("""SELECT p.id, p.title, p.kind, p.year, p.doc_no, p.source_name,
                                   p.is_demo, p.created_at, COUNT(t.id) AS tasks
                            FROM plans p LEFT JOIN tasks t ON t.plan_id = p.id
                            GROUP BY p.id ORDER BY p.id"""))


def get_plan(db: Database, plan_id: int) -> dict | None:
    rows = list(db.query("SELECT * FROM plans WHERE id = ?", [plan_id]))
    return rows[0] if rows else None


# ---------------------------------------------------------------- tasks

TASK_FIELDS = ("seq", "ord", "section", "content", "target", "deadline", "deadline_text",
               "lead_official", "parent_id", "closed_on", "note", "source_line", "origin_task_id")


def insert_task(db: Database, plan_id: int, values: dict) -> int:
    stamp = now_iso()
    row = {k: values.get(k) for k in TASK_FIELDS if k in values}
    row.update(plan_id=plan_id, created_at=stamp, updated_at=stamp)
    row.setdefault("section", "")
    return store.insert(db, "tasks", row)


def update_task(db: Database, task_id: int, values: dict) -> bool:
    row = {k: v for k, v in values.items() if k in TASK_FIELDS}
    changed = store.update(db, "tasks", task_id, row)
    if changed:
        db.execute("UPDATE tasks SET updated_at = ? WHERE id = ?", [now_iso(), task_id])
    return changed


def set_task_units(db: Database, task_id: int, lead_ids: list[int], assist_ids: list[int]) -> bool:
    """Replace a task's units; audited as one update of the task's unit list."""
    before = [(r["unit_id"], r["role"]) for r in db.query(
        "SELECT unit_id, role FROM task_units WHERE task_id = ? ORDER BY ord", [task_id])]
    after = [(u, "lead") for u in lead_ids] + [(u, "assist") for u in assist_ids if u not in lead_ids]
    if before == after:
        return False
    db.execute("DELETE FROM task_units WHERE task_id = ?", [task_id])
    for k, (uid, role) in enumerate(after):
        db.execute("INSERT INTO task_units (task_id, unit_id, role, ord) VALUES (?, ?, ?, ?)",
                   [task_id, uid, role, k])
    store._audit(db, "update" if before else "insert", "task_units", task_id,
                    {"units": before} if before else None, {"units": after})
    return True


def tasks_of_plan(db: Database, plan_id: int) -> list[dict]:
    return list(db.query("SELECT * FROM tasks WHERE plan_id = ? ORDER BY ord", [plan_id]))


def query_tasks(db: Database, *, unit: str | None = None, search: str | None = None,
                plan_id: int | None = None, task_ids: Iterable[int] | None = None,
                role: str | None = None, plan_ids: Iterable[int] | None = None) -> list[dict]:
    """Tasks with their ``lead`` and ``assist`` unit-name lists, in plan order.

    :param unit: a unit name or alias; tasks it leads or assists (``role`` narrows it)
    :param search: a substring of the task text, section or seq
    :param plan_ids: only tasks of these plans
    """
    conds, params = [], []
    if unit:
        uid = unit_id(db, unit)
        if uid is None:
            return []
        sub = "SELECT task_id FROM task_units WHERE unit_id = ?"
        params.append(uid)
        if role:
            sub += " AND role = ?"
            params.append(role)
        conds.append(f"t.id IN ({sub})")
    if search:
        conds.append("(t.content LIKE ? OR t.section LIKE ? OR t.seq = ?)")
        params += [f"%{search}%", f"%{search}%", search]
    if plan_id is not None:
        conds.append("t.plan_id = ?")
        params.append(plan_id)
    if task_ids is not None:
        ids = list(task_ids)
        conds.append(f"t.id IN ({','.join('?' * len(ids))})" if ids else "0")
        params += ids
    if plan_ids is not None:
        pids = list(plan_ids)
        conds.append(f"t.plan_id IN ({','.join('?' * len(pids))})" if pids else "0")
        params += pids
    where = (" WHERE " + " AND ".join(conds)) if conds else ""
    tasks = list(db.query(
        "SELECT t.*, p.year AS plan_year, p.title AS plan_title, p.start_date AS plan_start, "
        "p.archived_at AS plan_archived_at "
        f"FROM tasks t JOIN plans p ON p.id = t.plan_id{where} ORDER BY t.plan_id, t.ord", params))
    if not tasks:
        return []
    # The same filter on a join, so unit rows come only for the tasks returned; names from
    # the (small) units table rather than a join per row.
    names = dict(db.execute("SELECT id, name FROM units").fetchall())
    unit_rows = db.execute(
        "SELECT tu.task_id, tu.role, tu.unit_id FROM tasks t JOIN task_units tu ON tu.task_id = t.id"
        f"{where} ORDER BY tu.task_id, tu.ord", params).fetchall()
    units_by_task: dict[int, tuple[list[str], list[str]]] = {}
    for task_id, role, uid in unit_rows:
        pair = units_by_task.get(task_id)
        if pair is None:
            pair = units_by_task[task_id] = ([], [])
        pair[role != "lead"].append(names[uid])
    for t in tasks:
        pair = units_by_task.get(t["id"])
        t["lead"], t["assist"] = (pair[0], pair[1]) if pair else ([], [])
    return tasks


def get_task(db: Database, task_id: int) -> dict | None:
    rows = query_tasks(db, task_ids=[task_id])
    return rows[0] if rows else None


def find_task(db: Database, ref: str) -> dict | None:
    """A task by database id (``#12`` or ``12``) or by its seq in the newest plan that has it."""
    ref = ref.strip().lstrip("#")
    if ref.isdigit():
        hit = get_task(db, int(ref))
        if hit:
            return hit
    rows = list(db.query("SELECT id FROM tasks WHERE seq = ? ORDER BY plan_id DESC LIMIT 1", [ref]))
    return get_task(db, rows[0]["id"]) if rows else None


# ---------------------------------------------------------------- source files

def record_source_file(db: Database, name: str, sha256: str, size: int, stored_path: str | None,
                       kind: str) -> int:
    rows = list(db.query("SELECT id FROM source_files WHERE sha256 = ?", [sha256]))
    if rows:
        return rows[0]["id"]
    return store.insert(db, "source_files", {
        "name": name, "sha256": sha256, "size": size, "stored_path": stored_path,
        "kind": kind, "imported_at": now_iso()})


def unit_name(db: Database, unit_id: int) -> str | None:
    rows = list(db.query("SELECT name FROM units WHERE id = ?", [unit_id]))
    return rows[0]["name"] if rows else None


def data_version(db: Database) -> tuple[int, int]:
    """Changes whenever anything is written: by this connection (total_changes) or another."""
    conn = db.conn
    return conn.total_changes, conn.execute("PRAGMA data_version").fetchone()[0]


def last_audit_id(db: Database) -> int:
    rows = list(db.query("SELECT MAX(id) AS m FROM audit_log"))
    return rows[0]["m"] or 0


def audited_tables_since(db: Database, audit_id: int) -> set[str]:
    """The tables written (audited) after audit row ``audit_id``."""
    return {r["table_name"] for r in db.query(
        "SELECT DISTINCT table_name FROM audit_log WHERE id > ?", [audit_id])}
