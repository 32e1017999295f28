"""Unit suggestions for a new task text, learned from what the office already has.

Why this exists: deciding who leads each of ~140 new tasks is the slowest part of
the yearly breakdown, yet most tasks resemble one from an earlier year (flood
control → 市水利和湖泊局, 招商 → 市招商服务中心), and every unit's field of work
is written down in its 三定 functions. So a unit's score for a new text adds up
three kinds of evidence, each shown to the person deciding:

* **past tasks** — the nearest past tasks by TF-IDF cosine of Chinese character
  bigrams vote for the unit that led them (the nearest count most), and each
  unit's whole record of led tasks is compared with the text as one profile;
* **fields of work** — the few words of ``resources/unit_fields.tsv`` (and the
  unit's own name: 市水利和湖泊局 → 水利, 湖泊) found in the text, rarer words
  counting more;
* **corrections** — a past task whose units the user chose or changed weighs more.

A unit that is neither in the history nor in the fields file (nor the office's
unit directory, when given) is never suggested: with nothing to go on the
:class:`Suggestion` says so in ``note`` instead of guessing.
``benchmarks/bench_suggest.py`` measures it on the real breakdowns (001, 000).
"""

from __future__ import annotations

import csv
import math
import re
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from .paths import RESOURCES_DIR

__all__ = ["PastTask", "RankedUnit", "Evidence", "Suggestion", "UnitSuggester", "bigrams",
           "unit_cues", "load_unit_fields", "FIELDS_FILE"]

FIELDS_FILE = RESOURCES_DIR / "unit_fields.tsv"

_CJK_RUN_RE = re.compile(r"[\u3400-\u9fff]+")
_ALNUM_RE = re.compile(r"[A-Za-z0-9]+")
# Words that occur in almost every task and say nothing about who does it.
_STOP_BIGRAMS = {"推进", "加快", "加强", "实施", "完善", "全面", "持续", "深入", "推动", "提升",
                 "开展", "建设", "工作", "全市", "我市", "年底", "完成", "落实", "进一", "一步"}
# Parts of unit names that are not about the unit's field of work.
_UNIT_FILLER_RE = re.compile(
    r"^(潜江)?市|^区|(管理局|委员会|办公室|服务中心|促进中心|发展中心|中心|集团|公司|"
    r"管理处|局|委|办|处|部|院|会|社|行|队|站|所)$|（[^（）]*）")


def bigrams(text: str) -> list[str]:
    """Character bigrams of each run of Chinese characters, plus letter/digit words (``5G``)."""
    out: list[str] = []
    for run in _CJK_RUN_RE.findall(text):
        if len(run) == 1:
            continue
        out.extend(run[i:i + 2] for i in range(len(run) - 1))
    out.extend(w.upper() for w in _ALNUM_RE.findall(text) if not w.isdigit())
    return [g for g in out if g not in _STOP_BIGRAMS]


def unit_cues(unit: str) -> list[str]:
    """Two-character words of a unit's field of work: 市水利和湖泊局 → 水利, 湖泊."""
    core = unit
    for _ in range(3):
        core = _UNIT_FILLER_RE.sub("", core)
    core = core.replace("和", "")
    words = [core[i:i + 2] for i in range(0, len(core) - 1, 2)]
    return [w for w in words if _CJK_RUN_RE.fullmatch(w) and w not in _STOP_BIGRAMS]


def load_unit_fields(path: Path | str | None = None,
                     canonical: Callable[[str], str] | None = None) -> dict[str, list[str]]:
    """Fields of work per unit from a TSV file (unit <TAB> words separated by 、).

    :param path: default ``resources/unit_fields.tsv``; a missing file gives ``{}``
    :param canonical: maps any spelling of a unit to the directory's name
    """
    path = Path(path) if path else FIELDS_FILE
    if not path.exists():
        return {}
    out: dict[str, list[str]] = {}
    with open(path, encoding="utf-8-sig", newline="") as f:
        for row in csv.reader(f, delimiter="\t"):
            if len(row) < 2 or not row[0].strip() or row[0].lstrip().startswith("#"):
                continue
            name = canonical(row[0].strip()) if canonical else row[0].strip()
            words = [w.strip().upper() for w in re.split(r"[、,，;；\s]+", row[1]) if w.strip()]
            out.setdefault(name, [])
            out[name] += [w for w in words if w not in out[name]]
    return out


@dataclass
class PastTask:
    """One task already in the ledger, with the units that took it on."""
    task_id: int
    content: str
    lead: list[str]
    assist: list[str] = field(default_factory=list)
    seq: str = ""
    plan: str = ""              # plan title or year, shown as evidence
    weight: float = 1.0         # more when the user chose or corrected its units


@dataclass
class RankedUnit:
    name: str
    score: float                # 0–1, share of the evidence for this role
    tasks: int                  # how many of the nearest past tasks back it
    by_name: bool = False       # the text names the unit's field of work
    fields: list[str] = field(default_factory=list)   # the field words found in the text
    reason: str = ""            # one line for the window: why this unit

    def __post_init__(self):
        if not self.reason:
            parts = []
            if self.tasks:
                parts.append(f"{self.tasks} 项相似往年任务")
            if self.fields:
                parts.append("职能：" + "、".join(self.fields[:4]))
            self.reason = "；".join(parts) or "往年曾承担同类任务"


@dataclass
class Evidence:
    task_id: int
    seq: str
    plan: str
    content: str
    lead: list[str]
    assist: list[str]
    similarity: float


@dataclass
class Suggestion:
    """Ranked lead and assisting units for one text, with the past tasks behind them."""
    text: str
    lead: list[RankedUnit]
    assist: list[RankedUnit]
    confidence: float           # 0–1
    evidence: list[Evidence]
    note: str = ""              # said instead of guessing when there is little to go on

    @property
    def confidence_label(self) -> str:
        return "高" if self.confidence >= 0.6 else "中" if self.confidence >= 0.4 else "低"

    def to_dict(self) -> dict:
        d = asdict(self)
        d["confidence_label"] = self.confidence_label
        return d


class UnitSuggester:
    """Similarity index over past tasks and fields of work; build once, ask many times.

    :param history: past tasks with their lead (and assisting) units
    :param fields: field-of-work words per unit (:func:`load_unit_fields`)
    :param units: the office's unit directory; when given, a unit outside it is never
        suggested from the fields file (history units always stay: the office had them)
    :param neighbours: how many of the most similar past tasks vote
    :param power: a neighbour's vote is its similarity to this power (nearest count most)
    :param profile_weight: weight of the unit's whole record compared with the text
    :param field_weight: weight of the unit's field words (and name) found in the text
    :param prior_weight: weight of how many tasks a unit led (breaks near ties)

    The defaults were tuned with ``benchmarks/bench_suggest.py`` leave-one-out on 001.
    """

    def __init__(self, history: Iterable[PastTask], *, fields: dict[str, list[str]] | None = None,
                 units: Iterable[str] | None = None, neighbours: int = 8, power: float = 1.0,
                 profile_weight: float = 0.3, field_weight: float = 2.2,
                 prior_weight: float = 0.15):
        self.history = [h for h in history if h.lead and h.content.strip()]
        self.neighbours = neighbours
        self.power = power
        self.profile_weight = profile_weight
        self.field_weight = field_weight
        self.prior_weight = prior_weight
        self._grams = [Counter(bigrams(h.content)) for h in self.history]
        df: Counter = Counter()
        for g in self._grams:
            df.update(g.keys())
        n = len(self.history)
        self._idf = {g: math.log((n + 1) / (c + 1)) + 1.0 for g, c in df.items()}
        self._default_idf = math.log(n + 1) + 1.0
        self._vectors = [self._vector(g) for g in self._grams]
        self._index: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for i, vec in enumerate(self._vectors):
            for g, w in vec.items():
                self._index[g].append((i, w))
        self._led: dict[str, list[int]] = defaultdict(list)
        for i, h in enumerate(self.history):
            self._led[h.lead[0]].append(i)
        known = {u for h in self.history for u in h.lead + h.assist}
        allowed = set(units) if units is not None else None
        words: dict[str, list[str]] = {}
        for u, ws in (fields or {}).items():
            if u in known or allowed is None or u in allowed:
                words[u] = list(ws)
        for u in known - set(words):            # the file's words replace the name's guess
            words[u] = unit_cues(u)
        self.units = sorted(known | set(words))
        # A word many units claim (管理, 服务) tells less than one only 水利 claims (堤防).
        claims = Counter(w for ws in words.values() for w in set(ws))
        total = max(len(words), 1)
        self._field_words = {u: [(w, math.log(1 + total / claims[w])) for w in ws]
                             for u, ws in words.items() if ws}

    def _vector(self, grams: Counter) -> dict[str, float]:
        vec = {g: (1.0 + math.log(c)) * self._idf.get(g, self._default_idf) for g, c in grams.items()}
        norm = math.sqrt(sum(w * w for w in vec.values())) or 1.0
        return {g: w / norm for g, w in vec.items()}

    def _similarities(self, text: str, exclude: set[int]) -> dict[int, float]:
        vec = self._vector(Counter(bigrams(text)))
        scores: dict[int, float] = defaultdict(float)
        for g, w in vec.items():
            for i, w2 in self._index.get(g, ()):
                scores[i] += w * w2
        return {i: s for i, s in scores.items()
                if s > 0 and self.history[i].task_id not in exclude}

    def similar(self, text: str, *, exclude: set[int] = frozenset(),
                limit: int | None = None) -> list[tuple[int, float]]:
        """(history index, cosine similarity) of past tasks, most similar first."""
        ranked = sorted(self._similarities(text, set(exclude)).items(), key=lambda x: -x[1])
        return ranked[:limit] if limit else ranked

    def fields_in(self, text: str) -> dict[str, tuple[float, list[str]]]:
        """Per unit: (weight of its field words found in ``text``, those words).

        A word found only inside a longer found word counts for the longer one alone
        (空气质量 is the environment's, not 质量 for market supervision).
        """
        upper = text.upper()
        found = {w for words in self._field_words.values() for w, _ in words if w in upper}
        longer = sorted(found, key=len, reverse=True)
        kept = set()
        for w in found:
            rest = upper
            for w2 in longer:
                if len(w2) > len(w) and w in w2:
                    rest = rest.replace(w2, "\0")
            if w in rest:
                kept.add(w)
        out = {}
        for u, words in self._field_words.items():
            hit = [(w, idf) for w, idf in words if w in kept]
            if hit:
                out[u] = (sum(idf * (1 + 0.25 * (len(w) - 2)) for w, idf in hit),
                          [w for w, _ in sorted(hit, key=lambda x: -x[1])])
        return out

    def suggest(self, text: str, k: int = 5, *, exclude: Iterable[int] = ()) -> Suggestion:
        """Rank lead and assisting units for ``text``.

        :param k: how many units per role
        :param exclude: task ids to leave out of the history (leave-one-out measurement)
        """
        sims = self._similarities(text, set(exclude))
        near = sorted(sims.items(), key=lambda x: -x[1])[:self.neighbours]
        top = near[0][1] if near else 0.0
        votes: dict[str, float] = defaultdict(float)
        assist: dict[str, float] = defaultdict(float)
        lead_n: Counter = Counter()
        assist_n: Counter = Counter()
        for i, sim in near:
            h = self.history[i]
            weight = h.weight * sim ** self.power                # the nearest tasks count most
            votes[h.lead[0]] += weight
            lead_n[h.lead[0]] += 1
            for u in h.lead[1:] + h.assist:
                assist[u] += weight * 0.8 if u in h.assist else weight * 0.5
                assist_n[u] += 1
            # A unit that led similar tasks is a likely assistant here too, and vice versa.
            assist[h.lead[0]] += weight * 0.2
        # Each unit's record as a whole: the mean of its two most similar led tasks.
        profile: dict[str, float] = {}
        for u, rows in self._led.items():
            best = sorted((sims.get(i, 0.0) for i in rows), reverse=True)[:2]
            if best and best[0] > 0:
                profile[u] = sum(best) / 2
        found = self.fields_in(text)
        led_total = sum(len(r) for r in self._led.values()) or 1
        lead: dict[str, float] = defaultdict(float)
        parts = ((votes, 1.0), (profile, self.profile_weight),
                 ({u: f for u, (f, _) in found.items()}, self.field_weight))
        for part, weight in parts:
            peak = max(part.values(), default=0.0)
            for u, s in part.items():
                if peak > 0:
                    lead[u] += weight * s / peak
        for u in list(lead):
            lead[u] += self.prior_weight * len(self._led.get(u, ())) / led_total * len(self._led)
        for u, (f, _) in found.items():
            assist[u] += 0.5 * f / max(x for x, _ in found.values()) * (top ** self.power or 0.01)
        named = {u: words for u, (_, words) in found.items()}
        lead_rank = _rank(lead, lead_n, named, k)
        lead_names = {u.name for u in lead_rank[:1]}
        assist_rank = _rank({u: s for u, s in assist.items() if u not in lead_names},
                            assist_n, named, k)
        # Calibrated leave-one-out on 001 (see the benchmark): the first unit is right most
        # often when the nearest past tasks, the unit's record and its field words all
        # point to it, and when it stands clear of the second.
        confidence = 0.0
        if lead_rank:
            first = lead_rank[0].name
            agree = sum(1 for part, _ in parts if part and max(part, key=part.get) == first)
            second = lead_rank[1].score if len(lead_rank) > 1 else 0.0
            clear = min(1.0, (lead_rank[0].score - second) / max(lead_rank[0].score, 1e-9) / 0.5)
            confidence = round(min(1.0, 0.15 * agree + 0.45 * clear) * (1.0 if near else 0.6), 2)
        evidence = [Evidence(h.task_id, h.seq, h.plan, h.content, h.lead, h.assist, round(s, 3))
                    for h, s in ((self.history[i], s) for i, s in near[:3])]
        note = ""
        if not lead_rank:
            note = ("往年没有相似的任务，单位名录和职能表中也没有职能相符的单位，无法推荐；"
                    "请人工指定（新单位请先加入单位名录和 unit_fields.tsv）。")
        elif not self._led.get(lead_rank[0].name):
            note = f"{lead_rank[0].name}往年没有牵头过任务，仅按职能推荐，请核实。"
        elif confidence < 0.4:
            note = "相似的往年任务很少，推荐仅供参考。"
        return Suggestion(text, lead_rank, assist_rank, confidence, evidence, note)


def _rank(scores: dict[str, float], counts: Counter, named: dict[str, list[str]],
          k: int) -> list[RankedUnit]:
    total = sum(scores.values())
    if total <= 0:
        return []
    ordered = sorted(scores.items(), key=lambda x: (-x[1], x[0]))[:k]
    return [RankedUnit(u, round(s / total, 3), counts.get(u, 0), u in named, named.get(u, []))
            for u, s in ordered if s > 0]
