"""A table pasted into the import window: clipboard text or HTML → text the importer reads.

Excel and WPS put tab-separated rows on the clipboard as text; Word puts an HTML table
(and often a text version with tabs). HTML wins when it holds a table: each ``<tr>`` becomes
a line, each cell a tab-separated field (a line break inside a cell becomes a space, which the
unit splitter reads as a separator between names), a cell spanning columns repeated.
"""

from __future__ import annotations

import html as html_lib
import re
from html.parser import HTMLParser


class _TableText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None
        self.outside: list[str] = []
        self.span = 1

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.cell = []
            self.span = int(dict(attrs).get("colspan") or 1) if str(dict(attrs).get("colspan") or "1").isdigit() else 1
        elif tag in ("br", "p", "div") and self.cell is not None:
            self.cell.append("\n")

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None and self.rows:
            text = re.sub(r"[ \t\r\u00a0]+", " ", "".join(self.cell)).strip()
            text = re.sub(r"\s*\n\s*", " ", text)
            self.rows[-1].extend([text] * max(1, self.span))
            self.cell = None
        elif tag in ("p", "div", "h1", "h2", "h3") and self.cell is None:
            self.outside.append("\n")

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)
        elif not self.rows:
            self.outside.append(data)


def pasted_text(text: str | None, html: str | None = None) -> str:
    """The clipboard as importable text: an HTML table as tab rows (with the text above it,
    e.g. the title), else the plain text as it is."""
    if html and re.search(r"<t[dh][\s>]", html, re.I):
        p = _TableText()
        p.feed(html)
        above = html_lib.unescape("".join(p.outside)).strip()
        rows = ["\t".join(r) for r in p.rows if any(c.strip() for c in r)]
        return "\n".join(x for x in [above, *rows] if x) + "\n"
    return (text or "").replace("\r\n", "\n")
