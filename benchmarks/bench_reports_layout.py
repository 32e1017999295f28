"""Time the PDF layout: a 136-task monthly 通报 and a 2,000-task ledger.

Targets (2-core machine): monthly < 2 s, ledger well under 15 s.  Font
discovery is timed apart, since it runs once per process.
Run: python benchmarks/bench_reports_layout.py
"""

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from govtrack.reports import fonts, pdf  # noqa: E402
from tests.test_reports_pdf import sample_ledger, sample_monthly  # noqa: E402


def timed(label, fn):
    start = time.perf_counter()
    result = fn()
    print(f"{label:<34} {time.perf_counter() - start:6.2f} s")
    return result


def main():
    with tempfile.TemporaryDirectory() as tmp:
        timed("font discovery (once per process)", fonts.load_fonts)
        monthly = sample_monthly()
        timed(f"monthly, {monthly.total} tasks", lambda: pdf.render_monthly(monthly, Path(tmp) / "m.pdf"))
        ledger = sample_ledger(2000)
        out = timed(f"ledger, {len(ledger.tasks)} tasks", lambda: pdf.render_ledger(ledger, Path(tmp) / "l.pdf"))
        print(f"ledger size: {out.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
