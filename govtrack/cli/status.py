"""Sub-commands of the rules area: ``progress``, ``milestone``, ``status``, ``remind``, ``rules``.

Thin wrappers over :class:`~govtrack.progress.ProgressMixin`; listed in
:data:`govtrack.cli.main.AREAS`.
"""

from __future__ import annotations

import json
from datetime import date

from .output import add_scope_arguments, print_json as _print_json, task_json as _task_json
from ..app.labels import task_label
from ..app.status import LIGHT_ORDER, STATUS_ORDER

LIGHT_CN = {"green": "绿灯", "yellow": "黄灯", "red": "红灯"}


COMMANDS: dict = {}


def register(sub) -> None:
    s = sub.add_parser("progress", help="进度报送：录入（add）或查看（list）")
    ps = s.add_subparsers(dest="progress_cmd", required=True, metavar="操作")
    a = ps.add_parser("add", help="录入或更新一条进度（同一任务、单位、期次只保留一条，改动留审计）")
    a.add_argument("task", help="任务编号 #id 或序号")
    a.add_argument("--period", required=True, help="报送期次 YYYY-MM")
    a.add_argument("--percent", required=True, help="完成进度 0–100")
    a.add_argument("--unit", help="报送单位（默认：第一牵头单位）")
    a.add_argument("--text", default="", help="进展情况")
    a.add_argument("--problems", default="", help="存在问题")
    a.add_argument("--next", default="", help="下步打算")
    a.add_argument("--date", help="报送日期 YYYY-MM-DD（默认今天）")
    a.add_argument("--json", action="store_true")
    ls = ps.add_parser("list", help="某任务的全部进度（牵头单位在前，协办单位并列）")
    ls.add_argument("task")
    ls.add_argument("--json", action="store_true")

    s = sub.add_parser("milestone", help="任务节点：添加（add）、查看（list）、标记完成（done）")
    ms = s.add_subparsers(dest="milestone_cmd", required=True, metavar="操作")
    a = ms.add_parser("add", help="给任务添加节点（序时进度按节点计算）")
    a.add_argument("task")
    a.add_argument("--title", required=True, help="节点内容")
    a.add_argument("--due", required=True, help="节点时间 YYYY-MM-DD")
    a.add_argument("--percent", help="到该节点应完成的进度（可不填，按节点均分）")
    ls = ms.add_parser("list", help="任务的节点")
    ls.add_argument("task")
    ls.add_argument("--json", action="store_true")
    d = ms.add_parser("done", help="标记节点完成")
    d.add_argument("id", type=int, help="节点编号")
    d.add_argument("--date", help="完成日期（默认今天）")

    s = sub.add_parser("status", help="某日的任务状态统计：按状态、亮灯、单位，列出欠进度和逾期任务")
    s.add_argument("--today", help="按该日期计算（YYYY-MM-DD，默认今天）")
    add_scope_arguments(s)
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("remind", help="到期提醒与催报；remind ack KEY 确认，remind snooze KEY --until D 暂缓")
    s.add_argument("action", nargs="?", choices=["ack", "snooze"], help="确认（ack）或暂缓（snooze）某条提醒")
    s.add_argument("key", nargs="?", help="提醒的键（见 remind --json）")
    s.add_argument("--until", help="暂缓到该日（含）")
    s.add_argument("--today", help="按该日期计算（YYYY-MM-DD，默认今天）")
    s.add_argument("--all", action="store_true", help="也列出已确认或暂缓的提醒")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("rules", help="查看（show）或修改（set KEY VALUE）规则设置")
    rs = s.add_subparsers(dest="rules_cmd", required=True, metavar="操作")
    a = rs.add_parser("show", help="当前规则设置")
    a.add_argument("--json", action="store_true")
    a = rs.add_parser("set", help="修改一项规则设置，如 rules set tolerance 5")
    a.add_argument("key")
    a.add_argument("value")


def _fmt_pct(p) -> str:
    return "—" if p is None else f"{p:g}%"


def cmd_progress(tr, args) -> int:
    if args.progress_cmd == "add":
        row = tr.progress.add_progress(args.task, period=args.period, percent=args.percent, unit=args.unit,
                              text=args.text, problems=args.problems, next_steps=args.next,
                              reported_on=args.date)
        if args.json:
            _print_json(row)
        else:
            verb = {"insert": "已录入", "update": "已更新", "same": "内容未变，未改动"}[row["action"]]
            print(f"{verb}：{row['task_label']} {row['period']}期 {row['unit']}"
                  f"（{'牵头' if row['role'] == 'lead' else '协办'}）进度 {_fmt_pct(row['percent'])}，"
                  f"报送日期 {row['reported_on']}。")
        return 0
    rows = tr.progress.progress_history(args.task)
    if args.json:
        _print_json(rows)
        return 0
    task = tr.ledger.task(args.task)
    print(f"{task_label(task)}：{task['content'][:40]}")
    for r in rows:
        role = {"lead": "牵头", "assist": "协办"}.get(r["role"], "其他")
        print(f"  {r['period']}  {r['unit']}（{role}）  {_fmt_pct(r['percent'])}  报送于 {r['reported_on']}"
              + (f"  〔{r['source']}〕" if r["source"] != "typed" else ""))
        for label, key in (("进展情况", "progress_text"), ("存在问题", "problems"), ("下步打算", "next_steps")):
            if r[key]:
                print(f"      {label}：{r[key]}")
    print(f"共 {len(rows)} 条")
    return 0


def cmd_milestone(tr, args) -> int:
    if args.milestone_cmd == "add":
        m = tr.progress.add_milestone(args.task, args.title, args.due, args.percent)
        print(f"已添加节点 #{m['id']}：{m['title']}，时间 {m['due_date']}"
              + (f"，应完成 {m['percent']:g}%" if m["percent"] is not None else "") + "。")
        return 0
    if args.milestone_cmd == "done":
        m = tr.progress.set_milestone_done(args.id, args.date or date.today())
        print(f"节点 #{m['id']}「{m['title']}」已标记完成（{m['done_date']}）。")
        return 0
    rows = tr.progress.milestones(args.task)
    if args.json:
        _print_json(rows)
        return 0
    for m in rows:
        print(f"#{m['id']}  {m['due_date']}  {m['title']}"
              + (f"  应完成{m['percent']:g}%" if m["percent"] is not None else "")
              + (f"  已完成于 {m['done_date']}" if m["done_date"] else ""))
    print(f"共 {len(rows)} 个节点")
    return 0


def _brief(t: dict) -> dict:
    out = _task_json(t)
    out.pop("section", None)
    out.update(reported=t.get("reported"), days_left=t.get("days_left"))
    return out


def cmd_status(tr, args) -> int:
    s = tr.status.status_summary(args.today, plan=args.plan, year=args.year)
    if args.json:
        _print_json({**s, "lagging": [_brief(t) for t in s["lagging"]],
                     "overdue": [_brief(t) for t in s["overdue"]],
                     "not_reported": [_brief(t) for t in s["not_reported"]]})
        return 0
    c, lights = s["counts"], s["lights"]
    print(f"{s['today']} 任务状态（报送期 {s['period'] or '—'}，截止 {s['due_date'] or '—'}），共 {c['total']} 项"
          + (f"，其中延期 {s['extended']} 项" if s["extended"] else ""))
    print("  " + "　".join(f"{k} {c[k]}" for k in STATUS_ORDER))
    print("  " + "　".join(f"{LIGHT_CN[k]} {lights[k]}" for k in LIGHT_ORDER))
    print("按牵头单位：")
    for u in s["per_unit"]:
        print(f"  {u['unit']}：牵头 {u['led']}，已完成 {u['done']}，欠进度 {u['behind']}，"
              f"逾期 {u['overdue']}，按时报送 {u['reported_on_time']}"
              + (f"，本轮（{s['round']['period']}）{u['reporting']}" if u.get("reporting") else ""))
    for title, rows in (("欠进度任务", s["lagging"]), ("逾期任务", s["overdue"])):
        if rows:
            print(f"{title}（{len(rows)} 项）：")
            for t in rows:
                print(f"  第{t['seq']}项 {t['content'][:30]}…  {'、'.join(t['lead'])}  "
                      f"进度 {_fmt_pct(t['percent'])} / 序时 {_fmt_pct(t['expected'])}  {LIGHT_CN[t['light']]}")
    return 0


def _reminder_json(r) -> dict:
    return {"key": r.key, "kind": r.kind, "date": r.date.isoformat(), "days": r.days,
            "task_id": r.task_id, "unit": r.unit, "message": r.message, "fingerprint": r.fingerprint}


def cmd_remind(tr, args) -> int:
    if args.action:
        if not args.key:
            from ..errors import InputError
            raise InputError("请给出提醒的键，例如 govtrack remind ack report:2023-10:unit:市财政局。")
        if args.action == "ack":
            tr.reminders.acknowledge_reminder(args.key, today=args.today)
            print(f"已确认提醒「{args.key}」，内容不变时不再提醒。")
        else:
            if not args.until:
                from ..errors import InputError
                raise InputError("暂缓需要 --until 日期（YYYY-MM-DD）。", field="--until")
            a = tr.reminders.snooze_reminder(args.key, args.until, today=args.today)
            print(f"已暂缓提醒「{args.key}」至 {a['until']}。")
        return 0
    items = tr.reminders.reminders(args.today, include_acknowledged=args.all)
    if args.json:
        _print_json({"warning": items.warning, "items": [_reminder_json(r) for r in items]})
        return 0
    if items.warning:
        print(f"注意：{items.warning}")
    for r in items:
        print(f"[{r.date.isoformat()}] {r.message}  （键：{r.key}）")
    print(f"共 {len(items)} 条提醒")
    return 0


def cmd_rules(tr, args) -> int:
    if args.rules_cmd == "set":
        value = args.value
        try:
            value = json.loads(value)
        except ValueError:
            pass
        s = tr.status.set_rule_setting(args.key, value)
        print(f"已设置 {args.key} = {args.value}")
    else:
        s = tr.status.rule_settings()
    from dataclasses import asdict
    d = asdict(s)
    if getattr(args, "json", False):
        _print_json(d)
    elif args.rules_cmd == "show":
        for k, v in d.items():
            print(f"{k} = {v}")
    return 0


COMMANDS.update(progress=cmd_progress, milestone=cmd_milestone, status=cmd_status,
                remind=cmd_remind, rules=cmd_rules)
