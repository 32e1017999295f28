"""Writing a 进展填报表: one workbook per unit and period, ready to e-mail and to print.

The visible sheet is protected with only the four editable columns unlocked,
so a unit cannot change what the office owns by accident; the identity sheet is
'veryHidden' and protected, and the workbook structure is locked so it cannot
be unhidden or renamed from the Excel menus. None of this is security (xlsx
protection is easy to remove): the signed identity is what the reader trusts.
"""

from __future__ import annotations

import math
import secrets
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation

from .. import fileio
from .layout import (COL_INDEX, COLUMNS, DATA_SHEET, FIRST_DATA_ROW, FORM_MARK, FORM_VERSION,
                     HEADER_ROW, ID_ROWS, ID_SHEET, PAYLOAD_CHUNK, ROLE_LABEL, FormSpec,
                     canonical_json, date_label, sign_payload)
from ..periods import period_label
from .safetext import put

FONT_NAME = "宋体"
_thin = Side(style="thin", color="808080")
BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
FILL_EDIT = PatternFill("solid", fgColor="FFF9E5")
FILL_REF = PatternFill("solid", fgColor="EDEDED")
FILL_HEAD = PatternFill("solid", fgColor="D9E1F2")
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _instructions(spec: FormSpec) -> str:
    return (
        "填报说明：1. 请只在浅黄色单元格内填写，灰色为上期报送内容（仅供参考），其余各列由"
        f"{spec.office}维护，请勿修改。2. “本期完成进度(%)”填 0–100 的数字（如 80），指截至本月底"
        "该任务累计完成的百分比；进度低于上期的，请在“存在问题”中说明原因。3. 进展情况、存在问题、"
        "下步打算每格不超过 2000 字。4. 请勿增删行列、合并单元格、修改工作表名称，不要使用公式。"
        f"5. 请于 {date_label(spec.due_date)} 前将本表（xlsx 格式，可用 WPS 或 Excel 保存）报送{spec.office}。"
    )


def _line_count(text: str, width: float) -> int:
    """Rows a wrapped text needs in a column of ``width`` characters (CJK counts double)."""
    if not text:
        return 1
    per_line = max(1.0, width * 0.95)
    lines = 0
    for part in str(text).split("\n"):
        units = sum(2 if ord(ch) > 0x2E7F else 1 for ch in part)
        lines += max(1, math.ceil(units / per_line))
    return lines


_CENTERED = ("seq", "role", "deadline", "prev_percent", "percent")


def _named_style(wb, key: str, editable: bool, reference: bool) -> str:
    name = f"govtrack_{key}"
    style = NamedStyle(name=name)
    style.font = Font(name=FONT_NAME, size=11)
    style.border = BORDER
    style.alignment = CENTER if key in _CENTERED else WRAP_TOP
    if editable:
        style.fill = FILL_EDIT
        style.protection = Protection(locked=False)
    else:
        if reference:
            style.fill = FILL_REF
        style.protection = Protection(locked=True)
    if key in ("percent", "prev_percent"):
        style.number_format = "0.##"
    wb.add_named_style(style)
    return name


def write_form(spec: FormSpec, path: str | Path, secret: str) -> Path:
    """Write the workbook for ``spec`` to ``path``; the identity is signed with ``secret``."""
    path = Path(path)
    wb = Workbook()
    ws = wb.active
    ws.title = DATA_SHEET
    ncols = len(COLUMNS)
    last_col = get_column_letter(ncols)
    body = Font(name=FONT_NAME, size=11)

    # Title, instructions, who and when.
    ws.merge_cells(f"A1:{last_col}1")
    ws["A1"] = f"{period_label(spec.period)}重点工作任务进展情况填报表"
    ws["A1"].font = Font(name=FONT_NAME, size=18, bold=True)
    ws["A1"].alignment = CENTER
    ws.row_dimensions[1].height = 32
    ws.merge_cells(f"A2:{last_col}2")
    ws["A2"] = _instructions(spec)
    ws["A2"].font = Font(name=FONT_NAME, size=10)
    ws["A2"].alignment = WRAP_TOP
    ws.row_dimensions[2].height = 58
    ws["A3"] = "填报单位："
    put(ws["C3"], spec.unit)          # names and texts from imported documents: text, never a formula
    ws["E3"], ws["F3"] = "填报期间：", spec.period
    ws["H3"], ws["I3"] = "报送截止：", date_label(spec.due_date)
    ws.merge_cells("A3:B3")
    ws.merge_cells("F3:G3")
    ws["A4"] = "填报人："
    ws["E4"] = "联系电话："
    ws.merge_cells("A4:B4")
    for ref in ("A3", "C3", "E3", "F3", "H3", "I3", "A4", "E4"):
        ws[ref].font = Font(name=FONT_NAME, size=11, bold=ref in ("C3", "F3", "I3"))
    for ref in ("C4", "F4"):          # contact person and phone: the unit fills them in
        ws[ref].protection = Protection(locked=False)
        ws[ref].fill = FILL_EDIT
        ws[ref].font = body

    # Header.
    for key, header, width, editable, reference in COLUMNS:
        col = COL_INDEX[key]
        c = ws.cell(HEADER_ROW, col, header)
        c.font = Font(name=FONT_NAME, size=11, bold=True)
        c.alignment = CENTER
        c.border = BORDER
        c.fill = FILL_EDIT if editable else (FILL_REF if reference else FILL_HEAD)
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.row_dimensions[HEADER_ROW].height = 30

    # Tasks. One named style per kind of cell: setting font, border, fill and protection
    # cell by cell costs openpyxl a style lookup each (a third of a second per 136 rows).
    col_style = {key: _named_style(wb, key, editable, reference)
                 for key, _header, _width, editable, reference in COLUMNS}
    for k, r in enumerate(spec.rows):
        row = FIRST_DATA_ROW + k
        values = {
            "seq": r.seq, "role": ROLE_LABEL.get(r.role, r.role), "content": r.content,
            "lead": r.lead, "deadline": r.deadline,
            "prev_percent": r.prev_percent, "prev_text": r.prev_text,
        }
        for key, *_rest in COLUMNS:
            c = ws.cell(row, COL_INDEX[key])
            c.style = col_style[key]
            put(c, values.get(key))       # after the style: the quote prefix is part of it
        need = max(_line_count(r.content, COLUMNS[COL_INDEX["content"] - 1][2]),
                   _line_count(r.prev_text, COLUMNS[COL_INDEX["prev_text"] - 1][2]), 4)
        ws.row_dimensions[row].height = min(409, 14.5 * need + 4)
    last_row = FIRST_DATA_ROW + max(len(spec.rows), 1) - 1

    if spec.rows:
        pcol = get_column_letter(COL_INDEX["percent"])
        dv = DataValidation(type="decimal", operator="between", formula1="0", formula2="100",
                            allow_blank=True, showErrorMessage=True, showInputMessage=True,
                            errorTitle="完成进度", error="请填写 0 到 100 之间的数字（如 80）。",
                            promptTitle="本期完成进度(%)", prompt="填 0–100 的数字，不要用公式。")
        dv.add(f"{pcol}{FIRST_DATA_ROW}:{pcol}{last_row}")
        ws.add_data_validation(dv)
        for key in ("progress_text", "problems", "next_steps"):
            col = get_column_letter(COL_INDEX[key])
            tv = DataValidation(type="textLength", operator="lessThanOrEqual", formula1="2000",
                                allow_blank=True, showErrorMessage=True, errorTitle="字数超限",
                                error="每格不超过 2000 字。")
            tv.add(f"{col}{FIRST_DATA_ROW}:{col}{last_row}")
            ws.add_data_validation(tv)

    ws.freeze_panes = ws.cell(FIRST_DATA_ROW, COL_INDEX["role"] + 1)
    # Printing: landscape A4, fit to one page wide, header row repeated on every page.
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.print_area = f"A1:{last_col}{last_row}"
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.print_options.horizontalCentered = True
    # Protected; the unit may still resize rows and columns.
    ws.protection.sheet = True
    ws.protection.formatRows = False
    ws.protection.formatColumns = False
    ws.protection.formatCells = False
    ws.protection.selectLockedCells = False
    ws.protection.selectUnlockedCells = False

    # The identity sheet.
    payload_json = canonical_json(spec.payload())
    ids = wb.create_sheet(ID_SHEET)
    chunks = [payload_json[i:i + PAYLOAD_CHUNK] for i in range(0, len(payload_json), PAYLOAD_CHUNK)]
    cells = {
        "mark": (FORM_MARK, FORM_VERSION), "unit": ("unit", spec.unit),
        "unit_id": ("unit_id", spec.unit_id), "period": ("period", spec.period),
        "exported_at": ("exported_at", spec.exported_at),
        "checksum": ("checksum", sign_payload(payload_json, secret)),
        "chunks": ("payload_chunks", len(chunks)),
    }
    for key, (label, value) in cells.items():
        ids.cell(ID_ROWS[key], 1, label)
        put(ids.cell(ID_ROWS[key], 2), value)
    for k, chunk in enumerate(chunks):
        ids.cell(ID_ROWS["payload"] + k, 1, "payload")
        put(ids.cell(ID_ROWS["payload"] + k, 2), chunk)   # a chunk may start with '-' or '=
    ids.sheet_state = "veryHidden"
    ids.protection.sheet = True
    ids.protection.password = secrets.token_hex(8)
    wb.security = WorkbookProtection(lockStructure=True)
    wb.active = 0

    with fileio.atomic_path(path) as tmp:     # a half-written form never carries the real name
        wb.save(tmp)
    return path
