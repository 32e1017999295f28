"""How big a returned workbook may be before openpyxl is allowed to see it.

A 5–13 KB workbook with one merged range over the whole sheet, or a cell on the
last row, makes openpyxl build millions of cell objects (10 GB in two minutes).
So the sheet XML is scanned first, as a stream, for what costs memory: merged
ranges (count and cells covered) and the furthest row and column used. Limits
sit far above any real 填报表 or breakdown (a few hundred rows, a dozen columns).
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib

MAX_ROW = 20_000
MAX_COL = 200                    # column GR
MAX_MERGED_RANGES = 2_000
MAX_MERGED_CELLS = 200_000
_CHUNK = 1 << 20

_REF = re.compile(rb'<(?:\w+:)?(c|row|mergeCell)\b[^>]*?\s(?:r|ref)="([A-Z]*)(\d*)(?::([A-Z]+)(\d+))?"')


def col_number(letters: bytes | str) -> int:
    n = 0
    for ch in letters.decode() if isinstance(letters, bytes) else letters:
        n = n * 26 + (ord(ch) - 64)
    return n


def check_sheet_extent(data: bytes) -> str | None:
    """A problem with the sheets' extent (Chinese, names the sheet), or None.

    Expects a zip already checked for member count and unpacked size.
    """
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
        return None                          # the container check names this
    with z:
        for info in z.infolist():
            name = info.filename
            if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
                continue
            try:
                problem = _scan(z, info)
            except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, NotImplementedError) as e:
                return f"工作表「{name}」无法读取（{e}）"
            if problem:
                return f"工作表「{name.rsplit('/', 1)[-1]}」{problem}，不是正常的表格，拒绝读取"
    return None


def _scan(z: zipfile.ZipFile, info: zipfile.ZipInfo) -> str | None:
    merged = merged_cells = 0
    tail = b""
    with z.open(info) as f:
        while True:
            block = f.read(_CHUNK)
            if not block:
                break
            buf = tail + block
            cut = buf.rfind(b"<")              # a tag cut by the block end is read with the next
            scan, tail = (buf[:cut], buf[cut:]) if cut > 0 else (buf, b"")
            if len(tail) > 4096:               # no tag is that long: do not let the tail grow
                scan, tail = buf, b""
            for m in _REF.finditer(scan):
                kind, c1, r1, c2, r2 = m.groups()
                row = int(r2 or r1 or 0)
                col = col_number(c2 or c1) if (c2 or c1) else 0
                if row > MAX_ROW:
                    return f"用到第 {row} 行（上限 {MAX_ROW} 行）"
                if col > MAX_COL:
                    return f"用到第 {col} 列（上限 {MAX_COL} 列）"
                if kind == b"mergeCell":
                    merged += 1
                    if merged > MAX_MERGED_RANGES:
                        return f"合并单元格超过 {MAX_MERGED_RANGES} 处"
                    if c2 and r2:
                        area = (abs(int(r2) - int(r1 or 0)) + 1) * (abs(col_number(c2) - col_number(c1 or b"A")) + 1)
                        merged_cells += area
                        if merged_cells > MAX_MERGED_CELLS:
                            return f"合并单元格共覆盖 {merged_cells} 格（上限 {MAX_MERGED_CELLS}）"
    return None
