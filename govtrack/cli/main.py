"""The ``govtrack`` command line: every user action of the core, headless.

Each sub-command is a thin wrapper over a service of :class:`~govtrack.tracker.Tracker`.
The areas are listed in :data:`AREAS`: each module has ``register(subparsers)`` and a
``COMMANDS`` table. Errors of the :class:`~govtrack.errors.GovtrackError` family are
printed in Chinese on stderr with exit code 2, never as a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Callable

from ..errors import GovtrackError
from ..paths import default_db_path
from ..store import SqliteError, named_storage_error
from ..tracker import Tracker
from . import assist, backup, forms, plans, reports, settings, status
from .argparse_zh import install as _argparse_in_chinese
from .output import add_scope_arguments, print_json as _print_json, task_json as _task_json

COMMANDS: dict[str, Callable] = {}


def command(name: str):
    def deco(fn):
        COMMANDS[name] = fn
        return fn
    return deco


@command("init")
def cmd_init(tr: Tracker, args) -> int:
    print(f"数据库已就绪：{tr.path}")
    return 0


@command("import")
def cmd_import(tr: Tracker, args) -> int:
    preview = tr.imports.preview_import(args.file, year=args.year)
    parse = preview.parse
    if args.json and args.dry_run:
        _print_json(preview.to_dict())
        return 0
    if not args.json:
        print(f"文件：{parse.file_name}（{ {'flat_table': '表格式分解清单', 'inline_units': '括注责任单位的方案'}.get(parse.format, parse.format) }）")
        print(f"标题：{parse.title}　年度：{parse.year}　识别任务 {len(parse.tasks)} 项，"
              f"需核对 {len(parse.uncertain)} 项")
        for note in parse.notes:
            print(f"提示：{note}")
        for t in parse.uncertain:
            for p in t.problems:
                print(f"  需核对 第{t.source_line}行 序号{t.seq}：{p}")
        if preview.existing_plan:
            c = preview.counts
            print(f"该计划已在数据库中（计划 #{preview.existing_plan['id']}）："
                  f"新增 {c['new']} 项，变更 {c['update']} 项，未变 {c['same']} 项，"
                  f"文件中已没有的 {len(preview.missing)} 项（保留不删）。")
    if args.dry_run:
        if not args.json:
            print("预览完成（--dry-run），数据库未作改动。")
        return 0
    outcome = tr.imports.apply_import(preview, update=args.update, accept_aliases=args.accept_aliases)
    if args.json:
        _print_json({"plan_id": outcome.plan_id, "created": outcome.created, "updated": outcome.updated,
                     "unchanged": outcome.unchanged, "new_units": outcome.new_units})
    else:
        print(f"已导入计划 #{outcome.plan_id}：新增 {outcome.created} 项，更新 {outcome.updated} 项，"
              f"未变 {outcome.unchanged} 项。")
    return 0


@command("tasks")
def cmd_tasks(tr: Tracker, args) -> int:
    plan_ids = (tr.ledger.scope(args.today, plan=args.plan, year=args.year)
                if (args.plan or args.year) else None)
    rows = tr.ledger.tasks(unit=args.unit, search=args.search, plan_ids=plan_ids)
    if args.json or args.today:
        rows = tr.status.evaluate_tasks(rows, today=args.today)
    if args.json:
        _print_json([_task_json(t) for t in rows])
        return 0
    for t in rows:
        units = "、".join(t["lead"]) + (f"（协办：{'、'.join(t['assist'])}）" if t["assist"] else "")
        print(f"{t['seq']:>4}  {t['content'][:40]}…  {units}  {t['deadline_text'] or t['deadline'] or ''}")
    print(f"共 {len(rows)} 项")
    return 0


@command("demo")
def cmd_demo(tr: Tracker, args) -> int:
    from ..app.demo import build_demo
    summary = build_demo(tr, force=args.force)
    print(summary)
    return 0


class _Absorb:
    """Stands in for the parsers of the commands not run: every call is accepted, nothing built."""

    def __getattr__(self, name):
        return lambda *a, **k: self


class _OnlyCommand:
    """The sub-parsers action, building only the command about to run.

    argparse spends about 0.1 s building the 56 sub-commands' parsers (each help text is
    looked up in gettext); a command needs only its own. ``built`` says whether it was seen.
    """

    def __init__(self, sub, name: str):
        self.sub, self.name, self.built = sub, name, False

    def add_parser(self, name, **kw):
        if name != self.name and self.name not in kw.get("aliases", ()):
            return _Absorb()
        self.built = True
        return self.sub.add_parser(name, **kw)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole parser; with ``only``, just that sub-command's (falls back to the whole one
    when ``only`` is not a command, so argparse lists them all in its message)."""
    _argparse_in_chinese()
    p = argparse.ArgumentParser(prog="govtrack", description="政府工作报告任务督查台账（命令行）")
    p.add_argument("--db", help="数据库文件（默认：环境变量 GOVTRACK_DB 或用户数据目录）")
    real = p.add_subparsers(dest="command", required=True, metavar="命令")
    sub = _OnlyCommand(real, only) if only else real
    sub.add_parser("init", help="创建或升级数据库")
    s = sub.add_parser("import", help="导入任务分解文件（先预览，再写入）")
    s.add_argument("file")
    s.add_argument("--year", type=int, help="计划年度（文件中未写明时）")
    s.add_argument("--dry-run", action="store_true", help="只预览，不写入")
    s.add_argument("--update", action="store_true", help="计划已存在时按文件更新（留审计记录）")
    s.add_argument("--accept-aliases", action="store_true",
                   help="预览中提示“可能就是已有单位”的写法，作为该单位的别名并入")
    s.add_argument("--json", action="store_true")
    s = sub.add_parser("tasks", help="列出任务")
    s.add_argument("--unit", help="责任单位（牵头或协办）")
    s.add_argument("--search", help="按任务内容查找")
    s.add_argument("--today", help="按该日期计算状态（YYYY-MM-DD）")
    add_scope_arguments(s)
    s.add_argument("--json", action="store_true")
    s = sub.add_parser("demo", help="建立演示数据库（2023 年潜江分解清单，标记为演示数据）")
    s.add_argument("--force", action="store_true", help="已有数据时清空重建")
    for area in AREAS:
        area.register(sub)
    if only and not sub.built:
        return build_parser()
    return p


def _command_word(argv: list[str]) -> str | None:
    """The sub-command's name in ``argv`` (``--db`` already moved to the front), or None
    when help is asked for or there is none."""
    rest = argv[2:] if argv[:1] == ["--db"] else argv[1:] if argv[:1] and argv[0].startswith("--db=") else argv
    if not rest or rest[0].startswith("-"):
        return None
    return rest[0]


# The areas beside the ledger commands above, in the order ``--help`` lists them.
AREAS = (settings, plans, status, reports, forms, assist, backup)


# Commands that may create a new database file; every other command needs an existing one,
# so a mistyped --db is an error rather than a silently created empty database.
CREATING = ("init", "demo", "import")


def command_table() -> dict[str, Callable]:
    table = dict(COMMANDS)
    for area in AREAS:
        table.update(area.COMMANDS)
    return table


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(encoding="utf-8")
        except (AttributeError, ValueError):
            pass
    argv = _db_first(sys.argv[1:] if argv is None else argv)
    args = build_parser(_command_word(argv)).parse_args(argv)
    path = Path(args.db) if args.db else default_db_path()
    handler = command_table()[args.command]
    opens_db = getattr(handler, "opens_db", True)    # restore/check work on a file Tracker refuses
    if opens_db and not path.exists() and args.command not in CREATING:
        print(f"错误：数据库文件「{path}」不存在（路径是否写错？）。新建数据库请用："
              f"govtrack --db \"{path}\" init；建立演示数据库：govtrack --db \"{path}\" demo。",
              file=sys.stderr)
        return 2
    tr = None
    try:
        if opens_db:
            tr = Tracker.open(path)
        return handler(tr, args) or 0
    except GovtrackError as e:
        print(f"错误：{e}", file=sys.stderr)
        return 2
    except (SqliteError, OSError) as e:   # named: 被占用 / 磁盘已满 / 只读 / 已损坏, never a traceback
        if isinstance(e, BrokenPipeError):
            return _quiet_broken_pipe()
        where = getattr(e, "filename", None) or path
        named = named_storage_error(e, where)
        print(f"错误：{named or f'读写「{where}」时出错：{e}。本次操作未作任何改动。'}", file=sys.stderr)
        return 2
    finally:
        if tr is not None:
            tr.close()


def _quiet_broken_pipe() -> int:
    """Output piped into `head` or a closed pager."""
    try:
        sys.stdout = open(os.devnull, "w")
    except OSError:
        pass
    return 0


def _db_first(argv: list[str]) -> list[str]:
    """``--db PATH`` is accepted after the sub-command too: move it to the front."""
    argv = list(argv)
    for k, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--db" and k + 1 < len(argv):
            return ["--db", argv[k + 1]] + argv[:k] + argv[k + 2:]
        if arg.startswith("--db="):
            return [arg] + argv[:k] + argv[k + 1:]
    return argv


if __name__ == "__main__":
    sys.exit(main())
