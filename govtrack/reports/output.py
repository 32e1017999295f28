"""Writing a report file: the format from the file's suffix, a name that says what it is,
never overwriting by accident, never leaving half a file.

Used by the CLI and the window alike: :func:`format_of` picks PDF, Word or
Excel from ``-o X.pdf/.docx/.xlsx``; :func:`default_name` gives
``督查通报-2023年10月（第2期）.pdf`` or ``台账-2023-10-31.xlsx`` when no name is
given; :func:`write` refuses an existing file unless ``force`` (the window asks
first, then passes ``force=True``) and writes to a temporary file in the same
folder that replaces the target only once it is complete.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from govtrack.errors import InputError
from govtrack.reports.model import LedgerReport, MonthlyReport, NoticeSheet

#: Suffix → format name.
SUFFIXES = {".pdf": "pdf", ".docx": "docx", ".xlsx": "xlsx"}
#: The formats each report comes in (first = default).
FORMATS = {"monthly": ("pdf", "docx"), "notice": ("pdf", "docx"), "ledger": ("pdf", "xlsx")}
KIND_NAMES = {"monthly": "督查通报", "notice": "督办单", "ledger": "台账"}
FORMAT_NAMES = {"pdf": "PDF", "docx": "Word（.docx）", "xlsx": "Excel（.xlsx）"}


def format_of(kind: str, path) -> str:
    """'pdf' | 'docx' | 'xlsx' from the suffix of ``path``; a clear message when the report
    does not come in that format."""
    suffix = Path(path).suffix.lower()
    fmt = SUFFIXES.get(suffix)
    allowed = FORMATS[kind]
    if fmt not in allowed:
        wanted = "、".join(f".{f}" for f in allowed)
        raise InputError(f"{KIND_NAMES[kind]}可输出为 {wanted} 文件，「{Path(path).name}」的扩展名"
                         f"{'「' + suffix + '」' if suffix else '为空'}不受支持。", file=str(path))
    return fmt


def default_name(kind: str, report, fmt: str = "pdf") -> str:
    """A file name that says what the file is.

    >>> from datetime import date
    >>> r = MonthlyReport(office="x", issue_no="第2期", title="t", period="2023-10", date=date(2023, 10, 31), draft=False)
    >>> default_name("monthly", r)
    '督查通报-2023年10月（第2期）.pdf'
    >>> r.draft = True; default_name("monthly", r, "docx")
    '督查通报-2023年10月（草稿）.docx'
    """
    if isinstance(report, MonthlyReport):
        y, m = report.period.split("-")[:2]
        tag = report.issue_no if (report.issue_no and not report.draft) else "草稿"
        stem = f"督查通报-{int(y)}年{int(m)}月（{tag}）"
    elif isinstance(report, NoticeSheet):
        tag = report.doc_no if (report.doc_no and not report.draft) else "草稿"
        stem = f"督办单-任务{report.task.seq}-{report.issued_on.isoformat() if report.issued_on else ''}（{tag}）"
    elif isinstance(report, LedgerReport):
        scope = f"{report.unit}-" if report.unit else ""
        stem = f"台账-{scope}{report.as_of.isoformat() if report.as_of else ''}"
    else:
        raise TypeError(type(report).__name__)
    return _safe(stem) + "." + fmt


def _safe(name: str) -> str:
    """Drop characters Windows forbids in file names."""
    return "".join("-" if c in '<>:"/\\|?*' else c for c in name).strip(" .")


def check_target(path, force: bool = False) -> Path:
    """The output path, refused when its folder is missing, it is a folder, or it exists
    (unless ``force``)."""
    p = Path(path)
    if p.is_dir():
        raise InputError("输出路径是一个文件夹，请给出文件名。", file=str(p))
    if not p.parent.exists():
        raise InputError(f"输出文件夹「{p.parent}」不存在。", file=str(p))
    if p.exists() and not force:
        raise InputError("该文件已存在，未覆盖。如需覆盖请加 --force（窗口中会先询问）。", file=str(p))
    return p


def write(path, render: Callable[[Path], object], force: bool = False) -> Path:
    """Run ``render(tmp)`` into a temporary file beside ``path``, then move it into place
    (:func:`govtrack.fileio.atomic_path`: flushed, renamed; a failed write names the cause —
    磁盘已满, 只读, 被占用 — and leaves an old file as it was)."""
    from .. import fileio
    target = check_target(path, force)
    with fileio.atomic_path(target) as tmp:
        render(tmp)
    return target


def render(kind: str, report, path, fonts: dict | None = None, force: bool = False, **options) -> Path:
    """Write ``report`` (a monthly, notice or ledger dataclass) to ``path`` in the format of its suffix.

    :param options: passed to the writer (the ledger's ``columns`` and ``per_unit_sheets``)
    """
    fmt = format_of(kind, path)
    if fmt == "pdf":
        from govtrack.reports import pdf
        fn = {"monthly": pdf.render_monthly, "notice": pdf.render_notice, "ledger": pdf.render_ledger}[kind]
        return write(path, lambda tmp: fn(report, tmp, settings=fonts), force)
    if fmt == "docx":
        from govtrack.reports import docx_out
        fn = {"monthly": docx_out.write_monthly, "notice": docx_out.write_notice}[kind]
        return write(path, lambda tmp: fn(report, tmp), force)
    from govtrack.reports import xlsx_out
    return write(path, lambda tmp: xlsx_out.write_ledger(report, tmp, **options), force)
