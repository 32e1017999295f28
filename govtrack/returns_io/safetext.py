"""What goes out to units as cell text: never a formula, never a control character.

Task texts and unit names come from imported documents; an exported fill-in
workbook goes to sixty units. A value that starts with ``=`` would be a formula
in openpyxl (and ``+ - @`` are read as one when a unit re-types the cell in Excel
or WPS), so such values are written as text cells with Excel's quote prefix.
Control characters (``\\x0c``, ``\\x1b[31m``, ``\\x07``) cannot be stored in xlsx at
all and print as blanks; they are removed (tab and line breaks are kept).
"""

from __future__ import annotations

import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f]")
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")


def clean_text(value: str) -> str:
    """``value`` without control characters (an ANSI colour code goes as a whole)."""
    return CONTROL.sub("", ANSI_ESCAPE.sub("", value))


def looks_like_formula(value: str) -> bool:
    return value.startswith(FORMULA_START)


def put(cell, value):
    """Set ``cell`` to ``value``; text is cleaned and kept as text, whatever it starts with."""
    if not isinstance(value, str):
        cell.value = value
        return cell
    text = clean_text(value)
    cell.value = text
    if text and (cell.data_type == "f" or looks_like_formula(text)):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell
