"""Deadline phrases → dates (govtrack.rules.deadlines), table-driven.

Phrases marked SEED occur in the source documents under resources/seeds/;
test_seed_phrases_are_real checks that they really do.
"""

from __future__ import annotations

import doctest
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from govtrack.rules import deadlines
from govtrack.rules.deadlines import KINDS, DeadlineParse, is_before_year, parse_deadline

Y = 2025
SEEDS = Path(__file__).resolve().parent.parent / "resources" / "seeds"

# (phrase, expected date or None, expected kind, occurs in a seed document)
CASES = [
    # month ends
    ("6月底前", date(2025, 6, 30), "date", False),
    ("6月底", date(2025, 6, 30), "date", False),
    ("6月末", date(2025, 6, 30), "date", False),
    ("6月份", date(2025, 6, 30), "date", False),
    ("6月前", date(2025, 5, 31), "date", False),          # "before June"
    ("6月以前", date(2025, 5, 31), "date", False),
    ("6月底以前", date(2025, 6, 30), "date", False),
    ("10月份", date(2025, 10, 31), "date", False),
    ("10月", date(2025, 10, 31), "date", False),
    ("2月底前", date(2025, 2, 28), "date", False),
    ("6月中旬", date(2025, 6, 20), "date", False),
    ("6月上旬", date(2025, 6, 10), "date", False),
    ("6月下旬前", date(2025, 6, 30), "date", False),
    # halves, years
    ("上半年", date(2025, 6, 30), "date", False),
    ("上半年底", date(2025, 6, 30), "date", False),
    ("下半年", date(2025, 12, 31), "date", False),
    ("年底前", date(2025, 12, 31), "date", False),
    ("年内", date(2025, 12, 31), "date", False),
    ("全年", date(2025, 12, 31), "date", False),
    ("今年底", date(2025, 12, 31), "date", False),
    ("年底前完成", date(2025, 12, 31), "date", False),
    # quarters
    ("一季度末", date(2025, 3, 31), "date", False),
    ("三季度末", date(2025, 9, 30), "date", False),
    ("第三季度", date(2025, 9, 30), "date", False),
    ("三季度", date(2025, 9, 30), "date", False),
    ("四季度", date(2025, 12, 31), "date", False),
    ("第二季度末前", date(2025, 6, 30), "date", False),
    ("前三季度", date(2025, 9, 30), "date", False),
    ("三季度前", date(2025, 6, 30), "date", False),      # "before Q3", like 6月前
    # exact days
    ("12月31日前", date(2025, 12, 31), "date", False),
    ("12月15日", date(2025, 12, 15), "date", False),
    ("11月30号前", date(2025, 11, 30), "date", False),
    ("2025年12月31日", date(2025, 12, 31), "date", True),  # SEED (README conventions)
    ("2025-06-30", date(2025, 6, 30), "date", False),
    ("2025/6/30", date(2025, 6, 30), "date", False),
    ("2025.6", date(2025, 6, 30), "date", False),
    ("2025-6", date(2025, 6, 30), "date", False),
    # years named
    ("2025年9月", date(2025, 9, 30), "date", False),
    ("2025年底前", date(2025, 12, 31), "date", False),
    ("到2025年底", date(2025, 12, 31), "date", True),     # SEED 003
    ("到2025年", date(2025, 12, 31), "date", True),       # SEED 003/004
    ("到2027年", date(2027, 12, 31), "date", True),       # SEED 000 (after the plan year: fine)
    ("2025年度", date(2025, 12, 31), "date", False),
    ("2025年前三季度", date(2025, 9, 30), "date", False),
    ("明年6月底", date(2026, 6, 30), "date", False),
    # ranges end at their end
    ("3月至6月", date(2025, 6, 30), "date", False),
    ("3-6月", date(2025, 6, 30), "date", False),
    ("3月—6月", date(2025, 6, 30), "date", False),
    ("3~6月底", date(2025, 6, 30), "date", False),
    ("2024年11月至2025年3月", date(2025, 3, 31), "date", False),
    ("2025-2026年", date(2026, 12, 31), "date", False),
    # Chinese numerals, full-width digits, spaces, surrounding words
    ("六月底前", date(2025, 6, 30), "date", False),
    ("十二月底", date(2025, 12, 31), "date", False),
    ("十一月三十日前", date(2025, 11, 30), "date", False),
    ("二〇二五年九月", date(2025, 9, 30), "date", False),
    ("６月底前", date(2025, 6, 30), "date", False),
    ("２０２５年１２月３１日", date(2025, 12, 31), "date", False),
    (" 6 月 底 前 ", date(2025, 6, 30), "date", False),
    ("完成时限：9月底前完成", date(2025, 9, 30), "date", False),
    ("确保10月底前全面完成", date(2025, 10, 31), "date", False),
    ("3月启动，6月底前完成", date(2025, 6, 30), "date", False),   # latest date wins
    ("2025年底前持续推进", date(2025, 12, 31), "date", False),   # a date beats a long-term word
    # long-term: no deadline
    ("长期坚持", None, "none", False),
    ("持续推进", None, "none", True),                     # SEED 004
    ("常态化", None, "none", True),                       # SEED 000
    ("长期、常态化", None, "none", True),                 # SEED 003 ("实现长期、常态化")
    ("长期", None, "none", False),
    ("持续", None, "none", False),
    ("每季度", None, "none", False),
    ("每一季度", None, "none", False),                    # not "Q1"
    # flagged: kept as text, never guessed
    ("根据上级要求", None, "unknown", False),
    ("适时", None, "unknown", True),                      # SEED 004 ("适时开通")
    ("2月30日", None, "unknown", False),
    ("2025年2月29日", None, "unknown", False),            # 2025 is not a leap year
    ("13月底前", None, "unknown", False),
    ("12.31", None, "unknown", False),
    ("一年内", None, "unknown", False),                   # relative to what?
    ("无", None, "unknown", False),
    ("第5季度", None, "unknown", False),
    ("月底前", None, "unknown", False),                   # which month?
    ("按省定时间节点", None, "unknown", False),
]


@pytest.mark.parametrize("text,want_date,want_kind,seed", CASES, ids=[c[0] for c in CASES])
def test_phrase(text, want_date, want_kind, seed):
    r = parse_deadline(text, Y)
    assert (r.kind, r.date) == (want_kind, want_date), r.reason
    assert r.text == text  # the original phrase is kept verbatim
    assert r.plan_year == Y
    if want_kind == "unknown":
        assert r.flagged and r.reason, "a flagged phrase must say why"
        assert "请人工确认" in r.reason
    else:
        assert not r.flagged or r.is_before_year


def test_table_is_big_enough():
    assert len(CASES) >= 40
    assert sum(1 for c in CASES if c[2] == "unknown") >= 6


def test_seed_phrases_are_real():
    text = "".join(p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt"))
    text += (SEEDS / "README.md").read_text(encoding="utf-8")
    squashed = "".join(text.split())
    for phrase, *_, seed in CASES:
        if seed:
            assert phrase in squashed, phrase


@pytest.mark.parametrize("text", [None, "", "   ", "\u3000", "/", "—", "-"])
def test_empty_is_default(text):
    r = parse_deadline(text, Y)
    assert (r.kind, r.date) == ("default", date(2025, 12, 31))
    assert not r.flagged
    assert "未写完成时限" in r.reason


def test_default_end_is_overridable():
    r = parse_deadline("", 2025, default_end=date(2025, 11, 30))
    assert (r.kind, r.date) == ("default", date(2025, 11, 30))
    # a phrase is still read as written
    assert parse_deadline("年底前", 2025, default_end=date(2025, 11, 30)).date == date(2025, 12, 31)


def test_relative_to_plan_year():
    assert parse_deadline("6月底前", 2023).date == date(2023, 6, 30)
    assert parse_deadline("2月底", 2024).date == date(2024, 2, 29)  # leap year
    assert parse_deadline("上半年", 2024).date == date(2024, 6, 30)


@pytest.mark.parametrize("text,want", [
    ("2024年底前", date(2024, 12, 31)),
    ("2024年12月31日", date(2024, 12, 31)),
    ("1月前", date(2024, 12, 31)),  # "before January" of 2025
])
def test_year_before_plan_year_parses_but_flags(text, want):
    r = parse_deadline(text, 2025)
    assert (r.kind, r.date) == ("date", want)
    assert r.is_before_year and is_before_year(r) and is_before_year(r, 2025)
    assert r.flagged
    assert "早于计划年度" in r.reason
    assert not is_before_year(r, 2024)


def test_is_before_year_false_cases():
    assert not parse_deadline("6月底前", 2025).is_before_year
    assert not parse_deadline("长期坚持", 2025).is_before_year
    assert not parse_deadline("适时", 2025).is_before_year
    assert not parse_deadline("到2027年", 2025).is_before_year


def test_result_is_frozen():
    r = parse_deadline("6月底前", Y)
    with pytest.raises(Exception):
        r.date = date(2025, 1, 1)  # type: ignore[misc]
    assert isinstance(r, DeadlineParse)


def test_doctests():
    res = doctest.testmod(deadlines)
    assert res.failed == 0 and res.attempted > 0


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789年月日号底前末季度上下半一二三四五六七八九十至-.长期持续 根据")), max_size=14),
       st.integers(2000, 2050))
def test_never_raises_and_is_consistent(text, year):
    r = parse_deadline(text, year)
    assert r.kind in KINDS
    assert r.text == text
    if r.kind in ("date", "default"):
        assert isinstance(r.date, date)
    else:
        assert r.date is None
    if r.kind == "unknown":
        assert r.reason


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 12), st.integers(2000, 2050))
def test_month_end_forms_agree(month, year):
    cn = "一二三四五六七八九十"
    cn_month = cn[month - 1] if month <= 10 else "十" + cn[month - 11]
    want = parse_deadline(f"{month}月底前", year).date
    assert want.month == month and (want + timedelta(days=1)).day == 1
    for form in (f"{month}月底", f"{month}月末", f"{month}月份", f"{cn_month}月底前", f"{year}年{month}月"):
        assert parse_deadline(form, year).date == want, form
