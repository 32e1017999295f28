"""``govtrack settings …`` and ``govtrack units …``: the office's settings and unit directory."""

from __future__ import annotations

import json

from ..errors import InputError
from .output import print_json as _print_json

COMMANDS: dict = {}


def register(sub) -> None:
    s = sub.add_parser("settings", help="设置：查看（show）、修改（set KEY VALUE [KEY VALUE …]）、恢复默认（reset KEY）")
    ss = s.add_subparsers(dest="settings_cmd", required=True, metavar="操作")
    a = ss.add_parser("show", help="全部设置（机关、报送、文字、字体、规则）")
    a.add_argument("--json", action="store_true")
    a = ss.add_parser("set", help="修改设置（可一次多项，全部通过检查才保存），"
                                  "如 settings set office.name 某某市人民政府督查室 rules.tolerance 8")
    a.add_argument("pairs", nargs="+", metavar="KEY VALUE", help="设置名和值，可成对给出多项")
    a = ss.add_parser("reset", help="恢复默认")
    a.add_argument("key")

    s = sub.add_parser("units", help="单位名录：列出；add/rename/merge/alias/set/order/members 修改")
    s.add_argument("--json", action="store_true")
    us = s.add_subparsers(dest="units_cmd", metavar="操作")
    a = us.add_parser("add", help="新增单位")
    a.add_argument("name")
    a.add_argument("--kind")
    a.add_argument("--contact", default="")
    a.add_argument("--phone", default="")
    a = us.add_parser("rename", help="改名（原名保留为别名）")
    a.add_argument("unit")
    a.add_argument("new_name")
    a = us.add_parser("merge", help="把一个单位并入另一个（任务和进展随之转移）")
    a.add_argument("unit")
    a.add_argument("--into", required=True)
    a = us.add_parser("alias", help="添加别名")
    a.add_argument("unit")
    a.add_argument("alias")
    a = us.add_parser("set", help="设置类别、联系人、电话")
    a.add_argument("unit")
    a.add_argument("--kind")
    a.add_argument("--contact")
    a.add_argument("--phone")
    a = us.add_parser("order", help="单位的正式排序（报表按此排列）")
    a.add_argument("names", nargs="+")
    a = us.add_parser("members", help="单位组（如各区镇街道）的成员：列出成员即设置，--clear 清空")
    a.add_argument("group")
    a.add_argument("names", nargs="*", help="成员单位（按此顺序）")
    a.add_argument("--clear", action="store_true", help="清空成员：该单位组恢复为普通单位，自行报送")


def cmd_settings(tr, args) -> int:
    if args.settings_cmd == "show":
        rows = tr.settings.show()
        if args.json:
            _print_json(rows)
            return 0
        group = None
        for r in rows:
            if r["group"] != group:
                group = r["group"]
                print(f"【{group}】")
            value = r["value"] if r["value"] not in ("", None) else "（未设置）"
            print(f"  {r['key']} = {value}    {r['label']}" + ("" if r["is_default"] else "（已修改）"))
        return 0
    if args.settings_cmd == "set":
        if len(args.pairs) % 2:
            raise InputError(f"设置名和值应成对给出，「{args.pairs[-1]}」缺少值。", field="设置")
        values = {}
        for key, value in zip(args.pairs[::2], args.pairs[1::2]):
            if key.startswith("rules.") or "." not in key:
                try:
                    value = json.loads(value)
                except ValueError:
                    pass
            values[key] = value
        rows = tr.settings.set_many(values).result
    else:
        rows = [tr.settings.reset(args.key)]
    for r in rows:
        print(f"{r['key']} = {r['value']}（{r['label']}）")
    return 0


def cmd_units(tr, args) -> int:
    cmd = args.units_cmd
    if cmd is None:
        rows = tr.units.list()
        if args.json:
            _print_json(rows)
            return 0
        for u in rows:
            print(f"{u['name']}\t{u['kind']}\t牵头 {u['led']} 项\t协办 {u['assisting']} 项"
                  + (f"\t又名：{'、'.join(u['aliases'])}" if u["aliases"] else "")
                  + (f"\t{u['contact']} {u['phone'] or ''}" if u["contact"] else ""))
        print(f"共 {len(rows)} 个单位")
        return 0
    if cmd == "add":
        u = tr.units.add(args.name, kind=args.kind, contact=args.contact, phone=args.phone)
        print(f"已新增单位「{u['name']}」（{u['kind']}）。")
    elif cmd == "rename":
        u = tr.units.rename(args.unit, args.new_name)
        print(f"已改名为「{u['name']}」，原名「{args.unit}」保留为别名。")
    elif cmd == "merge":
        m = tr.units.merge(args.unit, args.into)
        print(f"已把「{m['merged']}」并入「{m['into']}」：任务 {m['task_units']} 项、进展 {m['progress']} 条转移。")
    elif cmd == "alias":
        u = tr.units.add_alias(args.unit, args.alias)
        print(f"「{args.alias}」已作为「{u['name']}」的别名。")
    elif cmd == "set":
        values = {k: getattr(args, k) for k in ("kind", "contact", "phone") if getattr(args, k) is not None}
        u = tr.units.set(args.unit, **values)
        print(f"「{u['name']}」：类别 {u['kind']}，联系人 {u['contact'] or '—'}，电话 {u['phone'] or '—'}。")
    elif cmd == "order":
        names = tr.units.set_order(args.names)
        print("单位排序：" + "、".join(names[:len(args.names)]) + ("……" if len(names) > len(args.names) else ""))
    elif cmd == "members":
        if args.clear and args.names:
            raise InputError("--clear 清空成员时不要再列出成员单位。", field="--clear")
        if not args.clear and not args.names:
            raise InputError(f"请列出「{args.group}」的成员单位，或加 --clear 清空成员。", field="成员")
        names = tr.units.set_members(args.group, [] if args.clear else args.names)
        print(f"「{args.group}」的成员：" + "、".join(names) if names
              else f"已清空「{args.group}」的成员，该单位组按普通单位填报、催报。")
    return 0


COMMANDS.update(settings=cmd_settings, units=cmd_units)
