"""Foundation benchmark: import of the 2023 breakdown, `tasks --unit` on 10,000 tasks, file size.

Run by hand: ``python benchmarks/bench_foundation.py``. Builds its databases in a
temp folder; prints figures for the closing notes. Not a test.
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
from govtrack.store import ledger  # noqa: E402
from govtrack.tracker import Tracker  # noqa: E402

SEED = ROOT / "resources" / "seeds" / "001_c26dbfc0c5ce5eed.txt"


def timed(fn, repeat=5):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="govtrack-bench-"))
    # 1. import of 001 into a fresh database (median of 5 fresh databases)
    def fresh_import(k=[0]):
        k[0] += 1
        tr = Tracker.open(tmp / f"import{k[0]}.sqlite")
        out = tr.imports.import_file(SEED)
        tr.close()
        return out.created
    t_import, n = timed(fresh_import)
    print(f"import 001 (136 tasks, fresh db, parse+preview+apply): {t_import * 1000:.0f} ms (median of 5)")

    # 2. a 10,000-task database: the 136 tasks copied into 74 plans
    path = tmp / "big.sqlite"
    tr = Tracker.open(path)
    tr.imports.import_file(SEED)
    base = ledger.query_tasks(tr.db, plan_id=1)
    unit_ids = {u["name"]: u["id"] for u in tr.units.list()}
    t = time.perf_counter()
    total = len(base)
    plan_no = 1
    with tr.db.atomic():
        while total < 10_000:
            plan_no += 1
            pid = store.insert(tr.db, "plans", {"title": f"扩充计划{plan_no}", "year": 2023,
                                                "created_at": store.now_iso()})
            for task in base:
                if total >= 10_000:
                    break
                tid = ledger.insert_task(tr.db, pid, {"seq": task["seq"], "ord": int(task["seq"]),
                                                      "content": task["content"], "section": "",
                                                      "deadline": task["deadline"]})
                ledger.set_task_units(tr.db, tid, [unit_ids[u] for u in task["lead"]],
                                      [unit_ids[u] for u in task["assist"]])
                total += 1
    print(f"built {total} tasks in {time.perf_counter() - t:.1f} s (audited inserts)")
    t_unit, rows = timed(lambda: tr.ledger.tasks(unit="市住建局"))
    print(f"Tracker.tasks(unit='市住建局') on {total} tasks: {t_unit * 1000:.1f} ms, {len(rows)} rows")
    t_all, rows = timed(lambda: tr.ledger.tasks())
    print(f"Tracker.tasks() all {len(rows)} tasks: {t_all * 1000:.1f} ms")
    t_search, rows = timed(lambda: tr.ledger.tasks(search="小龙虾"))
    print(f"Tracker.tasks(search='小龙虾'): {t_search * 1000:.1f} ms, {len(rows)} rows")
    tr.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    tr.close()
    print(f"database size with {total} tasks: {path.stat().st_size / 1e6:.1f} MB "
          f"(audit log included)")
    # 3. the command as a user runs it (process start included)
    t = time.perf_counter()
    p = subprocess.run([sys.executable, "-m", "govtrack", "--db", str(path), "tasks", "--unit",
                        "市住建局", "--json"], capture_output=True)
    print(f"`govtrack tasks --unit 市住建局 --json` whole command: {time.perf_counter() - t:.2f} s, "
          f"{len(p.stdout) / 1e6:.1f} MB output, exit {p.returncode}")


if __name__ == "__main__":
    main()
