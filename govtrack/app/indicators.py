"""Indicators: a plan's 主要目标 and 规划 indicators, their targets and reported values.

The monthly 通报 shows the lines of :meth:`IndicatorService.indicator_lines`. Indicator
periods are wider than reporting periods: ``YYYY``, ``YYYY-MM`` or ``YYYY-Qn``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError, NotFoundError
from ..store import indicators as ind_store
from ..store import ledger
from .context import Context, parse_day, Service

if TYPE_CHECKING:
    from ..importers.indicator_tables import IndicatorRow

_PERIOD_RE = re.compile(r"^(\d{4})(?:-(0[1-9]|1[0-2])|-Q([1-4]))?$")


@dataclass
class IndicatorChange:
    action: str                      # 'new' / 'update' / 'same'
    values: dict                     # the indicators row as it would be written
    actuals: dict[str, tuple[str, float | None]] = field(default_factory=dict)  # period → value
    indicator_id: int | None = None
    fields: list[str] = field(default_factory=list)


@dataclass
class IndicatorImport:
    """What an indicator import found and (unless a dry run) wrote."""
    file_name: str
    sha256: str
    kind: str                        # 'tables' / 'main_targets'
    tables: list[str]
    changes: list[IndicatorChange] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)
    applied: bool = False
    values_written: int = 0

    @property
    def counts(self) -> dict[str, int]:
        out = {"new": 0, "update": 0, "same": 0}
        for c in self.changes:
            out[c.action] += 1
        return out

    def to_dict(self) -> dict:
        return {"file": self.file_name, "kind": self.kind, "tables": self.tables,
                "applied": self.applied, "counts": self.counts, "values_written": self.values_written,
                "problems": [{"line": ln, "reason": r} for ln, r in self.problems],
                "indicators": [{**c.values, "action": c.action, "id": c.indicator_id,
                                "fields_changed": c.fields, "actuals": c.actuals}
                               for c in self.changes]}


def _period_end(period: str) -> dt.date | None:
    """Last day a period covers: 2025 → 31 Dec, 2025-03 → 31 Mar, 2025-Q2 → 30 Jun."""
    m = _PERIOD_RE.match(period.strip())
    if not m:
        m2 = re.fullmatch(r"(\d{4})年?", period.strip())
        return dt.date(int(m2.group(1)), 12, 31) if m2 else None
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else (int(m.group(3)) * 3 if m.group(3) else 12)
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _cell(value) -> tuple[str | None, float | None]:
    return (value.text, value.number) if value is not None else (None, None)


class IndicatorService(Service):
    """Indicator tables in, values entered per period, lines for the 通报."""

    def __init__(self, ctx: Context):
        self.ctx = ctx


    def preview_indicators(self, path: str | Path, *, year: int | None = None,
                           plan_id: int | None = None) -> IndicatorImport:
        """What :meth:`import_indicators` would write. Writes nothing.

        :param path: a plan with 主要指标 tables (tab-separated text), or a report whose
            主要预期目标 sentence lists the year's targets
        :param year: the report year when its text does not say
        :param plan_id: the plan the indicators belong to (optional)
        """
        # The importers load here: a report that only prints the indicators does not need them.
        from ..importers.indicator_tables import parse_indicator_tables
        from ..importers.report_splitter import parse_main_targets, split_report
        from ..importers.source import read_source
        src = read_source(path)
        name = src.path.name
        if plan_id is not None and ledger.get_plan(self.db, plan_id) is None:
            raise NotFoundError(f"没有编号为 {plan_id} 的计划。")
        # The same bytes under another file name are the same source: reuse its keys.
        key_name = ind_store.source_name_for_hash(self.db, src.sha256) or name
        parsed = parse_indicator_tables(src.text)
        rows: list[dict] = []
        actuals: list[dict] = []
        if parsed.tables and any(t.rows for t in parsed.tables):
            result = IndicatorImport(name, src.sha256, "tables", [t.title for t in parsed.tables],
                                     problems=list(parsed.problems))
            for table in parsed.tables:
                for r in table.rows:
                    rows.append(self._indicator_values(r, table.title, key_name, src.sha256, plan_id))
                    actuals.append({_actual_period(col): (v.text, v.number) for col, v in r.actuals.items()})
        else:
            split = split_report(src.text, year=year)
            if not split.main_targets:
                raise InputError("没有找到主要指标表（含“指标…属性”表头的制表符分隔表格），"
                                 "也没有“主要预期目标”句子，未导入。", file=name)
            items = parse_main_targets(split.main_targets)
            if not items:
                raise InputError(f"“主要预期目标”句子中没有读出指标：{split.main_targets[:40]}…", file=name)
            line = next((k + 1 for k, ln in enumerate(src.text.splitlines()) if "主要预期目标" in ln
                         and re.search(r"\d", ln)), None)
            title = f"{split.year}年主要预期目标" if split.year else "主要预期目标"
            result = IndicatorImport(name, src.sha256, "main_targets", [title])
            for k, item in enumerate(items, start=1):
                values = {
                    "plan_id": plan_id, "source_name": key_name, "source_hash": src.sha256,
                    "table_title": title, "category": "主要预期目标", "seq": str(k), "name": item.name,
                    "parent_name": None, "measure": item.unit, "baseline_text": None, "baseline": None,
                    "target_text": item.value_text, "target": item.number,
                    "target_qualifier": item.qualifier, "growth_text": None, "growth": None,
                    "cumulative": 0, "attribute": None, "marks": "", "source_line": line}
                rows.append(values)
                actuals.append({})
        result.problems.extend((0, note) for note in src.notes)   # bytes that could not be read
        seen: set[str] = set()
        for values, acts in zip(rows, actuals):
            key = "|".join([values["source_name"], values["table_title"], values["category"],
                            values["seq"], values["parent_name"] or "", values["name"]])
            if key in seen:
                result.problems.append((values["source_line"] or 0,
                                        f"指标「{values['name']}」在同一表中重复出现，已作为另一条导入，请核对"))
                n = 2
                while f"{key}#{n}" in seen:
                    n += 1
                key = f"{key}#{n}"
            seen.add(key)
            values["natural_key"] = key
            old = ind_store.by_key(self.db, key)
            if old is None:
                result.changes.append(IndicatorChange("new", values, acts))
                continue
            diff = [f for f, v in values.items()
                    if f not in ("natural_key", "source_name", "source_hash", "plan_id")
                    and old.get(f) != v]
            if plan_id is not None and old.get("plan_id") != plan_id:
                diff.append("plan_id")
            result.changes.append(IndicatorChange("update" if diff else "same", values, acts,
                                                  old["id"], diff))
        return result

    @staticmethod
    def _indicator_values(r: "IndicatorRow", title: str, source_name: str, sha256: str,
                          plan_id: int | None) -> dict:
        baseline_text, baseline = _cell(r.baseline)
        target_text, target = _cell(r.target)
        growth_text, growth = _cell(r.growth)
        return {
            "plan_id": plan_id, "source_name": source_name, "source_hash": sha256,
            "table_title": title, "category": r.category, "seq": r.seq, "name": r.name,
            "parent_name": r.parent_name, "measure": r.unit, "baseline_text": baseline_text,
            "baseline": baseline, "target_text": target_text, "target": target,
            "target_qualifier": r.target.qualifier if r.target else None,
            "growth_text": growth_text, "growth": growth, "cumulative": int(r.cumulative),
            "attribute": r.attribute, "marks": r.marks, "source_line": r.source_line}

    def import_indicators(self, path: str | Path, *, dry_run: bool = False, year: int | None = None,
                          plan_id: int | None = None) -> IndicatorImport:
        """Import indicators (and any 实际完成 values in the table) in one transaction.

        Importing the same file again adds nothing: rows are matched by file, table,
        category, 序号 and name; changed ones are updated (audited).

        :param path: a plan with 主要指标 tables, or a report with a 主要预期目标 sentence
        :param dry_run: only preview (same as :meth:`preview_indicators`)
        :param year: the report year when its text does not say
        :param plan_id: the plan the indicators belong to (optional)
        """
        result = self.preview_indicators(path, year=year, plan_id=plan_id)
        if dry_run:
            return result
        today = dt.date.today().isoformat()
        with self.db.atomic():
            for ch in result.changes:
                values = dict(ch.values)
                if ch.action == "new":
                    ch.indicator_id = ind_store.insert_indicator(self.db, values)
                elif ch.action == "update":
                    if plan_id is None:
                        values.pop("plan_id", None)
                    ind_store.update_indicator(self.db, ch.indicator_id, values)
                for period, (text, number) in ch.actuals.items():
                    _, action = ind_store.set_value(self.db, ch.indicator_id, period, {
                        "value_text": text, "value": number, "unit_id": None,
                        "reported_on": today, "source": "imported"})
                    if action != "same":
                        result.values_written += 1
        result.applied = True
        return result

    def indicators(self) -> list[dict]:
        """Every indicator with its reported ``values`` (period, value_text, value, unit_name)."""
        return ind_store.list_indicators(self.db)

    def add_indicator_value(self, indicator_id: int, period: str, value: str | float,
                            unit: str | None = None, *, reported_on: str | None = None) -> int:
        """Record (or correct, audited) an indicator's actual value for a period.

        :param indicator_id: the indicator's id (see :meth:`indicators`)
        :param period: ``YYYY``, ``YYYY-MM`` or ``YYYY-Qn``
        :param value: the figure as reported, e.g. ``7.8`` or ``7.8%`` or ``控制在省下达指标内``
        :param unit: the unit reporting it (any known spelling)
        :param reported_on: ISO date (default today)
        :returns: the value row's id
        """
        row = ind_store.get(self.db, int(indicator_id))
        if row is None:
            raise NotFoundError(f"没有编号为 {indicator_id} 的指标。可用 govtrack indicators 查看。")
        period = (period or "").strip()
        if not _PERIOD_RE.match(period):
            raise InputError(f"期次「{period}」格式不对，应为 YYYY、YYYY-MM 或 YYYY-Qn（如 2025-03）。",
                             field="期次")
        text = str(value).strip() if value is not None else ""
        if not text:
            raise InputError("指标值为空。", field="指标值")
        from ..importers.indicator_tables import parse_cell_value
        cell = parse_cell_value(text)
        if reported_on:
            reported_on = parse_day(reported_on, "报送日期").isoformat()
        unit_id = None
        directory = self.ctx.unit_directory()
        with self.db.atomic():
            if unit:
                name = directory.find(unit)
                if name is None:
                    raise InputError(f"单位「{unit}」不在单位名录中。请先在“责任单位”中添加"
                                     f"（govtrack units add {unit}）。", field="报送单位")
                unit_id = ledger.ensure_unit(self.db, name, directory)
            row_id, _ = ind_store.set_value(self.db, row["id"], period, {
                "value_text": cell.text if cell else text, "value": cell.number if cell else None,
                "unit_id": unit_id, "reported_on": reported_on or dt.date.today().isoformat(),
                "source": "typed"})
        return row_id

    def indicator_rows(self, as_of: dt.date | None = None) -> list[dict]:
        """One row per indicator for the indicators page: what it is, its target, and its
        latest reported value (up to ``as_of``) against the target.

        Keys: ``id``, ``table``, ``category``, ``name`` (with its parent), ``attribute``
        (预期性/约束性), ``measure``, ``baseline``, ``target`` (text, or 年均 growth),
        ``latest_period``, ``latest``, ``reported_by``, ``against`` (e.g. ``达到目标的 96%``,
        ``已达到目标``; empty when either side is not a number).
        """
        rows = []
        for ind in ind_store.list_indicators(self.db):
            v = latest_value(ind["values"], as_of)
            name = f"{ind['parent_name']}—{ind['name']}" if ind["parent_name"] else ind["name"]
            target = ind["target_text"] or (f"年均{ind['growth_text']}" if ind["growth_text"] else "")
            against = ""
            if v is not None and v.get("value") is not None and ind.get("target") not in (None, 0):
                share = v["value"] / ind["target"]
                against = "已达到目标" if share >= 1 else f"达到目标的 {share:.0%}"
            rows.append({"id": ind["id"], "table": ind["table_title"], "category": ind["category"],
                         "name": name, "attribute": ind["attribute"] or "", "measure": ind["measure"] or "",
                         "baseline": ind["baseline_text"] or "", "target": target,
                         "latest_period": v["period"] if v else "", "latest": v["value_text"] if v else "",
                         "reported_by": (v.get("unit_name") or "") if v else "", "against": against,
                         "values": ind["values"]})
        return rows

    def indicator_lines(self, period: str) -> list[tuple[str, str, str]]:
        """Indicator rows for the monthly report: (name, target text, actual text).

        Only indicators with a value reported for ``period`` or earlier in the same year
        appear (last year's figures are not this year's progress); the latest such value
        is shown, with its period in brackets when it is older.

        :param period: the report's period, ``YYYY-MM`` (``YYYY`` and ``YYYY-Qn`` work too)
        """
        end = _period_end(period)
        if end is None:
            raise InputError(f"期次「{period}」格式不对，应为 YYYY-MM。", field="期次")
        lines = []
        for ind in ind_store.list_indicators(self.db):
            v = latest_value(ind["values"], end, since=dt.date(end.year, 1, 1))
            if v is None:
                continue
            name = f"{ind['parent_name']}—{ind['name']}" if ind["parent_name"] else ind["name"]
            if ind["measure"]:
                name += f"（{ind['measure']}）"
            target = ind["target_text"] or (f"年均{ind['growth_text']}" if ind["growth_text"] else "")
            actual = v["value_text"] if v["period"] == period else f"{v['value_text']}（{v['period']}）"
            lines.append((name, target, actual))
        return lines

    def report_lines(self, period: str) -> list:
        """:meth:`indicator_lines` as the monthly 通报's indicator rows (empty: no table printed)."""
        from ..reports.model import IndicatorLine
        return [IndicatorLine(name, target, actual) for name, target, actual in self.indicator_lines(period)]



def latest_value(values: list[dict], end: dt.date | None = None,
                 since: dt.date | None = None) -> dict | None:
    """The value of the latest period ending between ``since`` and ``end``; labels that
    are no period (``十三五年均[累计]``) are skipped."""
    best = None
    for v in values:
        v_end = _period_end(v["period"])
        if v_end is None or (end and v_end > end) or (since and v_end < since):
            continue
        if best is None or v_end >= best[0]:
            best = (v_end, v)
    return best[1] if best else None


def _actual_period(column: str) -> str:
    """A completion table's column label as a period: ``2019年`` → ``2019``; others kept."""
    m = re.fullmatch(r"(\d{4})年?", column.strip())
    return m.group(1) if m else column.strip()
