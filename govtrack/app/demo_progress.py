"""Demo progress for the demo database: January–October 2023 reports for the 136 潜江 tasks.

Why: a fresh install should show a ledger that looks like a real one in its
tenth month — most tasks on schedule, some behind (欠进度), a few overdue (逾期),
a few that never reported (未报送), late units to chase (催报) — so the status,
reminders, reports and window have something real to show. Everything is
deterministic (seeded by the task's 序号 and the unit's name, never by the
clock), so tests can hand-check the figures, and every row carries
``source='demo'`` in a plan marked ``is_demo``.

The story, by task 序号 (fixed here so the tests can name them):

- 95, 97 have 完成时限 6月底前 / 9月底前 and finish in time; 96 (6月底前) and
  98, 118 (9月底前) do not, so they are 逾期 from 1 Jul / 1 Oct;
- 9 and 133 are 长期坚持 (no deadline);
- 55, 108, 125, 135 never report;
- 12 and 119 have 节点 (milestones), and their reports follow them;
- every other task gets a profile from its seed: on schedule (most), ahead,
  behind, badly behind; some skip a month or start late.

Reports are dated around each month's due day (the 25th, moved to the previous
working day); about one unit-month in six comes in a few days late.
"""

from __future__ import annotations

import random
import re
import zlib
from datetime import date, timedelta

from .demo import DEMO_STEPS
from ..rules import Milestone, expected_percent, is_workday, previous_workday, reporting_due_dates
from ..store import ledger
from ..store import progress as progress_store
from ..store import rules_state

YEAR = 2023
MONTHS = range(1, 11)                    # January–October 2023
EARLY_DEADLINES = {                      # seq → (deadline phrase, deadline, final percent)
    "95": ("6月底前", date(2023, 6, 30), 100),
    "96": ("6月底前", date(2023, 6, 30), 85),
    "97": ("9月底前", date(2023, 9, 30), 100),
    "98": ("9月底前", date(2023, 9, 30), 80),
    "118": ("9月底前", date(2023, 9, 30), 70),
}
LONG_TERM = {"9": "长期坚持", "133": "长期坚持"}
NEVER_REPORTED = {"55", "108", "125", "135"}
MILESTONES = {                           # seq → [(title, due, percent, done date)]
    "12": [("长飞五期主体厂房封顶", date(2023, 5, 31), 40, date(2023, 5, 26)),
           ("中巨芯一期设备安装调试", date(2023, 9, 30), 80, None)],
    "119": [("园林六小主体工程完工", date(2023, 6, 30), 50, date(2023, 6, 28)),
            ("潜江中学新校区秋季开学投用", date(2023, 8, 31), 85, date(2023, 8, 30))],
}

_VERB_PREFIX = re.compile(r"^(进一步|全力|扎实|深入|大力|积极|着力|持续|继续|全面|稳步|稳妥|加快|加强|"
                          r"加大|推进|推动|推深|做实|实施|落实|坚持|严格|强化|有序|高质量|高标准|逐步|"
                          r"不断|切实|重拳|精心|统筹|突出|发挥|支持|完善|建立|组织|开展|用好)+")
_FRAME = re.compile(r"^(以|围绕|对标|立足|依托|按照|聚焦|坚持以|针对)")

PROBLEMS_BEHIND = ["项目前期手续办理周期较长，影响整体进度。", "资金到位不及时，部分工程推进偏慢。",
                   "涉及多个部门协调，推进合力有待加强。", "受征地拆迁影响，施工进度滞后于计划。",
                   "项目招商落地不及预期，部分指标完成压力较大。"]
PROBLEMS_OK = ["暂无。", "部分环节协调难度较大。", "要素保障压力较大，需持续跟进。", "暂无。"]


def _rng(*parts: str) -> random.Random:
    return random.Random(zlib.crc32("|".join(("govtrack-demo",) + parts).encode("utf-8")))


def topic(content: str) -> str:
    """A short name of what a task is about, from its own text, for the units' sentences.

    >>> topic("深入落实河湖长制，统筹上下游、干支流、左右岸，守住水环境安全底线。")
    '河湖长制'
    """
    frags, buf, depth = [], "", 0
    for ch in content:          # split at clause marks, but not inside “quotes”
        depth += (ch == "“") - (ch == "”")
        if ch in "，。；：,;" and depth <= 0:
            frags.append(buf.strip())
            buf, depth = "", 0
        else:
            buf += ch
    frags = [f for f in frags + [buf.strip()] if f]
    candidates = [f for f in frags if not _FRAME.match(f)] + [f for f in frags if _FRAME.match(f)]
    for frag in candidates:
        pick = _short_topic(frag)
        if len(pick) >= 4 and pick.count("“") == pick.count("”"):
            return pick
    return _short_topic(candidates[0] if candidates else content).replace("“", "").replace("”", "")


def _short_topic(frag: str) -> str:
    pick = _VERB_PREFIX.sub("", frag).lstrip("和与及") or frag
    if len(pick) > 18:
        cut = max(pick.rfind("、", 0, 18), pick.rfind("和", 0, 18))
        close = pick.rfind("”", 0, 18)
        pick = pick[:cut] if cut >= 6 else pick[:close + 1] if close >= 6 else pick[:18]
        if pick.count("“") != pick.count("”"):
            pick = pick[:pick.rfind("“")]
    return pick.rstrip("、和与及")


def _report_day(unit: str, month: int, due: date) -> date:
    """When a unit sent its report for a month: by the due day, sometimes a few days late."""
    r = _rng("date", unit, str(month))
    if r.random() < 0.16:
        d = due + timedelta(days=r.randint(1, 4))
        while not is_workday(d):
            d += timedelta(days=1)
        return d
    return previous_workday(due - timedelta(days=r.choice([0, 0, 1, 2, 3, 4])))


def _profile(seq: str) -> tuple[str, float]:
    r = _rng("profile", seq)
    x = r.random()
    if x < 0.12:
        return "behind", r.uniform(0.55, 0.72)
    if x < 0.17:
        return "badly_behind", r.uniform(0.28, 0.45)
    if x < 0.25:
        return "ahead", r.uniform(1.15, 1.35)
    return "on_track", r.uniform(0.93, 1.08)


def _texts(task: dict, subject: str, pct: float, rep_day: date, profile: str, r: random.Random,
           lead_name: str | None = None) -> tuple[str, str, str]:
    p = f"{pct:g}"
    when = f"截至{rep_day.month}月{rep_day.day}日"
    if lead_name:  # an assisting unit speaks of its part
        text = (f"配合{lead_name}做好{subject}相关工作，{when}，已完成职责范围内的"
                + r.choice(["资料收集和数据报送", "现场协调和要素保障", "审批事项办理"]) + "等工作。")
        return text, "暂无。", f"继续配合牵头单位推进{subject}，按要求及时报送相关情况。"
    if pct >= 100:
        text = f"{subject}已全面完成，相关资料已整理归档，申请销号。"
    elif pct < 25:
        text = r.choice([f"已启动{subject}相关工作，制定工作方案并分解任务，{when}累计完成年度任务的{p}%。",
                         f"{subject}前期工作正在推进，已完成调研摸底，{when}累计完成{p}%。"])
    elif pct < 65:
        text = r.choice([f"已完成{subject}的前期工作，进入全面实施阶段，{when}累计完成年度任务的{p}%。",
                         f"{subject}有序推进，阶段性目标基本实现，{when}累计完成{p}%。"])
    else:
        text = r.choice([f"{subject}进展顺利，主体工作基本完成，正在推进扫尾，{when}累计完成{p}%。",
                         f"{subject}已完成大部分年度任务，{when}累计完成年度任务的{p}%。"])
    if pct >= 100:
        problems = "无。"
    elif profile in ("behind", "badly_behind") or pct < 60 and rep_day.month >= 9:
        problems = r.choice(PROBLEMS_BEHIND)
    else:
        problems = r.choice(PROBLEMS_OK)
    if pct >= 100:
        nxt = "做好成果巩固和总结评估工作。"
    else:
        partners = f"加强与{'、'.join(task['assist'][:2])}的沟通协调，" if task["assist"] else ""
        due_words = task.get("deadline_text") or "年底前"
        nxt = partners + r.choice([f"加快推进{subject}，确保{due_words}完成年度目标。",
                                   f"倒排工期、挂图作战，确保{subject}按时序推进。"])
    return text, problems, nxt


def add_demo_progress(tracker, plan_id: int) -> str:
    """Write the demo progress for the demo plan (inside build_demo's transaction)."""
    db = tracker.db
    settings = tracker.status.rule_settings()
    due_days = {d.month: d for d in reporting_due_dates("monthly", date(YEAR, 1, 1), date(YEAR, 12, 31))}
    tasks = ledger.query_tasks(db, plan_id=plan_id)
    unit_ids = {u["name"]: u["id"] for u in ledger.list_units(db)}
    n_reports = n_assist = n_late = 0
    start = settings.start_for(YEAR)
    for t in tasks:
        seq = t["seq"]
        if seq in EARLY_DEADLINES:
            phrase, deadline, _ = EARLY_DEADLINES[seq]
            ledger.update_task(db, t["id"], {"deadline_text": phrase, "deadline": deadline.isoformat()})
            t["deadline_text"], t["deadline"] = phrase, deadline.isoformat()
        elif seq in LONG_TERM:
            ledger.update_task(db, t["id"], {"deadline_text": LONG_TERM[seq], "deadline": None})
            t["deadline_text"], t["deadline"] = LONG_TERM[seq], None
        milestones = []
        for title, due, pct, done in MILESTONES.get(seq, ()):
            mid = rules_state.insert_milestone(db, t["id"], title, due.isoformat(), pct,
                                               done.isoformat() if done else None)
            milestones.append(Milestone(due, pct, title, mid, done))
        if seq in NEVER_REPORTED or not t["lead"]:
            continue
        deadline = date.fromisoformat(t["deadline"]) if t["deadline"] else None
        profile, factor = _profile(seq)
        cap = EARLY_DEADLINES[seq][2] if seq in EARLY_DEADLINES else 100
        r = _rng("months", seq)
        first_month = 3 if r.random() < 0.05 else 1
        skip = r.randint(3, 10) if profile == "on_track" and r.random() < 0.1 else None
        assist_reports = bool(t["assist"]) and r.random() < 0.15
        lead = t["lead"][0]
        subject = topic(t["content"])
        last = 0.0
        for m in MONTHS:
            if m < first_month or m == skip:
                continue
            rep_day = _report_day(lead, m, due_days[m])
            if deadline is None:  # long-term: a steady share of the year's work
                base = expected_percent(start, date(YEAR, 12, 31), rep_day)
            else:
                base = expected_percent(start, deadline, rep_day, milestones)
            pct = min(float(cap), max(last, round(base * factor + r.uniform(-3, 3))))
            if seq in EARLY_DEADLINES and m >= deadline.month:
                pct = float(cap)   # the final figure, reached (or not) by the deadline
            pct = max(0.0, min(100.0, pct))
            last = pct
            text, problems, nxt = _texts(t, subject, pct, rep_day, profile, r)
            progress_store.upsert_progress(db, t["id"], unit_ids[lead], f"{YEAR}-{m:02d}", {
                "percent": pct, "progress_text": text, "problems": problems, "next_steps": nxt,
                "reported_on": rep_day.isoformat(), "source": "demo"})
            n_reports += 1
            n_late += rep_day > due_days[m]
            if assist_reports and m in (3, 6, 9):
                helper = t["assist"][0]
                a_pct = max(0.0, pct - r.choice([0, 0, 5, 10]))
                a_day = _report_day(helper, m, due_days[m])
                a_text, a_prob, a_next = _texts(t, subject, a_pct, a_day, profile, r, lead_name=lead)
                progress_store.upsert_progress(db, t["id"], unit_ids[helper], f"{YEAR}-{m:02d}", {
                    "percent": a_pct, "progress_text": a_text, "problems": a_prob, "next_steps": a_next,
                    "reported_on": a_day.isoformat(), "source": "demo"})
                n_assist += 1
    return (f"演示进度：2023年1–10月进度报送 {n_reports + n_assist} 条（牵头单位 {n_reports} 条，"
            f"其中逾期报送 {n_late} 条；协办单位 {n_assist} 条），{len(NEVER_REPORTED)} 项任务从未报送，"
            f"{len(EARLY_DEADLINES)} 项设提前完成时限，{len(MILESTONES)} 项设节点（来源标记为 demo）。")


if add_demo_progress not in DEMO_STEPS:
    DEMO_STEPS.append(add_demo_progress)
