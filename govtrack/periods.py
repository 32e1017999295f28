"""Reporting periods (``YYYY-MM``): the one parser and the one way to write them in Chinese.

A leaf module (no database, no Qt) so that the services, the report layouts and the fill-in
workbooks all read and print a period the same way.
"""

from __future__ import annotations

import re

from .errors import InputError

PERIOD_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
PERIOD_FIELD = "期别"


def parse_period(period: str | None, field: str = PERIOD_FIELD) -> tuple[int, int]:
    """(year, month) of a reporting period ``YYYY-MM``; a Chinese message otherwise."""
    m = PERIOD_RE.match(str(period or "").strip())
    if not m:
        raise InputError(f"{field}「{period}」格式不对，应为 YYYY-MM（例如 2023-10）。", field=field)
    return int(m.group(1)), int(m.group(2))


def check_period(period: str | None, field: str = PERIOD_FIELD) -> str:
    """The period stripped, after :func:`parse_period` accepted it."""
    parse_period(period, field)
    return str(period).strip()


def period_label(period: str) -> str:
    """``2023-10`` → ``2023年10月``; a text that is not a period is shown as it is.

    >>> period_label("2023-10"), period_label("2023-10-25"), period_label("上期")
    ('2023年10月', '2023年10月', '上期')
    """
    try:
        year, month = str(period).split("-")[:2]
        return f"{int(year)}年{int(month)}月"
    except ValueError:
        return str(period)
