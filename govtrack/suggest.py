"""Unit suggestions for a new task text, learned from breakdowns already in the ledger.

Why this exists: deciding who leads each of ~140 new tasks is the slowest part of
the yearly breakdown, yet most tasks resemble one from an earlier year (flood
control → 市水利和湖泊局, 招商 → 市招商服务中心). So we rank units by how similar
the new text is to past task texts, and show the past tasks the ranking rests on
so the person deciding can check it.

Method (pure, no database, no tokenizer): each text becomes a TF-IDF vector of
its Chinese character bigrams (plus letters/digit runs such as ``5G``), cosine
similarity against every past task, and each unit collects the similarity of the
nearest past tasks it led (or assisted). A small keyword cue adds the unit's own
name: a task that mentions 教育 leans towards 市教育局 even with no history.
``benchmarks/bench_suggest.py`` measures it on the real 2023 breakdown.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from typing import Iterable

__all__ = ["PastTask", "RankedUnit", "Evidence", "Suggestion", "UnitSuggester", "bigrams"]

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


# Words that name a field of work without naming its unit (防洪 is 水利's business).
# Checked on real tasks of the 2023 breakdown; extend when a new field shows up.
DOMAIN_WORDS: dict[str, tuple[str, ...]] = {
    "水利": ("防洪", "堤防", "排涝", "治涝", "灌区", "泵站", "水库", "除险加固", "水网", "河湖长",
             "水源", "节水"),
    "生态": ("污染", "排放", "环保", "碳", "空气质量"),
    "教育": ("学校", "教师", "学生", "高中", "义务教育", "学前", "职业教育", "高校"),
    "卫生": ("医院", "医疗", "医共体", "疾控", "公共卫生", "健康"),
    "交通": ("公路", "铁路", "高速", "港口", "航道", "客运", "货运"),
    "农业": ("粮食", "农田", "耕地", "种业", "养殖", "农产品", "乡村振兴"),
    "商务": ("消费", "外贸", "进出口", "电商"),
    "文化": ("文旅", "旅游", "景区", "非遗"),
    "公安": ("治安", "扫黑", "电诈", "交通安全"),
    "民政": ("养老", "社会救助", "低保", "殡葬"),
    "人社": ("就业", "社保", "技能培训"),
    "住建": ("住房", "棚改", "老旧小区", "燃气", "物业"),
    "城管": ("市容", "垃圾", "环卫"),
    "税务": ("税收", "减税", "退税"),
    "审批": ("政务服务", "一网通办", "营商环境"),
}


def unit_cues(unit: str) -> list[str]:
    """Two-character words of a unit's field of work: 市水利和湖泊局 → 水利, 湖泊."""
    core = unit
    for _ in range(3):
        core = _UNIT_FILLER_RE.sub("", core)
    core = core.replace("和", "")
    words = [core[i:i + 2] for i in range(0, len(core) - 1, 2)]
    return [w for w in words if _CJK_RUN_RE.fullmatch(w) and w not in _STOP_BIGRAMS]


def text_cues(text: str) -> set[str]:
    """The field words a text touches: its own bigrams plus the fields its domain words imply."""
    grams = set(bigrams(text))
    for field_word, words in DOMAIN_WORDS.items():
        if any(w in text for w in words):
            grams.add(field_word)
    return grams


@dataclass
class PastTask:
    """One task already in the ledger, with the units that took it on."""
    task_id: int
    content: str
    lead: list[str]
    assist: list[str] = field(default_factory=list)
    seq: str = ""
    plan: str = ""              # plan title or year, shown as evidence


@dataclass
class RankedUnit:
    name: str
    score: float                # 0–1, share of the evidence for this role
    tasks: int                  # how many of the nearest past tasks back it
    by_name: bool = False       # the text names the unit's field of work


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

    @property
    def confidence_label(self) -> str:
        return "高" if self.confidence >= 0.6 else "中" if self.confidence >= 0.4 else "低"

    def to_dict(self) -> dict:
        d = asdict(self)
        d["confidence_label"] = self.confidence_label
        return d


class UnitSuggester:
    """Similarity index over past tasks; build once, ask many times.

    :param history: past tasks with their lead (and assisting) units
    :param neighbours: how many of the most similar past tasks vote
    :param power: a neighbour's vote is its similarity to this power (nearest count most)
    :param cue_weight: weight of the unit's own name found in the text (0 turns it off);
        the defaults were chosen with ``benchmarks/bench_suggest.py``
    """

    def __init__(self, history: Iterable[PastTask], *, neighbours: int = 8, power: float = 2.0,
                 cue_weight: float = 0.75):
        self.history = [h for h in history if h.lead and h.content.strip()]
        self.neighbours = neighbours
        self.power = power
        self.cue_weight = cue_weight
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
        units = {u for h in self.history for u in h.lead + h.assist}
        self._cues = {u: unit_cues(u) for u in units}
        self._lead_count = Counter(u for h in self.history for u in h.lead[:1])

    def _vector(self, grams: Counter) -> dict[str, float]:
        vec = {g: (1.0 + math.log(c)) * self._idf.get(g, self._default_idf) for g, c in grams.items()}
        norm = math.sqrt(sum(w * w for w in vec.values())) or 1.0
        return {g: w / norm for g, w in vec.items()}

    def similar(self, text: str, *, exclude: set[int] = frozenset(),
                limit: int | None = None) -> list[tuple[int, float]]:
        """(history index, cosine similarity) of past tasks, most similar first."""
        vec = self._vector(Counter(bigrams(text)))
        scores: dict[int, float] = defaultdict(float)
        for g, w in vec.items():
            for i, w2 in self._index.get(g, ()):
                scores[i] += w * w2
        ranked = sorted(((i, s) for i, s in scores.items()
                         if self.history[i].task_id not in exclude and s > 0),
                        key=lambda x: -x[1])
        return ranked[:limit] if limit else ranked

    def suggest(self, text: str, k: int = 5, *, exclude: Iterable[int] = ()) -> Suggestion:
        """Rank lead and assisting units for ``text``.

        :param k: how many units per role
        :param exclude: task ids to leave out of the history (leave-one-out measurement)
        """
        near = self.similar(text, exclude=set(exclude), limit=self.neighbours)
        lead: dict[str, float] = defaultdict(float)
        assist: dict[str, float] = defaultdict(float)
        lead_n: Counter = Counter()
        assist_n: Counter = Counter()
        for rank, (i, sim) in enumerate(near):
            h = self.history[i]
            weight = sim ** self.power                     # the nearest tasks count most
            lead[h.lead[0]] += weight
            lead_n[h.lead[0]] += 1
            for u in h.lead[1:] + h.assist:
                assist[u] += weight * 0.8 if u in h.assist else weight * 0.5
                assist_n[u] += 1
            # A unit that led similar tasks is a likely assistant here too, and vice versa.
            assist[h.lead[0]] += weight * 0.2
        # Keyword cue: the unit's field of work named in the text.
        text_grams = text_cues(text)
        named: set[str] = set()
        top = max([s for _, s in near], default=0.0)
        for u, cues in self._cues.items():
            hit = sum(1 for g in cues if g in text_grams)
            if cues and hit:
                share = hit / len(cues)
                named.add(u)
                bonus = self.cue_weight * share * max(top, 0.2) ** 2
                if u in self._lead_count:
                    lead[u] += bonus
                assist[u] += bonus * 0.5
        lead_rank = _rank(lead, lead_n, named, k)
        lead_names = {u.name for u in lead_rank[:1]}
        assist_rank = _rank({u: s for u, s in assist.items() if u not in lead_names},
                            assist_n, named, k)
        share = lead_rank[0].score if lead_rank else 0.0
        # The leading unit's share of the votes predicts a right answer best (measured
        # leave-one-out on 001: share ≥ 0.6 was right 87% of the time, < 0.3 only 14%);
        # a text with hardly any similar past task gets less.
        confidence = round(min(1.0, share * min(1.0, top / 0.08)), 2) if lead_rank else 0.0
        evidence = [Evidence(h.task_id, h.seq, h.plan, h.content, h.lead, h.assist, round(s, 3))
                    for h, s in ((self.history[i], s) for i, s in near[:3])]
        return Suggestion(text, lead_rank, assist_rank, confidence, evidence)


def _rank(scores: dict[str, float], counts: Counter, named: set[str], k: int) -> list[RankedUnit]:
    total = sum(scores.values())
    if total <= 0:
        return []
    ordered = sorted(scores.items(), key=lambda x: (-x[1], x[0]))[:k]
    return [RankedUnit(u, round(s / total, 3), counts.get(u, 0), u in named) for u, s in ordered]
