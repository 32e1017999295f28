"""A ledger on a shared folder: which paths are network drives, and the journal used there."""

from __future__ import annotations

import pytest

from govtrack import store
from govtrack.tracker import Tracker
from govtrack.store import db as store_db
from govtrack.store.sharing import is_network_path

MOUNTS = [("/", "ext4"), ("/mnt/share", "cifs"), ("/mnt/share/local", "ext4"),
          ("/srv/nfs", "nfs4"), ("/home", "btrfs"), ("/media/ssh", "fuse.sshfs")]
DRIVES = {"C:": 3, "D:": 3, "Z:": 4, "E:": 2}


@pytest.mark.parametrize("path,shared", [
    (r"\\fileserver\督查室\台账.sqlite", True),
    (r"\\192.168.1.20\share\govtrack.sqlite", True),
    ("//fileserver/share/govtrack.sqlite", True),
    (r"\\?\UNC\fileserver\share\govtrack.sqlite", True),
    (r"Z:\督查室\govtrack.sqlite", True),
    (r"z:/govtrack.sqlite", True),
    (r"C:\Users\张三\AppData\Local\GovTrack\govtrack.sqlite", False),
    (r"\\?\C:\Users\govtrack.sqlite", False),
    (r"E:\U盘\govtrack.sqlite", False),
    ("govtrack.sqlite", False),
])
def test_windows_paths(path, shared):
    assert is_network_path(path, windows=True, drive_type=lambda d: DRIVES.get(d)) is shared


@pytest.mark.parametrize("path,shared", [
    ("/mnt/share/台账.sqlite", True),
    ("/mnt/share/local/台账.sqlite", False),      # a local disk mounted inside the share
    ("/srv/nfs/office/govtrack.sqlite", True),
    ("/media/ssh/g.sqlite", True),
    ("/home/zhang/govtrack.sqlite", False),
    ("/mnt/shared.sqlite", False),                # a name that only starts like the mount
    ("/tmp/x.sqlite", False),
])
def test_posix_mounts(path, shared):
    assert is_network_path(path, windows=False, mounts=MOUNTS) is shared


def test_network_database_uses_the_rollback_journal_and_says_so(db_path, monkeypatch):
    monkeypatch.setattr(store_db, "is_network_path", lambda p: True)
    db = store.open_db(db_path)
    status = db.storage_status()
    assert db.journal_mode == "delete" and status["shared"] and "共享文件" in status["note"]
    db.close()
    monkeypatch.setattr(store_db, "is_network_path", lambda p: False)
    db = store.open_db(db_path)              # moved back to a local disk: WAL again
    assert db.journal_mode == "wal" and not db.storage_status()["shared"]
    db.close()



def test_a_change_from_another_window_is_seen_and_not_overwritten_silently(demo_tracker, db_path):
    from govtrack.store.db import changed_by_others
    mine = demo_tracker.ledger.task(1)
    other = Tracker.open(db_path)
    assert not demo_tracker.db.changed_elsewhere()           # first call: the baseline
    other.ledger.update_task(mine["id"], note="另一窗口的备注")
    assert demo_tracker.db.changed_elsewhere()               # the window refreshes
    assert not demo_tracker.db.changed_elsewhere()
    seen = dict(demo_tracker.db.query("SELECT * FROM tasks WHERE id = ?", [mine["id"]]).__next__())
    seen["note"] = None                                      # what this window had loaded
    assert changed_by_others(demo_tracker.db, "tasks", mine["id"], seen, ["content", "note"]) == ["note"]
    other.close()


def test_stale_temporary_files_are_removed_on_open_young_ones_kept(demo_tracker, db_path):
    import os
    import time
    from govtrack.fileio import TEMP_SUFFIX
    from govtrack.paths import backups_dir
    demo_tracker.close()
    folder = backups_dir(db_path)
    folder.mkdir(exist_ok=True)
    old, young = folder / f".a.sqlite.1.2{TEMP_SUFFIX}", folder / f".b.sqlite.1.3{TEMP_SUFFIX}"
    old.write_bytes(b"half")
    young.write_bytes(b"in progress")
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    store.open_db(db_path).close()
    assert not old.exists() and young.exists()
