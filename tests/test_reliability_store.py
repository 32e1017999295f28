"""The database file under stress: other programs' files, newer and damaged databases,
two writers, full and read-only storage, backups, restore and the demo rebuild."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import sqlite3
import threading
import time

import pytest

from govtrack import store
from govtrack.cli import main as cli_main
from govtrack.errors import (DamagedError, DiskFullError, DuplicateError, ForeignDatabaseError,
                             LockedError, NewerSchemaError, ReadOnlyError)
from govtrack.store import backup as backups
from govtrack.store import db as store_db
from govtrack.tracker import Tracker

from .conftest import BREAKDOWN_2023, REPORT_2025


def _digest(p):
    return hashlib.sha256(p.read_bytes()).hexdigest()


def _foreign(path):
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('张三', '13800000000')")
    conn.commit()
    conn.close()


# ---------------------------------------------------------------- refusing a file

def test_foreign_sqlite_file_is_refused_byte_for_byte_unchanged(tmp_path, capsys):
    p = tmp_path / "通讯录.db"
    _foreign(p)
    before, names = _digest(p), sorted(x.name for x in tmp_path.iterdir())
    with pytest.raises(ForeignDatabaseError) as e:
        store.open_db(p)
    assert "其他程序的 SQLite 数据库" in str(e.value) and "contacts" in str(e.value)
    assert cli_main(["--db", str(p), "tasks"]) == 2
    assert "不是 GovTrack 台账" in capsys.readouterr().err
    assert _digest(p) == before
    assert sorted(x.name for x in tmp_path.iterdir()) == names   # no -wal, no backups folder


def test_newer_schema_database_is_refused(db_path, capsys):
    store.open_db(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute("INSERT INTO schema_migrations VALUES (9001, '9001_future', '2030-01-01T00:00:00')")
    conn.commit()
    conn.close()
    before = _digest(db_path)
    with pytest.raises(NewerSchemaError) as e:
        Tracker.open(db_path)
    assert "由更新版本创建，请升级" in str(e.value) and "9001" in str(e.value)
    assert cli_main(["--db", str(db_path), "units"]) == 2
    assert "由更新版本创建" in capsys.readouterr().err
    assert _digest(db_path) == before


def _damage(path):
    """Overwrite the middle pages of the file (the task table's b-tree) with garbage."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = DELETE")
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'tasks'").fetchone()[0]
    conn.close()
    with open(path, "r+b") as f:
        f.seek((root - 1) * page)
        f.write(bytes((i * 37) % 251 for i in range(page)))


def test_damaged_database_is_detected_on_open_and_backup_offered(demo_tracker, db_path, capsys):
    good = backups.make_backup(db_path, "manual")
    demo_tracker.close()
    _damage(db_path)
    before = _digest(db_path)
    with pytest.raises(DamagedError) as e:
        Tracker.open(db_path)
    assert "已损坏" in str(e.value) and good.name in str(e.value)
    assert e.value.backup == str(good)
    for cmd in (["tasks"], ["units"], ["import", str(BREAKDOWN_2023)]):
        assert cli_main(["--db", str(db_path), *cmd]) == 2
        assert "已损坏" in capsys.readouterr().err
    assert cli_main(["--db", str(db_path), "check"]) == 2
    assert _digest(db_path) == before
    # the offered backup brings the ledger back; the damaged file is kept as a backup
    assert cli_main(["--db", str(db_path), "restore", "latest"]) == 0
    out = capsys.readouterr().out
    assert "已从" in out and "另存为备份" in out
    tr = Tracker.open(db_path)
    assert tr.db["tasks"].count == 136
    tr.close()
    kept = [b for b in backups.list_backups(db_path) if b["reason"].startswith("before-restore")]
    assert len(kept) == 1 and _digest(kept[0]["path"]) == before


# ---------------------------------------------------------------- backups

def test_backup_is_kept_checked_and_restorable(demo_tracker, db_path, capsys):
    assert cli_main(["--db", str(db_path), "backup"]) == 0
    made = [b for b in backups.list_backups(db_path) if b["reason"] == "manual"]
    assert len(made) == 1 and backups.check_backup(made[0]["path"]) is None
    demo_tracker.db.execute("DELETE FROM progress")
    assert demo_tracker.db["progress"].count == 0
    demo_tracker.close()
    assert cli_main(["--db", str(db_path), "restore", str(made[0]["path"])]) == 0
    tr = Tracker.open(db_path)
    assert tr.db["progress"].count == 1322
    tr.close()
    assert cli_main(["--db", str(db_path), "backup", "--list"]) == 0
    assert "manual" in capsys.readouterr().out


def test_daily_backup_once_a_day_and_pruning(demo_tracker, db_path):
    demo_tracker.close()
    for b in backups.list_backups(db_path):
        b["path"].unlink()
    Tracker.open(db_path).close()
    Tracker.open(db_path).close()
    daily = [b for b in backups.list_backups(db_path) if b["reason"] == "daily"]
    assert len(daily) == 1
    folder = daily[0]["path"].parent
    today = dt.date.today()
    # 60 days of old daily copies: the last 30 days stay, older ones one per month
    for k in range(1, 61):
        day = dt.datetime.combine(today - dt.timedelta(days=k), dt.time(9, 0))
        shutil.copyfile(daily[0]["path"], folder / f"{db_path.stem}-{day:%Y%m%d-%H%M%S}-000000-daily.sqlite")
    backups.prune_backups(db_path)
    left = backups.list_backups(db_path)
    cutoff = today - dt.timedelta(days=backups.KEEP_DAYS)
    old = [b for b in left if b["at"].date() < cutoff]
    assert len([b for b in left if b["at"].date() >= cutoff]) == 1 + backups.KEEP_DAYS
    assert len(old) == len({(b["at"].year, b["at"].month) for b in old}) >= 1


def test_migration_backup_is_checked_and_not_repeated_per_retry(db_path, tmp_path):
    from govtrack.paths import SCHEMA_DIR
    db = store.open_db(db_path)
    store.insert(db, "units", {"name": "市财政局", "kind": "市直部门"})
    db.close()
    extra = tmp_path / "schema"
    extra.mkdir()
    for p in SCHEMA_DIR.glob("*.sql"):
        shutil.copyfile(p, extra / p.name)
    (extra / "9990_broken.sql").write_text("ALTER TABLE units ADD COLUMN x TEXT;\nNOT SQL;",
                                           encoding="utf-8")
    for _ in range(3):                   # read-only at the old version, each time
        db = store.open_db(db_path, schema_dir=extra)
        assert "数据库升级失败" in db.read_only_reason
        db.close()
    made = [b for b in backups.list_backups(db_path) if b["reason"] == "before-9990_broken"]
    assert len(made) == 1 and backups.check_backup(made[0]["path"]) is None
    db = store.open_db(db_path)          # still opens (and reads) with the current schema
    assert [r["name"] for r in db.query("SELECT name FROM units")] == ["市财政局"]
    db.close()


def test_backup_on_a_full_disk_leaves_no_file_and_says_so(demo_tracker, db_path, monkeypatch):
    def full(src, dst):
        dst.execute("CREATE TABLE half (x)")          # a partial copy on disk, then the disk fills
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(backups, "_copy_pages", full)
    before = len(backups.list_backups(db_path))
    with pytest.raises(DiskFullError) as e:
        backups.make_backup(db_path, "manual")
    assert "磁盘已满" in str(e.value) and "未作任何改动" in str(e.value)
    assert len(backups.list_backups(db_path)) == before
    assert not [p for p in backups.backups_dir(db_path).iterdir() if p.name.startswith(".")]


# ---------------------------------------------------------------- two writers

def test_writer_waits_for_a_lock_then_succeeds(tracker, db_path):
    other = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    threading.Timer(0.7, lambda: other.execute("COMMIT")).start()
    t0 = time.monotonic()
    with tracker.db.atomic():
        store.insert(tracker.db, "units", {"name": "市财政局", "kind": "市直部门"})
    assert time.monotonic() - t0 >= 0.5
    assert tracker.db["units"].count == 1
    other.close()


def test_lock_held_past_the_timeout_is_a_chinese_message(db_path, monkeypatch, capsys):
    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_S", 0.3)
    store.open_db(db_path).close()
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        tr = Tracker.open(db_path)
        with pytest.raises(LockedError) as e:
            tr.imports.import_file(BREAKDOWN_2023)
        assert "另一个窗口或程序正在写入此数据库，请稍后重试" in str(e.value)
        tr.close()
        assert cli_main(["--db", str(db_path), "import", str(BREAKDOWN_2023)]) == 2
        assert "另一个窗口或程序正在写入此数据库" in capsys.readouterr().err
    finally:
        other.execute("ROLLBACK")
        other.close()
    tr = Tracker.open(db_path)
    assert tr.db["plans"].count == 0
    tr.close()


def test_two_imports_of_one_file_at_once_make_one_plan(db_path):
    a, b = Tracker.open(db_path), Tracker.open(db_path)
    pa, pb = a.imports.preview_import(BREAKDOWN_2023), b.imports.preview_import(BREAKDOWN_2023)
    assert pa.existing_plan is None and pb.existing_plan is None     # both looked before either wrote
    a.imports.apply_import(pa)
    with pytest.raises(DuplicateError) as e:
        b.imports.apply_import(pb)
    assert "未作任何改动" in str(e.value)
    assert b.db["plans"].count == 1 and b.db["tasks"].count == 136
    a.close()
    b.close()


def test_read_only_database_is_named(demo_tracker, db_path):
    demo_tracker.close()
    tr = Tracker.open(db_path)
    tr.close()
    conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
    ro = store_db.LedgerDatabase(conn)
    ro.path = db_path
    with pytest.raises(ReadOnlyError) as e:
        with ro.atomic():
            ro.execute("DELETE FROM progress")
    assert "只读" in str(e.value) and "未作任何改动" in str(e.value)
    conn.close()


# ---------------------------------------------------------------- the demo rebuild

def test_demo_force_over_a_unit_reported_indicator_value(demo_tracker, db_path, capsys):
    demo_tracker.indicators.import_indicators(REPORT_2025)
    ind = demo_tracker.indicators.indicators()[0]
    demo_tracker.indicators.add_indicator_value(ind["id"], "2025", "7.5", unit="市发改委")
    demo_tracker.close()
    assert cli_main(["--db", str(db_path), "demo", "--force"]) == 0
    tr = Tracker.open(db_path)
    assert tr.db["indicator_values"].count == 0 and tr.db["tasks"].count == 136
    resets = [a for a in store.audit_entries(tr.db) if a["action"] == "reset"]
    assert resets and '"indicator_values": 1' in resets[-1]["before"]
    tr.close()
    capsys.readouterr()


def test_demo_force_that_fails_midway_leaves_the_old_ledger(demo_tracker, monkeypatch):
    from govtrack.app import demo as demo_mod
    demo_tracker.db.execute("UPDATE tasks SET note = '用户的备注' WHERE seq = '1'")

    def boom(tracker, plan_id):
        raise RuntimeError("killed")

    monkeypatch.setattr(demo_mod, "DEMO_STEPS", [boom])
    monkeypatch.setattr(demo_mod, "_load_demo_steps", lambda: None)
    with pytest.raises(RuntimeError):
        demo_mod.build_demo(demo_tracker, force=True)
    assert demo_tracker.db["tasks"].count == 136 and demo_tracker.db["progress"].count == 1322
    notes = [r["note"] for r in demo_tracker.db.query("SELECT note FROM tasks WHERE seq = '1'")]
    assert "用户的备注" in notes


def _disk_full(*a, **k):
    raise OSError(28, "No space left on device")


def test_full_disk_during_import_is_named_and_nothing_is_written(db_path, monkeypatch, capsys):
    from govtrack import fileio
    store.open_db(db_path).close()
    monkeypatch.setattr(fileio, "fsync_file", _disk_full)
    assert cli_main(["--db", str(db_path), "import", str(BREAKDOWN_2023)]) == 2
    err = capsys.readouterr().err
    assert "磁盘已满" in err and "未作任何改动" in err and "Traceback" not in err
    monkeypatch.undo()
    tr = Tracker.open(db_path)
    assert tr.db["plans"].count == 0 and tr.db["source_files"].count == 0
    tr.close()


def test_migration_on_a_full_disk_stops_before_migrating(db_path, tmp_path, monkeypatch):
    from govtrack.paths import SCHEMA_DIR
    db = store.open_db(db_path)
    store.insert(db, "units", {"name": "市财政局", "kind": "市直部门"})
    db.close()
    extra = tmp_path / "schema"
    extra.mkdir()
    for p in SCHEMA_DIR.glob("*.sql"):
        shutil.copyfile(p, extra / p.name)
    (extra / "9991_more.sql").write_text("ALTER TABLE units ADD COLUMN y TEXT;", encoding="utf-8")
    monkeypatch.setattr(backups, "_copy_pages",
                        lambda src, dst: (_ for _ in ()).throw(sqlite3.OperationalError("database or disk is full")))
    with pytest.raises(DiskFullError) as e:
        store.open_db(db_path, schema_dir=extra)
    assert "磁盘已满" in str(e.value)
    assert backups.list_backups(db_path) == []               # no 0-byte "backup" left
    monkeypatch.undo()
    db = store.open_db(db_path, daily_backup=False)
    assert "y" not in db["units"].columns_dict
    db.close()


def test_restore_reaches_a_window_that_has_the_file_open(demo_tracker, db_path):
    good = backups.make_backup(db_path, "manual")
    window = Tracker.open(db_path)                         # another window on the same file
    demo_tracker.db.execute("DELETE FROM progress")
    assert window.db["progress"].count == 0
    backups.restore(db_path, good)
    assert window.db["progress"].count == 1322             # seen without reopening
    window.close()


def test_restore_never_overwrites_another_programs_file(demo_tracker, db_path, tmp_path):
    good = backups.make_backup(db_path, "manual")
    foreign = tmp_path / "通讯录.db"
    _foreign(foreign)
    before = _digest(foreign)
    with pytest.raises(ForeignDatabaseError):
        backups.restore(foreign, good)
    assert _digest(foreign) == before


def test_daily_backup_on_a_full_disk_does_not_stop_reading(demo_tracker, db_path, monkeypatch):
    demo_tracker.close()
    for b in backups.list_backups(db_path):
        b["path"].unlink()
    monkeypatch.setattr(backups, "_copy_pages",
                        lambda src, dst: (_ for _ in ()).throw(sqlite3.OperationalError("database or disk is full")))
    tr = Tracker.open(db_path)
    assert tr.db["tasks"].count == 136
    status = tr.db.storage_status()
    assert "今日自动备份未完成" in status["note"] and "磁盘已满" in status["backup_problem"]
    tr.close()
    assert backups.list_backups(db_path) == []
