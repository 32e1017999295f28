"""Tasks written as paragraphs: numbered or not, units in a clause, on label lines or in headings.

The shapes seen in real 分工方案 (see tests/fixtures/breakdowns):

* an item ending in a unit clause: ``…。（牵头单位：A；配合单位：B）``, ``（A主办，B协办）``,
  ``（A、B等负责）``; several items run together on one line are split first;
* label lines after the item: ``牵头领导：王 健`` / ``牵头单位：A`` / ``责任单位：B、C``, or all
  the labels on the item's own line (``1.…。 牵头领导：X 责任单位：Y 配合单位：Z``);
* one clause or label line shared by the sub-items above it (``（1）…（4）`` then
  ``（责任单位：…）``);
* headings that give the leader or the lead unit of the items below them
  (``一、孟学农省长负责的工作``, ``（一）省监察厅牵头的工作``).

A paragraph that never gets a unit is not a task (a heading, an intro, a news line).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..units import UnitDirectory
from .model import ParsedTask
from .unit_clauses import LABEL_RE, UnitFields, apply_labels, read_unit_text, split_labels

CN_NUM = "一二三四五六七八九十"
H1_RE = re.compile(rf"^([{CN_NUM}]+)、(.*)$")
H2_RE = re.compile(rf"^（([{CN_NUM}]+)）(.*)$")
_ITEM_RES = [
    ("是", re.compile(rf"^([{CN_NUM}]+是)(.*)$")),                 # 一是…
    ("(n)", re.compile(r"^（(\d{1,3})）(.*)$")),                    # （1）…
    ("n.", re.compile(r"^(\d{1,3})[\.．、](?!\d)(.*)$")),           # 1. / 1、
    ("n", re.compile(r"^(\d{1,3})(?=[\u4e00-\u9fff“])(.*)$")),     # 1推进… (number glued)
]
_PLAN_TITLE_RE = re.compile(r"(实施方案|工作方案|行动方案|任务清单|分工方案)$")
_TRAILING_CLAUSE_RE = re.compile(r"（((?:[^（）]|（[^（）]*）)*)）$")
# Where a line holds the next item too: after a closing clause or sentence, an ordinal.
_ITEM_START = rf"(?:（[{CN_NUM}]{{1,3}}）|\d{{1,2}}[\.．、](?!\d)(?=[\u4e00-\u9fff“《])|[{CN_NUM}]{{1,3}}、)"
_RUN_ON_RE = re.compile(rf"(?<=）)\s*(?={_ITEM_START})|(?<=[。；）])\s+(?={_ITEM_START})|"
                        r"(?<=[。；])(?=\d{1,2}[\.．、](?!\d)[\u4e00-\u9fff“《])|"
                        r"(?<=[\d\u4e00-\u9fff]) +(?=\d{1,2}[\.．、](?!\d)[\u4e00-\u9fff“《])")
_LEADER_HEADING_RE = re.compile(
    rf"^(?:[{CN_NUM}]+、|（[{CN_NUM}]+）)?(?P<name>[\u4e00-\u9fff×]{{2,4}}?)(?:同志)?"
    r"(?P<title>(?:[\u4e00-\u9fff]{0,8}?、)?(?:常务)?副?(?:省长|市长|区长|县长|州长|旗长|镇长|乡长|"
    r"主任|书记|秘书长|常委|主席)(?:助理)?)(?:同志)?(?:负责|牵头|分管|联系)的?(?:重点)?工作(?:任务)?$")
_LEAD_HEADING_RE = re.compile(
    rf"^(?:[{CN_NUM}]+、|（[{CN_NUM}]+）)(?P<units>[^，。；]{{2,40}}?)(?:牵头|负责|主办)的?(?:重点)?工作(?:任务)?$")


@dataclass
class _Item:
    line_no: int
    seq: str
    style: str
    body: str
    section: str
    leader: str | None = None
    heading_lead: list[str] = field(default_factory=list)
    pairs: list[tuple[str, str]] = field(default_factory=list)
    fields: UnitFields | None = None
    inline_labels: bool = False

    @property
    def has_own_units(self) -> bool:
        return bool(self.pairs) or self.fields is not None


def split_run_on(line: str) -> list[str]:
    """``…(省发改委负责)(二)公共财政…`` → two lines: items a web page ran together."""
    parts = _RUN_ON_RE.split(line)
    return [p.strip() for p in parts if p and p.strip()]


def join_paragraphs(lines: list[str]) -> list[tuple[int, str]]:
    """Paragraphs with their first line number: run-on items split, PDF-broken lines and
    clauses broken over lines joined."""
    return [(a, t) for a, _, t in _paragraphs(lines)]


def _paragraphs(lines: list[str]) -> list[tuple[int, int, str]]:
    """(first line, last line, text) of each paragraph."""
    out: list[tuple[int, int, str]] = []
    pending: tuple[int, str] | None = None
    for i, raw in enumerate(lines, start=1):
        for ln in split_run_on(raw) if raw else [raw]:
            if pending is not None:
                if not ln:
                    continue
                pending = (pending[0], i, pending[2] + ln)
                if pending[2].count("（") <= pending[2].count("）"):
                    out.append(pending)
                    pending = None
                continue
            if not ln:
                continue
            if out and _continues(out[-1][2], ln):
                out[-1] = (out[-1][0], i, out[-1][2] + ln)   # a line broken by PDF extraction
                if _open_clause(out[-1][2]):
                    pending = out.pop()
                continue
            if _open_clause(ln):
                pending = (i, i, ln)
                continue
            out.append((i, i, ln))
    if pending is not None:
        out.append(pending)
    return out


def _open_clause(text: str) -> bool:
    m = re.search(r"（([^（）]*)$", text)
    return bool(m) and bool(LABEL_RE.match(m.group(1)))


def starts_numbered(line: str) -> bool:
    return bool(H1_RE.match(line) or H2_RE.match(line) or any(rx.match(line) for _, rx in _ITEM_RES))


def _continues(prev: str, line: str) -> bool:
    """Whether ``line`` carries on the paragraph ``prev`` (cut mid-sentence by extraction)."""
    if prev[-1] in "。！？；）：" or (len(prev) < 25 and prev[-1] not in "、，“"):
        return False
    if LABEL_RE.match(line.lstrip("（")):
        return False
    return not starts_numbered(line)


def strip_numbering(body: str) -> tuple[str, str, str]:
    """(ordinal as written, numbering style, text)."""
    m = H1_RE.match(body)
    if m:
        return m.group(1), "h1", m.group(2).strip()
    m = H2_RE.match(body)
    if m:
        return m.group(1), "h2", m.group(2).strip()
    for style, rx in _ITEM_RES:
        m = rx.match(body)
        if m:
            return m.group(1), style, m.group(2).strip()
    return "", "none", body


def _attach_block(text: str) -> list[tuple[str, str]] | UnitFields | None:
    """A block that only states units for the item(s) above it: label line(s) or a clause."""
    inner = text
    m = re.fullmatch(r"（(.*)）[。；]?", text)
    if m:
        inner = m.group(1)
    if LABEL_RE.match(inner):
        return split_labels(inner)
    if m:
        return None  # a bracketed line without labels is not attached (could be a note)
    return None


def parse_paragraphs(lines: list[str], directory: UnitDirectory) -> tuple[list[ParsedTask], list[str]]:
    """Tasks from paragraph-shaped text; returns (tasks, file notes)."""
    items: list[_Item] = []
    plan_title = h1 = h2 = ""
    leader: str | None = None
    heading_lead: list[str] = []
    targets: list[_Item] = []
    last_was_attach = False
    last_end = -10
    for line_no, end, para in _paragraphs(lines):
        attach = _attach_block(para)
        near = line_no - last_end <= 2        # a label line belongs to the item right above it
        last_end = end
        if attach is not None and items and near:
            if not last_was_attach:
                last = items[-1]
                targets = [last]
                if not last.has_own_units and last.style != "none":
                    k = len(items) - 2
                    while k >= 0 and items[k].style == last.style and not items[k].has_own_units \
                            and items[k].section == last.section:
                        targets.insert(0, items[k])
                        k -= 1
            for t in targets:
                t.pairs.extend(attach)
            last_was_attach = True
            continue
        last_was_attach = False
        m = _LEADER_HEADING_RE.match(para)
        if m and len(para) < 40:
            leader = m.group("name")
            heading_lead = []
            if H1_RE.match(para):
                h1, h2 = para, ""
            else:
                h2 = para
            continue
        m = _LEAD_HEADING_RE.match(para)
        if m:
            f = read_unit_text(m.group("units"), directory)
            if f and f.lead:
                heading_lead = f.lead
                if H1_RE.match(para):
                    h1, h2 = para, ""
                    leader = None
                else:
                    h2 = para
                continue
        bare = para.rstrip("。")
        if _PLAN_TITLE_RE.search(bare) and len(bare) < 50 and not H1_RE.match(bare):
            plan_title, h1, h2 = bare, "", ""
            leader, heading_lead = None, []
            continue
        seq, style, body = strip_numbering(para)
        item = _Item(line_no, seq, style, body, " / ".join(x for x in (plan_title, h1, h2) if x),
                     leader, list(heading_lead))
        # units at the end: …（牵头单位：A；配合单位：B）
        cm = _TRAILING_CLAUSE_RE.search(body.rstrip("。；"))
        if cm:
            inner = cm.group(1)
            if LABEL_RE.search(inner):
                item.pairs = split_labels(inner)
                item.body = body[: cm.start()].rstrip()
            else:
                f = read_unit_text(inner, directory)
                if f is not None:
                    item.fields = f
                    item.body = body[: cm.start()].rstrip()
        if not item.has_own_units:
            lm = next((x for x in LABEL_RE.finditer(body)
                       if x.start() > 0 and body[x.start() - 1] in " 。；，"), None)
            if lm:
                item.pairs = split_labels(body[lm.start():])
                item.body = body[: lm.start()].rstrip(" ，")
                item.inline_labels = True
        if not item.has_own_units and style in ("h1", "h2") and len(para) < 40:
            if style == "h1":
                h1, h2 = bare, ""
                leader, heading_lead = None, []
            else:
                h2 = bare
                heading_lead = []
            item.section = " / ".join(x for x in (plan_title, h1) if x) if style == "h2" else plan_title
        items.append(item)
    return _to_tasks(items, directory)


def _to_tasks(items: list[_Item], directory: UnitDirectory) -> tuple[list[ParsedTask], list[str]]:
    tasks: list[ParsedTask] = []
    undifferentiated = 0
    running = 0
    for it in items:
        if it.pairs:
            f = apply_labels(it.pairs, directory, inline=it.inline_labels)
            if it.fields:
                f.lead = f.lead or it.fields.lead
                f.assist = f.assist or it.fields.assist
        else:
            f = it.fields or UnitFields()
        problems = list(f.problems)
        lead, assist = list(f.lead), list(f.assist)
        if not lead and it.heading_lead:
            lead = list(it.heading_lead)
            assist = [u for u in assist if u not in lead]
        if not lead and not assist:
            continue                      # never given a unit: a heading or prose, not a task
        if not lead:
            problems.append("只写了配合单位，没有牵头单位，请指定")
        if not f.explicit:
            undifferentiated += 1
        running += 1
        tasks.append(ParsedTask(
            seq=it.seq or str(running), content=it.body.strip(), section=it.section,
            lead=lead, assist=[u for u in assist if u not in lead],
            deadline_text=f.deadline, lead_official=f.official or it.leader,
            source_line=it.line_no, problems=problems))
    notes = []
    if undifferentiated:
        notes.append(f"{undifferentiated} 项任务的责任单位未区分牵头与配合，已按文件顺序以第一个单位为牵头，"
                     "请在预览中核对。")
    return tasks, notes
