"""Kill -9 probe: each writer killed at a random moment, then the database and files checked.

Run by hand: ``python benchmarks/probe_kill.py [--trials 100] [--writers import,returns,...]``.
Writers (each ``python -m govtrack`` in a subprocess, as a user runs it):

- ``import``: ``import`` of the 2023 breakdown into an empty ledger;
- ``returns``: ``forms import`` of one unit's filled-in 进展填报表 into the demo ledger;
- ``issue``: ``report monthly --issue`` (the 通报 and its PDF);
- ``backup``: ``backup`` of the demo ledger;
- ``restore``: ``restore`` of a backup over the demo ledger after a change.

Each trial copies a fresh ledger, starts the writer, sends SIGKILL after a random
delay within the writer's own duration (measured once), then checks:

- partial database state: ``quick_check`` passes and the ledger holds either the
  whole change or none of it (plan with all 136 tasks or no plan; all of a return's
  progress rows or none; the restored file equals the old or the backup);
- partial files: a kept copy that does not match its hash; a 通报 recorded with no
  readable PDF; a backup with its real name that fails its check;
- the retry: the same command run again to the end exits 0 (import: 0, or 2 with
  "已导入" when the kill came after the commit).

Prints one line per writer with the figures for the closing notes. Not a test
(a hundred trials per writer take minutes); bounded by ``--budget`` seconds per writer.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import openpyxl  # noqa: E402

from govtrack.fileio import sha256_of  # noqa: E402
from govtrack.paths import backups_dir  # noqa: E402
from govtrack.returns_io.layout import COL_INDEX, DATA_SHEET, FIRST_DATA_ROW  # noqa: E402
from govtrack.store import backup as backups  # noqa: E402

SEED = ROOT / "resources" / "seeds" / "001_c26dbfc0c5ce5eed.txt"
PERIOD = "2023-11"
UNIT = "市财政局"


def cli(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "govtrack", "--db", str(db), *args]


def env() -> dict:
    return {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONPATH": str(ROOT)}


def run(cmd) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", env=env())


def counts(db: Path) -> dict:
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        ok = conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        out = {"ok": ok}
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        for t in ("plans", "tasks", "progress", "unit_returns", "bulletins", "source_files"):
            # killed while the schema was created: a table not there yet holds nothing
            out[t] = conn.execute(f"SELECT COUNT(*) FROM [{t}]").fetchone()[0] if t in tables else 0
        out["files"] = (list(conn.execute("SELECT stored_path, sha256 FROM source_files"))
                        if "source_files" in tables else [])
        return out
    finally:
        conn.close()


def bad_kept_copies(c: dict) -> int:
    bad = 0
    for stored, sha in c["files"]:
        if stored and (not Path(stored).exists() or sha256_of(stored) != sha):
            bad += 1
    return bad


# ---------------------------------------------------------------- the writers

class Writer:
    name = ""

    def __init__(self, work: Path, demo: Path):
        self.work, self.demo = work, demo

    def prepare(self, trial: Path) -> Path:
        db = trial / "govtrack.sqlite"
        shutil.copyfile(self.demo, db)
        return db

    def command(self, db: Path, trial: Path) -> list[str]:
        raise NotImplementedError

    def check(self, db: Path, trial: Path, before: dict) -> tuple[bool, bool]:
        """(partial database state, partial file)"""
        raise NotImplementedError

    def retry_ok(self, p: subprocess.CompletedProcess) -> bool:
        return p.returncode == 0


class Import(Writer):
    name = "import"

    def prepare(self, trial):
        return trial / "govtrack.sqlite"

    def command(self, db, trial):
        return cli(db, "import", str(SEED))

    def check(self, db, trial, before):
        if not db.exists():
            return False, False
        c = counts(db)
        whole = (c["plans"], c["tasks"]) in ((0, 0), (1, 136))
        return (not c["ok"] or not whole), bad_kept_copies(c) > 0

    def retry_ok(self, p):
        return p.returncode == 0 or (p.returncode == 2 and "已导入" in p.stderr)


class Returns(Writer):
    name = "returns"

    def __init__(self, work, demo):
        super().__init__(work, demo)
        out = work / "forms"
        run(cli(demo, "forms", "export", "--period", PERIOD, "--unit", UNIT, "-o", str(out)))
        (form,) = out.glob("*.xlsx")
        wb = openpyxl.load_workbook(form)
        ws = wb[DATA_SHEET]
        self.rows = 0
        for r in range(FIRST_DATA_ROW, ws.max_row + 1):
            if ws.cell(r, COL_INDEX["seq"]).value:
                ws.cell(r, COL_INDEX["percent"]).value = 95
                ws.cell(r, COL_INDEX["progress_text"]).value = "按计划推进，已完成主体工程。"
                self.rows += 1
        self.filled = work / f"filled_{form.name}"
        wb.save(self.filled)

    def command(self, db, trial):
        return cli(db, "forms", "import", str(self.filled), "--date", "2023-11-28")

    def check(self, db, trial, before):
        c = counts(db)
        added = c["progress"] - before["progress"]
        whole = (added, c["unit_returns"] - before["unit_returns"]) in ((0, 0), (self.rows, 1))
        return (not c["ok"] or not whole), bad_kept_copies(c) > 0

    def retry_ok(self, p):
        return p.returncode == 0


class Issue(Writer):
    name = "issue"

    def command(self, db, trial):
        return cli(db, "report", "monthly", "--period", "2023-10", "--issue", "-o", str(trial / "通报.pdf"))

    def check(self, db, trial, before):
        c = counts(db)
        pdf = trial / "通报.pdf"
        partial_file = False
        if pdf.exists():
            try:
                from pypdf import PdfReader
                partial_file = len(PdfReader(pdf).pages) == 0
            except Exception:
                partial_file = True
        recorded_without_pdf = c["bulletins"] == 1 and not pdf.exists()
        return (not c["ok"] or recorded_without_pdf), partial_file


class Backup(Writer):
    name = "backup"

    def command(self, db, trial):
        return cli(db, "backup")

    def check(self, db, trial, before):
        c = counts(db)
        bad = [b for b in backups.list_backups(db) if backups.check_backup(b["path"]) is not None]
        return (not c["ok"]), bool(bad)


class Restore(Writer):
    name = "restore"

    def prepare(self, trial):
        db = super().prepare(trial)
        self.source = backups.make_backup(db, "probe")
        conn = sqlite3.connect(db)
        conn.execute("DELETE FROM progress WHERE id % 2 = 0")
        conn.commit()
        conn.close()
        self.states = {self._fp(db), self._fp(self.source)}
        return db

    @staticmethod
    def _fp(db):
        conn = sqlite3.connect(f"{Path(db).resolve().as_uri()}?mode=ro", uri=True)
        try:
            return backups.fingerprint(conn)
        finally:
            conn.close()

    def command(self, db, trial):
        return cli(db, "restore", str(self.source))

    def check(self, db, trial, before):
        c = counts(db)
        return (not c["ok"] or self._fp(db) not in self.states), False


WRITERS = {w.name: w for w in (Import, Returns, Issue, Backup, Restore)}


def probe(writer: Writer, trials: int, budget: float, rng: random.Random) -> dict:
    # how long the writer takes unkilled, to spread the kills over its whole run
    t_dir = Path(tempfile.mkdtemp(dir=writer.work))
    db = writer.prepare(t_dir)
    t0 = time.monotonic()
    p = run(writer.command(db, t_dir))
    full = time.monotonic() - t0
    if p.returncode != 0:
        raise SystemExit(f"{writer.name}: the writer fails unkilled: {p.stderr[-500:]}")
    shutil.rmtree(t_dir)
    res = {"trials": 0, "killed": 0, "partial_db": 0, "partial_file": 0, "retry_failed": 0,
           "full_s": full}
    start = time.monotonic()
    for _ in range(trials):
        if time.monotonic() - start > budget:
            break
        t_dir = Path(tempfile.mkdtemp(dir=writer.work))
        db = writer.prepare(t_dir)
        before = counts(db) if db.exists() else {}
        proc = subprocess.Popen(writer.command(db, t_dir), stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, env=env())
        time.sleep(rng.uniform(0.05, full))
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL) if hasattr(signal, "SIGKILL") else proc.kill()
            res["killed"] += 1
        proc.wait()
        partial_db, partial_file = writer.check(db, t_dir, before)
        res["partial_db"] += partial_db
        res["partial_file"] += partial_file
        if not writer.retry_ok(run(writer.command(db, t_dir))):
            res["retry_failed"] += 1
        res["trials"] += 1
        shutil.rmtree(t_dir, ignore_errors=True)
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--trials", type=int, default=100)
    ap.add_argument("--writers", default=",".join(WRITERS))
    ap.add_argument("--budget", type=float, default=600, help="seconds per writer at most")
    ap.add_argument("--seed", type=int, default=14)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        demo = work / "demo.sqlite"
        p = run(cli(demo, "demo"))
        if p.returncode != 0:
            raise SystemExit(p.stderr)
        shutil.rmtree(backups_dir(demo), ignore_errors=True)
        for name in args.writers.split(","):
            w = WRITERS[name](work, demo)
            r = probe(w, args.trials, args.budget, rng)
            print(f"{name:8} trials {r['trials']:3}  killed mid-run {r['killed']:3}  "
                  f"partial db states {r['partial_db']}  partial files {r['partial_file']}  "
                  f"retries failed {r['retry_failed']}  (one run unkilled: {r['full_s']:.1f} s)",
                  flush=True)


if __name__ == "__main__":
    main()
