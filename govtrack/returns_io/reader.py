"""Reading a returned 进展填报表 safely: any bytes in, plain data and Chinese problems out.

Why so defensive: returns arrive from 60 units by e-mail and USB stick, re-saved
by WPS, LibreOffice or old Excel versions, sometimes renamed, sometimes not a
workbook at all. :func:`read_form` never raises on a bad file: it checks the
zip container before openpyxl sees it (empty, not a zip, legacy .xls/.et, a zip
bomb), then the signed identity sheet, the header, the unit and period printed
on the form, and hands back the rows with the raw cell values. What a value
means (percent, text) is :mod:`.cells`' business; what the database says is
the Tracker's.
"""

from __future__ import annotations

import io
import json
import warnings
import zipfile
from dataclasses import dataclass, field

from ..filelimits import check_package, check_sheet_extent
from .layout import (COL_INDEX, COLUMNS, DATA_SHEET, FORM_MARK, HEADER_ROW, ID_ROWS, ID_SHEET,
                     normalize_text, verify_payload)

MAX_EXTRA_ROWS = 500                     # rows below the last task that are still read


@dataclass
class RawRow:
    """One row of the data sheet, values as openpyxl gives them."""
    row: int
    seq: str
    content: str
    cells: dict[str, tuple] = field(default_factory=dict)   # key -> (value, number_format, data_type)
    merged: list[str] = field(default_factory=list)         # merged ranges touching the row

    def has_input(self) -> bool:
        for key in ("percent", "progress_text", "problems", "next_steps"):
            value = self.cells.get(key, (None,))[0]
            if value is not None and str(value).strip() != "":
                return True
        return False


@dataclass
class RawForm:
    """A returned workbook as plain data. ``errors`` non-empty means the file is refused whole."""
    name: str
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    payload: dict | None = None
    rows: dict[int, RawRow] = field(default_factory=dict)   # by sheet row number
    id_sheet_state: str | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    def fail(self, message: str) -> "RawForm":
        self.errors.append(message)
        return self


def check_container(data: bytes) -> str | None:
    """A problem with the bytes as an xlsx package, or None, before openpyxl sees them (:mod:`govtrack.filelimits`)."""
    if not data:
        return "文件是空的（0 字节），请重新保存后报送"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "这是旧版 Excel/WPS 格式（.xls/.et）或加密的工作簿，请用“另存为 .xlsx”保存（不要设置打开密码）后再报送"
    if not zipfile.is_zipfile(io.BytesIO(data)):
        return "不是 xlsx 工作簿（无法按 zip 格式打开），文件可能已损坏或不是 Excel 文件"
    problem = check_package(data, "工作簿")
    if problem:
        return problem
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = set(z.namelist())
    if "xl/workbook.xml" not in names and not any(n.endswith("workbook.xml") for n in names):
        return "不是 Excel 工作簿（zip 中没有 workbook.xml）"
    return check_sheet_extent(data)      # merged ranges, last row/column: before openpyxl builds cells


def _cell_text(value) -> str:
    return "" if value is None else str(value).strip()


def read_form(data: bytes, name: str, secret: str | None) -> RawForm:
    """Read a returned workbook. Never raises for a malformed file: see ``RawForm.errors``.

    :param data: the file's bytes
    :param name: the file name, for messages
    :param secret: the database's form secret, to verify the identity checksum (None: this
        database never exported a form, so no form can be verified)
    """
    form = RawForm(name)
    problem = check_container(data)
    if problem:
        return form.fail(problem)
    try:
        from openpyxl import load_workbook
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = load_workbook(io.BytesIO(data), data_only=False)
    except Exception as e:   # openpyxl raises many kinds on broken XML; all mean the same to the user
        return form.fail(f"工作簿无法打开（{type(e).__name__}：{str(e)[:120]}），请用 Excel 或 WPS 重新保存为 .xlsx")
    try:
        _read_identity(wb, form, secret)
        if form.ok:
            _read_data(wb, form)
    except Exception as e:   # a sheet shaped in a way we did not foresee: refuse the file, do not crash
        form.errors.append(f"工作簿内容无法识别（{type(e).__name__}：{str(e)[:120]}）")
    finally:
        wb.close()
    return form


def _read_identity(wb, form: RawForm, secret: str | None) -> None:
    ids = wb[ID_SHEET] if ID_SHEET in wb.sheetnames else None
    if ids is None:
        for ws in wb.worksheets:
            if _cell_text(ws.cell(ID_ROWS["mark"], 1).value) == FORM_MARK:
                ids = ws
                form.warnings.append(f"识别信息表被改名为「{ws.title}」")
                break
    if ids is None or _cell_text(ids.cell(ID_ROWS["mark"], 1).value) != FORM_MARK:
        form.fail("缺少识别信息（隐藏的识别表被删除或改动），不是本系统导出的填报表，无法确认单位和期间")
        return
    form.id_sheet_state = ids.sheet_state
    if ids.sheet_state == "visible":
        form.warnings.append("识别信息表已被取消隐藏（内容校验仍通过时不影响导入）")
    get = lambda key: ids.cell(ID_ROWS[key], 2).value   # noqa: E731
    try:
        chunks = int(str(get("chunks")).strip())
    except (TypeError, ValueError):
        form.fail("识别信息被修改（分段数无效），拒绝导入")
        return
    if not 0 < chunks < 200:
        form.fail("识别信息被修改（分段数无效），拒绝导入")
        return
    payload_json = "".join(_cell_text(ids.cell(ID_ROWS["payload"] + k, 2).value) for k in range(chunks))
    checksum = _cell_text(get("checksum"))
    if not secret:
        form.fail("本数据库尚未导出过填报表，无法核对此表（请在导出该表的数据库中导入）")
        return
    if not verify_payload(payload_json, checksum, secret):
        form.fail("识别信息校验不符：隐藏的识别表被修改，或此表不是由本数据库导出的，拒绝导入")
        return
    try:
        payload = json.loads(payload_json)
    except ValueError:
        form.fail("识别信息无法解析，拒绝导入")
        return
    if _cell_text(get("unit")) != payload.get("unit") or _cell_text(get("period")) != payload.get("period"):
        form.fail(f"识别表中的单位或期间被改为「{_cell_text(get('unit'))}」「{_cell_text(get('period'))}」，"
                  f"与签名的「{payload.get('unit')}」「{payload.get('period')}」不符，拒绝导入")
        return
    form.payload = payload


def _find_data_sheet(wb, form: RawForm):
    want = form.payload.get("sheet", DATA_SHEET)
    if want in wb.sheetnames and hasattr(wb[want], "merged_cells"):
        return wb[want]
    header = COLUMNS[COL_INDEX["percent"] - 1][1]
    for ws in wb.worksheets:
        if _cell_text(ws.cell(HEADER_ROW, COL_INDEX["percent"]).value) == header:
            form.warnings.append(f"填报工作表被改名为「{ws.title}」（原名「{want}」）")
            return ws
    return None


def _read_data(wb, form: RawForm) -> None:
    ws = _find_data_sheet(wb, form)
    if ws is None:
        form.fail(f"找不到填报工作表「{form.payload.get('sheet', DATA_SHEET)}」（被删除或改动），拒绝导入")
        return
    for other in wb.sheetnames:
        sheet = wb[other]
        if other == ws.title:
            continue
        if hasattr(sheet, "cell") and _cell_text(sheet.cell(ID_ROWS["mark"], 1).value) == FORM_MARK:
            continue
        form.warnings.append(f"多出工作表「{other}」，其内容未导入")
    header_row = int(form.payload.get("header_row", HEADER_ROW))
    for key, header, *_rest in COLUMNS:
        got = _cell_text(ws.cell(header_row, COL_INDEX[key]).value)
        if normalize_text(got) != normalize_text(header):
            form.fail(f"表头第 {COL_INDEX[key]} 列应为「{header}」，实为「{got or '空'}」"
                      "（请勿增删或移动列），拒绝导入")
            return
    unit_shown, period_shown = _cell_text(ws["C3"].value), _cell_text(ws["F3"].value)
    if unit_shown != form.payload["unit"]:
        form.fail(f"表中填报单位为「{unit_shown}」，而识别信息是「{form.payload['unit']}」的填报表，"
                  "可能用了其他单位的表，拒绝导入")
        return
    if period_shown != form.payload["period"]:
        form.fail(f"表中填报期间为「{period_shown}」，而识别信息是 {form.payload['period']} 的填报表，拒绝导入")
        return
    first = header_row + 1
    last_task_row = max([t[1] for t in form.payload.get("tasks", [])] + [first])
    last = min(ws.max_row, last_task_row + MAX_EXTRA_ROWS)
    merged_by_row: dict[int, list[str]] = {}
    for rng in ws.merged_cells.ranges:
        if rng.max_row >= first:
            for r in range(max(rng.min_row, first), min(rng.max_row, last) + 1):
                merged_by_row.setdefault(r, []).append(rng.coord)
    for cells in ws.iter_rows(min_row=first, max_row=last, max_col=len(COLUMNS)):
        if not cells:
            continue
        row = cells[0].row
        raw = RawRow(row, _cell_text(cells[COL_INDEX["seq"] - 1].value),
                     _cell_text(cells[COL_INDEX["content"] - 1].value),
                     merged=merged_by_row.get(row, []))
        for key in ("percent", "progress_text", "problems", "next_steps"):
            c = cells[COL_INDEX[key] - 1]
            raw.cells[key] = (getattr(c, "value", None), getattr(c, "number_format", None),
                              getattr(c, "data_type", None))
        if raw.seq or raw.content or raw.has_input() or raw.merged:
            form.rows[row] = raw
