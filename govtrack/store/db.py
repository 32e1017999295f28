"""The SQLite file: opening it, migrating it, and audited writes.

The only module that knows table names and writes SQL. Opening a database first
looks at the file read-only and refuses, changing nothing, a file that is not
GovTrack's, one written by a newer GovTrack, or one that fails ``quick_check``.
Then it turns on foreign keys, a busy timeout and WAL (the rollback journal on a
network drive, where WAL does not work), applies the numbered ``db/NNNN_*.sql``
files it has not seen yet (after a checked backup copy), takes the first backup
of the day, and hands back a :class:`LedgerDatabase`. Its transactions take the
write lock first (``BEGIN IMMEDIATE``), so a second writer waits within the busy
timeout instead of failing at once. A file that cannot be written, or whose upgrade
failed (rolled back: the file stays at its old version), is opened read-only: the
user can still look and print, and every write is refused with the reason
(``read_only_reason``) instead of a traceback. Writes that change user data go through
:func:`insert`, :func:`update` and :func:`delete`, which record an audit row
(who, when, table, row, before, after) in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from .connection import Database

from ..errors import (NOTHING_CHANGED, DamagedError, DiskFullError, DuplicateError, FileBusyError,
                      ForeignDatabaseError, GovtrackError, LockedError, NewerSchemaError,
                      ReadOnlyError, StorageError)
from .. import fileio
from ..paths import SCHEMA_DIR, attachments_dir, backups_dir
from . import backup as backups
from .sharing import is_network_path

MIGRATION_RE = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
BUSY_TIMEOUT_S = 10
DUPLICATE_PLAN = "govtrack: duplicate plan"     # the trigger of db/0006


def now_iso() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


def current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name on some Windows services
        return "unknown"


class LedgerDatabase(Database):
    """The ledger's connection: its transactions take the write lock before they read.

    ``BEGIN IMMEDIATE`` makes a second writer wait (busy timeout) at the start of its
    transaction; a deferred ``BEGIN`` that reads, then writes, fails at once with
    "database is locked" whatever the timeout. A lock, a full disk or a read-only
    file met inside a transaction comes out as a named :class:`StorageError`
    after the rollback, so nothing is half-written and no traceback reaches the user.

    ``path`` is the file; ``shared`` whether it lies on a network drive (rollback journal);
    ``backup_problem`` why today's automatic backup failed (shown, never blocking).
    """

    path: Path | None = None
    shared: bool = False
    backup_problem: str | None = None     # why today's automatic backup could not be made
    read_only_reason: str | None = None   # why this file is open for reading only (None: writable)
    read_only_note: str = ""              # the same in a few words, for the status bar

    BEGIN = "BEGIN IMMEDIATE"

    def _before_write(self) -> None:
        if self.read_only_reason:
            raise ReadOnlyError(f"{self.read_only_reason}{NOTHING_CHANGED}")

    def _named(self, e: sqlite3.Error, stage: str) -> BaseException | None:
        named = named_storage_error(e, self.path)
        if stage == "body" and not isinstance(named, _NAMED_IN_TRANSACTION):
            return None         # I/O and damage pass through to the edge, which names them
        return named

    def changed_elsewhere(self) -> bool:
        """Whether another connection (window, program, colleague) committed since the last call.

        ``PRAGMA data_version`` moves only for other connections' commits, so a window can
        poll it cheaply and refresh its lists when it moves.
        """
        version = self.conn.execute("PRAGMA data_version").fetchone()[0]
        seen, self._data_version = getattr(self, "_data_version", None), version
        return seen is not None and seen != version

    def storage_status(self) -> dict:
        """What the status bar shows: the file, whether it is shared or read-only, the journal."""
        mode = self.journal_mode
        notes = []
        if self.read_only_reason:
            notes.append(f"只读（{self.read_only_note or '无写入权限'}）：可查看和打印，不能修改")
        if self.shared:
            notes.append("共享文件（网络驱动器）：他人的修改在刷新后可见")
        if self.backup_problem:
            notes.append(self.backup_problem)
        return {"path": str(self.path) if self.path else None, "shared": self.shared,
                "journal_mode": mode, "read_only": self.read_only_reason,
                "backup_problem": self.backup_problem, "note": "；".join(notes)}


# What a transaction turns into a message itself; other SQLite errors (I/O, damage) pass
# through to the edge, which names them (cli.py, the window) after the rollback.
_NAMED_IN_TRANSACTION = (LockedError, DiskFullError, ReadOnlyError, FileBusyError, DuplicateError)


def named_storage_error(e: BaseException, path: Path | str | None) -> GovtrackError | None:
    """The named error for a storage failure, or None when it is not one we can name.

    Reads SQLite's and the OS's wording (the only thing both give), so a full disk is
    never reported as a damaged database and a lock never as a traceback.
    """
    if isinstance(e, GovtrackError):
        return e
    where = f"「{path}」" if path else ""
    msg = str(e).lower()
    errno = getattr(e, "errno", None)
    winerror = getattr(e, "winerror", None)
    if DUPLICATE_PLAN in msg:
        return DuplicateError("同一文件或同名同年度的计划已导入（另一个窗口或程序刚刚导入），"
                              + NOTHING_CHANGED)
    if "locked" in msg or "busy" in msg or winerror in (32, 33):
        if isinstance(e, OSError):
            return FileBusyError(f"文件{where}被占用（可能已在 Excel、WPS 或其他程序中打开），"
                                 f"请关闭后重试。{NOTHING_CHANGED}")
        return LockedError(f"另一个窗口或程序正在写入此数据库，请稍后重试（文件{where}）。{NOTHING_CHANGED}")
    if "full" in msg or errno == 28 or winerror in (39, 112):
        return DiskFullError(f"磁盘已满，无法写入{where}。{NOTHING_CHANGED}请清理磁盘空间后重试。")
    if "readonly" in msg or "read-only" in msg or errno in (13, 30) or winerror == 5 \
            or isinstance(e, PermissionError):
        return ReadOnlyError(f"数据库文件或其所在文件夹{where}只读（或没有写入权限），无法写入。"
                             f"{NOTHING_CHANGED}")
    if "malformed" in msg or "not a database" in msg or "corrupt" in msg:
        return DamagedError(f"数据库文件{where}已损坏（{e}）。{NOTHING_CHANGED}"
                            f"{backups.offer_latest_good(path)}")
    if "disk i/o error" in msg or "unable to open" in msg:
        return StorageError(f"读写数据库文件{where}时出错（{e}），可能是磁盘、网络或权限问题。"
                            f"{NOTHING_CHANGED}")
    return None


def changed_by_others(db: Database, table: str, row_id: int, seen: dict,
                      fields: Iterable[str] | None = None) -> list[str]:
    """The fields of a row that differ now from ``seen`` (the row as a window loaded it).

    An edit checks this inside its transaction: a non-empty answer means someone else
    saved first, and the window asks before overwriting (see :class:`ConflictError`).
    """
    now = _row(db, table, row_id)
    if now is None:
        return ["(已删除)"]
    keys = list(fields) if fields is not None else [k for k in seen if k in now]
    return [k for k in keys if k in now and now[k] != seen.get(k)]


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


@dataclass
class FileCheck:
    """What a read-only look at an existing SQLite file found."""
    tables: list[str] = field(default_factory=list)
    versions: set[int] = field(default_factory=set)
    problem: str | None = None          # quick_check's first complaint, or the read error

    @property
    def is_govtrack(self) -> bool:
        return not self.tables or "schema_migrations" in self.tables

    @property
    def version(self) -> int:
        return max(self.versions, default=0)


def inspect_file(path: Path, *, full: bool = False) -> FileCheck:
    """Look at an existing SQLite file without changing a byte of it.

    :param full: ``integrity_check`` (every index against its table) instead of ``quick_check``
    """
    check = FileCheck()
    with backups.read_only(path) as conn:
        try:
            check.tables = [r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
            if "schema_migrations" in check.tables:
                check.versions = {r[0] for r in conn.execute("SELECT version FROM schema_migrations")}
            rows = conn.execute("PRAGMA integrity_check" if full else "PRAGMA quick_check").fetchall()
            if rows and rows[0][0] != "ok":
                check.problem = "；".join(str(r[0]) for r in rows[:3])
        except sqlite3.DatabaseError as e:
            named = named_storage_error(e, path)
            if named is not None and not isinstance(named, DamagedError):
                raise named from e
            check.problem = str(e)
    return check


def refuse_unusable(path: Path, check: FileCheck, schema_dir: Path = SCHEMA_DIR) -> None:
    """Raise the named error for a file GovTrack must not open; nothing is changed in it."""
    if check.problem is not None:
        raise DamagedError(f"数据库文件「{path}」已损坏：{check.problem}。{NOTHING_CHANGED}"
                           f"{backups.offer_latest_good(path)}",
                           backup=backups.latest_good_backup_str(path))
    if not check.is_govtrack:
        shown = "、".join(check.tables[:5]) + ("等" if len(check.tables) > 5 else "")
        raise ForeignDatabaseError(
            f"文件「{path}」是其他程序的 SQLite 数据库（含数据表 {shown}），不是 GovTrack 台账，"
            f"未作任何改动。请选择 GovTrack 的数据库文件，或新建一个。")
    known = max((m[0] for m in migration_files(schema_dir)), default=0)
    if check.version > known:
        raise NewerSchemaError(
            f"数据库「{path}」由更新版本创建，请升级 GovTrack 后再打开（数据库版本 {check.version}，"
            f"本程序只认识到版本 {known}）。{NOTHING_CHANGED}")


def open_db(path: str | Path, *, schema_dir: Path | None = None, migrate: bool = True,
            daily_backup: bool = True) -> LedgerDatabase:
    """Open (creating if needed) the database at ``path`` and bring its schema up to date.

    :param schema_dir: the migration scripts (default: the program's ``db/``)
    :param migrate: apply pending migrations (after a checked backup copy when the file had data)
    :param daily_backup: take the first backup of the day when the file holds data

    A file that cannot be written, or whose upgrade fails, is opened read-only at its
    own version (``read_only_reason`` says why); a failing upgrade of a new, empty
    file is raised, since there is nothing to read.
    """
    path = Path(path)
    schema_dir = SCHEMA_DIR if schema_dir is None else schema_dir
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        existed = path.exists() and path.stat().st_size > 0
        if existed:
            _check_is_sqlite(path)
            refuse_unusable(path, inspect_file(path), schema_dir)
        writable = not existed or _writable(path)
        if writable:
            conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S)
        else:
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S)
    except GovtrackError:
        raise
    except (OSError, sqlite3.Error) as e:
        raise named_storage_error(e, path) or StorageError(f"无法打开数据库文件「{path}」：{e}") from e
    db = LedgerDatabase(conn)
    db.path, db.shared = path, is_network_path(path)
    if not writable:
        db.read_only_note = "文件无写入权限"
        db.read_only_reason = (f"数据库文件「{path}」或其所在文件夹只读（或没有写入权限）：可以查看和打印，"
                               "不能修改。如需修改，请取消文件的只读属性，或把它复制到可写的文件夹后再打开。")
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        if writable:
            _set_journal(db)
        pending = [m for m in migration_files(schema_dir) if m[0] not in _applied_versions(db)]
        if migrate and pending and writable:
            _migrate(db, path, pending, had_data=existed and schema_version(db) > 0)
        elif pending and existed and schema_version(db) > 0 and not writable:
            db.read_only_reason += f"（此文件尚未升级到本程序的版本 {pending[-1][0]}，部分内容可能无法显示。）"
        if daily_backup and existed and not db.read_only_reason:
            try:
                backups.daily_backup(db, path)
            except GovtrackError as e:   # a full disk or read-only folder must not stop reading
                db.backup_problem = f"今日自动备份未完成：{e}"
        if existed and writable:
            for folder in (backups_dir(path), attachments_dir(path), path.parent):
                fileio.remove_stale_temps(folder)      # what a killed write left behind
    except GovtrackError:
        conn.close()
        raise
    except (OSError, sqlite3.Error) as e:
        conn.close()
        named = named_storage_error(e, path)
        raise named or StorageError(f"数据库文件「{path}」无法使用：{e}。{NOTHING_CHANGED}") from e
    return db


def _writable(path: Path) -> bool:
    """Whether this user may write the file and create its journal beside it."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


# (file, its version, the scripts) → why the upgrade failed: this program's other
# connections (the window's worker threads) open the file read-only without retrying.
_FAILED_UPGRADES: dict[tuple[str, int, tuple[str, ...]], str] = {}


def _migrate(db: LedgerDatabase, path: Path, pending: list, *, had_data: bool) -> None:
    """Apply the pending scripts after a checked backup; a failure leaves the file read-only.

    The scripts run in one transaction, so a failing one leaves the file at its old
    version, which this program can still read. The backup is reused on the next try
    while the file is unchanged, so retrying does not add one full copy per open; within
    one run of the program the upgrade is tried once.
    """
    key = (str(path.resolve()), schema_version(db), tuple(m[1] for m in pending))
    if had_data and key in _FAILED_UPGRADES:
        reason = _FAILED_UPGRADES[key]
    else:
        kept = backups.backup_before(db, path, f"before-{pending[0][1]}") if had_data else None
        try:
            apply_migrations(db, pending)
            return
        except MigrationFailed as e:
            if not had_data:
                raise
            where = f"升级前的备份：「{kept}」。" if kept else ""
            reason = _FAILED_UPGRADES[key] = (
                f"数据库升级失败，已以只读方式打开（版本 {key[1]}）：可以查看和打印，不能修改。"
                f"{e}。{where}请安装修正后的 GovTrack 版本，或联系技术支持。")
    db.execute("PRAGMA query_only = ON")       # a write that bypasses atomic() fails too
    db.read_only_reason, db.read_only_note = reason, "数据库升级失败"


def _set_journal(db: LedgerDatabase) -> None:
    """WAL on a local disk; the rollback journal on a network drive (WAL needs shared memory)."""
    want = "delete" if db.shared else "wal"
    if db.journal_mode == want:
        return
    try:
        db.execute(f"PRAGMA journal_mode = {want.upper()}")
    except sqlite3.OperationalError as e:
        # another window has it open, or the file is read-only: keep its mode (reads work;
        # a write then fails with the named ReadOnlyError)
        msg = str(e).lower()
        if "locked" not in msg and "readonly" not in msg:
            raise


def _check_is_sqlite(path: Path) -> None:
    with open(path, "rb") as f:
        head = f.read(16)
    if head != b"SQLite format 3\x00":
        raise StorageError(f"文件「{path}」不是 SQLite 数据库，未作任何改动。")


class MigrationFailed(StorageError):
    """A schema script failed; the upgrade was rolled back (a lock or a full disk is named instead)."""


def apply_migrations(db: Database, pending: Iterable[tuple[int, str, Path]]) -> list[str]:
    """Apply the scripts in one transaction; a failing one rolls all of them back.

    A script must therefore not hold statements SQLite refuses inside a transaction
    (``VACUUM``, ``PRAGMA foreign_keys``).

    :raises StorageError: naming the script that failed (the file is as it was)
    """
    done = []
    with db.atomic():
        db.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations "
            "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        for version, name, p in pending:
            sql = p.read_text(encoding="utf-8")
            statements = [s for s in _split_sql(sql) if s.strip()]
            try:
                for stmt in statements:
                    db.execute(stmt)
            except sqlite3.Error as e:
                raise MigrationFailed(f"数据库升级脚本 {p.name} 执行失败，已回滚，数据未作改动：{e}") from e
            db.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                [version, name, now_iso()],
            )
            done.append(name)
    return done


def _split_sql(sql: str) -> list[str]:
    """Split a script into whole statements (a trigger body holds semicolons of its own)."""
    lines = [ln for ln in sql.splitlines() if not ln.strip().startswith("--")]
    text = "\n".join(ln.split("--", 1)[0] if "--" in ln and "'" not in ln else ln for ln in lines)
    out, buf = [], ""
    for piece in text.split(";"):
        buf += piece + ";"
        if sqlite3.complete_statement(buf):
            out.append(buf.strip().rstrip(";").strip())
            buf = ""
    if buf.strip(" ;\n"):
        out.append(buf.strip().rstrip(";"))
    return out


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
