"""The 台账 as an Excel workbook, written from the demo database and read back with openpyxl."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from govtrack.errors import InputError
from govtrack.reports import xlsx_out
from govtrack.reports.model import REPORT_ORDER

DAY = "2023-10-31"


def rows_of(ws, first: int = 4):
    return [r for r in ws.iter_rows(min_row=first, values_only=True) if r and r[0] is not None]


def test_ledger_xlsx_sheet_setup_and_rows(demo, tmp_path):
    path, report = demo.reports.print_ledger(tmp_path / "台账.xlsx", today=DAY)
    wb = load_workbook(str(path))
    ws = wb["台账"]
    assert ws.freeze_panes == "A4"                               # title rows and header stay
    assert ws.print_title_rows == "$3:$3"                       # header repeated on every page
    assert ws.page_setup.orientation == "landscape" and str(ws.page_setup.paperSize) == "9"
    heads = [c.value for c in ws[3]]
    assert heads == [xlsx_out.COLUMNS[c][0] for c in xlsx_out.DEFAULT_COLUMNS]
    last = ws.max_column
    assert ws.auto_filter.ref.startswith("A3:") and ws.auto_filter.ref.endswith(str(3 + len(report.tasks)))
    body = [r for r in ws.iter_rows(min_row=4, max_row=3 + len(report.tasks), max_col=last)]
    assert len(body) == 136 == len(report.tasks)
    states = {s["seq"]: s for s in demo.status.task_states(DAY)}
    col = heads.index("状态")
    for row in body:
        seq, status_cell = row[0].value, row[col]
        assert seq in states
        # the colour follows the status (category), the same everywhere
        assert status_cell.fill.fgColor.rgb.endswith(xlsx_out.STATUS_FILL[status_cell.value])
    # counts equal `status --json` (长期推进 split off 达进度)
    summary = demo.status.status_summary(DAY)["counts"]
    got = {c: sum(1 for r in body if r[col].value == c) for c in REPORT_ORDER}
    assert got["达进度"] + got["长期推进"] == summary["达进度"]
    for c in ("已完成", "超进度", "欠进度", "逾期", "未报送"):
        assert got[c] == summary[c]
    # deadlines as dates, a stale figure labelled with its period, 制表单位 and date
    dl = heads.index("完成时限")
    assert all(r[dl].value.endswith("日") or r[dl].value == "长期坚持" for r in body)
    stale = [t for t in report.tasks if t.report_period and t.report_period < report.status_period]
    assert stale                                                # the demo has one (task 10)
    pct = heads.index("最新进度")
    by_seq = {r[0].value: r for r in body}
    for t in stale:
        assert by_seq[t.seq][pct].value.endswith(f"（{int(t.report_period[:4])}年{int(t.report_period[5:])}月）")
    footer = [c.value for c in ws["A"] if c.value and str(c.value).startswith("制表单位")]
    assert footer == ["制表单位：潜江市人民政府督查室　　制表日期：2023年10月31日"]
    # 汇总: every category and a 合计 row that adds up to the task count
    sums = list(wb["汇总"].iter_rows(values_only=True))
    assert sums[1][:3] == ("任务来源", "板块", "任务数")
    total = sums[-1]
    assert total[0] == "合计" and total[2] == 136 == sum(total[3:])


def test_ledger_xlsx_columns_and_unit_sheets(demo, tmp_path):
    cols = ["seq", "content", "leader", "expected", "problems", "next_steps", "reported_on"]
    path, report = demo.reports.print_ledger(tmp_path / "l.xlsx", today=DAY, columns=cols, per_unit_sheets=True)
    wb = load_workbook(str(path))
    assert [c.value for c in wb["台账"][3]] == ["序号", "工作任务", "责任领导", "序时进度", "存在问题",
                                               "下步打算", "报送日期"]
    unit = "市住建局"
    ws = wb[unit]
    states = demo.status.task_states(DAY, unit=unit)
    led = [s for s in states if unit in s["lead"]]
    labels = [r[0] for r in ws.iter_rows(min_row=4, values_only=True) if r and r[0] and "任务（" in str(r[0])]
    assert labels == [f"牵头任务（{len(led)}项）", f"协办任务（{len(states) - len(led)}项）"]
    assert f"牵头{len(led)}项" in ws["A2"].value


def test_one_units_ledger_splits_lead_from_assist(demo, tmp_path):
    path, report = demo.reports.print_ledger(tmp_path, unit="市住建局", today=DAY, fmt="xlsx")
    assert path.name == "台账-市住建局-2023-10-31.xlsx"
    ws = load_workbook(str(path))["台账"]
    first = [r[0] for r in ws.iter_rows(min_row=4, max_row=4, values_only=True)][0]
    assert first.startswith("牵头任务（")


def test_unknown_column_is_refused_and_nothing_written(demo, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(InputError, match="没有列「owner」"):
        demo.reports.print_ledger(out / "x.xlsx", today=DAY, columns=["seq", "owner"])
    assert list(out.iterdir()) == []                            # no half-written file


def test_existing_file_needs_force(demo, tmp_path):
    out = tmp_path / "l.xlsx"
    out.write_bytes(b"old")
    with pytest.raises(InputError, match="已存在"):
        demo.reports.print_ledger(out, today=DAY)
    assert out.read_bytes() == b"old"
    demo.reports.print_ledger(out, today=DAY, force=True)
    assert out.read_bytes()[:2] == b"PK"
