"""The scoring rules of the breakdown corpus (see tests/fixtures/breakdowns/README.md), in process.

The same comparison as the project's scorer: each expected task is found by the first 8
characters of its text (spaces, ★, * and 、 ignored, traditional read as simplified), in
order; units must be exactly right (as written, or with the shared prefix/suffix restored;
for an undifferentiated list only the whole list in order counts); leader and deadline where
the source gives one. Used by tests/test_import_corpus.py and benchmarks/bench_importer.py.
"""

from __future__ import annotations

import json
import re
import tempfile
import unicodedata
from pathlib import Path

from govtrack.textnorm import to_simplified

FIXTURES = Path(__file__).parent / "fixtures" / "breakdowns"


def norm(s) -> str:
    s = unicodedata.normalize("NFKC", str(s or ""))
    return to_simplified(re.sub(r"[\s★*、]", "", s))


def variants(e: dict, key: str) -> list[list[str]]:
    w = e.get(key) or []
    out = [[norm(x) for x in w]]
    full = e.get(key + "_full")
    if full:
        out.append([norm(x) for x in full])
        merged, i = [], 0
        while i < len(w):
            if i + 1 < len(w) and norm(full[i]) != norm(w[i]) and norm(full[i]).endswith(norm(w[i + 1])[-2:]):
                merged.append(norm(w[i]) + norm(w[i + 1]))
                i += 2
            else:
                merged.append(norm(full[i] if i < len(full) else w[i]))
                i += 1
        out.append(merged)
    return out


def score_file(expected: list[dict], got: list[dict]) -> list[dict]:
    used: set[int] = set()
    res = []
    for e in expected:
        key = norm(e["text_starts"])[:8]
        hit = next((i for i, t in enumerate(got) if i not in used
                    and (norm(t.get("content")).startswith(key) or key in norm(t.get("content"))[:40])), None)
        r = {"text": e["text_starts"], "found": hit is not None}
        if e.get("leader"):
            r["leader"] = False
        if e.get("deadline"):
            r["deadline"] = False
        if hit is not None:
            used.add(hit)
            t = got[hit]
            gl = [norm(x) for x in t.get("lead") or []]
            ga = [norm(x) for x in t.get("assist") or []]
            if e.get("roles_explicit") is False:
                ok = any(gl + ga == a + b for a in variants(e, "lead") for b in variants(e, "assist"))
            else:
                ok = gl in variants(e, "lead") and ga in variants(e, "assist")
            r.update(units=ok, got=(t.get("lead"), t.get("assist")), want=(e.get("lead"), e.get("assist")))
            if e.get("leader"):
                want = e["leader"] if isinstance(e["leader"], list) else [e["leader"]]
                r["leader"] = all(norm(x) in norm(t.get("lead_official")) for x in want)
            if e.get("deadline"):
                r["deadline"] = norm(e["deadline"]) in norm(t.get("deadline_text"))
        res.append(r)
    return res


def year_of_name(name: str) -> int | None:
    m = re.search(r"(19|20)\d{2}", name)
    return int(m.group(0)) if m else None


def import_and_list(source: Path, db_file: Path) -> list[dict]:
    """Import ``source`` into a fresh database file, as a new office would; its tasks."""
    from govtrack.tracker import Tracker
    tr = Tracker.open(db_file)
    try:
        tr.imports.import_file(source, year=year_of_name(source.name))
        return tr.ledger.tasks()
    finally:
        tr.close()


def score_corpus(folder: Path = FIXTURES) -> dict:
    """{'files': {name: results}, 'total': counts} over every NAME.expected.json in ``folder``."""
    tot = {"tasks": 0, "found": 0, "units": 0, "leader": 0, "leader_of": 0, "deadline": 0, "deadline_of": 0}
    files = {}
    with tempfile.TemporaryDirectory() as work:
        for ef in sorted(folder.glob("*.expected.json")):
            base = ef.name[: -len(".expected.json")]
            src = next((folder / (base + x) for x in (".txt", ".docx", ".xlsx")
                        if (folder / (base + x)).exists()), None)
            if src is None:
                continue
            exp = json.loads(ef.read_text(encoding="utf-8"))
            try:
                got = import_and_list(src, Path(work) / f"{base}.sqlite")
            except Exception:  # the figure counts the failure; tests show the file
                got = []
            res = score_file(exp, got)
            files[base] = res
            tot["tasks"] += len(exp)
            tot["found"] += sum(r["found"] for r in res)
            tot["units"] += sum(bool(r.get("units")) for r in res)
            tot["leader"] += sum(bool(r.get("leader")) for r in res)
            tot["leader_of"] += sum("leader" in r for r in res)
            tot["deadline"] += sum(bool(r.get("deadline")) for r in res)
            tot["deadline_of"] += sum("deadline" in r for r in res)
    return {"files": files, "total": tot}
