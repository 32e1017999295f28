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

#: Default light for each status, used when a TaskLine has no light set.
STATUS_LIGHT = {
    "已完成": "green", "超进度": "green", "达进度": "green",
    "欠进度": "yellow", "逾期": "red", "未报送": "yellow",
}


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

    @property
    def deadline_label(self) -> str:
        """What to print in a 完成时限 cell: the phrase, else the date."""
        if self.deadline_text:
            return self.deadline_text
        if self.deadline:
            return f"{self.deadline.year}年{self.deadline.month}月{self.deadline.day}日"
        return ""

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
    issue_no: str                    # 第10期
    title: str                       # 2023年10月政府工作报告重点任务推进情况督查通报
    period: str                      # 'YYYY-MM'
    date: date                       # date of issue
    counts: dict[str, int] = field(default_factory=dict)  # status → tasks
    total: int = 0
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
    contact: str = ""                # 联系人 / 电话, optional


@dataclass
class LedgerReport:
    """The task ledger (台账) on landscape pages, grouped by section in order."""

    title: str
    subtitle: str = "全部"           # a unit name, or 全部
    as_of: date | None = None
    tasks: list[TaskLine] = field(default_factory=list)
    office: str = ""
