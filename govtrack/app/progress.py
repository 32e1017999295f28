"""Progress reports and 节点 (milestones): entering what units report, checked before written.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from ..errors import NOTHING_CHANGED, ConflictError, InputError, NotFoundError
from ..store import ledger
from ..store import progress as progress_store
from ..store import rules_state
from ..periods import parse_period
from .context import Context, iso as _iso, parse_day, Service
from .labels import task_label
from .ledger import LedgerService
from .units import group_members, responsible_units

SOURCES = ("typed", "imported", "demo")


class ProgressService(Service):
    """One unit's report on a task for a period; several at once from a grid; 节点."""

    def __init__(self, ctx: Context, ledger_service: LedgerService):
        self.ctx = ctx
        self.ledger = ledger_service


    def add_progress(self, task_ref: str | int, *, period: str, percent: Any, unit: str | None = None,
                     text: str = "", problems: str = "", next_steps: str = "",
                     reported_on: date | str | None = None, source: str = "typed",
                     source_file_id: int | None = None) -> dict:
        """Record (or replace) one unit's progress report for a period; audited.

        Everything is checked before anything is written; an error names the field
        in Chinese and leaves the database as it was.

        :param task_ref: task id (``12`` / ``#12``) or 序号
        :param period: reporting period ``YYYY-MM``, not before the plan year
        :param percent: a number from 0 to 100 ("45", "45%" and 45.5 are accepted)
        :param unit: the reporting unit (any known spelling); it must be on the task, or be a
            member of a group on it (:func:`~govtrack.app.units.responsible_units`);
            default: the task's first lead unit
        :param text: 进展情况
        :param problems: 存在问题
        :param next_steps: 下步打算
        :param reported_on: the report's date (default today), not before the plan year
        :param source: 'typed', 'imported' or 'demo'
        :param source_file_id: the kept file the report came from, if imported
        :returns: the stored row with ``unit``, ``role`` and ``action``
            ('insert' / 'update' / 'same')
        """
        task = self.ledger.task(task_ref)
        year = task["plan_year"]
        pct = self._check_percent(percent)
        period = (period or "").strip()
        if parse_period(period, "报送期")[0] < year:
            raise InputError(f"报送期「{period}」早于任务所属计划年度 {year} 年。", field="期次")
        when = parse_day(reported_on, "报送日期")
        if when.year < year:
            raise InputError(f"报送日期 {when.isoformat()} 早于任务所属计划年度 {year} 年。", field="报送日期")
        # The units on the task, and the members of a group on it (they report for their part).
        roles = responsible_units(task, group_members(self.ctx))
        on_task = task["lead"] + [u for u in task["assist"] if u not in task["lead"]]
        if unit is None or not str(unit).strip():
            if not task["lead"]:
                raise InputError(f"{task_label(task)}没有牵头单位，请指定报送单位。", field="单位")
            unit_name = task["lead"][0]
        else:
            unit_name = self.ctx.unit_directory().resolve(str(unit)) or str(unit).strip()
            if unit_name not in on_task and unit_name not in roles:
                raise InputError(
                    f"「{unit}」不是{task_label(task)}的责任单位（该任务：{'、'.join(on_task) or '无'}）。",
                    field="单位")
        if source not in SOURCES:
            raise InputError(f"来源「{source}」不对，应为 {'、'.join(SOURCES)} 之一。", field="来源")
        unit_id = ledger.unit_id(self.db, unit_name)
        if unit_id is None:  # on the task, so it exists; guard against a damaged file
            raise NotFoundError(f"数据库中没有单位「{unit_name}」。")
        with self.db.atomic():
            rid, action = progress_store.upsert_progress(self.db, task["id"], unit_id, period, {
                "percent": pct, "progress_text": text or "", "problems": problems or "",
                "next_steps": next_steps or "", "reported_on": when.isoformat(), "source": source,
                "source_file_id": source_file_id})
        row = progress_store.find_progress(self.db, task["id"], unit_id, period)
        row.update(unit=unit_name, role="lead" if unit_name in task["lead"] else roles.get(unit_name, "assist"),
                   action=action, task_seq=task["seq"], task_label=task_label(task))
        return row

    @staticmethod
    def _check_percent(percent: Any) -> float:
        bad = InputError(f"完成进度「{percent}」不是 0 到 100 之间的数字。", field="完成进度")
        if isinstance(percent, bool) or percent is None:
            raise bad
        if isinstance(percent, str):
            text = percent.strip().rstrip("%％").strip()
            try:
                percent = float(text)
            except ValueError:
                raise bad from None
        try:
            value = float(percent)
        except (TypeError, ValueError):
            raise bad from None
        if math.isnan(value) or not 0 <= value <= 100:
            raise bad
        return value

    def progress_history(self, task_ref: str | int) -> list[dict]:
        """All reports of a task: newest period first, the lead unit's first within a
        period, assisting units' reports after it (``role`` says which); for a task carried
        over from last year, its origin's reports follow (``carried_from`` = origin task id).

        :param task_ref: task id or 序号
        """
        task = self.ledger.task(task_ref)
        rows = progress_store.progress_of_task(self.db, task["id"])
        roles = responsible_units(task, group_members(self.ctx))
        for r in rows:             # a group's member reports for its part, in the group's role
            if r.get("role") == "other" and r.get("unit") in roles:
                r["role"] = roles[r["unit"]]
        origin = task.get("origin_task_id")
        while origin:                      # a carried-over task shows its origin's reports after its own
            for r in progress_store.progress_of_task(self.db, origin):
                rows.append({**r, "carried_from": origin})
            parent = self.ledger.task(origin)
            origin = parent.get("origin_task_id")
        return rows

    def add_milestone(self, task_ref: str | int, title: str, due_date: date | str,
                      percent: Any = None) -> dict:
        """Add a 节点 to a task; when a task has 节点, its 序时进度 runs from node to node.

        :param task_ref: task id or 序号
        :param title: what must be done by then
        :param due_date: the node's date, not before the plan year
        :param percent: the share of the task expected done by then (0–100), or None
            to spread the nodes evenly
        """
        task = self.ledger.task(task_ref)
        title = (title or "").strip()
        if not title:
            raise InputError("节点名称不能为空。", field="节点名称")
        due = parse_day(due_date, "节点时间", default_today=False)
        if due is None:
            raise InputError("节点时间不能为空。", field="节点时间")
        if due.year < task["plan_year"]:
            raise InputError(f"节点时间 {due.isoformat()} 早于任务所属计划年度 {task['plan_year']} 年。",
                             field="节点时间")
        pct = None if percent is None or percent == "" else self._check_percent(percent)
        with self.db.atomic():
            mid = rules_state.insert_milestone(self.db, task["id"], title, due.isoformat(), pct)
        return rules_state.get_milestone(self.db, mid)

    def milestones(self, task_ref: str | int) -> list[dict]:
        """A task's 节点 in date order.

        :param task_ref: task id or 序号
        """
        return rules_state.milestones_of_task(self.db, self.ledger.task(task_ref)["id"])

    def set_milestone_done(self, milestone_id: int, done_date: date | str | None) -> dict:
        """Mark a 节点 done on a day (None clears it); audited.

        :param milestone_id: the node's id
        :param done_date: the day it was done
        """
        m = rules_state.get_milestone(self.db, int(milestone_id))
        if m is None:
            raise NotFoundError(f"没有编号为 {milestone_id} 的节点。")
        done = parse_day(done_date, "完成时间", default_today=False)
        with self.db.atomic():
            rules_state.update_milestone(self.db, m["id"], {"done_date": _iso(done)})
        return rules_state.get_milestone(self.db, m["id"])

    def add_progress_many(self, entries: list[dict], *, period: str, unit: str,
                          reported_on: str | None = None,
                          since: dict[int, dict] | None = None) -> list:
        """Save a grid of progress reports (one unit, one period) in one transaction.

        Each entry is ``{"task": ref, "percent": .., "text": .., "problems": ..,
        "next_steps": ..}`` and goes through :meth:`add_progress` (its checks); the first bad
        row stops everything, nothing is written, and the message names the task by its 序号.
        ``percent`` may be the text typed in the grid ("45", "45%").

        :param entries: the filled rows of the grid
        :param period: ``YYYY-MM``
        :param unit: the reporting unit
        :param reported_on: ISO date (default: today)
        :param since: what the grid showed when it was opened: task id → this unit's report
            for ``period`` then (``{}``: none). When another window (or a colleague on the
            shared file) has since changed a row this save writes — to something other than
            what this save writes — nothing is written and :class:`ConflictError` names the
            tasks (``.tasks``: their ids); the grid asks, then saves again without ``since``
        :returns: what :meth:`add_progress` returned for each entry
        """
        out = []
        with self.db.atomic():
            if since is not None:
                self._check_unchanged(entries, period, unit, since)
            for e in entries:
                kwargs = dict(period=period, percent=e["percent"], unit=unit,
                              text=e.get("text", ""), problems=e.get("problems", ""),
                              next_steps=e.get("next_steps", ""))
                if reported_on:
                    kwargs["reported_on"] = reported_on
                try:
                    out.append(self.add_progress(e["task"], **kwargs))
                except InputError as err:
                    label = task_label(self.ledger.task(e["task"]))
                    plain = err.plain if label in err.plain else f"{label}：{err.plain}"
                    raise InputError(plain, field=err.field) from err
        return out

    def _check_unchanged(self, entries: list[dict], period: str, unit: str, since: dict[int, dict]) -> None:
        """Inside the save's transaction: refuse when a row this save writes was changed by
        someone else since the grid showed it (a field now differs from both what was shown
        and what this save writes)."""
        uid, _ = self.ctx.resolve_unit(unit)
        clashes: list[tuple[dict, list[str]]] = []
        for e in entries:
            task = self.ledger.task(e["task"])
            now = progress_store.find_progress(self.db, task["id"], uid, period) or {}
            shown = since.get(task["id"]) or {}
            try:
                pct = self._check_percent(e["percent"])
            except InputError:
                pct = e["percent"]           # add_progress says what is wrong with it
            mine = {"percent": pct, "progress_text": e.get("text", ""), "problems": e.get("problems", ""),
                    "next_steps": e.get("next_steps", "")}
            fields = [GRID_FIELDS[k] for k, v in mine.items()
                      if not _same(now.get(k), shown.get(k)) and not _same(now.get(k), v)]
            if fields:
                clashes.append((task, fields))
        if clashes:
            names = "、".join(task_label(t) for t, _ in clashes[:5]) + ("等" if len(clashes) > 5 else "")
            shown_fields = "、".join(dict.fromkeys(f for _, fs in clashes for f in fs))
            err = ConflictError(f"{unit} {period} 期的{names}共 {len(clashes)} 项进展在您打开后已被他人修改"
                                f"（{shown_fields}）。{NOTHING_CHANGED}",
                                fields=list(dict.fromkeys(f for _, fs in clashes for f in fs)))
            err.tasks = [t["id"] for t, _ in clashes]
            raise err


# The grid's columns by the report's fields (for messages).
GRID_FIELDS = {"percent": "完成%", "progress_text": "进展情况", "problems": "存在问题", "next_steps": "下步打算"}


def _same(a, b) -> bool:
    """Whether two values of a report field say the same (None and blank alike; 45 and 45.0)."""
    if a is None or a == "":
        return b is None or b == ""
    if b is None or b == "":
        return False
    if isinstance(a, (int, float)) or isinstance(b, (int, float)):
        try:
            return float(a) == float(b)
        except (TypeError, ValueError):
            return False
    return str(a).strip() == str(b).strip()
