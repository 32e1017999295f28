"""The breakdown importer: a 分工方案 or 实施方案 text → numbered tasks with their units.

Two shapes occur in the real documents (see ``resources/seeds``):

* a flattened table (``001``): a ``序号…牵头单位…协办单位`` header, then each row as
  ``<n><task text><lead unit><first assisting unit>`` with the other assisting
  units one per line — the unit cells are glued to the end of the task text;
* inline units (the plans in ``000``): items that end in ``（责任单位：A、B、C）``,
  ``（牵头单位：A；配合单位：B、C）`` or ``（A牵头，B、C配合）``, with optional
  ``完成时限：…`` and ``牵头领导：…``, under ``一、`` / ``（一）`` headings and
  numbered ``1.`` / ``1、`` / ``（1）`` / ``一是``.

The first unit named is the lead unit unless the text says who leads. Every row
the parser is unsure of carries its reasons in ``ParsedTask.problems``.
"""

from __future__ import annotations

import re

from ..errors import InputError
from ..textnorm import normalize_line, remove_cjk_spaces
from ..units import UnitDirectory
from .model import ParsedTask, ParseResult
from .source import SourceText

CN_NUM = "一二三四五六七八九十"
_SENT_END = "。！？；"
_YEAR_RE = re.compile(r"(20\d{2})\s*年")
_DOC_NO_RE = re.compile(r"[\u4e00-\u9fff]{1,8}〔\d{4}〕\d+号")

# Headings and numbering.
_H1_RE = re.compile(rf"^([{CN_NUM}]+)、(.*)$")
_H2_RE = re.compile(rf"^（([{CN_NUM}]+)）(.*)$")
_ITEM_RES = [
    re.compile(rf"^([{CN_NUM}]+是)(.*)$"),               # 一是…
    re.compile(r"^（(\d{1,3})）(.*)$"),                  # （1）…
    re.compile(r"^(\d{1,3})[\.．、](?!\d)(.*)$"),         # 1. / 1、
    re.compile(r"^(\d{1,3})(?=[\u4e00-\u9fff“])(.*)$"),  # 1推进… (number glued)
]
_PLAN_TITLE_RE = re.compile(r"(实施方案|工作方案|行动方案|任务清单|分工方案)$")

# Unit clauses.
_UNIT_LABELS = {
    "责任单位": "lead_first", "牵头单位": "lead", "主责单位": "lead", "牵头部门": "lead",
    "配合单位": "assist", "协办单位": "assist", "参与单位": "assist", "协同单位": "assist",
    "配合部门": "assist", "责任部门": "lead_first",
    "牵头领导": "official", "责任领导": "official", "分管领导": "official",
    "完成时限": "deadline", "完成时间": "deadline", "时限": "deadline", "时间节点": "deadline",
}
_LABEL_RE = re.compile("(" + "|".join(sorted(_UNIT_LABELS, key=len, reverse=True)) + r")：")
_TRAILING_CLAUSE_RE = re.compile(r"（((?:[^（）]|（[^（）]*）)*)）$")
_ROLE_WORD_RE = re.compile(r"(牵头|配合|协办|参与|负责|按职责分工负责)$")


def parse_breakdown(src: SourceText, units: UnitDirectory, year: int | None = None) -> ParseResult:
    """Parse a breakdown text; raise :class:`InputError` when no task can be recognised."""
    raw_lines = src.text.split("\n")
    lines = [normalize_line(ln) for ln in raw_lines]
    title, doc_no = _guess_title(lines), _guess_doc_no(lines)
    year = year or _guess_year(title, lines)
    header = _find_table_header(lines)
    if header is not None:
        result = ParseResult(src.path.name, "flat_table", title, year, doc_no)
        result.tasks = _parse_flat_table(lines, header, units, src.path.name)
    else:
        result = ParseResult(src.path.name, "inline_units", title, year, doc_no)
        result.tasks = _parse_inline(lines, units)
    result.notes.extend(src.notes)
    if not result.tasks:
        raise InputError("没有识别出任何任务：既没有“序号…牵头单位”表格，也没有带“（责任单位：…）”的条目。"
                         "请检查文件内容是否为任务分解文件。", file=src.path.name)
    if year is None:
        result.notes.append("未能从文件中识别年度，请用 --year 指定。")
    return result


# ------------------------------------------------------------------ helpers

def _guess_title(lines: list[str]) -> str:
    for ln in lines[:80]:
        s = remove_cjk_spaces(ln)
        if re.search(r"(任务清单|分工方案|实施方案|工作方案|行动方案|的通知)$", s) and len(s) < 60:
            return s
    for ln in lines:
        if ln and len(ln) < 60:
            return remove_cjk_spaces(ln)
    return ""


def _guess_year(title: str, lines: list[str]) -> int | None:
    for text in [title, *lines[:60]]:
        m = _YEAR_RE.search(text)
        if m:
            return int(m.group(1))
    return None


def _guess_doc_no(lines: list[str]) -> str | None:
    for ln in lines[:60]:
        m = _DOC_NO_RE.search(ln)
        if m:
            return m.group(0)
    return None


def _find_table_header(lines: list[str]) -> int | None:
    for i, ln in enumerate(lines):
        s = ln.replace(" ", "")
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


# ------------------------------------------------------------------ inline units (000)

def _join_broken_clauses(lines: list[str]) -> list[tuple[int, str]]:
    """Paragraphs with their first line number; a clause broken across lines is joined,
    and a clause standing alone on its line is attached to the paragraph before it."""
    out: list[tuple[int, str]] = []
    pending: tuple[int, str] | None = None
    for i, ln in enumerate(lines, start=1):
        if pending is not None:
            if not ln:
                continue
            pending = (pending[0], pending[1] + ln)
            if pending[1].count("（") <= pending[1].count("）"):
                out.append(pending)
                pending = None
            continue
        if not ln:
            continue
        if _LABEL_RE.match(ln.lstrip("（")) and ln.startswith("（") and out:
            prev_no, prev = out[-1]
            if not _TRAILING_CLAUSE_RE.search(prev):
                out[-1] = (prev_no, prev + ln)
                if ln.count("（") > ln.count("）"):
                    pending = out.pop()
                continue
        if out and _continues(out[-1][1], ln):
            out[-1] = (out[-1][0], out[-1][1] + ln)   # a line broken by PDF extraction
            if re.search(r"（(责任单位|牵头单位)：[^）]*$", out[-1][1]):
                pending = out.pop()
            continue
        if re.search(r"（(责任单位|牵头单位)：[^）]*$", ln):
            pending = (i, ln)
            continue
        out.append((i, ln))
    if pending is not None:
        out.append(pending)
    return out


def _starts_numbered(line: str) -> bool:
    return bool(_H1_RE.match(line) or _H2_RE.match(line) or any(rx.match(line) for rx in _ITEM_RES))


def _continues(prev: str, line: str) -> bool:
    """Whether ``line`` carries on the paragraph ``prev`` (cut mid-sentence by extraction)."""
    if prev[-1] in "。！？；）：" or (len(prev) < 25 and prev[-1] not in "、，“"):
        return False
    return not _starts_numbered(line)


def _parse_inline(lines: list[str], units: UnitDirectory) -> list[ParsedTask]:
    tasks: list[ParsedTask] = []
    plan_title = ""
    h1 = h2 = ""
    running = 0
    for line_no, para in _join_broken_clauses(lines):
        clause = _unit_clause(para)
        if clause is None:
            # Not a task: maybe a heading that sets the section path.
            bare = para.rstrip("。")
            if _PLAN_TITLE_RE.search(bare) and len(bare) < 50 and not _H1_RE.match(bare):
                plan_title, h1, h2 = bare, "", ""
            elif _H1_RE.match(para) and len(para) < 40:
                h1, h2 = bare, ""
            elif _H2_RE.match(para) and len(para) < 40:
                h2 = bare
            continue
        body, clause_text = clause
        seq, body = _strip_numbering(body)
        running += 1
        fields, problems = _parse_clause(clause_text, units)
        section = " / ".join(x for x in (plan_title, h1, h2) if x)
        if not fields["lead"]:
            problems.append("括号中没有识别出牵头单位")
        tasks.append(ParsedTask(
            seq=seq or str(running), content=body.strip(), section=section,
            lead=fields["lead"], assist=[u for u in fields["assist"] if u not in fields["lead"]],
            deadline_text=fields["deadline"], lead_official=fields["official"],
            source_line=line_no, problems=problems,
        ))
    return tasks


def _unit_clause(para: str) -> tuple[str, str] | None:
    m = _TRAILING_CLAUSE_RE.search(para.rstrip("。；"))
    if not m:
        return None
    inner = m.group(1)
    if not (_LABEL_RE.search(inner) or re.search(r"(牵头|配合|负责)", inner)):
        return None
    return para[: m.start()].rstrip(), inner


def _strip_numbering(body: str) -> tuple[str, str]:
    for rx in (_H2_RE, *_ITEM_RES):
        m = rx.match(body)
        if m:
            return m.group(1), m.group(2).strip()
    return "", body


def _parse_clause(inner: str, units: UnitDirectory) -> tuple[dict, list[str]]:
    fields = {"lead": [], "assist": [], "deadline": None, "official": None}
    problems: list[str] = []
    parts = _LABEL_RE.split(inner)
    if len(parts) > 1:
        # ['', '责任单位', 'A、B；', '完成时限', '6月底前']
        for label, value in zip(parts[1::2], parts[2::2]):
            value = value.strip("；，。 ")
            kind = _UNIT_LABELS[label]
            if kind == "deadline":
                fields["deadline"] = value or None
            elif kind == "official":
                fields["official"] = value or None
            else:
                names, probs = units.split_list(value)
                problems.extend(probs)
                if kind == "lead_first" and not fields["lead"]:
                    fields["lead"], rest = names[:1], names[1:]
                    fields["assist"].extend(rest)
                elif kind in ("lead", "lead_first"):
                    fields["lead"].extend(names)
                else:
                    fields["assist"].extend(names)
        return fields, problems
    # （A、B牵头，C、D配合） / （A牵头，…按职责分工负责）
    for part in re.split(r"[，；]", inner):
        m = _ROLE_WORD_RE.search(part)
        role = m.group(1) if m else ""
        names_text = part[: m.start()] if m else part
        if not names_text or "按职责" in names_text:
            continue
        names, probs = units.split_list(names_text)
        problems.extend(probs)
        if role == "牵头" or (not fields["lead"] and role in ("负责", "")):
            fields["lead"].extend(names)
        else:
            fields["assist"].extend(names)
    return fields, problems
