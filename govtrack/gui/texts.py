"""How the window words things: field names, an audit row in words, a reminder line,
the month a form defaults to."""

from __future__ import annotations

import datetime as dt
import json

FIELD_NAMES = {"content": "工作任务", "deadline": "完成时限(日期)", "deadline_text": "完成时限",
               "lead_official": "牵头领导", "note": "备注", "target": "目标", "units": "责任单位",
               "seq": "序号", "section": "章节", "percent": "完成百分比", "progress_text": "进展情况",
               "problems": "存在问题", "next_steps": "下步打算", "closed_on": "销号日期"}

def describe_audit(entry: dict) -> str:
    """What an audit row changed, in words (「完成时限：年底前 → 9月底前」)."""
    before = json.loads(entry["before"]) if entry.get("before") else None
    after = json.loads(entry["after"]) if entry.get("after") else None
    if entry["table_name"] == "task_units":
        return "调整责任单位" if before else "设定责任单位"
    if before is None:
        return "新建"
    parts = []
    for k, v in (after or {}).items():
        if k in ("updated_at", "created_at") or before.get(k) == v:
            continue
        name = FIELD_NAMES.get(k, k)
        old, new = str(before.get(k) or "（空）"), str(v or "（空）")
        if len(old) > 30:
            old = old[:30] + "…"
        if len(new) > 30:
            new = new[:30] + "…"
        parts.append(f"{name}：{old} → {new}")
    return "；".join(parts) or "（无实际变化）"


def reminder_line(r) -> str:
    when, days = r.date.isoformat(), r.days
    rel = "今天" if days == 0 else (f"{days} 天后" if days > 0 else f"已过 {-days} 天")
    return f"[{when}，{rel}] {r.message}"


def current_period(today: dt.date | None = None) -> str:
    today = today or dt.date.today()
    return f"{today.year:04d}-{today.month:02d}"
