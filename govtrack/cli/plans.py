"""``govtrack plans …`` and ``govtrack task …``: a plan's year and a task's life (延期, 销号)."""

from __future__ import annotations

from ..app.labels import task_label
from .output import print_json as _print_json

COMMANDS: dict = {}


def register(sub) -> None:
    s = sub.add_parser("plans", help="计划（任务来源）：列出、改名、设年度/文号、归档、删除、年终结转")
    s.add_argument("--json", action="store_true")
    ps = s.add_subparsers(dest="plans_cmd", metavar="操作")
    a = ps.add_parser("rename", help="改名")
    a.add_argument("id")
    a.add_argument("title")
    a = ps.add_parser("set", help="设年度或文号（年度改变时完成时限按新年度重读）")
    a.add_argument("id")
    a.add_argument("--year", type=int)
    a.add_argument("--doc-no", dest="doc_no")
    a = ps.add_parser("archive", help="归档（只读，不再提醒，不进报表和填报表）；--undo 取消归档")
    a.add_argument("id")
    a.add_argument("--undo", action="store_true")
    a = ps.add_parser("delete", help="删除计划及其任务（先自动备份数据库）")
    a.add_argument("id")
    a.add_argument("--yes", action="store_true", help="确认删除")
    a = ps.add_parser("carry-over", help="年终结转：未完成任务转入新年度计划（先预览 --dry-run）")
    a.add_argument("id")
    a.add_argument("--year", type=int, required=True, help="新计划的年度")
    a.add_argument("--today", help="按该日判断是否完成（默认原计划年度 12 月 31 日）")
    a.add_argument("--dry-run", action="store_true")
    a.add_argument("--json", action="store_true")

    s = sub.add_parser("task", help="任务：延期（extend）、销号（close）、恢复（reopen）、历程（history）")
    ts = s.add_subparsers(dest="task_cmd", required=True, metavar="操作")
    a = ts.add_parser("extend", help="延期：批准新的完成时限（原时限保留）")
    a.add_argument("task", help="任务编号 #id 或序号")
    a.add_argument("--to", required=True, help="新的完成时限 YYYY-MM-DD")
    a.add_argument("--reason", required=True, help="延期理由")
    a.add_argument("--approved-by", dest="approved_by", help="批准人")
    a.add_argument("--approved-on", dest="approved_on", help="批准日期")
    a.add_argument("--date", help="申请日期（默认今天）")
    a.add_argument("--late", action="store_true", help="时限已过后的延期（标记为逾期延期）")
    a = ts.add_parser("close", help="销号：以完成依据关闭任务")
    a.add_argument("task")
    a.add_argument("--evidence", required=True, help="完成依据")
    a.add_argument("--file", help="佐证材料文件（随数据库保存副本）")
    a.add_argument("--date", help="销号日期（默认今天）")
    a.add_argument("--approved-by", dest="approved_by")
    a = ts.add_parser("reopen", help="恢复已销号的任务")
    a.add_argument("task")
    a.add_argument("--reason", required=True)
    a.add_argument("--date")
    a = ts.add_parser("history", help="任务的延期和销号记录")
    a.add_argument("task")
    a.add_argument("--json", action="store_true")


def cmd_plans(tr, args) -> int:
    cmd = args.plans_cmd
    if cmd is None:
        rows = tr.plans.plans()
        if args.json:
            _print_json(rows)
            return 0
        for p in rows:
            print(f"#{p['id']}\t{p['year']}\t{p['title']}\t任务 {p['tasks']} 项（未销号 {p['open_tasks']}）"
                  + (f"\t{p['doc_no']}" if p["doc_no"] else "")
                  + ("\t已归档" if p["archived"] else "") + ("\t演示数据" if p["is_demo"] else "")
                  + (f"\t结转自 #{p['origin_plan_id']}" if p["origin_plan_id"] else ""))
        print(f"共 {len(rows)} 个计划")
        return 0
    if cmd == "rename":
        p = tr.plans.rename(args.id, args.title)
        print(f"计划 #{p['id']} 已改名为「{p['title']}」。")
    elif cmd == "set":
        p = tr.plans.set_fields(args.id, year=args.year, doc_no=args.doc_no)
        print(f"计划 #{p['id']}：年度 {p['year']}，文号 {p['doc_no'] or '—'}。")
    elif cmd == "archive":
        p = tr.plans.archive(args.id, archived=not args.undo)
        print(f"计划 #{p['id']}「{p['title']}」已{'取消归档' if args.undo else '归档（只读）'}。")
    elif cmd == "delete":
        p = tr.plans.plan(args.id)
        if not args.yes:
            print(f"将删除计划 #{p['id']}「{p['title']}」及其全部任务和进展。确认请加 --yes（删除前自动备份）。")
            return 2
        out = tr.plans.delete(args.id)
        print(f"已删除计划 #{p['id']}「{p['title']}」及其任务 {out['tasks_deleted']} 项。"
              + (f"删除前的备份：{out['backup']}" if out["backup"] else ""))
    elif cmd == "carry-over":
        result = tr.plans.carry_over(args.id, args.year, today=args.today, dry_run=args.dry_run)
        if args.json:
            _print_json(result.to_dict())
            return 0
        print(f"{'预览' if args.dry_run else '已结转'}：计划 #{result.plan['id']} 的未完成任务 "
              f"{len(result.tasks)} 项 → {result.year} 年「{result.title}」"
              + (f"（计划 #{result.plan_id}）" if result.plan_id else ""))
        for t in result.tasks:
            pct = "—" if t["percent"] is None else f"{t['percent']:g}%"
            print(f"  第{t['seq']}项 {t['content'][:30]}…  {t['status']}  {pct}")
        if args.dry_run:
            print("预览完成（--dry-run），数据库未作改动。")
    return 0


def cmd_task(tr, args) -> int:
    cmd = args.task_cmd
    if cmd == "extend":
        e = tr.tasklife.extend(args.task, to=args.to, reason=args.reason, approved_by=args.approved_by,
                               approved_on=args.approved_on, requested_on=args.date, late=args.late)
        print(f"{task_label(e['task'])}已延期：{e['old_deadline']} → {e['new_deadline']}"
              + ("（逾期后延期）" if e["after_deadline"] else "") + f"。理由：{e['reason']}")
    elif cmd == "close":
        t = tr.tasklife.close(args.task, evidence=args.evidence, file=args.file, on=args.date,
                              approved_by=args.approved_by)
        print(f"{task_label(t)}已于 {t['closed_on']} 销号。")
    elif cmd == "reopen":
        t = tr.tasklife.reopen(args.task, reason=args.reason, on=args.date)
        print(f"{task_label(t)}已恢复（取消销号）。")
    else:
        ext, clo = tr.tasklife.extensions(args.task), tr.tasklife.closures(args.task)
        if args.json:
            _print_json({"extensions": ext, "closures": clo})
            return 0
        for e in ext:
            print(f"{e['requested_on']} 延期 {e['old_deadline']} → {e['new_deadline']}"
                  + ("（逾期后延期）" if e["after_deadline"] else "")
                  + f"：{e['reason']}" + (f"（批准：{e['approved_by']}）" if e["approved_by"] else ""))
        for c in clo:
            print(f"{c['on_date']} {'销号' if c['action'] == 'close' else '恢复'}：{c['evidence']}")
        if not ext and not clo:
            print("没有延期或销号记录。")
    return 0


COMMANDS.update(plans=cmd_plans, task=cmd_task)
