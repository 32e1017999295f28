"""The ledger's copies, for the window's 文件 → 备份 / 从备份恢复 and its status bar.

The checked backups themselves are made in :mod:`govtrack.store.backup` (SQLite's backup
API, checked, kept 30 days plus one a month in ``<name>_backups/``). :func:`explain`
is the one place an edge (the window, a worker thread) turns a failure of the file
into the named Chinese message, since the window may not import the store.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import DamagedError, GovtrackError, InputError, NOTHING_CHANGED
from ..store import backup
from ..store.db import inspect_file, named_storage_error
from .context import Context, Service

# What the automatic backups' reasons mean (a reason the user typed is shown as typed).
REASON_LABELS = {
    "daily": "每日自动备份", "manual": "手动备份", "before-import": "导入任务分解前",
    "before-returns": "导入单位填报表前", "before-delete": "删除计划前", "before-carry-over": "结转下年前",
    "before-restore": "恢复备份前（当时的文件）", "before-restore-damaged": "恢复备份前（当时已损坏的文件）",
    "before-demo": "重建演示数据前",
}
UPGRADE_RE = re.compile(r"^before-(\d{4})_")


def reason_label(reason: str) -> str:
    """「导入任务分解前」 for ``before-import``; an upgrade's backup names its version."""
    if reason in REASON_LABELS:
        return REASON_LABELS[reason]
    m = UPGRADE_RE.match(reason)
    if m:
        return f"升级到版本 {int(m.group(1))} 前"
    return reason.replace("_", " ")


def explain(error: BaseException, path: Path | str | None = None) -> GovtrackError | None:
    """The named error (locked, read-only, disk full, damaged …) for a failure of the file,
    or None when it is not one (a bug, shown as such)."""
    return named_storage_error(error, path)


class BackupService(Service):
    """Back up, list, restore and check the open ledger's file."""

    def __init__(self, ctx: Context):
        self.ctx = ctx

    def _path(self) -> Path:
        if self.ctx.path is None:
            raise InputError("内存中的数据库没有文件，无法备份。")
        return self.ctx.path

    def make(self, reason: str = "manual") -> Path:
        """A checked backup now (after an integrity check of the ledger).

        :param reason: a few words (汉字 allowed); kept in the file name
        """
        path = self._path()
        check = inspect_file(path, full=True)
        if check.problem:
            raise DamagedError(f"数据库「{path}」完整性检查未通过：{check.problem}。未备份，{NOTHING_CHANGED}"
                               f"{backup.offer_latest_good(path)}")
        return backup.make_backup(path, reason)

    def list(self, *, check: bool = False) -> list[dict]:
        """Backups newest first: path, at, reason, label (in Chinese), size.

        :param check: also ``problem``: what is wrong with each (None: sound, restorable)
        """
        rows = backup.list_backups(self._path())
        for b in rows:
            b["label"] = reason_label(b["reason"])
            if check:
                b["problem"] = backup.check_backup(b["path"])
        return rows

    def restore(self, candidate: str | Path) -> dict:
        """Restore from a backup (the current file is kept as a backup first). The caller
        reopens its Tracker afterwards."""
        return backup.restore(self._path(), candidate)

    def storage_status(self) -> dict:
        """For the status bar: shared (network) file, read-only, journal mode, a failed daily backup."""
        return self.ctx.db.storage_status()

    def changed_elsewhere(self) -> bool:
        """Whether another window or program committed since this one last looked."""
        return self.ctx.db.changed_elsewhere()

    def explain(self, error: BaseException) -> GovtrackError | None:
        """:func:`explain` for this ledger's file."""
        return explain(error, self.ctx.path)
