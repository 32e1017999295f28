"""The plan year a document states: title, heading, 文号 〔2024〕, a date — or none.

One home for the rule so the text, Word and Excel importers agree. When nothing gives the
year the import goes on with :func:`assumed_year` and the preview says so (the window asks).
"""

from __future__ import annotations

import datetime as dt
import re

_YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年")
_DOC_NO_YEAR_RE = re.compile(r"[〔\[［【(（]((?:19|20)\d{2})[〕\]］】)）]")
_DATE_RE = re.compile(r"((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})")
_CN_DIGITS = str.maketrans("○〇零一二三四五六七八九", "000123456789")


def year_of(*texts: str | None) -> int | None:
    """The first year a text states: ``2024年``, a 文号 ``〔2024〕``, ``2024-02-05``, ``二○○六年``."""
    for text in texts:
        if not text:
            continue
        for rx in (_YEAR_RE, _DOC_NO_YEAR_RE, _DATE_RE):
            m = rx.search(text)
            if m:
                return int(m.group(1))
        m = re.search(r"([○〇零一二三四五六七八九]{4})年", text)
        if m:
            y = m.group(1).translate(_CN_DIGITS)
            if y.isdigit() and 1990 <= int(y) <= 2099:
                return int(y)
    return None


def assumed_year(today: dt.date | None = None) -> int:
    """The year used when the file states none: the current one (flagged in the preview)."""
    return (today or dt.date.today()).year
