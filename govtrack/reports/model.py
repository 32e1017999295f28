"""Plain dataclasses that the PDF layout takes: the content of each printed report.

The data layer (reports/data.py, from the rules' verdicts) fills these from the
database; the layout (reports/pdf.py) only reads them.  Keeping them free of
reportlab and sqlite lets the data be tested without drawing anything and the
layout be tested without a database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

#: Status names, in the order reports list them.
STATUS_ORDER = ("已完成", "超进度", "达进度", "欠进度", "逾期", "未报送")

#: What a report calls a long-term task (长期坚持, no 序时进度): the rules count it
#: as 达进度, but saying a task without a timetable is "on schedule" is not true,
#: so reports list it in a category of its own.
LONG_TERM = "长期推进"

#: The categories a report prints, in order: the statuses with 长期推进 split off 达进度.
REPORT_ORDER = ("已完成", "超进度", "达进度", LONG_TERM, "欠进度", "逾期", "未报送")

#: Default light for each status, used when a TaskLine has no light set.
STATUS_LIGHT = {
    "已完成": "green", "超进度": "green", "达进度": "green",
    "欠进度": "yellow", "逾期": "red", "未报送": "yellow", LONG_TERM: "green",
}


def report_category(status: str, deadline, expected) -> str:
    """The report category of a task: its status, or 长期推进 for a long-term task on track."""
    if status == "达进度" and deadline is None and expected is None:
        return LONG_TERM
    return status


@dataclass
class TaskLine:
    """One task as a report shows it, with its latest progress."""

    seq: str
    content: str
    section: str = ""
    lead: list[str] = field(default_factory=list)
    assist: list[str] = field(default_factory=list)
    deadline: date | None = None
    deadline_text: str = ""          # the phrase as written (6月底前, 长期坚持)
    percent: float | None = None     # latest reported percent, None if never reported
    expected: float | None = None    # 序时进度 on the report date
    status: str = "未报送"
    light: str = "green"             # 'green' | 'yellow' | 'red'
    problems: str = ""               # 存在问题
    progress_text: str = ""          # 进展情况
    report_period: str = ""          # 'YYYY-MM' of the report the percent comes from
    id: int | None = None
    next_steps: str = ""             # 下步打算
    leader: str = ""                 # 责任领导 (lead_official)
    plan_title: str = ""             # 任务来源: the plan's title
    reported_on: date | None = None  # 报送日期 of the latest report
    days_left: int | None = None     # to the deadline on the report day (negative: overdue)
    reported: bool = True            # reported for the status period

    @property
    def category(self) -> str:
        """The status, or 长期推进 for a long-term task (see :data:`LONG_TERM`)."""
        return report_category(self.status, self.deadline, self.expected)

    @property
    def long_term(self) -> bool:
        return self.deadline is None

    @property
    def deadline_label(self) -> str:
        """What to print in a 完成时限 cell: the date (2023年9月30日), else the phrase (长期坚持)."""
        if self.deadline:
            return f"{self.deadline.year}年{self.deadline.month}月{self.deadline.day}日"
        return self.deadline_text or ""

    @property
    def percent_label(self) -> str:
        """What to print in a 最新进度 cell: 45%, or 未报送."""
        if self.percent is None:
            return "未报送"
        return f"{self.percent:.0f}%"


@dataclass
class UnitLine:
    """One lead unit's row in the monthly per-unit table."""

    unit: str
    led: int = 0                 # tasks this unit leads
    done: int = 0                # 已完成
    behind: int = 0              # 欠进度
    overdue: int = 0             # 逾期
    reported_on_time: bool = True
    total: int | None = None     # all tasks assigned (lead + assist), if known
    ahead: int = 0               # 超进度
    on_track: int = 0            # 达进度 (long-term tasks not included)
    long_term: int = 0           # 长期推进
    not_reported: int = 0        # 未报送 (status)
    late: int = 0                # 迟报: reported for the period, but after its due day
    rank: int | None = None      # by :attr:`rate`, 1 = best
    rank_change: int | None = None   # places gained since the last issued 通报 (+ up, − down)

    @property
    def normal(self) -> int:
        """Tasks going as they should: done, ahead, on track or long-term."""
        return self.done + self.ahead + self.on_track + self.long_term

    @property
    def rate(self) -> float:
        """正常推进率: the share (0–100) of led tasks going as they should."""
        return self.normal * 100 / self.led if self.led else 0.0


@dataclass
class ChartBar:
    """One bar group of the monthly chart: a section or a unit and its counts."""

    label: str
    done_share: float | None = None                      # 0–100, drawn if counts is empty
    counts: dict[str, int] = field(default_factory=dict)  # status → tasks


@dataclass
class IndicatorLine:
    """A 主要预期目标 row: the target and the latest actual value."""

    name: str
    target: str
    actual: str = ""
    note: str = ""


@dataclass
class MonthlyReport:
    """The monthly 督查通报: what the office reports to the leaders each month."""

    office: str                      # 潜江市人民政府督查室
    issue_no: str                    # 第10期; '' on a draft (printed 第  期)
    title: str                       # 2023年10月政府工作报告重点任务推进情况督查通报
    period: str                      # 'YYYY-MM'
    date: date                       # date of issue
    counts: dict[str, int] = field(default_factory=dict)  # status → tasks (= ``status --json``)
    total: int = 0
    categories: dict[str, int] = field(default_factory=dict)  # REPORT_ORDER → tasks (长期推进 apart)
    per_unit: list[UnitLine] = field(default_factory=list)
    chart: list[ChartBar] = field(default_factory=list)
    chart_title: str = "各板块任务完成情况"
    lagging: list[TaskLine] = field(default_factory=list)   # 欠进度
    overdue: list[TaskLine] = field(default_factory=list)   # 逾期
    requirements: list[str] = field(default_factory=list)   # 下步工作要求, one paragraph each
    copy_to: str = ""                # 抄送
    printed_by: str = ""             # 印发 office, defaults to ``office``
    printed_on: date | None = None   # 印发 date, defaults to ``date``
    masthead: str = "督查通报"
    indicators: list[IndicatorLine] = field(default_factory=list)
    opening: str = ""                # optional first paragraph written by staff
    changes: str = ""                # 较上期 sentence (what changed since the last issued 通报)
    draft: bool = True               # not issued: marked 草稿, no 期号
    addressee: str = ""              # 主送
    tolerance: float = 10.0          # points behind 序时进度 that still count as 达进度
    year_expected: float | None = None   # 序时进度 of a whole-year task on the report day
    newly_done: list[str] = field(default_factory=list)      # task seqs done since the last 通报
    newly_overdue: list[str] = field(default_factory=list)   # task seqs overdue since then
    previous_period: str = ""        # period of the last issued 通报
    not_reported_list: list[TaskLine] = field(default_factory=list)   # 未报送
    legend: dict[str, str] = field(default_factory=dict)     # category → what it means
    praise: list[str] = field(default_factory=list)          # units praised (settings report.praise)
    remind: list[str] = field(default_factory=list)          # units reminded (settings report.remind)

    @property
    def total_tasks(self) -> int:
        return self.total or sum(self.counts.values())


@dataclass
class NoticeSheet:
    """A 督办单 for one task: blue = deadline near, yellow = behind, red = overdue."""

    doc_no: str                      # 督办〔2023〕12号
    colour: str                      # 'blue' | 'yellow' | 'red'
    task: TaskLine
    demand: str                      # 督办要求
    reply_by: date | None = None     # 反馈时限
    issued_on: date | None = None
    office: str = ""
    contact: str = ""                # 联系人, optional
    phone: str = ""                  # 联系电话, optional
    draft: bool = True               # not issued: marked 草稿, 文号 blank
    addressee: str = ""              # the lead unit(s), printed "市国资委："
    facts: str = ""                  # what the task's facts are on the issue day (wording.py)
    history: list[str] = field(default_factory=list)   # earlier slips: "督办〔2023〕3号（黄色，2023年9月30日）"
    reason: str = ""                 # why this colour: 逾期 / 欠进度 / 临期 / 未按时报送进展


@dataclass
class LedgerReport:
    """The task ledger (台账) on landscape pages, grouped by section in order."""

    title: str
    subtitle: str = "全部"           # a unit name, or 全部
    as_of: date | None = None
    tasks: list[TaskLine] = field(default_factory=list)
    office: str = ""
    unit: str = ""                   # the unit of a unit's ledger ('' for all)
    status_period: str = ""          # the period reports are due for on ``as_of``
