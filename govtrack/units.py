"""Unit names: normalization, splitting of glued and abbreviated lists, the directory.

Breakdown documents write the same 责任单位 many ways: glued together by text
extraction (``市水利和湖泊局市住建局``), abbreviated after the first of a list
(``市发改委、财政局`` means 市财政局), in full or short form (市发展和改革委员会 /
市发改委), with half-width brackets or traditional characters, or as a group
(``各区镇街道``). This module turns such strings into canonical unit names using
a :class:`UnitDirectory` (the built-in list in ``resources/units.tsv`` plus the
units already in the database). It is pure: no database, no I/O but the TSV read.
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .paths import RESOURCES_DIR
from .textnorm import normalize_line

KINDS = ("市直部门", "区镇街道", "国企", "其他")

# What a unit name ends with. Longest first so the regex prefers 管理区 over 区.
UNIT_SUFFIXES = sorted(
    ["局", "委", "办", "委员会", "办公室", "中心", "集团", "处", "街道", "镇", "乡", "管理区",
     "管委会", "社", "院", "部", "组", "队", "支行", "行", "联", "公司", "会", "所", "站",
     "企业", "机构", "单位", "馆", "校", "学院", "区", "分局", "指挥部", "团", "厅", "园区",
     "政府", "办事处", "股", "室", "科", "园", "部门", "场", "署"],
    key=len, reverse=True)
_SUFFIX_RE = re.compile("(?:" + "|".join(map(re.escape, UNIT_SUFFIXES)) + r")(?:（[^（）]{1,20}）)?$")
# Departments whose short list items take the first item's 市/省/区/县 prefix.
_DEPT_RE = re.compile(r"(局|委|办|厅|委员会|办公室|中心|分局)$")
_TOWN_RE = re.compile(r"(镇|乡|街道|管理区|开发区|高新区)$")
_PROVINCES = ("北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|"
              "湖南|广东|海南|四川|贵州|云南|陕西|甘肃|青海|台湾|内蒙古|广西|西藏|宁夏|新疆|香港|澳门")
# A list item starting like this names its own body: no shared prefix is restored onto it.
_PLACE_PREFIX_RE = re.compile(r"^(市|区|县|省|州|旗|各|团市委|人行|人民银行|国家|中国|中央|驻|"
                              + _PROVINCES + r"|潜江)")
# The level prefix a list's first item gives the short items after it (省发改委、农委 → 省农委).
# Bodies that are not the government's departments (a city's 电业局, a bank branch): no prefix.
_OWN_BODY_RE = re.compile(r"(电业局|供电局|供电公司|电力公司|铁路局|海关|银行|分行|支行|邮政局|烟草专卖局)$")
_LEVEL_PREFIX_RE = re.compile(r"^(省|市|区|县|州|盟|旗)(?!直|属|级|委有关|政府各)")
_GROUP_RE = re.compile(r"^(各|有关|相关|市直|省直|区直|县直|区级|县级|市级|省级)|(有关|相关)(部门|单位)$")
# Separators between units written in one cell (brackets are protected before splitting).
_LIST_SPLIT_RE = re.compile(r"[、，；;,/\s]+|及(?=市)")
# A boundary inside glued text where a new 市… unit clearly starts.
_GLUE_HINT_RE = re.compile(r"(?<=[局委办室院部组队团会社处心司行联])(?=市)|"
                           r"(?:局|厅|街道|管委会|管理区)(?=[\u4e00-\u9fff])")
# List closers that name nobody: 省商务厅等, …等相关部门.
_CLOSER_RE = re.compile(r"等(其他|其它)?(相关|有关)?(部门|单位)?$")
_GENERIC_CLOSERS = {"相关部门", "有关部门", "相关单位", "有关单位", "部门", "单位", "其他部门",
                    "相关部门和单位", "有关部门和单位"}


def clean_name(name: str) -> str:
    """One unit name in canonical spelling: simplified, full-width brackets, no spaces."""
    name = normalize_line(name).replace(" ", "")
    return name.strip("、，。；：:;,.")


def guess_kind(name: str) -> str:
    if re.search(r"(集团|公司)(（[^）]*）)?$", name) or "集团" in name:
        return "国企"
    if _TOWN_RE.search(name) or name.startswith("各"):
        return "区镇街道" if re.search(r"(镇|街道|管理区|区镇)", name) else "其他"
    if name.startswith("市") or name.startswith("团市委") or name.endswith("管委会"):
        return "市直部门"
    return "其他"


def is_group(name: str) -> bool:
    """各地, 各部门, 有关部门, 相关镇街区, 各县（市、区）政府: many units at once, not an error."""
    return bool(_GROUP_RE.search(name))


def looks_like_unit(name: str) -> bool:
    return len(name) >= 3 and bool(_SUFFIX_RE.search(name)) or is_group(name) and len(name) >= 2


@dataclass
class UnitRecord:
    name: str
    kind: str = "其他"
    aliases: list[str] = field(default_factory=list)
    is_group: bool = False


class UnitDirectory:
    """Canonical names and their aliases; resolves any spelling to one canonical name."""

    def __init__(self, records: Iterable[UnitRecord] = ()):
        self._canon: dict[str, UnitRecord] = {}
        self._alias: dict[str, str] = {}
        for r in records:
            self.add(r)

    def add(self, record: UnitRecord) -> None:
        name = clean_name(record.name)
        existing = self.resolve(name)
        if existing and existing != name:
            # Already known under another name: keep that canonical, add spellings.
            for a in [name, *record.aliases]:
                self._add_alias(clean_name(a), existing)
            return
        rec = self._canon.get(name) or UnitRecord(name, record.kind, [], record.is_group)
        self._canon[name] = rec
        self._alias[name] = name
        for a in record.aliases:
            self._add_alias(clean_name(a), name)

    def _add_alias(self, alias: str, canonical: str) -> None:
        if not alias or alias in self._canon and alias != canonical:
            return
        self._alias.setdefault(alias, canonical)
        rec = self._canon[canonical]
        if alias != canonical and alias not in rec.aliases:
            rec.aliases.append(alias)

    def resolve(self, name: str) -> str | None:
        """Canonical name for any known spelling, else None."""
        name = clean_name(name)
        hit = self._alias.get(name)
        if hit:
            return hit
        # 市城发集团（市高新投公司）: the bracket names the same body another way.
        bare = re.sub(r"（[^（）]*）$", "", name)
        if bare != name:
            return self._alias.get(bare)
        return None

    def find(self, name: str) -> str | None:
        """For look-ups (``tasks --unit 市发展和改革委员会``): a known spelling, else the office's
        unit that generic full/short forms match. Never used to rename on import."""
        hit = self.resolve(name)
        if hit:
            return hit
        return propose_aliases([clean_name(name)], self.names()).get(clean_name(name))

    def record(self, canonical: str) -> UnitRecord | None:
        return self._canon.get(canonical)

    def __contains__(self, name: str) -> bool:
        return self.resolve(name) is not None

    def names(self) -> list[str]:
        return list(self._canon)

    def spellings(self) -> set[str]:
        return set(self._alias)

    # ------------------------------------------------------------ splitting

    def split_glued(self, text: str) -> tuple[list[str], list[str]]:
        """Split units glued together with no separator.

        Returns (names as written, problems). Known spellings win; unknown pieces must
        look like a unit (end in 局/委/办/街道/镇/…). A piece with an obvious inner
        boundary (``局市``) costs more than two pieces, so unknown lists still split.
        """
        text = clean_name(text)
        if not text:
            return [], []
        known = self._alias
        n = len(text)
        INF = float("inf")
        best: list[tuple[float, int]] = [(INF, -1)] * (n + 1)
        best[0] = (0.0, -1)
        max_len = 40
        for i in range(n):
            if best[i][0] == INF:
                continue
            for j in range(i + 2, min(n, i + max_len) + 1):
                piece = text[i:j]
                if piece in known or re.sub(r"（[^（）]*）$", "", piece) in known:
                    cost = 1.0
                elif looks_like_unit(piece) and not piece.startswith("（"):
                    cost = 4.0 + 5.0 * len(_GLUE_HINT_RE.findall(piece)) \
                        + (2.0 if piece[0] in "会局委办厅部处室队股" else 0.0)
                else:
                    continue
                if best[i][0] + cost < best[j][0]:
                    best[j] = (best[i][0] + cost, i)
        if best[n][0] == INF:
            return [text], [f"无法拆分单位名称「{text}」"]
        pieces, j = [], n
        while j > 0:
            i = best[j][1]
            pieces.append(text[i:j])
            j = i
        pieces.reverse()
        return pieces, []

    def split_list(self, text: str) -> tuple[list[str], list[str]]:
        """Split a written list of units into canonical names (see :func:`split_unit_list`)."""
        return split_unit_list(text, self)

    def canonical(self, name: str) -> str:
        return self.resolve(name) or clean_name(name)


def load_builtin(path: Path | None = None) -> list[UnitRecord]:
    """The built-in directory: resources/units.tsv (name, kind, aliases separated by |)."""
    path = path or RESOURCES_DIR / "units.tsv"
    return list(_read_tsv(str(path)))


@functools.lru_cache(maxsize=4)
def _read_tsv(path: str) -> tuple[UnitRecord, ...]:
    out = []
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.reader(f, delimiter="\t"):
            if not row or row[0].startswith("#"):
                continue
            name = row[0].strip()
            kind = (row[1].strip() if len(row) > 1 and row[1].strip() else guess_kind(name))
            aliases = [a.strip() for a in row[2].split("|")] if len(row) > 2 and row[2].strip() else []
            out.append(UnitRecord(name, kind, aliases, is_group(name)))
    return tuple(out)


# ------------------------------------------------------------------ the one list splitter

def _split_outside_brackets(text: str) -> list[str]:
    """Split at 、，；, spaces and / but never inside （…）: 各县（市、区）人民政府 stays whole."""
    out, buf, depth = [], [], 0
    for ch in text:
        if ch == "（":
            depth += 1
        elif ch == "）":
            depth = max(0, depth - 1)
        if depth == 0 and _LIST_SPLIT_RE.fullmatch(ch):
            out.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
    out.append("".join(buf))
    return [x for x in out if x]


def _split_at_joiners(item: str) -> list[str]:
    """统计局和市直相关单位, 省农业厅等省直有关部门 → two units; 市水利和湖泊局, 文化和旅游厅 stay whole."""
    depth = 0
    for i, ch in enumerate(item):
        depth += ch == "（"
        depth -= ch == "）"
        if depth or ch not in "和及与等" or i == 0:
            continue
        left, right = item[:i], item[i + 1:]
        if not right or not looks_like_unit(left):
            continue
        if ch == "等" and right in _GENERIC_CLOSERS:
            return [left]
        if looks_like_unit(right) or is_group(right):
            return [left, *_split_at_joiners(right)]
    return [item]


def _join_spaced(tokens: list[str]) -> list[str]:
    """Rejoin a name a space cut (``市 住建局``) while keeping space-separated units apart."""
    out: list[str] = []
    for tok in tokens:
        if out and not looks_like_unit(out[-1]):
            out[-1] += tok
        else:
            out.append(tok)
    return out


def _restore_suffix(items: list[str]) -> list[str]:
    """各乡、镇人民政府 → 各乡人民政府、各镇人民政府; 各县、市、区政府 → 各县政府、各市政府、各区政府."""
    out = list(items)
    for i in range(len(out) - 1, -1, -1):
        m = re.match(r"^(各?)([\u4e00-\u9fff])((?:人民)?政府|[\u4e00-\u9fff]{0,3}委员会|党委)$", out[i])
        if not m:
            continue
        tail = m.group(3)
        j = i - 1
        while j >= 0 and re.fullmatch(r"各?[\u4e00-\u9fff]", out[j]):
            if out[j].startswith("各") and not out[j + 1].startswith("各"):
                for k in range(j + 1, i + 1):
                    out[k] = "各" + out[k]
            out[j] = out[j] + tail
            j -= 1
    return out


def split_unit_list(text: str, directory: "UnitDirectory | None" = None) -> tuple[list[str], list[str]]:
    """The one splitter for a written list of units: importers, the task editor and the wizard.

    ``市发改委、财政局；各区镇街道`` → (names in order without repeats, problems in Chinese).
    Splits at 、，；, spaces and 和/及 between complete names, never inside brackets; drops list
    closers (``等``, ``等相关部门``); restores a dropped shared prefix (``省发改委、农委`` →
    省农委) and suffix (``各乡、镇人民政府``); joins a name a space cut. With a directory, a
    known spelling resolves to the office's own name; unknown names are kept as written.
    """
    text = normalize_line(text or "").strip("、，。；：:;,. ")
    if not text:
        return [], []
    raw_items = _split_outside_brackets(text)
    if " " in text:
        raw_items = _join_spaced(raw_items)
    items: list[str] = []
    for item in raw_items:
        for piece in _split_at_joiners(item):
            piece = clean_name(_CLOSER_RE.sub("", piece))
            if piece:
                items.append(piece)
    items = _restore_suffix(items)
    names: list[str] = []
    problems: list[str] = []
    m = _LEVEL_PREFIX_RE.match(items[0]) if items else None
    prefix = m.group(1) if m else ""
    for k, item in enumerate(items):
        if directory is not None and item in directory:
            pieces = [item]
        else:
            pieces, probs = (directory or UnitDirectory()).split_glued(item)
            if probs and not (prefix and _DEPT_RE.search(item)):
                problems.extend(probs)
            if len(pieces) > 1 and not all(directory is not None and p in directory for p in pieces):
                problems.append(f"「{item}」中间没有分隔符，已按名称结尾拆为 {'、'.join(pieces)}，请核对")
        for piece in pieces:
            name = directory.resolve(piece) if directory is not None else None
            if name is None and prefix and k > 0 and _DEPT_RE.search(piece) \
                    and not _PLACE_PREFIX_RE.match(piece) and not _OWN_BODY_RE.search(piece):
                full = prefix + piece              # 市发改委、财政局 → 市财政局
                name = (directory.resolve(full) if directory is not None else None) or full
            if name is None:
                name = clean_name(piece)
            if name not in names:
                names.append(name)
    return names, problems


# ------------------------------------------------------------------ generic full/short forms

@functools.lru_cache(maxsize=1)
def _forms() -> tuple[tuple[str, str], ...]:
    """resources/unit_forms.tsv: generic full form → short form, longest full form first."""
    out = []
    with open(RESOURCES_DIR / "unit_forms.tsv", encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or "\t" not in line:
                continue
            full, short = line.rstrip("\n").split("\t")[:2]
            out.append((full.strip(), short.strip()))
    return tuple(sorted(out, key=lambda p: len(p[0]), reverse=True))


def form_key(name: str) -> str:
    """A spelling-independent key: 市发展和改革委员会 and 市发改委 give the same key."""
    key = clean_name(name)
    for full, short in _forms():
        if full in key:
            key = key.replace(full, short)
    return key


def propose_aliases(new_names: Iterable[str], office_units: Iterable[str]) -> dict[str, str]:
    """New spellings that generic knowledge says are units the office already has.

    Only proposals: the preview shows them and the user decides. A name matches when its
    :func:`form_key` equals an office unit's key, with or without the level prefix the office
    writes (常熟 writes 发改委, 潜江 writes 市发改委).
    """
    exact: dict[str, str] = {}
    prefixed_bare: dict[str, str] = {}
    for u in office_units:
        k = form_key(u)
        exact.setdefault(k, u)
        bare = _LEVEL_PREFIX_RE.sub("", k)
        if bare != k:
            prefixed_bare.setdefault(bare, u)
    out: dict[str, str] = {}
    for n in new_names:
        k = form_key(n)
        bare = _LEVEL_PREFIX_RE.sub("", k)
        # 省发改委 is not 市发改委: a prefixed name only meets an unprefixed one.
        hit = exact.get(k) or (prefixed_bare.get(k) if bare == k else exact.get(bare))
        if hit and hit != n:
            out[n] = hit
    return out
