"""Is the database on a network drive? There WAL does not work (it needs shared memory
between the machines), so the file is opened with the rollback journal instead.

:func:`is_network_path` is a pure function of the path and what the system says
about drives and mounts; both are parameters, so it is tested for UNC paths, mapped
drives and NFS/SMB mounts on any machine.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Callable, Iterable

DRIVE_REMOTE = 4            # GetDriveTypeW
NETWORK_FILESYSTEMS = {
    "nfs", "nfs4", "cifs", "smbfs", "smb3", "smb2", "afpfs", "webdav", "davfs", "fuse.davfs2",
    "fuse.sshfs", "sshfs", "ncpfs", "afs", "ceph", "glusterfs", "fuse.glusterfs", "lustre",
    "9p", "fuse.rclone", "gpfs",
}


def is_network_path(path: str | Path, *, windows: bool | None = None,
                    drive_type: Callable[[str], int | None] | None = None,
                    mounts: Iterable[tuple[str, str]] | None = None) -> bool:
    """Whether ``path`` is on a network share.

    :param windows: read the path as a Windows path (default: this system's)
    :param drive_type: ``"Z:" -> GetDriveTypeW`` value (default: ask Windows)
    :param mounts: ``(mount point, file system type)`` pairs (default: ``/proc/mounts``)
    """
    windows = (os.name == "nt") if windows is None else windows
    s = str(path)
    if windows or s.startswith("\\\\"):
        w = s.replace("/", "\\")
        upper = w.upper()
        if upper.startswith("\\\\?\\UNC\\"):
            return True
        if upper.startswith("\\\\?\\") or upper.startswith("\\\\.\\"):
            w = w[4:]
        elif w.startswith("\\\\"):
            return True                      # \\server\share\...
        drive = PureWindowsPath(w).drive
        if len(drive) == 2 and drive[1] == ":":
            kind = (drive_type or _windows_drive_type)(drive.upper())
            return kind == DRIVE_REMOTE
        return False
    if s.startswith("//"):                  # smb://-style or //server/share on POSIX
        return True
    return _mount_fstype(s, _proc_mounts() if mounts is None else mounts) in NETWORK_FILESYSTEMS


def _mount_fstype(path: str, mounts: Iterable[tuple[str, str]]) -> str | None:
    """The file system type of the deepest mount point holding ``path``."""
    p = PurePosixPath(os.path.abspath(path) if not path.startswith("/") else path)
    best, kind = -1, None
    for point, fstype in mounts:
        mp = PurePosixPath(point)
        if p == mp or mp in p.parents:
            depth = len(mp.parts)
            if depth > best:
                best, kind = depth, fstype.lower()
    return kind


def _proc_mounts() -> list[tuple[str, str]]:
    try:
        with open("/proc/mounts", encoding="utf-8", errors="replace") as f:
            rows = [ln.split() for ln in f]
    except OSError:
        return []
    return [(r[1].replace("\\040", " "), r[2]) for r in rows if len(r) >= 3]


def _windows_drive_type(drive: str) -> int | None:
    if sys.platform != "win32":
        return None
    try:
        import ctypes
        return ctypes.windll.kernel32.GetDriveTypeW(drive + "\\")
    except Exception:
        return None
