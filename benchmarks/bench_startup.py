"""Whole-process timings of the commands an office runs most: ``govtrack status`` and
``govtrack report monthly`` on the demo database, and LibreOffice converting a 136-row
ledger workbook to PDF as the yardstick a user knows.

Run by hand: ``python benchmarks/bench_startup.py [--repeat 5] [--source DIR]``. Each
command runs once to warm the disk cache, then ``repeat`` times; prints the median wall
time and the median CPU time (user + system of the child: the machine may be shared).
``--source`` runs another checkout's code (e.g. an older commit in a git worktree) with the
same Python, for before/after figures. Not a test.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(cmd: list[str], env: dict, cwd: Path) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, env=env, cwd=cwd, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def measure(name: str, cmd: list[str], env: dict, cwd: Path, repeat: int) -> None:
    run(cmd, env, cwd)                                  # warm-up
    runs = [run(cmd, env, cwd) for _ in range(repeat)]
    wall = statistics.median(w for w, _ in runs)
    cpu = statistics.median(c for _, c in runs)
    print(f"{name}: {wall:.2f} s wall, {cpu:.2f} s CPU (median of {repeat})")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--source", type=Path, default=ROOT, help="the checkout whose code to run")
    args = ap.parse_args()
    src = args.source.resolve()
    env = dict(os.environ, PYTHONPATH=str(src))
    tmp = Path(tempfile.mkdtemp(prefix="govtrack-bench-startup-"))
    db = tmp / "demo.sqlite"
    gt = [sys.executable, "-m", "govtrack", "--db", str(db)]
    subprocess.run(gt + ["demo", "--force"], env=env, cwd=tmp, check=True, stdout=subprocess.DEVNULL)
    print(f"code: {src}")
    measure("govtrack status --today 2023-10-31", gt + ["status", "--today", "2023-10-31"], env, tmp,
            args.repeat)
    measure("govtrack report monthly --period 2023-10 (PDF)",
            gt + ["report", "monthly", "--period", "2023-10", "-o", str(tmp / "t.pdf"), "--force"],
            env, tmp, args.repeat)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice:
        xlsx = tmp / "ledger.xlsx"
        subprocess.run(gt + ["report", "ledger", "-o", str(xlsx), "--force"], env=env, cwd=tmp,
                       check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if xlsx.exists():
            measure("LibreOffice: 台账 .xlsx (136 rows) → PDF",
                    [soffice, "--headless", f"-env:UserInstallation=file://{tmp}/lo",
                     "--convert-to", "pdf", "--outdir", str(tmp), str(xlsx)], env, tmp, args.repeat)
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
