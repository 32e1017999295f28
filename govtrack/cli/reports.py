"""``govtrack report …``: print the monthly 督查通报, a 督办单 or the 台账 as PDF, Word or Excel.

Thin wrappers over the :class:`~govtrack.report_data.ReportsMixin` methods; the
decisions (report day, frozen issues, numbering) are documented there.  The
format follows the suffix of ``-o`` (.pdf, .docx for the 通报 and 督办单, .xlsx
for the 台账); without ``-o`` the file goes into the current folder under a name
that says what it is (``--format`` picks the format).  An existing file is
never overwritten without ``--force``.

    govtrack report monthly --period 2023-10 [--today 2023-10-31] [--issue] [--fresh] [-o 通报.docx]
    govtrack report notice 12 [--today 2023-10-31] [--colour red] [--issue] [-o 督办单.pdf]
    govtrack report ledger [--unit 市发改委] [--today 2023-10-31] [--columns …] [-o 台账.xlsx]
    govtrack report issued            # 已印发的通报和督办单
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..errors import InputError
from .output import print_json as _print_json


def _pages(path: Path) -> str:
    """'，共 N 页' for a PDF: its page objects counted (reportlab writes them uncompressed),
    without loading a PDF library for one number."""
    if path.suffix.lower() != ".pdf":
        return ""
    import re
    try:
        n = len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", path.read_bytes()))
    except OSError:
        return ""
    return f"，共 {n} 页" if n else ""


def _target(args, kind: str) -> Path:
    """``-o`` as given (format from its suffix), else the current folder (default name)."""
    if args.output:
        from ..reports import output
        p = Path(args.output)
        output.format_of(kind, p)              # a clear message for an unsupported suffix
        return p
    return Path(".")


def _font_warnings(tr, path: Path) -> None:
    if path.suffix.lower() == ".pdf":
        for w in tr.reports.report_font_warnings():
            print(f"字体提示：{w}", file=sys.stderr)


def _run(write, path: Path):
    try:
        return write()
    except PermissionError as e:      # on Windows: the old PDF is still open in a viewer
        raise InputError(f"无法写入（文件可能正被其他程序打开，请关闭后重试）：{e}", file=str(path)) from e
    except OSError as e:
        raise InputError(f"无法写入：{e}", file=str(path)) from e


COMMANDS: dict = {}


def register(sub) -> None:
    s = sub.add_parser("report", help="打印报告（PDF）：月度督查通报、督办单、台账")
    kinds = s.add_subparsers(dest="report_kind", required=True, metavar="报告")

    m = kinds.add_parser("monthly", help="月度督查通报")
    m.add_argument("--period", required=True, help="期别 YYYY-MM，例如 2023-10")
    m.add_argument("--today", help="统计日期 YYYY-MM-DD（默认：该月最后一天；当月则为今天）")
    m.add_argument("--issue", action="store_true", help="印发：登记期号并冻结本期数字，以后重印数字不变")
    m.add_argument("--fresh", action="store_true", help="已印发的期别也按当前数据重新计算（草稿，不登记）")
    m.add_argument("-o", "--output", help="输出文件 .pdf 或 .docx（默认：当前文件夹，文件名如 督查通报-2023年10月（第2期）.pdf）")
    m.add_argument("--format", choices=("pdf", "docx"), default="pdf", help="不给 -o 时的格式（默认 pdf）")
    m.add_argument("--force", action="store_true", help="覆盖已存在的文件")

    n = kinds.add_parser("notice", help="督办单（一项任务）")
    n.add_argument("task", help="任务编号（#12）或序号")
    n.add_argument("--today", help="发单日期 YYYY-MM-DD（默认今天）")
    n.add_argument("--colour", "--color", choices=("blue", "yellow", "red"),
                   help="指定颜色（默认按规则：临期蓝、欠进度黄、逾期红）")
    n.add_argument("--doc-no", help="文号（默认：督办〔年〕N号，顺延）")
    n.add_argument("--demand", help="督办要求（默认按颜色的模板）")
    n.add_argument("--reply-days", type=int, default=7, help="反馈期限天数（默认 7）")
    n.add_argument("--issue", action="store_true", help="登记发文（占用文号）；不加则为草稿")
    n.add_argument("-o", "--output", help="输出文件 .pdf 或 .docx（默认：当前文件夹）")
    n.add_argument("--format", choices=("pdf", "docx"), default="pdf", help="不给 -o 时的格式（默认 pdf）")
    n.add_argument("--force", action="store_true", help="覆盖已存在的文件")

    g = kinds.add_parser("ledger", help="任务台账（横版）")
    g.add_argument("--unit", help="只列该单位牵头或协办的任务")
    g.add_argument("--today", help="状态日期 YYYY-MM-DD（默认今天）")
    g.add_argument("-o", "--output", help="输出文件 .pdf 或 .xlsx（默认：当前文件夹，文件名如 台账-2023-10-31.xlsx）")
    g.add_argument("--format", choices=("pdf", "xlsx"), default="pdf", help="不给 -o 时的格式（默认 pdf）")
    g.add_argument("--force", action="store_true", help="覆盖已存在的文件")
    g.add_argument("--columns", help="Excel 台账的列，逗号分隔（可选：seq,section,content,lead,assist,leader,"
                                     "deadline,percent,expected,status,reported_on,progress,problems,next_steps）")
    g.add_argument("--per-unit-sheets", action="store_true", help="Excel 台账：每个牵头单位一张工作表")

    i = kinds.add_parser("issued", help="已印发的通报和已登记的督办单")
    i.add_argument("--json", action="store_true")


def cmd_report(tr, args) -> int:
    # The report packages load here, not when the command line is parsed: every other
    # command starts without them.
    from ..periods import period_label
    from ..reports.model import LONG_TERM, STATUS_ORDER
    kind = args.report_kind
    if kind == "issued":
        data = {"bulletins": tr.reports.bulletins(), "notices": tr.reports.notices()}
        if args.json:
            _print_json(data)
            return 0
        for b in data["bulletins"]:
            print(f"通报 {period_label(b['period'])}\t{b['issue_no']}\t印发于 {b['issued_on']}")
        for x in data["notices"]:
            print(f"督办单 {x['doc_no']}\t{x['task_label']}\t{x['colour']}\t{x['issued_on']}"
                  f"\t反馈期限 {x['reply_by'] or '—'}")
        print(f"共 {len(data['bulletins'])} 期通报，{len(data['notices'])} 份督办单")
        return 0

    out = _target(args, kind)
    fmt = args.format
    if kind == "monthly":
        path, report, frozen = _run(lambda: tr.reports.print_monthly(args.period, out, args.today, issue=args.issue,
                                                             fresh=args.fresh, force=args.force,
                                                             fmt=fmt), out)
        _font_warnings(tr, path)
        how = (f"{report.issue_no}，已印发，按印发时冻结的数字" if frozen
               else "草稿，期号待印发时确定；加 --issue 印发")
        print(f"已生成{period_label(args.period)}督查通报（{how}）：{path}{_pages(path)}")
        c = report.counts                       # in status order (a snapshot's JSON sorts its keys)
        print(f"任务 {report.total_tasks} 项：" + "，".join(f"{k} {c.get(k, 0)}" for k in STATUS_ORDER)
              + (f"（其中长期推进 {report.categories.get(LONG_TERM, 0)} 项计入达进度）"
                 if report.categories.get(LONG_TERM) else ""))
        if not frozen:
            status_period = tr.status.status_summary(report.date).get("period")
            if status_period and status_period != args.period:
                print(f"注意：{report.date.isoformat()} 时应报送的是 {status_period} 的进展，"
                      f"「未报送」按该期计算；如需按 {args.period} 统计，请用该月报送截止日之后的 --today。")
        return 0
    if kind == "notice":
        path, sheet, nid = _run(lambda: tr.reports.print_notice(
            args.task, out, args.today, issue=args.issue, doc_no=args.doc_no, demand=args.demand,
            reply_days=args.reply_days, colour=args.colour, force=args.force, fmt=fmt), out)
        _font_warnings(tr, path)
        how = f"{sheet.doc_no}，已登记（#{nid}）" if nid else "草稿，文号待登记时确定；加 --issue 登记并占用文号"
        print(f"已生成{ {'blue': '蓝色', 'yellow': '黄色', 'red': '红色'}[sheet.colour] }督办单"
              f"（任务 {sheet.task.seq}，{sheet.reason}，{how}）：{path}")
        return 0
    if kind == "ledger":
        options = {}
        if args.columns:
            options["columns"] = [c.strip() for c in args.columns.replace("，", ",").split(",") if c.strip()]
        if args.per_unit_sheets:
            options["per_unit_sheets"] = True
        if options and (out.suffix.lower() != ".xlsx" and not (out.is_dir() and fmt == "xlsx")):
            raise InputError("--columns 和 --per-unit-sheets 只用于 Excel 台账（-o 文件名.xlsx）。")
        path, report = _run(lambda: tr.reports.print_ledger(out, unit=args.unit, today=args.today, force=args.force,
                                                    fmt=fmt, **options), out)
        _font_warnings(tr, path)
        print(f"已生成台账（{report.subtitle}，{len(report.tasks)} 项）：{path}{_pages(path)}")
        return 0
    raise InputError(f"未知的报告类型「{kind}」。")


COMMANDS["report"] = cmd_report
