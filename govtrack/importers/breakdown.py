"""The breakdown importer: a 分工方案, 分解表 or 实施方案 as text → tasks with their units.

Every office writes its breakdown a little differently; the shapes read here (see
``resources/seeds`` and ``tests/fixtures/breakdowns``) and where each is read:

* the 潜江 flattened table (``001``): ``序号…牵头单位`` header, units glued to the end of the
  task text and then one per line — this module;
* paragraphs with unit clauses, label lines, shared clause lines and leader / lead-unit
  headings — :mod:`.paragraphs` (clauses themselves: :mod:`.unit_clauses`);
* tables flattened into text (cell per line, ``|`` rows or cells, tab rows) —
  :mod:`.flat_tables`; tables run together with no separator — :mod:`.run_together`;
* prose where the unit is the sentence subject — :mod:`.prose`, only when nothing else reads.

The shape that finds the most tasks wins. Every row the parser is unsure of carries its
reasons in ``ParsedTask.problems``; file-level remarks go to ``ParseResult.notes``.
"""

from __future__ import annotations

import re

from ..errors import InputError
from ..textnorm import normalize_line, remove_cjk_spaces
from ..units import UnitDirectory
from .model import ParsedTask, ParseResult
from .doc_year import year_of
from .flat_tables import parse_flat_tables
from .paragraphs import parse_paragraphs
from .prose import parse_prose
from .run_together import parse_run_together
from .source import SourceText

_SENT_END = "。！？；"
_DOC_NO_RE = re.compile(r"[\u4e00-\u9fff]{1,8}〔\d{4}〕\d+号")


def parse_breakdown(src: SourceText, units: UnitDirectory, year: int | None = None) -> ParseResult:
    """Parse a breakdown text; raise :class:`InputError` when no task can be recognised."""
    raw_lines = src.text.split("\n")
    # tab-separated rows keep their tabs (a flattened table); everything else is normalised
    lines = ["\t".join(normalize_line(c) for c in ln.split("\t")).strip("\t") for ln in raw_lines]
    title, doc_no = _guess_title(lines), _guess_doc_no(lines)
    year = year or _guess_year(title, lines)
    header = _find_table_header(lines)
    if header is not None:
        result = ParseResult(src.path.name, "flat_table", title, year, doc_no)
        result.tasks = _parse_flat_table(lines, header, units, src.path.name)
    else:
        # Any shape may hold the tasks; the one that finds the most wins.
        shapes = [("inline_units", parse_paragraphs), ("flat_text_table", parse_flat_tables),
                  ("run_together_table", parse_run_together)]
        best = None
        for fmt, parser in shapes:
            tasks, notes = parser(lines, units)
            if best is None or len(tasks) > len(best[1]):
                best = (fmt, tasks, notes)
        if not best[1]:
            tasks, notes = parse_prose(lines, units)
            best = ("prose", tasks, notes)
        result = ParseResult(src.path.name, best[0], title, year, doc_no)
        result.tasks = best[1]
        result.notes.extend(best[2])
    result.notes.extend(src.notes)
    apply_stated_rule(result, src.text)
    if not result.tasks:
        shown = [ln for ln in lines if ln][:5]
        raise InputError(
            "没有识别出任何任务。已尝试：“序号…牵头单位”表格；带“（责任单位：…）”或“（…牵头）”的条目；"
            "“牵头单位：/责任单位：”标签行；被拉平的表格（序号/任务/责任单位等表头）；"
            "以单位为主语的叙述。读到的前几行是：" + " ／ ".join(x[:40] for x in shown)
            + "。请检查文件内容是否为任务分解文件。", file=src.path.name)
    return result


# ------------------------------------------------------------------ helpers

STATED_FIRST_LEADS_RE = re.compile(r"(列第一位|排序第一|排名第一|排在第一位?|第一个|首位)(的)?(单位|部门)?(为|是)牵头(单位|部门)?")


def apply_stated_rule(result: ParseResult, text: str) -> None:
    """A document that states its own rule (``排序第一单位为牵头单位``) has marked its leads:
    the "未区分牵头与配合" warning gives way to that rule, said once."""
    m = STATED_FIRST_LEADS_RE.search(normalize_line(text[:200000]))
    if not m:
        return
    result.notes = [n for n in result.notes if "未区分牵头与配合" not in n]
    result.notes.append(f"按文件说明（“{m.group(0)}”），排在第一的单位为牵头单位。")

_TITLE_WORDS_RE = re.compile(r"(任务清单|分工方案|实施方案|工作方案|行动方案|的通知|分解表|责任分解|任务分解|"
                             r"分工的意见|分工意见|重点工作|民生实事|目标任务|工作任务)")


def _title_candidate(line: str) -> str | None:
    s = remove_cjk_spaces(line).strip()
    if not s or len(s) > 60 or s.startswith(("#", "附件", "附表")) or re.search(r"https?[:：]|www\.", s):
        return None
    if _DOC_NO_RE.fullmatch(s) or re.fullmatch(r"[\d\s年月日:：\-—/.]+", s):
        return None
    return s


def _guess_title(lines: list[str]) -> str:
    """The plan's title: a heading line that says what it is (never a 附件 line or a URL)."""
    for ln in lines[:80]:
        s = _title_candidate(ln)
        if s and re.search(r"(任务清单|分工方案|实施方案|工作方案|行动方案|的通知)$", s):
            return s
    for ln in lines[:80]:
        s = _title_candidate(ln)
        if s and _TITLE_WORDS_RE.search(s) and not s.startswith(("一、", "（一）", "1")):
            return s
    for ln in lines:
        s = _title_candidate(ln)
        if s:
            return s
    return ""


def _guess_year(title: str, lines: list[str]) -> int | None:
    return year_of(title, *lines[:60])


def _guess_doc_no(lines: list[str]) -> str | None:
    for ln in lines[:60]:
        m = _DOC_NO_RE.search(ln)
        if m:
            return m.group(0)
    return None


def _find_table_header(lines: list[str]) -> int | None:
    for i, ln in enumerate(lines):
        s = ln.replace(" ", "")
        if "\t" in s or "|" in s:
            continue                      # a table with cell separators: the flattened-table reader
        if s.startswith("序号") and "牵头单位" in s and len(s) < 60:
            return i
    return None


# ------------------------------------------------------------------ flat table (001)

def _parse_flat_table(lines: list[str], header: int, units: UnitDirectory, file_name: str
                      ) -> list[ParsedTask]:
    rows: list[tuple[int, str, int, list[str]]] = []   # (seq, first line, line no, more lines)
    expected = 1
    for i in range(header + 1, len(lines)):
        ln = lines[i]
        if not ln:
            continue
        if ln.startswith("相关链接") or ln.startswith("附件"):
            break
        m = re.match(r"^(\d{1,4})(?!\d)(.*)$", ln)
        if m and int(m.group(1)) == expected and (m.group(2) or "").strip():
            rows.append((expected, m.group(2).strip(), i + 1, []))
            expected += 1
        elif rows:
            rows[-1][3].append(ln)
    tasks = []
    for seq, first, line_no, more in rows:
        content, tail, problems = _split_content_and_units(first, units)
        unit_text = [tail] if tail else []
        for extra in more:
            if _looks_like_unit_line(extra, units):
                unit_text.append(extra)
            else:
                problems.append(f"续行「{extra[:20]}…」不像单位名称，已并入任务文本，请核对")
                content += extra
        names: list[str] = []
        for chunk in unit_text:
            got, probs = units.split_list(chunk)
            problems.extend(probs)
            names.extend(n for n in got if n not in names)
        if not names:
            problems.append("没有识别出牵头单位")
        tasks.append(ParsedTask(
            seq=str(seq), content=content, lead=names[:1], assist=names[1:],
            source_line=line_no, problems=problems,
        ))
    return tasks


def _looks_like_unit_line(text: str, units: UnitDirectory) -> bool:
    if any(p in text for p in "，。；：") or len(text) > 40:
        return False
    names, probs = units.split_list(text)
    return bool(names) and not any(p.startswith("无法拆分") for p in probs)


def _split_content_and_units(line: str, units: UnitDirectory) -> tuple[str, str, list[str]]:
    """Cut ``<task text><units glued>`` at the end of the last sentence."""
    cut = max(line.rfind(ch) for ch in _SENT_END)
    if cut >= 0:
        tail = line[cut + 1:].strip()
        if not tail or _looks_like_unit_line(tail, units):
            return line[: cut + 1], tail, []
    # No sentence end before the units: peel known unit spellings off the end.
    spellings = sorted(units.spellings(), key=len, reverse=True)
    end = len(line)
    while True:
        for sp in spellings:
            if line.endswith(sp, 0, end) and end - len(sp) > 0:
                end -= len(sp)
                break
        else:
            break
    if end < len(line):
        return line[:end], line[end:], ["任务文本与单位之间没有句号，已按单位名录切分，请核对"]
    return line, "", ["无法确定任务文本与单位的分界，请核对"]


