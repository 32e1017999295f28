"""The breakdown assistant: a 政府工作报告 cut into candidate tasks, units suggested for a task.

Why: turning the new 政府工作报告 into a ledger is the office's most tedious week.
These actions do the first draft and explain themselves — the report cut into
candidate tasks (:meth:`AssistService.split_report`) and the units that led similar
tasks before (:meth:`AssistService.suggest_units`, with the past tasks as evidence).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError, NotFoundError
from ..importers.report_splitter import SplitResult, split_report
from ..importers.source import read_source
from ..store import ledger
from ..suggest import PastTask, Suggestion, UnitSuggester
from .context import Context


@dataclass
class ReportSplit:
    """A report cut into candidate tasks, with unit suggestions when asked for."""
    file_name: str
    split: SplitResult
    suggestions: list[Suggestion | None] = field(default_factory=list)

    def to_dict(self) -> dict:
        s = self.split
        tasks = []
        for k, t in enumerate(s.tasks):
            d = {"seq": t.seq, "section": t.section, "lead_phrase": t.lead_phrase,
                 "content": t.content, "targets": t.targets, "deadline_text": t.deadline_text,
                 "source_line": t.source_line, "note": t.note}
            sug = self.suggestions[k] if k < len(self.suggestions) else None
            if sug is not None:
                d["suggested"] = {
                    "lead": [{"name": u.name, "score": u.score} for u in sug.lead],
                    "assist": [{"name": u.name, "score": u.score} for u in sug.assist],
                    "confidence": sug.confidence, "confidence_label": sug.confidence_label,
                    "evidence": [{"task_id": e.task_id, "seq": e.seq, "plan": e.plan,
                                  "content": e.content, "lead": e.lead, "similarity": e.similarity}
                                 for e in sug.evidence]}
            tasks.append(d)
        return {"file": self.file_name, "year": s.year, "chapter": s.chapter_title,
                "chapter_line": s.chapter_line, "sections": s.sections,
                "main_targets": s.main_targets, "task_count": len(s.tasks), "tasks": tasks,
                "skipped": [{"line": ln, "reason": r} for ln, r in s.skipped]}


class AssistService:
    """Report splitting and unit suggestions."""

    def __init__(self, ctx: Context):
        self.ctx = ctx

    @property
    def db(self):
        return self.ctx.db

    def unit_suggester(self) -> UnitSuggester:
        """A suggester over every task in the database that has a lead unit.

        :raises NotFoundError: when the database holds no breakdown to learn from
        """
        history = []
        for t in ledger.query_tasks(self.db):
            if t["lead"]:
                plan = f"{t['plan_year']}年" + (f"《{t['plan_title']}》" if t.get("plan_title") else "")
                history.append(PastTask(t["id"], t["content"], t["lead"], t["assist"], t["seq"], plan))
        if not history:
            raise NotFoundError("数据库中还没有带牵头单位的任务分解，无法推荐责任单位。"
                                "请先导入往年的任务分解（govtrack import FILE）。")
        return UnitSuggester(history)

    def suggest_units(self, text: str, k: int = 5) -> Suggestion:
        """Rank lead and assisting units for a task text by similar past tasks.

        :param text: the new task's text (a sentence of the report)
        :param k: how many units to list per role
        :returns: :class:`~govtrack.suggest.Suggestion` with scores, a confidence and the
            three most similar past tasks as evidence
        """
        text = (text or "").strip()
        if not text:
            raise InputError("任务文本为空，无法推荐责任单位。", field="任务内容")
        return self.unit_suggester().suggest(text, k=k)

    def split_report(self, path: str | Path, year: int | None = None, *, suggest: bool = False,
                     k: int = 3) -> ReportSplit:
        """Cut a 政府工作报告 text file into candidate tasks. Writes nothing.

        :param path: the report as a text file (UTF-8/GBK/UTF-16)
        :param year: the plan year when several 重点工作 chapters are present
        :param suggest: also rank lead/assisting units for each candidate task
        :param k: units per role when suggesting
        """
        src = read_source(path)
        split = split_report(src.text, year=year)
        if not split.tasks:
            raise InputError("没有找到“重点工作/工作安排”一章，或其中没有可拆分的句子。"
                             "请确认这是政府工作报告的文本。", file=src.path.name)
        result = ReportSplit(src.path.name, split)
        if suggest:
            suggester = self.unit_suggester()
            result.suggestions = [suggester.suggest(t.content, k=k) for t in split.tasks]
        return result
