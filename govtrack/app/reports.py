"""Printed reports from the database: the monthly 督查通报, the 督办单 and the 台账 (issue 4).

:class:`ReportService` asks the status service for its verdicts
(:meth:`~govtrack.app.status.StatusService.task_states`, ``status_summary``), turn them into the report
dataclasses with the pure functions of :mod:`govtrack.reports.data`, and hand
those to the layout (:mod:`govtrack.reports.pdf`).  The only writes are the
records of paper that left the office: an issued 通报 (with a snapshot of every
printed figure) and an issued 督办单.

Decisions, so the office knows what it gets:

- **Report day of a monthly 通报.** Without ``today`` the figures are those of
  the last day of the period's month (the month's reports are in by the 25th),
  or the real today while that month is still running.  A period entirely in
  the future is refused.
- **Issued 通报 are frozen.** Once :meth:`issue_bulletin` has run for a period,
  :meth:`monthly_report_data` for that period returns the snapshot, whatever
  progress was edited since; ``fresh=True`` recomputes it (a draft, unrecorded).
  The next 通报 says what changed since the previous issued one (较上期).
- **Which tasks.** Every task in the database; a period of a year that has no
  tasks is refused (a 2025 通报 of the 2023 list would call everything 逾期).
  A database holding several years' plans gets one 通报 over all of them.
- **Issue numbers.** ``第{n}期`` where n counts the periods of that year already
  issued before this one, plus one; the setting ``report.issue_no`` may give
  another format with ``{n}`` (``潜督通〔2023〕{n}号``) or a fixed text.
- **督办单 for a task that needs none.** A task whose rules give no 督办单
  colour (done, on track, long-term) is refused with a message saying why,
  unless the caller names a colour: a 督办单 must not contradict the ledger by
  accident, but the office may still decide to chase a task.
- **督办单 numbers.** 督办〔YYYY〕N号, N one past the highest of that year among
  issued notices.  :meth:`notice_data` only shows the number the next notice
  would get; :meth:`issue_notice` records it (with a snapshot of what was printed).
  Reply-by is ``reply_days`` calendar days after the issue day.

- **Drafts.** Anything not issued is a draft: marked 草稿, with the 期号 or
  文号 left blank (第  期, 督办〔2023〕  号) until it is issued.
- **Words follow the facts.** A 督办单's 事由 and 督办要求 come from the task's
  facts on the issue day (overdue, behind, unreported, deadline near), not
  from the colour the office chose (see :mod:`govtrack.reports.wording`).

Settings (``settings`` table, all optional): the office identity
(``office.name``, ``office.short``, ``report.to``, ``report.cc``,
``report.issuer``, ``report.contact``, ``report.phone``,
``report.requirements``; see :mod:`govtrack.reports.identity`),
``report.issue_no``, ``report.notice_demand.<reason>`` (督办要求 template, reason
overdue | behind | not_reported | near | chase, else
``resources/templates/notice_demand_<reason>.txt``), ``report.chart_bars`` (units
in the monthly chart), and ``font.*`` (see :func:`govtrack.reports.fonts.load_fonts`).
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from pathlib import Path

from .. import store
from .demo import DEMO_STEPS
from ..errors import DuplicateError, InputError, NotFoundError
from ..paths import RESOURCES_DIR
from ..reports import data as rdata
from ..reports import output, wording
from ..reports.identity import KEYS as IDENTITY_KEYS, OfficeIdentity
from ..reports.model import LedgerReport, MonthlyReport, NoticeSheet
from ..rules import expected_percent
from ..store import reports_state
from ..periods import period_label
from ..periods import parse_period
from .context import Context, parse_day, Service
from .indicators import IndicatorService
from .labels import task_label
from .ledger import LedgerService
from .status import StatusService

TEMPLATES_DIR = RESOURCES_DIR / "templates"
NOTICE_COLOUR_NAMES = {"blue": "蓝色", "yellow": "黄色", "red": "红色"}
#: 督办 reason (wording.py) → the file/setting suffix of its 督办要求 template.
DEMAND_TEMPLATES = {wording.OVERDUE: "overdue", wording.BEHIND: "behind",
                    wording.NOT_REPORTED: "not_reported", wording.NEAR: "near", wording.CHASE: "chase"}


def _today(value) -> date:
    return parse_day(value, "日期")


def default_report_day(period: str, real_today: date | None = None) -> date:
    """The day a monthly 通报's figures are taken on when none is given (see module doc)."""
    year, month = parse_period(period)
    last = date(year, month, calendar.monthrange(year, month)[1])
    real_today = real_today or date.today()
    if date(year, month, 1) > real_today:
        raise InputError(f"期别 {period} 尚未开始，无法生成通报。", field="期别")
    return min(last, real_today)


def _template_file(name: str) -> str:
    path = TEMPLATES_DIR / name
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""


class ReportService(Service):
    """The data of the printed reports, issuing them, and the files."""

    def __init__(self, ctx: Context, ledger_service: LedgerService, status: StatusService,
                 indicators: IndicatorService):
        self.ctx = ctx
        self.ledger = ledger_service
        self.status = status
        self.indicators = indicators


    # ------------------------------------------------------------ settings

    def _report_settings(self) -> dict:
        settings = reports_state.report_settings(self.db)
        for key in IDENTITY_KEYS:                  # office.* are not report.* keys
            if key not in settings:
                value = store.get_setting(self.db, key)
                if value is not None:
                    settings[key] = value
        return settings

    def office_identity(self) -> OfficeIdentity:
        """The office's names, 主送, 抄送, 印发机关 and contact, as every report prints them."""
        return OfficeIdentity.from_settings(self._report_settings())

    @staticmethod
    def formats(kind: str) -> list[tuple[str, str]]:
        """(format, label) a report comes in: 通报/督办单 PDF or Word, 台账 PDF or Excel."""
        return [(f, output.FORMAT_NAMES[f]) for f in output.FORMATS[kind]]

    def report_font_warnings(self) -> list[str]:
        """What a PDF would print in another font than GB/T 9704 asks for (仿宋, 小标宋 …),
        to show before printing; [] when every role has its face."""
        from ..reports.fonts import load_fonts, substitutions
        return substitutions(load_fonts(self._font_settings()))

    def _font_settings(self, settings: dict | None = None) -> dict:
        settings = settings if settings is not None else self._report_settings()
        return {k: v for k, v in settings.items() if k.startswith("font.")}

    @staticmethod
    def _office(settings: dict) -> str:
        return OfficeIdentity.from_settings(settings).name

    def _issue_no(self, period: str, settings: dict) -> str:
        fmt = str(settings.get("report.issue_no") or rdata.DEFAULT_ISSUE_FORMAT)
        n = reports_state.count_bulletins_before(self.db, period) + 1
        return fmt.replace("{n}", str(n))

    # ------------------------------------------------------------ monthly 通报

    def monthly_report_data(self, period: str, today=None, *, fresh: bool = False,
                            issue_no: str | None = None) -> MonthlyReport:
        """The monthly 督查通报 of ``period`` as data (nothing is written).

        :param period: ``YYYY-MM``
        :param today: the report day (ISO string or date); default: see the module doc
        :param fresh: recompute even when the period's 通报 was issued (default: the snapshot)
        :param issue_no: print this issue number instead of the computed one
        """
        parse_period(period)
        if not fresh:
            issued = reports_state.bulletin_for_period(self.db, period)
            if issued is not None:
                return rdata.monthly_from_dict(issued["snapshot"]["report"])
        return self._fresh_monthly(period, today, issue_no)[0]

    def _fresh_monthly(self, period: str, today, issue_no: str | None, draft: bool = True):
        as_of = _today(today) if today is not None else default_report_day(period)
        settings = self._report_settings()
        states = self.status.task_states(as_of, year=int(period[:4]))   # the period's year's plans
        if not states:
            years = sorted({p["year"] for p in self.ledger.plans() if p["tasks"]})
            if not years:
                raise NotFoundError("数据库中还没有任务，无法生成通报。请先导入任务分解清单（govtrack import）。")
            raise InputError(f"数据库中没有 {period[:4]} 年的任务（现有 {'、'.join(map(str, years))} 年的），"
                             f"无法生成 {period_label(period)} 的通报。", field="期别")
        summary = self.status.status_summary(as_of, year=int(period[:4]))
        prev = reports_state.previous_bulletin(self.db, period)
        previous = (prev["period"], prev["snapshot"].get("report", {}).get("counts", {})) if prev else None
        template = settings.get("report.requirements") or _template_file("monthly_requirements.txt")
        try:
            chart_max = int(settings.get("report.chart_bars") or rdata.DEFAULT_CHART_BARS)
        except (TypeError, ValueError):
            chart_max = rdata.DEFAULT_CHART_BARS
        ident = OfficeIdentity.from_settings(settings)
        rules = self.status.rule_settings()
        year = int(period[:4])
        report = rdata.build_monthly(
            period=period, as_of=as_of, states=states, summary=summary, office=ident.name,
            issue_no=issue_no or ("" if draft else self._issue_no(period, settings)),
            requirements_template=template, copy_to=ident.cc, printed_by=ident.issuer,
            previous=previous, chart_max=chart_max, draft=draft and not issue_no,
            addressee=ident.addressee, office_short=ident.short, tolerance=rules.tolerance,
            year_expected=expected_percent(date(year, 1, 1), date(year, 12, 31), as_of)
            if as_of.year == year else None,
            previous_snapshot=prev["snapshot"] if prev else None)
        report.praise, report.remind = list(ident.praise), list(ident.remind)
        report.indicators = self.indicators.report_lines(period)
        return report, states, summary

    def issue_bulletin(self, period: str, today=None, *, issue_no: str | None = None) -> dict:
        """Issue (印发) the 通报 of ``period``: freeze its figures so a reprint shows the same numbers.

        :param period: ``YYYY-MM``; a period can be issued once
        :param today: the report day (default: see the module doc)
        :param issue_no: override the computed issue number
        :returns: the bulletin row (id, period, issue_no, issued_on)
        :raises DuplicateError: the period's 通报 was issued already
        """
        parse_period(period)
        existing = reports_state.bulletin_for_period(self.db, period)
        if existing is not None:
            raise DuplicateError(
                f"{period_label(period)}的督查通报已于 {existing['issued_on']} 印发"
                f"（{existing['issue_no']}），未重复登记；重印将使用印发时的数字。")
        report, states, summary = self._fresh_monthly(period, today, issue_no, draft=False)
        snapshot = {
            "report": rdata.monthly_to_dict(report),
            "as_of": report.date.isoformat(),
            "rules_period": summary.get("period"),
            # every figure traces to its task: id, seq, status, percent, 序时进度, report used
            "tasks": [{"id": s.get("id"), "seq": s.get("seq"), "status": s.get("status"),
                       "percent": s.get("percent"), "expected": s.get("expected"),
                       "period": (s.get("latest") or {}).get("period")} for s in states],
        }
        with self.db.atomic():
            bid = reports_state.insert_bulletin(self.db, period, report.issue_no,
                                                report.date.isoformat(), snapshot)
        return {"id": bid, "period": period, "issue_no": report.issue_no,
                "issued_on": report.date.isoformat(), "report": report}

    def bulletins(self) -> list[dict]:
        """The issued 通报, oldest period first (id, period, issue_no, issued_on)."""
        return reports_state.list_bulletins(self.db)

    def print_monthly(self, period: str, path, today=None, *, issue: bool = False,
                      fresh: bool = False, force: bool = False, fmt: str = "pdf"
                      ) -> tuple[Path, MonthlyReport, bool]:
        """Write the 通报 as PDF or Word (by the suffix of ``path``); with ``issue`` the
        period is issued first (if not yet).

        :param path: a file path, or a folder to write :func:`output.default_name` into
            (in the format ``fmt``)
        :param force: overwrite an existing file (else it is refused, nothing issued)
        :returns: (path, the report printed, whether it came from an issued snapshot)
        :raises FontError: no usable Chinese font (nothing is issued then)
        :raises InputError: an unsupported suffix, or the file exists and not ``force``
        """
        fonts = self._font_settings()
        target = Path(path)
        will_issue = issue and reports_state.bulletin_for_period(self.db, period) is None
        if target.is_dir():                   # the name carries the 期号 it will get
            probe = self.monthly_report_data(period, today, fresh=fresh)
            if will_issue:
                probe.issue_no, probe.draft = self._issue_no(period, self._report_settings()), False
            target = target / output.default_name("monthly", probe, fmt)
        self._check_output("monthly", target, force, fonts)
        if will_issue:      # recorded only together with its document: one transaction
            with self.db.atomic():
                report = self.issue_bulletin(period, today)["report"]
                return output.render("monthly", report, target, fonts, force), report, True
        else:
            frozen = not fresh and reports_state.bulletin_for_period(self.db, period) is not None
            report = self.monthly_report_data(period, today, fresh=fresh)
        return output.render("monthly", report, target, fonts, force), report, frozen

    @staticmethod
    def _check_output(kind: str, path: Path, force: bool, fonts: dict) -> None:
        """Refuse a bad target and a missing font before anything is issued."""
        fmt = output.format_of(kind, path)
        output.check_target(path, force)
        if fmt == "pdf":
            from ..reports.fonts import load_fonts
            load_fonts(fonts)

    # ------------------------------------------------------------ 督办单

    def _task_state(self, task_ref, as_of: date) -> dict:
        task = self.ledger.task(task_ref)                     # NotFoundError names the ref
        return self.status.evaluate_tasks([task], as_of)[0]

    def notice_data(self, task_ref, today=None, *, doc_no: str | None = None, demand: str | None = None,
                    reply_days: int = 7, colour: str | None = None, issue: bool = False) -> NoticeSheet:
        """The 督办单 of one task as data (nothing is written).

        :param task_ref: task id (``#12``) or seq
        :param today: the issue day (default: today)
        :param doc_no: 文号; default: the next 督办〔YYYY〕N号 of today's year
        :param demand: 督办要求; default: the colour's template
        :param reply_days: reply within this many calendar days
        :param colour: force 'blue' | 'yellow' | 'red'; default: the rules' colour; an
            unreported task (未按时报送进展) gets yellow when the rules give none
        :param issue: number it (the next 文号); else a draft with the 文号 blank
        :raises InputError: the task needs no 督办单 and no colour was given
        """
        as_of = _today(today)
        if reply_days < 0:
            raise InputError("反馈天数不能为负数。", field="反馈天数")
        state = self._task_state(task_ref, as_of)
        rule_colour = state.get("notice_colour")
        if colour is not None and colour not in NOTICE_COLOUR_NAMES:
            raise InputError(f"督办单颜色应为 blue、yellow 或 red，而不是「{colour}」。", field="颜色")
        chosen = colour or rule_colour
        if chosen is None and state.get("status") == "未报送":
            chosen = "yellow"                         # 未按时报送进展: near and unreported is yellow
        if chosen is None:
            raise InputError(
                f"{task_label(state)}截至 {as_of.isoformat()} 为「{state.get('status')}」，"
                "按督办规则无需发督办单（督办单只发给完成时限临近、欠进度、逾期或未报送进展的任务）。"
                "如确需督办，请指定颜色（命令行加 --colour blue|yellow|red）。")
        settings = self._report_settings()
        ident = OfficeIdentity.from_settings(settings)
        reply_by = as_of + timedelta(days=reply_days)
        line = rdata.task_line(state)
        if demand is None:
            # the words follow the task's facts, whatever colour was chosen
            reason = DEMAND_TEMPLATES[wording.reason(line)]
            template = (settings.get(f"report.notice_demand.{reason}")
                        or _template_file(f"notice_demand_{reason}.txt"))
            demand = "\n".join(rdata.fill_template(template, wording.notice_values(line, as_of, reply_by)))
        draft = doc_no is None and not issue
        if doc_no is None and issue:
            doc_no = rdata.next_doc_no(as_of.year, reports_state.doc_nos_of_year(self.db, as_of.year))
        history = [f"{n['doc_no']}（{NOTICE_COLOUR_NAMES.get(n['colour'], n['colour'])}，"
                   f"{wording.cn_date(date.fromisoformat(n['issued_on']))}）"
                   for n in reports_state.notices_of_task(self.db, state["id"])
                   if n["issued_on"] <= as_of.isoformat()]
        return rdata.build_notice(state, colour=chosen, doc_no=doc_no or "", demand=demand, issued_on=as_of,
                                  reply_by=reply_by, office=ident.name, contact=ident.contact,
                                  phone=ident.phone, draft=draft, history=history)

    def issue_notice(self, task_ref, today=None, **kw) -> tuple[NoticeSheet, int]:
        """Record a 督办单 as issued (notices table, with what it printed) and return it.

        Takes the arguments of :meth:`notice_data`.
        :raises DuplicateError: the 文号 was used already
        """
        sheet = self.notice_data(task_ref, today, issue=True, **kw)
        sheet.draft = False
        if reports_state.notice_by_doc_no(self.db, sheet.doc_no) is not None:
            raise DuplicateError(f"文号「{sheet.doc_no}」已用于另一份督办单，未作改动。")
        task = self.ledger.task(task_ref)
        with self.db.atomic():
            nid = reports_state.insert_notice(self.db, task["id"], {
                "doc_no": sheet.doc_no, "colour": sheet.colour,
                "issued_on": sheet.issued_on.isoformat(),
                "reply_by": sheet.reply_by.isoformat() if sheet.reply_by else None,
                "demand": sheet.demand,
                "snapshot": rdata.notice_to_dict(sheet),
            })
        return sheet, nid

    def notices(self, task_ref=None) -> list[dict]:
        """Issued 督办单, of one task or all; each with ``task_label`` (「《plan》第12项」)."""
        if task_ref is None:
            rows = reports_state.list_notices(self.db)
        else:
            rows = reports_state.notices_of_task(self.db, self.ledger.task(task_ref)["id"])
        labels: dict[int, str] = {}
        for n in rows:
            if n["task_id"] not in labels:
                labels[n["task_id"]] = task_label(self.ledger.task(f"#{n['task_id']}"))
            n["task_label"] = labels[n["task_id"]]
        return rows

    def print_notice(self, task_ref, path, today=None, *, issue: bool = False, force: bool = False,
                     fmt: str = "pdf", **kw
                     ) -> tuple[Path, NoticeSheet, int | None]:
        """Write a 督办单 as PDF or Word (by the suffix); with ``issue`` it is recorded
        (and numbered) first.  ``path`` may be a folder (default file name).

        :returns: (path, the sheet printed, the notice id when issued)
        """
        fonts = self._font_settings()
        target = Path(path)
        if target.is_dir():                   # the name carries the 文号 it will get
            target = target / output.default_name("notice", self.notice_data(task_ref, today, issue=issue, **kw),
                                                  fmt)
        self._check_output("notice", target, force, fonts)
        if issue:           # the 督办单 row commits only after its document is in place
            with self.db.atomic():
                sheet, nid = self.issue_notice(task_ref, today, **kw)
                return output.render("notice", sheet, target, fonts, force), sheet, nid
        sheet = self.notice_data(task_ref, today, **kw)
        return output.render("notice", sheet, target, fonts, force), sheet, None

    # ------------------------------------------------------------ 台账

    def ledger_data(self, unit: str | None = None, today=None) -> LedgerReport:
        """The ledger (台账) of all tasks, or of one unit's (led or assisted), as data.

        :param unit: a unit name or alias
        :param today: status as of this day (default: today)
        """
        as_of = _today(today)
        subtitle = "全部"
        if unit:
            unit = self.ctx.resolve_unit(unit)[1]
        states = self.status.task_states(as_of, unit=unit)
        if unit:
            led = sum(1 for s in states if unit in (s.get("lead") or []))
            subtitle = f"{unit}（牵头{led}项，协办{len(states) - led}项）"
        years = sorted({s.get("plan_year") for s in states if s.get("plan_year")})
        year = years[-1] if years else as_of.year
        settings = self._report_settings()
        rnd = self.status.status_round(as_of)
        return rdata.build_ledger(states, title=f"{year}年政府工作报告重点任务推进台账",
                                  subtitle=subtitle, as_of=as_of, office=self._office(settings),
                                  unit=unit or "", status_period=rnd.period if rnd else "")

    def print_ledger(self, path, unit: str | None = None, today=None, *, force: bool = False,
                     fmt: str = "pdf", **options) -> tuple[Path, LedgerReport]:
        """Write the 台账 as PDF or Excel (by the suffix; ``path`` may be a folder).

        :param options: Excel only: ``columns`` (see ``xlsx_out.COLUMNS``), ``per_unit_sheets``
        """
        fonts = self._font_settings()
        target = Path(path)
        report = self.ledger_data(unit, today)
        if target.is_dir():
            target = target / output.default_name("ledger", report, fmt)
        self._check_output("ledger", target, force, fonts)
        return output.render("ledger", report, target, fonts, force, **options), report


# ---------------------------------------------------------------- demo


def _demo_report_settings(tracker, plan_id) -> str:
    """The demo is 潜江's 2023 list, so its 通报 carry 潜江's office name."""
    for key, value in (("office.name", "潜江市人民政府督查室"), ("office.short", "市政府督查室"),
                       ("report.to", "各镇、处、区，市政府各部门"),
                       ("report.issuer", "潜江市人民政府办公室"),
                       ("report.cc", "市委办公室，市人大常委会办公室，市政协办公室")):
        store.set_setting(tracker.db, key, value)
    return ""


if _demo_report_settings not in DEMO_STEPS:
    DEMO_STEPS.append(_demo_report_settings)
