"""File names that work on Windows, and zip archives as Windows writes them.

Unit names go into file names (``2023-11_市财政局_进展填报表.xlsx``), and unit names are
whatever an office typed: ``市发改委/市统计局``, ``“两区”办``, ``市委办？`` — characters
Windows refuses in a file name, or ones that climb out of the output folder.  Windows also
refuses device names (``CON``, ``NUL``, ``COM1`` … with any extension) and drops trailing
dots and spaces.  :func:`safe_file_name` is the one place that turns a text into a file
name; :func:`path_inside` joins it to a folder and checks it stays there.

Zip archives that units send back are often made by Windows Explorer or 360压缩/好压,
which store Chinese member names in GBK without the UTF-8 flag; Python reads those as
cp437 mojibake.  :func:`zip_member_name` recovers them and :func:`extract_zip` unpacks an
archive safely (no member lands outside the target folder).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path, PurePosixPath

from .errors import InputError

#: Characters Windows forbids in a file name, plus the control characters.
FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f]')

#: Device names Windows reserves, whatever the extension (``NUL.xlsx`` is NUL too).
RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"{dev}{n}" for dev in ("COM", "LPT") for n in (*"123456789", "¹", "²", "³")}
)

#: Longest stem kept, in characters: a full path must stay under Windows' 260 and a
#: folder such as ``C:\Users\…\Documents\督查室\2023年\11月填报表\`` takes ~60.
MAX_STEM = 80

#: The zip flag bit saying member names are UTF-8.
ZIP_UTF8_FLAG = 0x800


def safe_file_name(stem: str, suffix: str = "", *, fallback: str = "未命名", limit: int = MAX_STEM) -> str:
    """``stem`` + ``suffix`` as a file name Windows (and every other system) accepts.

    Forbidden characters become ``_``; leading and trailing spaces and dots go (so ``..``
    and ``.`` are never the whole name); a reserved device name gets a ``_`` in front;
    the stem is cut to ``limit`` characters.  An empty result becomes ``fallback``.

    >>> safe_file_name('市发改委/统计局', '.xlsx')
    '市发改委_统计局.xlsx'
    >>> safe_file_name('NUL', '.pdf')
    '_NUL.pdf'
    """
    name = FORBIDDEN.sub("_", stem or "")
    name = name.strip(" .\u3000")[:limit].rstrip(" .\u3000")
    if not name or not name.strip("_"):
        name = fallback
    if name.split(".")[0].rstrip(" ").upper() in RESERVED:
        name = "_" + name
    return name + suffix


def path_inside(folder: str | Path, name: str) -> Path:
    """``folder / name`` after making ``name`` safe; raises if it would still leave ``folder``."""
    folder = Path(folder)
    target = folder / safe_file_name(name)
    base = folder.resolve()
    resolved = target.resolve()
    if resolved.parent != base:
        raise InputError(f"文件名「{name}」会写到输出文件夹「{folder}」之外，已拒绝。", field="文件名")
    return target


def zip_member_name(info: zipfile.ZipInfo) -> str:
    """The member's real name: GBK names without the UTF-8 flag decoded as GBK.

    Python decodes flagless names as cp437; re-encoding gives back the stored bytes.  Bytes
    that are not valid GBK either (a cp437 archive from an old DOS tool) keep Python's reading.
    """
    if info.flag_bits & ZIP_UTF8_FLAG:
        return info.filename
    try:
        raw = info.filename.encode("cp437")
    except UnicodeEncodeError:
        return info.filename
    try:
        return raw.decode("gbk")
    except UnicodeDecodeError:
        return info.filename


def extract_zip(archive: str | Path, out_dir: str | Path, *, suffixes: tuple[str, ...] = ()) -> list[Path]:
    """Unpack ``archive`` into ``out_dir``, names decoded as Windows wrote them.

    Folders inside the archive are kept, each part made safe with :func:`safe_file_name`,
    so ``../x`` or ``C:\\x`` cannot land outside ``out_dir``.  ``suffixes`` (``('.xlsx',)``)
    keeps only those files; Office lock files (``~$…``) and ``__MACOSX`` are skipped.
    Every member is read before anything is written, so a damaged archive leaves nothing
    behind.  Returns the files written, in archive order.

    :raises InputError: the file is not a zip archive, or a member cannot be read.
    """
    archive, out_dir = Path(archive), Path(out_dir)
    try:
        zf = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError) as e:
        raise InputError(f"不是可以打开的 zip 压缩包（{e}）", file=archive.name) from e
    wanted = tuple(s.lower() for s in suffixes)
    members: list[tuple[Path, bytes]] = []
    with zf:
        for info in zf.infolist():
            if info.is_dir():
                continue
            name = zip_member_name(info).replace("\\", "/")
            parts = [p for p in PurePosixPath(name).parts if p not in ("/", ".", "..")]
            if not parts or parts[-1].startswith("~$") or "__MACOSX" in parts:
                continue
            if wanted and not parts[-1].lower().endswith(wanted):
                continue
            target = out_dir.joinpath(*(safe_file_name(p) for p in parts[:-1]))
            stem, dot, ext = parts[-1].rpartition(".")
            leaf = safe_file_name(stem, "." + safe_file_name(ext, fallback="")) if dot and stem \
                else safe_file_name(parts[-1])
            try:
                with zf.open(info) as src:
                    members.append((target / leaf, src.read()))
            except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError) as e:
                raise InputError(f"压缩包中的「{name}」无法解压（{e}）", file=archive.name) from e
    for target, data in members:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return [t for t, _ in members]
