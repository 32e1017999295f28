"""The window's 备份 / 从备份恢复 through the core: a checked copy, listed, restored."""

from govtrack.tracker import Tracker


def test_backup_list_restore(demo, tmp_path):
    path = demo.path
    made = demo.backups.make()
    assert made.exists() and any(b["path"] == made for b in demo.backups.list())
    demo.tasklife.close("10", evidence="已完成", on="2023-10-20")
    demo.close()
    tr = Tracker.open(path)
    out = tr.backups.restore(made)
    assert out["kept"]                                # the current file was kept first
    tr.close()
    tr = Tracker.open(path)
    try:
        assert tr.ledger.task("10")["closed_on"] is None   # back to the backup's state
        assert "note" in tr.backups.storage_status()
    finally:
        tr.close()
