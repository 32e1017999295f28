"""Breakdown importer benchmark: the corpus figures and the time to parse seed 001.

Run by hand: ``python benchmarks/bench_importer.py``. Prints

1. the scorer totals on tests/fixtures/breakdowns (18 real excerpts, 101 tasks), per file
   and in total — the same rules as the project's scorer (tests/corpus_scoring.py);
2. the time to parse resources/seeds/001 (136 tasks, the demo's breakdown), best of 5,
   which should stay under 0.3 s.

Not a test.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from govtrack.importers.breakdown import parse_breakdown  # noqa: E402
from govtrack.importers.source import read_source  # noqa: E402
from govtrack.units import UnitDirectory, load_builtin  # noqa: E402
from tests.conftest import BREAKDOWN_2023  # noqa: E402
from tests.corpus_scoring import score_corpus  # noqa: E402


def main() -> int:
    r = score_corpus()
    for name, res in r["files"].items():
        print(f"{name}: {sum(x['found'] for x in res)}/{len(res)} found, "
              f"{sum(bool(x.get('units')) for x in res)} units right")
    t = r["total"]
    print(f"total: {t['found']}/{t['tasks']} found, {t['units']}/{t['tasks']} units right "
          f"({100 * t['units'] / t['tasks']:.0f}%), leader {t['leader']}/{t['leader_of']}, "
          f"deadline {t['deadline']}/{t['deadline_of']}")
    directory = UnitDirectory(load_builtin())
    src = read_source(BREAKDOWN_2023)
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        result = parse_breakdown(src, directory)
        best = min(best, time.perf_counter() - start)
    print(f"seed 001: {len(result.tasks)} tasks parsed in {best:.3f} s (best of 5; limit 0.3 s)")
    return 0 if best < 0.3 else 1


if __name__ == "__main__":
    sys.exit(main())
