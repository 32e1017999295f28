"""Who issues the reports: the office's names, 主送/抄送, 印发机关 and contact, from the settings.

One reader for the office identity so the 通报, the 督办单 and the 台账, in PDF,
Word and Excel, all print the same names.  The settings keys (editable in the
window's settings) are:

=====================  ==========================================  =========================
key                    what                                         default
=====================  ==========================================  =========================
``office.name``        机关全称 (版头 of the 通报, 督办单 signature)   市人民政府督查室
``office.short``       简称 (in sentences: "市督查室将…")             the full name
``report.to``          主送 (the line above the body of a 通报)        各牵头单位
``report.cc``          抄送 (版记)                                   none
``report.issuer``      印发机关 (版记)                               ``office.name``
``report.contact``     联系人 (督办单)                               none
``report.phone``       联系电话 (督办单)                             none
``report.requirements`` 下步工作要求 template text                   resources/templates/…
``report.praise``      units praised in the 通报 (、-separated)      none
``report.remind``      units reminded in the 通报 (、-separated)     none
=====================  ==========================================  =========================

Older databases used ``report.office``, ``report.copy_to`` and
``report.printed_by``; they are still read when the new key is not set.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

#: The office name when the settings give none: neutral, since the program
#: serves any city or district (the demo sets 潜江's).
DEFAULT_OFFICE = "市人民政府督查室"
DEFAULT_ADDRESSEE = "各牵头单位"

#: Every key this module reads (for the store's reader and the settings dialog).
KEYS = ("office.name", "office.short", "report.to", "report.cc", "report.issuer",
        "report.contact", "report.phone", "report.requirements", "report.praise", "report.remind",
        "report.office", "report.copy_to", "report.printed_by")


def _text(settings: Mapping[str, Any], *keys: str) -> str:
    for k in keys:
        v = settings.get(k)
        if v not in (None, ""):
            return str(v).strip()
    return ""


@dataclass(frozen=True)
class OfficeIdentity:
    """The names a report prints, read once from the settings."""

    name: str = DEFAULT_OFFICE
    short: str = DEFAULT_OFFICE
    addressee: str = DEFAULT_ADDRESSEE
    cc: str = ""
    issuer: str = DEFAULT_OFFICE
    contact: str = ""
    phone: str = ""
    requirements: str = ""
    praise: tuple[str, ...] = ()
    remind: tuple[str, ...] = ()

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> "OfficeIdentity":
        """Build from a settings dict (keys above; older keys as fallbacks).

        >>> OfficeIdentity.from_settings({"report.office": "某区人民政府督查室"}).issuer
        '某区人民政府督查室'
        >>> OfficeIdentity.from_settings({"office.name": "某市人民政府督查室", "office.short": "市督查室"}).short
        '市督查室'
        """
        name = _text(settings, "office.name", "report.office") or DEFAULT_OFFICE
        return cls(
            name=name,
            short=_text(settings, "office.short") or name,
            addressee=_text(settings, "report.to") or DEFAULT_ADDRESSEE,
            cc=_text(settings, "report.cc", "report.copy_to"),
            issuer=_text(settings, "report.issuer", "report.printed_by") or name,
            contact=_text(settings, "report.contact"),
            phone=_text(settings, "report.phone"),
            requirements=_text(settings, "report.requirements"),
            praise=_names(settings.get("report.praise")),
            remind=_names(settings.get("report.remind")),
        )


def _names(value) -> tuple[str, ...]:
    """Unit names from a list or a text separated by 、，, or new lines."""
    if not value:
        return ()
    if isinstance(value, (list, tuple)):
        return tuple(str(v).strip() for v in value if str(v).strip())
    import re
    return tuple(n for n in (x.strip() for x in re.split(r"[、，,;；\n]", str(value))) if n)
