"""Queries for the rules area: rule settings, milestones (节点), reminder acknowledgements,
and the few progress look-ups the status and 催报 computations need in bulk.

Why a module of its own: the rules themselves are pure (govtrack/rules); this is
what they read and write in the file. Everything here answers for *all* tasks in
one query, so evaluating 10,000 tasks costs a handful of queries, not 10,000.
"""

from __future__ import annotations

import json
from typing import Any, Iterable

from .connection import Database

from . import db as store
from .db import now_iso

RULES_PREFIX = "rules."


# ---------------------------------------------------------------- settings

def rule_setting_values(db: Database) -> dict[str, Any]:
    """Stored rule settings, JSON-decoded, keyed as stored (``rules.tolerance`` …)."""
    out = {}
    for r in db.query("SELECT key, value FROM settings WHERE key LIKE ?", [RULES_PREFIX + "%"]):
        try:
            out[r["key"]] = json.loads(r["value"])
        except ValueError:
            out[r["key"]] = r["value"]
    return out


def save_setting(db: Database, key: str, value: Any) -> bool:
    """Insert or change one setting, audited (settings change what every status says)."""
    text = json.dumps(value, ensure_ascii=False)
    rows = list(db.query("SELECT rowid AS rid, value FROM settings WHERE key = ?", [key]))
    if not rows:
        store.insert(db, "settings", {"key": key, "value": text})
        return True
    return store.update(db, "settings", rows[0]["rid"], {"value": text})


def settings_values(db: Database) -> dict[str, Any]:
    """Every stored setting, JSON-decoded (a value that is not JSON is kept as text)."""
    out = {}
    for r in db.query("SELECT key, value FROM settings"):
        try:
            out[r["key"]] = json.loads(r["value"])
        except ValueError:
            out[r["key"]] = r["value"]
    return out


def delete_setting(db: Database, key: str) -> bool:
    """Remove one setting (its default applies again), audited."""
    rows = list(db.query("SELECT rowid AS rid FROM settings WHERE key = ?", [key]))
    return bool(rows) and store.delete(db, "settings", rows[0]["rid"])


# ---------------------------------------------------------------- milestones

def milestones_by_task(db: Database, task_ids: Iterable[int] | None = None) -> dict[int, list[dict]]:
    """Every milestone, grouped by task, in due-date order (one query)."""
    sql, params = "SELECT * FROM milestones", []
    if task_ids is not None:
        ids = list(task_ids)
        if len(ids) <= 500:
            sql += f" WHERE task_id IN ({','.join('?' * len(ids))})" if ids else " WHERE 0"
            params = ids
    out: dict[int, list[dict]] = {}
    for r in db.query(sql + " ORDER BY task_id, due_date, ord, id", params):
        out.setdefault(r["task_id"], []).append(r)
    return out


def milestones_of_task(db: Database, task_id: int) -> list[dict]:
    return list(db.query("SELECT * FROM milestones WHERE task_id = ? ORDER BY due_date, ord, id",
                         [task_id]))


def get_milestone(db: Database, milestone_id: int) -> dict | None:
    rows = list(db.query("SELECT * FROM milestones WHERE id = ?", [milestone_id]))
    return rows[0] if rows else None


def insert_milestone(db: Database, task_id: int, title: str, due_date: str,
                     percent: float | None, done_date: str | None = None) -> int:
    rows = list(db.query("SELECT COALESCE(MAX(ord), 0) AS m FROM milestones WHERE task_id = ?",
                         [task_id]))
    return store.insert(db, "milestones", {
        "task_id": task_id, "title": title, "due_date": due_date, "percent": percent,
        "done_date": done_date, "ord": rows[0]["m"] + 1})


def update_milestone(db: Database, milestone_id: int, values: dict) -> bool:
    return store.update(db, "milestones", milestone_id, values)


# ---------------------------------------------------------------- reminder acknowledgements

def reminder_acks(db: Database) -> dict[str, dict]:
    return {r["key"]: r for r in db.query("SELECT * FROM reminder_acks")}


def save_ack(db: Database, key: str, state: str, until: str | None, fingerprint: str | None) -> None:
    """Store what the user did with a reminder (audited; a second ack replaces the first)."""
    values = {"state": state, "until": until, "fingerprint": fingerprint, "at": now_iso()}
    rows = list(db.query("SELECT rowid AS rid FROM reminder_acks WHERE key = ?", [key]))
    if rows:
        store.update(db, "reminder_acks", rows[0]["rid"], values)
    else:
        store.insert(db, "reminder_acks", {"key": key, **values})


# ---------------------------------------------------------------- progress in bulk

def _unit_names(db: Database) -> dict[int, str]:
    return dict(db.execute("SELECT id, name FROM units").fetchall())


def reporters_since(db: Database, period: str, on_or_before: str) -> set[tuple[int, str]]:
    """(task id, unit name) pairs with a report for ``period`` or later, dated on or before a day."""
    names = _unit_names(db)
    return {(t, names[u]) for t, u in db.execute(
        "SELECT DISTINCT task_id, unit_id FROM progress WHERE period >= ? AND reported_on <= ?",
        [period, on_or_before]).fetchall()}


def on_time_reporters(db: Database, period: str, due_date: str, on_or_before: str) -> set[tuple[int, str]]:
    """(task id, unit name) pairs that reported for ``period`` by its due day (and by the day
    looked at); read from the covering index ``idx_progress_round``, not the report rows."""
    names = _unit_names(db)
    return {(t, names[u]) for t, u in db.execute(
        "SELECT task_id, unit_id FROM progress WHERE period = ? AND reported_on <= ?",
        [period, min(due_date, on_or_before)]).fetchall()}


def progress_count(db: Database) -> int:
    return list(db.query("SELECT COUNT(*) AS n FROM progress"))[0]["n"]


def report_dates_since(db: Database, period: str, on_or_before: str) -> dict[tuple[int, str], str]:
    """(task id, unit name) → earliest report date for ``period`` or later, dated on or before a
    day (from the covering index ``idx_progress_round``)."""
    names = _unit_names(db)
    return {(t, names[u]): first for t, u, first in db.execute(
        "SELECT task_id, unit_id, MIN(reported_on) FROM progress WHERE period >= ? AND reported_on <= ? "
        "GROUP BY task_id, unit_id", [period, on_or_before]).fetchall()}
