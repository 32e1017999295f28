"""Status benchmark: evaluate_tasks / status_summary / reminders on 10,000 tasks with progress.

Run by hand: ``python benchmarks/bench_status.py``. Builds the demo database (136
tasks, ~1,300 demo reports), then copies its tasks and their reports into further
plans until there are 10,000 tasks (~97,000 progress rows), and times the
rules area's bulk calls. Prints figures for the closing notes. Not a test.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from govtrack import store  # noqa: E402
from govtrack.app.demo import build_demo  # noqa: E402
from govtrack.store import ledger  # noqa: E402
from govtrack.store import progress as progress_store  # noqa: E402
from govtrack.tracker import Tracker  # noqa: E402

N_TASKS = 10_000


CPU: list[float] = []


def timed(fn, repeat=5):
    """Median wall time of ``repeat`` runs; the median CPU time goes to CPU[-1] (the
    machine may be shared, and CPU time is what the code itself costs)."""
    times, cpu = [], []
    result = None
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        result = fn()
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    CPU.append(statistics.median(cpu))
    return statistics.median(times), result


def cpu() -> str:
    return f" (CPU {CPU[-1] * 1000:.0f} ms)"


def build(path: Path) -> Tracker:
    tr = Tracker.open(path)
    t = time.perf_counter()
    build_demo(tr)
    print(f"demo database (136 tasks + demo progress): {time.perf_counter() - t:.2f} s")
    base = ledger.query_tasks(tr.db, plan_id=1)
    reports = {t["id"]: progress_store.progress_of_task(tr.db, t["id"]) for t in base}
    unit_ids = {u["name"]: u["id"] for u in tr.units.list()}
    t = time.perf_counter()
    total, plan_no, n_rows = len(base), 1, 0
    with tr.db.atomic():
        while total < N_TASKS:
            plan_no += 1
            pid = store.insert(tr.db, "plans", {"title": f"扩充计划{plan_no}", "year": 2023,
                                                "created_at": store.now_iso()})
            batch = []
            for task in base:
                if total >= N_TASKS:
                    break
                tid = ledger.insert_task(tr.db, pid, {
                    "seq": task["seq"], "ord": int(task["seq"]), "content": task["content"],
                    "section": "", "deadline": task["deadline"], "deadline_text": task["deadline_text"]})
                ledger.set_task_units(tr.db, tid, [unit_ids[u] for u in task["lead"]],
                                      [unit_ids[u] for u in task["assist"]])
                for r in reports[task["id"]]:
                    batch.append({k: r[k] for k in ("unit_id", "period", "percent", "progress_text",
                                                     "problems", "next_steps", "reported_on", "source",
                                                     "created_at")} | {"task_id": tid})
                total += 1
            # Bulk copy of generated rows (benchmark data, not user input: not audited).
            tr.db["progress"].insert_all(batch)
            n_rows += len(batch)
    print(f"copied to {total} tasks and {n_rows + sum(map(len, reports.values()))} progress rows "
          f"in {time.perf_counter() - t:.1f} s")
    return tr


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="govtrack-bench-status-"))
    tr = build(tmp / "big.sqlite")
    tr.close()
    tr = Tracker.open(tmp / "big.sqlite")
    day = "2023-10-26"
    t_tasks, rows = timed(lambda: tr.ledger.tasks())
    print(f"Tracker.tasks(): {len(rows)} tasks in {t_tasks * 1000:.0f} ms" + cpu())
    t_latest, latest = timed(lambda: progress_store.latest_lead_progress(tr.db, day))
    print(f"latest_lead_progress (one query): {len(latest)} tasks in {t_latest * 1000:.0f} ms" + cpu())
    t_eval, states = timed(lambda: tr.status.evaluate_tasks(rows, day))
    print(f"evaluate_tasks({len(rows)} rows, {day}): {t_eval * 1000:.0f} ms "
          f"({t_eval / len(rows) * 1e6:.1f} µs/task)" + cpu())
    t_states, _ = timed(lambda: tr.status.task_states(day))
    print(f"task_states({day}) = tasks() + evaluate: {t_states * 1000:.0f} ms" + cpu())
    t_unit, unit_rows = timed(lambda: tr.status.task_states(day, unit="市住建局"))
    print(f"task_states({day}, unit='市住建局'): {len(unit_rows)} tasks in {t_unit * 1000:.0f} ms" + cpu())
    path = tr.path

    def cold(call):
        """A new Tracker each time: nothing cached (what the first screen of a day pays).
        Timed from after the open: opening (with its ``quick_check`` of the whole file) is
        measured on its own below."""
        def run():
            fresh = Tracker.open(path)
            try:
                t, c = time.perf_counter(), time.process_time()
                call(fresh)
                return time.perf_counter() - t, time.process_time() - c
            finally:
                fresh.close()
        return run

    def median_of(run, repeat=5):
        """Median wall time; the median CPU time goes to CPU[-1], as in :func:`timed`."""
        runs = [run() for _ in range(repeat)]
        CPU.append(statistics.median(c for _, c in runs))
        return statistics.median(w for w, _ in runs)

    def open_close():
        Tracker.open(path).close()
    t_open, _ = timed(open_close)
    size_mb = path.stat().st_size / 1e6
    print(f"Tracker.open (migrations checked, PRAGMA quick_check of {size_mb:.0f} MB): "
          f"{t_open * 1000:.0f} ms" + cpu())
    t_sum = median_of(cold(lambda t: t.status.status_summary(day)))
    summary = tr.status.status_summary(day)
    print(f"status_summary({day}), first call after open: {t_sum * 1000:.0f} ms" + cpu() + f"; counts {summary['counts']}")
    t_rem = median_of(cold(lambda t: t.reminders.reminders(day)))
    print(f"reminders({day}), first call after open: {len(tr.reminders.reminders(day))} items "
          f"in {t_rem * 1000:.0f} ms" + cpu())
    t_both = median_of(cold(lambda t: (t.status.status_summary(day), t.reminders.reminders(day))))
    print(f"status_summary + reminders on one Tracker (the 总览 page), first calls: {t_both * 1000:.0f} ms" + cpu())
    tr.status.status_summary(day)
    t_warm, _ = timed(lambda: tr.status.status_summary(day))
    print(f"status_summary again, nothing written since: {t_warm * 1000:.1f} ms" + cpu())
    t_rw, _ = timed(lambda: tr.reminders.reminders(day), repeat=3)
    print(f"reminders after status_summary, nothing written since: {t_rw * 1000:.0f} ms" + cpu())
    print(f"load average during the run: {os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else "")
    tr.close()


if __name__ == "__main__":
    main()
