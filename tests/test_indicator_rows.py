"""IndicatorService.indicator_rows: what the indicators page shows, on the real 鄂城 table (003)."""

from __future__ import annotations

import datetime as dt

from .conftest import SEEDS

EZHOU = SEEDS / "003_24963bba8f1b10f6.txt"


def test_rows_compare_the_latest_value_with_the_target(tracker):
    tracker.units.add("市统计局")              # a new office enters its units first
    tracker.indicators.import_indicators(EZHOU)
    rows = tracker.indicators.indicator_rows()
    assert len(rows) == 19 and {r["attribute"] for r in rows} <= {"预期性", "约束性", ""}
    assert all(r["latest"] == "" and r["against"] == "" for r in rows)
    ind = next(i for i in tracker.indicators.indicators() if i["target"])
    tracker.indicators.add_indicator_value(ind["id"], "2022", ind["target"] * 0.8, "市统计局")
    tracker.indicators.add_indicator_value(ind["id"], "2024", ind["target"] * 1.1)
    row = next(r for r in tracker.indicators.indicator_rows() if r["id"] == ind["id"])
    assert row["latest_period"] == "2024" and row["against"] == "已达到目标"
    row = next(r for r in tracker.indicators.indicator_rows(dt.date(2023, 6, 30)) if r["id"] == ind["id"])
    assert row["latest_period"] == "2022" and row["against"] == "达到目标的 80%"
    assert row["reported_by"] == "市统计局" and row["target"] == ind["target_text"]


def test_monthly_bulletin_prints_the_indicator_lines(demo, tmp_path):
    from pypdf import PdfReader
    assert demo.reports.monthly_report_data("2023-10", "2023-10-28").indicators == []   # no indicators: no table
    demo.indicators.import_indicators(EZHOU)
    demo.units.add("市统计局")
    ind = next(i for i in demo.indicators.indicators() if i["name"] == "常住人口城镇化率")
    demo.indicators.add_indicator_value(ind["id"], "2023-09", "78.3%", "市统计局")
    report = demo.reports.monthly_report_data("2023-10", "2023-10-28")
    assert [(x.name, x.actual) for x in report.indicators] == [("常住人口城镇化率（%）", "78.3%（2023-09）")]
    path, _, _ = demo.reports.print_monthly("2023-10", tmp_path / "通报.pdf", "2023-10-28")
    text = "".join(p.extract_text() for p in PdfReader(str(path)).pages).replace("\n", "")
    assert "常住人口城镇化率" in text and "78.3%" in text
