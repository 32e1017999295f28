"""Shared reading of a breakdown table, whether it came from Word or from Excel.

Why a shared module: offices type the 任务分解表 in Word or Excel with the same
habits — a title row or two above the header, a section title merged across a
whole row, one 牵头单位 cell merged down over several tasks, several units in
one cell separated by 、，, or line breaks, and columns of their own (备注,
工作目标…). The Word and Excel readers only turn their file into a :class:`Cell`
grid (each cell knowing the top-left cell of its merged range); everything
else — header detection, sections, units, notes, problems — happens here once.

Pure: no database, no file I/O.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Callable

from ..textnorm import normalize_line
from ..units import UnitDirectory
from ..units import looks_like_unit
from .doc_year import year_of
from .model import ParsedTask
from .unit_clauses import UnitFields, read_unit_text

__all__ = ["Cell", "Header", "cell_text", "find_header", "grid_text", "guess_year",
           "header_role", "rows_to_tasks"]


@dataclass
class Cell:
    text: str
    origin: tuple[int, int]      # (row, col) of the merged range's top-left cell; its own if unmerged


# Header names → what the column holds. Checked in this order: 牵头领导 before 牵头单位.
_ROLES: list[tuple[str, re.Pattern]] = [
    ("seq", re.compile(r"^(序号|编号|序)$")),
    ("official", re.compile(r"(牵头|责任|分管|联系|包保)(（负责）)?(省|市|区|县)?领导|^(市|区|县|省)?领导$")),
    ("lead", re.compile(r"牵头(单位|部门)|主责(单位|部门)|主办单位")),
    ("assist", re.compile(r"(配合|协办|协同|参与|协助)(单位|部门)")),
    ("responsible", re.compile(r"责任(单位|部门|股室|科室|处室)|承办单位|实施单位|^单位$")),
    ("deadline", re.compile(r"完成(时限|时间|期限)|^时限$|时间节点|^时间$|进度安排")),
    ("content", re.compile(r"工作任务|重点工作|任务内容|工作内容|主要任务|具体任务|重点任务|任务名称|"
                           r"工作事项|^任务$|^事项$|^内容$|主要内容|工作举措|主要措施|^项目内容$|具体内容|"
                           r"实事项目|^项目$")),
    ("target", re.compile(r"目标|指标")),
]
_HEADING_RE = re.compile(r"^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|第[一二三四五六七八九十]+部分)")
_TOP_HEADING_RE = re.compile(r"^([一二三四五六七八九十]+、|第[一二三四五六七八九十]+部分)")
_CJK = "\u3400-\u9fff"


def cell_text(value) -> str:
    """A cell's value as the document shows it: ``1.0`` → ``1``, dates as 2025年6月30日."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return f"{value.year}年{value.month}月{value.day}日"
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.strip() for line in text.split("\n")).strip()


def _flat(text: str) -> str:
    """Cell text on one line: a line break between Chinese characters is only wrapping."""
    text = re.sub(rf"(?<=[{_CJK}，。；、：“”（）])\n+|\n+(?=[{_CJK}，。；、：“”（）])", "", text)
    return normalize_line(text.replace("\n", " "))


def unit_cell_text(raw: str) -> str:
    """A unit cell's lines as one list: a line break separates units, except inside a name a
    narrow column broke (``长沙先导\n区管委会``, ``市\n监\n察\n局``), which is joined."""
    parts = [p.strip() for p in raw.split("\n") if p.strip()]
    out: list[str] = []
    for p in parts:
        if out and not looks_like_unit(re.split(r"[、，；,;\s]", out[-1])[-1]):
            out[-1] += p
        else:
            out.append(p)
    return "、".join(out)


def _marked(text: str) -> bool:
    return bool(re.search(r"[★☆*＊]|牵头|主办|配合|协办", text))


def header_role(text: str) -> str | None:
    key = re.sub(r"\s+", "", text)
    if not key or len(key) > 16:
        return None
    for role, pattern in _ROLES:
        if pattern.search(key):
            return role
    return None


@dataclass
class Header:
    row: int                      # index in the grid
    roles: dict[int, str]         # column index → role
    labels: dict[int, str]        # column index → header text (for notes of extra columns)
    texts: tuple[str, ...] = ()   # the whole header row, to recognise it repeated on a new page

    def col(self, role: str) -> int | None:
        return next((c for c, r in self.roles.items() if r == role), None)


def find_header(grid: list[list[Cell]], max_rows: int = 15) -> Header | None:
    """The first row naming a task column and a unit column, within the first ``max_rows``.

    A two-row header (``责任单位`` merged over ``牵头单位 | 配合单位`` on the row below,
    the other header cells merged down) is read as one: the lower row's names win in
    the columns it names, and the data starts below it.
    """
    for r, row in enumerate(grid[:max_rows]):
        roles, labels = _row_roles(row, r)
        last = r
        if r + 1 < len(grid):
            below = grid[r + 1]
            own = [(c, cell) for c, cell in enumerate(below)
                   if cell.origin == (r + 1, c) and cell.text.strip()]
            merged_down = any(cell.origin[0] == r for cell in below)
            if own and merged_down and all(header_role(cell.text) for _, cell in own):
                sub_roles, sub_labels = _row_roles(below, r + 1)
                for c in sub_labels:
                    roles.pop(c, None)
                roles = {c: role for c, role in roles.items() if role not in sub_roles.values()}
                roles.update(sub_roles)
                labels.update(sub_labels)
                last = r + 1
        found = set(roles.values())
        if "content" in found and found & {"lead", "assist", "responsible"}:
            return Header(last, roles, labels,
                          tuple(re.sub(r"\s+", "", c.text) for c in grid[last]))
    return None


def _row_roles(row: list[Cell], r: int) -> tuple[dict[int, str], dict[int, str]]:
    roles: dict[int, str] = {}
    labels: dict[int, str] = {}
    for c, cell in enumerate(row):
        if cell.origin[1] != c and cell.origin[0] == r:
            continue              # the same header cell merged across columns
        if cell.origin[0] != r:
            continue              # merged down from the row above: named there
        label = re.sub(r"\s+", "", cell.text)
        if not label:
            continue
        role = header_role(label)
        labels[c] = label
        if role and role not in roles.values():
            roles[c] = role
    return roles, labels


def guess_year(*texts: str | None) -> int | None:
    """The year the title, heading, 文号 or a date states (one rule: :func:`doc_year.year_of`)."""
    return year_of(*texts)


def title_above(grid: list[list[Cell]], header: Header) -> str:
    """The title above the header (a row often merged across the table); a ``附件1`` line or a
    文号 above it is not the title."""
    first = ""
    for row in grid[:header.row]:
        for cell in row:
            text = _flat(cell.text) if cell.text.strip() else ""
            if not text:
                continue
            if re.match(r"^(附件|附表)\s*\d*[：:]?$", text) or re.fullmatch(r"[\u4e00-\u9fff]{1,8}〔\d{4}〕\d+号", text):
                continue
            return text
    return first


def grid_text(grid: list[list[Cell]]) -> str:
    """The table as tab-separated lines, kept with the plan so a task can be traced to its cells."""
    return "\n".join("\t".join(c.text.replace("\n", " ") for c in row) for row in grid)


def _is_section_row(row: list[Cell], r: int, header: Header) -> str | None:
    filled = [(c, cell) for c, cell in enumerate(row) if cell.text.strip()]
    if not filled:
        return None
    origins = {cell.origin for _, cell in filled}
    if len(origins) == 1:
        origin = next(iter(origins))
        spread = len(filled)
        text = _flat(filled[0][1].text)
        if origin[0] == r and spread >= 2 and spread >= len([c for c in row]) // 2:
            return text                                  # merged across the row
        if spread == 1 and origin[0] == r:
            c = filled[0][0]
            role = header.roles.get(c)
            if _HEADING_RE.match(text) and role != "content":
                return text
            if _HEADING_RE.match(text) and len(text) <= 30 and "。" not in text:
                return text
    return None


def rows_to_tasks(grid: list[list[Cell]], header: Header, directory: UnitDirectory, *,
                  where: Callable[[int], str], row_number: Callable[[int], int],
                  section: str = "", start_row: int | None = None,
                  seq_prefix: str = "") -> tuple[list[ParsedTask], str]:
    """Read the rows below ``header`` into tasks.

    :param where: grid row index → place for messages, e.g. ``工作表「分解表」第5行``
    :param row_number: grid row index → the row number a person sees (source_line)
    :param section: the section carried in from a previous table (Word tables split by page)
    :param start_row: first data row (default: the row after the header)
    :returns: (tasks, the section in force after the last row)
    """
    col = header.col
    seq_col, content_col = col("seq"), col("content")
    lead_col, assist_col, resp_col = col("lead"), col("assist"), col("responsible")
    deadline_col, official_col, target_col = col("deadline"), col("official"), col("target")
    extra_cols = [c for c in header.labels if c not in header.roles]
    tasks: list[ParsedTask] = []
    top = section.split(" / ")[0] if section else ""
    seen_seq: set[tuple[str, str]] = set()
    counter = 0
    first = header.row + 1 if start_row is None else start_row
    for r in range(first, len(grid)):
        row = grid[r]
        if not any(cell.text.strip() for cell in row):
            continue
        if tuple(re.sub(r"\s+", "", cell.text) for cell in row) == header.texts:
            continue                                      # header repeated on a new page
        # A row made only of cells merged down from above adds nothing new.
        if all(cell.origin[0] < r for cell in row if cell.text.strip()):
            continue
        heading = _is_section_row(row, r, header)
        if heading:
            if _TOP_HEADING_RE.match(heading) or not top:
                top, section = heading, heading
            else:
                section = f"{top} / {heading}" if top != heading else heading
            continue

        def text(c: int | None, flat: bool = True) -> str:
            if c is None or c >= len(row):
                return ""
            return _flat(row[c].text) if flat else row[c].text

        problems: list[str] = []
        here = where(r)
        counter += 1
        seq = re.sub(r"[\.、．]$", "", text(seq_col))
        if not seq:
            seq = seq_prefix + str(counter)
            if seq_col is not None:
                problems.append(f"{here}：序号为空，已按顺序编为 {seq}")
        content = text(content_col)
        if not content:
            problems.append(f"{here}：任务内容为空，请核对")
        lead: list[str] = []
        assist: list[str] = []

        def units(c: int | None) -> UnitFields | None:
            raw = text(c, flat=False)
            if not raw.strip():
                return None
            f = read_unit_text(unit_cell_text(raw), directory)
            if f is None:
                names, probs = directory.split_list(unit_cell_text(raw))
                f = UnitFields(lead=names, problems=probs)
            problems.extend(f"{here}：{p}" for p in f.problems)
            return f

        lead_f, resp_f, assist_f = units(lead_col), units(resp_col), units(assist_col)
        lead = list(lead_f.lead + lead_f.assist) if lead_f else []
        if lead_f and lead_f.assist and lead_f.lead and _marked(text(lead_col, flat=False)):
            lead, assist = list(lead_f.lead), list(lead_f.assist)   # ★A、B in the lead cell
        resp_all = (resp_f.lead + resp_f.assist) if resp_f else []
        if resp_f and lead_col is None and assist_col is not None and resp_f.explicit \
                and not (resp_f.lead and resp_f.assist and _marked(text(resp_col, flat=False))):
            lead.extend(resp_all)                        # 责任单位 against 配合单位: they lead
        elif resp_f and lead_col is None:
            lead.extend(resp_f.lead)                     # marks, 牵头/配合 words, or the first listed
            assist.extend(resp_f.assist)
        else:
            assist.extend(resp_all)                      # 责任单位 beside 牵头单位: they assist
        for name in (assist_f.lead + assist_f.assist if assist_f else []):
            if name not in assist and name not in lead:
                assist.append(name)
        assist = [u for i, u in enumerate(assist) if u not in lead and u not in assist[:i]]
        if not lead:
            problems.append(f"{here}：没有牵头单位，请指定")
        key = (section, seq)
        if key in seen_seq:
            problems.append(f"{here}：序号 {seq} 在本节重复，请核对")
        seen_seq.add(key)
        notes = [f"{header.labels[c]}：{text(c)}" for c in extra_cols if text(c)]
        tasks.append(ParsedTask(
            seq=seq, content=content, section=section, lead=lead, assist=assist,
            deadline_text=text(deadline_col) or None, lead_official=text(official_col) or None,
            target=text(target_col) or None, note="；".join(notes) or None,
            source_line=row_number(r), problems=problems))
    return tasks, section
