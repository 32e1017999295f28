"""Window benchmark: start-up to first paint on the demo database, filter latency,
memory and the overview's counts with 10,000 tasks.

Run by hand: ``python benchmarks/bench_gui.py`` (offscreen unless a display is set).
Builds its databases in a temp folder; prints figures for the closing notes. Not a test.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TODAY = "2023-10-28"

FIRST_PAINT = r"""
import sys, time
t0 = time.perf_counter()
sys.path.insert(0, {root!r})
import datetime as dt
from PySide6.QtCore import QEvent, QObject, QSettings
from govtrack.gui.app import make_app
from govtrack.gui.main_window import MainWindow
app = make_app()
class Spy(QObject):
    def eventFilter(self, obj, ev):
        if ev.type() == QEvent.Paint:
            print(f"{{(time.perf_counter() - t0) * 1000:.0f}}", flush=True)
            sys.exit(0)
        return False
w = MainWindow({db!r}, today=dt.date.fromisoformat({today!r}),
               settings=QSettings({ini!r}, QSettings.IniFormat), tray=False)
w.show_view({view!r})
spy = Spy()
w.pages[{view!r}].installEventFilter(spy)
w.show()
app.exec()
"""


def wait_loaded(app, ledger, n: int, timeout: float = 120.0) -> None:
    from govtrack.gui.background import wait_all
    end = time.perf_counter() + timeout
    while ledger.model.rowCount() != n and time.perf_counter() < end:
        wait_all(100)
        app.processEvents()


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def first_paint(db: Path, tmp: Path, view: str, runs: int = 3) -> tuple[float, float]:
    """(median ms inside the process to first paint, median wall ms including interpreter start)."""
    inner, wall = [], []
    for k in range(runs):
        code = FIRST_PAINT.format(root=str(ROOT), db=str(db), today=TODAY, ini=str(tmp / f"s{k}.ini"),
                                  view=view)
        t = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
        wall.append((time.perf_counter() - t) * 1000)
        lines = [ln for ln in out.stdout.splitlines() if ln.strip().isdigit()]
        if not lines:
            raise RuntimeError(out.stderr)
        inner.append(float(lines[-1]))
    return statistics.median(inner), statistics.median(wall)


def build_big(path: Path, n: int = 10_000) -> int:
    """The demo (136 tasks with progress) copied into more plans until ``n`` tasks."""
    from govtrack import store
    from govtrack.app.demo import build_demo
    from govtrack.tracker import Tracker
    from govtrack.store import ledger
    tr = Tracker.open(path)
    build_demo(tr)
    base = ledger.query_tasks(tr.db, plan_id=1)
    unit_ids = {u["name"]: u["id"] for u in tr.units.list()}
    total, plan_no = len(base), 1
    with tr.db.atomic():
        while total < n:
            plan_no += 1
            pid = store.insert(tr.db, "plans", {"title": f"扩充计划{plan_no}", "year": 2023,
                                                "created_at": store.now_iso()})
            for task in base:
                if total >= n:
                    break
                tid = ledger.insert_task(tr.db, pid, {
                    "seq": task["seq"], "ord": task["ord"], "content": task["content"],
                    "section": task["section"], "deadline": task["deadline"],
                    "deadline_text": task["deadline_text"]})
                ledger.set_task_units(tr.db, tid, [unit_ids[u] for u in task["lead"]],
                                      [unit_ids[u] for u in task["assist"]])
                total += 1
    tr.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    tr.close()
    return total


def overview_counts(app, db: Path, tmp: Path, runs: int = 3) -> tuple[float, float]:
    """(median ms from opening a window on 总览 to its counts on screen, median ms the main
    thread was busy building and showing the window)."""
    import datetime as dt
    from PySide6.QtCore import QSettings
    from govtrack.gui.main_window import MainWindow
    on_screen, built = [], []
    for k in range(runs):
        t0 = time.perf_counter()
        w = MainWindow(db, today=dt.date.fromisoformat(TODAY),
                       settings=QSettings(str(tmp / f"o{k}.ini"), QSettings.IniFormat), tray=False)
        w.resize(1280, 800)
        overview = w.pages["overview"]
        done = []
        overview.loaded.connect(lambda: done.append(time.perf_counter()))
        w.show_view("overview")
        w.show()
        app.processEvents()
        built.append((time.perf_counter() - t0) * 1000)
        end = time.perf_counter() + 120
        while not done and time.perf_counter() < end:
            from govtrack.gui.background import wait_all
            wait_all(20)
            app.processEvents()
        overview.repaint()
        on_screen.append(((done[0] if done else time.perf_counter()) - t0) * 1000)
        w.close()
        app.processEvents()
    return statistics.median(on_screen), statistics.median(built)


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="govtrack-bench-gui-"))
    from govtrack.app.demo import build_demo
    from govtrack.tracker import Tracker
    demo = tmp / "demo.sqlite"
    tr = Tracker.open(demo)
    build_demo(tr)
    tr.close()
    for view in ("overview", "ledger"):
        inner, wall = first_paint(demo, tmp, view)
        print(f"start-up to first paint, demo db (136 tasks), view {view}: {inner:.0f} ms in process "
              f"(imports included), {wall:.0f} ms wall incl. interpreter start (median of 3)")

    big = tmp / "big.sqlite"
    t = time.perf_counter()
    n = build_big(big)
    print(f"built {n} tasks in {time.perf_counter() - t:.1f} s")
    inner, wall = first_paint(big, tmp, "ledger")
    print(f"start-up to first paint, {n} tasks, view ledger: {inner:.0f} ms in process, {wall:.0f} ms wall")

    import datetime as dt
    from PySide6.QtCore import QSettings, Qt
    from govtrack.gui.app import make_app
    from govtrack.gui.main_window import MainWindow
    app = make_app()
    shown, built = overview_counts(app, big, tmp)
    print(f"overview counts of {n} tasks on screen: {shown:.0f} ms after opening the window "
          f"(main thread busy {built:.0f} ms building and showing it; median of 3)")
    rss0 = rss_mb()
    t = time.perf_counter()
    w = MainWindow(big, today=dt.date.fromisoformat(TODAY),
                   settings=QSettings(str(tmp / "m.ini"), QSettings.IniFormat), tray=False)
    w.resize(1280, 800)
    w.show_view("ledger")
    w.show()
    app.processEvents()
    t_shown = time.perf_counter()
    ledger = w.pages["ledger"]
    wait_loaded(app, ledger, n)
    print(f"window with {n} tasks built and shown: {(t_shown - t) * 1000:.0f} ms; ledger rows "
          f"(read and evaluated in a worker) on screen after {(time.perf_counter() - t) * 1000:.0f} ms")
    print(f"memory: {rss0:.0f} MB before the window, {rss_mb():.0f} MB with {n} tasks in the ledger "
          f"(+{rss_mb() - rss0:.0f} MB)")

    def timed(action, repeat=9):
        filt, paint = [], []
        for _ in range(repeat):
            ledger.search.setText("")
            ledger.set_unit("")
            ledger.status.setCurrentIndex(0)
            app.processEvents()
            t0 = time.perf_counter()
            action()                       # model/proxy work: the rows are known after this
            t1 = time.perf_counter()
            ledger.table.viewport().repaint()   # and drawn
            app.processEvents()
            filt.append((t1 - t0) * 1000)
            paint.append((time.perf_counter() - t1) * 1000)
        return statistics.median(filt), max(filt), statistics.median(paint), ledger.proxy.rowCount()

    for label, action in (
            ("text '小龙虾'", lambda: ledger.search.setText("小龙虾")),
            ("text '河湖长 水利' (two words)", lambda: ledger.search.setText("河湖长 水利")),
            ("unit 市住建局", lambda: ledger.set_unit("市住建局")),
            ("status 欠进度", lambda: ledger.status.setCurrentIndex(ledger.status.findData("欠进度"))),
            ("one keystroke '市' (most rows stay)", lambda: ledger.search.setText("市"))):
        med, worst, paint, rows = timed(action)
        print(f"filter {label}: median {med:.1f} ms (worst {worst:.1f}) + repaint {paint:.1f} ms → {rows} rows")
    ledger.search.setText("")
    ledger.set_unit("")
    ledger.status.setCurrentIndex(0)
    t0 = time.perf_counter()
    ledger.table.sortByColumn(4, Qt.DescendingOrder)
    app.processEvents()
    print(f"sort {n} rows by 完成时限: {(time.perf_counter() - t0) * 1000:.0f} ms")
    t0 = time.perf_counter()
    ledger.model.set_rows([])
    w.refresh_all()
    app.processEvents()
    t_back = time.perf_counter()
    wait_loaded(app, ledger, n)
    print(f"refresh after a change: window free again after {(t_back - t0) * 1000:.0f} ms; "
          f"new rows after {(time.perf_counter() - t0) * 1000:.0f} ms")
    w.close()


if __name__ == "__main__":
    main()
