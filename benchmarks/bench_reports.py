"""Time the printed reports from a database: the monthly 通报 and the 台账.

Two databases: the demo (136 tasks, Jan–Oct 2023 demo progress) and a 2,000-task
one made by copying the demo's tasks, with their units and progress reports,
into further plans.  For each: the data (rules verdicts → dataclasses) and the
whole file (data + layout) as PDF, Word and Excel, median of 3; font discovery
is timed apart, since it runs once per process.  Targets (issue 13): 通报 PDF
and .docx < 1 s at 136 tasks and < 5 s at 2,000; 台账 .xlsx < 2 s at 2,000.

Run by hand: ``python benchmarks/bench_reports.py``.  Not a test.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from govtrack import store  # noqa: E402
from govtrack.app.demo import build_demo  # noqa: E402
from govtrack.reports import fonts  # noqa: E402
from govtrack.store import ledger  # noqa: E402
from govtrack.store import progress as progress_store  # noqa: E402
from govtrack.tracker import Tracker  # noqa: E402

PERIOD, DAY = "2023-10", "2023-10-31"


def timed(fn, repeat=3):
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def grow(tr: Tracker, target: int) -> int:
    """Copy the demo plan's tasks (units, progress) into new plans until ``target`` tasks."""
    base = ledger.query_tasks(tr.db, plan_id=tr.plans.plans()[0]["id"])
    unit_ids = {u["name"]: u["id"] for u in tr.units.list()}
    reports = {t["id"]: progress_store.progress_of_task(tr.db, t["id"]) for t in base}
    total, plan_no = len(base), 1
    with tr.db.atomic():
        while total < target:
            plan_no += 1
            pid = store.insert(tr.db, "plans", {"title": f"扩充计划{plan_no}", "year": 2023,
                                                "created_at": store.now_iso()})
            for task in base:
                if total >= target:
                    break
                tid = ledger.insert_task(tr.db, pid, {
                    "seq": task["seq"], "ord": task["ord"], "content": task["content"], "section": "",
                    "deadline": task["deadline"], "deadline_text": task["deadline_text"]})
                ledger.set_task_units(tr.db, tid, [unit_ids[u] for u in task["lead"]],
                                      [unit_ids[u] for u in task["assist"]])
                for r in reports[task["id"]]:
                    progress_store.upsert_progress(tr.db, tid, r["unit_id"], r["period"], {
                        k: r[k] for k in ("percent", "progress_text", "problems", "next_steps",
                                          "reported_on", "source")})
                total += 1
    return total


TARGETS = {  # (tasks ≤, kind) → seconds
    (136, "monthly.pdf"): 1, (136, "monthly.docx"): 1,
    (2000, "monthly.pdf"): 5, (2000, "monthly.docx"): 5, (2000, "ledger.xlsx"): 2,
}


def _verdict(n: int, kind: str, seconds: float) -> str:
    limit = next((v for (size, k), v in TARGETS.items() if k == kind and n <= size), None)
    return "" if limit is None else f"  [target < {limit} s: {'ok' if seconds < limit else 'MISSED'}]"


def bench(tr: Tracker, tmp: Path, label: str) -> None:
    n = len(tr.ledger.tasks())
    t_data, report = timed(lambda: tr.reports.monthly_report_data(PERIOD, DAY))
    t_pdf, (path, _, _) = timed(lambda: tr.reports.print_monthly(PERIOD, tmp / f"m{n}.pdf", DAY, force=True))
    pages = _pages(path)
    print(f"{label}: monthly 通报 data {t_data:5.2f} s, data+PDF  {t_pdf:5.2f} s "
          f"({pages} pages, {len(report.lagging)} 欠进度 + {len(report.overdue)} 逾期 listed)"
          + _verdict(n, "monthly.pdf", t_pdf))
    t_doc, _ = timed(lambda: tr.reports.print_monthly(PERIOD, tmp / f"m{n}.docx", DAY, force=True))
    print(f"{label}: monthly 通报           data+Word {t_doc:5.2f} s" + _verdict(n, "monthly.docx", t_doc))
    t_data, ledger_report = timed(lambda: tr.reports.ledger_data(None, DAY))
    t_pdf, (path, _) = timed(lambda: tr.reports.print_ledger(tmp / f"l{n}.pdf", today=DAY, force=True))
    print(f"{label}: ledger 台账     data {t_data:5.2f} s, data+PDF  {t_pdf:5.2f} s "
          f"({_pages(path)} pages, {path.stat().st_size / 1e6:.1f} MB)")
    t_x, (path, _) = timed(lambda: tr.reports.print_ledger(tmp / f"l{n}.xlsx", today=DAY, force=True))
    print(f"{label}: ledger 台账             data+Excel {t_x:5.2f} s ({path.stat().st_size / 1e6:.1f} MB)"
          + _verdict(n, "ledger.xlsx", t_x))
    t_pdf, _ = timed(lambda: tr.reports.print_ledger(tmp / f"u{n}.pdf", unit="市住建局", today=DAY, force=True))
    print(f"{label}: ledger of 市住建局      data+PDF  {t_pdf:5.2f} s")


def _pages(path: Path) -> int | str:
    try:
        from pypdf import PdfReader
        return len(PdfReader(str(path)).pages)
    except ImportError:
        return "?"


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="govtrack-bench-reports-"))
    t = time.perf_counter()
    fonts.load_fonts()
    print(f"font discovery (once per process): {time.perf_counter() - t:.2f} s")

    path = tmp / "demo.sqlite"
    tr = Tracker.open(path)
    build_demo(tr)
    bench(tr, tmp, "136 tasks")
    tr.close()

    env_cmd = [sys.executable, "-m", "govtrack", "--db", str(path), "report", "monthly", "--period", PERIOD,
               "-o", str(tmp / "cli.pdf")]
    t = time.perf_counter()
    subprocess.run(env_cmd, check=True, capture_output=True)
    print(f"136 tasks: `govtrack report monthly` end to end (new process, fonts included): "
          f"{time.perf_counter() - t:.2f} s")

    big = tmp / "big.sqlite"
    tr = Tracker.open(big)
    build_demo(tr)
    t = time.perf_counter()
    total = grow(tr, 2000)
    print(f"built {total} tasks with their progress in {time.perf_counter() - t:.1f} s (audited inserts)")
    bench(tr, tmp, f"{total} tasks")
    tr.close()
    print(f"PDFs in {tmp}")


if __name__ == "__main__":
    main()
