"""The 督查通报 and the 督办单 as Word files (python-docx), for editing in Word or WPS before signing.

Same words and tables as the PDF (both take them from :mod:`.structure` and
:mod:`.wording`), set as GB/T 9704 asks: A4, 37 mm top, 35 mm bottom, 28 mm
left and 26 mm right margins; 仿宋 16 pt body on an exact 28.95 pt line (22
lines a page); 黑体 一级 and 楷体 二级 headings; 小标宋 title; the red 版头
with its red rule; page numbers ``— N —`` as a PAGE field in the footer, on
the right of odd pages and the left of even ones.  Fonts are named, not
embedded: Word and WPS substitute a face the machine lacks.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from govtrack.reports import structure, wording
from govtrack.reports.model import MonthlyReport, NoticeSheet

FANGSONG, HEITI, KAITI, SONGTI, XBS = "仿宋_GB2312", "黑体", "楷体_GB2312", "宋体", "方正小标宋简体"
BODY_PT = 16
LINE_PT = 28.95
#: Character spacing of 3号 body text, in twentieths of a point: 156 mm / 28 = 15.79 pt a
#: character, 0.21 pt tighter than 16 pt, so 28 characters fill the line.
BODY_TRACKING_TWIPS = round((156 / 25.4 * 72 / 28 - BODY_PT) * 20)
RED = RGBColor(0xD4, 0x00, 0x00)
LIGHT_FILL = {"green": "C6EFCE", "yellow": "FFEB9C", "red": "FFC7CE"}
NOTICE_FILL = {"blue": ("蓝色", "1F5FBF"), "yellow": ("黄色", "F2C200"), "red": ("红色", "C00000")}


# ---------------------------------------------------------------- low-level helpers


def _fonts(run, face: str, size: float, bold: bool = False, colour: RGBColor | None = None) -> None:
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = face
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), face)
    if colour is not None:
        run.font.color.rgb = colour
    if size == BODY_PT:
        spacing = OxmlElement("w:spacing")
        spacing.set(qn("w:val"), str(BODY_TRACKING_TWIPS))
        rpr.append(spacing)


def _para(container, text: str = "", face: str = FANGSONG, size: float = BODY_PT, *,
          align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent: bool = True, line: float | None = LINE_PT,
          bold: bool = False, colour=None, before: float = 0, after: float = 0):
    p = container.add_paragraph()
    fmt = p.paragraph_format
    fmt.alignment = align
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if line:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(line)
    if indent:
        fmt.first_line_indent = Pt(2 * size)
    fmt.widow_control = True
    if line != LINE_PT:                      # tables, notes, titles: off the 22-line grid
        snap = OxmlElement("w:snapToGrid")
        snap.set(qn("w:val"), "0")
        p._p.get_or_add_pPr().append(snap)
    if text:
        lines = text.split("\n")
        for i, ln in enumerate(lines):
            r = p.add_run(ln)
            _fonts(r, face, size, bold, colour)
            if i < len(lines) - 1:
                r.add_break()
    return p


def _border(p, side: str, colour: str = "000000", size_eighths: int = 8) -> None:
    ppr = p._p.get_or_add_pPr()
    bdr = ppr.find(qn("w:pBdr"))
    if bdr is None:
        bdr = OxmlElement("w:pBdr")
        ppr.append(bdr)
    el = OxmlElement(f"w:{side}")
    el.set(qn("w:val"), "single")
    el.set(qn("w:sz"), str(size_eighths))
    el.set(qn("w:space"), "1")
    el.set(qn("w:color"), colour)
    bdr.append(el)


def _page_field(p, face: str = SONGTI, size: float = 14) -> None:
    """'— N —' with N a PAGE field, so Word numbers the pages itself."""
    def run(text=""):
        r = p.add_run(text)
        _fonts(r, face, size)
        return r
    run("— ")
    r = run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    r._r.append(begin)
    r = run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    r._r.append(instr)
    r = run()
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    r._r.append(sep)
    run("1")
    r = run()
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    r._r.append(end)
    run(" —")


def _document(numbered: bool = True) -> Document:
    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Mm(37), Mm(35)
    sec.left_margin, sec.right_margin = Mm(28), Mm(26)
    sec.header_distance, sec.footer_distance = Mm(15), Mm(24)
    _grid(sec)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    normal.font.name = FANGSONG
    rpr = normal.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.append(rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia"):
        rfonts.set(qn(attr), FANGSONG)
    if numbered:
        doc.settings.odd_and_even_pages_header_footer = True
        odd = sec.footer.paragraphs[0]
        odd.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        odd.paragraph_format.right_indent = Pt(14)        # one 4号 character in from the edge
        _page_field(odd)
        even = sec.even_page_footer.paragraphs[0]
        even.alignment = WD_ALIGN_PARAGRAPH.LEFT
        even.paragraph_format.left_indent = Pt(14)
        _page_field(even)
    return doc


def _grid(sec) -> None:
    """Line grid of GB/T 9704: 22 lines a page (28.95 pt pitch).  Not the character grid:
    LibreOffice spreads characters far apart with it; the 28 characters a line come
    from the body runs' character spacing instead (see :data:`BODY_TRACKING_TWIPS`)."""
    sectpr = sec._sectPr
    grid = sectpr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sectpr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(round(LINE_PT * 20)))                 # twips


def _draft_mark(doc) -> None:
    p = _para(doc, "草稿", HEITI, 16, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, colour=RED, line=None)
    p.paragraph_format.left_indent = Mm(156) - Pt(4 * 16)        # a small box at the top right
    for side in ("top", "left", "bottom", "right"):
        _border(p, side, "D40000", 8)


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _no_split(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))


def _shade(cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def _cell_text(cell, text: str, face: str = FANGSONG, size: float = 10.5, align="l", bold=False) -> None:
    cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
    _para(cell, text, face, size, indent=False, line=None, bold=bold,
          align={"l": WD_ALIGN_PARAGRAPH.LEFT, "c": WD_ALIGN_PARAGRAPH.CENTER}[align])


def _table(doc, t: structure.Table, size: float = 10.5):
    table = doc.add_table(rows=1, cols=len(t.heads))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for cell, head in zip(table.rows[0].cells, t.heads):
        _cell_text(cell, head, HEITI, size, "c")
        _shade(cell, "EDEDED")
    _repeat_header(table.rows[0])
    rows = list(t.rows) + ([t.total_row] if t.total_row else [])
    for i, values in enumerate(rows):
        row = table.add_row()
        _no_split(row)
        total = t.total_row is not None and i == len(rows) - 1
        for j, (cell, value) in enumerate(zip(row.cells, values)):
            align = (t.aligns[j] if j < len(t.aligns) else "l")
            _cell_text(cell, value, HEITI if total else FANGSONG, size, align)
        if i < len(t.lights) and t.lights[i] in LIGHT_FILL:
            _shade(row.cells[t.heads.index("状态") if "状态" in t.heads else -1], LIGHT_FILL[t.lights[i]])
    _widths(table, t.widths_mm)
    return table


def _widths(table, widths_mm) -> None:
    """Fixed column widths that Word, WPS and LibreOffice all keep (grid, cells and layout)."""
    tbl = table._tbl
    tblpr = tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tblpr.append(layout)
    tblw = tblpr.find(qn("w:tblW"))
    if tblw is None:
        tblw = OxmlElement("w:tblW")
        tblpr.append(tblw)
    tblw.set(qn("w:type"), "dxa")
    tblw.set(qn("w:w"), str(int(sum(widths_mm) * 56.7)))
    for col, w in zip(tbl.tblGrid.findall(qn("w:gridCol")), widths_mm):
        col.set(qn("w:w"), str(int(w * 56.7)))
    for row in table.rows:
        for cell, w in zip(row.cells, widths_mm):
            cell.width = Mm(w)


# ---------------------------------------------------------------- 通报


def _masthead(doc, report: MonthlyReport) -> None:
    name = report.masthead
    p = _para(doc, name, XBS, 42 if len(name) <= 6 else 30, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False,
              line=None, colour=RED, after=6)
    for r in p.runs:
        r.font.spacing = Pt(12) if len(name) <= 6 else None
    _para(doc, wording.issue_no_label(report.issue_no, report.draft), FANGSONG, BODY_PT,
          align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    line = _para(doc, "", FANGSONG, BODY_PT, align=WD_ALIGN_PARAGRAPH.LEFT, indent=False)
    line.paragraph_format.left_indent = Pt(BODY_PT)
    line.paragraph_format.tab_stops.add_tab_stop(Mm(156) - Pt(2 * BODY_PT), WD_TAB_ALIGNMENT.RIGHT)
    r = line.add_run(f"{report.office}\t{wording.cn_date(report.date)}")
    _fonts(r, FANGSONG, BODY_PT)
    _border(line, "bottom", "D40000", 18)          # the red rule under the 版头 (2.25 pt)


def _imprint(doc, report: MonthlyReport) -> None:
    """版记: 抄送 and the 印发 line between rules, at the end of the document."""
    _para(doc, "", indent=False)
    if report.copy_to:
        p = _para(doc, f"抄送：{report.copy_to.rstrip('。')}。", FANGSONG, 14, indent=False, line=None)
        p.paragraph_format.left_indent = Pt(14)
        _border(p, "top", size_eighths=8)
        _border(p, "bottom", size_eighths=4)
    p = _para(doc, "", FANGSONG, 14, indent=False, line=None, align=WD_ALIGN_PARAGRAPH.LEFT)
    p.paragraph_format.left_indent = Pt(14)
    p.paragraph_format.tab_stops.add_tab_stop(Mm(156) - Pt(28), WD_TAB_ALIGNMENT.RIGHT)
    r = p.add_run(f"{report.printed_by or report.office}\t{wording.cn_date(report.printed_on or report.date)}印发")
    _fonts(r, FANGSONG, 14)
    if not report.copy_to:
        _border(p, "top", size_eighths=8)
    _border(p, "bottom", size_eighths=8)


def write_monthly(report: MonthlyReport, path) -> Path:
    """Write the 通报 as .docx: 版头, body, 附件说明, signature, 附件1 and 2, 版记."""
    doc = _document()
    doc.core_properties.title = report.title
    doc.core_properties.author = report.office
    if report.draft:
        _draft_mark(doc)
    _masthead(doc, report)
    _para(doc, "", indent=False)
    _para(doc, report.title, XBS, 22, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, line=35, after=LINE_PT)
    for block in structure.monthly_blocks(report):
        k = block.kind
        if k == "addressee":
            _para(doc, block.text, indent=False)
        elif k == "p":
            _para(doc, block.text)
        elif k == "h1":
            _para(doc, block.text, HEITI).paragraph_format.keep_with_next = True
        elif k == "h2":
            _para(doc, block.text, KAITI).paragraph_format.keep_with_next = True
        elif k == "chart":
            continue                                   # the chart is in the PDF; Word gets the tables
        elif k == "attach_note":
            _para(doc, "", indent=False)
            for i, ln in enumerate(block.lines):
                p = _para(doc, ("附件：" if i == 0 else "") + ln, indent=False)
                p.paragraph_format.left_indent = Pt(BODY_PT * (2 if i == 0 else 5))
        elif k == "signature":
            _para(doc, "", indent=False)
            _para(doc, "", indent=False)
            for ln in block.lines:
                p = _para(doc, ln, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
                p.paragraph_format.right_indent = Pt(BODY_PT * 4)      # 成文日期右空四字
        elif k == "attachment":
            p = _para(doc, block.text, HEITI, indent=False, align=WD_ALIGN_PARAGRAPH.LEFT)
            p.paragraph_format.page_break_before = True
            _para(doc, block.lines[0], XBS, 22, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, line=35,
                  after=12)
        elif k == "table":
            _table(doc, structure.task_table(report) if block.table == "tasks" else structure.unit_table(report))
        elif k == "note":
            _para(doc, block.text, FANGSONG, 12, indent=False, line=20, before=6)
    _imprint(doc, report)
    doc.save(str(path))
    return Path(path)


# ---------------------------------------------------------------- 督办单


def write_notice(sheet: NoticeSheet, path) -> Path:
    """Write a 督办单 as .docx: colour band, 文号, addressee, the rows, signature, 回执."""
    name, fill = NOTICE_FILL[sheet.colour]
    doc = _document(numbered=False)
    doc.core_properties.title = f"{name}督办单"
    doc.core_properties.author = sheet.office
    if sheet.draft:
        _draft_mark(doc)
    band = doc.add_table(rows=1, cols=1)
    band.alignment = WD_TABLE_ALIGNMENT.CENTER
    cell = band.rows[0].cells[0]
    _cell_text(cell, f"{name}督办单", XBS, 26, "c")
    for r in cell.paragraphs[0].runs:
        r.font.color.rgb = RGBColor(0, 0, 0) if sheet.colour == "yellow" else RGBColor(0xFF, 0xFF, 0xFF)
    _shade(cell, fill)
    year = sheet.issued_on.year if sheet.issued_on else 0
    _para(doc, wording.doc_no_label(sheet.doc_no, sheet.draft, year), align=WD_ALIGN_PARAGRAPH.CENTER,
          indent=False, before=6)
    _para(doc, (sheet.addressee or "牵头单位") + "：", indent=False)
    _para(doc, structure.NOTICE_INTRO, size=14,
          line=24)
    rows = structure.notice_rows(sheet)
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for label, value in rows:
        row = table.add_row()
        _cell_text(row.cells[0], label, HEITI, 12, "c")
        _cell_text(row.cells[1], value, FANGSONG, 12, "l")
    _widths(table, (28, 128))
    _para(doc, "", indent=False)
    p = _para(doc, "签发：　　　　　　", indent=False, size=14, line=24, align=WD_ALIGN_PARAGRAPH.LEFT)
    p.paragraph_format.left_indent = Pt(14)
    for ln in (f"{sheet.office}（盖章）", wording.cn_date(sheet.issued_on)):
        p = _para(doc, ln, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT, line=LINE_PT)
        p.paragraph_format.right_indent = Pt(BODY_PT * 4)      # 成文日期右空四字
    # 回执: the unit fills it in and sends it back; kept on one page, whole
    cut = _para(doc, "✂ - - - - - - - - - - - - - - - - - - - - - - - - - - - - - -", size=10.5, indent=False,
                line=None, align=WD_ALIGN_PARAGRAPH.CENTER, before=12)
    cut.paragraph_format.keep_with_next = True
    _para(doc, "回　执", HEITI, 16, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False,
          line=None).paragraph_format.keep_with_next = True
    receipt = doc.add_table(rows=0, cols=2)
    receipt.style = "Table Grid"
    rows = structure.receipt_rows(sheet)
    for i, (label, value) in enumerate(rows):
        row = receipt.add_row()
        _no_split(row)
        _cell_text(row.cells[0], label, HEITI, 12, "c")
        _cell_text(row.cells[1], value, FANGSONG, 12, "l")
        if i < len(rows) - 1:
            for cell in row.cells:
                for para in cell.paragraphs:
                    para.paragraph_format.keep_with_next = True
    _widths(receipt, (28, 128))
    doc.save(str(path))
    return Path(path)


__all__ = ["write_monthly", "write_notice"]
