"""The breakdown assistant: a 政府工作报告 cut into candidate tasks, units suggested for a task.

Why: turning the new 政府工作报告 into a ledger is the office's most tedious week.
These actions do the first draft and explain themselves — the report cut into
candidate tasks (:meth:`AssistService.split_report`) and the units that led similar
tasks before (:meth:`AssistService.suggest_units`, with the past tasks as evidence).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .. import store
from ..errors import InputError, NotFoundError
from ..importers.model import ParsedTask, ParseResult
from ..importers.report_splitter import (CandidateTask, SplitResult, extract_targets,
                                         find_deadline_text, split_report)
from ..importers.source import SourceText, read_source
from ..importers.tables_xlsx import read_bytes_checked
from ..rules import parse_deadline
from ..store import ledger
from ..suggest import PastTask, Suggestion, UnitSuggester, load_unit_fields
from .context import Context, Service
from .imports import ImportOutcome, ImportPreview, ImportService

# A past task whose units the user chose or changed teaches more than an imported one.
CORRECTED_WEIGHT = 2.0


@dataclass
class ReportSplit:
    """A report cut into candidate tasks, with unit suggestions when asked for."""
    file_name: str
    split: SplitResult
    suggestions: list[Suggestion | None] = field(default_factory=list)
    text: str = ""                  # the report as read (the window shows it beside the tasks)
    source: SourceText | None = None

    def drafts(self) -> list["DraftTask"]:
        """The candidates as editable drafts, each with its suggested lead when confident
        enough to prefill (the person still sees and can change every one)."""
        out = []
        for k, c in enumerate(self.split.tasks):
            d = DraftTask.from_candidate(c)
            sug = self.suggestions[k] if k < len(self.suggestions) else None
            d.suggestion = sug
            out.append(d)
        return out

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




@dataclass
class DraftTask:
    """One task of the ledger being drafted from a report: edited in the window, then imported."""
    seq: str
    section: str
    content: str
    lead: list[str] = field(default_factory=list)
    assist: list[str] = field(default_factory=list)
    deadline_text: str | None = None
    targets: list[str] = field(default_factory=list)
    source_line: int = 0
    note: str | None = None
    suggestion: Suggestion | None = field(default=None, compare=False, repr=False)

    @classmethod
    def from_candidate(cls, c: CandidateTask) -> "DraftTask":
        return cls(c.seq, c.section, c.content, deadline_text=c.deadline_text,
                   targets=list(c.targets), source_line=c.source_line, note=c.note)

    def to_dict(self) -> dict:
        d = asdict(self)
        d.pop("suggestion", None)
        return d


def merge_drafts(drafts: list[DraftTask], first: int, second: int) -> list[DraftTask]:
    """The list with drafts ``first`` and ``second`` made one (text joined in report order,
    targets of both, the earlier deadline phrase, units of both without repeats)."""
    if first == second or not (0 <= first < len(drafts) and 0 <= second < len(drafts)):
        raise InputError(f"无法合并第 {first + 1} 项和第 {second + 1} 项候选任务。", field="候选任务")
    i, j = sorted((first, second))
    a, b = drafts[i], drafts[j]
    joined = a.content.rstrip()
    if joined and joined[-1] not in "。；！？":
        joined += "；"
    merged = DraftTask(
        a.seq, a.section, joined + b.content.lstrip(),
        lead=a.lead + [u for u in b.lead if u not in a.lead],
        assist=[u for u in a.assist + b.assist if u not in a.lead + b.lead],
        deadline_text=a.deadline_text or b.deadline_text,
        targets=a.targets + [t for t in b.targets if t not in a.targets],
        source_line=min(x for x in (a.source_line, b.source_line) if x) if (a.source_line or b.source_line) else 0,
        note="；".join(n for n in (a.note, b.note) if n) or None,
        suggestion=None)
    assist = list(dict.fromkeys(merged.assist))
    merged.assist = assist
    return drafts[:i] + [merged] + drafts[i + 1:j] + drafts[j + 1:]


def split_draft(drafts: list[DraftTask], index: int, at: int) -> list[DraftTask]:
    """The list with draft ``index`` cut in two at character ``at`` of its text; each part
    gets its own targets and deadline phrase, read again from its text."""
    d = drafts[index]
    left, right = d.content[:at].strip(), d.content[at:].strip()
    if not left or not right:
        raise InputError(f"第 {index + 1} 项候选任务无法在第 {at} 个字处拆开：拆开后有一半是空的。",
                         field="候选任务")
    parts = []
    for k, text in enumerate((left, right)):
        parts.append(DraftTask(d.seq if k == 0 else f"{d.seq}-2", d.section, text,
                               lead=list(d.lead), assist=list(d.assist),
                               deadline_text=find_deadline_text(text), targets=extract_targets(text),
                               source_line=d.source_line, note=d.note))
    return drafts[:index] + parts + drafts[index + 1:]


def take_targets(draft: DraftTask) -> DraftTask:
    """The draft with its quantitative targets read again from its text (``新建5G基站500个``)."""
    draft.targets = extract_targets(draft.content)
    return draft


def renumber(drafts: list[DraftTask]) -> list[DraftTask]:
    """序号 1, 2, 3 … in the list's order (after merging, splitting or dropping)."""
    for k, d in enumerate(drafts, start=1):
        d.seq = str(k)
    return drafts


def read_deadline(text: str | None, year: int) -> tuple[bool, str]:
    """(understood, how it reads) for a deadline phrase, as the task editor shows it."""
    d = parse_deadline((text or "").strip(), year)
    if d.kind == "unknown":
        return False, f"无法识别：{d.reason}"
    if d.date:
        return True, f"即 {d.date.year}年{d.date.month}月{d.date.day}日" + (f"（{d.reason}）" if d.reason else "")
    return True, "无固定期限"


class AssistService(Service):
    """Report splitting, unit suggestions, and a report's drafts imported as a plan."""

    def __init__(self, ctx: Context, imports: ImportService):
        self.ctx = ctx
        self.imports = imports


    def unit_suggester(self) -> UnitSuggester:
        """A suggester over every task in the database that has a lead unit, the fields file
        and the unit directory (built once per database version).

        Tasks whose units the user set or changed after import weigh
        :data:`CORRECTED_WEIGHT`: a correction teaches the next suggestion.

        :raises NotFoundError: when the database holds no breakdown to learn from
        """
        return self.ctx.cached("unit_suggester", self._build_suggester)

    def _build_suggester(self) -> UnitSuggester:
        corrected = {e["row_id"] for e in store.audit_entries(self.db, "task_units")
                     if e["action"] == "update"}
        history = []
        for t in ledger.query_tasks(self.db):
            if t["lead"]:
                plan = f"{t['plan_year']}年" + (f"《{t['plan_title']}》" if t.get("plan_title") else "")
                history.append(PastTask(t["id"], t["content"], t["lead"], t["assist"], t["seq"], plan,
                                        CORRECTED_WEIGHT if t["id"] in corrected else 1.0))
        if not history:
            raise NotFoundError("数据库中还没有带牵头单位的任务分解，无法推荐责任单位。"
                                "请先导入往年的任务分解（govtrack import FILE）。")
        directory = self.ctx.unit_directory()
        return UnitSuggester(history, fields=load_unit_fields(canonical=directory.canonical),
                             units=directory.names())

    def suggest_units(self, text: str, k: int = 5, *, exclude: tuple[int, ...] = ()) -> Suggestion:
        """Rank lead and assisting units for a task text by similar past tasks and fields of work.

        :param text: the new task's text (a sentence of the report)
        :param k: how many units to list per role
        :param exclude: task ids not to learn from (the task being edited is no evidence for itself)
        :returns: :class:`~govtrack.suggest.Suggestion` with scores, reasons, a confidence,
            the three most similar past tasks as evidence, and a note when it cannot tell
        """
        text = (text or "").strip()
        if not text:
            raise InputError("任务文本为空，无法推荐责任单位。", field="任务内容")
        return self.unit_suggester().suggest(text, k=k, exclude=exclude)

    def suggest_many(self, texts: list[str], k: int = 3) -> list[Suggestion | None]:
        """Suggestions for several texts with one suggester (None for an empty text);
        an empty database gives None for all rather than an error."""
        try:
            suggester = self.unit_suggester()
        except NotFoundError:
            return [None] * len(texts)
        return [suggester.suggest(t, k=k) if (t or "").strip() else None for t in texts]

    def split_report(self, path: str | Path, year: int | None = None, *, suggest: bool = False,
                     k: int = 3) -> ReportSplit:
        """Cut a 政府工作报告 (text file or .docx) into candidate tasks. Writes nothing.

        :param path: the report as a text file (UTF-8/GBK/UTF-16) or a Word .docx
        :param year: the plan year when several 重点工作 chapters are present
        :param suggest: also rank lead/assisting units for each candidate task
        :param k: units per role when suggesting
        """
        src = read_report(path)
        split = split_report(src.text, year=year)
        if not split.tasks:
            raise InputError("没有找到“重点工作/工作安排”一章，或其中没有可拆分的句子。"
                             "请确认这是政府工作报告的文本。", file=src.path.name)
        result = ReportSplit(src.path.name, split, text=src.text, source=src)
        if suggest:
            result.suggestions = self.suggest_many([t.content for t in split.tasks], k=k)
        return result

    # ------------------------------------------------------------ drafts → plan

    def preview_drafts(self, drafts: list[DraftTask], *, title: str, year: int,
                       report: ReportSplit) -> ImportPreview:
        """The drafts as an import preview (same checks and preview as a file import).
        Writes nothing; :meth:`apply_drafts` writes it in one transaction.

        :param title: the plan's title, e.g. ``2025年政府工作报告重点工作分解``
        :param year: the plan year (deadline phrases are read in it)
        :param report: the split the drafts came from (its file is kept as the plan's source)
        """
        title = (title or "").strip()
        if not title:
            raise InputError("请填写计划名称。", field="计划名称")
        if not drafts:
            raise InputError("没有候选任务可导入。", field="候选任务")
        directory = self.ctx.unit_directory()
        tasks = []
        for k, d in enumerate(drafts, start=1):
            content = (d.content or "").strip()
            if not content:
                raise InputError(f"第 {k} 项（序号 {d.seq}）任务内容为空。", field="任务内容")
            lead, bad = self._units(d.lead, directory)
            assist, bad2 = self._units(d.assist, directory)
            t = ParsedTask(d.seq or str(k), content, d.section, lead, [u for u in assist if u not in lead],
                           deadline_text=(d.deadline_text or "").strip() or None,
                           target="；".join(d.targets) or None, note=d.note,
                           source_line=d.source_line or None)
            if not lead:
                t.problems.append("未指定牵头单位")
            for name in bad + bad2:
                t.problems.append(f"单位「{name}」不在单位名录中，导入时将新建")
            ok, how = read_deadline(t.deadline_text, year)
            if t.deadline_text and not ok:
                t.problems.append(f"完成时限「{t.deadline_text}」{how}")
            tasks.append(t)
        parse = ParseResult(report.file_name, "report", title, int(year), tasks=tasks,
                            notes=[f"由《{report.file_name}》拆分，共 {len(tasks)} 项"])
        payload = json.dumps([d.to_dict() for d in drafts], ensure_ascii=False, sort_keys=True)
        sha256 = hashlib.sha256((title + payload).encode("utf-8")).hexdigest()
        data = report.source.text.encode("utf-8") if report.source else report.text.encode("utf-8")
        preview = self.imports.preview_parsed(parse, Path(report.file_name), sha256,
                                                 len(data), report.text)
        preview.source_bytes = data          # the report is kept as the plan's source copy
        return preview

    def apply_drafts(self, preview: ImportPreview) -> ImportOutcome:
        """Write a previewed draft plan in one transaction (new plan; one with the same
        title and year already in the database is refused, as for a file)."""
        return self.imports.apply_import(preview)


    @staticmethod
    def _units(names: list[str], directory) -> tuple[list[str], list[str]]:
        out, unknown = [], []
        for n in names:
            n = (n or "").strip()
            if not n:
                continue
            c = directory.resolve(n)
            if c is None:
                unknown.append(n)
            c = c or n
            if c not in out:
                out.append(c)
        return out, unknown


def read_report(path: str | Path) -> SourceText:
    """A report as text: a .docx's paragraphs one a line, any other file decoded as text."""
    path = Path(path)
    if path.suffix.lower() != ".docx":
        return read_source(path)
    read_bytes_checked(path, "Word（.docx）", ".doc")    # a zip bomb is refused before python-docx
    try:
        import docx
        data = path.read_bytes()
        doc = docx.Document(str(path))
    except FileNotFoundError:
        raise InputError("文件不存在。", file=str(path)) from None
    except Exception as e:                          # a damaged or mislabelled file
        raise InputError(f"无法读取 Word 文件：{e}", file=path.name) from None
    text = "\n".join(p.text for p in doc.paragraphs)
    if not text.strip():
        raise InputError("Word 文件中没有文字。", file=path.name)
    return SourceText(path, text, "docx", hashlib.sha256(data).hexdigest(), len(data), [])
