"""How a message names a task: its plan and its 序号, never its database id.

A 序号 alone is ambiguous once a database holds two plans (last year's carried over, a
second 方案 of the same year), and a message is often read later, pasted into a chat or
a report, without the screen it came from. So every message names the plan too, always
in the same form, whether one plan or several are active (docs/rules.md, "Messages").
"""

from __future__ import annotations


def plan_label(title: str | None) -> str:
    """A plan's title as a document title: 《…》, a 《》 inside it turned to 〈〉 (GB/T 15834).

    >>> plan_label("【演示数据】2023年《政府工作报告》重点工作任务清单")
    '《【演示数据】2023年〈政府工作报告〉重点工作任务清单》'
    >>> plan_label("《2023年重点任务分解》")
    '《2023年重点任务分解》'
    """
    text = (title or "").strip()
    if text.startswith("《") and text.endswith("》") and text.count("《") == 1:
        text = text[1:-1]
    text = text.replace("《", "〈").replace("》", "〉")
    return f"《{text}》" if text else "（未命名计划）"


def task_label(task: dict) -> str:
    """「《plan》第12项」: the task by its plan and 序号 (a task dict of the ledger: ``seq``,
    ``plan_title``; a task without 序号 by the start of its text).

    >>> task_label({"seq": "12", "plan_title": "2023年重点任务分解", "content": "x"})
    '《2023年重点任务分解》第12项'
    >>> task_label({"seq": "", "plan_title": "2023年重点任务分解", "content": "建成5G基站500个，实现乡镇全覆盖"})
    '《2023年重点任务分解》中「建成5G基站500个，实现乡镇…」一项'
    """
    plan = plan_label(task.get("plan_title"))
    seq = str(task.get("seq") or "").strip()
    if seq:
        return f"{plan}第{seq}项"
    text = " ".join(str(task.get("content") or "").split())
    return f"{plan}中「{text[:15]}{'…' if len(text) > 15 else ''}」一项"
