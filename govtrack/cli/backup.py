"""``govtrack backup``, ``govtrack restore FILE`` and ``govtrack check``: the ledger's copies.

``restore`` and ``check`` run without opening the ledger (``opens_db = False``), so
they work on a database that is damaged or that this version refuses.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import NOTHING_CHANGED
from ..paths import default_db_path
from ..store import backup as backups  # the module
from ..store.db import inspect_file, refuse_unusable
from .output import print_json as _print_json

COMMANDS: dict = {}


def command(name: str):
    def deco(fn):
        COMMANDS[name] = fn
        return fn
    return deco


def _db_path(args) -> Path:
    return Path(args.db) if args.db else default_db_path()


@command("backup")
def cmd_backup(tr, args) -> int:
    if args.list:
        rows = tr.backups.list()
        if args.json:
            _print_json([{**b, "path": str(b["path"]), "at": b["at"].isoformat()} for b in rows])
            return 0
        for b in rows:
            print(f"{b['at']:%Y-%m-%d %H:%M:%S}  {b['label']:<16} {b['size'] // 1024:>6} KB  {b['path']}")
        print(f"共 {len(rows)} 份备份（保留最近 {backups.KEEP_DAYS} 天，更早的每月一份）")
        return 0
    target = tr.backups.make(args.reason)
    print(f"已备份并校验：{target}")
    return 0


@command("restore")
def cmd_restore(tr, args) -> int:
    path = _db_path(args)
    candidate = Path(args.file) if args.file != "latest" else backups.latest_good_backup(path)
    if candidate is None:
        print(f"错误：「{path}」没有可用的备份。{NOTHING_CHANGED}")
        return 2
    out = backups.restore(path, candidate)
    if out["kept"]:
        print(f"当前数据库已先另存为备份：{out['kept']}")
    print(f"已从「{out['from']}」恢复：{out['restored']}")
    return 0


cmd_restore.opens_db = False


@command("check")
def cmd_check(tr, args) -> int:
    path = _db_path(args)
    if not path.exists():
        print(f"错误：找不到数据库文件「{path}」。")
        return 2
    check = inspect_file(path, full=True)
    refuse_unusable(path, check)
    print(f"数据库「{path}」完整性检查通过（版本 {check.version}）。")
    return 0


cmd_check.opens_db = False


def register(sub) -> None:
    s = sub.add_parser("backup", help="备份数据库（先做完整性检查，备份后校验）")
    s.add_argument("--list", action="store_true", help="列出已有备份")
    s.add_argument("--reason", default="manual", help="备份说明（可用汉字，记在文件名中；默认 manual）")
    s.add_argument("--json", action="store_true")
    s = sub.add_parser("restore", help="从备份恢复数据库（当前文件先另存为备份）")
    s.add_argument("file", help="备份文件；latest 表示最近的完好备份")
    sub.add_parser("check", help="完整性检查（integrity_check），不作改动")


__all__ = ["COMMANDS", "register"]
