"""Checks of single cell values from a returned workbook: percent and the three texts.

Pure functions over what openpyxl hands back, because units type percent in
every way a spreadsheet allows: 80, 80.0, '80', '80%', '８０％', or 0.8 shown
as a percentage; WPS and LibreOffice may save any of these. Each function
returns (value, problem) with the problem in Chinese, never raising.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata

TEXT_LIMIT = 2000
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def is_formula(value, data_type: str | None) -> bool:
    if data_type == "f":
        return True
    if type(value).__name__ in ("ArrayFormula", "DataTableFormula"):
        return True
    return isinstance(value, str) and value.strip().startswith("=") and len(value.strip()) > 1


def parse_percent(value, number_format: str | None = None, data_type: str | None = None
                  ) -> tuple[float | None, str | None]:
    """The percent a cell holds, 0–100, or a problem.

    >>> parse_percent("80%"), parse_percent(0.8, "0%"), parse_percent(80.0), parse_percent("８０")
    ((80.0, None), (80.0, None), (80.0, None), (80.0, None))
    >>> parse_percent("=A1*2", data_type="f")[1]
    '完成进度不能是公式，请直接填写数字'
    """
    if is_formula(value, data_type):
        return None, "完成进度不能是公式，请直接填写数字"
    if value is None:
        return None, None
    if isinstance(value, bool):
        return None, f"完成进度「{value}」不是数字"
    if isinstance(value, (dt.date, dt.datetime, dt.time, dt.timedelta)):
        return None, f"完成进度「{value}」是日期或时间，应为 0–100 的数字"
    if isinstance(value, (int, float)):
        number = float(value)
        if "%" in (number_format or "") and math.isfinite(number) and abs(number) <= 1.0:
            number *= 100.0
    else:
        text = unicodedata.normalize("NFKC", str(value)).strip().replace(" ", "")
        if not text:
            return None, None
        text = text[:-1] if text.endswith("%") else text     # '80%' and '80' both mean 80
        if not _NUMBER.match(text):
            return None, f"完成进度「{_short(str(value))}」不是数字（应为 0–100，例如 80 或 80%）"
        number = float(text)
    if not math.isfinite(number):
        return None, f"完成进度「{_short(str(value))}」不是有效数字"
    number = round(number, 2)
    if number < 0 or number > 100:
        return None, f"完成进度 {number:g} 超出 0–100 的范围"
    return number, None


def parse_text(value, data_type: str | None = None, limit: int = TEXT_LIMIT
               ) -> tuple[str, str | None]:
    """A text cell as a stripped string, or a problem (formula, too long)."""
    if value is None:
        return "", None
    if is_formula(value, data_type):
        return "", "不能是公式，请直接填写文字"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        text = value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    else:
        text = str(value)
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if len(text) > limit:
        return "", f"内容 {len(text)} 字，超过 {limit} 字的上限，请精简"
    return text, None


def _short(text: str, n: int = 20) -> str:
    return text if len(text) <= n else text[:n] + "…"
