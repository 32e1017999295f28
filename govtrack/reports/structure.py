"""What a 督查通报 says, in order, independent of PDF or Word: one home for its structure.

A 通报 as published ones are built: 主送 line; a short body (counts and shares,
the 序时 rule and tolerance, the overdue and lagging units and task numbers
named, what changed since the last issued 通报, 下步工作要求); 附件说明 and the
signature; then 附件1 (the 逾期/欠进度 list) and 附件2 (the unit table with a
合计 row and a ranking).  :func:`monthly_blocks` returns that as a list of
blocks and :func:`task_table` / :func:`unit_table` the tables as rows of text,
so the PDF (reports/pdf.py) and the Word file (reports/docx_out.py) print the
same words and figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from govtrack.reports import wording
from govtrack.reports.model import LONG_TERM, REPORT_ORDER, MonthlyReport, NoticeSheet, TaskLine, UnitLine

ATTACHMENT_TASKS = "逾期和欠进度任务清单"
ATTACHMENT_UNITS = "各牵头单位任务推进情况表"
#: The 状态 cell colour by category: it follows the status (the legend says what each means).
STATUS_FILL = {"已完成": "green", "超进度": "green", "达进度": "green", LONG_TERM: "green",
               "欠进度": "yellow", "逾期": "red", "未报送": "yellow"}
RANK_MEASURE = "正常推进率（已完成、超进度、达进度和长期推进的任务占牵头任务的比例）"


@dataclass
class Block:
    """One piece of a 通报: kind is addressee | p | h1 | h2 | chart | attach_note | signature |
    attachment (new page, 附件N label and title) | table | note."""

    kind: str
    text: str = ""
    table: str = ""                       # 'tasks' | 'units' for kind 'table'
    lines: list[str] = field(default_factory=list)


@dataclass
class Table:
    heads: list[str]
    rows: list[list[str]]
    widths_mm: list[float]                # on the 156 mm block
    total_row: list[str] | None = None
    lights: list[str] = field(default_factory=list)    # per row: the 状态 cell's colour ('' for none)
    aligns: str = ""                      # per column: l | c


def share(n: int, total: int) -> str:
    return f"{n * 100 / total:.1f}%" if total else "0%"


def counts_sentence(report: MonthlyReport) -> str:
    """'已完成10项，占7.4%；超进度1项，占0.7%；…' over the report categories (长期推进 apart)."""
    total = report.total_tasks
    cats = report.categories or {s: report.counts.get(s, 0) for s in REPORT_ORDER}
    parts = []
    for c in REPORT_ORDER:
        n = int(cats.get(c, 0))
        if n or c in ("已完成", "欠进度", "逾期"):
            parts.append(f"{c}{n}项，占{share(n, total)}")
    return "；".join(parts)


def _late_units(report: MonthlyReport) -> tuple[list[UnitLine], list[UnitLine]]:
    late = [u for u in report.per_unit if u.late]
    missing = [u for u in report.per_unit if u.not_reported]
    return late, missing


def reporting_sentence(report: MonthlyReport) -> str:
    """迟报 (reported after the due day) apart from 未报 (nothing reported for the period)."""
    late, missing = _late_units(report)
    n = len(report.per_unit)
    text = f"本期{n}个牵头单位中，"
    if not late and not missing:
        return text + "均按时报送了工作进展。"
    parts = []
    if missing:
        parts.append(f"{len(missing)}个单位有任务未报送进展（"
                     + "、".join(f"{u.unit}{u.not_reported}项" for u in missing[:10])
                     + ("等" if len(missing) > 10 else "") + "）")
    if late:
        parts.append(f"{len(late)}个单位迟报（" + "、".join(u.unit for u in late[:10])
                     + ("等" if len(late) > 10 else "") + "）")
    return text + "；".join(parts) + "。"


def monthly_blocks(report: MonthlyReport) -> list[Block]:
    """The 通报 from 主送 to the attachments, as blocks (the 版头 and 版记 are the layout's)."""
    b: list[Block] = []
    as_of = wording.as_of_phrase(report.date)
    office = report.office or "我室"
    if report.addressee:
        b.append(Block("addressee", report.addressee.rstrip("：:") + "："))
    b.append(Block("p", report.opening or (
        f"为推动政府工作报告确定的各项重点任务落地见效，{office}对{as_of[2:]}各项重点任务的"
        "推进情况进行了督查。现将有关情况通报如下。")))

    b.append(Block("h1", "一、总体推进情况"))
    b.append(Block("p", f"{as_of}，纳入督查的{report.total_tasks}项重点任务中，{counts_sentence(report)}。"
                        + wording.rule_sentence(report.date, report.year_expected, report.tolerance)))
    if report.chart:
        b.append(Block("chart", f"图1　{report.chart_title}"))
    if report.indicators:       # the plan's 主要预期目标 with their latest reported values
        b.append(Block("p", "主要预期目标完成情况：" + "；".join(
            f"{x.name}目标{x.target or '—'}，实际{x.actual or '未报'}" for x in report.indicators) + "。"))

    b.append(Block("h1", "二、存在的主要问题"))
    b.append(Block("h2", "（一）逾期任务。"))
    b.append(Block("p", wording.named_units_sentence("逾期", report.overdue)))
    b.append(Block("h2", "（二）欠进度任务。"))
    b.append(Block("p", wording.named_units_sentence("欠进度", report.lagging)))
    b.append(Block("h2", "（三）进展报送。"))
    b.append(Block("p", reporting_sentence(report)))
    if report.praise or report.remind:
        b.append(Block("h2", "（四）表扬和提醒。"))
        parts = []
        if report.praise:
            parts.append(f"对{'、'.join(report.praise)}予以通报表扬")
        if report.remind:
            parts.append(f"提醒{'、'.join(report.remind)}加快推进、按时报送")
        b.append(Block("p", "；".join(parts) + "。"))

    no = 3
    if report.previous_period:
        b.append(Block("h1", "三、与上期相比"))
        text = report.changes or f"与上期（{wording.period_label(report.previous_period)}通报）相比，各类任务数量没有变化。"
        if report.newly_done:
            text += f"新完成任务{len(report.newly_done)}项（{wording.seq_list(report.newly_done)}）。"
        if report.newly_overdue:
            text += f"新增逾期任务{len(report.newly_overdue)}项（{wording.seq_list(report.newly_overdue)}）。"
        b.append(Block("p", text))
        no = 4
    if report.requirements:
        b.append(Block("h1", f"{'三四'[no - 3]}、下步工作要求"))
        b += [Block("p", para) for para in report.requirements]

    b.append(Block("attach_note", lines=[f"1．{ATTACHMENT_TASKS}", f"2．{ATTACHMENT_UNITS}"]))
    b.append(Block("signature", lines=[report.office, wording.cn_date(report.date)]))

    b.append(Block("attachment", "附件1", lines=[ATTACHMENT_TASKS]))
    if report.overdue or report.lagging:
        b.append(Block("table", table="tasks"))
    else:
        b.append(Block("p", "本期无逾期和欠进度任务。"))
    legend = report.legend or wording.legend(report.tolerance)
    b.append(Block("note", "注：" + "；".join(f"{k}：{legend[k]}" for k in REPORT_ORDER if k in legend)
                   + "。表中“序时”为序时进度。"))
    b.append(Block("attachment", "附件2", lines=[ATTACHMENT_UNITS]))
    b.append(Block("table", table="units"))
    b.append(Block("note", f"注：排名按{RANK_MEASURE}从高到低，同率时逾期少者在前；“较上期”为排名变化"
                           "（↑上升，↓下降）。迟报指本期进展在报送截止日之后报送；未报送按任务计。"
                           "多个单位共同牵头的任务分别计入各单位，合计可能大于任务总数。"))
    return b


def _progress(t: TaskLine) -> str:
    text = t.percent_label
    if t.expected is not None:
        text += f"\n序时{wording.pct(t.expected)}"
    return text


def deadline_cell(t: TaskLine) -> str:
    """完成时限 as a date, broken after the year for a narrow column (not inside 12月)."""
    if t.deadline:
        return f"{t.deadline.year}年\n{t.deadline.month}月{t.deadline.day}日"
    return t.deadline_text or "长期坚持"


def task_table(report: MonthlyReport) -> Table:
    """附件1: the overdue tasks, then the lagging ones."""
    rows, lights = [], []
    for t in list(report.overdue) + list(report.lagging):
        rows.append([t.seq, t.content, "、".join(t.lead), deadline_cell(t), _progress(t), t.category,
                     t.problems or "—"])
        lights.append(STATUS_FILL.get(t.category, ""))
    return Table(["序号", "工作任务", "牵头单位", "完成时限", "最新进度", "状态", "存在问题"], rows,
                 [10, 50, 22, 18, 17, 14, 25], lights=lights, aligns="clcccl" + "l")


def _change(u: UnitLine) -> str:
    if u.rank_change is None:
        return "—"
    if u.rank_change > 0:
        return f"↑{u.rank_change}"
    if u.rank_change < 0:
        return f"↓{-u.rank_change}"
    return "持平"


def unit_table(report: MonthlyReport) -> Table:
    """附件2: one row per lead unit by rank; the status columns add up to 牵头任务; a 合计 row."""
    units = sorted(report.per_unit, key=lambda u: (u.rank or 10 ** 6, -u.led, u.unit))
    rows = []
    for u in units:
        rows.append([str(u.rank or ""), u.unit, str(u.led), str(u.done),
                     str(u.ahead + u.on_track + u.long_term), str(u.behind), str(u.overdue),
                     str(u.not_reported), str(u.late), wording.pct(u.rate), _change(u)])
    tot = {k: sum(getattr(u, k) for u in units) for k in
           ("led", "done", "ahead", "on_track", "long_term", "behind", "overdue", "not_reported", "late")}
    normal = tot["done"] + tot["ahead"] + tot["on_track"] + tot["long_term"]
    total_row = ["", "合计", str(tot["led"]), str(tot["done"]),
                 str(tot["ahead"] + tot["on_track"] + tot["long_term"]), str(tot["behind"]),
                 str(tot["overdue"]), str(tot["not_reported"]), str(tot["late"]),
                 share(normal, tot["led"]), ""]
    return Table(["排名", "牵头单位", "牵头任务", "已完成", "正常推进", "欠进度", "逾期", "未报送", "迟报",
                  "正常推进率", "较上期"], rows, [10, 37, 12, 12, 12, 12, 11, 12, 11, 16, 11],
                 total_row=total_row, aligns="clccccccccc")


def notice_rows(sheet: NoticeSheet) -> list[tuple[str, str]]:
    """The label/value rows of a 督办单 (the PDF prints the same rows)."""
    t = sheet.task
    source = t.plan_title.replace("【演示数据】", "") if t.plan_title else "政府工作报告重点任务"
    progress = [t.progress_text or ("（未报送进展）" if t.percent is None else "")]
    if t.problems:
        progress.append(f"存在问题：{t.problems}")
    lead = "、".join(t.lead) or "—"
    rows = [
        ("任务来源", f"{source}第{t.seq}项" if t.seq else source),
        ("督办任务", t.content),
        ("督办事由", f"{sheet.reason}。{sheet.facts}"),
        ("牵头单位", lead + (f"（责任领导：{t.leader}）" if t.leader else "")),
        ("协办单位", "、".join(t.assist) or "—"),
        ("完成时限", t.deadline_label or "—"),
        ("最新进展", "\n".join(x for x in progress if x) or "—"),
        ("督办要求", sheet.demand),
        ("反馈时限", f"请于{wording.cn_date(sheet.reply_by)}前将办理情况书面反馈（填写下方回执）"
                    if sheet.reply_by else "—"),
    ]
    if sheet.history:
        rows.append(("此前督办", "；".join(sheet.history)))
    contact = "　".join(x for x in (sheet.contact and f"联系人：{sheet.contact}",
                                    sheet.phone and f"电话：{sheet.phone}") if x)
    if contact:
        rows.append(("联系方式", contact))
    return rows


NOTICE_INTRO = "根据政府工作报告重点任务督查安排，现将下列任务交你单位办理，请按要求落实并按时反馈。"


def receipt_rows(sheet: NoticeSheet) -> list[tuple[str, str]]:
    """The 回执 the unit fills in and sends back (办理情况 box, one reply date)."""
    year = sheet.issued_on.year if sheet.issued_on else 0
    return [("督办文号", wording.doc_no_label(sheet.doc_no, sheet.draft, year)
             + f"　　办理单位：{sheet.addressee or ''}"),
            ("办理情况", "\n\n\n"),
            ("负 责 人", "　　　　联系人及电话：　　　　反馈日期：　年　月　日")]


__all__ = ["Block", "Table", "monthly_blocks", "task_table", "unit_table", "counts_sentence",
           "reporting_sentence", "deadline_cell", "notice_rows", "receipt_rows", "LONG_TERM"]
