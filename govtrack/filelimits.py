"""How big an input file may be before a parser is allowed to see it: the one home of the caps.

Why: a 5–13 KB workbook with one merged range over the whole sheet, or a cell on the
last row, makes openpyxl build millions of cell objects (10 GB in two minutes); a .docx
bomb reached 2.3 GB before python-docx gave up; a 50 MB text took 22 s. So the zip
directory is read first (members, unpacked size, compression ratio), then the XML is
streamed once, without building a tree, for what costs memory: elements, merged ranges,
the furthest row and column, table cells. Every cap sits far above any real 分工方案,
填报表 or 规划 (a few hundred rows, a dozen columns, at most a few MB of XML) and a
refusal takes well under a second and a few MB.

Used by the breakdown importers (``importers.tables_xlsx``/``tables_docx``/``source``),
the indicator import (through ``importers.source``) and the returned forms
(``returns_io.reader``). Functions return a Chinese problem or None; the caller turns it
into its own kind of refusal (an :class:`~govtrack.errors.InputError`, a RawForm error).
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib

MAX_TEXT_BYTES = 4 * 1024 * 1024         # a text breakdown or 规划; the longest seed is 0.22 MB
MAX_MEMBERS = 2_000                      # zip members; a real docx/xlsx has 10–40
MAX_UNPACKED = 200 * 1024 * 1024         # everything unpacked, pictures included
MAX_XML_BYTES = 20 * 1024 * 1024         # the XML parts, which become trees in memory
MAX_MEMBER_RATIO = 100                   # XML packs ~10–20×; bombs pack thousands×
MAX_XML_TAGS = 1_000_000                 # '<' in all XML parts: ~500k elements, ~100 MB as a tree
MAX_ROW = 20_000
MAX_COL = 200                            # column GR
MAX_CELLS = 300_000                      # cell elements in a workbook / table cells in a document
MAX_GRID_CELLS = 300_000                 # rows × columns of the grid a table becomes
MAX_MERGED_RANGES = 2_000
MAX_MERGED_CELLS = 50_000                # openpyxl makes one object per merged cell: 50k ≈ 1 s
_CHUNK = 1 << 20
_BAD_ZIP = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, ValueError, EOFError,
            NotImplementedError, RuntimeError)     # RuntimeError: an encrypted member

_MB = 1024 * 1024


def _mb(n: int) -> str:
    return f"{n / _MB:.0f} MB"


def text_size_problem(size: int, limit: int = MAX_TEXT_BYTES) -> str | None:
    """A text file too big for a breakdown or a plan, or None."""
    if size > limit:
        return (f"文件有 {size / _MB:.1f} MB，远超任务分解文件或规划文本的正常大小"
                f"（上限 {limit / _MB:g} MB），未导入。请确认选对了文件")
    return None


def is_xml_part(name: str) -> bool:
    return name.endswith((".xml", ".rels", ".vml"))


def check_package(data: bytes, what: str = "文件") -> str | None:
    """A problem with ``data`` as an Office Open XML zip, or None. Reads the directory, then
    streams the XML parts once (no tree). ``what`` names the file in the message (工作簿, 文档).

    Does not check that the zip holds a workbook or a document: the caller knows which.
    """
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
    except _BAD_ZIP as e:                # "zip file version 19.6": a damaged directory entry
        return f"{what}已损坏，无法读取（{e}）"
    with z:
        try:
            infos = z.infolist()
        except _BAD_ZIP as e:
            return f"{what}已损坏，无法读取（{e}）"
        if len(infos) > MAX_MEMBERS:
            return f"{what}内含 {len(infos)} 个部件（上限 {MAX_MEMBERS}），异常，拒绝读取"
        total = sum(i.file_size for i in infos)
        if total > MAX_UNPACKED:
            return (f"{what}解压后达 {_mb(total)}，超过 {_mb(MAX_UNPACKED)}，可能是压缩炸弹"
                    "或混入了大文件，已拒绝")
        xml = [i for i in infos if is_xml_part(i.filename)]
        xml_total = sum(i.file_size for i in xml)
        if xml_total > MAX_XML_BYTES:
            return (f"{what}中的 XML 部件解压后达 {_mb(xml_total)}，超过 {_mb(MAX_XML_BYTES)}，"
                    "远超正常大小，疑似压缩炸弹，已拒绝")
        for i in infos:
            if i.file_size > _MB and i.file_size > MAX_MEMBER_RATIO * max(i.compress_size, 1):
                return (f"{what}部件「{i.filename}」压缩比异常（{i.file_size // max(i.compress_size, 1)} 倍），"
                        "疑似压缩炸弹，已拒绝")
        tags = 0
        for i in xml:
            try:
                tags += _count_tags(z, i, MAX_XML_TAGS - tags)
            except _BAD_ZIP as e:
                return f"{what}部件「{i.filename}」无法读取（{e}），文件已损坏"
            if tags > MAX_XML_TAGS:
                return (f"{what}中的 XML 标记超过 {MAX_XML_TAGS} 个（到「{i.filename}」为止），"
                        "远超正常文件，疑似压缩炸弹，已拒绝")
    return None


def _count_tags(z: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> int:
    n = 0
    with z.open(info) as f:
        while block := f.read(_CHUNK):
            n += block.count(b"<")
            if n > budget:
                break
    return n


def _stream(z: zipfile.ZipFile, info: zipfile.ZipInfo):
    """The member's bytes in blocks cut before a tag, so no tag is split between two blocks."""
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
            yield scan
    if tail:
        yield tail


# ---------------------------------------------------------------- workbooks

_REF = re.compile(rb'<(?:\w+:)?(c|row|mergeCell)\b[^>]*?\s(?:r|ref)="([A-Z]*)(\d*)(?::([A-Z]+)(\d+))?"')
_CELL_TAG = re.compile(rb"<(?:\w+:)?c[\s>/]")
_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")


def col_number(letters: bytes | str) -> int:
    n = 0
    for ch in letters.decode() if isinstance(letters, bytes) else letters:
        n = n * 26 + (ord(ch) - 64)
    return n


def check_sheet_extent(data: bytes) -> str | None:
    """A problem with the sheets' extent (Chinese, names the sheet), or None.

    Expects a zip already passed by :func:`check_package`.
    """
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
    except _BAD_ZIP:
        return None                          # the container check names this
    cells = [0]
    with z:
        for info in z.infolist():
            name = info.filename
            if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
                continue
            try:
                problem = _scan_sheet(z, info, cells)
            except _BAD_ZIP as e:
                return f"工作表「{name}」无法读取（{e}）"
            if problem:
                return f"工作表「{name.rsplit('/', 1)[-1]}」{problem}，不是正常的表格，拒绝读取"
    return None


def _scan_sheet(z: zipfile.ZipFile, info: zipfile.ZipInfo, cells: list[int]) -> str | None:
    merged = merged_cells = rows = 0
    for scan in _stream(z, info):
        cells[0] += len(_CELL_TAG.findall(scan))
        rows += len(_ROW_TAG.findall(scan))
        if cells[0] > MAX_CELLS:
            return f"所在工作簿的单元格超过 {MAX_CELLS} 个"
        if rows > MAX_ROW:
            return f"有 {rows} 行（上限 {MAX_ROW} 行）"
        for m in _REF.finditer(scan):
            kind, c1, r1, c2, r2 = m.groups()
            row = int(r2 or r1 or 0)
            col = col_number(c2 or c1) if (c2 or c1) else 0
            if row > MAX_ROW:
                return f"用到第 {row} 行（上限 {MAX_ROW} 行；表格下方若有大量空行或格式，请删除后另存）"
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


def grid_problem(rows: int, cols: int) -> str | None:
    """A table whose grid (rows × columns, blanks included) is too big to lay out, or None."""
    if rows > MAX_ROW:
        return f"有 {rows} 行（上限 {MAX_ROW} 行）"
    if cols > MAX_COL:
        return f"有 {cols} 列（上限 {MAX_COL} 列）"
    if rows * cols > MAX_GRID_CELLS:
        return (f"用到 {rows} 行 × {cols} 列（上限 {MAX_GRID_CELLS} 格；表格下方或右侧若有大量空行、"
                "空列或格式，请删除后另存）")
    return None


# ---------------------------------------------------------------- Word documents

_TR_TAG = re.compile(rb"<(?:\w+:)?tr[\s>/]")
_TC_TAG = re.compile(rb"<(?:\w+:)?tc[\s>/]")
_SPAN = re.compile(rb'<(?:\w+:)?gridSpan\b[^>]*?\s(?:\w+:)?val="\s*([^"]*)"')


def check_docx_tables(data: bytes) -> str | None:
    """A problem with the tables of ``word/document.xml`` (rows, cells, spans), or None.

    Expects a zip already passed by :func:`check_package`.
    """
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        info = z.getinfo("word/document.xml")
    except (KeyError, *_BAD_ZIP):
        return None                          # python-docx names what is missing
    rows = cells = 0
    with z:
        try:
            for scan in _stream(z, info):
                rows += len(_TR_TAG.findall(scan))
                cells += len(_TC_TAG.findall(scan))
                for m in _SPAN.finditer(scan):
                    span = int(m.group(1)) if m.group(1).isdigit() else 1
                    if span > MAX_COL:
                        return f"表格中有一格横跨 {span} 列（上限 {MAX_COL} 列），不是正常的表格，拒绝读取"
                    cells += max(span, 1) - 1
                if rows > MAX_ROW:
                    return f"表格共有 {rows} 行以上（上限 {MAX_ROW} 行），不是正常的表格，拒绝读取"
                if cells > MAX_GRID_CELLS:
                    return f"表格共有 {cells} 格以上（上限 {MAX_GRID_CELLS} 格），不是正常的表格，拒绝读取"
        except _BAD_ZIP as e:
            return f"文档正文（word/document.xml）无法读取（{e}），文件已损坏"
    return None
