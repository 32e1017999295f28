"""Excel breakdown tables (.xlsx) → :class:`~.model.ParseResult`.

Many offices keep the 任务分解表 in Excel. This reader turns each worksheet
into a grid of :class:`~.table_common.Cell` (merged ranges from
``ws.merged_cells.ranges``: every cell of a range carries the top-left value and
knows its origin) and leaves header detection, sections and units to
:mod:`.table_common`. Registered for ``.xlsx`` in :data:`govtrack.importers.PARSERS`.
"""

from __future__ import annotations

import hashlib
import io
import warnings
import zipfile
from pathlib import Path

from .. import filelimits
from ..errors import InputError
from ..units import UnitDirectory
from .model import ParseResult
from .table_common import Cell, cell_text, find_header, grid_text, guess_year, rows_to_tasks, title_above

_OLE_MAGIC = b"\xd0\xcf\x11\xe0"


def read_bytes_checked(path: Path, kind: str, old_suffix: str) -> bytes:
    """The file's bytes, or an :class:`InputError` naming it when it is no Office Open XML file
    or one too big to open (:func:`govtrack.filelimits.check_package`: a zip bomb, too many parts)."""
    what = "文档" if "Word" in kind else "工作簿"
    try:
        size = path.stat().st_size
        if size > filelimits.MAX_UNPACKED:
            raise InputError(f"文件有 {size / 1048576:.0f} MB，远超{kind}文件的正常大小"
                             f"（上限 {filelimits.MAX_UNPACKED // 1048576} MB），已拒绝。", file=path.name)
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("文件不存在。", file=str(path)) from None
    except IsADirectoryError:
        raise InputError("这是一个文件夹，不是文件。", file=str(path)) from None
    except OSError as e:
        raise InputError(f"无法读取文件：{e.strerror or e}", file=str(path)) from None
    if data.startswith(_OLE_MAGIC):
        raise InputError(f"这是旧版 {old_suffix} 格式，请用 WPS/Office 另存为 {path.suffix.lower()} 后再导入。",
                         file=path.name)
    if not data or not zipfile.is_zipfile(io.BytesIO(data)):
        raise InputError(f"不是有效的 {kind} 文件（文件已损坏，或只是改了扩展名）。", file=path.name)
    problem = filelimits.check_package(data, what)
    if problem:
        raise InputError(problem + "。", file=path.name)
    return data


def sheet_grid(ws, file: str | None = None) -> list[list[Cell]]:
    """The used range of a worksheet as cells; merged ranges filled from their top-left cell.

    Reads the cells the sheet has (``ws._cells``) instead of iterating the range, which
    would make openpyxl create every blank cell; refuses a grid too big to lay out.
    """
    max_row, max_col = ws.max_row or 0, ws.max_column or 0
    problem = filelimits.grid_problem(max_row, max_col)
    if problem:
        raise InputError(f"工作表「{ws.title}」{problem}，不是正常的任务表，未导入。", file=file)
    values = {key: cell_text(c.value) for key, c in ws._cells.items()
              if c.value is not None and 1 <= key[0] <= max_row and 1 <= key[1] <= max_col}
    grid = [[Cell(values.get((r + 1, c + 1), ""), (r, c)) for c in range(max_col)] for r in range(max_row)]
    for rng in ws.merged_cells.ranges:
        r0, c0 = rng.min_row - 1, rng.min_col - 1
        if r0 < 0 or c0 < 0 or r0 >= max_row or c0 >= max_col:
            continue
        top_left = values.get((r0 + 1, c0 + 1), "")
        for r in range(r0, min(rng.max_row, max_row)):
            for c in range(c0, min(rng.max_col, max_col)):
                grid[r][c] = Cell(top_left, (r0, c0))
    return grid


def _refuse_return_form(wb, path: Path) -> None:
    """A unit's returned fill-in workbook (marked on its hidden sheet) is not a breakdown."""
    from ..returns_io.layout import FORM_MARK, ID_ROWS
    for ws in wb.worksheets:
        if hasattr(ws, "cell") and cell_text(ws.cell(ID_ROWS["mark"], 1).value) == FORM_MARK:
            wb.close()
            raise InputError("这是单位交回的进度填报表，不是任务分解表。请用“导入填报表”"
                             "（命令行：govtrack forms import 文件）导入。", file=path.name)


def parse_xlsx(path: Path, directory: UnitDirectory, year: int | None):
    """Parse every worksheet that has a breakdown header; returns (ParseResult, sha256, size, text)."""
    import openpyxl
    path = Path(path)
    data = read_bytes_checked(path, "Excel（.xlsx）", ".xls")
    problem = filelimits.check_sheet_extent(data)
    if problem:
        raise InputError(problem + "。", file=path.name)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")          # "unknown extension", "no default style"
            wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as e:  # openpyxl raises many kinds for a damaged package
        raise InputError(f"无法作为 Excel 工作簿打开，文件内部已损坏（{type(e).__name__}：{str(e)[:160]}）。"
                         "请用 Excel/WPS 打开后另存为 .xlsx 再导入。", file=path.name) from None
    _refuse_return_form(wb, path)
    result = ParseResult(path.name, "xlsx", "", None)
    texts: list[str] = []
    sheets_with_tasks = []
    skipped: list[str] = []
    above: list[str] = []
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            result.notes.append(f"工作表「{ws.title}」是隐藏的，已跳过。")
            continue
        grid = sheet_grid(ws, path.name)
        header = find_header(grid)
        if header is None:
            if any(c.text for row in grid for c in row):
                skipped.append(ws.title)
            continue
        title = title_above(grid, header)
        result.title = result.title or title
        above.extend(c.text for row in grid[:header.row] for c in row if c.text)
        tasks, _ = rows_to_tasks(
            grid, header, directory,
            where=lambda r, name=ws.title: f"工作表「{name}」第{r + 1}行",
            row_number=lambda r: r + 1)
        sheets_with_tasks.append((ws.title, tasks))
        texts.append(f"# {ws.title}\n{grid_text(grid)}")
    wb.close()
    if not sheets_with_tasks:
        where = "、".join(f"「{s}」" for s in skipped) or "（工作簿是空的）"
        raise InputError(f"工作表{where}中没有找到任务表头（应有“工作任务/重点工作/任务内容”列和"
                         f"“牵头单位/责任单位”列），未导入。", file=path.name)
    for name in skipped:
        result.notes.append(f"工作表「{name}」没有任务表头，已跳过。")
    several = len(sheets_with_tasks) > 1
    for name, tasks in sheets_with_tasks:
        for t in tasks:
            if several:
                t.section = f"{name} / {t.section}" if t.section else name
            result.tasks.append(t)
    if not result.tasks:
        raise InputError("找到了表头，但表头下没有任务行，未导入。", file=path.name)
    result.title = result.title or path.stem
    result.year = year or guess_year(result.title, *above, path.stem)
    return result, hashlib.sha256(data).hexdigest(), len(data), "\n".join(texts)
