"""Parse the 主要指标 tables of a 五年规划 (or a report) into indicator rows.

Why this exists: the 督查室 tracks the plan's indicators (baseline, target,
年均增速, 预期性/约束性) next to the tasks, and typing them in from the PDF is
slow and error-prone. The tables reach us flattened to tab-separated lines
(Word/PDF → text), which loses the merged cells:

* the 类型 cell appears only on the first row of its group (carried down here);
* a multi-row indicator (``城镇化率（%）`` → 常住人口城镇化率 / 户籍人口城镇化率)
  puts its sub-name in an extra column, in the 类型 column, or on a line of its
  own above the values — so rows are aligned on the 属性 cell (预期性/约束性),
  which every data row has, not on tab positions;
* a table split over pages repeats its header, sometimes with a lone 类型 label;
* cell text wraps (``控制在 省下 达指 标内``) and targets may be words, not numbers.

Pure text processing, no database. Nothing is silently dropped: a line inside
a table that cannot be read, or a guess worth checking, goes to ``problems``.

Public API: :func:`parse_indicator_tables` and the dataclasses
:class:`IndicatorParse`, :class:`IndicatorTable`, :class:`IndicatorRow`,
:class:`CellValue`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["CellValue", "IndicatorRow", "IndicatorTable", "IndicatorParse", "parse_indicator_tables",
           "parse_cell_value"]

ATTRIBUTES = ("预期性", "约束性")


@dataclass
class CellValue:
    """One value cell: the text as printed plus what could be read from it."""
    text: str
    number: float | None = None
    qualifier: str | None = None    # 左右 / 以上 / 以内 / 以下 / > / < / ≥ / ≤
    cumulative: bool = False        # written as [x] / 〔x〕: a five-year total
    unit: str | None = None         # only when the cell itself carries it ("8%")

    @property
    def is_text_target(self) -> bool:
        return self.number is None


@dataclass
class IndicatorRow:
    category: str                   # 类型, carried down from the row that shows it
    seq: str                        # 序号; sub-rows share their parent's
    name: str                       # the row's own name, unit and marks removed
    parent_name: str | None = None  # e.g. 城镇化率 for 常住人口城镇化率
    unit: str | None = None         # from （%）/(亿元) in the name (a sub-row inherits)
    baseline: CellValue | None = None
    target: CellValue | None = None
    growth: CellValue | None = None  # 年均增速 [累计]
    cumulative: bool = False
    attribute: str | None = None    # '预期性' | '约束性' | None
    marks: str = ""                 # ※ ▲ * as printed next to the name (see the table's notes)
    actuals: dict[str, CellValue] = field(default_factory=dict)  # completion tables: 实际完成情况
    source_line: int = 0

    @property
    def full_name(self) -> str:
        return f"{self.parent_name}—{self.name}" if self.parent_name else self.name


@dataclass
class IndicatorTable:
    title: str
    columns: list[str]
    rows: list[IndicatorRow] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    header_line: int = 0
    kind: str = "targets"           # 'targets' | 'completion' (has 实际完成 columns)


@dataclass
class IndicatorParse:
    tables: list[IndicatorTable] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)


# --------------------------------------------------------------------------
# Cell text
# --------------------------------------------------------------------------

_CJK = r"\u3400-\u9fff"
_NOISE_SPACE_RE = re.compile(rf"(?<=[{_CJK}（）“”、，：])\s+|\s+(?=[{_CJK}（）“”、，：])")
_MARKS = "※▲★☆*＊"
_EMPTY = {"", "-", "—", "－", "–", "——", "/", "／", "、"}


def _tidy(text: str) -> str:
    """Drop the spaces that wrapping inside a table cell leaves between characters."""
    text = text.replace("\u3000", " ").replace("\u00a0", " ").strip()
    text = re.sub(r"\s+", " ", text)
    return _NOISE_SPACE_RE.sub("", text)


_VALUE_RE = re.compile(
    r"^(?P<pre>>=|<=|≥|≤|>|<|＞|＜|大于|小于|不低于|不高于|不超过|超过)?"
    r"(?P<num>[-−]?\d+(?:\.\d+)?)\s*(?P<unit>%|‰)?\s*(?P<post>左右|以上|以内|以下)?"
)


def _parse_value(raw: str) -> CellValue | None:
    text = _tidy(raw)
    if text in _EMPTY:
        return None
    inner = text
    cumulative = False
    m = re.fullmatch(r"[\[〔【［](.*)[\]〕】］]", inner)
    if m:
        cumulative, inner = True, m.group(1).strip()
    vm = _VALUE_RE.match(inner)
    if not vm:
        return CellValue(text=text, cumulative=cumulative)
    number = float(vm.group("num").replace("−", "-"))
    qualifier = vm.group("pre") or vm.group("post")
    qualifier = {"＞": ">", "＜": "<"}.get(qualifier, qualifier)
    return CellValue(text=text, number=number, qualifier=qualifier,
                     cumulative=cumulative, unit=vm.group("unit"))


def parse_cell_value(raw: str) -> CellValue | None:
    """One value as typed or printed (``7.8%``, ``[2.2]``, ``>8``, ``控制在省下达指标内``); None if empty."""
    return _parse_value(raw)


# A trailing bracket group is a unit only if it reads like one: "（%）", "（亿元）",
# "（万元/人）" — not "（GDP）", "（含服务贸易）", "（PM2.5）".
_UNIT_INNER_RE = re.compile(rf"%|‰|[{_CJK}]{{1,5}}(?:/[{_CJK}]{{1,2}})?")
_NOT_UNIT = ("含", "不含", "其中", "助理")


def _split_name(raw: str) -> tuple[str, str | None, str]:
    """(name, unit, marks) from a name cell such as ``地区生产总值（GDP）▲（亿元）``."""
    text = _tidy(raw).replace("(", "（").replace(")", "）")
    marks = "".join(ch for ch in text if ch in _MARKS)
    text = "".join(ch for ch in text if ch not in _MARKS).strip()
    unit = None
    m = re.search(r"（([^（）]+)）$", text)
    if m and _UNIT_INNER_RE.fullmatch(m.group(1)) and not m.group(1).startswith(_NOT_UNIT):
        unit = m.group(1)
        text = text[:m.start()].strip()
    return text, unit, marks


# --------------------------------------------------------------------------
# Table structure
# --------------------------------------------------------------------------

def _cells(line: str) -> list[str]:
    cells = [_tidy(c) for c in line.split("\t")]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def _is_header(cells: list[str]) -> bool:
    joined = [c.replace(" ", "") for c in cells]
    return any("指标" in c for c in joined) and ("属性" in joined or "序号" in joined) and \
        not any(c in ATTRIBUTES for c in joined)


def _is_group_header(cells: list[str]) -> bool:
    """The row above a header naming column groups: 指 标 / 规 划 目 标 / 实际完成情况."""
    joined = [c.replace(" ", "") for c in cells if c]
    return bool(joined) and joined[0] == "指标" and not any(c in ATTRIBUTES for c in joined)


@dataclass
class _Layout:
    columns: list[str]
    name_idx: int
    attr_idx: int | None
    pre: list[str]          # value columns between 指标名称 and 属性
    post: list[str]         # value columns after 属性 (实际完成情况)
    baseline_col: int | None
    target_col: int | None
    growth_col: int | None


def _layout(cells: list[str]) -> _Layout:
    columns = [c.replace(" ", "") for c in cells]
    name_idx = next(i for i, c in enumerate(columns) if "指标" in c)
    attr_idx = columns.index("属性") if "属性" in columns else None
    pre = columns[name_idx + 1: attr_idx] if attr_idx is not None else columns[name_idx + 1:]
    post = columns[attr_idx + 1:] if attr_idx is not None else []
    growth_col = next((i for i, c in enumerate(pre) if re.search(r"增速|年均|累计|增长", c)), None)
    year_cols = [i for i in range(len(pre)) if i != growth_col]
    # Two year columns: base year, target year. One: it is the target (a
    # completion table's 规划目标 shows only the target year).
    baseline_col = year_cols[0] if len(year_cols) >= 2 else None
    target_col = year_cols[-1] if year_cols else None
    return _Layout(columns, name_idx, attr_idx, pre, post, baseline_col, target_col, growth_col)


_TITLE_RE = re.compile(r"指标")


def _find_title(lines: list[str], header_idx: int) -> str:
    """The nearest line above the header that has no tabs and names the table."""
    for j in range(header_idx - 1, max(-1, header_idx - 8), -1):
        line = lines[j].strip()
        if not line or "\t" in line:
            continue
        if _TITLE_RE.search(line) and len(line) <= 60:
            return re.sub(r"^专栏\s*[\d\-]*\s*[:：]\s*", "", _tidy(line))
        break
    return ""


@dataclass
class _Open:
    """The numbered indicator that following unnumbered lines belong to."""
    row: IndicatorRow
    has_children: bool = False


def parse_indicator_tables(text: str) -> IndicatorParse:
    """Find every 主要指标 table in ``text`` and read its rows.

    :param text: a plan or report as plain text, tables flattened to tab-separated lines.
    :returns: :class:`IndicatorParse` with one :class:`IndicatorTable` per table
        (a table continued over pages is one table) and ``problems`` as
        ``(line, reason)`` for lines that need a person to look at them.
    """
    lines = text.splitlines()
    result = IndicatorParse()
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        if "\t" not in line or not _is_header(_cells(line)):
            i += 1
            continue
        i = _read_table(lines, i, result)
    return result


def _read_table(lines: list[str], header_idx: int, result: IndicatorParse) -> int:
    """Read one table starting at its header; returns the index after it."""
    layout = _layout(_cells(lines[header_idx]))
    table = IndicatorTable(
        title=_find_title(lines, header_idx), columns=[c for c in layout.columns if c],
        header_line=header_idx + 1, kind="completion" if layout.post else "targets",
    )
    result.tables.append(table)
    category = ""
    current: _Open | None = None
    i = header_idx + 1
    while i < len(lines):
        raw = lines[i]
        lineno = i + 1
        if not raw.strip():
            i += 1
            continue
        if "\t" not in raw:
            # The table is over. A 注 line right after it explains its marks.
            note = _tidy(raw)
            if note.startswith(("注", "说明", "备注")):
                table.notes.append(note)
                i += 1
            break
        cells = _cells(raw)
        if _is_header(cells) or _is_group_header(cells):
            i += 1                       # repeated on a new page: same table goes on
            continue
        attr_pos = next((k for k, c in enumerate(cells) if c in ATTRIBUTES), None)
        if attr_pos is None and layout.attr_idx is not None:
            filled = [(k, c) for k, c in enumerate(cells) if c]
            if len(filled) == 1 and filled[0][0] == 0:
                category = filled[0][1]  # a lone 类型 label repeated after a page break
            elif len(filled) == 1 and current is not None and not current.has_children \
                    and current.row is (table.rows[-1] if table.rows else None):
                # A name with no values under a numbered row: the values printed on
                # the numbered row belong to this sub-indicator (merged cell layout).
                sub, unit, marks = _split_name(filled[0][1])
                row = current.row
                row.parent_name, row.name = row.name, sub
                row.unit = unit or row.unit
                row.marks += marks
                current.has_children = True
            else:
                result.problems.append((lineno, "表格行没有“预期性/约束性”，无法对齐，未导入"))
            i += 1
            continue
        row, category, current = _read_row(cells, attr_pos, layout, category, current, lineno, result)
        if row is not None:
            table.rows.append(row)
        i += 1
    if not table.rows:
        result.problems.append((table.header_line, "表头后没有读到指标行"))
    return i


def _read_row(cells: list[str], attr_pos: int | None, layout: _Layout, category: str,
              current: _Open | None, lineno: int, result: IndicatorParse
              ) -> tuple[IndicatorRow | None, str, _Open | None]:
    if attr_pos is None:                 # table without a 属性 column: positional
        attr_pos = len(layout.columns)
        values_before = cells[layout.name_idx + 1:]
        label = cells[:layout.name_idx + 1]
    else:
        first_value = max(0, attr_pos - len(layout.pre))
        values_before = cells[first_value:attr_pos]
        label = cells[:first_value]
    values_after = cells[attr_pos + 1: attr_pos + 1 + len(layout.post)]
    attribute = cells[attr_pos] if attr_pos < len(cells) and cells[attr_pos] in ATTRIBUTES else None

    filled = [(k, c) for k, c in enumerate(label) if c]
    seq_at = next((k for k, (_, c) in enumerate(filled) if re.fullmatch(r"\d{1,3}", c)), None)
    if seq_at is not None:
        before = filled[:seq_at]
        if before:
            category = before[-1][1]
        names = [c for _, c in filled[seq_at + 1:]]
        seq = filled[seq_at][1]
    else:
        names = [c for _, c in filled]
        seq = None
    if not names:
        result.problems.append((lineno, "指标行没有指标名称，未导入"))
        return None, category, current

    parent_name = None
    parent_unit = None
    if seq is not None:
        name, unit, marks = _split_name(names[-1])
        if len(names) > 1:               # 城镇化率（%） | 常住人口城镇化率
            parent_name, parent_unit, parent_marks = _split_name(names[0])
            marks = parent_marks + marks
        row = IndicatorRow(category=category, seq=seq, name=name, unit=unit or parent_unit,
                           parent_name=parent_name, marks=marks, source_line=lineno)
        current = _Open(row, has_children=len(names) > 1)
    else:
        name, unit, marks = _split_name(names[-1])
        if current is None:
            result.problems.append((lineno, "无序号的指标行出现在第一项之前，未导入"))
            return None, category, current
        if current.has_children:
            parent_name = current.row.parent_name
            unit = unit or current.row.unit
        elif re.match(r"^其中[:：]?", name):
            name = re.sub(r"^其中[:：]?", "", name)
            parent_name = current.row.name
            unit = unit or current.row.unit
        else:
            # 户籍人口 / 常住人口: probably a merged 人口 cell whose label was lost.
            result.problems.append(
                (lineno, f"无序号的指标行，按第{current.row.seq}项的并列指标导入，请核对"))
        row = IndicatorRow(category=current.row.category, seq=current.row.seq, name=name,
                           parent_name=parent_name, unit=unit, marks=marks, source_line=lineno)

    values = [_parse_value(c) for c in values_before]
    values += [None] * (len(layout.pre) - len(values))

    def pick(col: int | None) -> CellValue | None:
        return values[col] if col is not None and col < len(values) else None

    row.baseline = pick(layout.baseline_col)
    row.target = pick(layout.target_col)
    row.growth = pick(layout.growth_col)
    row.cumulative = bool(row.growth and row.growth.cumulative)
    # 控制在省下达目标内 is often written across the target and growth cells
    # (a merged cell); when the target cell is empty, it is the target.
    if row.target is None and row.growth is not None and row.growth.number is None \
            and re.match(r"控制|完成|不超过|低于", row.growth.text):
        row.target = row.growth
    row.attribute = attribute
    for col_name, raw in zip(layout.post, values_after):
        value = _parse_value(raw)
        if value is not None:
            row.actuals[col_name] = value
    return row, category, current
