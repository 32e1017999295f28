"""Importers: files in, :class:`~.model.ParseResult` out. They parse; they never write.

:func:`parse_file` picks the importer by the file's type. Word and Excel tables
register themselves in :data:`PARSERS` by suffix.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..errors import InputError
from ..units import UnitDirectory
from .model import ParseResult

# suffix -> function(path, directory, year) -> (ParseResult, sha256, size, text or None)
PARSERS: dict[str, Callable] = {}


def parse_text_file(path: Path, directory: UnitDirectory, year: int | None):
    from .breakdown import parse_breakdown
    from .source import read_source
    src = read_source(path)
    return parse_breakdown(src, directory, year=year), src.sha256, src.size, src.text


OLD_OFFICE = {".doc": "Word", ".wps": "WPS 文字", ".xls": "Excel", ".et": "WPS 表格", ".dps": "WPS 演示",
              ".ppt": "PowerPoint", ".rtf": "Word"}


def parse_file(path: str | Path, directory: UnitDirectory, year: int | None = None):
    """Parse any supported breakdown file: returns (ParseResult, sha256, size, original text)."""
    path = Path(path)
    if path.suffix.lower() in OLD_OFFICE:
        raise InputError(f"这是旧版 {OLD_OFFICE[path.suffix.lower()]} 文件（{path.suffix}），无法直接读取。"
                         "请在 Word/WPS/Excel 中另存为 .docx/.xlsx 后导入。", file=path.name)
    parser = PARSERS.get(path.suffix.lower(), parse_text_file)
    return parser(path, directory, year)


def _register_tables() -> None:
    """Word and Excel breakdown tables (issue 7); imported lazily so text imports stay light."""
    def parse_docx(path, directory, year):
        from .tables_docx import parse_docx as impl
        return impl(path, directory, year)

    def parse_xlsx(path, directory, year):
        from .tables_xlsx import parse_xlsx as impl
        return impl(path, directory, year)

    PARSERS.setdefault(".docx", parse_docx)
    PARSERS.setdefault(".xlsx", parse_xlsx)


_register_tables()


__all__ = ["PARSERS", "ParseResult", "parse_file", "parse_text_file"]
