"""Word breakdown tables (.docx) → :class:`~.model.ParseResult`.

The 分工方案 is often a Word document: a title paragraph, then one table (Word
may split it over pages into several tables with the header repeated or not).
python-docx reports a merged cell as the same cell object repeated in every
grid position it covers (horizontally via gridSpan, vertically via vMerge), so
the origin of each position is the first position where its ``_tc`` element was
seen. Everything after the grid is :mod:`.table_common`. Registered for
``.docx`` in :data:`govtrack.importers.PARSERS`.
"""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

from docx.oxml.ns import qn
from docx.table import _Cell

from .. import filelimits
from ..errors import InputError
from ..units import UnitDirectory
from .model import ParseResult
from .table_common import Cell, cell_text, find_header, grid_text, guess_year, rows_to_tasks, title_above
from .tables_xlsx import read_bytes_checked

_TR, _TC, _TRPR, _TCPR = qn("w:tr"), qn("w:tc"), qn("w:trPr"), qn("w:tcPr")
_GRIDSPAN, _GRIDBEFORE, _VMERGE, _VAL = qn("w:gridSpan"), qn("w:gridBefore"), qn("w:vMerge"), qn("w:val")


def _int_attr(el, name: str, default: int) -> int:
    raw = (el.get(name) or "").strip() if el is not None else ""
    return int(raw) if raw.isdigit() else default


def _span(tc) -> int:
    """The ``w:gridSpan`` of a cell, 1 when absent or unreadable, at most MAX_COL."""
    tcPr = tc.find(_TCPR)
    span = _int_attr(tcPr.find(_GRIDSPAN) if tcPr is not None else None, _VAL, 1)
    return min(max(span, 1), filelimits.MAX_COL)


def _continues(tc) -> bool:
    """A ``<w:vMerge/>`` without ``restart``: the cell goes on the merged cell above."""
    tcPr = tc.find(_TCPR)
    vmerge = tcPr.find(_VMERGE) if tcPr is not None else None
    return vmerge is not None and vmerge.get(_VAL, "continue") == "continue"


def table_grid(table, file: str | None = None) -> list[list[Cell]]:
    """The table as a grid of :class:`Cell`, laid out as python-docx's ``row.cells`` would.

    Walked here from the XML rather than through ``row.cells``: python-docx finds the
    cell above a vertical merge by recursion and an XPath per cell (quadratic, and a
    RecursionError on a long merge) and raises ValueError on a merge with nothing above.
    A cell spanning ``n`` grid columns appears ``n`` times; a ``vMerge`` continuation
    repeats the cell it continues; each position knows the first position of its cell.
    """
    grid: list[list[Cell]] = []
    seen: dict[object, tuple[tuple[int, int], str, int]] = {}   # root tc -> origin, text, span
    above: dict[int, object] = {}                                # grid offset -> root tc, row above
    positions = widest = 0
    for r, tr in enumerate(table._tbl.iterchildren(_TR)):
        trPr = tr.find(_TRPR)
        offset = _int_attr(trPr.find(_GRIDBEFORE) if trPr is not None else None, _VAL, 0)
        here: dict[int, object] = {}
        cells: list[Cell] = []
        for tc in tr.iterchildren(_TC):
            own = _span(tc)
            root = above.get(offset, tc) if _continues(tc) else tc
            if root not in seen:
                seen[root] = ((r, len(cells)), cell_text(_Cell(root, table).text), _span(root))
            origin, text, count = seen[root]
            here[offset] = root
            cells.extend(Cell(text, origin) for _ in range(count))
            offset += own
            positions += count
        grid.append(cells)
        above = here
        widest = max(widest, len(cells))
        problem = (f"超过 {filelimits.MAX_GRID_CELLS} 格" if positions > filelimits.MAX_GRID_CELLS
                   else filelimits.grid_problem(len(grid), widest))
        if problem:                                # checked as it grows: stop before the padding
            raise InputError(f"文档中的表格{problem}，不是正常的任务表，未导入。", file=file)
    width = widest
    for r, row in enumerate(grid):
        row.extend(Cell("", (r, c)) for c in range(len(row), width))
    return grid


def _doc_title(doc) -> str:
    """The first short paragraph that is a title: not ``附件1``, not a 文号 line."""
    for p in doc.paragraphs[:15]:
        text = p.text.strip()
        if re.match(r"^(附件|附表)\s*\d*[：:]?$", text) or re.fullmatch(r"[\u4e00-\u9fff]{1,8}〔\d{4}〕\d+号", text):
            continue
        if text and len(text) <= 80:
            return text.replace("\n", "")
    return ""


def parse_docx(path: Path, directory: UnitDirectory, year: int | None):
    """Parse the breakdown tables of a Word file; returns (ParseResult, sha256, size, text)."""
    import docx
    path = Path(path)
    data = read_bytes_checked(path, "Word（.docx）", ".doc")
    problem = filelimits.check_docx_tables(data)
    if problem:
        raise InputError(problem + "。", file=path.name)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as e:  # PackageNotFoundError, KeyError, BadZipFile, XMLSyntaxError …
        raise InputError(f"无法作为 Word 文档打开，文件内部已损坏（{type(e).__name__}：{str(e)[:160]}）。"
                         "请用 Word/WPS 打开后另存为 .docx 再导入。", file=path.name) from None
    try:
        return _parse_document(document, path, data, directory, year)
    except (ValueError, KeyError, TypeError, AttributeError, IndexError) as e:
        if isinstance(e, InputError):
            raise
        # python-docx reads attribute values as it goes (a break type, a number): a damaged
        # document fails there, not on opening.
        raise InputError(f"文档内容已损坏，无法读取（{type(e).__name__}：{str(e)[:160]}）。"
                         "请用 Word/WPS 打开后另存为 .docx 再导入。", file=path.name) from None


def _parse_document(document, path: Path, data: bytes, directory: UnitDirectory, year: int | None):
    if not document.tables:
        raise InputError("文档中没有表格，无法按表格导入（文字稿请另存为 .txt 后导入）。", file=path.name)
    result = ParseResult(path.name, "docx", _doc_title(document), None)
    texts: list[str] = []
    header = None
    section = ""
    width = 0
    laid_out = 0
    for k, table in enumerate(document.tables, start=1):
        grid = table_grid(table, path.name)
        laid_out += len(grid) * (len(grid[0]) if grid else 0)
        if laid_out > filelimits.MAX_GRID_CELLS:
            raise InputError(f"文档中的表格共超过 {filelimits.MAX_GRID_CELLS} 格，不是正常的任务表，未导入。",
                             file=path.name)
        texts.append(f"# 表{k}\n{grid_text(grid)}")
        found = find_header(grid)
        start = None
        if found is not None:
            header, width = found, len(grid[0]) if grid else 0
            result.title = result.title or title_above(grid, header)
        elif header is not None and grid and len(grid[0]) == width:
            start = 0                               # a table Word split at a page break
        else:
            if any(c.text for row in grid for c in row):
                result.notes.append(f"第{k}个表格没有任务表头，已跳过。")
            continue
        tasks, section = rows_to_tasks(
            grid, header, directory, section=section if start == 0 else "", start_row=start,
            where=lambda r, k=k: f"第{k}个表格第{r + 1}行", row_number=lambda r: r + 1,
            seq_prefix="" if k == 1 else f"{k}-")
        result.tasks.extend(tasks)
    if header is None:
        raise InputError("文档的表格中没有找到任务表头（应有“工作任务/重点工作/任务内容”列和"
                         "“牵头单位/责任单位”列），未导入。", file=path.name)
    if not result.tasks:
        raise InputError("找到了表头，但表头下没有任务行，未导入。", file=path.name)
    result.title = result.title or path.stem
    result.year = year or guess_year(result.title, *(p.text for p in document.paragraphs[:30]), path.stem)
    return result, hashlib.sha256(data).hexdigest(), len(data), "\n".join(texts)
