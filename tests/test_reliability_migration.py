"""A failed upgrade must not lock the user out of reading, nor take one more full backup
per try: the file is opened read-only at its old version, reading commands work, writing
ones exit 2 with the message, and the backup made before the upgrade is reused while the
file is unchanged."""

from __future__ import annotations

import shutil

import pytest

from govtrack.cli.main import main as cli_main
from govtrack.errors import ReadOnlyError
from govtrack.paths import SCHEMA_DIR
from govtrack.store import backup as backups
from govtrack.store import db as store_db
from govtrack.tracker import Tracker

FAILED = "数据库升级失败，已以只读方式打开"
BROKEN = "9990_broken"


@pytest.fixture
def broken_upgrade(demo_tracker, db_path, tmp_path, monkeypatch):
    """The demo ledger, and a program whose next schema script fails halfway."""
    demo_tracker.close()
    schema = tmp_path / "schema"
    schema.mkdir()
    for p in SCHEMA_DIR.glob("*.sql"):
        shutil.copyfile(p, schema / p.name)
    (schema / f"{BROKEN}.sql").write_text(
        "ALTER TABLE units ADD COLUMN x TEXT;\nCREATE TABLE half_done (y);\nNOT SQL;", encoding="utf-8")
    monkeypatch.setattr(store_db, "SCHEMA_DIR", schema)
    monkeypatch.setattr(store_db, "_FAILED_UPGRADES", {})
    return schema


def _new_run(monkeypatch):
    """The next start of the program (the upgrade is tried once per run)."""
    monkeypatch.setattr(store_db, "_FAILED_UPGRADES", {})


def _upgrade_backups(db_path):
    return [b for b in backups.list_backups(db_path) if b["reason"] == f"before-{BROKEN}"]


def test_failed_upgrade_opens_read_only_at_the_old_version(broken_upgrade, db_path):
    old_version = max(v for v, _n, _p in store_db.migration_files(SCHEMA_DIR))
    tr = Tracker.open(db_path)
    assert FAILED in tr.db.read_only_reason and f"{BROKEN}.sql" in tr.db.read_only_reason
    assert store_db.schema_version(tr.db) == old_version
    assert "half_done" not in tr.db.table_names() and "x" not in tr.db["units"].columns_dict
    assert len(tr.ledger.tasks()) == 136                                  # reading works
    assert tr.status.status_summary("2023-10-31")
    assert "只读" in tr.backups.storage_status()["note"]
    with pytest.raises(ReadOnlyError) as e:
        tr.ledger.update_task(1, note="升级失败后")
    assert FAILED in str(e.value) and "未作任何改动" in str(e.value)
    with pytest.raises(Exception):                                        # a write past atomic() too
        tr.db.execute("DELETE FROM progress")
    assert tr.db["progress"].count == 1322
    tr.close()


def test_cli_reads_in_that_state_and_refuses_writes_with_the_message(broken_upgrade, db_path, tmp_path,
                                                                     capsys):
    db = ["--db", str(db_path)]
    assert cli_main(db + ["status", "--today", "2023-10-31"]) == 0
    assert cli_main(db + ["tasks", "--unit", "市水利和湖泊局"]) == 0
    out = tmp_path / "通报.pdf"
    assert cli_main(db + ["report", "monthly", "--period", "2023-10", "-o", str(out)]) == 0
    assert out.stat().st_size > 1000
    capsys.readouterr()
    for cmd in (["progress", "add", "1", "--period", "2023-10", "--percent", "50"],
                ["units", "add", "市新设单位"],
                ["report", "monthly", "--period", "2023-10", "--issue", "-o", str(tmp_path / "b.pdf"),
                 "--force"]):
        assert cli_main(db + cmd) == 2, cmd
        err = capsys.readouterr().err
        assert FAILED in err and "Traceback" not in err, (cmd, err)
    assert cli_main(db + ["backup"]) == 0                                  # a backup is a read


def test_retries_reuse_the_backup_while_the_file_is_unchanged(broken_upgrade, db_path, monkeypatch):
    for _ in range(3):
        _new_run(monkeypatch)
        tr = Tracker.open(db_path)
        assert FAILED in tr.db.read_only_reason
        tr.close()
    made = _upgrade_backups(db_path)
    assert len(made) == 1 and backups.check_backup(made[0]["path"]) is None
    assert str(made[0]["path"]) in FAILED + tr.db.read_only_reason        # the message names it

    monkeypatch.setattr(store_db, "SCHEMA_DIR", SCHEMA_DIR)               # an older GovTrack edits
    tr = Tracker.open(db_path)
    assert tr.db.read_only_reason is None
    tr.ledger.update_task(1, note="旧版本程序的修改")                     # same row counts, new content
    tr.close()
    monkeypatch.setattr(store_db, "SCHEMA_DIR", broken_upgrade)
    _new_run(monkeypatch)
    Tracker.open(db_path).close()
    made = _upgrade_backups(db_path)
    assert len(made) == 2                                                 # a stale copy is not reused
    with backups.read_only(made[0]["path"]) as conn:
        assert conn.execute("SELECT note FROM tasks WHERE id = 1").fetchone()[0] == "旧版本程序的修改"


def test_one_run_tries_the_upgrade_once(broken_upgrade, db_path, monkeypatch):
    calls = []
    real = store_db.apply_migrations
    monkeypatch.setattr(store_db, "apply_migrations", lambda db, pending: (calls.append(1), real(db, pending)))
    for _ in range(3):                       # the window's worker threads each open the file
        tr = Tracker.open(db_path)
        assert FAILED in tr.db.read_only_reason
        tr.close()
    assert len(calls) == 1


def test_a_fixed_program_upgrades_it_and_writes_again(broken_upgrade, db_path, monkeypatch):
    Tracker.open(db_path).close()
    (broken_upgrade / f"{BROKEN}.sql").write_text("ALTER TABLE units ADD COLUMN x TEXT;", encoding="utf-8")
    _new_run(monkeypatch)
    tr = Tracker.open(db_path)
    assert tr.db.read_only_reason is None and "x" in tr.db["units"].columns_dict
    tr.ledger.update_task(1, note="升级之后")
    assert tr.ledger.task(1)["note"] == "升级之后"
    assert len(_upgrade_backups(db_path)) == 1                            # the first try's backup
    tr.close()


def test_a_failing_upgrade_of_a_new_empty_file_is_raised(tmp_path, monkeypatch):
    schema = tmp_path / "schema"
    schema.mkdir()
    (schema / "0001_bad.sql").write_text("NOT SQL;", encoding="utf-8")
    monkeypatch.setattr(store_db, "SCHEMA_DIR", schema)
    with pytest.raises(store_db.StorageError) as e:
        Tracker.open(tmp_path / "new.sqlite")
    assert "0001_bad.sql" in str(e.value)
