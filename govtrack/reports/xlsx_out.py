"""The 台账 as an Excel workbook (openpyxl): one row per task, ready to filter, colour-coded, printable.

The office sends the ledger to units and leaders as a spreadsheet.  The sheet
has a title block (title, 制表单位, date), a frozen header row with filters,
the 状态 cell filled by status, landscape A4 print setup with the header
repeated on every page, and a 汇总 sheet with totals by plan and section.
With ``per_unit_sheets`` each lead unit gets a sheet of its own, 牵头 tasks
apart from 协办 ones.  Writes in write-only mode, so 2,000 tasks take well
under a second.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from govtrack.errors import InputError
from govtrack.reports import wording
from govtrack.reports.model import REPORT_ORDER, LedgerReport, TaskLine

#: Column key → (header, width in characters, value of a task).  Order = default order.
COLUMNS = {
    "seq": ("序号", 6, lambda t, r: t.seq),
    "section": ("板块", 14, lambda t, r: t.section),
    "content": ("工作任务", 60, lambda t, r: t.content),
    "lead": ("牵头单位", 18, lambda t, r: "、".join(t.lead)),
    "assist": ("协办单位", 22, lambda t, r: "、".join(t.assist)),
    "leader": ("责任领导", 10, lambda t, r: t.leader),
    "deadline": ("完成时限", 13, lambda t, r: t.deadline_label),
    "percent": ("最新进度", 10, lambda t, r: _percent(t, r)),
    "expected": ("序时进度", 9, lambda t, r: wording.pct(t.expected) if t.expected is not None else "—"),
    "status": ("状态", 8, lambda t, r: t.category),
    "reported_on": ("报送日期", 11, lambda t, r: t.reported_on.isoformat() if t.reported_on else ""),
    "progress": ("进展情况", 40, lambda t, r: t.progress_text),
    "problems": ("存在问题", 28, lambda t, r: t.problems),
    "next_steps": ("下步打算", 28, lambda t, r: t.next_steps),
}
#: The columns of the PDF ledger, plus 板块 (so the rows filter by section).
DEFAULT_COLUMNS = ("seq", "section", "content", "lead", "assist", "deadline", "percent", "status",
                   "progress")
#: Every column the user may choose (for the window's checklist).
OPTIONAL_COLUMNS = ("expected", "problems", "next_steps", "leader", "reported_on")

STATUS_FILL = {"已完成": "C6EFCE", "超进度": "C6EFCE", "达进度": "E2EFDA", "长期推进": "EDEDED",
               "欠进度": "FFEB9C", "逾期": "FFC7CE", "未报送": "FCE4D6"}
HEAD_FILL = PatternFill("solid", fgColor="D9D9D9")
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
FONT = "仿宋"
WRAP = Alignment(wrap_text=True, vertical="center")
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
CENTRED_COLUMNS = {"seq", "deadline", "percent", "expected", "status", "reported_on", "leader"}


def _percent(t: TaskLine, report: LedgerReport) -> str:
    return wording.percent_as_of(t, report.status_period)


def _check_columns(columns) -> list[str]:
    cols = list(columns or DEFAULT_COLUMNS)
    unknown = [c for c in cols if c not in COLUMNS]
    if unknown:
        raise InputError(f"台账没有列「{'、'.join(unknown)}」；可选的列：{'、'.join(COLUMNS)}。", field="列")
    return cols


def _sheet(wb: Workbook, name: str, report: LedgerReport, tasks: list[TaskLine], cols: list[str],
           subtitle: str, split_lead: str = "") -> None:
    ws = wb.create_sheet(name[:31])
    n = len(cols)
    for i, c in enumerate(cols, start=1):
        ws.column_dimensions[get_column_letter(i)].width = COLUMNS[c][1]
    ws.freeze_panes = "A4"
    last = get_column_letter(n)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9                      # A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_title_rows = "3:3"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"

    def cell(value, font=None, fill=None, align=WRAP, border=True):
        c = WriteOnlyCell(ws, value=value)
        c.font = font or Font(name=FONT, size=10.5)
        if fill:
            c.fill = fill
        c.alignment = align
        if border:
            c.border = BORDER
        return c

    ws.append([cell(report.title, Font(name="黑体", size=16), align=CENTRE, border=False)])
    ws.append([cell(subtitle, Font(name="楷体", size=11), align=CENTRE, border=False)])
    ws.merged_cells.add(f"A1:{last}1")
    ws.merged_cells.add(f"A2:{last}2")
    ws.append([cell(COLUMNS[c][0], Font(name="黑体", size=10.5), HEAD_FILL, CENTRE) for c in cols])
    fills = {k: PatternFill("solid", fgColor=v) for k, v in STATUS_FILL.items()}
    groups = [("牵头", [t for t in tasks if split_lead in t.lead]),
              ("协办", [t for t in tasks if split_lead not in t.lead])] if split_lead else [("", tasks)]
    rows = 3
    for label, group in groups:
        if split_lead:
            ws.append([cell(f"{label}任务（{len(group)}项）", Font(name="黑体", size=10.5), HEAD_FILL)]
                      + [cell(None, fill=HEAD_FILL) for _ in cols[1:]])
            rows += 1
        for t in group:
            row = []
            for c in cols:
                value = COLUMNS[c][2](t, report)
                row.append(cell(value, align=CENTRE if c in CENTRED_COLUMNS else WRAP,
                                fill=fills.get(t.category) if c == "status" else None))
            ws.append(row)
            rows += 1
    ws.auto_filter.ref = f"A3:{last}{rows}"
    ws.append([])
    ws.append([cell(f"制表单位：{report.office}　　制表日期：{wording.cn_date(report.as_of)}",
                    Font(name=FONT, size=10.5), border=False)])


def _summary(wb: Workbook, report: LedgerReport) -> None:
    """汇总: tasks by plan and section, with every category and a 合计 row."""
    ws = wb.create_sheet("汇总")
    heads = ["任务来源", "板块", "任务数"] + list(REPORT_ORDER)
    for i, w in enumerate([34, 20, 8] + [8] * len(REPORT_ORDER), start=1):
        ws.column_dimensions[get_column_letter(i)].width = w

    def cell(value, bold=False, fill=None):
        c = WriteOnlyCell(ws, value=value)
        c.font = Font(name="黑体" if bold else FONT, size=10.5)
        c.border = BORDER
        c.alignment = CENTRE if isinstance(value, int) else WRAP
        if fill:
            c.fill = fill
        return c

    ws.append([cell(f"{report.title}·汇总（{wording.as_of_phrase(report.as_of)}）", True)])
    ws.append([cell(h, True, HEAD_FILL) for h in heads])
    groups: dict[tuple[str, str], dict[str, int]] = {}
    for t in report.tasks:
        key = (t.plan_title.replace("【演示数据】", ""), (t.section or "").split(" / ")[0] or "—")
        g = groups.setdefault(key, {})
        g[t.category] = g.get(t.category, 0) + 1
    total = {c: 0 for c in REPORT_ORDER}
    for (plan, section), g in groups.items():
        ws.append([cell(plan), cell(section), cell(sum(g.values()))] + [cell(g.get(c, 0)) for c in REPORT_ORDER])
        for c in REPORT_ORDER:
            total[c] += g.get(c, 0)
    ws.append([cell("合计", True), cell(""), cell(sum(total.values()), True)]
              + [cell(total[c], True) for c in REPORT_ORDER])


def write_ledger(report: LedgerReport, path, *, columns=None, per_unit_sheets: bool = False) -> Path:
    """Write the 台账 workbook.

    :param columns: column keys of :data:`COLUMNS` in order (default :data:`DEFAULT_COLUMNS`)
    :param per_unit_sheets: add a sheet per lead unit (牵头 apart from 协办)
    :raises InputError: an unknown column key
    """
    cols = _check_columns(columns)
    wb = Workbook(write_only=True)
    sub = f"范围：{report.subtitle or '全部'}　　共{len(report.tasks)}项　　{wording.as_of_phrase(report.as_of)}"
    _sheet(wb, "台账", report, report.tasks, cols, sub, split_lead=report.unit)
    _summary(wb, report)
    if per_unit_sheets:
        units = sorted({u for t in report.tasks for u in t.lead})
        for u in units:
            mine = [t for t in report.tasks if u in t.lead or u in t.assist]
            led = sum(1 for t in mine if u in t.lead)
            _sheet(wb, _sheet_name(u), report, mine, cols,
                   f"{u}（牵头{led}项，协办{len(mine) - led}项）　　{wording.as_of_phrase(report.as_of)}",
                   split_lead=u)
    wb.save(str(path))
    return Path(path)


def _sheet_name(name: str) -> str:
    return "".join("-" if c in "[]:*?/\\" else c for c in name)[:31]
