"""The SQLite file: opening it, migrating it, and audited writes.

The only module that knows table names and writes SQL. Opening a database turns
on foreign keys, WAL and a busy timeout, applies the numbered ``db/NNNN_*.sql``
files it has not seen yet (after a backup copy of the file), and hands back a
sqlite-utils ``Database``. Writes that change user data go through
:func:`insert`, :func:`update` and :func:`delete`, which record an audit row
(who, when, table, row, before, after) in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import re
import sqlite3
from pathlib import Path
from typing import Any, Iterable

from sqlite_utils import Database

from ..errors import StorageError
from ..paths import SCHEMA_DIR, backups_dir

MIGRATION_RE = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


def now_iso() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


def current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name on some Windows services
        return "unknown"


def migration_files(schema_dir: Path = SCHEMA_DIR) -> list[tuple[int, str, Path]]:
    """The schema scripts in order: (version, name, path)."""
    out = []
    for p in sorted(schema_dir.glob("*.sql")):
        m = MIGRATION_RE.match(p.name)
        if m:
            out.append((int(m.group(1)), p.stem, p))
    return out


def _applied_versions(db: Database) -> set[int]:
    if "schema_migrations" not in db.table_names():
        return set()
    return {r["version"] for r in db.query("SELECT version FROM schema_migrations")}


def schema_version(db: Database) -> int:
    return max(_applied_versions(db), default=0)


def open_db(path: str | Path, *, schema_dir: Path = SCHEMA_DIR, migrate: bool = True) -> Database:
    """Open (creating if needed) the database at ``path`` and bring its schema up to date.

    :param path: the SQLite file
    :param migrate: apply pending migrations (after a backup copy when the file had data)
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        existed = path.exists() and path.stat().st_size > 0
        if existed:
            _check_is_sqlite(path)
        conn = sqlite3.connect(str(path), timeout=10)
    except (OSError, sqlite3.Error) as e:
        raise StorageError(f"无法打开数据库文件「{path}」：{e}") from e
    db = Database(conn)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 10000")
        if db.journal_mode != "wal":
            db.enable_wal()
        if migrate:
            pending = [m for m in migration_files(schema_dir) if m[0] not in _applied_versions(db)]
            if pending:
                if existed and schema_version(db) > 0:
                    backup(db, path, reason=f"before-{pending[0][1]}")
                apply_migrations(db, pending)
    except sqlite3.DatabaseError as e:
        conn.close()
        raise StorageError(f"数据库文件「{path}」无法使用（可能不是 GovTrack 数据库或已损坏）：{e}") from e
    return db


def _check_is_sqlite(path: Path) -> None:
    with open(path, "rb") as f:
        head = f.read(16)
    if head != b"SQLite format 3\x00":
        raise StorageError(f"文件「{path}」不是 SQLite 数据库，未作任何改动。")


def apply_migrations(db: Database, pending: Iterable[tuple[int, str, Path]]) -> list[str]:
    """Apply each script in its own transaction; a failing one rolls back and stops."""
    done = []
    db.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations "
        "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    for version, name, p in pending:
        sql = p.read_text(encoding="utf-8")
        statements = [s for s in _split_sql(sql) if s.strip()]
        try:
            with db.atomic():
                for stmt in statements:
                    db.execute(stmt)
                db.execute(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    [version, name, now_iso()],
                )
        except sqlite3.Error as e:
            raise StorageError(f"数据库升级脚本 {p.name} 执行失败，已回滚：{e}") from e
        done.append(name)
    return done


def _split_sql(sql: str) -> list[str]:
    """Split a script into statements (ours hold no semicolons inside strings or triggers)."""
    lines = [ln for ln in sql.splitlines() if not ln.strip().startswith("--")]
    text = "\n".join(ln.split("--", 1)[0] if "--" in ln and "'" not in ln else ln for ln in lines)
    return [s.strip() for s in text.split(";")]


def backup(db: Database, path: Path, reason: str = "manual") -> Path:
    """Copy the whole database (WAL included) to the backups folder with SQLite's backup API."""
    target_dir = backups_dir(path)
    target_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = target_dir / f"{path.stem}-{stamp}-{reason}.sqlite"
    dst = sqlite3.connect(str(target))
    try:
        db.conn.backup(dst)
    finally:
        dst.close()
    return target


# ---------------------------------------------------------------- audited writes

def _row(db: Database, table: str, row_id: int) -> dict | None:
    rows = list(db.query(f"SELECT * FROM [{table}] WHERE rowid = ?", [row_id]))
    return rows[0] if rows else None


def _audit(db: Database, action: str, table: str, row_id: int | None,
           before: dict | None, after: dict | None, who: str | None = None) -> None:
    db.execute(
        "INSERT INTO audit_log (at, who, action, table_name, row_id, before, after) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [now_iso(), who or current_user(), action, table, row_id,
         json.dumps(before, ensure_ascii=False) if before is not None else None,
         json.dumps(after, ensure_ascii=False) if after is not None else None],
    )


def insert(db: Database, table: str, values: dict[str, Any], *, who: str | None = None) -> int:
    """Insert one row and audit it; returns its rowid."""
    cols = ", ".join(f"[{c}]" for c in values)
    marks = ", ".join("?" for _ in values)
    cur = db.execute(f"INSERT INTO [{table}] ({cols}) VALUES ({marks})", list(values.values()))
    row_id = cur.lastrowid
    _audit(db, "insert", table, row_id, None, _row(db, table, row_id), who)
    return row_id


def update(db: Database, table: str, row_id: int, values: dict[str, Any], *,
           who: str | None = None) -> bool:
    """Update one row by rowid if anything differs; audit before/after. Returns whether it changed."""
    before = _row(db, table, row_id)
    if before is None:
        return False
    changed = {k: v for k, v in values.items() if before.get(k) != v}
    if not changed:
        return False
    sets = ", ".join(f"[{c}] = ?" for c in changed)
    db.execute(f"UPDATE [{table}] SET {sets} WHERE rowid = ?", [*changed.values(), row_id])
    _audit(db, "update", table, row_id, before, _row(db, table, row_id), who)
    return True


def delete(db: Database, table: str, row_id: int, *, who: str | None = None) -> bool:
    before = _row(db, table, row_id)
    if before is None:
        return False
    db.execute(f"DELETE FROM [{table}] WHERE rowid = ?", [row_id])
    _audit(db, "delete", table, row_id, before, None, who)
    return True


def audit_entries(db: Database, table: str | None = None, row_id: int | None = None) -> list[dict]:
    sql, params = "SELECT * FROM audit_log", []
    conds = []
    if table:
        conds.append("table_name = ?")
        params.append(table)
    if row_id is not None:
        conds.append("row_id = ?")
        params.append(row_id)
    if conds:
        sql += " WHERE " + " AND ".join(conds)
    return list(db.query(sql + " ORDER BY id", params))


# ---------------------------------------------------------------- settings

def get_setting(db: Database, key: str, default: Any = None) -> Any:
    rows = list(db.query("SELECT value FROM settings WHERE key = ?", [key]))
    return json.loads(rows[0]["value"]) if rows else default


def set_setting(db: Database, key: str, value: Any) -> None:
    db.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [key, json.dumps(value, ensure_ascii=False)],
    )
