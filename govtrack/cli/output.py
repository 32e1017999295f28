"""How the command line prints: JSON for scripts, the task fields every listing shares."""

from __future__ import annotations

import json

TASK_KEYS = ("id", "seq", "section", "content", "lead", "assist", "deadline", "deadline_text",
             "lead_official", "target", "plan_id", "closed_on")
VERDICT_KEYS = ("status", "light", "percent", "expected", "notice_colour")


def print_json(obj) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=2, default=str))


def task_json(t: dict) -> dict:
    out = {k: t.get(k) for k in TASK_KEYS}
    for extra in VERDICT_KEYS:
        if extra in t:
            out[extra] = t[extra]
    return out


def add_scope_arguments(parser) -> None:
    """``--plan ID`` / ``--year Y``: which plans a command covers (default: the day's year)."""
    parser.add_argument("--plan", help="只看该计划（编号见 govtrack plans）")
    parser.add_argument("--year", type=int, help="该年度的全部在用计划")
