"""Two writers on one ledger: lost updates, tracebacks, duplicate plans.

Run by hand: ``python benchmarks/probe_writers.py [--calls 400] [--cli 40] [--imports 20]``.

1. API: two processes, each a Tracker on the same demo ledger, together make
   ``--calls`` ``add_progress`` calls (each on its own task and period, so every
   success must be found afterwards with its value). Counted: successes, clear
   Chinese messages (a lock held past the busy timeout), tracebacks (any other
   exception), lost updates (a success not in the ledger afterwards).
2. CLI: two processes each run ``--cli`` / 2 ``govtrack progress add`` commands one after
   the other; a run is a traceback when stderr holds "Traceback".
3. Duplicate plans: ``--imports`` trials of two ``govtrack import`` of the same file
   started at the same moment on an empty ledger; counted: trials ending with two plans,
   and runs ending in a traceback.

Prints the figures for the closing notes. Not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEED = ROOT / "resources" / "seeds" / "001_c26dbfc0c5ce5eed.txt"
PERIODS = ("2023-11", "2023-12", "2024-01", "2024-02")


def env() -> dict:
    return {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONPATH": str(ROOT)}


def child(db: Path, who: int, calls: int) -> None:
    """One writer: ``calls`` add_progress calls; prints a JSON summary."""
    from govtrack.errors import GovtrackError
    from govtrack.tracker import Tracker
    tr = Tracker.open(db)
    tasks = [t for t in tr.ledger.tasks() if t["lead"]]
    done, messages, tracebacks = [], 0, []
    for k in range(calls):
        t = tasks[k % len(tasks)]
        period = PERIODS[2 * (k // len(tasks)) + who]      # the two writers never share a key
        pct = (k * 7 + who) % 101
        try:
            tr.progress.add_progress(t["id"], period=period, percent=pct, unit=t["lead"][0],
                            text=f"写入者{who}第{k}次", reported_on="2024-03-01")
            done.append([t["id"], period, pct])
        except GovtrackError:
            messages += 1
        except Exception as e:   # what the probe is looking for
            tracebacks.append(f"{type(e).__name__}: {e}")
    tr.close()
    print(json.dumps({"done": done, "messages": messages, "tracebacks": tracebacks}, ensure_ascii=False))


def api_probe(db: Path, calls: int) -> dict:
    procs = [subprocess.Popen([sys.executable, __file__, "--child", str(db), str(w), str(calls // 2)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              encoding="utf-8", env=env()) for w in (0, 1)]
    results = []
    for p in procs:
        out, err = p.communicate()
        if p.returncode != 0:
            raise SystemExit(f"child failed: {err[-800:]}")
        results.append(json.loads(out.strip().splitlines()[-1]))
    from govtrack.tracker import Tracker
    tr = Tracker.open(db)
    stored = {(r["task_id"], r["period"]): r["percent"] for r in tr.db.query(
        "SELECT task_id, period, percent FROM progress WHERE period IN (?, ?, ?, ?)", list(PERIODS))}
    tr.close()
    done = [d for r in results for d in r["done"]]
    lost = sum(1 for tid, period, pct in done if stored.get((tid, period)) != pct)
    return {"calls": calls, "ok": len(done), "messages": sum(r["messages"] for r in results),
            "tracebacks": sum(len(r["tracebacks"]) for r in results), "lost": lost,
            "examples": [t for r in results for t in r["tracebacks"]][:3]}


def cli_probe(db: Path, runs: int) -> dict:
    script = (
        "import subprocess, sys, json\n"
        "db, who, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])\n"
        "res = []\n"
        "for k in range(n):\n"
        "    p = subprocess.run([sys.executable, '-m', 'govtrack', '--db', db, 'progress', 'add',\n"
        "                        str(k % 100 + 1), '--period', '2024-0%d' % (5 + who), '--percent', str(k),\n"
        "                        '--date', '2024-06-01'], capture_output=True, text=True, encoding='utf-8')\n"
        "    res.append([p.returncode, 'Traceback' in p.stderr])\n"
        "print(json.dumps(res))\n")
    procs = [subprocess.Popen([sys.executable, "-c", script, str(db), str(w), str(runs // 2)],
                              stdout=subprocess.PIPE, text=True, env=env()) for w in (0, 1)]
    rows = [r for p in procs for r in json.loads(p.communicate()[0].strip().splitlines()[-1])]
    return {"runs": len(rows), "ok": sum(1 for rc, _ in rows if rc == 0),
            "exit2": sum(1 for rc, tb in rows if rc == 2 and not tb),
            "tracebacks": sum(1 for _, tb in rows if tb)}


def import_probe(work: Path, trials: int) -> dict:
    twice = tracebacks = ok_runs = 0
    for k in range(trials):
        db = work / f"imp{k}.sqlite"
        procs = [subprocess.Popen([sys.executable, "-m", "govtrack", "--db", str(db), "import", str(SEED)],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                  encoding="utf-8", env=env()) for _ in (0, 1)]
        for p in procs:
            _out, err = p.communicate()
            tracebacks += "Traceback" in err
            ok_runs += p.returncode == 0
        import sqlite3
        conn = sqlite3.connect(db)
        plans = conn.execute("SELECT COUNT(*) FROM plans").fetchone()[0]
        conn.close()
        twice += plans > 1
    return {"trials": trials, "two_plans": twice, "tracebacks": tracebacks, "runs_exit0": ok_runs}


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
        return
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--calls", type=int, default=400)
    ap.add_argument("--cli", type=int, default=40)
    ap.add_argument("--imports", type=int, default=20)
    args = ap.parse_args()
    from govtrack.app.demo import build_demo
    from govtrack.tracker import Tracker
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        db = work / "shared.sqlite"
        tr = Tracker.open(db)
        build_demo(tr)
        tr.close()
        t0 = time.monotonic()
        a = api_probe(db, args.calls)
        print(f"API: {a['calls']} calls by two writers in {time.monotonic() - t0:.0f} s: {a['ok']} written, "
              f"{a['messages']} Chinese lock messages, {a['tracebacks']} tracebacks, {a['lost']} lost updates"
              + (f"; e.g. {a['examples']}" if a["examples"] else ""), flush=True)
        t0 = time.monotonic()
        c = cli_probe(db, args.cli)
        print(f"CLI: {c['runs']} runs by two writers in {time.monotonic() - t0:.0f} s: {c['ok']} exit 0, "
              f"{c['exit2']} exit 2 with a message, {c['tracebacks']} tracebacks", flush=True)
        t0 = time.monotonic()
        d = import_probe(work, args.imports)
        print(f"Imports: {d['trials']} trials of two simultaneous imports in {time.monotonic() - t0:.0f} s: "
              f"{d['two_plans']} with two plans, {d['tracebacks']} tracebacks, "
              f"{d['runs_exit0']} of {2 * d['trials']} runs exit 0", flush=True)


if __name__ == "__main__":
    main()
