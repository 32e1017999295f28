"""The printed reports from a real database: the demo (136 tasks, Jan–Oct 2023 progress).

Figures are checked against ``status_summary`` of the same day, never typed in,
and the PDFs are opened with pypdf: A4, embedded fonts, title, counts, every
lagging and overdue task, page numbers, markup characters printed as written,
and a reprinted 通报 keeping its numbers after progress changes.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from pypdf import PdfReader

from govtrack import store
from govtrack.errors import DuplicateError, InputError, NotFoundError
from govtrack.app.reports import default_report_day
from govtrack.reports import data as rdata
from govtrack.reports import identity, output, structure
from govtrack.reports.model import STATUS_ORDER
from govtrack.store import ledger, reports_state
from govtrack.tracker import Tracker

from .conftest import BREAKDOWN_2023

NASTY = '<b>加粗</b> & "引号" \'单\' > 其余'
DAY = "2023-10-31"


def flat(s: str) -> str:
    return re.sub(r"\s+", "", s)


def pdf_text(path) -> str:
    return flat("".join(p.extract_text() for p in PdfReader(str(path)).pages))


def embedded(reader: PdfReader) -> set[str]:
    found = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            desc = font.get("/FontDescriptor")
            if desc is None and "/DescendantFonts" in font:
                desc = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            if desc is not None:
                found |= {k for k in ("/FontFile", "/FontFile2", "/FontFile3") if k in desc.get_object()}
            else:
                found.add("not embedded: " + str(font.get("/BaseFont")))
    return found


def task_in(text: str, seq: str, content: str) -> bool:
    return flat(seq + content[:6]) in text or (seq in text and flat(content[:6]) in text)


def make_nasty(tr: Tracker) -> dict:
    """Put markup characters into a lagging task's text (through the store, audited)."""
    lagging = tr.status.status_summary(DAY)["lagging"]
    target = lagging[0]
    with tr.db.atomic():
        ledger.update_task(tr.db, target["id"], {"content": NASTY + target["content"]})
    return tr.ledger.task(target["id"])


# ---------------------------------------------------------------- the monthly 通报


def test_monthly_figures_come_from_status_summary(demo):
    summary = demo.status.status_summary(DAY)
    report = demo.reports.monthly_report_data("2023-10")      # default report day: 31 Oct
    assert report.date == date(2023, 10, 31)
    assert report.counts == {s: summary["counts"][s] for s in STATUS_ORDER}
    assert report.total == summary["counts"]["total"] == 136
    assert [t.seq for t in report.lagging] == [t["seq"] for t in summary["lagging"]]
    assert [t.seq for t in report.overdue] == [t["seq"] for t in summary["overdue"]]
    assert report.lagging and report.overdue          # the demo has both
    assert {u.unit for u in report.per_unit} == {u["unit"] for u in summary["per_unit"]}
    assert report.title == "2023年10月政府工作报告重点任务推进情况督查通报"
    assert report.office == "潜江市人民政府督查室" and report.issue_no == "" and report.draft   # 期号 when issued
    assert report.copy_to and report.printed_by == "潜江市人民政府办公室"
    # the overdue list carries lead unit, deadline, percent and 存在问题 from the latest report
    states = {s["seq"]: s for s in demo.status.task_states(DAY)}
    for t in report.overdue:
        s = states[t.seq]
        assert t.lead == s["lead"] and t.percent == s["percent"]
        assert t.problems == (s["latest"] or {}).get("problems", "").strip()
        assert t.deadline and t.deadline < date(2023, 10, 31)
    # 下步工作要求 from the template, placeholders filled
    text = "".join(report.requirements)
    assert len(report.requirements) == 4 and "{" not in text and "[[" not in text
    assert f"对{report.counts['逾期']}项逾期任务" in text and "潜江市人民政府督查室" in text
    # the chart: no sections in the 2023 list, so by lead unit, at most 10 bars
    assert "单位" in report.chart_title and 1 <= len(report.chart) <= 10
    assert report.chart[0].label == max(summary["per_unit"], key=lambda u: u["led"])["unit"]


def test_monthly_defaults_for_an_office_without_settings(tracker):
    tracker.imports.import_file(BREAKDOWN_2023, year=2023)
    report = tracker.reports.monthly_report_data("2023-06")
    assert report.office == "市人民政府督查室"          # neutral, not 潜江
    assert report.printed_by == "市人民政府督查室" and report.copy_to == ""
    assert report.counts["未报送"] == 136 and report.lagging == [] and report.overdue == []
    assert not any("对0项" in p for p in report.requirements)   # conditional parts dropped
    store.set_setting(tracker.db, "report.office", "某区人民政府督查室")
    store.set_setting(tracker.db, "report.issue_no", "区督通〔2023〕{n}号")
    store.set_setting(tracker.db, "report.requirements", "请{office}跟踪{not_reported}项未报送任务。")
    report = tracker.reports.monthly_report_data("2023-06")
    assert report.office == "某区人民政府督查室" and report.draft
    assert tracker.reports.issue_bulletin("2023-06")["issue_no"] == "区督通〔2023〕1号"
    assert report.requirements == ["请某区人民政府督查室跟踪136项未报送任务。"]


def test_monthly_refuses_an_empty_database_and_a_year_without_tasks(tracker, demo):
    with pytest.raises(NotFoundError, match="还没有任务"):
        tracker.reports.monthly_report_data("2023-10")
    with pytest.raises(InputError, match="没有 2024 年的任务"):
        demo.reports.monthly_report_data("2024-03")
    with pytest.raises(InputError, match="没有 2024 年的任务"):
        demo.reports.issue_bulletin("2024-03")
    assert demo.reports.bulletins() == []


def test_default_report_day():
    assert default_report_day("2023-10", date(2026, 1, 5)) == date(2023, 10, 31)
    assert default_report_day("2024-02", date(2026, 1, 5)) == date(2024, 2, 29)
    assert default_report_day("2026-01", date(2026, 1, 5)) == date(2026, 1, 5)   # month still running
    with pytest.raises(InputError, match="尚未开始"):
        default_report_day("2026-02", date(2026, 1, 5))
    for bad in ("2023-13", "2023/10", "202310", ""):
        with pytest.raises(InputError, match="期别"):
            default_report_day(bad)


def test_monthly_pdf(demo, tmp_path):
    nasty = make_nasty(demo)
    summary = demo.status.status_summary(DAY)
    path, report, frozen = demo.reports.print_monthly("2023-10", tmp_path / "m.pdf")
    assert not frozen
    reader = PdfReader(str(path))
    for page in reader.pages:
        box = page.mediabox
        assert abs(float(box.width) - 595.28) < 1 and abs(float(box.height) - 841.89) < 1
    assert embedded(reader) == {"/FontFile2"}
    text = pdf_text(path)
    assert flat(report.title) in text and "督查通报" in text and "草稿" in text and "第期" in text
    assert "第1期" not in text                                     # a draft carries no number
    total = summary["counts"]["total"]
    assert f"纳入督查的{total}项重点任务中" in text
    # every status as `status --json` counts it; 长期推进 is split off 达进度 and adds back up
    long_term = report.categories["长期推进"]
    assert long_term == 2 and report.categories["达进度"] + long_term == summary["counts"]["达进度"]
    for status in STATUS_ORDER:
        n = summary["counts"][status] - (long_term if status == "达进度" else 0)
        if n:
            assert f"{status}{n}项，占{n * 100 / total:.1f}%" in text
    assert f"长期推进{long_term}项" in text
    for t in summary["lagging"] + summary["overdue"]:
        assert task_in(text, t["seq"], t["content"]), t["seq"]
    assert flat(NASTY) in text and nasty["seq"] in text
    pages = len(reader.pages)
    for n in range(1, pages):
        assert f"—{n}—" in text
    assert pages % 2 == 0 and "抄送：" in text and "2023年10月31日印发" in text


def test_issued_bulletin_reprints_the_same_numbers(demo, tmp_path):
    sept = demo.reports.issue_bulletin("2023-09")
    assert sept["issue_no"] == "第1期" and sept["issued_on"] == "2023-09-30"
    with pytest.raises(DuplicateError, match="已于 2023-09-30 印发"):
        demo.reports.issue_bulletin("2023-09")
    before = demo.reports.monthly_report_data("2023-09")
    first_pdf = pdf_text(demo.reports.print_monthly("2023-09", tmp_path / "a.pdf")[0])
    # later progress: every lagging task of September reports 100% (dated within September)
    lagging = [t.seq for t in before.lagging]
    assert lagging
    for seq in lagging:
        demo.progress.add_progress(seq, period="2023-09", percent=100, reported_on="2023-09-20",
                          text="补报：已全部完成")
    fresh = demo.reports.monthly_report_data("2023-09", fresh=True)
    assert fresh.counts["欠进度"] < before.counts["欠进度"]          # the live figures moved
    after = demo.reports.monthly_report_data("2023-09")
    assert after == before                                          # the issued ones did not
    path, report, frozen = demo.reports.print_monthly("2023-09", tmp_path / "b.pdf")
    assert frozen and report == before
    assert pdf_text(path) == first_pdf
    # the next issue: numbered 2, says what changed since September's
    oct_ = demo.reports.monthly_report_data("2023-10")
    assert oct_.draft and oct_.issue_no == ""
    assert demo.reports._issue_no("2023-10", demo.reports._report_settings()) == "第2期"
    assert oct_.changes.startswith("与上期（2023年9月通报）相比")
    for status in STATUS_ORDER:
        d = oct_.counts[status] - before.counts[status]
        if d:
            assert f"{status}{'增加' if d > 0 else '减少'}{abs(d)}项" in oct_.changes
    assert flat(oct_.changes) in pdf_text(demo.reports.print_monthly("2023-10", tmp_path / "c.pdf")[0])
    # the snapshot traces every figure to its tasks
    issued = demo.reports.bulletins()
    assert [b["period"] for b in issued] == ["2023-09"]
    row = reports_state.bulletin_for_period(demo.db, "2023-09")
    assert len(row["snapshot"]["tasks"]) == 136
    assert sum(t["status"] == "欠进度" for t in row["snapshot"]["tasks"]) == before.counts["欠进度"]
    assert [a["action"] for a in demo.ledger.audit("bulletins", sept["id"])] == ["insert"]


def test_print_monthly_with_issue_records_once(demo, tmp_path):
    _, report, frozen = demo.reports.print_monthly("2023-10", tmp_path / "x.pdf", issue=True)
    assert frozen and len(demo.reports.bulletins()) == 1
    _, again, frozen = demo.reports.print_monthly("2023-10", tmp_path / "y.pdf", issue=True)
    assert frozen and again == report and len(demo.reports.bulletins()) == 1


def test_snapshot_round_trip(demo):
    report = demo.reports.monthly_report_data("2023-10")
    assert rdata.monthly_from_dict(rdata.monthly_to_dict(report)) == report


# ---------------------------------------------------------------- 督办单


def test_notice_colour_follows_the_rules(demo, tmp_path):
    states = demo.status.task_states(DAY)
    by_colour = {}
    for s in states:
        by_colour.setdefault(s["notice_colour"], s)
    assert {"red", "yellow", None} <= set(by_colour)
    for colour in ("red", "yellow", "blue"):
        if colour not in by_colour:
            continue
        s = by_colour[colour]
        sheet = demo.reports.notice_data(s["id"], DAY)
        assert sheet.colour == colour and sheet.task.seq == s["seq"]
        assert sheet.doc_no == "" and sheet.draft and sheet.reply_by == date(2023, 11, 7)
        assert "{" not in sheet.demand and "2023年11月7日" in sheet.demand
    green = by_colour[None]
    with pytest.raises(InputError, match="无需发督办单"):
        demo.reports.notice_data(green["id"], DAY)
    forced = demo.reports.notice_data(green["id"], DAY, colour="blue", demand="请说明。")
    assert forced.colour == "blue" and forced.demand == "请说明。"
    with pytest.raises(NotFoundError):
        demo.reports.notice_data("9999", DAY)


def test_issue_notice_numbers_and_records(demo, tmp_path):
    red = next(s for s in demo.status.task_states(DAY) if s["notice_colour"] == "red")
    yellow = next(s for s in demo.status.task_states(DAY) if s["notice_colour"] == "yellow")
    path, sheet, nid = demo.reports.print_notice(red["id"], tmp_path / "n1.pdf", DAY, issue=True)
    assert sheet.doc_no == "督办〔2023〕1号" and nid
    _, sheet2, _ = demo.reports.print_notice(yellow["id"], tmp_path / "n2.pdf", DAY, issue=True)
    assert sheet2.doc_no == "督办〔2023〕2号"
    with pytest.raises(DuplicateError):
        demo.reports.issue_notice(yellow["id"], DAY, doc_no="督办〔2023〕1号")
    rows = demo.reports.notices()
    assert [(r["doc_no"], r["colour"]) for r in rows] == [("督办〔2023〕1号", "red"), ("督办〔2023〕2号", "yellow")]
    kept = demo.reports.notices(red["id"])[0]
    assert kept["snapshot"]["task"]["seq"] == red["seq"] and kept["reply_by"] == "2023-11-07"
    reader = PdfReader(str(path))
    assert len(reader.pages) <= 2 and embedded(reader) == {"/FontFile2"}
    text = pdf_text(path)
    assert "红色督办单" in text
    assert "督办〔2023〕1号" in text and flat(red["content"][:20]) in text
    assert "2023年11月7日" in text


def test_notice_prints_markup_as_written(demo, tmp_path):
    nasty = make_nasty(demo)
    path, sheet, _ = demo.reports.print_notice(nasty["id"], tmp_path / "n.pdf", DAY, colour="yellow")
    assert flat(NASTY) in pdf_text(path)
    assert len(PdfReader(str(path)).pages) <= 2             # the 回执 may take its own page


# ---------------------------------------------------------------- 台账


def test_ledger(demo, tmp_path):
    nasty = make_nasty(demo)
    path, report = demo.reports.print_ledger(tmp_path / "l.pdf", today=DAY)
    assert len(report.tasks) == 136 and report.subtitle == "全部"
    reader = PdfReader(str(path))
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)          # landscape
    assert embedded(reader) == {"/FontFile2"}
    text = pdf_text(path)
    assert flat(report.title) in text and "截至2023年10月31日" in text
    missing = [t.seq for t in report.tasks if flat(t.content[:8]) not in text]
    assert not missing
    assert flat(NASTY) in text and nasty["id"]
    assert text.count("序号工作任务牵头单位") == len(reader.pages)      # header row on every page
    assert f"—{len(reader.pages)}—" in text
    states = {s["seq"]: s for s in demo.status.task_states(DAY)}
    assert [t.status for t in report.tasks] == [states[t.seq]["status"] for t in report.tasks]


def test_ledger_of_one_unit(demo, tmp_path):
    report = demo.reports.ledger_data("市发展和改革委员会", DAY)      # an alias of 市发改委
    mine = demo.status.task_states(DAY, unit="市发改委")
    assert [t.seq for t in report.tasks] == [t["seq"] for t in mine]
    led = sum("市发改委" in t["lead"] for t in mine)
    assert report.subtitle == f"市发改委（牵头{led}项，协办{len(mine) - led}项）"
    with pytest.raises(NotFoundError, match="没有名为"):
        demo.reports.ledger_data("不存在的局", DAY)


# ---------------------------------------------------------------- pure pieces (no database)


def test_data_doctests():
    import doctest
    result = doctest.testmod(rdata)
    assert result.attempted >= 5 and result.failed == 0
    for module in (identity, output):
        result = doctest.testmod(module)
        assert result.attempted >= 2 and result.failed == 0


def test_chart_by_section_when_the_plan_has_sections():
    states = [{"section": sec + " / 细项", "lead": [lead], "status": status, "deadline_used": "2023-12-31",
               "expected": 80.0}
              for sec, lead, status in (("（一）生态", "甲局", "已完成"), ("（一）生态", "乙局", "欠进度"),
                                        ("（二）工业", "甲局", "逾期"), ("", "丙局", "达进度"))]
    long_term = {"section": "", "lead": ["丙局"], "status": "达进度", "deadline_used": None, "expected": None}
    title, bars = rdata.chart_bars(states + [long_term])
    assert title == "各板块任务推进情况"
    # a long-term task (no deadline, no 序时) is its own category, not 达进度
    assert [(b.label, b.counts) for b in bars] == [
        ("（一）生态", {"已完成": 1, "欠进度": 1}), ("（二）工业", {"逾期": 1}),
        ("未分板块", {"达进度": 1, "长期推进": 1})]
    flat_states = [dict(s, section="") for s in states] + [{"section": "", "lead": [], "status": "未报送"}]
    title, bars = rdata.chart_bars(flat_states, max_bars=2)
    assert title == "牵头任务最多的2个单位任务推进情况"
    assert [b.label for b in bars] == ["甲局", "丙局"] and bars[0].counts == {"已完成": 1, "逾期": 1}
    title, bars = rdata.chart_bars(flat_states)
    assert title == "各牵头单位任务推进情况" and len(bars) == 4 and bars[-1].label == "未明确牵头单位"


def test_unit_lines_on_time_means_every_open_task_reported():
    rows = rdata.unit_lines([
        {"unit": "乙局", "led": 3, "done": 1, "behind": 1, "overdue": 0, "reported_on_time": 2},
        {"unit": "甲局", "led": 3, "done": 0, "behind": 0, "overdue": 1, "reported_on_time": 2},
        {"unit": "丙局", "led": 5, "done": 0, "behind": 0, "overdue": 0, "reported_on_time": 5},
    ])
    assert [(u.unit, u.reported_on_time) for u in rows] == [("丙局", True), ("乙局", True), ("甲局", False)]


def test_database_keeps_issues_unique_even_past_the_checks(demo):
    """Two windows on one file: the unique indexes of 0005 refuse the second issue."""
    demo.reports.issue_bulletin("2023-09")
    with pytest.raises(DuplicateError):
        reports_state.insert_bulletin(demo.db, "2023-09", "第9期", "2023-09-30", {"report": {}})
    red = next(s for s in demo.status.task_states(DAY) if s["notice_colour"] == "red")
    demo.reports.issue_notice(red["id"], DAY)
    with pytest.raises(DuplicateError):
        reports_state.insert_notice(demo.db, red["id"], {"doc_no": "督办〔2023〕1号", "colour": "red",
                                                         "issued_on": DAY})
    assert len(demo.reports.bulletins()) == 1 and len(demo.reports.notices()) == 1


def test_ledger_pdf_unit_lead_before_assist_and_stale_figures_dated(demo, tmp_path):
    path, report = demo.reports.print_ledger(tmp_path / "u.pdf", unit="市住建局", today=DAY)
    text = pdf_text(path)
    led = sum(1 for t in report.tasks if "市住建局" in t.lead)
    assert f"牵头任务（{led}项）" in text and f"协办任务（{len(report.tasks) - led}项）" in text
    assert text.index("牵头任务（") < text.index("协办任务（")
    assert "制表单位：潜江市人民政府督查室" in text and "截至2023年10月31日" in text
    path, report = demo.reports.print_ledger(tmp_path / "all.pdf", today=DAY)
    stale = [t for t in report.tasks if t.report_period and t.report_period < report.status_period]
    assert stale
    text = pdf_text(path)
    for t in stale:
        y, m = t.report_period.split("-")
        assert f"{t.percent:.0f}%（{int(y)}年{int(m)}月）" in text


def test_next_bulletin_names_the_tasks_that_changed_and_the_rank_moves(demo, tmp_path):
    sep = demo.reports.issue_bulletin("2023-09", "2023-09-30")["report"]
    before = {s["id"]: s["status"] for s in demo.status.task_states("2023-09-30")}
    oct_ = demo.reports.monthly_report_data("2023-10", DAY)
    now = demo.status.task_states(DAY)
    done = [s["seq"] for s in now if s["status"] == "已完成" and before[s["id"]] != "已完成"]
    overdue = [s["seq"] for s in now if s["status"] == "逾期" and before[s["id"]] != "逾期"]
    assert done or overdue                                   # the demo moves between the months
    assert oct_.newly_done == done and oct_.newly_overdue == overdue
    assert oct_.previous_period == "2023-09"
    ranks = {u.unit: u.rank for u in sep.per_unit}
    assert all(u.rank_change == ranks[u.unit] - u.rank for u in oct_.per_unit if u.unit in ranks)
    assert any(u.rank_change for u in oct_.per_unit)
    text = pdf_text(demo.reports.print_monthly("2023-10", tmp_path / "o.pdf", DAY)[0])
    assert "三、与上期相比" in text and "四、下步工作要求" in text
    if done:
        assert f"新完成任务{len(done)}项" in text
    if overdue:
        assert f"新增逾期任务{len(overdue)}项" in text
    assert "↑" in text or "↓" in text


def test_praise_and_remind_lists_from_the_settings(demo, tmp_path):
    blocks = structure.monthly_blocks(demo.reports.monthly_report_data("2023-10", DAY))
    assert "表扬" not in "".join(b.text for b in blocks)                 # only when the settings say
    store.set_setting(demo.db, "report.praise", "市水利和湖泊局、市住建局")
    store.set_setting(demo.db, "report.remind", ["市商务局"])
    text = pdf_text(demo.reports.print_monthly("2023-10", tmp_path / "p.pdf", DAY)[0])
    assert "对市水利和湖泊局、市住建局予以通报表扬" in text and "提醒市商务局加快推进" in text
