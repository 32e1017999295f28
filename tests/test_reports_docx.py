"""The 通报 and the 督办单 as Word files, written from the demo database and read back with python-docx."""

from __future__ import annotations

import re
from datetime import date

import pytest
from docx import Document
from docx.shared import Mm
from docx.oxml.ns import qn

from govtrack.reports import wording

JUNE = "2023-06-26"
OCT = "2023-10-31"


def all_text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        for row in t.rows:
            parts += [c.text for c in row.cells]
    return re.sub(r"\s+", "", "".join(parts))


def table_with(doc, head: str):
    return next(t for t in doc.tables if t.rows[0].cells[0].text.strip() == head or
                any(c.text.strip() == head for c in t.rows[0].cells))


def test_monthly_docx_draft_words_and_figures(demo, tmp_path):
    path, report, frozen = demo.reports.print_monthly("2023-06", tmp_path / "m.docx", JUNE)
    assert not frozen and path.suffix == ".docx"
    doc = Document(str(path))
    text = all_text(doc)
    summary = demo.status.status_summary(JUNE)
    # a draft: marked, no number
    assert "草稿" in text and "第期" in text and not re.search(r"第\d+期", text)
    # the true as-of day, never "6月底"
    assert "截至2023年6月26日" in text and "6月底" not in text
    # 主送 line first after the title
    assert "各镇、处、区，市政府各部门：" in text
    # the counts are those of `status --json`; 长期推进 is split off 达进度 and adds back
    c = summary["counts"]
    long_term = report.categories["长期推进"]
    assert f"纳入督查的{c['total']}项重点任务中" in text
    assert f"达进度{c['达进度'] - long_term}项" in text and f"长期推进{long_term}项" in text
    assert f"欠进度{c['欠进度']}项" in text and f"未报送{c['未报送']}项" in text
    # the 序时 rule and tolerance are stated
    assert "低于序时进度10个百分点以上的计为欠进度" in text
    # lagging units named with their task numbers
    for t in summary["lagging"][:5]:
        assert t["lead"][0] in text and t["seq"] in text
    # 附件: the lists and the unit table with a 合计 row that adds up
    assert "附件：1．逾期和欠进度任务清单" in text and "附件2" in text
    units = table_with(doc, "排名")
    heads = [c.text for c in units.rows[0].cells]
    rows = [[c.text for c in r.cells] for r in units.rows[1:]]
    total = rows[-1]
    assert total[1] == "合计"
    led = heads.index("牵头任务")
    assert int(total[led]) == sum(u["led"] for u in summary["per_unit"]) == sum(int(r[led]) for r in rows[:-1])
    status_cols = [heads.index(h) for h in ("已完成", "正常推进", "欠进度", "逾期", "未报送")]
    for r in rows:                                   # every row: the status columns add up to 牵头任务
        assert sum(int(r[i]) for i in status_cols) == int(r[led])
    assert int(total[heads.index("欠进度")]) >= c["欠进度"]      # joint leads count for each unit
    assert "迟报" in heads and "未报送" in heads
    # the overdue/lagging list has every lagging task
    tasks = table_with(doc, "工作任务")
    seqs = [r.cells[0].text for r in tasks.rows[1:]]
    assert seqs == [t["seq"] for t in summary["overdue"] + summary["lagging"]]


def test_monthly_docx_page_setup_fonts_and_page_numbers(demo, tmp_path):
    path, _, _ = demo.reports.print_monthly("2023-10", tmp_path / "m.docx", OCT)
    doc = Document(str(path))
    sec = doc.sections[0]
    for got, mm in ((sec.page_width, 210), (sec.page_height, 297), (sec.top_margin, 37),
                    (sec.bottom_margin, 35), (sec.left_margin, 28), (sec.right_margin, 26)):
        assert abs(got - Mm(mm)) < Mm(0.2)
    body = next(p for p in doc.paragraphs if p.text.startswith("为推动政府工作报告"))
    assert body.paragraph_format.line_spacing.pt == pytest.approx(28.95, abs=0.05)
    assert body.runs[0].font.size.pt == 16
    rfonts = body.runs[0]._element.rPr.find(qn("w:rFonts"))
    assert "仿宋" in rfonts.get(qn("w:eastAsia"))
    heading = next(p for p in doc.paragraphs if p.text == "一、总体推进情况")
    assert heading.runs[0]._element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "黑体"
    sub = next(p for p in doc.paragraphs if p.text.startswith("（一）"))
    assert "楷体" in sub.runs[0]._element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))
    masthead = next(p for p in doc.paragraphs if p.text == "督查通报")
    assert str(masthead.runs[0].font.color.rgb) == "D40000"
    # page numbers: a PAGE field in both footers, odd on the right, even on the left
    assert doc.settings.odd_and_even_pages_header_footer
    for footer, align in ((sec.footer, "RIGHT"), (sec.even_page_footer, "LEFT")):
        p = footer.paragraphs[0]
        xml = p._p.xml
        assert "PAGE" in xml and 'fldCharType="begin"' in xml
        assert p.text.startswith("— ") and p.text.endswith(" —") and align in str(p.alignment)
    # 版记 at the end: 抄送 and the 印发 line
    tail = "".join(p.text for p in doc.paragraphs[-3:])
    assert "抄送：" in tail and "印发" in tail


def test_issued_monthly_docx_carries_its_number(demo, tmp_path):
    demo.reports.issue_bulletin("2023-09", "2023-09-30")
    path, report, frozen = demo.reports.print_monthly("2023-09", tmp_path, fmt="docx")   # a folder: default name
    assert frozen and path.name == "督查通报-2023年9月（第1期）.docx"
    text = all_text(Document(str(path)))
    assert "第1期" in text and "草稿" not in text and "截至2023年9月30日" in text


def test_forced_red_notice_says_what_is_true(demo, tmp_path):
    """A red slip for a task due 2023-12-31, dated 2023-10-31, must not say 已超过完成时限."""
    state = next(s for s in demo.status.task_states(OCT)
                 if s["deadline_used"] == "2023-12-31" and s["status"] == "达进度")
    path, sheet, nid = demo.reports.print_notice(state["id"], tmp_path / "n.docx", OCT, colour="red")
    assert nid is None and sheet.draft and sheet.colour == "red"
    text = all_text(Document(str(path)))
    assert "红色督办单" in text and "草稿" in text and "督办〔2023〕号" in text
    assert "已超过" not in text and "逾期" not in text.replace("逾期未完成", "")
    assert f"距完成时限还有{(date(2023, 12, 31) - date(2023, 10, 31)).days}天" in text
    assert "完成时限2023年12月31日" in text.replace("为", "")           # a date, not a phrase
    assert state["lead"][0] + "：" in text                             # the addressee
    assert "任务来源" in text and f"第{state['seq']}项" in text
    assert "回执" in text and "办理情况" in text and "签发" in text
    assert text.count("反馈日期") == 1


def test_overdue_notice_says_overdue_and_lists_earlier_slips(demo, tmp_path):
    state = next(s for s in demo.status.task_states(OCT) if s["status"] == "逾期")
    first, _ = demo.reports.issue_notice(state["id"], "2023-10-20", colour="yellow")
    path, sheet, nid = demo.reports.print_notice(state["id"], tmp_path / "n.docx", OCT, issue=True)
    assert nid and not sheet.draft and sheet.colour == "red"
    text = all_text(Document(str(path)))
    days = (date(2023, 10, 31) - date.fromisoformat(state["deadline_used"])).days
    assert f"已超过完成时限{days}天仍未完成" in text
    assert sheet.doc_no in text and "草稿" not in text
    assert first.doc_no in text and "此前督办" in text          # the escalation history


def test_unreported_task_gets_a_notice(demo):
    state = next(s for s in demo.status.task_states(OCT) if s["status"] == "未报送")
    sheet = demo.reports.notice_data(state["id"], OCT)
    assert sheet.reason == wording.REASON_LABEL[wording.NOT_REPORTED]
    assert "补报" in sheet.demand
