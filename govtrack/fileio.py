"""Writing files so that a kill, a full disk or a crash never leaves half of one.

Everything the program writes (kept copies of imported files, PDFs, .docx/.xlsx,
exported forms, backups) goes to a temporary name in the same folder, is flushed
and fsync'ed, then renamed over the target in one step (``os.replace``; atomic on
NTFS and POSIX alike). A reader sees the old file or the new one, never a part.
On Windows a virus scanner or an open Excel may hold the target for a moment, so
the rename is retried briefly before it is reported as 被占用.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import time
from pathlib import Path
from typing import Iterator

from .errors import NOTHING_CHANGED, GovtrackError, StorageError

TEMP_SUFFIX = ".govtrack-tmp"
_REPLACE_TRIES = 10


def sha256_of(path: Path | str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def temp_name(target: Path) -> Path:
    """A temporary name beside ``target`` (same folder, so the rename cannot cross disks)."""
    return target.with_name(f".{target.name}.{os.getpid()}.{time.monotonic_ns()}{TEMP_SUFFIX}")


def fsync_file(path: Path) -> None:
    with open(path, "rb+") as f:
        os.fsync(f.fileno())


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":          # NTFS orders the rename with the data; no directory handles
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def replace(tmp: Path, target: Path) -> None:
    """Rename a finished temporary file over ``target``, retrying a held target on Windows."""
    for attempt in range(_REPLACE_TRIES):
        try:
            os.replace(tmp, target)
            break
        except PermissionError:
            if os.name != "nt" or attempt == _REPLACE_TRIES - 1:
                raise
            time.sleep(0.1 * (attempt + 1))
    _fsync_dir(target.parent)


def storage_error(e: OSError, target: Path) -> GovtrackError:
    """The named error for a failed file write (disk full, read-only, held by another program)."""
    from .store.db import named_storage_error
    return named_storage_error(e, target) or StorageError(
        f"无法写入文件「{target}」：{e}。{NOTHING_CHANGED}")


@contextlib.contextmanager
def atomic_path(target: Path | str) -> Iterator[Path]:
    """Yield a temporary path to write the whole file to; on success it becomes ``target``.

    For libraries that save to a path (openpyxl, python-docx, reportlab). If the body
    raises, the temporary file is removed and ``target`` is as it was.
    """
    target = Path(target)
    tmp = temp_name(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        yield tmp
        fsync_file(tmp)
        replace(tmp, target)
    except OSError as e:
        _remove(tmp)
        raise storage_error(e, target) from e
    except BaseException:
        _remove(tmp)
        raise


def write_bytes(target: Path | str, data: bytes) -> Path:
    """Write ``data`` to ``target`` atomically."""
    target = Path(target)
    with atomic_path(target) as tmp:
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    return target


def write_text(target: Path | str, text: str, encoding: str = "utf-8") -> Path:
    return write_bytes(target, text.encode(encoding))


def keep_copy(data: bytes, target: Path | str, sha256: str) -> Path:
    """Keep ``data`` (whose hash is ``sha256``) at ``target``, checked against the hash.

    A copy already there with the right hash is kept as it is; a wrong one (a copy
    half-written by an older version, a file changed on disk) is rewritten. The new
    copy is read back and compared before it is trusted.
    """
    target = Path(target)
    if hashlib.sha256(data).hexdigest() != sha256:
        raise StorageError(f"要保存的文件内容与其校验值不符（{target.name}），{NOTHING_CHANGED}")
    if target.exists():
        try:
            if sha256_of(target) == sha256:
                return target
        except OSError:
            pass
    write_bytes(target, data)
    if sha256_of(target) != sha256:
        raise StorageError(f"保存的副本「{target}」校验不符（磁盘可能有问题），{NOTHING_CHANGED}")
    return target


def remove_stale_temps(folder: Path | str, *, older_than: float = 3600) -> int:
    """Remove temporary files a killed run left in ``folder``; returns how many.

    Only those older than ``older_than`` seconds: a younger one may be another window's
    write in progress.
    """
    n = 0
    folder = Path(folder)
    if not folder.is_dir():
        return 0
    now = time.time()
    for p in folder.glob(f".*{TEMP_SUFFIX}"):
        try:
            old = now - p.stat().st_mtime > older_than
        except OSError:
            continue
        if old and _remove(p):
            n += 1
    return n


def _remove(p: Path) -> bool:
    try:
        p.unlink()
        return True
    except OSError:
        return False
