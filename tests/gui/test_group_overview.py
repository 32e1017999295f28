"""The 总览 names a group's missing members; the 录入进展 grid asks before writing over rows
another window changed (覆盖 / 重新载入 / 取消). Driven through the window's own widgets; the
question box's buttons clicked by a monkeypatched ``QMessageBox.exec``."""

from __future__ import annotations

from govtrack.tracker import Tracker
from tests.conftest import sql

GROUP = "各区镇街道"
MEMBERS = ["泽口街道", "王场镇", "总口管理区"]


def test_overview_lists_a_group_with_its_missing_members(window, qtbot):
    tr = window.tracker
    tr.units.set_members(GROUP, MEMBERS)
    task = tr.ledger.task("5")
    tr.ledger.update_task(task["id"], lead=GROUP)
    tr.progress.add_progress(task["id"], period="2023-10", percent=60, unit="泽口街道", reported_on="2023-10-20")
    page = window.pages["overview"]
    with qtbot.waitSignal(page.loaded, timeout=30000):
        window.refresh({"units", "tasks", "progress"})
        window.show_view("overview")
    rows = {page.units.item(r, 0).text(): r for r in range(page.units.rowCount())}
    assert GROUP in rows
    assert page.units.item(rows[GROUP], 1).text() == "部分报送，未报：王场镇、总口管理区"
    assert page.units.item(rows[GROUP], 2).text() == "1"              # 牵头任务
    for unit in ("王场镇", "总口管理区"):
        tr.progress.add_progress(task["id"], period="2023-10", percent=50, unit=unit, reported_on="2023-10-24")
    with qtbot.waitSignal(page.loaded, timeout=30000):
        window.refresh({"progress"})
        window.show_view("overview")
    assert GROUP not in {page.units.item(r, 0).text() for r in range(page.units.rowCount())}


def _row(dlg, task_id) -> int:
    return next(r for r, t in enumerate(dlg.tasks) if t["id"] == task_id)


def test_progress_grid_asks_before_writing_over_another_windows_rows(window, demo_copy, asked, messages):
    tr = window.tracker
    t12 = tr.ledger.task("12")
    unit = t12["lead"][0]
    dlg = window.enter_progress(unit, "2023-10")
    r12 = _row(dlg, t12["id"])
    other_row = next(r for r in range(len(dlg.tasks)) if r != r12)
    other_id = dlg.tasks[other_row]["id"]
    colleague = Tracker.open(demo_copy)                      # a colleague on the same file
    colleague.progress.add_progress(t12["id"], period="2023-10", percent=77, unit=unit, text="同事填的")
    dlg.grid.item(r12, 2).setText("50")
    dlg.grid.item(other_row, 2).setText("33")
    uid = sql(demo_copy, "SELECT id FROM units WHERE name = ?", [unit])[0][0]
    mine = lambda: dict(sql(demo_copy, "SELECT task_id, percent FROM progress WHERE unit_id = ? "  # noqa: E731
                                       "AND period = '2023-10'", [uid]))

    asked.answer = "取消"
    assert dlg.save() is False and dlg.isVisible()
    assert "第12项" in asked.seen[-1] and "已被他人修改" in asked.seen[-1]
    assert mine()[t12["id"]] == 77 and mine().get(other_id) != 33      # nothing written
    assert dlg.grid.item(r12, 2).text() == "50"                        # what was typed stays

    asked.answer = "重新载入"
    assert dlg.save() is False and dlg.isVisible()
    assert dlg.grid.item(r12, 2).text() == "77"                        # the colleague's row shown
    assert dlg.grid.item(dlg.tasks.index(next(t for t in dlg.tasks if t["id"] == other_id)), 2).text() == "33"
    assert mine().get(other_id) != 33                                  # still to be saved
    assert dlg.save() is True                                          # nothing changed since the reload
    assert mine()[other_id] == 33 and mine()[t12["id"]] == 77
    assert len(asked.seen) == 2

    dlg = window.enter_progress(unit, "2023-10")
    colleague.progress.add_progress(t12["id"], period="2023-10", percent=80, unit=unit, text="同事又改了")
    dlg.grid.item(_row(dlg, t12["id"]), 2).setText("90")
    asked.answer = "覆盖"
    assert dlg.save() is True
    assert mine()[t12["id"]] == 90
    colleague.close()
    assert not messages                                                # asked, never an error box


def test_the_ledger_shows_how_many_members_of_a_group_are_in(window):
    from govtrack.gui.models import TaskTableModel
    tr = window.tracker
    tr.units.set_members(GROUP, MEMBERS)
    task = tr.ledger.task("5")
    tr.ledger.update_task(task["id"], lead=GROUP)
    tr.progress.add_progress(task["id"], period="2023-10", percent=60, unit="泽口街道", reported_on="2023-10-20")
    model = TaskTableModel()
    model.set_rows(tr.status.task_states("2023-10-31"))
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "5")
    status = model.index(row, model.columnCount() - 1).data()
    assert status.endswith("（部分报送 1/3）"), status
    others = [model.index(r, model.columnCount() - 1).data() for r in range(model.rowCount()) if r != row]
    assert not any("部分报送" in s for s in others)
