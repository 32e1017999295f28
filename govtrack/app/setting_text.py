"""A setting's value as the window shows it in a line edit, and the typed text read back.

The CLI takes JSON (``settings set rules.task_lead_days [15,7,1]``); an office clerk types
「15、7、1」, 「1-1」 or 「是」. These two functions are the window's one home for that.
:meth:`SettingsService.set` still checks the value.
"""

from __future__ import annotations

import re
from typing import Any

_SEP = re.compile(r"[、,，;；\s]+")


def show_text(entry: dict) -> str:
    """The text for a setting entry of :meth:`SettingsService.show`."""
    v = entry["value"]
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, (list, tuple)):
        if entry["key"].endswith(("default_start", "default_end")) and len(v) == 2:
            return f"{v[0]}-{v[1]}"
        return "、".join(str(x) for x in v)
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return "" if v is None else str(v)


def read_text(entry: dict, text: str) -> Any:
    """The value to store for ``text`` typed into the entry's field (checked by the core)."""
    text = (text or "").strip()
    if entry["kind"] != "rule":
        return text
    default = entry["default"]
    if isinstance(default, (list, tuple)) and not entry["key"].endswith(("default_start", "default_end")):
        parts = [p for p in _SEP.split(text) if p]
        try:
            return [int(p) for p in parts]
        except ValueError:
            return text             # the core names the bad value
    return text
