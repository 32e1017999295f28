"""A table whose text was run together with no separators at all (docx → text on a document site).

``序号项目名称主要内容区政府分管领导牵头单位配合单位1增加教育资源供给实施新建……。何海平教育局经开区
高新园（邹区镇）各街道市国有公司2促进就业……`` — the header's words glued, then each row as its
ordinal, text ending in 。, then the leader's name and the unit cells glued. A cell ends only
where what follows a 。 reads as the header's trailing columns (a 2–3 character name, then
unit names); a second row of the same item starts right after its units, without an ordinal.
The viewer's page markers (``2、`` at a line start) and repeated headers are dropped.
"""

from __future__ import annotations

import re

from ..units import UnitDirectory, looks_like_unit
from .model import ParsedTask
from .table_common import header_role
from .unit_clauses import read_unit_text

_HEADER_WORDS = ["序号", "项目名称", "主要内容", "工作任务", "重点工作", "任务内容", "工作内容", "具体内容",
                 "目标任务", "区政府分管领导", "市政府分管领导", "县政府分管领导", "分管领导", "责任领导",
                 "牵头领导", "牵头单位", "配合单位", "责任单位", "协办单位", "完成时限", "完成时间", "备注"]
_HEADER_RUN_RE = re.compile("(?:" + "|".join(sorted(_HEADER_WORDS, key=len, reverse=True)) + "){4,}")
_WORD_RE = re.compile("|".join(sorted(_HEADER_WORDS, key=len, reverse=True)))
# Task texts open with a verb; a unit name does not.
_VERB_RE = re.compile(r"^(推进|完成|实施|提升|开展|新建|加快|建设|落实|为|对|支持|促进|打造|优化|增加|深化|"
                      r"强化|持续|全面|积极|新增|改造|启动|举办|组织|健全|完善|开工|实现|做好|加强|提供)")


def _units_prefix(text: str, directory: UnitDirectory) -> tuple[list[str], int]:
    """The longest run of glued unit names at the start of ``text``: (names, length used)."""
    best: tuple[list[str], int] = ([], 0)
    pos = 0
    names: list[str] = []
    while pos < len(text):
        hit = None
        for j in range(pos + 3, min(len(text), pos + 16) + 1):
            piece = text[pos:j]
            if piece.startswith("（") or _VERB_RE.match(piece) or piece.count("（") != piece.count("）"):
                continue
            if (piece in directory or looks_like_unit(piece)) and not re.search(r"[，。；、\d]", piece):
                # prefer the shortest piece after which another unit or the end follows
                if text[j:j + 1] == "（":
                    continue                       # 高新园（邹区镇）: the bracket belongs to the name
                hit = j
                rest = text[j:]
                if not rest or rest[0].isdigit() or _VERB_RE.match(rest):
                    break
                if any(looks_like_unit(rest[:k]) for k in range(3, min(len(rest), 12) + 1)):
                    break
        if hit is None:
            break
        names.append(text[pos:hit])
        pos = hit
        best = (list(names), pos)
    return best


def parse_run_together(lines: list[str], directory: UnitDirectory) -> tuple[list[ParsedTask], list[str]]:
    text = "".join(re.sub(r"^\d{1,2}、", "", ln.strip()) for ln in lines if ln.strip())
    m = _HEADER_RUN_RE.search(text)
    if not m:
        return [], []
    labels = _WORD_RE.findall(m.group(0))
    roles = [header_role(x) or "other" for x in labels]
    if "seq" not in roles or not {"lead", "responsible"} & set(roles):
        return [], []
    tail = roles[roles.index("content") + 1:] if "content" in roles else roles[-3:]
    data = text[m.end():].replace(m.group(0), "")
    tasks: list[ParsedTask] = []
    pos = 0
    seq = ""
    m0 = re.match(r"\d{1,3}", data)
    if m0:
        seq, pos = m0.group(0), m0.end()
    start = pos
    for end in [k for k, ch in enumerate(data) if ch == "。"]:
        if end < start:
            continue
        rest = data[end + 1:]
        official = None
        offset = 0
        if "official" in tail[:1]:
            options = []
            for n in (3, 2):
                name = rest[:n]
                if re.fullmatch(r"[\u4e00-\u9fff]{%d}" % n, name) and not _VERB_RE.match(name):
                    names, used = _units_prefix(rest[n:], directory)
                    if names:
                        options.append((len(names[0]), -n, name))
            if not options:
                continue
            _, neg, official = min(options)      # the reading whose first unit is the shortest
            offset = -neg
        names, used = _units_prefix(rest[offset:], directory)
        if not names:
            continue
        f = read_unit_text("、".join(names), directory)
        if f is None:
            continue
        lead, assist = (f.lead[:1], f.lead[1:] + f.assist) if "lead" in tail else (f.lead, f.assist)
        row_seq = seq or (f"{tasks[-1].seq}-2" if tasks else "1")   # a second row of the item above
        tasks.append(ParsedTask(seq=row_seq, content=data[start:end + 1],
                                lead=lead, assist=assist, lead_official=official,
                                problems=["表格文字连在一起、没有分隔符，单位和领导按位置推断，请核对"]))
        pos = end + 1 + offset + used
        nxt = re.match(r"\d{1,3}(?=[\u4e00-\u9fff])", data[pos:])
        if nxt:
            seq, pos = nxt.group(0), pos + nxt.end()
        else:
            seq = ""
        start = pos
    notes = [f"表格文字连在一起（{'、'.join(labels)}），已按表头推断 {len(tasks)} 行，请逐项核对。"] if tasks else []
    return tasks, notes
