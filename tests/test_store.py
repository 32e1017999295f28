"""The database file: migrations, backups, audit, settings, refusing non-databases."""

import sqlite3

import pytest

from govtrack import store
from govtrack.errors import StorageError
from govtrack.paths import backups_dir


def test_fresh_database_has_schema_and_pragmas(db_path):
    db = store.open_db(db_path)
    assert store.schema_version(db) >= 1
    assert {"plans", "tasks", "units", "task_units", "progress", "audit_log"} <= set(db.table_names())
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.journal_mode == "wal"
    db.close()


def test_migration_takes_a_backup_and_is_recorded(db_path, tmp_path):
    db = store.open_db(db_path)
    store.insert(db, "units", {"name": "市财政局", "kind": "市直部门"})
    db.close()
    extra = tmp_path / "schema"
    extra.mkdir()
    from govtrack.paths import SCHEMA_DIR
    for p in SCHEMA_DIR.glob("*.sql"):
        (extra / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    (extra / "9999_test_column.sql").write_text("ALTER TABLE units ADD COLUMN note TEXT;", encoding="utf-8")
    db = store.open_db(db_path, schema_dir=extra)
    assert "note" in db["units"].columns_dict
    backups = list(backups_dir(db_path).glob("*.sqlite"))
    assert len(backups) == 1
    old = sqlite3.connect(backups[0])
    assert old.execute("SELECT name FROM units").fetchall() == [("市财政局",)]
    old.close()
    db.close()


def test_failing_migration_rolls_back(db_path, tmp_path):
    store.open_db(db_path).close()
    extra = tmp_path / "schema"
    extra.mkdir()
    (extra / "9998_bad.sql").write_text(
        "CREATE TABLE half_done (x INTEGER);\nTHIS IS NOT SQL;", encoding="utf-8")
    db = store.open_db(db_path, schema_dir=extra)       # read-only at the old version
    assert "9998_bad.sql" in db.read_only_reason and "half_done" not in db.table_names()
    with pytest.raises(StorageError):
        with db.atomic():
            store.insert(db, "units", {"name": "市财政局", "kind": "市直部门"})
    db.close()
    db = store.open_db(db_path)
    assert "half_done" not in db.table_names() and db.read_only_reason is None
    db.close()


def test_not_a_database_is_refused_untouched(tmp_path):
    p = tmp_path / "notes.sqlite"
    p.write_text("这不是数据库", encoding="utf-8")
    with pytest.raises(StorageError) as e:
        store.open_db(p)
    assert "不是 SQLite 数据库" in str(e.value)
    assert p.read_text(encoding="utf-8") == "这不是数据库"


def test_audited_writes(db_path):
    db = store.open_db(db_path)
    with db.atomic():
        uid = store.insert(db, "units", {"name": "市财政局", "kind": "市直部门"}, who="张三")
        assert store.update(db, "units", uid, {"contact": "李四"}, who="张三")
        assert not store.update(db, "units", uid, {"contact": "李四"})
    log = store.audit_entries(db, "units", uid)
    assert [e["action"] for e in log] == ["insert", "update"]
    assert log[1]["who"] == "张三" and '"李四"' in log[1]["after"] and '"contact": null' in log[1]["before"]
    store.set_setting(db, "rules.tolerance", 12)
    assert store.get_setting(db, "rules.tolerance") == 12
    db.close()


def test_default_path_from_environment(monkeypatch, tmp_path):
    from govtrack.paths import default_db_path
    monkeypatch.setenv("GOVTRACK_DB", str(tmp_path / "x.sqlite"))
    assert default_db_path() == tmp_path / "x.sqlite"
