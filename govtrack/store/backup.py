"""Backups of the ledger: made with SQLite's backup API, checked, kept, restored.

A backup is a complete copy in ``<name>_backups/`` beside the database, named
``<name>-YYYYmmdd-HHMMSS-ffffff-<reason>.sqlite``. It is written to a temporary
name, checked (``quick_check`` and the same row counts as the source) and only then
renamed into place, so a full disk leaves no 0-byte "backup" that looks good.
One is taken on the first open of each day and before every import, returns
apply, delete or carry-over; the last 30 days are kept, plus one per month.
A restore first keeps the current file as a backup.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import re
import shutil
import sqlite3
from pathlib import Path
from typing import Iterator

from .. import fileio
from ..errors import NOTHING_CHANGED, GovtrackError, NotFoundError, StorageError
from ..paths import backups_dir

KEEP_DAYS = 30
NAME_RE = re.compile(r"-(\d{8}-\d{6}-\d{6})-([\w.-]+)\.sqlite$")
REASON_LEN = 40


@contextlib.contextmanager
def read_only(path: Path | str) -> Iterator[sqlite3.Connection]:
    """A read-only connection that changes nothing, not even the side files it must create."""
    path = Path(path)
    sides = [Path(str(path) + s) for s in ("-wal", "-shm")]
    before = [p.exists() for p in sides]
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=10)
    try:
        yield conn
    finally:
        conn.close()
        wal, shm = sides
        if not before[0] and wal.exists() and wal.stat().st_size == 0:
            for p, existed in zip(sides, before):
                if not existed:
                    fileio._remove(p)


def fingerprint(conn: sqlite3.Connection) -> str:
    """Row count and largest rowid of every table: equal for a copy and its source."""
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name")]
    parts = []
    for t in tables:
        try:
            n, top = conn.execute(f"SELECT COUNT(*), MAX(rowid) FROM [{t}]").fetchone()
        except sqlite3.OperationalError:       # WITHOUT ROWID table
            n, top = conn.execute(f"SELECT COUNT(*), 0 FROM [{t}]").fetchone()
        parts.append(f"{t}:{n}:{top}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def content_digest(conn: sqlite3.Connection) -> str:
    """A hash of every row of every table: equal only when nothing at all was changed.

    Dearer than :func:`fingerprint` (it reads the whole file), so it is used only where
    a stale copy would be worse than one more: reusing a backup before an upgrade.
    """
    h = hashlib.sha256()
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name")]
    for t in tables:
        h.update(f"\x00{t}\x00".encode())
        try:
            rows = conn.execute(f"SELECT * FROM [{t}] ORDER BY rowid")
        except sqlite3.OperationalError:       # WITHOUT ROWID table
            rows = conn.execute(f"SELECT * FROM [{t}] ORDER BY 1")
        for row in rows:
            h.update(repr(row).encode())
    return h.hexdigest()


def _copy_pages(src: sqlite3.Connection, dst: sqlite3.Connection) -> None:
    """SQLite's online backup: a consistent copy even while another connection writes."""
    src.backup(dst)


def check_backup(candidate: Path | str, expected: str | None = None) -> str | None:
    """What is wrong with a backup file (None when it is complete and sound)."""
    candidate = Path(candidate)
    try:
        if candidate.stat().st_size == 0:
            return "文件为空"
        with open(candidate, "rb") as f:
            if f.read(16) != b"SQLite format 3\x00":
                return "不是 SQLite 数据库"
        with read_only(candidate) as conn:
            rows = conn.execute("PRAGMA quick_check").fetchall()
            if not rows or rows[0][0] != "ok":
                return "完整性检查未通过：" + "；".join(str(r[0]) for r in rows[:3])
            if expected is not None and fingerprint(conn) != expected:
                return "内容与原数据库不一致（备份不完整）"
    except sqlite3.DatabaseError as e:
        return f"不是完整的数据库文件，可能已损坏（{e}）"
    except OSError as e:
        return f"无法读取（{e}）"
    return None


def _stamp(now: dt.datetime | None = None) -> str:
    return (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S-%f")


def make_backup(path: Path | str, reason: str = "manual", *, prune: bool = True) -> Path:
    """Copy the database at ``path`` (WAL included) into its backups folder; checked.

    Reads through a fresh read-only connection, so it sees what is committed even while
    this program holds a write transaction. Raises a named StorageError (磁盘已满 …)
    and leaves no file when the copy cannot be completed.
    """
    path = Path(path)
    folder = backups_dir(path)
    reason = safe_reason(reason)
    target = folder / f"{path.stem}-{_stamp()}-{reason}.sqlite"
    tmp = fileio.temp_name(target)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with read_only(path) as src:
            expected = fingerprint(src)
            dst = sqlite3.connect(str(tmp))
            try:
                _copy_pages(src, dst)
                dst.execute("PRAGMA journal_mode = DELETE")
            finally:
                dst.close()
        problem = check_backup(tmp, expected)
        if problem:
            raise StorageError(f"备份「{target.name}」未能完整写入：{problem}。"
                               f"{NOTHING_CHANGED}请检查磁盘空间后重试。")
        fileio.fsync_file(tmp)
        fileio.replace(tmp, target)
    except GovtrackError:
        fileio._remove(tmp)
        raise
    except (OSError, sqlite3.Error) as e:
        fileio._remove(tmp)
        from .db import named_storage_error
        raise (named_storage_error(e, folder) or StorageError(
            f"无法写入备份「{target}」：{e}。{NOTHING_CHANGED}")) from e
    if prune:
        prune_backups(path)
    return target


def safe_reason(reason: str | None) -> str:
    """The reason as it can stand in a file name on any system (letters, digits, 汉字, ``-_.``)."""
    text = re.sub(r"[^\w.-]+", "_", (reason or "").strip()).strip("._")
    return text[:REASON_LEN] or "manual"


def list_backups(path: Path | str) -> list[dict]:
    """Backups of the database at ``path``, newest first: path, at, reason, size."""
    path = Path(path)
    folder = backups_dir(path)
    out = []
    if folder.is_dir():
        for p in folder.glob(f"{glob_escape(path.stem)}-*.sqlite"):
            m = NAME_RE.search(p.name[len(path.stem):])
            if not m:
                continue
            at = dt.datetime.strptime(m.group(1), "%Y%m%d-%H%M%S-%f")
            out.append({"path": p, "at": at, "reason": m.group(2), "size": p.stat().st_size})
    out.sort(key=lambda b: b["at"], reverse=True)
    return out


def glob_escape(s: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", s)


def prune_backups(path: Path | str, *, today: dt.date | None = None,
                  keep_days: int = KEEP_DAYS) -> list[Path]:
    """Remove backups older than ``keep_days`` except the newest of each month; returns removed."""
    today = today or dt.date.today()
    cutoff = today - dt.timedelta(days=keep_days)
    kept_months: set[tuple[int, int]] = set()
    removed = []
    for b in list_backups(path):                # newest first
        day = b["at"].date()
        if day >= cutoff:
            continue
        month = (day.year, day.month)
        if month not in kept_months:
            kept_months.add(month)
            continue
        if fileio._remove(b["path"]):
            removed.append(b["path"])
    return removed


def backup_before(db, path: Path | str, reason: str) -> Path:
    """A checked backup before an upgrade; a retry reuses the one taken for the same version.

    It is reused only while it is sound and holds exactly what the file holds (every
    row compared), so a migration that fails on every open does not add one full copy
    per try, and a file edited in between (by an older GovTrack) gets a fresh one.
    """
    path = Path(path)
    current = fingerprint(db.conn)
    digest = None
    for b in list_backups(path):
        if b["reason"] != reason or check_backup(b["path"], current) is not None:
            continue
        digest = digest or content_digest(db.conn)
        with read_only(b["path"]) as conn:
            if content_digest(conn) == digest:
                return b["path"]
    return make_backup(path, reason)


def has_data(conn: sqlite3.Connection) -> bool:
    for table in ("plans", "units", "tasks"):
        try:
            if conn.execute(f"SELECT 1 FROM [{table}] LIMIT 1").fetchone():
                return True
        except sqlite3.OperationalError:
            continue
    return False


def daily_backup(db, path: Path | str) -> Path | None:
    """The first backup of the day (any backup made today counts); None when not due."""
    path = Path(path)
    today = dt.date.today()
    if any(b["at"].date() == today for b in list_backups(path)):
        return None
    if not has_data(db.conn):
        return None
    return make_backup(path, "daily")


def before_change(path: Path | str | None, action: str) -> Path | None:
    """The backup taken before an import, returns apply, delete or carry-over.

    Reads the committed state through its own connection, so it may be called inside
    the action's transaction. When the newest backup for the same action already holds
    exactly this state (the second file of one returns apply, a retry), it is reused.
    """
    if path is None or not Path(path).exists():
        return None
    reason = f"before-{action}"
    with read_only(path) as conn:
        if not has_data(conn):
            return None
        current = fingerprint(conn)
    same = [b for b in list_backups(path) if b["reason"] == reason][:1]
    if same and check_backup(same[0]["path"], current) is None:
        return same[0]["path"]
    return make_backup(path, reason)


def latest_good_backup(path: Path | str | None) -> Path | None:
    """The newest backup that passes quick_check, or None."""
    if path is None:
        return None
    for b in list_backups(path):
        if check_backup(b["path"]) is None:
            return b["path"]
    return None


def latest_good_backup_str(path) -> str | None:
    good = latest_good_backup(path)
    return str(good) if good else None


def offer_latest_good(path) -> str:
    """The sentence offering the newest good backup to a user whose database is damaged."""
    try:
        good = latest_good_backup(path)
    except OSError:
        good = None
    if good is None:
        return "没有找到可用的备份。"
    return f"最近的完好备份是「{good}」，可用 govtrack restore \"{good}\" 恢复（当前文件会先另存为备份）。"


def _restore_in_place(path: Path, candidate: Path) -> None:
    """Copy the backup's pages into the live database (SQLite's backup API, one transaction).

    Another window with the file open sees the restored ledger on its next read, and a
    kill mid-copy is rolled back by SQLite: the file is the old ledger or the new one.
    """
    try:
        with read_only(candidate) as src:
            dst = sqlite3.connect(str(path), timeout=10)
            try:
                _copy_pages(src, dst)
            finally:
                dst.close()
    except sqlite3.Error as e:
        from .db import named_storage_error
        raise (named_storage_error(e, path) or StorageError(
            f"恢复「{path}」失败：{e}。{NOTHING_CHANGED}")) from e


def _replace_file(path: Path, candidate: Path) -> None:
    """Put a copy of the backup in place of a damaged file (temporary name, then rename)."""
    tmp = fileio.temp_name(path)
    try:
        shutil.copyfile(candidate, tmp)
        fileio.fsync_file(tmp)
        for side in ("-wal", "-shm"):        # the old file's log must not be replayed into the new one
            p = Path(str(path) + side)
            if p.exists():
                os.remove(p)
        fileio.replace(tmp, path)
    except OSError as e:
        fileio._remove(tmp)
        raise fileio.storage_error(e, path) from e


def restore(path: Path | str, candidate: Path | str) -> dict:
    """Put the backup ``candidate`` in place of the database at ``path``.

    The candidate is checked first (a GovTrack ledger this version can open, sound);
    the current file is kept as a backup (a plain copy when it is too damaged for the
    backup API). A sound current file receives the backup's pages through SQLite
    (other windows keep working on the same file); a damaged one is replaced by a copy
    written under a temporary name and renamed. Returns the kept backup and the file.
    """
    from .db import inspect_file, refuse_unusable
    path, candidate = Path(path), Path(candidate)
    if not candidate.is_file():
        raise NotFoundError(f"找不到备份文件「{candidate}」。{NOTHING_CHANGED}")
    problem = check_backup(candidate)
    if problem:
        raise StorageError(f"备份文件「{candidate}」不能用于恢复：{problem}。{NOTHING_CHANGED}")
    refuse_unusable(candidate, inspect_file(candidate))
    kept = None
    healthy = False
    if path.exists() and path.stat().st_size > 0:
        try:
            current = inspect_file(path)
        except GovtrackError:
            current = None
        if current is not None and current.problem is None and not current.is_govtrack:
            refuse_unusable(path, current)          # another program's file: never overwritten
        healthy = current is not None and current.problem is None
        try:
            kept = make_backup(path, "before-restore", prune=False)
        except GovtrackError:
            kept = backups_dir(path) / f"{path.stem}-{_stamp()}-before-restore-damaged.sqlite"
            try:
                kept.parent.mkdir(parents=True, exist_ok=True)
                with fileio.atomic_path(kept) as tmp:
                    shutil.copyfile(path, tmp)
            except GovtrackError as e:
                raise StorageError(f"无法先保存当前数据库：{e}") from e
    if healthy:
        _restore_in_place(path, candidate)
    else:
        _replace_file(path, candidate)
    return {"restored": path, "from": candidate, "kept": kept}
