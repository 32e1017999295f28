"""Placeholder until the window lands: opens nothing, says so."""
import sys


def main(argv=None) -> int:
    print("窗口界面尚在开发中；请先使用 govtrack 命令行。", file=sys.stderr)
    return 1
