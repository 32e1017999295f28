"""Tasks in running prose: a news report or 通知 where the unit is the sentence subject.

``今年11月底前，市经信委要力争新增发放……。市交通委、市公安局和区政府要新增……。
12月底前，市重大项目办要实现……。`` — each sentence whose subject is a unit list
followed by 要/在/将/负责… is a task; a deadline clause opening a sentence governs that
sentence and the ones after it in the paragraph until another one is given.

Only tried when no other shape finds a task: prose is the loosest reading.
"""

from __future__ import annotations

import re

from ..units import UnitDirectory
from .model import ParsedTask
from .unit_clauses import read_unit_text

_UNIT = r"(?:[市省区县州][\u4e00-\u9fff]{0,12}?(?:委员会|委|局|办|厅|中心|政府|集团|公司|管委会)|各[\u4e00-\u9fff]{1,6}?(?:政府|部门|单位))"
_SUBJECT_RE = re.compile(rf"^(?P<units>{_UNIT}(?:[、和与及]{_UNIT})*)(?P<deng>等)?"
                         r"(?=要|在|将|负责|牵头|会同|联合|抓紧|加快|确保|力争|完成|实现)")
_DEADLINE_RE = re.compile(r"^((?:今年|年内|本年|\d{4}年)?(?:\d{1,2}月(?:底|中旬|上旬|下旬|\d{1,2}日)?|年底|"
                          r"[一二三四]季度(?:末|底)?)前)$")


def parse_prose(lines: list[str], directory: UnitDirectory) -> tuple[list[ParsedTask], list[str]]:
    tasks: list[ParsedTask] = []
    for line_no, para in enumerate(lines, start=1):
        if not para or "。" not in para:
            continue
        deadline: str | None = None
        for sentence in re.findall(r"[^。！？]+[。！？]?", para):
            clauses = sentence.split("，")
            for k, clause in enumerate(clauses):
                dm = _DEADLINE_RE.match(clause.strip())
                if dm:
                    deadline = dm.group(1)
                    continue
                sm = _SUBJECT_RE.match(clause.strip())
                if not sm:
                    continue
                f = read_unit_text(sm.group("units"), directory)
                if f is None or not f.lead:
                    break
                content = "，".join(clauses[k:]).strip()
                problems = ["从叙述文字中识别：责任单位取自句子主语，请核对"]
                tasks.append(ParsedTask(
                    seq=str(len(tasks) + 1), content=content, lead=f.lead, assist=f.assist,
                    deadline_text=deadline, source_line=line_no, problems=problems))
                break
    notes = [f"文件是叙述文字，{len(tasks)} 项任务按“单位＋要/在…”的句子识别，请逐项核对。"] if tasks else []
    return tasks, notes
