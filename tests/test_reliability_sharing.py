"""A ledger on a shared folder: which paths are network drives, and the journal used there."""

from __future__ import annotations

import pytest

from govtrack import store
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

