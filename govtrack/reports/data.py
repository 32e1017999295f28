"""Turn the rules' verdicts (task dicts and the status summary) into report dataclasses.

Pure functions: they take what :meth:`Tracker.task_states` and
:meth:`Tracker.status_summary` return, plus the office's settings, and build
the :mod:`.model` dataclasses the layout draws.  No database, no reportlab, no
clock — so the figures of a 通报 can be tested without drawing anything, and a
frozen 通报 (a bulletin snapshot) can be turned back into the same dataclass
with :func:`monthly_from_dict`.

Wording that offices edit (下步工作要求, 督办要求) comes in as template text with
``{name}`` placeholders; see :func:`fill_template` for the names.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from typing import Any, Iterable, Mapping

from govtrack.periods import period_label
from govtrack.reports import wording
from govtrack.reports.identity import DEFAULT_OFFICE
from govtrack.reports.model import (LONG_TERM, REPORT_ORDER, STATUS_LIGHT, STATUS_ORDER, ChartBar,
                                    IndicatorLine, LedgerReport, MonthlyReport, NoticeSheet, TaskLine,
                                    UnitLine, report_category)

#: How an issue number is written; ``{n}`` is the issue's sequence in the year.
DEFAULT_ISSUE_FORMAT = "第{n}期"
#: Bars in the monthly chart when it is drawn by lead unit.
DEFAULT_CHART_BARS = 10


def iso_date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


# ---------------------------------------------------------------- one task


def task_line(state: Mapping[str, Any]) -> TaskLine:
    """A task dict of ``Tracker.task_states`` as a report line (latest progress included)."""
    latest = state.get("latest") or {}
    status = state.get("status") or "未报送"
    percent = state.get("percent")
    if percent is None and latest:
        percent = latest.get("percent")
    deadline = state.get("deadline_used", state.get("deadline"))
    return TaskLine(
        seq=str(state.get("seq") or ""),
        content=state.get("content") or "",
        section=state.get("section") or "",
        lead=list(state.get("lead") or []),
        assist=list(state.get("assist") or []),
        deadline=iso_date(deadline),
        deadline_text=state.get("deadline_text") or "",
        percent=None if percent is None else float(percent),
        expected=None if state.get("expected") is None else float(state["expected"]),
        status=status,
        light=state.get("light") or STATUS_LIGHT.get(status, "green"),
        problems=(latest.get("problems") or "").strip(),
        progress_text=(latest.get("progress_text") or "").strip(),
        report_period=latest.get("period") or "",
        id=state.get("id"),
        next_steps=(latest.get("next_steps") or "").strip(),
        leader=(state.get("lead_official") or "").strip(),
        plan_title=(state.get("plan_title") or "").strip(),
        reported_on=iso_date(latest.get("reported_on")),
        days_left=state.get("days_left"),
        reported=bool(state.get("reported", percent is not None)),
    )


# ---------------------------------------------------------------- templates


_CONDITIONAL = re.compile(r"\[\[(\w+)[:：](.*?)\]\]")


class _Keep(dict):
    """format_map helper: an unknown ``{name}`` stays in the text as written."""

    def __missing__(self, key):
        return "{" + key + "}"


def fill_template(text: str, values: Mapping[str, Any]) -> list[str]:
    """Fill ``{name}`` placeholders and split into paragraphs (blank lines or one per line).

    Unknown placeholders are left as written, so a typo shows on the page instead
    of failing the report.  Lines starting with ``#`` are comments.  A part written
    ``[[name:text]]`` prints only when the value ``name`` is not zero or empty, so
    "对0项逾期任务" need not appear in a month without any.

    >>> fill_template("截至{period_label}，逾期{overdue}项。\\n\\n# note\\n请{x}。", {"period_label": "2023年10月", "overdue": 2})
    ['截至2023年10月，逾期2项。', '请{x}。']
    >>> fill_template("二是[[lagging:欠进度{lagging}项；]][[overdue:逾期{overdue}项；]]抓紧。", {"lagging": 3, "overdue": 0})
    ['二是欠进度3项；抓紧。']
    """
    lines = [ln for ln in text.splitlines() if not ln.lstrip().startswith("#")]
    paras: list[str] = []
    for ln in lines:
        ln = _CONDITIONAL.sub(lambda m: m.group(2) if values.get(m.group(1)) else "", ln).strip()
        if not ln:
            continue
        try:
            paras.append(ln.format_map(_Keep(values)))
        except (ValueError, IndexError):       # a stray brace: print the line as written
            paras.append(ln)
    return paras


# ---------------------------------------------------------------- monthly 通报


def status_counts(states: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    counts = {s: 0 for s in STATUS_ORDER}
    for s in states:
        counts[s.get("status") or "未报送"] = counts.get(s.get("status") or "未报送", 0) + 1
    return counts


def category_counts(states: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """Tasks per report category (:data:`REPORT_ORDER`): the statuses with 长期推进 apart."""
    counts = {c: 0 for c in REPORT_ORDER}
    for s in states:
        c = _category(s)
        counts[c] = counts.get(c, 0) + 1
    return counts


def _category(s: Mapping[str, Any]) -> str:
    return report_category(s.get("status") or "未报送", s.get("deadline_used", s.get("deadline")),
                           s.get("expected"))


def unit_lines(per_unit: Iterable[Mapping[str, Any]],
               states: Iterable[Mapping[str, Any]] | None = None) -> list[UnitLine]:
    """The summary's per-unit rows, most tasks led first, then by name.

    ``reported_on_time`` in the summary counts the unit's led tasks reported by the
    period's due day; the unit counts as on time when that covers every led task
    not yet done (a finished task need not report again).  With ``states`` every
    category is counted per lead unit too, so the status columns add up to 牵头任务;
    迟报 counts the tasks reported for the period but after its due day.
    """
    by_unit: dict[str, dict[str, int]] = {}
    for s in states or ():
        for u in s.get("lead") or []:
            c = by_unit.setdefault(u, {})
            cat = _category(s)
            c[cat] = c.get(cat, 0) + 1
    rows = []
    for u in per_unit:
        led, done = int(u.get("led") or 0), int(u.get("done") or 0)
        raw = u.get("reported_on_time", True)
        on_time = raw if isinstance(raw, bool) else int(raw or 0) >= led - done
        late = 0 if isinstance(raw, bool) else max(0, int(u.get("reported") or 0) - int(raw or 0))
        c = by_unit.get(u["unit"], {})
        rows.append(UnitLine(unit=u["unit"], led=led, done=done, behind=int(u.get("behind") or 0),
                             overdue=int(u.get("overdue") or 0), reported_on_time=on_time,
                             ahead=c.get("超进度", 0), on_track=c.get("达进度", 0),
                             long_term=c.get(LONG_TERM, 0), not_reported=c.get("未报送", 0),
                             late=late))
    return sorted(rows, key=lambda u: (-u.led, u.unit))


def rank_units(rows: list[UnitLine], previous: Iterable[Mapping[str, Any]] = ()) -> None:
    """Rank by 正常推进率 (then fewer 逾期, more tasks), ties share a place; rank change since the last 通报."""
    key = lambda u: (-round(u.rate, 6), u.overdue, -u.led)     # noqa: E731
    ordered = sorted(rows, key=key)
    place, last = 0, None
    for i, u in enumerate(ordered, start=1):
        if key(u)[:2] != last:
            place, last = i, key(u)[:2]
        u.rank = place
    before = {p.get("unit"): p.get("rank") for p in previous if p.get("rank")}
    for u in rows:
        if before.get(u.unit):
            u.rank_change = int(before[u.unit]) - int(u.rank)


def chart_bars(states: list[Mapping[str, Any]], max_bars: int = DEFAULT_CHART_BARS
               ) -> tuple[str, list[ChartBar]]:
    """Chart title and bars: by section when the plan has two or more, else by lead unit.

    By lead unit the chart shows the ``max_bars`` units leading most tasks (the
    per-unit table lists them all), since 60 bars would not fit a page.
    A task led jointly counts under its first lead unit.
    """
    sections: dict[str, dict[str, int]] = {}
    for s in states:
        key = (s.get("section") or "").split(" / ")[0]
        sections.setdefault(key, {}).setdefault(_category(s), 0)
        sections[key][_category(s)] += 1
    if len([k for k in sections if k]) >= 2:
        bars = [ChartBar(label=k or "未分板块", counts=v) for k, v in sections.items()]
        return "各板块任务推进情况", bars
    units: dict[str, dict[str, int]] = {}
    for s in states:
        lead = (s.get("lead") or ["未明确牵头单位"])[0]
        c = units.setdefault(lead, {})
        c[_category(s)] = c.get(_category(s), 0) + 1
    ranked = sorted(units.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
    bars = [ChartBar(label=k, counts=v) for k, v in ranked[:max_bars]]
    if len(ranked) > max_bars:
        # no 其他 bar: summing 20 small units makes one bar that dwarfs the rest
        return f"牵头任务最多的{max_bars}个单位任务推进情况", bars
    return "各牵头单位任务推进情况", bars


def changes_sentence(current: Mapping[str, int], previous: Mapping[str, int] | None,
                     previous_period: str | None) -> str:
    """'较上期（2023年9月）：已完成+5项，逾期+2项，欠进度−3项。' — '' without a previous issue.

    >>> changes_sentence({"已完成": 7, "逾期": 2, "欠进度": 1}, {"已完成": 2, "欠进度": 4}, "2023-09")
    '与上期（2023年9月通报）相比：已完成增加5项，欠进度减少3项，逾期增加2项。'
    >>> changes_sentence({"已完成": 2}, {"已完成": 2}, "2023-09")
    '与上期（2023年9月通报）相比，各类任务数量没有变化。'
    """
    if previous is None or not previous_period:
        return ""
    parts = []
    for status in STATUS_ORDER:
        d = int(current.get(status, 0)) - int(previous.get(status, 0))
        if d:
            parts.append(f"{status}{'增加' if d > 0 else '减少'}{abs(d)}项")
    head = f"与上期（{period_label(previous_period)}通报）相比"
    return head + ("：" + "，".join(parts) + "。" if parts else "，各类任务数量没有变化。")


def template_values(period: str, as_of: date, counts: Mapping[str, int], total: int,
                    per_unit: list[UnitLine], reply_by: date | None = None,
                    office: str = DEFAULT_OFFICE, office_short: str = "") -> dict[str, Any]:
    """The placeholder names a 下步工作要求 or 督办要求 template may use."""
    late = [u.unit for u in per_unit if not u.reported_on_time]
    values: dict[str, Any] = {
        "period": period, "period_label": period_label(period),
        "year": int(period[:4]), "month": int(period[5:7]),
        "today": f"{as_of.year}年{as_of.month}月{as_of.day}日",
        "total": total,
        "done": counts.get("已完成", 0), "ahead": counts.get("超进度", 0),
        "on_track": counts.get("达进度", 0), "lagging": counts.get("欠进度", 0),
        "overdue": counts.get("逾期", 0), "not_reported": counts.get("未报送", 0),
        "late_units": "、".join(late) or "无", "late_unit_count": len(late),
        "office": office, "office_short": office_short or office,
        "as_of": wording.cn_date(as_of),
    }
    if reply_by:
        values["reply_by"] = f"{reply_by.year}年{reply_by.month}月{reply_by.day}日"
    return values


def task_changes(states: Iterable[Mapping[str, Any]], previous_tasks: Iterable[Mapping[str, Any]]
                 ) -> tuple[list[str], list[str]]:
    """Seqs of the tasks newly 已完成 and newly 逾期 since the previous 通报's snapshot."""
    before = {t.get("id"): t.get("status") for t in previous_tasks}
    done, overdue = [], []
    for s in states:
        if s.get("id") not in before:
            continue
        was, now = before[s.get("id")], s.get("status")
        if now == "已完成" and was != "已完成":
            done.append(str(s.get("seq")))
        elif now == "逾期" and was != "逾期":
            overdue.append(str(s.get("seq")))
    return done, overdue


def build_monthly(*, period: str, as_of: date, states: list[Mapping[str, Any]],
                  summary: Mapping[str, Any], office: str, issue_no: str,
                  requirements_template: str, copy_to: str = "", printed_by: str = "",
                  previous: tuple[str, Mapping[str, int]] | None = None,
                  chart_max: int = DEFAULT_CHART_BARS, draft: bool = True, addressee: str = "",
                  office_short: str = "", tolerance: float = 10.0,
                  year_expected: float | None = None,
                  previous_snapshot: Mapping[str, Any] | None = None) -> MonthlyReport:
    """The monthly 督查通报 for ``period`` from the rules' verdicts on ``as_of``.

    :param states: ``Tracker.task_states(as_of)``
    :param summary: ``Tracker.status_summary(as_of)``; its counts are the ones printed
    :param previous: (period, counts) of the last issued 通报 before this one, for 较上期
    :param previous_snapshot: that 通报's snapshot (its tasks and units), for the
        tasks newly done or overdue and the change of each unit's rank
    :param draft: not issued: printed 草稿, with a blank 期号
    """
    raw = summary.get("counts") or {}
    counts = {s: int(raw.get(s, 0)) for s in STATUS_ORDER}
    total = int(raw.get("total") or summary.get("total") or sum(counts.values()))
    per_unit = unit_lines(summary.get("per_unit") or [], states)
    snap = previous_snapshot or {}
    rank_units(per_unit, (snap.get("report") or {}).get("per_unit") or [])
    chart_title, chart = chart_bars(states, chart_max)
    lines = [task_line(s) for s in states]
    newly_done, newly_overdue = task_changes(states, snap.get("tasks") or [])
    report = MonthlyReport(
        office=office, issue_no=issue_no,
        title=f"{period_label(period)}政府工作报告重点任务推进情况督查通报",
        period=period, date=as_of, counts=counts, total=total, per_unit=per_unit,
        categories=category_counts(states),
        chart=chart, chart_title=chart_title,
        lagging=[t for t in lines if t.status == "欠进度"],
        overdue=[t for t in lines if t.status == "逾期"],
        not_reported_list=[t for t in lines if t.status == "未报送"],
        requirements=fill_template(requirements_template,
                                   template_values(period, as_of, counts, total, per_unit,
                                                   office=office, office_short=office_short)),
        copy_to=copy_to, printed_by=printed_by or office, printed_on=as_of,
        changes=changes_sentence(counts, previous[1], previous[0]) if previous else "",
        draft=draft, addressee=addressee, tolerance=tolerance, year_expected=year_expected,
        newly_done=newly_done, newly_overdue=newly_overdue,
        previous_period=previous[0] if previous else "",
        legend=wording.legend(tolerance),
    )
    return report


# ---------------------------------------------------------------- 督办单 and 台账


def build_notice(state: Mapping[str, Any], *, colour: str, doc_no: str, demand: str,
                 issued_on: date, reply_by: date | None, office: str, contact: str = "",
                 phone: str = "", draft: bool = True, history: list[str] | None = None
                 ) -> NoticeSheet:
    """A 督办单 whose words follow the task's facts on ``issued_on`` (see :mod:`.wording`)."""
    line = task_line(state)
    return NoticeSheet(doc_no=doc_no, colour=colour, task=line, demand=demand,
                       reply_by=reply_by, issued_on=issued_on, office=office, contact=contact,
                       phone=phone, draft=draft, addressee="、".join(line.lead),
                       facts=wording.notice_facts(line, issued_on), history=list(history or []),
                       reason=wording.REASON_LABEL[wording.reason(line)])


def build_ledger(states: list[Mapping[str, Any]], *, title: str, subtitle: str, as_of: date,
                 office: str, unit: str = "", status_period: str = "") -> LedgerReport:
    return LedgerReport(title=title, subtitle=subtitle, as_of=as_of,
                        tasks=[task_line(s) for s in states], office=office, unit=unit,
                        status_period=status_period or "")


DOC_NO_RE = re.compile(r"督办〔(\d{4})〕(\d+)号")


def next_doc_no(year: int, used: Iterable[str | None]) -> str:
    """督办〔YYYY〕N号 with N one past the highest number used in that year.

    >>> next_doc_no(2023, ["督办〔2023〕3号", "督办〔2022〕9号", None])
    '督办〔2023〕4号'
    """
    top = 0
    for d in used:
        m = DOC_NO_RE.fullmatch(d or "")
        if m and int(m.group(1)) == year:
            top = max(top, int(m.group(2)))
    return f"督办〔{year}〕{top + 1}号"


# ---------------------------------------------------------------- snapshots


def _jsonable(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def monthly_to_dict(report: MonthlyReport) -> dict:
    """Everything printed in a 通报, as JSON-ready data (the bulletin snapshot)."""
    return _jsonable(dataclasses.asdict(report))


def notice_to_dict(sheet: NoticeSheet) -> dict:
    """What a 督办单 printed, as JSON-ready data (kept with the issued notice)."""
    return _jsonable(dataclasses.asdict(sheet))


def _task_from(d: Mapping) -> TaskLine:
    d = dict(d)
    d["deadline"] = iso_date(d.get("deadline"))
    d["reported_on"] = iso_date(d.get("reported_on"))
    return TaskLine(**{k: v for k, v in d.items() if k in _TASK_FIELDS})


_TASK_FIELDS = {f.name for f in dataclasses.fields(TaskLine)}
_MONTHLY_FIELDS = {f.name for f in dataclasses.fields(MonthlyReport)}
_UNIT_FIELDS = {f.name for f in dataclasses.fields(UnitLine)}


def monthly_from_dict(d: Mapping) -> MonthlyReport:
    """The inverse of :func:`monthly_to_dict` (fields added later take their defaults)."""
    d = {k: v for k, v in d.items() if k in _MONTHLY_FIELDS}
    d["date"] = iso_date(d["date"])
    d["printed_on"] = iso_date(d.get("printed_on"))
    d["per_unit"] = [UnitLine(**{k: v for k, v in u.items() if k in _UNIT_FIELDS})
                     for u in d.get("per_unit", [])]
    d["chart"] = [ChartBar(**b) for b in d.get("chart", [])]
    d["lagging"] = [_task_from(t) for t in d.get("lagging", [])]
    d["overdue"] = [_task_from(t) for t in d.get("overdue", [])]
    d["not_reported_list"] = [_task_from(t) for t in d.get("not_reported_list", [])]
    if "draft" not in d:
        d["draft"] = False                  # snapshots are of issued 通报
    d["indicators"] = [IndicatorLine(**i) for i in d.get("indicators", [])]
    return MonthlyReport(**d)
