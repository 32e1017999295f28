"""The ledger's copies, for the window's 文件 → 备份 / 从备份恢复 and its status bar.

The checked backups themselves are made in :mod:`govtrack.store.backup` (SQLite's backup
API, checked, kept 30 days plus one a month in ``<name>_backups/``).
"""

from __future__ import annotations

from pathlib import Path

from ..errors import DamagedError, InputError, NOTHING_CHANGED
from ..store import backup
from ..store.db import inspect_file
from .context import Context, Service


class BackupService(Service):
    """Back up, list, restore and check the open ledger's file."""

    def __init__(self, ctx: Context):
        self.ctx = ctx

    def _path(self) -> Path:
        if self.ctx.path is None:
            raise InputError("内存中的数据库没有文件，无法备份。")
        return self.ctx.path

    def make(self, reason: str = "manual") -> Path:
        """A checked backup now (after an integrity check of the ledger)."""
        path = self._path()
        check = inspect_file(path, full=True)
        if check.problem:
            raise DamagedError(f"数据库「{path}」完整性检查未通过：{check.problem}。未备份，{NOTHING_CHANGED}"
                               f"{backup.offer_latest_good(path)}")
        return backup.make_backup(path, reason)

    def list(self) -> list[dict]:
        """Backups newest first: path, at, reason, size."""
        return backup.list_backups(self._path())

    def restore(self, candidate: str | Path) -> dict:
        """Restore from a backup (the current file is kept as a backup first). The caller
        reopens its Tracker afterwards."""
        return backup.restore(self._path(), candidate)

    def storage_status(self) -> dict:
        """For the status bar: shared (network) file, journal mode, a failed daily backup."""
        return self.ctx.db.storage_status()

    def changed_elsewhere(self) -> bool:
        """Whether another window or program committed since this one last looked."""
        return self.ctx.db.changed_elsewhere()
