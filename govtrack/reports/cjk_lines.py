"""Chinese line breaking and justification for reportlab Paragraphs, as a 公文 page needs them.

reportlab's CJK breaker cuts "like a knife" and hangs at most one character, and
it never justifies a CJK line (its justification stretches spaces, and Chinese
has none), so lines with half-width digits end short and the right edge wanders.
This module replaces both, for every Paragraph in the process (installed on
import by reports/pdf.py):

- **Breaks.** A line never starts with closing punctuation (，。、）% …: one such
  character hangs in the margin, two or more pull the previous character down),
  never ends with an opening bracket, never breaks inside a number or a Latin
  word (``8｜6%``) nor between a number and its unit (``1｜项``, ``2023年``),
  and a paragraph does not end with a one-character line.
- **Justified lines** are stretched (or, with a hanging mark, squeezed) by
  character spacing so both edges are straight.
- **Tracking.** A style with ``tracking`` (points per character, negative to
  tighten) is broken and drawn with it: 3号 (16 pt) body text with
  ``tracking=-0.207`` puts 28 characters on the 156 mm line, as GB/T 9704 asks.
"""

from __future__ import annotations

from reportlab.platypus import paragraph as _rp
from reportlab.rl_config import _FUZZ

#: Closing punctuation that may not start a line.
NO_START = set("，；：！？、。）》」』】〕〉”’…%％·,.;:!?)]}")
#: Opening brackets and quotes that may not end a line.
NO_END = set("（《「『【〔〈“‘([{")
#: Characters read as one with a preceding number (1项, 30亿元, 2023年, 5个).
UNITS = set("项个件亿万元千百十年月日时天周家人次台套条所户座里米亩吨倍期批场名位号度％%")
_WORD_MARKS = set(".,%-/:+_·‰")


def _wordish(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in _WORD_MARKS)


def _digitish(ch: str) -> bool:
    return ch.isdigit() or ch in "%％."


def joined(a: str, b: str) -> bool:
    """Whether a line may not break between ``a`` and ``b``."""
    if not a or not b:
        return False
    if _wordish(a) and _wordish(b):
        return True
    return _digitish(a) and b in UNITS


def _bad_break(U, b: int) -> bool:
    """Breaking before U[b] is not allowed (the line would start/end wrongly)."""
    return U[b] in NO_START or U[b - 1] in NO_END or joined(U[b - 1], U[b])


def break_before(U, start: int, i: int) -> int:
    """Where the next line starts when U[i] does not fit on the line U[start:i]."""
    n = len(U)
    if U[i] in NO_START and (i + 1 >= n or U[i + 1] not in NO_START) and not joined(U[i], U[i + 1] if i + 1 < n else ""):
        return i + 1                                    # hang one mark in the margin
    b = i
    while b > start + 1 and _bad_break(U, b):
        b -= 1
    return b if b > start else i


def _width(u, max_width: float) -> float:
    w = u.width
    if hasattr(w, "normalizedValue"):
        w._normalizer = max_width
        w = w.normalizedValue(max_width)
    return w


def cjk_frag_split(frags, maxWidths, calcBounds, encoding="utf8"):
    """Drop-in replacement for reportlab's ``cjkFragSplit`` with the rules above."""
    U = []
    for f in frags:
        text = f.text
        if isinstance(text, bytes):
            text = text.decode(encoding)
        if text:
            U.extend(_rp.cjkU(t, f, encoding) for t in text)
        else:
            U.append(_rp.cjkU(text, f, encoding))
    n = len(U)
    segs: list[list] = []                               # [start, end, maxWidth, lineBreak]
    start = i = 0
    width = 0.0
    max_width = maxWidths[0]

    def next_width():
        return maxWidths[len(segs)] if len(segs) < len(maxWidths) else maxWidths[-1]

    while i < n:
        u = U[i]
        if hasattr(u.frag, "lineBreak"):
            segs.append([start, i + 1, max_width, True])
            start = i = i + 1
            width = 0.0
            max_width = next_width()
            continue
        w = _width(u, max_width)
        if width + w > max_width + _FUZZ and i > start:
            b = break_before(U, start, i)
            segs.append([start, b, max_width, False])
            start = i = b
            width = 0.0
            max_width = next_width()
            continue
        width += w
        i += 1
    if start < n:
        segs.append([start, n, max_width, False])
    _no_lone_last_char(U, segs)
    lines = []
    for s, e, mw, lb in segs:
        used = sum(_width(u, mw) for u in U[s:e])
        lines.append(_rp.makeCJKParaLine(U[s:e], mw, used, mw - used, lb, calcBounds))
    return _rp.ParaLines(kind=1, lines=lines)


def _visible(U, s: int, e: int) -> int:
    return sum(1 for u in U[s:e] if u and not hasattr(u.frag, "lineBreak") and u not in NO_START)


def _no_lone_last_char(U, segs) -> None:
    """A paragraph (or the part before a <br/>) does not end with a line of one character."""
    for k in range(1, len(segs)):
        s, e, _, lb = segs[k]
        prev = segs[k - 1]
        ends_para = lb or k == len(segs) - 1
        if not ends_para or prev[3] or _visible(U, s, e) > 1:
            continue
        for b in (s - 1, s - 2, s - 3):
            if b > prev[0] + 2 and not _bad_break(U, b):
                prev[1] = segs[k][0] = b
                break


# ---------------------------------------------------------------- drawing


def _chars(line) -> int:
    return sum(len(w.text) for w in line.words if not hasattr(w, "cbDefn"))


def _track(tx) -> float:
    return getattr(tx._canvas, "_gt_tracking", 0.0)


def _justify(tx, offset, line, last=0):
    kind = getattr(line, "kind", 0)
    track = _track(tx)
    if kind != 1:
        return _orig_justify(tx, offset, line, last)
    n = _chars(line)
    space = track
    if not (last or line.lineBreak) and n > 1:
        size = line.fontSize or 1
        real = line.maxWidth * (size + track) / size if track else line.maxWidth
        space = track + (real - (line.currentWidth + n * track)) / (n - 1)
    tx._x_offset = offset
    _rp.setXPos(tx, offset)
    tx.setCharSpace(space)
    _rp._putFragLine(offset, tx, line, last, "justify")
    tx.setCharSpace(0)
    _rp.setXPos(tx, -offset)


def _left(tx, offset, line, last=0):
    track = _track(tx)
    if not track or getattr(line, "kind", 0) != 1:
        return _orig_left(tx, offset, line, last)
    tx.setCharSpace(track)
    try:
        return _orig_left(tx, offset, line, last)
    finally:
        tx.setCharSpace(0)


_orig_justify = _rp._justifyDrawParaLineX
_orig_left = _rp._leftDrawParaLineX


def install() -> None:
    """Use these rules for every Paragraph (idempotent)."""
    if _rp.cjkFragSplit is not cjk_frag_split:
        _rp.cjkFragSplit = cjk_frag_split
        _rp._justifyDrawParaLineX = _justify
        _rp._leftDrawParaLineX = _left


def tracked_width(avail: float, size: float, tracking: float) -> float:
    """The width to break lines at so that, drawn with ``tracking``, they fill ``avail``."""
    return avail * size / (size + tracking) if tracking else avail
