"""Sub-commands of the breakdown assistant: ``split``, ``suggest``, ``indicators``.

Thin wrappers over :class:`~govtrack.assistant.AssistMixin`; listed in
:data:`govtrack.cli.main.AREAS`. Word and Excel tables need no command of their
own: ``govtrack import`` accepts .docx and .xlsx through the importer registry.
"""

from __future__ import annotations

from .output import print_json as _print_json


COMMANDS: dict = {}


def register(sub) -> None:
    s = sub.add_parser("split", help="把政府工作报告拆成候选任务（不写入数据库）")
    s.add_argument("file", help="报告文本文件（.txt）")
    s.add_argument("--year", type=int, help="年度（报告含多个年度的重点工作时）")
    s.add_argument("--suggest", action="store_true", help="同时按往年分解推荐牵头/协办单位")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("suggest", help="按往年相似任务推荐牵头单位和协办单位")
    s.add_argument("text", help="任务文本")
    s.add_argument("-k", type=int, default=5, help="每类列出几个单位（默认 5）")
    s.add_argument("--json", action="store_true")

    s = sub.add_parser("indicators", help="主要指标：列出；indicators import FILE 导入；"
                                          "indicators set ID --period P --value V 录入实际值")
    s.add_argument("--json", action="store_true")
    isub = s.add_subparsers(dest="indicators_cmd", metavar="操作")
    a = isub.add_parser("import", help="从规划的主要指标表或报告的“主要预期目标”导入指标")
    a.add_argument("file")
    a.add_argument("--dry-run", action="store_true", help="只预览，不写入")
    a.add_argument("--year", type=int, help="报告年度（文本中未写明时）")
    a.add_argument("--plan", type=int, help="指标所属计划编号（可不填）")
    a.add_argument("--json", action="store_true")
    a = isub.add_parser("set", help="录入或更正某期的指标实际值（改动留审计）")
    a.add_argument("id", type=int, help="指标编号（见 govtrack indicators）")
    a.add_argument("--period", required=True, help="期次 YYYY、YYYY-MM 或 YYYY-Qn")
    a.add_argument("--value", required=True, help="实际值，如 7.8% 或文字")
    a.add_argument("--unit", help="报送单位")
    a.add_argument("--date", help="报送日期 YYYY-MM-DD（默认今天）")
    a.add_argument("--json", action="store_true")


def _units(ranked) -> str:
    return "、".join(f"{u.name}（{u.score:.2f}）" for u in ranked) or "（无）"


def cmd_split(tr, args) -> int:
    result = tr.assist.split_report(args.file, year=args.year, suggest=args.suggest)
    if args.json:
        _print_json(result.to_dict())
        return 0
    s = result.split
    print(f"文件：{result.file_name}　年度：{s.year or '未识别'}　章节：{s.chapter_title}（第{s.chapter_line}行）")
    if s.main_targets:
        print(f"主要预期目标：{s.main_targets}")
    section = None
    for k, t in enumerate(s.tasks):
        if t.section != section:
            section = t.section
            print(f"\n{section or '（无小节）'}")
        extra = []
        if t.targets:
            extra.append("目标：" + "；".join(t.targets))
        if t.deadline_text:
            extra.append("时限：" + t.deadline_text)
        if t.note:
            extra.append(t.note)
        print(f"{t.seq:>4}. {t.content}" + (f"  〔{'｜'.join(extra)}〕" if extra else "")
              + f"  （第{t.source_line}行）")
        if result.suggestions:
            sug = result.suggestions[k]
            print(f"      建议牵头：{_units(sug.lead[:1])}　协办：{_units(sug.assist[:3])}"
                  f"　把握：{sug.confidence_label}（{sug.confidence:.2f}）")
    print(f"\n共 {len(s.tasks)} 项候选任务，{len(s.sections)} 个小节；略过 {len(s.skipped)} 处（回顾、总体要求、网页杂项等）。"
          "未写入数据库。")
    return 0


def cmd_suggest(tr, args) -> int:
    sug = tr.assist.suggest_units(args.text, k=args.k)
    if args.json:
        _print_json(sug.to_dict())
        return 0
    print(f"把握：{sug.confidence_label}（{sug.confidence:.2f}）")
    print("牵头单位：")
    for n, u in enumerate(sug.lead, start=1):
        why = f"相似任务 {u.tasks} 项" + ("，单位职能与文本相符" if u.by_name else "")
        print(f"  {n}. {u.name}　{u.score:.2f}　（{why}）")
    print("协办单位：")
    for n, u in enumerate(sug.assist, start=1):
        print(f"  {n}. {u.name}　{u.score:.2f}")
    print("依据（最相似的往年任务）：")
    for e in sug.evidence:
        units = "、".join(e.lead) + (f"（协办：{'、'.join(e.assist)}）" if e.assist else "")
        print(f"  · {e.plan} 第{e.seq}项　相似度 {e.similarity:.2f}：{e.content[:50]}…　{units}")
    return 0


def cmd_indicators(tr, args) -> int:
    from ..app.indicators import latest_value
    action = getattr(args, "indicators_cmd", None)
    if action == "import":
        result = tr.indicators.import_indicators(args.file, dry_run=args.dry_run, year=args.year, plan_id=args.plan)
        if args.json:
            _print_json(result.to_dict())
            return 0
        c = result.counts
        kind = "主要指标表" if result.kind == "tables" else "主要预期目标"
        print(f"文件：{result.file_name}（{kind}：{'、'.join(result.tables)}）")
        print(f"指标 {len(result.changes)} 项：新增 {c['new']}，变更 {c['update']}，未变 {c['same']}")
        for line, reason in result.problems:
            print(f"  需核对 第{line}行：{reason}" if line else f"  提示：{reason}")   # 0: the whole file
        if result.applied:
            print(f"已写入；实际完成值 {result.values_written} 条。")
        else:
            print("预览完成（--dry-run），数据库未作改动。")
        return 0
    if action == "set":
        row_id = tr.indicators.add_indicator_value(args.id, args.period, args.value, args.unit, reported_on=args.date)
        if args.json:
            _print_json({"value_id": row_id})
        else:
            print(f"已记录指标 #{args.id} {args.period} 的实际值：{args.value}")
        return 0
    rows = tr.indicators.indicators()
    if args.json:
        _print_json(rows)
        return 0
    for r in rows:
        name = f"{r['parent_name']}—{r['name']}" if r["parent_name"] else r["name"]
        target = r["target_text"] or (f"年均{r['growth_text']}" if r["growth_text"] else "")
        latest = latest_value(r["values"])
        actual = f"　实际 {latest['value_text']}（{latest['period']}）" if latest else ""
        print(f"#{r['id']:<4} {r['category']}　{r['seq']}. {name}"
              + (f"（{r['measure']}）" if r["measure"] else "")
              + (f"　目标 {target}" if target else "") + (f"　{r['attribute']}" if r["attribute"] else "")
              + actual)
    print(f"共 {len(rows)} 项指标")
    return 0


COMMANDS.update(split=cmd_split, suggest=cmd_suggest, indicators=cmd_indicators)
