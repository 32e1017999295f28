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
import re
from pathlib import Path

from ..errors import InputError
from ..units import UnitDirectory
from .model import ParseResult
from .table_common import Cell, cell_text, find_header, grid_text, guess_year, rows_to_tasks, title_above
from .tables_xlsx import read_bytes_checked


def table_grid(table) -> list[list[Cell]]:
    grid: list[list[Cell]] = []
    # Keyed by the lxml element itself: the dict keeps each proxy alive, so the same
    # <w:tc> always comes back as the same object (an id() alone can be reused).
    first_seen: dict[object, tuple[int, int]] = {}
    for r, row in enumerate(table.rows):
        cells = []
        for c, cell in enumerate(row.cells):
            origin = first_seen.setdefault(cell._tc, (r, c))
            cells.append(Cell(cell_text(cell.text), origin))
        grid.append(cells)
    width = max((len(row) for row in grid), default=0)
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
    try:
        document = docx.Document(str(path))
    except Exception as e:  # PackageNotFoundError, KeyError, BadZipFile …
        raise InputError(f"无法作为 Word 文档打开：{e}", file=path.name) from None
    if not document.tables:
        raise InputError("文档中没有表格，无法按表格导入（文字稿请另存为 .txt 后导入）。", file=path.name)
    result = ParseResult(path.name, "docx", _doc_title(document), None)
    texts: list[str] = []
    header = None
    section = ""
    width = 0
    for k, table in enumerate(document.tables, start=1):
        grid = table_grid(table)
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
