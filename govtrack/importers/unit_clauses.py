"""Who does a task, as a document writes it: labels, role words, marks.

Offices write the same thing many ways — ``（牵头单位：A；配合单位：B、C）``,
``（A主办，B、C协办）``, ``（A、B分别牵头）``, ``（B配合A落实）``, ``（…等负责）``,
label lines ``牵头领导：王 健`` / ``责任单位：…``, ``★A、B`` or ``A*、B``. This
module turns any of them into lead / assisting units, leader and deadline,
and says when the document did not mark a lead (``explicit`` false). Pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..units import UnitDirectory, looks_like_unit, split_unit_list

# label → what its value holds. 责任单位 is 'responsible': assisting when a 牵头单位 is
# given, leading when a 配合单位 is given, an undifferentiated list otherwise.
LABELS: dict[str, str] = {
    "牵头责任单位": "lead", "牵头单位": "lead", "牵头部门": "lead", "主责单位": "lead",
    "主责部门": "lead", "牵头": "lead",
    "配合单位": "assist", "协办单位": "assist", "协同责任单位": "assist", "协同单位": "assist",
    "参与单位": "assist", "配合部门": "assist", "协助单位": "assist", "协同部门": "assist",
    "责任单位": "responsible", "责任部门": "responsible", "承办单位": "responsible",
    "部门分工": "responsible", "责任股室": "responsible", "实施单位": "responsible",
    "牵头负责领导": "official", "牵头领导": "official", "责任领导": "official",
    "分管领导": "official", "分管省领导": "official", "分管市领导": "official",
    "分管区领导": "official", "分管县领导": "official", "联系领导": "official",
    "责任市领导": "official", "区政府分管领导": "official", "市政府分管领导": "official",
    "县政府分管领导": "official", "包保领导": "official",
    "完成时限": "deadline", "完成时间": "deadline", "时间节点": "deadline",
    "完成期限": "deadline", "时限要求": "deadline", "时限": "deadline",
    # Fields that end the value before them and are kept out of the units.
    "项目责任人": "other", "责任人": "other", "联系人": "other", "实际完成情况": "other",
    "完成情况": "other", "落实情况": "other", "进展情况": "other", "备注": "other",
    "工作目标": "other", "目标任务": "other", "主要措施": "other",
}
_LABEL_ALT = "|".join(sorted((re.escape(k) for k in LABELS if k != "牵头"), key=len, reverse=True))
# 协同（责任）单位, 牵头（负责）领导, 分管（省/市）领导: the bracketed word is optional.
LABEL_RE = re.compile(r"(协同（责任）单位|牵头（负责）领导|分管（[省市区县/、]+）领导|"
                      + _LABEL_ALT + r")\s*：")
_ROLE_RE = re.compile(r"(分别牵头|分别负责|共同牵头|牵头负责|牵头|主办|协办|配合|参与|等负责|负责|"
                      r"按职责分工负责|按职责分工落实|按职责负责)$")
_LEAD_MARK_RE = re.compile(r"^[★☆]|[*＊]$")


@dataclass
class UnitFields:
    lead: list[str] = field(default_factory=list)
    assist: list[str] = field(default_factory=list)
    official: str | None = None
    deadline: str | None = None
    explicit: bool = True           # the document marks who leads
    problems: list[str] = field(default_factory=list)

    @property
    def has_units(self) -> bool:
        return bool(self.lead or self.assist)


def label_kind(label: str) -> str:
    label = re.sub(r"（[^）]*）", "", label)
    if label.startswith("分管") and label.endswith("领导"):
        return "official"
    return LABELS.get(label, "other")


def split_labels(text: str) -> list[tuple[str, str]]:
    """``牵头领导：王 健 责任单位：A、B`` → [('official', '王 健'), ('responsible', 'A、B')]."""
    parts = LABEL_RE.split(text)
    out = []
    if parts[0].strip(" ；;，。"):
        out.append(("roles", parts[0].strip(" ；;，。")))   # （A主办，B协办；完成时限：…）
    for label, value in zip(parts[1::2], parts[2::2]):
        out.append((label_kind(label), value.strip(" ；;，。")))
    return out


def _names(text: str, directory: UnitDirectory, problems: list[str], *, cut_tail: bool = False
           ) -> list[str]:
    text = text.strip(" ；，。")
    if cut_tail and " " in text:
        # A label value on a shared line runs into whatever follows (a statistics table):
        # keep the space-separated pieces while they are unit lists.
        kept = []
        for tok in text.split(" "):
            names, _ = split_unit_list(tok, None)
            if not names or not all(looks_like_unit(n) for n in names):
                break
            kept.append(tok)
        text = "、".join(kept)
    names, probs = split_unit_list(text, directory)
    problems.extend(probs)
    return names


def read_role_words(inner: str, directory: UnitDirectory, f: UnitFields | None = None) -> UnitFields:
    """``A牵头，B、C配合`` / ``A主办，B协办`` / ``A、B分别负责`` / ``B配合A落实`` / ``A、B等负责``."""
    f = f or UnitFields()
    undifferentiated: list[str] = []
    for part in re.split(r"[，；]", inner):
        part = part.strip("。 ")
        if not part:
            continue
        m = re.match(r"^(.+?)配合(.+?)(落实|实施|推进|开展)?$", part)
        if m and looks_like_unit(split_unit_list(m.group(2))[0][-1] if split_unit_list(m.group(2))[0] else ""):
            f.assist.extend(_names(m.group(1), directory, f.problems))
            f.lead.extend(_names(m.group(2), directory, f.problems))
            continue
        m = _ROLE_RE.search(part)
        role = m.group(1) if m else ""
        names_text = part[: m.start()] if m else part
        names_text = re.sub(r"(由|请)$", "", names_text)
        if not names_text.strip():
            continue
        names = _names(names_text, directory, f.problems)
        if role in ("牵头", "主办", "牵头负责", "共同牵头", "分别牵头"):
            f.lead.extend(names)
        elif role in ("协办", "配合", "参与"):
            f.assist.extend(names)
        elif role.startswith("按职责") and f.lead:
            f.assist.extend(names)
        elif role in ("分别负责",):
            f.lead.extend(names)
            f.explicit = False
        else:                                   # 负责 / 等负责 / 按职责分工负责 / none
            if role == "负责" and len(names) == 1 and not f.lead and not undifferentiated \
                    and "等" not in names_text[-1:]:
                f.lead.extend(names)
            else:
                undifferentiated.extend(names)
                if role in ("等负责",) or names_text.rstrip().endswith("等") or len(names) > 1:
                    f.explicit = False
    if undifferentiated:
        if f.lead:
            f.assist.extend(undifferentiated)
        else:
            _first_leads(f, undifferentiated)
    return f


def _first_leads(f: UnitFields, names: list[str]) -> None:
    """An undifferentiated list: kept in document order, the first put as lead (the parser
    says so in the preview unless the document states that rule itself)."""
    f.lead.extend(names[:1])
    f.assist.extend(names[1:])
    if len(names) > 1:
        f.explicit = False


def apply_labels(pairs: list[tuple[str, str]], directory: UnitDirectory, *, inline: bool = False
                 ) -> UnitFields:
    """Label/value pairs (from one clause or several label lines) → the task's fields."""
    f = UnitFields()
    kinds = {k for k, v in pairs if v}
    responsible: list[str] = []
    for kind, value in pairs:
        if not value:
            continue
        if kind == "deadline":
            f.deadline = value
        elif kind == "official":
            f.official = re.sub(r"\s+$", "", value.split("；")[0])
        elif kind == "lead" and not re.search(r"[★☆*＊]", value):
            f.lead.extend(_names(value, directory, f.problems, cut_tail=inline))
        elif kind == "assist":
            f.assist.extend(_names(value, directory, f.problems, cut_tail=inline))
        elif kind == "roles":
            read_role_words(value, directory, f)
        elif kind in ("responsible", "lead") and read_marks(value, directory):
            marked = read_marks(value, directory)
            f.lead.extend(marked.lead)
            f.assist.extend(marked.assist)
        elif kind == "responsible":
            if _ROLE_RE.search(re.split(r"[，；]", value.strip("。"))[0]) or "配合" in value:
                read_role_words(value, directory, f)
            else:
                responsible.extend(_names(value, directory, f.problems, cut_tail=inline))
    if responsible:
        if "lead" in kinds or f.lead:
            f.assist.extend(responsible)          # both given: 责任单位 are the assisting units
        elif "assist" in kinds:
            f.lead.extend(responsible)            # 责任单位 against 配合单位 leads
        else:
            _first_leads(f, responsible)
    _dedupe(f)
    return f


def read_marks(names_text: str, directory: UnitDirectory) -> UnitFields | None:
    """``★A、B`` or ``A*、B``: the marked unit leads. None when nothing is marked."""
    if not re.search(r"[★☆*＊]", names_text):
        return None
    f = UnitFields()
    for raw in re.split(r"[、，；,;\s]+", names_text):
        if not raw:
            continue
        marked = bool(_LEAD_MARK_RE.search(raw))
        names = _names(re.sub(r"[★☆*＊]", "", raw), directory, f.problems)
        (f.lead if marked else f.assist).extend(names)
    if not f.lead:
        return None
    _dedupe(f)
    return f


def read_unit_text(text: str, directory: UnitDirectory, *, inline: bool = False) -> UnitFields | None:
    """Any written unit statement: labels, marks, role words or a bare list. None if it names no unit."""
    text = text.strip()
    if not text:
        return None
    if LABEL_RE.search(text):
        f = apply_labels(split_labels(text), directory, inline=inline)
        return f if f.has_units or f.official or f.deadline else None
    marked = read_marks(text, directory)
    if marked:
        return marked
    if _ROLE_RE.search(re.split(r"[，；]", text.strip("。"))[0]) or re.search(
            r"(牵头|主办|协办|配合|负责|落实)", text):
        f = read_role_words(text, directory)
    else:
        names, probs = split_unit_list(text, directory)
        if not names or not all(looks_like_unit(n) for n in names):
            return None
        f = UnitFields(problems=probs)
        _first_leads(f, names)
    _dedupe(f)
    return f if f.has_units else None


def _dedupe(f: UnitFields) -> None:
    lead: list[str] = []
    for n in f.lead:
        if n not in lead:
            lead.append(n)
    f.lead = lead
    f.assist = [n for i, n in enumerate(f.assist) if n not in lead and n not in f.assist[:i]]
