"""Text clean-up shared by every importer: width, brackets, spaces, traditional characters.

Government texts reach us through web pages, PDFs and WPS, so the same word can
come with half- or full-width punctuation, stray spaces and, from Hong Kong or
Taiwan-configured machines, traditional characters.
"""

from __future__ import annotations

import functools
import re
import unicodedata

_HALF_TO_FULL_PUNCT = str.maketrans({
    "(": "（", ")": "）", ",": "，", ":": "：", ";": "；", "!": "！", "?": "？",
})
_FULL_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_SPACES_RE = re.compile(r"[ \t\u3000\u00a0\u2002\u2003\u200b]+")


@functools.lru_cache(maxsize=1)
def _t2s():
    try:
        import opencc  # opencc-python-reimplemented: pure Python, dictionaries bundled
        return opencc.OpenCC("t2s")
    except Exception:  # pragma: no cover - the dependency is declared; be safe offline
        return None


_CHUNK_RE = re.compile(r"([\s，。；：、,.;:（）()“”]+)")


def to_simplified(text: str) -> str:
    """Traditional → simplified. Converted in short pieces: the converter is quadratic in
    the length of what it is given (a 20,000-character line took seconds)."""
    conv = _t2s()
    if not conv or not text or text.isascii():
        return text
    out = []
    for piece in _CHUNK_RE.split(text):
        while len(piece) > 64:
            out.append(_convert_piece(piece[:64]))
            piece = piece[64:]
        out.append(_convert_piece(piece))
    return "".join(out)


@functools.lru_cache(maxsize=50000)
def _convert_piece(piece: str) -> str:
    return _t2s().convert(piece) if piece and not piece.isascii() else piece


_HALF_PUNCT_RE = re.compile(r"[,:;!?]")


def full_width_punct(text: str) -> str:
    """Half-width brackets and separators to the full-width forms Chinese documents use.

    Brackets always (unit clauses depend on them); ``, : ; ! ?`` only next to a Chinese
    character or space, so ``http://`` and ``1,000`` stay as written."""
    text = text.replace("(", "（").replace(")", "）")

    def repl(m: re.Match) -> str:
        s, i = m.string, m.start()
        prev = s[i - 1] if i else " "
        nxt = s[i + 1] if i + 1 < len(s) else " "
        if (prev.isascii() and prev.isalnum()) and (nxt.isascii() and (nxt.isalnum() or nxt == "/")):
            return m.group(0)
        return m.group(0).translate(_HALF_TO_FULL_PUNCT)
    return _HALF_PUNCT_RE.sub(repl, text)


def half_width_digits(text: str) -> str:
    return text.translate(_FULL_DIGITS)


def squeeze_spaces(text: str) -> str:
    return _SPACES_RE.sub(" ", text).strip()


def normalize_line(text: str) -> str:
    """One document line, ready to parse: NFC, simplified, full-width punctuation, tidy spaces."""
    text = unicodedata.normalize("NFC", text).replace("\ufeff", "")
    text = to_simplified(text)
    text = full_width_punct(half_width_digits(text))
    text = squeeze_spaces(text)
    return re.sub(r"\s*([（）、，。；：“”！？])\s*", r"\1", text)


def remove_cjk_spaces(text: str) -> str:
    """Drop spaces between CJK characters (``重  点  工  作`` → ``重点工作``)."""
    return re.sub(r"(?<=[\u4e00-\u9fff（）、，。；：“”])\s+(?=[\u4e00-\u9fff（）、，。；：“”])", "", text)
