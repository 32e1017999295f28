"""Unit returns benchmark: export and import of 进展填报表 for 60 units × 136 tasks.

Run by hand: ``python benchmarks/bench_returns.py``. Two databases in a temp folder:

1. the demo database as it is (the real 2023 breakdown: ~65 units, each with its
   own share of the 136 tasks);
2. the worst case the issue names: 60 units that each carry all 136 tasks
   (8,160 form rows).

For each: time to export every unit's workbook, time to fill them in (openpyxl,
as a unit would; not part of the program), time to preview and to apply all the
returns in one call, and a re-import of the same files (nothing changes).
Prints figures for the closing notes. Not a test.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import openpyxl  # noqa: E402

from govtrack.app.demo import build_demo  # noqa: E402
from govtrack.returns_io.layout import COL_INDEX, DATA_SHEET, FIRST_DATA_ROW  # noqa: E402
from govtrack.store import ledger  # noqa: E402
from govtrack.tracker import Tracker  # noqa: E402

PERIOD = "2023-11"


def fill_all(paths: list[Path], out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    filled = []
    for p in paths:
        wb = openpyxl.load_workbook(p)
        ws = wb[DATA_SHEET]
        r = FIRST_DATA_ROW
        while ws.cell(r, 1).value is not None:
            ws.cell(r, COL_INDEX["percent"]).value = 100
            ws.cell(r, COL_INDEX["progress_text"]).value = "按计划推进，已完成年度目标。" * 4
            ws.cell(r, COL_INDEX["problems"]).value = "无"
            ws.cell(r, COL_INDEX["next_steps"]).value = "做好总结验收。"
            r += 1
        target = out / p.name
        wb.save(target)
        filled.append(target)
    return filled


def run(label: str, tr: Tracker, tmp: Path) -> None:
    t = time.perf_counter()
    paths = tr.returns.export_forms(PERIOD, tmp / f"{label}_out")
    t_export = time.perf_counter() - t
    size = sum(p.stat().st_size for p in paths)
    t = time.perf_counter()
    filled = fill_all(paths, tmp / f"{label}_filled")
    t_fill = time.perf_counter() - t
    t = time.perf_counter()
    preview = tr.returns.preview_returns(filled, received_on="2023-11-24")
    t_preview = time.perf_counter() - t
    rows = sum(len(f.applicable) for f in preview.files)
    problems = len(preview.problems())
    t = time.perf_counter()
    outcome = tr.returns.apply_returns(preview)
    t_apply = time.perf_counter() - t
    t = time.perf_counter()
    again = tr.returns.preview_returns(filled)
    out2 = tr.returns.apply_returns(again)
    t_again = time.perf_counter() - t
    assert all(f["status"] == "already_imported" for f in out2.files)
    t = time.perf_counter()
    status = tr.returns.returns_status(PERIOD, today="2023-11-30")
    t_status = time.perf_counter() - t
    print(f"[{label}] {len(paths)} workbooks, {rows} rows, {size / 1024:.0f} KB in all")
    print(f"  export all units        {t_export:6.2f} s  ({t_export / len(paths) * 1000:.0f} ms per unit)")
    print(f"  fill in (openpyxl, n/a) {t_fill:6.2f} s")
    print(f"  preview all returns     {t_preview:6.2f} s  ({problems} problems)")
    print(f"  apply in one transaction{t_apply:6.2f} s  ({outcome.applied} files applied)")
    print(f"  re-import same files    {t_again:6.2f} s  (nothing changed)")
    print(f"  returns_status          {t_status * 1000:6.1f} ms ({sum(s['returned'] for s in status)} returned)")


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="govtrack-bench-returns-"))
    tr = Tracker.open(tmp / "demo.sqlite")
    build_demo(tr)
    run("demo", tr, tmp)
    tr.close()

    tr = Tracker.open(tmp / "wide.sqlite")
    build_demo(tr)
    units = [u for u in tr.units.list() if not u["is_group"]][:60]
    ids = [u["id"] for u in units]
    with tr.db.atomic():
        for t in tr.ledger.tasks():
            lead = [ledger.unit_id(tr.db, n) for n in t["lead"]]
            ledger.set_task_units(tr.db, t["id"], lead, [i for i in ids if i not in lead])
    # keep only the 60 chosen units' forms
    tr_units = {u["id"] for u in tr.units.list() if u["led"] + u["assisting"] > 0}
    print(f"(wide database: {len(ids)} units carry all {len(tr.ledger.tasks())} tasks; "
          f"{len(tr_units)} units have tasks in all)")
    run("60x136", tr, tmp)
    tr.close()
    print(f"files in {tmp}")


if __name__ == "__main__":
    main()
