"""Importing a breakdown: parse a file, preview what it would change, apply in one transaction.

Parsers never write (:mod:`govtrack.importers`); :meth:`ImportService.preview_import`
compares the parse with the database and writes nothing; :meth:`ImportService.apply_import`
writes the previewed result in one transaction, with a kept copy of the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import store
from ..errors import DuplicateError, InputError
from ..importers import parse_file
from ..importers.doc_year import assumed_year
from ..importers.model import ParsedTask, ParseResult
from ..paths import RESOURCES_DIR
from ..rules import parse_deadline
from ..store import ledger
from ..units import load_builtin, propose_aliases
from .context import Context, Service


@dataclass
class TaskChange:
    """How one parsed task relates to what the database already holds."""
    action: str              # 'new' / 'update' / 'same'
    task: ParsedTask
    task_id: int | None = None
    fields: list[str] = field(default_factory=list)


@dataclass
class ImportPreview:
    """What an import would do; nothing is written until :meth:`ImportService.apply_import`."""
    source_path: Path
    sha256: str
    size: int
    parse: ParseResult
    existing_plan: dict | None = None
    same_file: bool = False
    changes: list[TaskChange] = field(default_factory=list)
    missing: list[dict] = field(default_factory=list)   # in the database, not in the file
    new_units: list[str] = field(default_factory=list)
    source_text: str | None = None
    year_assumed: bool = False                            # the file gave no year: parse.year is a guess
    alias_proposals: dict[str, str] = field(default_factory=dict)  # new spelling -> unit the office has
    unit_seed: list = field(default_factory=list)         # the demo directory, for shipped seed files only
    source_bytes: bytes | None = None       # kept instead of the file (the assistant's drafts)

    @property
    def counts(self) -> dict[str, int]:
        out = {"new": 0, "update": 0, "same": 0}
        for c in self.changes:
            out[c.action] += 1
        return out

    def to_dict(self) -> dict:
        d = self.parse.to_dict()
        d.update(
            existing_plan_id=self.existing_plan["id"] if self.existing_plan else None,
            same_file=self.same_file, counts=self.counts, new_units=self.new_units,
            year_assumed=self.year_assumed, alias_proposals=self.alias_proposals,
            missing=[{"id": m["id"], "seq": m["seq"]} for m in self.missing],
        )
        for t, c in zip(d["tasks"], self.changes):
            t["action"], t["fields_changed"] = c.action, c.fields
        return d


@dataclass
class ImportOutcome:
    plan_id: int
    created: int
    updated: int
    unchanged: int
    new_units: list[str]
    task_ids: list[int]


class ImportService(Service):
    """Breakdown files into plans: preview, then apply."""

    def __init__(self, ctx: Context):
        self.ctx = ctx


    def seed_units(self, records=None) -> int:
        """Put a ready-made unit list (default: resources/units.tsv, the demo city's) into the
        database; returns how many units were added. Used by the demo build, never implicitly."""
        with self.db.atomic():
            return ledger.seed_units(self.db, load_builtin() if records is None else records)

    # ------------------------------------------------------------ import

    def preview_import(self, file: str | Path, *, year: int | None = None) -> ImportPreview:
        """Parse ``file`` and compare it with the database. Writes nothing.

        :param year: the plan year when the document does not say it
        """
        directory = self.ctx.unit_directory(fresh=True)    # seeds are added to this copy only
        seed = demo_unit_seed(file)
        for rec in seed:
            directory.add(rec)
        parse, sha256, size, text = parse_file(file, directory, year=year)
        year_assumed = parse.year is None
        if year_assumed:
            parse.year = assumed_year()
            parse.notes.append(f"文件中没有写明年度（标题、文号、日期均未给出），暂按 {parse.year} 年导入；"
                               "如不对，请在导入窗口的年度框中改正（命令行加 --year）。")
        return self.preview_parsed(parse, Path(file), sha256, size, text,
                                   year_assumed=year_assumed, unit_seed=seed)

    def preview_parsed(self, parse: ParseResult, source: Path, sha256: str, size: int,
                       text: str | None, *, year_assumed: bool = False,
                       unit_seed: list | None = None) -> ImportPreview:
        """Compare an already parsed breakdown with the database (the assistant's drafts
        come this way, not from a file). Writes nothing."""
        if parse.year is None:
            raise InputError("无法确定计划年度，请在年度框中填写（命令行加 --year）。", file=parse.file_name)
        for t in parse.tasks:
            d = parse_deadline(t.deadline_text, parse.year)
            if d.kind == "unknown":
                t.problems.append(f"完成时限「{t.deadline_text}」无法识别，已保留原文：{d.reason}")
        preview = ImportPreview(source, sha256, size, parse, source_text=text,
                                year_assumed=year_assumed, unit_seed=list(unit_seed or []))
        existing = ledger.plan_by_hash(self.db, sha256)
        preview.same_file = existing is not None
        existing = existing or ledger.plan_by_title(self.db, parse.title, parse.year)
        preview.existing_plan = existing
        known = {u["name"] for u in ledger.list_units(self.db)}
        for t in parse.tasks:
            for u in t.lead + t.assist:
                if u not in known and ledger.unit_id(self.db, u) is None and u not in preview.new_units:
                    preview.new_units.append(u)
        preview.alias_proposals = propose_aliases(preview.new_units, sorted(known))
        fresh = [u for u in preview.new_units if u not in preview.alias_proposals]
        if fresh:
            parse.notes.append(f"新建单位 {len(fresh)} 个：" + "、".join(fresh))
        for new, old in preview.alias_proposals.items():
            parse.notes.append(f"「{new}」可能就是已有的「{old}」：确认后作为别名并入（命令行加 --accept-aliases），"
                               "否则作为新单位添加。")
        old_by_key = {}
        if existing:
            for row in ledger.query_tasks(self.db, plan_id=existing["id"]):
                old_by_key[(row["section"], row["seq"])] = row
        seen = set()
        for t in parse.tasks:
            old = old_by_key.get((t.section, t.seq))
            if old is None:
                preview.changes.append(TaskChange("new", t))
                continue
            seen.add(old["id"])
            diff = [f for f, new in self._task_values(t, parse.year).items() if old.get(f) != new]
            if old["lead"] != t.lead or old["assist"] != t.assist:
                diff.append("units")
            preview.changes.append(TaskChange("update" if diff else "same", t, old["id"], diff))
        preview.missing = [r for r in old_by_key.values() if r["id"] not in seen]
        return preview

    def preview_pasted(self, text: str | None, html: str | None = None, *, year: int | None = None
                       ) -> ImportPreview:
        """A table pasted into the import window (clipboard text or HTML): written to a .txt in
        the temp folder and previewed like any file (apply keeps its copy, as for a file)."""
        import hashlib
        import tempfile
        from ..importers.pasted import pasted_text
        body = pasted_text(text, html)
        if not body.strip():
            raise InputError("剪贴板中没有文字或表格。")
        folder = Path(tempfile.gettempdir()) / "govtrack_pasted"
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"粘贴_{hashlib.sha256(body.encode('utf-8')).hexdigest()[:12]}.txt"
        target.write_text(body, encoding="utf-8")
        return self.preview_import(target, year=year)

    @staticmethod
    def _task_values(t: ParsedTask, year: int) -> dict:
        d = parse_deadline(t.deadline_text, year)
        return {
            "content": t.content, "deadline_text": t.deadline_text,
            "deadline": d.date.isoformat() if d.date else None,
            "lead_official": t.lead_official, "target": t.target, "note": t.note,
        }

    def apply_import(self, preview: ImportPreview, *, update: bool = False,
                     skip: set[int] = frozenset(), accept_aliases: bool = False) -> ImportOutcome:
        """Write a previewed import in one transaction.

        :param update: required when the plan is already in the database; changed tasks are
            updated (audited), new ones added; tasks no longer in the file are kept and listed
        :param skip: indexes into ``preview.changes`` the user chose not to import
        :param accept_aliases: file the proposed spellings (``preview.alias_proposals``) as aliases
            of the office's existing units instead of adding them as new units
        """
        parse = preview.parse
        if preview.existing_plan and not update:
            p = preview.existing_plan
            how = "同一文件" if preview.same_file else "同名同年度的计划"
            raise DuplicateError(
                f"{how}已导入（计划 #{p['id']}「{p['title']}」，导入于 {p['created_at']}），未作改动。"
                f"如需按此文件更新，请使用更新（命令行加 --update）。")
        directory = self.ctx.unit_directory(fresh=True)
        for rec in preview.unit_seed:
            directory.add(rec)
        created = updated = unchanged = 0
        task_ids: list[int] = []
        with self.db.atomic():
            if accept_aliases:
                for new, old in preview.alias_proposals.items():
                    ledger.add_alias(self.db, new, old)
                directory = self.ctx.unit_directory(fresh=True)
                for rec in preview.unit_seed:
                    directory.add(rec)
            source_id = self._keep_source_file(preview)
            if preview.existing_plan:
                plan_id = preview.existing_plan["id"]
                store.update(self.db, "plans", plan_id, {
                    "source_hash": preview.sha256, "source_name": parse.file_name,
                    "source_text": preview.source_text})
            else:
                plan_id = store.insert(self.db, "plans", {
                    "title": parse.title or parse.file_name, "kind": "breakdown", "year": parse.year,
                    "doc_no": parse.doc_no, "source_name": parse.file_name,
                    "source_hash": preview.sha256, "source_text": preview.source_text,
                    "created_at": store.now_iso()})
            next_ord = 1 + max([0] + [r["ord"] for r in ledger.tasks_of_plan(self.db, plan_id)])
            for k, ch in enumerate(preview.changes):
                if k in skip:
                    continue
                t = ch.task
                lead_ids = _unique([ledger.ensure_unit(self.db, u, directory) for u in t.lead])
                assist_ids = [i for i in _unique([ledger.ensure_unit(self.db, u, directory)
                                                  for u in t.assist]) if i not in lead_ids]
                values = self._task_values(t, parse.year)
                if ch.action == "new":
                    tid = ledger.insert_task(self.db, plan_id, {
                        **values, "seq": t.seq, "ord": next_ord, "section": t.section,
                        "source_line": t.source_line})
                    next_ord += 1
                    created += 1
                else:
                    tid = ch.task_id
                    changed = ledger.update_task(self.db, tid, values)
                    if ch.action == "update" or changed:
                        updated += 1
                    else:
                        unchanged += 1
                ledger.set_task_units(self.db, tid, lead_ids, assist_ids)
                task_ids.append(tid)
        del source_id
        return ImportOutcome(plan_id, created, updated, unchanged, preview.new_units, task_ids)

    def _keep_source_file(self, preview: ImportPreview) -> int:
        if preview.source_bytes is not None:   # drafts: the plan's hash is the drafts', the copy the report's
            import hashlib
            return self.ctx.keep_file(preview.source_path.name,
                                      hashlib.sha256(preview.source_bytes).hexdigest(), "breakdown",
                                      data=preview.source_bytes, backup_as="import")
        return self.ctx.keep_file(preview.source_path.name, preview.sha256, "breakdown",
                                  source=preview.source_path, backup_as="import")

    def import_file(self, file: str | Path, *, year: int | None = None, update: bool = False
                    ) -> ImportOutcome:
        """Preview and apply in one call (the command line without --dry-run)."""
        return self.apply_import(self.preview_import(file, year=year), update=update)


def _unique(ids: list[int]) -> list[int]:
    return list(dict.fromkeys(ids))


def demo_unit_seed(file: str | Path) -> list:
    """The shipped 潜江 unit list, for the shipped seed documents only (the demo database is
    built from them). Any other file meets only the office's own directory."""
    try:
        Path(file).resolve().relative_to((RESOURCES_DIR / "seeds").resolve())
    except (ValueError, OSError):
        return []
    return load_builtin()
