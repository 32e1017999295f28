"""What the 录入进展 grid shows for one unit and one period: the unit's tasks in the plans of
the period's year, its role (牵头/协办), the plan, what it reported last period, what it
reported for this period, and what the other units on the task reported for it.

One call (:func:`progress_grid`) so the window computes nothing itself; the ledger's tooltip
asks :func:`period_reports` for every unit's report of a task's latest period.
"""

from __future__ import annotations

from ..errors import InputError


def default_period(tracker, today) -> str:
    """The period the grid opens on: the current reporting round (one rule everywhere)."""
    rnd = tracker.status.current_round(today)
    if rnd is None:
        raise InputError("没有可录入的报送轮次（请检查「设置」中的报送规则）。", field="报送规则")
    return rnd.period


def progress_grid(tracker, unit: str, period: str) -> list[dict]:
    """Rows: task, role ('牵头'/'协办'), plan (title), previous {period, percent} or None,
    current (this unit's row for ``period`` or {}), others: [{unit, role, percent, text}]
    (the other units' reports for ``period``, the lead's first)."""
    uid, name = tracker.ledger.ctx.resolve_unit(unit)
    try:
        year = int(str(period)[:4])
    except ValueError:
        raise InputError(f"报送期「{period}」应为 YYYY-MM。", field="报送期") from None
    ids = tracker.ledger.scope(year=year)
    tasks = tracker.ledger.tasks(unit=name, plan_ids=ids)
    plans = {p["id"]: p["title"] for p in tracker.plans.plans()}
    current = tracker.ledger.unit_progress(name, period)
    out = []
    for t in tasks:
        hist = tracker.progress.progress_history(t["id"])
        mine = [h for h in hist if h.get("unit") == name and h["period"] < period]
        prev = max(mine, key=lambda h: h["period"], default=None)
        others = [{"unit": h["unit"], "role": "牵头" if h["unit"] in t["lead"] else "协办",
                   "percent": h.get("percent"), "text": h.get("progress_text") or ""}
                  for h in hist if h["period"] == period and h.get("unit") != name
                  and not h.get("carried_from")]
        others.sort(key=lambda o: o["role"] != "牵头")
        out.append({"task": t, "role": "牵头" if name in t["lead"] else "协办",
                    "plan": plans.get(t["plan_id"], ""),
                    "previous": {"period": prev["period"], "percent": prev.get("percent")} if prev else None,
                    "current": current.get(t["id"], {}), "others": others})
    return out


def period_reports(tracker, task_ref, period: str | None = None) -> dict:
    """Every unit's report of one task for ``period`` (default: the latest period with a
    report): ``period`` and ``reports`` [{unit, role, percent, text}], the lead's first."""
    task = tracker.ledger.task(task_ref)
    hist = [h for h in tracker.progress.progress_history(task["id"]) if not h.get("carried_from")]
    if period is None:
        period = max((h["period"] for h in hist), default=None)
    reports = [{"unit": h["unit"], "role": "牵头" if h["unit"] in task["lead"] else "协办",
                "percent": h.get("percent"), "text": h.get("progress_text") or ""}
               for h in hist if h["period"] == period]
    reports.sort(key=lambda r: r["role"] != "牵头")
    return {"period": period, "reports": reports}
