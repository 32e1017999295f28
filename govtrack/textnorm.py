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


def to_simplified(text: str) -> str:
    conv = _t2s()
    return conv.convert(text) if conv and text else text


def full_width_punct(text: str) -> str:
    """Half-width brackets and separators to the full-width forms Chinese documents use."""
    return text.translate(_HALF_TO_FULL_PUNCT)


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
