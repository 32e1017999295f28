"""Sub-commands of the unit-returns area: ``forms export | import | status``.

Thin wrappers over :class:`~govtrack.returns.ReturnsMixin`; listed in
:data:`govtrack.cli.main.AREAS`. ``forms import`` exits 2 when any file was
refused or any row was left out, so a script (or the office) notices.
"""

from __future__ import annotations

from .output import print_json as _print_json


COMMANDS: dict = {}


def register(sub) -> None:
    s = sub.add_parser("forms", help="单位进展填报表：导出（export）、导入（import）、报送情况（status）")
    fs = s.add_subparsers(dest="forms_cmd", required=True, metavar="操作")
    e = fs.add_parser("export", help="按单位导出某期的进展填报表（xlsx，每单位一个文件）")
    e.add_argument("--period", required=True, help="报送期间 YYYY-MM")
    e.add_argument("--unit", help="只导出该单位")
    e.add_argument("-o", "--out", required=True, help="输出文件夹")
    e.add_argument("--office", default="督查室", help="填报说明中的报送对象（默认：督查室）")
    e.add_argument("--plan", help="只导出该计划的任务（默认：该期所在年度的在用计划）")
    i = fs.add_parser("import", help="导入单位报回的填报表（先核对，再写入）")
    i.add_argument("files", nargs="+", metavar="FILE")
    i.add_argument("--period", help="只接受该期间的填报表")
    i.add_argument("--date", help="收到日期 YYYY-MM-DD（默认今天，用于判断是否逾期）")
    i.add_argument("--dry-run", action="store_true", help="只核对，不写入")
    i.add_argument("--replace", action="store_true",
                   help="该单位该期已导入过其他填报表时，以本文件替换（原内容留审计记录）")
    i.add_argument("--json", action="store_true")
    st = fs.add_parser("status", help="各单位某期的报送情况（用于催报）")
    st.add_argument("--period", required=True, help="报送期间 YYYY-MM")
    st.add_argument("--today", help="按该日期判断是否逾期（默认今天）")
    st.add_argument("--json", action="store_true")


def cmd_forms(tr, args) -> int:
    return {"export": _export, "import": _import, "status": _status}[args.forms_cmd](tr, args)


COMMANDS["forms"] = cmd_forms


def _export(tr, args) -> int:
    paths = tr.returns.export_forms(args.period, args.out, unit=args.unit, office=args.office,
                                    plan=args.plan)
    for p in paths:
        print(p)
    print(f"已导出 {len(paths)} 个单位的 {args.period} 进展填报表到「{args.out}」，"
          f"报送截止 {tr.returns.return_due_date(args.period).isoformat()}。")
    return 0


def _import(tr, args) -> int:
    preview = tr.returns.preview_returns(args.files, period=args.period, received_on=args.date)
    bad = any(f.status == "refused" or f.flagged for f in preview.files)
    if args.dry_run:
        if args.json:
            _print_json({"dry_run": True, **preview.to_dict()})
        else:
            print("\n".join(preview.report_lines(replace=args.replace)))
            print("预览完成（--dry-run），数据库未作改动。")
        return 2 if bad else 0
    outcome = tr.returns.apply_returns(preview, replace=args.replace)
    bad = bad or any(f["status"] in ("refused", "conflict") for f in outcome.files)
    if args.json:
        _print_json({"dry_run": False, "preview": preview.to_dict(), "outcome": outcome.to_dict()})
    else:
        problems = [str(p) for p in preview.problems()]
        warnings = [f"【{f.name}】提示：{w}" for f in preview.files for w in f.warnings
                    if f.status not in ("already_imported", "duplicate", "conflict")]
        for line in warnings + problems:
            print(line)
        print("\n".join(outcome.report_lines()))
        print(f"共 {len(preview.files)} 个文件，导入 {outcome.applied} 个。")
    return 2 if bad else 0


def _status(tr, args) -> int:
    rows = tr.returns.returns_status(args.period, today=args.today)
    if args.json:
        _print_json(rows)
        return 0
    due = rows[0]["due_date"] if rows else tr.returns.return_due_date(args.period).isoformat()
    print(f"{args.period} 报送截止 {due}")
    for r in rows:
        if r["returned"]:
            state = f"{r['state']} {r['returned_on']}" + ("（逾期 %d 天）" % r["days_late"] if r["late"] else "")
            state += f"　{r['file']}" if r["file"] else "　（录入）"
        elif r["state"] == "部分报送":
            state = (f"部分报送 {r['reported_tasks']}/{r['open_lead_tasks']}，最近 {r['returned_on']}"
                     + (f"，已逾期 {r['days_late']} 天" if r["late"] else ""))
            state += f"　{r['file']}" if r["file"] else "　（录入）"
        else:
            state = f"未报送，已逾期 {r['days_late']} 天" if r["late"] else "未报送"
            if r["file"]:
                state += f"　收到 {r['file']}（{r['returned_on']}，其中没有牵头任务的进展）"
        print(f"{r['unit']}\t任务 {r['tasks']} 项（牵头 {r['lead']}，协办 {r['assist']}）\t{state}")
    done = sum(1 for r in rows if r["returned"])
    partial = sum(1 for r in rows if r["state"] == "部分报送")
    late = sum(1 for r in rows if r["late"] and not r["returned"])
    print(f"共 {len(rows)} 个单位：已报送 {done}，部分报送 {partial}，"
          f"未报送 {len(rows) - done - partial}（未报齐且已逾期 {late}）")
    return 0
