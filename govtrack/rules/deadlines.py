"""Deadline phrases (完成时限) → dates, relative to the plan year.

A task ledger says when a task is due in words: ``6月底前``, ``三季度末``,
``年底前``, ``长期坚持``, ``2025年12月31日``. Every other rule (序时进度, lights,
reminders) needs a date, so this module turns the phrase into one — and, just
as important, refuses to guess: a phrase it does not understand comes back as
``kind='unknown'`` with the original text and a Chinese reason, so the office
fixes it by hand instead of trusting an invented date.

Readings (plan year 2025; the office has argued about these, so they are
written down here and tested in tests/test_deadlines.py)::

    6月底前 / 6月底 / 6月末 / 6月份 / 6月       → 2025-06-30 (end of June)
    6月前 / 6月以前 / 6月之前                    → 2025-05-31 ("before June")
    6月上旬 / 6月初 → 06-10;  6月中旬 → 06-20;  6月下旬 → 06-30
    12月15日 / 12月15日前 / 12月15号            → 2025-12-15 (日前 is inclusive:
                                                  "12月31日前" means by 31 Dec)
    一季度末 / 第一季度 / 1季度                  → 2025-03-31 (quarter end)
    前三季度                                     → 2025-09-30
    三季度前                                     → 2025-06-30 ("before Q3", like 6月前)
    上半年 / 上半年底                            → 2025-06-30
    下半年 / 年底前 / 年内 / 全年 / 今年底        → 2025-12-31
    2025年9月                                    → 2025-09-30
    2025年底前 / 到2025年 / 2025年前              → 2025-12-31 (year phrases always
                                                  mean the end of that year)
    2025-06-30 / 2025/6/30 / 2025.6.30           → that day;  2025.6 / 2025-6 → 06-30
    3月至6月 / 3-6月 / 3月—6月                    → 2025-06-30 (a range ends at its end)
    明年底 / 次年6月底                           → the plan year + 1
    长期坚持 / 长期 / 持续推进 / 持续 / 常态化 / 每月 … → kind 'none' (no deadline)
    (empty)                                      → kind 'default', 31 Dec (overridable)
    根据上级要求 / 适时 / 2月30日 / 12.31 / 一年内 → kind 'unknown', flagged

When a phrase names several dates (``3月启动，6月底前完成``) the latest is the
deadline. A date phrase beats a long-term word (``2025年底前持续推进`` →
2025-12-31). Any digit the grammar did not consume makes the whole phrase
``unknown``: a number we skipped could change its meaning.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

__all__ = ["DeadlineParse", "parse_deadline", "is_before_year", "KINDS"]

KINDS = ("date", "none", "unknown", "default")


@dataclass(frozen=True)
class DeadlineParse:
    """The reading of one deadline phrase.

    :param date: the deadline, or None for kinds 'none' and 'unknown'
    :param kind: 'date' | 'none' (long-term, no deadline) | 'unknown' (kept as
        text, flagged) | 'default' (no phrase; the plan's default end)
    :param text: the phrase as given (never altered, so it can be shown again)
    :param reason: a Chinese explanation when the reading is flagged or defaulted
    :param plan_year: the plan year the phrase was read against
    """

    date: date | None
    kind: str
    text: str
    reason: str = ""
    plan_year: int | None = None

    @property
    def is_before_year(self) -> bool:
        """True when the phrase names a date in a year before the plan year."""
        return is_before_year(self)

    @property
    def flagged(self) -> bool:
        """True when a person should look at the phrase: unknown, or an earlier year."""
        return self.kind == "unknown" or self.is_before_year


def is_before_year(parse: DeadlineParse, year: int | None = None) -> bool:
    """Whether ``parse`` names a date before ``year`` (default: its own plan year).

    >>> is_before_year(parse_deadline("2024年底前", 2025))
    True
    >>> is_before_year(parse_deadline("6月底前", 2025))
    False
    """
    year = parse.plan_year if year is None else year
    return parse.date is not None and year is not None and parse.date.year < year


# --- normalisation -----------------------------------------------------------

_CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_NUM_RE = re.compile(r"[〇零一二两三四五六七八九十]+(?=年|月|日|号|季度|个月|旬)")
_DASHES = "-‐‑‒–—―−~～〜"


def _cn_to_int(s: str) -> int | None:
    """Chinese numeral → int: 十二 → 12, 二十五 → 25, 三十一 → 31, 二〇二五 → 2025."""
    if "十" not in s:
        # Digit by digit (years such as 二〇二五) or a single digit.
        return int("".join(str(_CN_DIGITS[c]) for c in s))
    if s.count("十") > 1:
        return None
    tens, _, ones = s.partition("十")
    if len(tens) > 1 or len(ones) > 1:
        return None
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)  # full-width digits and punctuation
    text = re.sub(r"\s+", "", text)
    text = re.sub(r"每[一1]", "每", text)  # 每一季度 is "every quarter", not Q1

    def repl(m: re.Match) -> str:
        n = _cn_to_int(m.group(0))
        return m.group(0) if n is None else str(n)

    text = _CN_NUM_RE.sub(repl, text)
    for ch in _DASHES:
        text = text.replace(ch, "-")
    return text


# --- the grammar ---------------------------------------------------------------
# Each pattern is tried with .match() at a position, in this order, so longer
# forms come first. A year prefix is either ``2025年`` or 明年/次年.

_Y = r"(?:(?P<y>\d{4})年(?:度)?|(?P<ny>明年|次年|下一年))?"
_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("ymd_sep", re.compile(r"(?P<y>\d{4})[-./](?P<m>\d{1,2})[-./](?P<d>\d{1,2})(?!\d)(?:日)?(?:前|以前|之前)?")),
    ("ym_sep", re.compile(r"(?P<y>\d{4})[-./](?P<m>\d{1,2})(?!\d)(?:月)?(?:底|末)?(?:前|以前|之前)?")),
    ("year_range", re.compile(r"(?P<y1>\d{4})年?(?:-|至|到)(?P<y>\d{4})年(?P<suf>底|末|内)?(?:前|以前|之前)?")),
    ("md", re.compile(_Y + r"(?P<m>\d{1,2})月(?P<d>\d{1,2})[日号](?:前|以前|之前)?")),
    ("month_range", re.compile(
        r"(?:(?P<y1>\d{4})年)?(?P<m1>\d{1,2})月?(?:份)?(?:-|至|到)" + _Y
        + r"(?P<m>\d{1,2})月(?:份)?(?P<suf>底|末|初|上旬|中旬|下旬)?(?P<before>前|以前|之前)?")),
    ("first_months", re.compile(_Y + r"前(?P<m>\d{1,2})个月")),
    ("quarter", re.compile(_Y + r"(?P<pre>第|前)?(?P<q>\d)季度(?P<suf>末|底|内)?(?P<before>前|以前|之前)?")),
    ("month", re.compile(_Y + r"(?P<m>\d{1,2})月(?:份)?(?P<suf>底|末|初|上旬|中旬|下旬)?(?P<before>前|以前|之前)?")),
    ("half", re.compile(_Y + r"(?P<h>上半年|下半年)(?:度)?(?:底|末|内)?(?:前|以前|之前)?")),
    ("year", re.compile(r"(?:(?P<y>\d{4})年|(?P<ny>明年|次年|下一年))(?:度)?(?:底|末|内)?(?:前|以前|之前)?")),
    ("this_year", re.compile(r"(?:今年|本年|当年|全年|年)(?:度)?(?:底|末|内)?(?:前|以前|之前)?")),
]

# Long-term words: the task has no deadline. Checked only when no date was found.
_LONG_TERM_RE = re.compile(r"长期|持续|常态化|长效|常年|经常性|久久为功|逐年|每年|每季度?|每月|每周|每半年")
# A bare 年/年度 would match "this_year" inside many words; only these forms count.
_THIS_YEAR_WORDS = re.compile(r"(?:今年|本年|当年|全年|年底|年末|年内)")
# Cells that say nothing at all (spreadsheet placeholders) count as empty.
_EMPTY_RE = re.compile(r"[\s\-—–/\\、,，.。:：;；_()（）]*")


class _Bad(Exception):
    """A token that looks like a date but is not one (2月30日, 13月)."""


def _month_end(y: int, m: int) -> date:
    if not 1 <= m <= 12:
        raise _Bad(f"月份不存在：{m}月")
    return date(y, m, calendar.monthrange(y, m)[1])


def _year_of(m: re.Match, year: int) -> int:
    gd = m.groupdict()
    if gd.get("y"):
        return int(gd["y"])
    if gd.get("ny"):
        return year + 1
    if gd.get("y1"):  # "2025年3月至6月": the year written on the range's start
        return int(gd["y1"])
    return year


def _token_date(name: str, m: re.Match, year: int) -> date:
    gd = m.groupdict()
    y = _year_of(m, year)
    if name in ("ymd_sep", "md"):
        mo, d = int(gd["m"]), int(gd["d"])
        try:
            return date(y, mo, d)
        except ValueError:
            raise _Bad(f"日期不存在：{y}年{mo}月{d}日") from None
    if name == "ym_sep":
        return _month_end(y, int(gd["m"]))
    if name == "year_range":
        return date(y, 12, 31)
    if name in ("month", "month_range"):
        mo = int(gd["m"])
        if name == "month_range" and not 1 <= int(gd["m1"]) <= 12:
            raise _Bad(f"月份不存在：{gd['m1']}月")
        end = _month_end(y, mo)
        suf = gd.get("suf") or ""
        if suf in ("初", "上旬"):
            end = date(y, mo, 10)
        elif suf == "中旬":
            end = date(y, mo, 20)
        if gd.get("before") and not suf:
            # "6月前" = before June begins → the last day of May.
            return date(y, mo, 1) - timedelta(days=1)
        return end
    if name == "first_months":
        return _month_end(y, int(gd["m"]))
    if name == "quarter":
        q = int(gd["q"])
        if not 1 <= q <= 4:
            raise _Bad(f"季度不存在：第{q}季度")
        if gd.get("before") and not gd.get("suf") and gd.get("pre") != "前":
            # "三季度前" = before Q3 begins → end of Q2 (same reading as 6月前).
            if q == 1:
                return date(y - 1, 12, 31)
            return _month_end(y, 3 * (q - 1))
        return _month_end(y, 3 * q)
    if name == "half":
        return date(y, 6, 30) if gd["h"] == "上半年" else date(y, 12, 31)
    if name in ("year", "this_year"):
        return date(y, 12, 31)
    raise AssertionError(name)  # pragma: no cover


def _scan(s: str, year: int):
    """Find date tokens in normalised text. Returns (dates, leftover, bad_reason)."""
    dates: list[date] = []
    leftover: list[str] = []
    i = 0
    while i < len(s):
        for name, pat in _PATTERNS:
            m = pat.match(s, i)
            if not m or m.end() == i:
                continue
            if name == "this_year" and not _THIS_YEAR_WORDS.match(s, i):
                continue  # a lone 年 (as in 一年内 → "1年内") is not "this year"
            try:
                dates.append(_token_date(name, m, year))
            except _Bad as e:
                return dates, "", str(e)
            i = m.end()
            break
        else:
            leftover.append(s[i])
            i += 1
    return dates, "".join(leftover), None


def parse_deadline(text: str | None, year: int, default_end: date | None = None) -> DeadlineParse:
    """Read a deadline phrase against the plan year.

    :param text: the phrase as written in the ledger (None or blank = no phrase)
    :param year: the plan year the phrase is relative to
    :param default_end: the deadline for a task with no phrase (default 31 Dec of ``year``)

    >>> parse_deadline("6月底前", 2025).date
    datetime.date(2025, 6, 30)
    >>> parse_deadline("6月前", 2025).date
    datetime.date(2025, 5, 31)
    >>> parse_deadline("三季度末", 2025).date
    datetime.date(2025, 9, 30)
    >>> parse_deadline("长期坚持", 2025).kind
    'none'
    >>> r = parse_deadline("根据上级要求", 2025); (r.kind, r.date)
    ('unknown', None)
    >>> parse_deadline(None, 2025).kind, parse_deadline("", 2025).date
    ('default', datetime.date(2025, 12, 31))
    """
    original = "" if text is None else str(text)
    if not original or _EMPTY_RE.fullmatch(original):
        end = default_end or date(year, 12, 31)
        return DeadlineParse(end, "default", original,
                             f"未写完成时限，按{end.year}年{end.month}月{end.day}日计", year)

    s = _normalise(original)
    dates, leftover, bad = _scan(s, year)
    if bad:
        return DeadlineParse(None, "unknown", original, f"{bad}，已按原文保留，请人工确认", year)
    stray = re.findall(r"\d+", leftover)
    if stray:
        return DeadlineParse(
            None, "unknown", original,
            f"时限中的数字“{'、'.join(stray)}”无法识别，已按原文保留，请人工确认", year)
    if dates:
        d = max(dates)
        reason = ""
        if d.year < year:
            reason = f"时限（{d.year}年{d.month}月{d.day}日）早于计划年度{year}年，请核对"
        return DeadlineParse(d, "date", original, reason, year)
    if _LONG_TERM_RE.search(s):
        return DeadlineParse(None, "none", original, "", year)
    return DeadlineParse(None, "unknown", original,
                         f"未能识别完成时限“{original.strip()}”，已按原文保留，请人工确认", year)
