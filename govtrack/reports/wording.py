"""The sentences a report prints about facts: dates, deadlines, 序时进度, why a task is chased.

A 督办单 or a 通报 is signed by a leader, so every sentence must be true of the
task on the day printed, whatever colour the office chose: a red slip for a
task due in December says how many days are left, not "已超过完成时限".  These
functions take the facts (a :class:`~.model.TaskLine` and the report day) and
return the words; the layouts (PDF, Word, Excel) only place them.
"""

from __future__ import annotations

from govtrack.periods import period_label

from datetime import date

from govtrack.reports.model import LONG_TERM, TaskLine

#: The 督办 reasons, in the order they win when several apply.
OVERDUE, BEHIND, NOT_REPORTED, NEAR, CHASE = "逾期", "欠进度", "未报送", "临期", "督办"

#: What each reason is called on the slip (事由).
REASON_LABEL = {
    OVERDUE: "逾期未完成", BEHIND: "进度滞后于序时进度", NOT_REPORTED: "未按时报送进展",
    NEAR: "完成时限临近", CHASE: "需加快推进",
}

#: What each report category means, printed as the legend of a 通报 (the colours follow it).
LEGEND = {
    "已完成": "进度达到100%或已销号",
    "超进度": "进度超过序时进度{tol}个百分点以上",
    "达进度": "进度不低于序时进度减{tol}个百分点",
    LONG_TERM: "长期坚持、无完成时限的任务，不计序时进度",
    "欠进度": "进度低于序时进度{tol}个百分点以上",
    "逾期": "已过完成时限仍未完成",
    "未报送": "本期未报送进展",
}


def cn_date(d: date | None) -> str:
    """2023-06-26 → 2023年6月26日 ('' for None)."""
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


def as_of_phrase(d: date) -> str:
    """截至2023年6月26日: the true day the figures are taken on, never "6月底"."""
    return f"截至{cn_date(d)}"


def pct(value: float | None) -> str:
    """49.6 → 49.6%, 50.0 → 50%; '' for None."""
    if value is None:
        return ""
    return f"{value:.0f}%" if abs(value - round(value)) < 0.05 else f"{value:.1f}%"


def tol(value: float) -> str:
    return f"{value:g}"


def legend(tolerance: float) -> dict[str, str]:
    return {k: v.replace("{tol}", tol(tolerance)) for k, v in LEGEND.items()}


def rule_sentence(as_of: date, year_expected: float | None, tolerance: float) -> str:
    """The 序时 and tolerance behind 欠进度, stated so a reader can check a figure."""
    head = f"序时进度按任务起始日至完成时限的时间进度计算（{as_of_phrase(as_of)}，全年任务的序时进度为{pct(year_expected)}）" \
        if year_expected is not None else "序时进度按任务起始日至完成时限的时间进度计算"
    return (f"{head}；进度低于序时进度{tol(tolerance)}个百分点以上的计为欠进度，"
            f"长期坚持类任务无序时进度，单列为{LONG_TERM}。")


def reason(task: TaskLine) -> str:
    """Why the task is chased, from its facts alone (not from the colour chosen)."""
    if task.status == "逾期":
        return OVERDUE
    if task.status == "欠进度":
        return BEHIND
    if task.status == "未报送" or not task.reported:
        return NOT_REPORTED
    if task.days_left is not None and task.days_left >= 0 and task.status != "已完成":
        return NEAR if task.days_left <= 31 else CHASE
    return CHASE


def deadline_fact(task: TaskLine, as_of: date) -> str:
    """完成时限 and where the day stands: '完成时限为2023年12月31日，距完成时限还有61天'."""
    if task.deadline is None:
        return f"该任务为{task.deadline_text or '长期坚持'}类任务，无完成时限"
    days = (task.deadline - as_of).days
    head = f"完成时限为{cn_date(task.deadline)}"
    if days > 0:
        return f"{head}，距完成时限还有{days}天"
    if days == 0:
        return f"{head}，今天到期"
    if task.status == "已完成":
        return f"{head}，已完成"
    return f"{head}，已超过完成时限{-days}天仍未完成"


def progress_fact(task: TaskLine) -> str:
    """'目前进度为45%（2023年9月报送），低于序时进度83%' — or that no progress was reported."""
    if task.percent is None:
        return "至今未报送进展"
    when = f"（{period_label(task.report_period)}报送）" if task.report_period else ""
    text = f"目前进度为{pct(task.percent)}{when}"
    if task.expected is not None:
        gap = task.expected - task.percent
        if gap > 0.05:
            text += f"，低于序时进度（{pct(task.expected)}）{gap:.1f}个百分点".replace(".0个", "个")
        else:
            text += f"，序时进度为{pct(task.expected)}"
    if not task.reported:
        text += "，本期未按时报送进展"
    return text


def notice_facts(task: TaskLine, as_of: date) -> str:
    """The facts paragraph of a 督办单: deadline and progress as they are on ``as_of``."""
    return f"{as_of_phrase(as_of)}，该任务{deadline_fact(task, as_of)}；{progress_fact(task)}。"


def notice_values(task: TaskLine, as_of: date, reply_by: date | None) -> dict:
    """Placeholders of a 督办要求 template (resources/templates/notice_demand_*.txt)."""
    return {
        "deadline": task.deadline_label or "未定",
        "percent": task.percent_label,
        "expected": pct(task.expected) or "—",
        "reply_by": cn_date(reply_by) if reply_by else "规定时限",
        "status": task.category, "seq": task.seq, "today": cn_date(as_of),
        "days_left": "" if task.days_left is None else abs(task.days_left),
        "facts": notice_facts(task, as_of),
    }


def percent_as_of(task: TaskLine, status_period: str = "") -> str:
    """45%, with the period when the figure is older than the period due: '77%（2023年9月）'."""
    if task.percent is None:
        return "未报送"
    text = pct(task.percent)
    if task.report_period and status_period and task.report_period < status_period:
        text += f"（{period_label(task.report_period)}）"
    return text


def issue_no_label(issue_no: str, draft: bool) -> str:
    """第3期 once issued; a draft prints '第  期' (the number is given when it is issued)."""
    return issue_no if (issue_no and not draft) else "第　　期"


def doc_no_label(doc_no: str, draft: bool, year: int) -> str:
    """督办〔2023〕3号 once issued; a draft prints '督办〔2023〕  号'."""
    return doc_no if (doc_no and not draft) else f"督办〔{year}〕　　号"


def seq_list(seqs: list[str], limit: int = 12) -> str:
    """'第3、12、15项' (at most ``limit`` numbers, then 等N项)."""
    seqs = [s for s in seqs if s]
    if not seqs:
        return ""
    shown = "、".join(seqs[:limit])
    return f"第{shown}项" + (f"等{len(seqs)}项" if len(seqs) > limit else "")


def units_with_tasks(tasks: list[TaskLine]) -> list[tuple[str, list[str]]]:
    """Lead units of ``tasks`` with their task numbers, most tasks first."""
    by: dict[str, list[str]] = {}
    for t in tasks:
        for u in (t.lead or ["未明确牵头单位"]):
            by.setdefault(u, []).append(t.seq)
    return sorted(by.items(), key=lambda kv: (-len(kv[1]), kv[0]))


def named_units_sentence(label: str, tasks: list[TaskLine]) -> str:
    """'欠进度任务24项，涉及市发改委（第3、5项）、市财政局（第8项）等12个单位。'"""
    if not tasks:
        return f"本期无{label}任务。"
    groups = units_with_tasks(tasks)
    shown = "、".join(f"{u}（{seq_list(s, 6)}）" for u, s in groups[:8])
    more = f"等{len(groups)}个单位" if len(groups) > 8 else ""
    return f"{label}任务{len(tasks)}项，涉及{shown}{more}。"
