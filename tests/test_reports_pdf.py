"""Smoke tests of the PDF layer: each report builds from hand-made dataclasses.

The dataclasses are filled with the 136 real tasks of the 2023 潜江 分工 list
(seed 001), so line breaking, long unit lists and punctuation are exercised on
real text.  The PDFs are opened with pypdf to check page size, embedded fonts
and that the text a reader needs is there.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from govtrack.errors import FontError
from govtrack.reports import (STATUS_LIGHT, STATUS_ORDER, ChartBar, IndicatorLine, LedgerReport,
                              MonthlyReport, NoticeSheet, TaskLine, UnitLine, fonts, pdf)

from .conftest import BREAKDOWN_2023 as SEED  # noqa: E402

SECTIONS = [
    "（一）坚持生态优先，建设美丽水乡", "（二）坚持工业强市，壮大实体经济", "（三）坚持农业立市，推进乡村振兴",
    "（四）坚持改革创新，增强发展动能", "（五）坚持扩大开放，优化营商环境", "（六）坚持城乡融合，提升城市品质",
    "（七）坚持民生为本，增进人民福祉", "（八）坚持安全发展，守牢底线红线",
]
NASTY = '关于<b>加粗</b>&"引号"\'单引号\'>的任务'


def seed_tasks() -> list[TaskLine]:
    """The seed's numbered tasks: text up to the last 。, the lead glued after it, assists below."""
    lines = SEED.read_text(encoding="utf-8").splitlines()
    raw: list[list] = []
    for line in lines:
        m = re.match(r"^(\d{1,3})(\D.*)$", line.strip())
        if m and "。" in m.group(2):
            raw.append([m.group(1), m.group(2), []])
        elif raw and line.strip() and len(line.strip()) < 20:
            raw[-1][2].append(line.strip())
    tasks = []
    for i, (seq, text, assist) in enumerate(raw):
        cut = text.rfind("。") + 1
        content = text[:cut].strip()
        # the lead unit and the first assisting unit are glued together after the text
        glued = [u for u in re.split(r"(?<=[局委办会心司区处镇道])(?=市|潜江|各|[^市局]{1,4}(?:镇|街道|管理区)(?:$|市|潜江|各))",
                                       text[cut:].strip()) if u]
        lead = glued[0] if glued else "市发改委"
        tasks.append(TaskLine(seq=seq, content=content, lead=[lead], assist=glued[1:] + assist,
                              section=SECTIONS[min(i * len(SECTIONS) // max(len(raw), 1), 7)]))
    return tasks


def with_progress(tasks: list[TaskLine]) -> list[TaskLine]:
    """Give each task a deadline, percent and status in a fixed mix."""
    phrases = ["6月底前", "三季度末", "年底前", "长期坚持", ""]
    for i, t in enumerate(tasks):
        status = STATUS_ORDER[i % 6]
        t.status = status
        t.light = {"欠进度": "yellow", "逾期": "red"}.get(status, STATUS_LIGHT[status])
        t.deadline_text = phrases[i % 5]
        t.deadline = date(2023, 6 + i % 7, 28) if not t.deadline_text else None
        t.expected = 83.0
        t.percent = None if status == "未报送" else {"已完成": 100.0, "超进度": 95.0, "达进度": 80.0,
                                                     "欠进度": 40.0, "逾期": 60.0}[status]
        if status in ("欠进度", "逾期"):
            t.problems = "项目用地指标尚未落实，资金到位率偏低，施工进度受汛期影响。"
            t.progress_text = "已完成项目立项和可研批复，正在开展初步设计，主体工程尚未开工。"
    return tasks


def sample_monthly(tasks: list[TaskLine] | None = None) -> MonthlyReport:
    tasks = with_progress(tasks if tasks is not None else seed_tasks())
    tasks[1].content = NASTY
    tasks[1].status, tasks[1].light = "逾期", "red"
    counts = {s: sum(t.status == s for t in tasks) for s in STATUS_ORDER}
    units: dict[str, UnitLine] = {}
    for t in tasks:
        u = units.setdefault(t.lead[0], UnitLine(unit=t.lead[0]))
        u.led += 1
        u.done += t.status == "已完成"
        u.behind += t.status == "欠进度"
        u.overdue += t.status == "逾期"
        u.reported_on_time = u.reported_on_time and t.status != "未报送"
    chart = []
    for s in SECTIONS:
        sec = [t for t in tasks if t.section == s]
        chart.append(ChartBar(label=s[3:], counts={k: sum(t.status == k for t in sec) for k in STATUS_ORDER}))
    return MonthlyReport(
        office="潜江市人民政府督查室", issue_no="第10期",
        title="2023年10月政府工作报告重点任务推进情况督查通报", period="2023-10",
        date=date(2023, 10, 31), counts=counts, total=len(tasks),
        per_unit=sorted(units.values(), key=lambda u: -u.led), chart=chart,
        lagging=[t for t in tasks if t.status == "欠进度"], overdue=[t for t in tasks if t.status == "逾期"],
        requirements=["各牵头单位要对照任务清单，逐项梳理推进情况，对欠进度任务制定追赶措施，确保年底前全面完成。",
                      "对逾期未完成的任务，牵头单位主要负责人要亲自研究，于11月10日前书面说明原因及整改时限。"],
        copy_to="市委办公室，市人大常委会办公室，市政协办公室", printed_by="潜江市人民政府办公室",
        printed_on=date(2023, 10, 31), draft=False, addressee="各镇、处、区，市政府各部门",
        indicators=[IndicatorLine("地区生产总值增长", "7%左右", "6.8%"),
                    IndicatorLine("规模以上工业增加值增长", "8%", "8.3%")],
    )


def sample_ledger(n: int | None = None) -> LedgerReport:
    base = with_progress(seed_tasks())
    tasks = base
    if n is not None:
        tasks = []
        while len(tasks) < n:
            for t in base:
                if len(tasks) == n:
                    break
                c = TaskLine(**{**t.__dict__, "seq": str(len(tasks) + 1)})
                tasks.append(c)
        tasks.sort(key=lambda t: SECTIONS.index(t.section))
    tasks[0] = TaskLine(**{**tasks[0].__dict__, "content": NASTY})
    return LedgerReport(title="2023年政府工作报告重点任务台账", subtitle="全部", as_of=date(2023, 10, 31),
                        tasks=tasks, office="潜江市人民政府督查室")


def sample_notice(colour: str = "red") -> NoticeSheet:
    task = with_progress(seed_tasks())[4]
    task.content = "加强马昌湖等重要湖泊生态保护修复 " + NASTY
    return NoticeSheet(doc_no="督办〔2023〕12号", colour=colour, task=task,
                       demand="请牵头单位于收到本督办单后5个工作日内，制定整改方案，明确责任人和完成时限，加快推进。",
                       reply_by=date(2023, 11, 10), issued_on=date(2023, 10, 31), office="潜江市人民政府督查室",
                       draft=False)


def text_of(reader: PdfReader) -> str:
    return "".join(p.extract_text() for p in reader.pages)


def flat(s: str) -> str:
    return re.sub(r"\s+", "", s)


def embedded_font_files(reader: PdfReader) -> list[str]:
    found = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            desc = font.get("/FontDescriptor")
            if desc is None and "/DescendantFonts" in font:
                desc = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            if desc is not None:
                found += [k for k in ("/FontFile", "/FontFile2", "/FontFile3") if k in desc.get_object()]
    return found


def test_seed_tasks_parse():
    tasks = seed_tasks()
    assert len(tasks) == 136
    assert tasks[0].lead == ["市水利和湖泊局"] and "返湾湖湿地公园管理处" in tasks[0].assist


def test_monthly(tmp_path):
    report = sample_monthly()
    out = pdf.render_monthly(report, tmp_path / "monthly.pdf")
    reader = PdfReader(out)
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - 595.3) < 1 and abs(float(box.height) - 841.9) < 1
    assert len(reader.pages) % 2 == 0                    # 版记 on an even page
    files = embedded_font_files(reader)
    assert files and set(files) == {"/FontFile2"}
    text = flat(text_of(reader))
    assert flat(report.title) in text
    assert "督查通报" in text and "第10期" in text
    for status in ("已完成", "欠进度", "逾期"):
        assert f"{status}{report.counts[status]}项" in text
    for t in report.lagging + report.overdue:
        assert flat(t.seq + t.content[:6]) in text or (t.seq in text and flat(t.content[:6]) in text)
    assert flat(NASTY) in text
    assert "—1—" in text and "—2—" in text
    assert "抄送：" in text and "印发" in text


def test_monthly_page_numbers_outer_side(tmp_path):
    out = pdf.render_monthly(sample_monthly(), tmp_path / "m.pdf")
    reader = PdfReader(out)
    positions = {}
    for i, page in enumerate(reader.pages[:2], start=1):
        def visit(text, cm, tm, font, size, i=i):
            if text.strip().startswith("—") and str(i) in text:
                positions[i] = tm[4] * cm[0] + cm[4]
        page.extract_text(visitor_text=visit)
    assert positions[1] > 400 and positions[2] < 150   # odd right, even left


def test_notice_colours(tmp_path):
    for colour, name in (("blue", "蓝色督办单"), ("yellow", "黄色督办单"), ("red", "红色督办单")):
        sheet = sample_notice(colour)
        out = pdf.render_notice(sheet, tmp_path / f"{colour}.pdf")
        reader = PdfReader(out)
        assert len(reader.pages) <= 2                        # the 回执 may take a page of its own
        text = flat(text_of(reader))
        assert flat(name[0] + name[1]) in flat(reader.pages[0].extract_text())   # band, letter-spaced
        for label in ("文号", "督办任务", "牵头单位", "协办单位", "完成时限", "最新进展", "督办要求", "反馈时限"):
            assert label in text.replace("　", "")
        assert "督办〔2023〕12号" in text and flat(NASTY) in text
        assert embedded_font_files(reader)


def test_notice_rejects_unknown_colour(tmp_path):
    with pytest.raises(ValueError):
        pdf.render_notice(sample_notice("green"), tmp_path / "x.pdf")


def test_ledger(tmp_path):
    report = sample_ledger()
    out = pdf.render_ledger(report, tmp_path / "ledger.pdf")
    reader = PdfReader(out)
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - 841.9) < 1 and abs(float(box.height) - 595.3) < 1
    assert set(embedded_font_files(reader)) == {"/FontFile2"}
    pages = [flat(p.extract_text()) for p in reader.pages]
    assert flat(report.title) in pages[0]
    for page in pages:                                       # header on every page
        assert "序号" in page and "工作任务" in page and "状态" in page
    text = "".join(pages)
    assert "—1—" in text
    assert flat(NASTY) in text
    for s in SECTIONS:
        assert flat(s) in text
    for t in report.tasks[::17]:
        assert flat(t.content[:8]) in text


def test_markup_escapes_and_falls_back():
    fs = fonts.load_fonts()
    body = fs["body"]
    out = fonts.markup(NASTY, body, tuple(fs.fallbacks))
    assert "<b>" not in out and "&lt;b&gt;" in out and "&amp;" in out and "&quot;" in out
    # a character the primary font lacks is wrapped in another font that has it
    cmap = fonts._cmap(body)
    missing = next((chr(c) for name in fs.fallbacks for c in fonts._cmap(name)
                    if c > 0x2000 and c not in cmap), None)
    if missing is None:
        pytest.skip("all installed fonts cover the same characters")
    wrapped = fonts.markup(f"甲{missing}乙", body, tuple(fs.fallbacks))
    assert "<font name=" in wrapped and wrapped.startswith("甲")


def test_no_font_raises(tmp_path):
    with pytest.raises(FontError) as err:
        pdf.render_monthly(sample_monthly(), tmp_path / "x.pdf", settings={"font.search_system": False})
    assert "apt install fonts-arphic-uming" in str(err.value)


def test_no_font_when_discovery_finds_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(fonts, "system_faces", lambda: ())
    fonts._load_fonts.cache_clear()
    try:
        with pytest.raises(FontError):
            pdf.render_ledger(sample_ledger(), tmp_path / "x.pdf")
    finally:
        fonts._load_fonts.cache_clear()


def test_font_setting_overrides_and_missing_file(tmp_path):
    ukai = "/usr/share/fonts/truetype/arphic/ukai.ttc"
    if not Path(ukai).exists():
        pytest.skip("fonts-arphic-ukai not installed")
    fs = fonts.load_fonts({"font.fangsong": ukai + "#0", "font.search_system": False})
    assert fs.faces[fs["body"]].path == ukai
    with pytest.raises(FontError) as err:
        fonts.load_fonts({"font.heiti": str(tmp_path / "nope.ttf")})
    assert "font.heiti" in str(err.value)


def test_fc_list_parsing():
    out = ("/usr/share/fonts/truetype/arphic/uming.ttc: AR PL UMing CN:index=0\n"
           "/x/wqy-microhei.ttc: WenQuanYi Micro Hei,文泉驛微米黑:index=0\n"
           "/x/simfang.ttf: FangSong,仿宋:index=0\n/x/bad.pfb: Foo:index=0\n")
    faces = fonts._parse_fc_list(out)
    assert [f.kind for f in faces] == ["songti", "heiti", "fangsong"]


def test_monthly_with_few_tasks_has_imprint_on_even_page(tmp_path):
    tasks = seed_tasks()[:6]
    report = sample_monthly(tasks)
    report.per_unit, report.chart, report.indicators = report.per_unit[:2], [], []
    reader = PdfReader(pdf.render_monthly(report, tmp_path / "short.pdf"))
    assert len(reader.pages) % 2 == 0
    assert "抄送" in reader.pages[-1].extract_text()


def test_edge_cases_build(tmp_path):
    """Empty reports, giant cells and odd inputs still give a PDF, not a LayoutError."""
    empty = MonthlyReport(office="潜江市人民政府督查室", issue_no="", title="空通报", period="2023-01",
                          date=date(2023, 1, 31), masthead="潜江市人民政府督查室督查通报")
    reader = PdfReader(pdf.render_monthly(empty, tmp_path / "empty.pdf"))
    assert len(reader.pages) % 2 == 0 and "本期无逾期任务" in flat(text_of(reader))

    shares = sample_monthly()
    shares.chart = [ChartBar(label=s, done_share=10.0 * i) for i, s in enumerate(SECTIONS)]
    shares.copy_to = ""
    pdf.render_monthly(shares, tmp_path / "shares.pdf")

    giant = sample_ledger()
    giant.tasks[3].content = "推进重点项目建设，" * 400          # taller than a page
    giant.tasks[5].section = ""
    reader = PdfReader(pdf.render_ledger(giant, tmp_path / "giant.pdf"))
    assert "推进重点项目建设" in text_of(reader)

    pdf.render_ledger(LedgerReport(title="空台账", tasks=[]), tmp_path / "empty_ledger.pdf")

    notice = sample_notice("blue")
    notice.demand = "请加快推进。" * 300
    assert len(PdfReader(pdf.render_notice(notice, tmp_path / "long_notice.pdf")).pages) >= 2


def test_rare_character_falls_back_to_a_font_that_draws_it():
    fs = fonts.load_fonts()
    drawable = [n for n in fs.fallbacks if 0x4DAE in fonts._cmap(n)]   # 䶮, as in 刘䶮
    if not drawable or 0x4DAE in fonts._cmap(fs["heading1"]):
        pytest.skip("font set does not exercise the fallback")
    out = fonts.markup("刘䶮", fs["heading1"], tuple(fs.fallbacks))
    assert out == f'刘<font name="{drawable[0]}">䶮</font>'


def test_text_cell_breaks_lines_like_the_paragraphs(tmp_path):
    """The ledger's fast cells: same width, no line starting with punctuation, Latin words
    and numbers kept whole, newlines kept, rows split by whole lines, markup as text."""
    kit = pdf._Kit(fonts.load_fonts())
    text = ("加快推进汉江下游堤防除险加固一期工程，兴隆及泽口灌区续建与现代化改造，"
            "投资123456789元，GDP增长7.5%以上。" * 3 + "\n第二段" + NASTY)
    width = 60 * 2.8346
    cell = pdf._TextCell(text, kit.cell, kit.chain)
    _, h = cell.wrap(width, 1000)
    lines = cell._lines
    assert "".join(lines) == text.replace("\n", "") and h == len(lines) * kit.cell.leading
    assert lines[-1] == "第二段" + NASTY or lines[-1].endswith(NASTY[-3:])
    assert not any(line[:1] in "，。、）%" for line in lines)
    assert all(line.count("123456789") in (0, 1) for line in lines) and "123456789" in "\n".join(lines)
    assert "7.5%" in "\n".join(lines)
    for line in lines:
        w = pdf.stringWidth(line.rstrip("，。、）%"), kit.cell.fontName, kit.cell.fontSize)
        assert w <= width - kit.cell.rightIndent + 0.01
        # what hangs stays inside the cell
        assert pdf.stringWidth(line, kit.cell.fontName, kit.cell.fontSize) <= width + 0.01
    # two closing marks at a line end (%。) do not both hang: the line breaks earlier
    probe = pdf._TextCell("", kit.cell, kit.chain)
    for n in range(10, 40):
        probe.text = "累" * n + "86%。后文"
        probe._for = None
        probe.wrap(width, 1000)
        assert all(pdf.stringWidth(x, kit.cell.fontName, kit.cell.fontSize) <= width + 0.01
                   for x in probe._lines), probe._lines
        assert not any(x[:1] in "，。、）%" for x in probe._lines)
    # the same text as a Paragraph needs about as many lines (±1)
    para = kit.p(text, kit.cell)
    _, ph = para.wrap(width, 1000)
    assert abs(ph / kit.cell.leading - len(lines)) <= 1
    first, rest = cell.split(width, kit.cell.leading * 3.5)
    assert first._lines == lines[:3] and rest._lines == lines[3:]
    assert cell.split(width, kit.cell.leading * 0.5) == []


def test_ledger_cell_draws_a_character_the_body_font_lacks_in_another_font(tmp_path):
    fs = fonts.load_fonts()
    cmap = fonts._cmap(fs["body"])
    missing = next((chr(c) for name in fs.fallbacks for c in sorted(fonts._cmap(name))
                    if 0x4E00 <= c <= 0x9FFF or 0x3400 <= c <= 0x4DBF if c not in cmap), None)
    if missing is None:
        pytest.skip("all installed fonts cover the same characters")
    report = sample_ledger()
    report.tasks[0].content = f"支持刘{missing}同志牵头的项目。"
    reader = PdfReader(pdf.render_ledger(report, tmp_path / "l.pdf"))
    font_of: dict[str, set] = {}

    def visit(text, cm, tm, font, size):
        for ch in text:
            font_of.setdefault(ch, set()).add(str(font.get("/BaseFont")) if font else None)

    text = reader.pages[0].extract_text(visitor_text=visit)
    assert f"刘{missing}同志" in flat(text)
    assert font_of[missing] and font_of[missing].isdisjoint(font_of["刘"])   # drawn in another font
