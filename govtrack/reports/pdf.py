"""Lay out the printed reports (督查通报, 督办单, 台账) as PDF with reportlab platypus.

The layout follows GB/T 9704-2012 (党政机关公文格式) where it applies, because
these papers go to leaders next to ordinary 公文 and are judged by the same
eye: A4, 37 mm top and 28 mm left margin, a 156 × 225 mm text block, 22 pt
titles, 16 pt body text on a 28.95 pt grid (22 lines), 黑体 and 楷体 headings,
``— N —`` page numbers on the outer side, and the 版记 at the foot of an even
page.  The ledger is a wide table and uses landscape pages.

Everything here reads the dataclasses of :mod:`govtrack.reports.model`; there
is no database access.  Every piece of text from data goes through
:func:`govtrack.reports.fonts.markup`, which escapes it for Paragraph markup and
switches to a fallback font for characters the main font lacks.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (BaseDocTemplate, CondPageBreak, Flowable, Frame, PageBreak,
                                PageTemplate, Paragraph, Spacer, Table, TableStyle)

from reportlab.lib import textsplit as _rl_textsplit
from reportlab.platypus import paragraph as _rl_paragraph

from govtrack.reports import cjk_lines, structure, wording
from govtrack.reports.fonts import FontSet, _cmap, _fallback_for, load_fonts, markup, plain_font_for
from govtrack.reports.model import (LONG_TERM, REPORT_ORDER, ChartBar, LedgerReport, MonthlyReport,
                                    NoticeSheet, TaskLine)

# Page streams are Flate-compressed; reportlab would also ASCII85-encode them, which
# only makes the file 25% larger and, without the optional C accelerator, costs
# seconds on a 300-page ledger.
rl_config.useA85 = 0

# reportlab's CJK line breaker keeps a line from starting with the characters in
# this module global, but its list lacks the full-width Chinese punctuation
# (，；：！？ and closing quotes), so lines could start with a comma.  Adding them
# makes that character hang at the end of the previous line instead (标点悬挂).
_NO_LINE_START = "，；：！？、。）》」』】〕〉”’…%％·"
for _module in (_rl_paragraph, _rl_textsplit):   # both line breakers keep their own copy
    _module.ALL_CANNOT_START += "".join(c for c in _NO_LINE_START if c not in _module.ALL_CANNOT_START)
# Our own CJK breaker and justification: no break inside a number or before its unit,
# no one-character last line, straight right edges (see reports/cjk_lines.py).
cjk_lines.install()

# ---------------------------------------------------------------- geometry (GB/T 9704)

PAGE_W, PAGE_H = A4
MARGIN_TOP = 37 * mm
MARGIN_LEFT = 28 * mm
BLOCK_W = 156 * mm
BLOCK_H = 225 * mm
MARGIN_BOTTOM = PAGE_H - MARGIN_TOP - BLOCK_H          # 35 mm
BODY_SIZE = 16                                           # 3号
BODY_TRACKING = BLOCK_W / 28 - BODY_SIZE                 # −0.21 pt a character: 28 fill the 156 mm line
BODY_LEADING = BLOCK_H / 22                              # 22 lines a page ≈ 28.95 pt
TITLE_SIZE = 22                                          # 2号
PAGENUM_SIZE = 14                                        # 4号
IMPRINT_SIZE = 14                                        # 4号, 版记
TABLE_SIZE = 10.5                                        # 五号, for dense tables
TABLE_LEADING = 14

RED = colors.HexColor("#D40000")                         # 版头 red
LIGHT_FILL = {"green": colors.HexColor("#C6EFCE"), "yellow": colors.HexColor("#FFEB9C"),
              "red": colors.HexColor("#FFC7CE")}
LIGHT_TEXT = {"green": colors.HexColor("#006100"), "yellow": colors.HexColor("#7F6000"),
              "red": colors.HexColor("#9C0006")}
NOTICE_COLOURS = {
    # colour → (名称, band fill, band text, tint for label cells)
    "blue": ("蓝色", colors.HexColor("#1F5FBF"), colors.white, colors.HexColor("#E3ECF9")),
    "yellow": ("黄色", colors.HexColor("#F2C200"), colors.black, colors.HexColor("#FFF6D5")),
    "red": ("红色", colors.HexColor("#C00000"), colors.white, colors.HexColor("#FBE3E3")),
}
HEAD_FILL = colors.HexColor("#EDEDED")
GRID = colors.HexColor("#404040")

CN_NUMERALS = "一二三四五六七八九十"


def cn_number(n: int) -> str:
    """1 → 一, 12 → 十二, 21 → 二十一 (heading numbers; n ≤ 99)."""
    if n <= 10:
        return CN_NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return (CN_NUMERALS[tens - 1] if tens > 1 else "") + "十" + (CN_NUMERALS[ones - 1] if ones else "")


def cn_date(d: date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


def _pct(part: int, total: int) -> str:
    return f"{part * 100 / total:.1f}%" if total else "0%"


# ---------------------------------------------------------------- styles


class _Para(Paragraph):
    """A Paragraph that remembers its last wrap.

    A table cell is wrapped when the table measures its rows, again when it
    splits across a page and again when it draws; for a 2,000-row ledger that
    tripled the time spent breaking lines.  Line breaking depends only on the
    width, so the same width gives the same lines.
    """

    _wrapped_for = None

    def _track(self) -> float:
        """The style's tracking, for left/justified 3号 text only (derived styles inherit it)."""
        st = self.style
        if st.fontSize != BODY_SIZE or st.alignment not in (TA_JUSTIFY, TA_LEFT):
            return 0.0
        return getattr(st, "tracking", 0.0)

    def _tracked(self, avail_w):
        track = self._track()
        return cjk_lines.tracked_width(avail_w, self.style.fontSize, track) if track else avail_w

    def wrap(self, avail_w, avail_h):
        if self._wrapped_for == avail_w:
            return avail_w if self._tracked(avail_w) != avail_w else self.width, self.height
        w, h = super().wrap(self._tracked(avail_w), avail_h)
        self._wrapped_for = avail_w
        return (avail_w if w != avail_w and self._track() else w), h

    def split(self, avail_w, avail_h):
        self._wrapped_for = None
        return super().split(self._tracked(avail_w), avail_h)

    def breakLinesCJK(self, maxWidths):
        """Every CJK paragraph through :func:`cjk_lines.cjk_frag_split`: reportlab sends a
        single-font paragraph to a plain splitter that neither keeps numbers whole nor
        justifies."""
        frags = self.frags
        if len(frags) != 1 or hasattr(frags[0], "cbDefn") or self.style.endDots:
            return super().breakLinesCJK(maxWidths)
        if hasattr(self, "blPara") and getattr(self, "_splitpara", 0):
            return self.blPara
        if not isinstance(maxWidths, (list, tuple)):
            maxWidths = [maxWidths]
        self.height = 0
        _rl_paragraph._handleBulletWidth(self.bulletText, self.style, maxWidths)
        return cjk_lines.cjk_frag_split(frags, maxWidths, False)

    def draw(self):
        track = self._track()
        if not track:
            return super().draw()
        self.canv._gt_tracking = track
        try:
            return super().draw()
        finally:
            self.canv._gt_tracking = 0.0


class _Kit:
    """Fonts and paragraph styles for one render, plus a markup shortcut."""

    def __init__(self, fonts: FontSet):
        self.fonts = fonts
        self.chain = tuple(fonts.fallbacks)
        body, title, h1, h2 = fonts["body"], fonts["title"], fonts["heading1"], fonts["heading2"]
        base = dict(wordWrap="CJK", allowOrphans=1, allowWidows=1)
        self.title = ParagraphStyle("title", fontName=title, fontSize=TITLE_SIZE, leading=TITLE_SIZE * 1.5,
                                    alignment=TA_CENTER, spaceAfter=BODY_LEADING, **base)
        self.body = ParagraphStyle("body", fontName=body, fontSize=BODY_SIZE, leading=BODY_LEADING,
                                   firstLineIndent=2 * BODY_SIZE, alignment=TA_JUSTIFY, **base)
        self.body.tracking = BODY_TRACKING
        # Headings are kept with the next lines by a CondPageBreak before them (see
        # _heading), not keepWithNext: that would move a whole long paragraph to the
        # next page with its heading, leaving a gap.
        self.h1 = ParagraphStyle("h1", parent=self.body, fontName=h1)
        self.h2 = ParagraphStyle("h2", parent=self.body, fontName=h2)
        self.caption = ParagraphStyle("caption", fontName=h1, fontSize=12, leading=18,
                                      alignment=TA_CENTER, spaceBefore=4, spaceAfter=6, **base)
        # rightIndent: room for punctuation that hangs at a line end (，。 may not start
        # a line), so it stays inside the cell instead of crossing the rule.
        self.cell = ParagraphStyle("cell", fontName=body, fontSize=TABLE_SIZE, leading=TABLE_LEADING,
                                   alignment=TA_LEFT, rightIndent=TABLE_SIZE * 0.5, **base)
        self.cell_c = ParagraphStyle("cell_c", parent=self.cell, alignment=TA_CENTER, rightIndent=0)
        self.head = ParagraphStyle("head", parent=self.cell_c, fontName=h1)
        self.cell12 = ParagraphStyle("cell12", parent=self.cell, fontSize=12, leading=16, rightIndent=6)
        self.cell12_c = ParagraphStyle("cell12_c", parent=self.cell12, alignment=TA_CENTER, rightIndent=0)
        self.head12 = ParagraphStyle("head12", parent=self.cell12_c, fontName=h1)
        self.section = ParagraphStyle("section", parent=self.cell, fontName=h1)
        self.imprint = ParagraphStyle("imprint", fontName=body, fontSize=IMPRINT_SIZE,
                                      leading=IMPRINT_SIZE * 1.45, **base)

    def m(self, text: str, style: ParagraphStyle) -> str:
        return markup(text or "", style.fontName, self.chain)

    def p(self, text: str, style: ParagraphStyle) -> Paragraph:
        """A Paragraph of data text: escaped, with font fallback."""
        return _Para(self.m(text, style), style)

    def font_for(self, role: str, text: str) -> str:
        return plain_font_for(self.fonts, role, text)

    def short(self, text: str, style: ParagraphStyle, limit: int = 4):
        """A short cell as a plain string (no line breaking to do), else a Paragraph.

        Plain strings are drawn in the table's FONT, so only text that font can
        draw, and that cannot need a second line, goes this way.
        """
        text = text or ""
        if len(text) <= limit and plain_font_for(self.fonts, "body", text) == self.fonts["body"]:
            return text
        return self.p(text, style)

    def balanced(self, text: str, style: ParagraphStyle, width: float) -> Paragraph:
        """A centred title broken into lines of about equal length, at a word edge.

        GB/T 9704 asks for titles in 梯形 or 菱形 shape, broken where the
        meaning allows, not a full line and a two-character orphan.  We aim at
        equal lines and move each break up to four characters to fall after a
        likely word end (报告, 的, 关于…); if the pieces do not fit we let
        reportlab break the lines.
        """
        font, size = style.fontName, style.fontSize
        full = stringWidth(text, font, size)
        if full <= width or "\n" in text:
            return self.p(text, style)
        n = int(full // width) + 1
        pieces, start = [], 0
        for k in range(1, n):
            target = round(len(text) * k / n)
            best = target
            for delta in (0, 1, -1, 2, -2, 3, -3, 4, -4):
                pos = target + delta
                if start < pos < len(text) and _good_title_break(text, pos):
                    best = pos
                    break
            pieces.append(text[start:best])
            start = best
        pieces.append(text[start:])
        if any(stringWidth(piece, font, size) > width for piece in pieces):
            return self.p(text, style)
        return _Para("<br/>".join(self.m(piece, style) for piece in pieces), style)


_BREAK_AFTER = "的告于和及与、，：）》」】年月"
_BREAK_BEFORE = ("重点", "关于", "推进", "落实", "情况", "督查", "工作", "任务", "通报", "（", "《")


def _good_title_break(text: str, pos: int) -> bool:
    """Whether a title may break before ``text[pos]``: after a word-final character
    or before a common word, never inside a run of digits."""
    before, after = text[pos - 1], text[pos]
    if before.isdigit() and after.isdigit():
        return False
    if after in _BREAK_AFTER:          # would start a line with 的 or punctuation
        return False
    return before in _BREAK_AFTER or text.startswith(_BREAK_BEFORE, pos)


# ---------------------------------------------------------------- page furniture


class _GovDoc(BaseDocTemplate):
    """A portrait 公文 page: GB/T 9704 text block, page numbers on the outer side."""

    def __init__(self, path: str, kit: _Kit, numbered: bool = True, border: tuple | None = None,
                 **kw):
        super().__init__(path, pagesize=A4, leftMargin=MARGIN_LEFT, rightMargin=PAGE_W - MARGIN_LEFT - BLOCK_W,
                         topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, creator="GovTrack",
                         initialFontName=kit.fonts["body"], **kw)
        self.kit = kit
        self.numbered = numbered
        self.border = border
        self.content_pages: set[int] = set()
        self.imprint_page: int | None = None
        frame = Frame(MARGIN_LEFT, MARGIN_BOTTOM, BLOCK_W, BLOCK_H, id="block",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate("page", [frame], onPage=self._on_page,
                                            onPageEnd=self._on_page_end)])

    def afterFlowable(self, flowable):
        if isinstance(flowable, _Imprint):
            self.imprint_page = self.page
        elif not isinstance(flowable, (PageBreak, CondPageBreak, Spacer)):
            self.content_pages.add(self.page)

    def _on_page(self, canv, doc):
        if self.border:
            colour, width = self.border
            canv.saveState()
            canv.setStrokeColor(colour)
            canv.setLineWidth(width)
            pad = 5 * mm
            canv.rect(MARGIN_LEFT - pad, MARGIN_BOTTOM - pad, BLOCK_W + 2 * pad, BLOCK_H + 2 * pad)
            canv.restoreState()

    def _on_page_end(self, canv, doc):
        page = self.page
        if not self.numbered:
            return
        # GB/T 9704 7.5: a blank page before the 版记 page, and that 版记 page, carry no number.
        has_content = page in self.content_pages
        if not has_content:
            if self.imprint_page != page or (page - 1) not in self.content_pages:
                return
        text = f"— {page} —"
        font = self.kit.font_for("pagenum", text)
        canv.saveState()
        canv.setFont(font, PAGENUM_SIZE)
        # The 一字线 (drawn at about 0.4 em above the baseline) sits 7 mm below the block.
        y = MARGIN_BOTTOM - 7 * mm - PAGENUM_SIZE * 0.4
        if page % 2:
            canv.drawRightString(MARGIN_LEFT + BLOCK_W - PAGENUM_SIZE, y, text)
        else:
            canv.drawString(MARGIN_LEFT + PAGENUM_SIZE, y, text)
        canv.restoreState()


class _Imprint(Flowable):
    """The 版记 (抄送, 印发 line) at the foot of the text block on an even page.

    It takes the rest of the frame and draws at its bottom.  On an odd page, or
    when there is no room, it splits into a page break plus itself, so it lands
    on the next even page (leaving an odd page blank if it must).
    """

    def __init__(self, kit: _Kit, copy_to: str, printed_by: str, printed_on: date | None):
        super().__init__()
        self.kit = kit
        self.copy_para = None
        if copy_to:
            text = copy_to.strip().rstrip("。") + "。"
            style = ParagraphStyle("copy", parent=kit.imprint, leftIndent=4 * IMPRINT_SIZE,
                                   firstLineIndent=-3 * IMPRINT_SIZE, rightIndent=IMPRINT_SIZE)
            self.copy_para = Paragraph(markup("抄送：", style.fontName, kit.chain)
                                       + kit.m(text, style), style)
        self.printed_by = printed_by
        self.printed_on = f"{cn_date(printed_on)}印发" if printed_on else ""
        self._content_h = 0.0

    def _measure(self, avail_w):
        row = IMPRINT_SIZE * 2.0
        h = row
        if self.copy_para is not None:
            _, ph = self.copy_para.wrap(avail_w, 10_000)
            h += ph + IMPRINT_SIZE * 0.6
        return h

    def _on_even_page(self) -> bool:
        canv = getattr(self, "canv", None)
        return canv is None or canv.getPageNumber() % 2 == 0

    def wrap(self, avail_w, avail_h):
        self.width = avail_w
        self._content_h = self._measure(avail_w)
        if self._on_even_page() and self._content_h <= avail_h:
            self.height = avail_h
        else:
            self.height = max(self._content_h, avail_h) + 1
        return self.width, self.height

    def split(self, avail_w, avail_h):
        return [PageBreak(), self]

    def draw(self):
        canv = self.canv
        kit = self.kit
        w = self.width
        thick, thin = 0.35 * mm * 2.83, 0.25 * mm * 2.83   # mm → pt (rules 0.35 mm and 0.25 mm)
        canv.saveState()
        canv.setStrokeColor(colors.black)
        y = 0
        canv.setLineWidth(thick)
        canv.line(0, y, w, y)
        # 印发 line: office one character in on the left, date one character in on the right.
        base = y + IMPRINT_SIZE * 0.65
        if self.printed_by:
            canv.setFont(kit.font_for("body", self.printed_by), IMPRINT_SIZE)
            canv.drawString(IMPRINT_SIZE, base, self.printed_by)
        if self.printed_on:
            canv.setFont(kit.font_for("body", self.printed_on), IMPRINT_SIZE)
            canv.drawRightString(w - IMPRINT_SIZE, base, self.printed_on)
        y += IMPRINT_SIZE * 2.0
        if self.copy_para is not None:
            canv.setLineWidth(thin)
            canv.line(0, y, w, y)
            _, ph = self.copy_para.wrap(w, 10_000)
            self.copy_para.drawOn(canv, 0, y + IMPRINT_SIZE * 0.3)
            y += ph + IMPRINT_SIZE * 0.6
        canv.setLineWidth(thick)
        canv.line(0, y, w, y)
        canv.restoreState()


class _Masthead(Flowable):
    """The red 版头 of a 通报: big red name, issue number, office and date, red rule."""

    def __init__(self, kit: _Kit, name: str, issue_no: str, office: str, issued: date):
        super().__init__()
        self.kit, self.name, self.issue_no, self.office = kit, name, issue_no, office
        self.issued = cn_date(issued)
        self.name_size = 42 if len(name) <= 6 else max(26, int(BLOCK_W / (len(name) * 1.15)))

    def wrap(self, avail_w, avail_h):
        self.width = avail_w
        self.height = self.name_size * 1.2 + BODY_LEADING * 2 + 14
        return self.width, self.height

    def draw(self):
        canv, kit = self.canv, self.kit
        w, h = self.width, self.height
        canv.saveState()
        size = self.name_size
        spacing = size * 0.35 if len(self.name) <= 6 else 0
        font = kit.font_for("title", self.name)
        text_w = canv.stringWidth(self.name, font, size) + spacing * (len(self.name) - 1)
        canv.setFillColor(RED)
        canv.setFont(font, size)
        y = h - size
        canv.drawString((w - text_w) / 2, y, self.name, charSpace=spacing)
        canv.setFillColor(colors.black)
        y -= BODY_LEADING
        if self.issue_no:
            f = kit.font_for("body", self.issue_no)
            canv.setFont(f, BODY_SIZE)
            canv.drawCentredString(w / 2, y, self.issue_no)
        y -= BODY_LEADING
        if self.office:
            canv.setFont(kit.font_for("body", self.office), BODY_SIZE)
            canv.drawString(BODY_SIZE, y, self.office)
        if self.issued:
            canv.setFont(kit.font_for("body", self.issued), BODY_SIZE)
            canv.drawRightString(w - BODY_SIZE, y, self.issued)
        canv.setStrokeColor(RED)
        canv.setLineWidth(2)
        canv.line(0, y - 10, w, y - 10)
        canv.restoreState()


class _Rule(Flowable):
    """A horizontal rule across the block (dashed for a cut-off line)."""

    def __init__(self, width: float = 0.6, colour=GRID, dash: bool = False):
        super().__init__()
        self.line_width, self.colour, self.dash = width, colour, dash

    def wrap(self, avail_w, avail_h):
        self.width, self.height = avail_w, self.line_width
        return self.width, self.height

    def draw(self):
        self.canv.saveState()
        self.canv.setStrokeColor(self.colour)
        self.canv.setLineWidth(self.line_width)
        if self.dash:
            self.canv.setDash(4, 3)
        self.canv.line(0, 0, self.width, 0)
        self.canv.restoreState()


class _Band(Flowable):
    """A coloured band across the block with a centred name, for the 督办单."""

    def __init__(self, kit: _Kit, text: str, fill, text_colour, size: float = 28):
        super().__init__()
        self.kit, self.text, self.fill, self.text_colour, self.size = kit, text, fill, text_colour, size

    def wrap(self, avail_w, avail_h):
        self.width, self.height = avail_w, self.size * 2.1
        return self.width, self.height

    def draw(self):
        canv = self.canv
        canv.saveState()
        canv.setFillColor(self.fill)
        canv.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        font = self.kit.font_for("title", self.text)
        spacing = self.size * 0.3
        tw = canv.stringWidth(self.text, font, self.size) + spacing * (len(self.text) - 1)
        canv.setFillColor(self.text_colour)
        canv.setFont(font, self.size)
        canv.drawString((self.width - tw) / 2, (self.height - self.size * 0.8) / 2, self.text,
                        charSpace=spacing)
        canv.restoreState()


# ---------------------------------------------------------------- fast text cells

_NO_LINE_END = "（《「『【〔〈“‘([{"
_char_widths: dict[str, dict[str, float]] = {}


def _is_word_char(ch: str) -> bool:
    """Latin letters, digits and the marks inside numbers: not broken inside a run."""
    return ch.isascii() and (ch.isalnum() or ch in ".,%-/:+_")


class _TextCell(Flowable):
    """Plain text in a table cell, broken into lines by the same rules as the
    Paragraphs (a line does not start with ，。、）% etc. — such a character hangs at
    the end of the line, in the cell's right indent; a line does not end with an
    opening bracket; Latin words and numbers are not split), and drawn line by line.

    The ledger's task and progress cells are thousands of single-style texts; for
    them this does the work of reportlab's Paragraph (markup parsing, fragment
    lists, the CJK breaker) in a fraction of the time.  Characters the cell's font
    lacks are drawn in a fallback font, as :func:`fonts.markup` does for Paragraphs.
    """

    def __init__(self, text: str, style: ParagraphStyle, chain: tuple[str, ...], lines=None):
        super().__init__()
        self.text = (text or "").replace("\r\n", "\n")
        self.font, self.size, self.leading = style.fontName, style.fontSize, style.leading
        self.right = style.rightIndent
        self.style, self.chain = style, chain
        self._lines = lines
        self._for = None if lines is None else "fixed"

    def _font_of(self, ch: str, cmap) -> str:
        if ord(ch) in cmap or not self.chain or ch in " \t":
            return self.font
        return _fallback_for(ch, self.font, self.chain)

    def _break(self, width: float) -> list[str]:
        cmap = _cmap(self.font)
        widths = _char_widths.setdefault(self.font, {})
        avail = width - self.right
        out: list[str] = []
        for para in self.text.split("\n"):
            line: list[str] = []
            line_w = 0.0
            for ch in para:
                w = widths.get(ch)
                if w is None:
                    w = widths[ch] = pdfmetrics.stringWidth(ch, self._font_of(ch, cmap), 1000) / 1000
                w *= self.size
                if line and line_w + w > avail and (ch not in _NO_LINE_START or line_w + w > width):
                    carry: list[str] = []
                    if ch in _NO_LINE_START:
                        # too wide to hang in the right indent (。 after %): the character
                        # before it goes down too, so the next line does not start with it
                        while len(line) > 1:
                            carry.insert(0, line.pop())
                            if carry[0] not in _NO_LINE_START:
                                break
                    elif _is_word_char(ch):          # do not split a Latin word or a number
                        k = len(line)
                        while k > 0 and _is_word_char(line[k - 1]):
                            k -= 1
                        if k > 0:
                            carry, line = line[k:], line[:k]
                    while len(line) > 1 and line[-1] in _NO_LINE_END:
                        carry.insert(0, line.pop())
                    out.append("".join(line))
                    line = carry
                    line_w = sum(widths[c] for c in line) * self.size
                line.append(ch)
                line_w += w
            out.append("".join(line))
        return out

    def wrap(self, avail_w, avail_h):
        if self._for not in ("fixed", avail_w):
            self._lines, self._for = self._break(avail_w), avail_w
        self.width = avail_w
        self.height = len(self._lines) * self.leading
        return self.width, self.height

    def split(self, avail_w, avail_h):
        self.wrap(avail_w, avail_h)
        n = int(avail_h // self.leading)
        if n <= 0 or n >= len(self._lines):
            return [] if n <= 0 else [self]
        return [_TextCell("", self.style, self.chain, self._lines[:n]),
                _TextCell("", self.style, self.chain, self._lines[n:])]

    def draw(self):
        # One text object for the whole cell: a drawString per line would repeat the
        # font and position operators (and their number formatting) on every line.
        cmap = _cmap(self.font)
        text = self.canv.beginText(0, self.height - self.size)
        text.setFont(self.font, self.size, self.leading)
        current = self.font
        for line in self._lines:
            run: list[str] = []
            for ch in line:
                font = self._font_of(ch, cmap)
                if font != current:
                    if run:
                        text.textOut("".join(run))
                        run = []
                    text.setFont(font, self.size, self.leading)
                    current = font
                run.append(ch)
            text.textLine("".join(run))
        self.canv.drawText(text)


# ---------------------------------------------------------------- tables


def _grid_style(kit: _Kit, extra: list | None = None, head_rows: int = 1) -> TableStyle:
    cmds = [
        # Table sets a default font for every cell, even Paragraph ones; without
        # this an unembedded Helvetica would appear in the font list.
        ("FONT", (0, 0), (-1, -1), kit.fonts["body"], TABLE_SIZE, TABLE_LEADING),
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    if head_rows:
        cmds.append(("BACKGROUND", (0, 0), (-1, head_rows - 1), HEAD_FILL))
    return TableStyle(cmds + (extra or []))


def _est_height(text: str, width: float, size: float = TABLE_SIZE, leading: float = TABLE_LEADING) -> float:
    """A quick overestimate of a wrapped cell's height, to decide whether rows may split."""
    per_line = max(1, int((width - 6) / size))
    lines = sum(len(part) // per_line + 1 for part in (text or "").split("\n"))
    return lines * leading + 8


def _row_split(tall: float, frame_h: float) -> int:
    """Split rows inside only when one is nearly as tall as a page; a whole row reads better."""
    return 1 if tall > frame_h * 0.6 else 0


def _split_table(rows, widths, cmds: list, tall: float, frame_h: float, **kw) -> Table:
    """A Table that may split inside a row when one is about a page tall.

    Such tables align cells to the top, so the 序号 and unit of a split row
    print on the page where the row starts, not centred into its second half.
    """
    split = _row_split(tall, frame_h)
    if split:
        cmds = list(cmds) + [("VALIGN", (0, 0), (-1, -1), "TOP")]
    return Table(rows, colWidths=widths, style=TableStyle(cmds), splitInRow=split, **kw)


def _units(names: list[str]) -> str:
    return "、".join(n for n in names if n)


def _deadline_cell(task: TaskLine) -> str:
    """完成时限 for a narrow column: a date (broken after the year), else the phrase."""
    return structure.deadline_cell(task)


def _structure_table(kit: _Kit, t: structure.Table, size: float = TABLE_SIZE) -> Table:
    """A table of :mod:`.structure` (the same rows the Word file gets), on the 156 mm block."""
    leading = TABLE_LEADING if size <= TABLE_SIZE else size * 1.35
    cell = ParagraphStyle("st_cell", parent=kit.cell, fontSize=size, leading=leading)
    cell_c = ParagraphStyle("st_cell_c", parent=kit.cell_c, fontSize=size, leading=leading)
    head = ParagraphStyle("st_head", parent=kit.head, fontSize=size, leading=leading)
    total_s = ParagraphStyle("st_total", parent=cell_c, fontName=kit.fonts["heading1"])
    widths = [w * mm for w in t.widths_mm]
    rows = [[kit.p(h, head) for h in t.heads]]
    extra = []
    tall = 0.0
    status_col = t.heads.index("状态") if "状态" in t.heads else None
    for i, values in enumerate(t.rows, start=1):
        row = []
        for j, v in enumerate(values):
            align = t.aligns[j] if j < len(t.aligns) else "l"
            row.append(kit.p(v, cell_c if align == "c" else cell))
            tall = max(tall, _est_height(v, widths[j], size, leading))
        rows.append(row)
        light = t.lights[i - 1] if i - 1 < len(t.lights) else ""
        if status_col is not None and light in LIGHT_FILL:
            extra.append(("BACKGROUND", (status_col, i), (status_col, i), LIGHT_FILL[light]))
    if t.total_row:
        rows.append([kit.p(v, total_s) for v in t.total_row])
        extra.append(("BACKGROUND", (0, len(rows) - 1), (-1, len(rows) - 1), HEAD_FILL))
    return _split_table(rows, widths, _grid_style(kit, extra).getCommands(), tall, BLOCK_H, repeatRows=1)


def _indicator_table(kit: _Kit, report: MonthlyReport) -> Table:
    widths = [12 * mm, 60 * mm, 30 * mm, 30 * mm, 24 * mm]
    heads = ["序号", "指标", "预期目标", "完成情况", "备注"]
    rows = [[kit.p(h, kit.head12) for h in heads]]
    for i, ind in enumerate(report.indicators, start=1):
        rows.append([kit.p(str(i), kit.cell12_c), kit.p(ind.name, kit.cell12), kit.p(ind.target, kit.cell12_c),
                     kit.p(ind.actual, kit.cell12_c), kit.p(ind.note, kit.cell12)])
    return Table(rows, colWidths=widths, repeatRows=1, style=_grid_style(kit))


# ---------------------------------------------------------------- chart


def _short(label: str, limit: int = 14) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


#: Chart fills chosen for distinct grey levels (luminance 67, 122, 194, 255) plus hatching
#: on the two that matter most, so a black-and-white copy still tells them apart.
CHART_STYLE = {
    # status: (fill, hatch: '' | 'diag' | 'cross', text colour inside the bar)
    "已完成": (colors.HexColor("#1B5E20"), "", colors.white),
    "超进度": (colors.HexColor("#43A047"), "", colors.white),
    "达进度": (colors.HexColor("#A5D6A7"), "", colors.black),
    "欠进度": (colors.HexColor("#FFB300"), "diag", colors.black),
    "逾期": (colors.HexColor("#C62828"), "cross", colors.white),
    "未报送": (colors.white, "", colors.black),
    LONG_TERM: (colors.HexColor("#E8F5E9"), "horiz", colors.black),
}
CHART_FONT = 10.5                                          # 五号: the smallest text on the chart


def _swatch(d: Drawing, x: float, y: float, w: float, h: float, status: str) -> None:
    """One bar segment (or legend key): fill, hatching, outline."""
    fill, hatch, _ = CHART_STYLE[status]
    d.add(Rect(x, y, w, h, fillColor=fill, strokeColor=colors.HexColor("#333333"), strokeWidth=0.4))
    if not hatch or w < 2:
        return
    step = 4.0
    if hatch == "horiz":                                     # 长期推进: light, ruled
        yy = y + 2
        while yy < y + h - 1:
            d.add(Line(x, yy, x + w, yy, strokeColor=colors.HexColor("#555555"), strokeWidth=0.4))
            yy += 3
        return
    ink = colors.black if hatch == "diag" else colors.white
    k = -h
    while k < w:
        x0, x1 = max(x, x + k), min(x + w, x + k + h)       # 45° lines clipped to the box
        if x1 > x0:
            d.add(Line(x0, y + (x0 - x - k), x1, y + (x1 - x - k), strokeColor=ink, strokeWidth=0.6))
            if hatch == "cross":
                d.add(Line(x0, y + h - (x0 - x - k), x1, y + h - (x1 - x - k), strokeColor=ink,
                           strokeWidth=0.6))
        k += step


def _chart(kit: _Kit, bars: list[ChartBar], width: float, bar_h: float = 16) -> Drawing:
    """Stacked horizontal bars: tasks by status for each section or unit, first at the top.

    Drawn by hand (not reportlab's bar chart) so each segment can carry its count,
    hatching and an outline; every text is at least 10.5 pt.
    """
    bars = list(bars)
    body = kit.fonts["body"]
    stacked = any(b.counts for b in bars)
    statuses = [s for s in REPORT_ORDER if any(b.counts.get(s) for b in bars)] if stacked else ["已完成"]
    label_w = 42 * mm
    share_w = 30
    gap = bar_h * 0.45
    legend_h = CHART_FONT * 2.6
    axis_h = CHART_FONT * 1.8
    plot_h = len(bars) * (bar_h + gap)
    height = plot_h + axis_h + legend_h + CHART_FONT * 1.6
    d = Drawing(width, height, initialFontName=body, initialFontSize=CHART_FONT)
    plot_w = width - label_w - share_w
    totals = [sum(b.counts.values()) if stacked else 100 for b in bars]
    top = max(totals + [1])
    step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000, 10 ** 9) if top / s <= 8)
    vmax = -(-top // step) * step
    scale = plot_w / vmax
    y_axis = legend_h + axis_h
    num_font = kit.font_for("body", "0123456789%")
    # grid and axis
    v = 0
    while v <= vmax:
        x = label_w + v * scale
        d.add(Line(x, y_axis, x, y_axis + plot_h, strokeColor=colors.HexColor("#CCCCCC"), strokeWidth=0.4))
        d.add(String(x, y_axis - CHART_FONT * 1.2, f"{v:g}" + ("" if stacked else "%"), fontName=num_font,
                     fontSize=CHART_FONT, textAnchor="middle"))
        v += step
    for i, b in enumerate(bars):
        y = y_axis + plot_h - (i + 1) * (bar_h + gap) + gap / 2
        label = _short(b.label)
        d.add(String(label_w - 4, y + bar_h / 2 - CHART_FONT * 0.35, label, fontName=kit.font_for("body", label),
                     fontSize=CHART_FONT, textAnchor="end"))
        x = label_w
        counts = b.counts if stacked else {"已完成": b.done_share or 0}
        for s in statuses:
            n = counts.get(s, 0)
            if not n:
                continue
            w = n * scale
            _swatch(d, x, y, w, bar_h, s)
            if stacked and w >= CHART_FONT * (0.6 * len(str(n)) + 0.6):
                fill, hatch, ink = CHART_STYLE[s]
                tw = stringWidth(str(n), num_font, CHART_FONT)
                if hatch:                                   # a plate behind the number on hatching
                    d.add(Rect(x + w / 2 - tw / 2 - 1.5, y + bar_h / 2 - CHART_FONT * 0.45, tw + 3,
                               CHART_FONT * 0.95, fillColor=colors.white, strokeColor=None))
                    ink = colors.black
                d.add(String(x + w / 2, y + bar_h / 2 - CHART_FONT * 0.35, str(n), fontName=num_font,
                             fontSize=CHART_FONT, textAnchor="middle", fillColor=ink))
            x += w
        total = totals[i]
        share = (counts.get("已完成", 0) * 100 / total) if stacked and total else (b.done_share or 0)
        d.add(String(x + 4, y + bar_h / 2 - CHART_FONT * 0.35, f"{share:.0f}%", fontName=num_font,
                     fontSize=CHART_FONT, fillColor=colors.HexColor("#333333")))
    d.add(Line(label_w, y_axis, label_w, y_axis + plot_h, strokeColor=colors.black, strokeWidth=0.6))
    # legend: one key per status drawn, same fill and hatching as the bars
    lx = label_w
    ly = CHART_FONT * 1.5
    for s in statuses:
        _swatch(d, lx, ly, CHART_FONT * 1.4, CHART_FONT * 0.9, s)
        d.add(String(lx + CHART_FONT * 1.8, ly + 1, s, fontName=kit.font_for("body", s), fontSize=CHART_FONT))
        lx += CHART_FONT * (2.4 + len(s)) + 6
    d.add(String(label_w, 2, "注：条内数字为任务数，条末百分比为已完成任务占比。", fontName=body,
                 fontSize=CHART_FONT, fillColor=colors.HexColor("#333333")))
    return d


class _FitChart(Flowable):
    """The chart and its caption, with bars made thinner (down to 10 pt) to fit the
    space left on the page, so a chart slightly too tall does not leave half a page
    blank; if even that does not fit, it goes whole to the next page."""

    BAR_HEIGHTS = (18, 17, 16, 15, 14, 13, 12)

    def __init__(self, kit: _Kit, bars: list[ChartBar], caption: Paragraph):
        super().__init__()
        self.kit, self.bars, self.caption = kit, bars, caption
        self.drawing = None
        self._cache: dict = {}

    def _drawing(self, width, bar_h):
        key = (width, bar_h)
        if key not in self._cache:
            self._cache[key] = _chart(self.kit, self.bars, width, bar_h)
        return self._cache[key]

    def wrap(self, avail_w, avail_h):
        _, cap_h = self.caption.wrap(avail_w, avail_h)
        self.cap_h = cap_h + self.caption.style.spaceBefore + self.caption.style.spaceAfter
        for bar_h in self.BAR_HEIGHTS:
            d = self._drawing(avail_w, bar_h)
            if d.height + self.cap_h <= avail_h:
                break
        else:
            d = self._drawing(avail_w, self.BAR_HEIGHTS[0])
        self.drawing = d
        self.width, self.height = avail_w, d.height + self.cap_h
        return self.width, self.height

    def split(self, avail_w, avail_h):
        return []

    def draw(self):
        self.drawing.drawOn(self.canv, 0, self.cap_h)
        self.caption.drawOn(self.canv, 0, self.caption.style.spaceAfter)


# ---------------------------------------------------------------- monthly 通报


def _heading(para: Paragraph) -> list:
    """A heading that starts a new page unless it and two more lines fit."""
    return [CondPageBreak(BODY_LEADING * 3.2), para]


class _DraftMark(Flowable):
    """草稿 in a red box at the top right: a draft must not pass for an issued 通报."""

    def __init__(self, kit: _Kit):
        super().__init__()
        self.kit = kit

    def wrap(self, avail_w, avail_h):
        self.width, self.height = avail_w, 0
        return avail_w, 0

    def draw(self):
        canv = self.canv
        canv.saveState()
        size = BODY_SIZE
        w, h = size * 3, size * 1.6
        x, y = self.width - w, 6 * mm
        canv.setStrokeColor(RED)
        canv.setFillColor(RED)
        canv.setLineWidth(1.2)
        canv.rect(x, y, w, h)
        canv.setFont(self.kit.font_for("heading1", "草稿"), size)
        canv.drawCentredString(x + w / 2, y + h / 2 - size * 0.35, "草稿")
        canv.restoreState()


def render_monthly(report: MonthlyReport, path, settings: dict | None = None) -> Path:
    """Write the monthly 督查通报 to ``path`` and return it.

    The words and tables come from :func:`structure.monthly_blocks` (the Word file
    prints the same); this function only lays them out.

    :param report: the figures and task lists, frozen for the period.
    :param path: where to write the PDF.
    :param settings: optional settings dict (font paths: see :func:`fonts.load_fonts`).
    :raises FontError: no Chinese font is available.
    """
    kit = _Kit(load_fonts(settings))
    path = Path(path)
    doc = _GovDoc(str(path), kit, title=report.title, author=report.office, subject=report.period)
    story: list = [_DraftMark(kit)] if report.draft else []
    story += [_Masthead(kit, report.masthead, wording.issue_no_label(report.issue_no, report.draft),
                        report.office, report.date),
              Spacer(1, BODY_LEADING * 0.8), kit.balanced(report.title, kit.title, BLOCK_W)]
    flush = ParagraphStyle("flush", parent=kit.body, firstLineIndent=0)
    right = ParagraphStyle("sign", parent=kit.body, firstLineIndent=0, alignment=TA_RIGHT,
                           rightIndent=4 * BODY_SIZE)
    note = ParagraphStyle("note", parent=kit.body, fontSize=12, leading=18, firstLineIndent=0,
                          spaceBefore=6)
    for block in structure.monthly_blocks(report):
        k = block.kind
        if k == "addressee":
            story.append(kit.p(block.text, flush))
        elif k == "p":
            story.append(kit.p(block.text, kit.body))
        elif k == "h1":
            story.extend(_heading(kit.p(block.text, kit.h1)))
        elif k == "h2":
            story.extend(_heading(kit.p(block.text, kit.h2)))
        elif k == "chart":
            story.append(_FitChart(kit, report.chart, kit.p(block.text, kit.caption)))
        elif k == "attach_note":
            # 附件说明 and the signature stay together (and with the last body lines)
            story.append(CondPageBreak(BODY_LEADING * (len(block.lines) + 6)))
            story.append(Spacer(1, BODY_LEADING))
            for i, ln in enumerate(block.lines):
                style = ParagraphStyle(f"att{i}", parent=flush,
                                       leftIndent=BODY_SIZE * (2 if i == 0 else 5))
                story.append(kit.p(("附件：" if i == 0 else "") + ln, style))
        elif k == "signature":
            story.append(Spacer(1, BODY_LEADING * 2))
            story += [kit.p(ln, right) for ln in block.lines if ln]
        elif k == "attachment":
            story.append(PageBreak())
            story.append(kit.p(block.text, ParagraphStyle("attno", parent=flush, fontName=kit.fonts["heading1"])))
            story.append(kit.balanced(block.lines[0], kit.title, BLOCK_W))
        elif k == "table":
            story.append(_structure_table(kit, structure.task_table(report)) if block.table == "tasks"
                         else _structure_table(kit, structure.unit_table(report)))
        elif k == "note":
            story.append(kit.p(block.text, note))
    story.append(_Imprint(kit, report.copy_to, report.printed_by or report.office,
                          report.printed_on or report.date))
    doc.build(story)
    return path


# ---------------------------------------------------------------- 督办单


NOTICE_SIZES = (14, 13, 12, 11, 10.5, 10, 9.5)


def _label_table(kit: _Kit, rows, size: float, fill, tint, label_w: float = 28 * mm) -> Table:
    leading = round(size * 1.4, 1)
    label = ParagraphStyle("label", parent=kit.head12, fontSize=size, leading=leading - 1)
    value = ParagraphStyle("value", parent=kit.cell12, fontSize=size, leading=leading, alignment=TA_JUSTIFY,
                           rightIndent=size / 2)
    data = [[kit.p(k, label), kit.p(v, value)] for k, v in rows]
    tall = max(_est_height(v, BLOCK_W - label_w, size, leading) for _, v in rows)
    pad = 4 if size >= 13 else 2.5
    return _split_table(data, [label_w, BLOCK_W - label_w], tall=tall, frame_h=BLOCK_H, cmds=[
        ("FONT", (0, 0), (-1, -1), kit.fonts["body"], size, leading),
        ("GRID", (0, 0), (-1, -1), 0.6, GRID),
        ("BOX", (0, 0), (-1, -1), 1.5, fill),
        ("BACKGROUND", (0, 0), (0, -1), tint),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 6), ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 0), (-1, -1), pad), ("BOTTOMPADDING", (0, 0), (-1, -1), pad + 1),
    ])


def _notice_story(kit: _Kit, sheet: NoticeSheet, fill, text_colour, tint, name, size) -> list:
    small = ParagraphStyle("small", parent=kit.body, fontSize=size, leading=size * 1.6, firstLineIndent=0)
    intro = ParagraphStyle("intro", parent=small, firstLineIndent=2 * size)
    right = ParagraphStyle("right", parent=kit.body, alignment=TA_RIGHT, firstLineIndent=0,
                           rightIndent=4 * BODY_SIZE, fontSize=min(BODY_SIZE, size + 2),
                           leading=min(BODY_SIZE, size + 2) * 1.5)
    centre = ParagraphStyle("centre", parent=small, alignment=TA_CENTER)
    year = sheet.issued_on.year if sheet.issued_on else 0
    gap = 8 if size >= 13 else 4
    story = [_Band(kit, f"{name}督办单", fill, text_colour, size=22 if size >= 13 else 18), Spacer(1, gap),
             kit.p(wording.doc_no_label(sheet.doc_no, sheet.draft, year), centre), Spacer(1, gap / 2),
             kit.p((sheet.addressee or "牵头单位") + "：", small), kit.p(structure.NOTICE_INTRO, intro),
             Spacer(1, gap / 2),
             _label_table(kit, structure.notice_rows(sheet), size, fill, tint), Spacer(1, gap),
             kit.p("签发：", ParagraphStyle("sign", parent=small, leftIndent=size)),
             kit.p(f"{sheet.office}（盖章）" if sheet.office else "（盖章）", right),
             kit.p(wording.cn_date(sheet.issued_on), right)]
    return story


def _receipt_story(kit: _Kit, sheet: NoticeSheet, size: float) -> list:
    """The 回执: the unit fills it in and returns it; the office keeps it with the slip."""
    gap = 8 if size >= 13 else 4
    centre = ParagraphStyle("rh", parent=kit.body, fontSize=size + 2, leading=(size + 2) * 1.6,
                            firstLineIndent=0, alignment=TA_CENTER, fontName=kit.fonts["heading1"])
    return [Spacer(1, gap), _Rule(dash=True), Spacer(1, gap), kit.p("回　执", centre), Spacer(1, gap / 2),
            _label_table(kit, structure.receipt_rows(sheet), size, GRID, HEAD_FILL)]


def render_notice(sheet: NoticeSheet, path, settings: dict | None = None) -> Path:
    """Write a one-page 督办单 for one task, banded in its colour; return the path.

    The rows (任务来源, 督办事由 from the task's facts, 责任领导, earlier slips …) and
    the 回执 come from :mod:`.structure`, as in the Word file.

    :param sheet: the notice; ``colour`` is 'blue', 'yellow' or 'red'.
    :raises FontError: no Chinese font is available.
    :raises ValueError: an unknown colour.
    """
    if sheet.colour not in NOTICE_COLOURS:
        raise ValueError(f"督办单颜色应为 blue、yellow 或 red，而不是「{sheet.colour}」")
    name, fill, text_colour, tint = NOTICE_COLOURS[sheet.colour]
    kit = _Kit(load_fonts(settings))
    path = Path(path)
    doc = _GovDoc(str(path), kit, numbered=False, border=(fill, 2.5),
                  title=f"{name}督办单 {sheet.doc_no}", author=sheet.office)
    # A 督办单 is one sheet: long task texts get a smaller size (down to 11 pt) rather
    # than a second page; when even that does not fit, the 回执 goes on a page of its own.
    def height(flows):
        return sum(f.wrap(BLOCK_W, BLOCK_H)[1] for f in flows)
    story = None
    for size in NOTICE_SIZES:
        slip = _notice_story(kit, sheet, fill, text_colour, tint, name, size)
        receipt = _receipt_story(kit, sheet, size)
        if size >= 11 and height(slip) + height(receipt) <= BLOCK_H - 6:
            story = slip + receipt
            break
    if story is None:
        for size in NOTICE_SIZES:
            slip = _notice_story(kit, sheet, fill, text_colour, tint, name, size)
            if height(slip) <= BLOCK_H - 6:
                break
        story = slip + [PageBreak()] + _receipt_story(kit, sheet, max(size, 12))[3:]
    if sheet.draft:
        story.insert(0, _DraftMark(kit))
    doc.build(story)
    return path


# ---------------------------------------------------------------- 台账 (landscape)

LEDGER_MARGIN_X = 18 * mm
LEDGER_MARGIN_TOP = 18 * mm
LEDGER_MARGIN_BOTTOM = 20 * mm
LEDGER_HEADS = ("序号", "工作任务", "牵头单位", "协办单位", "完成时限", "最新进度", "状态")
FIRST_GAP = 6          # between the subtitle and the column header on page 1
LEDGER_CHUNK = 25      # rows per Table: a split only re-measures its own chunk


def _ledger_widths(total_w: float) -> list[float]:
    # The task text and the latest progress are the long cells: they share what the
    # short columns leave (≈ 85 and 64 mm; on the demo that gave the fewest pages);
    # 牵头单位 fits a seven-character name on one line.
    fixed = [12 * mm, 0, 30 * mm, 34 * mm, 20 * mm, 64 * mm, 16 * mm]
    fixed[1] = total_w - sum(fixed)
    return fixed


class _LedgerDoc(BaseDocTemplate):
    """Landscape pages; the column header is drawn on every page, above the frame."""

    def __init__(self, path: str, kit: _Kit, header: Table, header_h: float,
                 first: list, first_h: float, **kw):
        pw, ph = landscape(A4)
        super().__init__(path, pagesize=(pw, ph), leftMargin=LEDGER_MARGIN_X, rightMargin=LEDGER_MARGIN_X,
                         topMargin=LEDGER_MARGIN_TOP, bottomMargin=LEDGER_MARGIN_BOTTOM, creator="GovTrack",
                         initialFontName=kit.fonts["body"], **kw)
        self.kit, self.header, self.header_h, self.first, self.first_h = kit, header, header_h, first, first_h
        w = pw - 2 * LEDGER_MARGIN_X
        top = ph - LEDGER_MARGIN_TOP
        later_h = top - LEDGER_MARGIN_BOTTOM - header_h
        first_frame = Frame(LEDGER_MARGIN_X, LEDGER_MARGIN_BOTTOM, w, later_h - first_h, id="first",
                            leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        later_frame = Frame(LEDGER_MARGIN_X, LEDGER_MARGIN_BOTTOM, w, later_h, id="later",
                            leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([
            PageTemplate("first", [first_frame], onPage=self._first_page, autoNextPageTemplate="later"),
            PageTemplate("later", [later_frame], onPage=self._later_page),
        ])

    def _first_page(self, canv, doc):
        pw, ph = self.pagesize
        y = ph - LEDGER_MARGIN_TOP
        for flow, h in self.first:
            flow.drawOn(canv, LEDGER_MARGIN_X, y - h)
            y -= h
        self._header_and_number(canv, y - FIRST_GAP)

    def _later_page(self, canv, doc):
        self._header_and_number(canv, self.pagesize[1] - LEDGER_MARGIN_TOP)

    def _header_and_number(self, canv, top):
        self.header.drawOn(canv, LEDGER_MARGIN_X, top - self.header_h)
        text = f"— {self.page} —"
        canv.saveState()
        canv.setFont(self.kit.font_for("pagenum", text), PAGENUM_SIZE)
        canv.drawCentredString(self.pagesize[0] / 2, LEDGER_MARGIN_BOTTOM - 7 * mm - PAGENUM_SIZE * 0.4, text)
        canv.restoreState()


def _sections_in_order(tasks: list[TaskLine], unit: str = "") -> list[tuple[str, list[TaskLine]]]:
    """Group rows by section (in order), each heading with its task count; a unit's
    ledger lists the tasks it leads before those it assists."""
    parts = ([("牵头", [t for t in tasks if unit in t.lead]), ("协办", [t for t in tasks if unit not in t.lead])]
             if unit else [("", tasks)])
    out = []
    for role, group in parts:
        groups: dict[str, list[TaskLine]] = {}
        for t in group:
            groups.setdefault(t.section or "", []).append(t)
        for section, rows in groups.items():
            if role:
                label = f"{role}任务（{len(group)}项）" + (f"·{section}（{len(rows)}项）" if section else "")
            else:
                label = f"{section}（{len(rows)}项）" if section else ""
            if role and out and out[-1][0].startswith(role) and not section:
                out[-1][1].extend(rows)
                continue
            out.append((label, rows))
    return out


def render_ledger(report: LedgerReport, path, settings: dict | None = None) -> Path:
    """Write the task ledger on landscape A4 pages and return the path.

    Tasks are grouped by section in the order they come; each section starts
    with a row spanning the table (a unit's ledger: 牵头 before 协办); the 状态 cell
    is tinted by the status; a figure older than the period due carries its period.

    :raises FontError: no Chinese font is available.
    """
    kit = _Kit(load_fonts(settings))
    path = Path(path)
    pw, ph = landscape(A4)
    width = pw - 2 * LEDGER_MARGIN_X
    widths = _ledger_widths(width)

    header = Table([[kit.p(h, kit.head) for h in LEDGER_HEADS]], colWidths=widths,
                   style=_grid_style(kit, [("LINEBELOW", (0, 0), (-1, 0), 1, GRID)]))
    _, header_h = header.wrap(width, ph)

    title_style = ParagraphStyle("ledger_title", parent=kit.title, fontSize=20, leading=28, spaceAfter=0)
    sub_style = ParagraphStyle("ledger_sub", parent=kit.body, fontName=kit.fonts["heading2"], fontSize=13,
                               leading=20, firstLineIndent=0, alignment=TA_CENTER)
    sub = f"范围：{report.subtitle or '全部'}　　共{len(report.tasks)}项"
    if report.as_of:
        sub += f"　　{wording.as_of_phrase(report.as_of)}"
    if report.office:
        sub += f"　　制表单位：{report.office}"
    first = []
    for flow in (kit.balanced(report.title, title_style, width), kit.p(sub, sub_style)):
        _, h = flow.wrap(width, ph)
        first.append((flow, h + 4))
    first_h = sum(h for _, h in first) + FIRST_GAP
    doc = _LedgerDoc(str(path), kit, header, header_h, first, first_h, title=report.title,
                     author=report.office or "GovTrack")

    body_font = kit.fonts["body"]
    cell, cell_c, section_style = kit.cell, kit.cell_c, kit.section
    base_style = [
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("FONT", (0, 0), (-1, -1), body_font, TABLE_SIZE, TABLE_LEADING),
        ("ALIGN", (0, 0), (0, -1), "CENTER"), ("ALIGN", (4, 0), (-1, -1), "CENTER"),
    ]
    frame_h = ph - LEDGER_MARGIN_TOP - LEDGER_MARGIN_BOTTOM - header_h
    story: list = []
    for section, tasks in _sections_in_order(report.tasks, report.unit):
        rows: list = []
        cmds: list = []
        tall = 0.0
        if section:
            rows.append([kit.p(section, section_style)] + [""] * 6)
            cmds += [("SPAN", (0, 0), (-1, 0)), ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
                     ("NOSPLIT", (0, 0), (-1, 1))]
        for t in tasks:
            r = len(rows)
            progress = wording.percent_as_of(t, report.status_period)
            if t.progress_text:
                progress += "\n" + t.progress_text
            tall = max(tall, _est_height(t.content, widths[1]), _est_height(progress, widths[5]),
                       _est_height(_units(t.assist), widths[3]))
            rows.append([
                # unit names that fit one line go as plain strings: no line breaking to do
                kit.short(t.seq, cell_c), _TextCell(t.content, cell, kit.chain),
                kit.short(_units(t.lead), cell, 7), kit.short(_units(t.assist), cell, 8),
                kit.short(_deadline_cell(t), cell_c, 6), _TextCell(progress, cell, kit.chain),
                kit.short(t.category, cell_c),
            ])
            fill = structure.STATUS_FILL.get(t.category)      # the colour follows the status
            if fill in LIGHT_FILL:
                cmds.append(("BACKGROUND", (6, r), (6, r), LIGHT_FILL[fill]))
            if len(rows) >= LEDGER_CHUNK:
                story.append(_split_table(rows, widths, base_style + cmds, tall, frame_h))
                rows, cmds, tall = [], [], 0.0
        if rows:
            story.append(_split_table(rows, widths, base_style + cmds, tall, frame_h))
    if not story:
        story.append(Spacer(1, 12))
        story.append(kit.p("（无任务）", kit.cell_c))
    doc.build(story)
    return path
