"""Queries that change the unit directory: add, rename, merge, aliases, order, group members."""

from __future__ import annotations

from .connection import Database

from . import db as store


def unit_row(db: Database, unit_id: int) -> dict | None:
    rows = list(db.query("SELECT * FROM units WHERE id = ?", [unit_id]))
    return rows[0] if rows else None


def add_alias(db: Database, alias: str, unit_id: int) -> None:
    store.insert(db, "unit_aliases", {"alias": alias, "unit_id": unit_id})


def alias_owner(db: Database, alias: str) -> int | None:
    rows = list(db.query("SELECT unit_id FROM unit_aliases WHERE alias = ?", [alias]))
    return rows[0]["unit_id"] if rows else None


def remove_alias(db: Database, alias: str) -> bool:
    rows = list(db.query("SELECT rowid AS rid FROM unit_aliases WHERE alias = ?", [alias]))
    return bool(rows) and store.delete(db, "unit_aliases", rows[0]["rid"])


def merge_units(db: Database, source_id: int, target_id: int) -> dict[str, int]:
    """Move every row of ``source`` to ``target`` (tasks, progress, returns, aliases), then
    delete ``source``. A task both have keeps the target's role; clashing reports keep the
    target's. Audited row by row."""
    moved = {"task_units": 0, "progress": 0, "aliases": 0}
    for r in list(db.query("SELECT rowid AS rid, task_id, role, ord FROM task_units WHERE unit_id = ?",
                           [source_id])):
        clash = list(db.query("SELECT 1 FROM task_units WHERE task_id = ? AND unit_id = ?",
                              [r["task_id"], target_id]))
        store.delete(db, "task_units", r["rid"])
        if not clash:
            store.insert(db, "task_units", {"task_id": r["task_id"], "unit_id": target_id,
                                            "role": r["role"], "ord": r["ord"]})
            moved["task_units"] += 1
    for r in list(db.query("SELECT id, task_id, period FROM progress WHERE unit_id = ?", [source_id])):
        clash = list(db.query("SELECT 1 FROM progress WHERE task_id = ? AND unit_id = ? AND period = ?",
                              [r["task_id"], target_id, r["period"]]))
        if clash:
            store.delete(db, "progress", r["id"])
        else:
            store.update(db, "progress", r["id"], {"unit_id": target_id})
            moved["progress"] += 1
    for table in ("unit_returns", "indicator_values"):
        for r in list(db.query(f"SELECT rowid AS rid FROM [{table}] WHERE unit_id = ?", [source_id])):
            store.update(db, table, r["rid"], {"unit_id": target_id})
    for r in list(db.query("SELECT rowid AS rid, alias FROM unit_aliases WHERE unit_id = ?", [source_id])):
        store.update(db, "unit_aliases", r["rid"], {"unit_id": target_id})
        moved["aliases"] += 1
    # Memberships follow the unit: the target joins the source's groups (and takes over the
    # members of a group merged into it), unless it is there already or would contain itself.
    for col, other in (("member_id", "group_id"), ("group_id", "member_id")):
        for r in list(db.query(f"SELECT rowid AS rid, {other} AS other FROM unit_members WHERE {col} = ?",
                               [source_id])):
            there = list(db.query(f"SELECT 1 FROM unit_members WHERE {col} = ? AND {other} = ?",
                                  [target_id, r["other"]]))
            if there or r["other"] == target_id:
                store.delete(db, "unit_members", r["rid"])
            else:
                store.update(db, "unit_members", r["rid"], {col: target_id})
    store.delete(db, "units", source_id)
    return moved


def set_members(db: Database, group_id: int, member_ids: list[int]) -> None:
    """The group's members become ``member_ids`` in this order (empty: none), through the
    audited insert/update/delete: a member kept is updated only when its place changed."""
    old = {r["member_id"]: r for r in db.query(
        "SELECT rowid AS rid, member_id, ord FROM unit_members WHERE group_id = ?", [group_id])}
    wanted = list(dict.fromkeys(member_ids))
    for mid, r in old.items():
        if mid not in wanted:
            store.delete(db, "unit_members", r["rid"])
    for k, mid in enumerate(wanted):
        if mid in old:
            store.update(db, "unit_members", old[mid]["rid"], {"ord": k})
        else:
            store.insert(db, "unit_members", {"group_id": group_id, "member_id": mid, "ord": k})


def members(db: Database, group_id: int) -> list[str]:
    return [r["name"] for r in db.query(
        "SELECT u.name FROM unit_members m JOIN units u ON u.id = m.member_id "
        "WHERE m.group_id = ? ORDER BY m.ord", [group_id])]


def all_members(db: Database) -> dict[str, list[str]]:
    """Group name → its members' names in the group's order, for every group that lists members."""
    out: dict[str, list[str]] = {}
    for r in db.query(
            "SELECT g.name AS grp, u.name AS member FROM unit_members m "
            "JOIN units g ON g.id = m.group_id JOIN units u ON u.id = m.member_id "
            "ORDER BY m.group_id, m.ord"):
        out.setdefault(r["grp"], []).append(r["member"])
    return out
