"""Tables that lost their grid: copied from a web page or PDF into text.

Three ways a 分解表 reaches us as text (all in tests/fixtures/breakdowns):

* one cell per line, often with blank lines between, rows recognisable only by the
  running 序号 (``1`` ``2`` …);
* ``|``-separated cells: a row per line (``1 | 任务 | 领导 | 单位 |``) or a cell per line
  (``| 任务`` … ``|`` ending the row), a name in a narrow column broken over lines;
* tab-separated rows.

The header (``序号 / 重点工作 / 牵头单位 / 配合单位 / 责任领导 / 完成时限 / 备注`` …, any
order, any subset) says what the columns hold. Rows with fewer cells than the header had
merged or empty cells: each cell is put in the column whose kind it fits (a task text, a
unit list, a person's name, a deadline), in order, and a missing unit, leader, deadline or
group cell is taken from the row above (a merged cell covers several rows). The grid then
goes through :func:`table_common.rows_to_tasks`, the same reading as Word and Excel tables.
"""

from __future__ import annotations

import re

from ..units import UnitDirectory, looks_like_unit, split_unit_list
from .model import ParsedTask
from .table_common import Cell, Header, header_role, rows_to_tasks

# Header cells that name no role of their own but belong to a header row.
_OTHER_HEADERS = re.compile(r"^(序号|备注|指标|项目|项目名称|类别|分类|落实情况|完成情况|进展情况|"
                            r"推进情况|工作目标|任务数|分值|年度目标|目标值|计量单位|单位|说明)$")
_STOP_RE = re.compile(r"^(附件\s*\d*|附表\s*\d*|相关链接|打印本页|关闭窗口|【打印】|扫一扫)")
_HEADING_RE = re.compile(r"^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|第[一二三四五六七八九十]+部分)")
_PERSON_RE = re.compile(r"^[\u4e00-\u9fff]{2,3}$|^[\u4e00-\u9fff] [\u4e00-\u9fff]{1,2}$|^[\u4e00-\u9fff]{2} [\u4e00-\u9fff]$")
_DEADLINE_RE = re.compile(r"^(\d{4}年)?(\d{1,2}月(底|份|中旬|上旬|下旬|\d{1,2}日)?前?|年底前?|年内|全年|"
                          r"[一二三四]季度(末|底)?前?|长期(坚持)?|持续推进|常态化|\d{4}年(底|年底)?前?)"
                          r"([，、至—\-~]+.*)?$")
_KIND_OF_ROLE = {"content": "content", "lead": "unit", "assist": "unit", "responsible": "unit",
                 "official": "person", "deadline": "deadline", "target": "group", "seq": "seq"}


def _key(text: str) -> str:
    return re.sub(r"\s+", "", text)


def is_header_cell(text: str) -> bool:
    k = _key(text)
    return bool(k) and len(k) <= 16 and (header_role(k) is not None or bool(_OTHER_HEADERS.match(k))
                                         or bool(re.fullmatch(r"（[^）]{1,6}）", k)))


def _roles(labels: list[str]) -> tuple[dict[int, str], dict[int, str]] | None:
    roles: dict[int, str] = {}
    names: dict[int, str] = {}
    for c, label in enumerate(labels):
        k = _key(label)
        names[c] = k
        role = header_role(k)
        if role and role not in roles.values():
            roles[c] = role
    found = set(roles.values())
    if "content" not in found and "target" in found:
        c = next(c for c, r in roles.items() if r == "target")
        roles[c] = "content"                     # 序号 / 2022年预期目标 / 责任单位
        found = set(roles.values())
    if "content" not in found or not found & {"lead", "assist", "responsible"}:
        return None
    return roles, names


# ------------------------------------------------------------------ header and rows in text

def _pipe_cells(line: str) -> list[str]:
    parts = line.split("|")
    if parts and not parts[-1].strip():
        parts = parts[:-1]
    if len(parts) > 1 and not parts[0].strip() and line.lstrip().startswith("|"):
        parts = parts[1:]                         # | 1 | 任务 | … |
    return [p.strip() for p in parts]


def _find_header(lines: list[str], start: int) -> tuple[str, int, int, list[str]] | None:
    """(mode, first header line, first data line, header labels) of the next table."""
    i = start
    n = len(lines)
    while i < n:
        ln = lines[i].strip()
        if ln.count("|") >= 2:
            cells = [c for c in _pipe_cells(ln) if c]
            if len(cells) >= 3 and all(is_header_cell(c) for c in cells) and _roles(cells):
                return "pipe_rows", i, i + 1, cells
        if ln.count("\t") >= 2:
            cells = [c for c in ln.split("\t") if c.strip()]
            if len(cells) >= 3 and all(is_header_cell(c) for c in cells) and _roles(cells):
                return "tab_rows", i, i + 1, cells
        if ln and is_header_cell(ln.lstrip("| ").strip() or "x"):
            labels: list[str] = []
            j = i
            pipe = False
            while j < n:
                cur = lines[j].strip()
                if not cur:
                    j += 1
                    continue
                if cur == "|":
                    pipe = True
                    j += 1
                    break
                text = cur.lstrip("|").strip()
                pipe = pipe or cur.startswith("|")
                if not is_header_cell(text):
                    break
                if re.fullmatch(r"（[^）]{1,6}）", _key(text)) and labels:
                    labels[-1] += _key(text)     # 责任股室 / （单位） broken over two lines
                else:
                    labels.append(text)
                j += 1
            if len(labels) >= 3 and _roles(labels):
                return ("pipe_cells" if pipe else "cell_lines"), i, j, labels
        i += 1
    return None


def _join_cell(parts: list[str]) -> str:
    """Lines of one cell: a name a narrow column broke (``市\\n监\\n察\\n局``) is joined."""
    return "".join(p.strip() for p in parts if p.strip())


def _rows_pipe_cells(lines: list[str], start: int) -> tuple[list[tuple[int, list[str]]], int]:
    rows: list[tuple[int, list[str]]] = []
    cells: list[list[str]] = []
    row_start = start
    i = start
    while i < len(lines):
        raw = lines[i].strip()
        if _STOP_RE.match(raw):
            break
        if raw == "|" or (raw.endswith("|") and raw.count("|") == 1 and not raw.startswith("|")):
            if raw != "|":
                (cells[-1] if cells else cells.append([]) or cells[-1]).append(raw[:-1])
            if cells:
                rows.append((row_start + 1, [_join_cell(c) for c in cells]))
            cells = []
            row_start = i + 1
        elif raw.startswith("|"):
            cells.append([raw[1:]])
        elif raw:
            if not cells:
                cells.append([])
            cells[-1].append(raw)
        i += 1
    if cells:
        rows.append((row_start + 1, [_join_cell(c) for c in cells]))
    return rows, i


def _rows_split(lines: list[str], start: int, sep: str) -> tuple[list[tuple[int, list[str]]], int]:
    rows = []
    i = start
    while i < len(lines):
        raw = lines[i].strip()
        if _STOP_RE.match(raw):
            break
        if raw:
            cells = _pipe_cells(raw) if sep == "|" else [c.strip() for c in raw.split("\t")]
            if len(cells) == 1 and rows and sep == "|":
                rows[-1][1][-1] += cells[0]       # a cell's text carried onto the next line
            else:
                rows.append((i + 1, cells))
        i += 1
    return rows, i


def _rows_cell_lines(lines: list[str], start: int, has_seq: bool
                     ) -> tuple[list[tuple[int, list[str]]], int]:
    """One cell per line: a row starts at the next running 序号 (or a section heading)."""
    rows: list[tuple[int, list[str]]] = []
    expected = 1
    i = start
    current: list[str] | None = None
    while i < len(lines):
        raw = lines[i].strip()
        if _STOP_RE.match(raw) and (current is None or len(current) > 1):
            break
        if not raw:
            i += 1
            continue
        if has_seq and re.fullmatch(r"\d{1,3}[\.、]?", raw) and int(re.sub(r"\D", "", raw)) == expected:
            current = [raw.rstrip(".、")]
            rows.append((i + 1, current))
            expected += 1
        elif _HEADING_RE.match(raw) and len(raw) <= 30 and not looks_like_unit(raw):
            rows.append((i + 1, ["", raw]))       # a section heading between rows
            current = None
        elif current is not None:
            current.append(raw)
        i += 1
    return rows, i


# ------------------------------------------------------------------ cells into columns

def _cell_kind_scores(text: str) -> dict[str, float]:
    t = text.strip()
    names, _ = split_unit_list(t, None) if t else ([], [])
    unit = bool(names) and all(looks_like_unit(n) for n in names) and len(t) <= 120 \
        and not re.search(r"[。；：%]", t) and not re.search(r"\d", t)
    person = bool(_PERSON_RE.match(t)) and not looks_like_unit(t) or \
        bool(t) and all(_PERSON_RE.match(p) for p in re.split(r"[、，]", t)) and not unit
    deadline = bool(_DEADLINE_RE.match(t))
    long_text = len(t) >= 14 or bool(re.search(r"[。；，%]", t))
    plain = not (unit or person or deadline)
    return {
        "content": 3.0 if long_text and not unit else (1.0 if plain and len(t) >= 6 else -2.0),
        "unit": 3.0 if unit else -3.0,
        "person": 3.0 if person else -3.0,
        "deadline": 3.0 if deadline else -3.0,
        "group": 1.5 if plain and not long_text else -1.5,
        "note": 0.3,
        "seq": 3.0 if re.fullmatch(r"\d{1,3}", t) else -5.0,
    }


def align(cells: list[str], kinds: list[str]) -> list[list[int]]:
    """Put cells into columns in order: returns, for each column, the indexes of its cells.

    Monotonic dynamic programme: each cell goes to the current column or a later one; a unit
    or note column may take several cells (units written one per line)."""
    n, m = len(cells), len(kinds)
    scores = [_cell_kind_scores(c) for c in cells]
    NEG = float("-inf")
    # best[i][j]: best score having placed cells[:i], the last one in column j-1 (j=0: none yet)
    best = [[NEG] * (m + 1) for _ in range(n + 1)]
    back: list[list[int]] = [[-1] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(n):
        for j in range(m + 1):
            if best[i][j] == NEG:
                continue
            # the same column again (several cells in one column)
            if j > 0 and kinds[j - 1] in ("unit", "note"):
                s = best[i][j] + scores[i][kinds[j - 1]] - 0.5
                if s > best[i + 1][j]:
                    best[i + 1][j], back[i + 1][j] = s, j
            for k in range(j + 1, m + 1):
                s = best[i][j] + scores[i][kinds[k - 1]] - 0.2 * (k - j - 1)
                if s > best[i + 1][k]:
                    best[i + 1][k], back[i + 1][k] = s, j
    j = max(range(m + 1), key=lambda c: best[n][c])
    out: list[list[int]] = [[] for _ in range(m)]
    for i in range(n, 0, -1):
        out[j - 1].insert(0, i - 1)
        j = back[i][j]
    return out


def _grid(rows: list[tuple[int, list[str]]], labels: list[str], roles: dict[int, str]
          ) -> tuple[list[list[Cell]], list[int]]:
    m = len(labels)
    kinds = [_KIND_OF_ROLE.get(roles.get(c, ""), "note") for c in range(m)]
    grid: list[list[Cell]] = [[Cell(lab, (0, c)) for c, lab in enumerate(labels)]]
    line_of: list[int] = [0]
    above: list[Cell] | None = None
    for line_no, cells in rows:
        r = len(grid)
        if cells and cells[0] == "" and len(cells) == 2:      # section heading row
            grid.append([Cell(cells[1], (r, 0))] + [Cell(cells[1], (r, 0)) for _ in range(m - 1)])
            line_of.append(line_no)
            above = None
            continue
        if len(cells) == m:
            placed = [[k] for k in range(m)]
        else:
            placed = align(cells, kinds)
        row: list[Cell] = []
        for c in range(m):
            if placed[c]:
                joiner = "\n" if kinds[c] == "unit" else ""
                row.append(Cell(joiner.join(cells[k] for k in placed[c]), (r, c)))
            elif above is not None and kinds[c] in ("unit", "person", "deadline", "group") \
                    and len(cells) < m:
                row.append(Cell(above[c].text, above[c].origin))   # a cell merged down
            else:
                row.append(Cell("", (r, c)))
        grid.append(row)
        line_of.append(line_no)
        above = row
    return grid, line_of


def parse_flat_tables(lines: list[str], directory: UnitDirectory) -> tuple[list[ParsedTask], list[str]]:
    """Every flattened table in ``lines``; ([], []) when there is none."""
    tasks: list[ParsedTask] = []
    notes: list[str] = []
    pos = 0
    section = ""
    while True:
        found = _find_header(lines, pos)
        if found is None:
            break
        mode, first, data, labels = found
        roles, names = _roles(labels)
        if mode == "pipe_rows":
            rows, end = _rows_split(lines, data, "|")
        elif mode == "tab_rows":
            rows, end = _rows_split(lines, data, "\t")
        elif mode == "pipe_cells":
            rows, end = _rows_pipe_cells(lines, data)
        else:
            rows, end = _rows_cell_lines(lines, data, "seq" in roles.values())
        pos = max(end, data + 1)
        if not rows:
            continue
        grid, line_of = _grid(rows, labels, roles)
        header = Header(0, roles, names, tuple(_key(x) for x in labels))
        got, section = rows_to_tasks(
            grid, header, directory, where=lambda r: f"第{line_of[r]}行",
            row_number=lambda r: line_of[r], section=section)
        tasks.extend(got)
        notes.append(f"第{first + 1}行起是一张被拉平的表格（{'、'.join(_key(x) for x in labels)}），"
                     f"已按表头重建 {len(got)} 行。")
    return tasks, notes
