"""The ledger model and the spreadsheet grid on plain lists: no database involved."""

from __future__ import annotations

from PySide6.QtCore import Qt

from govtrack.gui.models import ROW_ROLE, TaskFilterProxy, TaskTableModel
from govtrack.gui.widgets import SheetTable


def rows():
    return [
        {"id": 1, "plan_id": 1, "ord": 1, "seq": "1", "content": "河湖长制", "lead": ["市水利和湖泊局"],
         "assist": ["市生态环境局"], "section": "一、生态", "deadline": "2023-06-30",
         "deadline_text": "6月底前", "status": "欠进度", "light": "red", "percent": 20.0,
         "latest": {"period": "2023-05", "progress_text": "推进中"}},
        {"id": 2, "plan_id": 1, "ord": 2, "seq": "2", "content": "小龙虾产业", "lead": ["市农业农村局"],
         "assist": [], "section": "二、产业", "deadline": "2023-12-31", "deadline_text": None,
         "status": "达进度", "light": "green", "percent": 60.0, "latest": None},
        {"id": 3, "plan_id": 1, "ord": 10, "seq": "10", "content": "长江大保护", "lead": ["市生态环境局"],
         "assist": ["市水利和湖泊局"], "section": "一、生态 / （二）", "deadline": None,
         "deadline_text": "长期坚持", "status": "未报送", "light": "yellow", "percent": None, "latest": None},
    ]


def test_model_shows_rows_and_colours(qapp):
    m = TaskTableModel()
    m.set_rows(rows())
    assert m.rowCount() == 3 and m.columnCount() == 7
    assert m.headerData(0, Qt.Horizontal) == "序号"
    assert m.index(0, 4).data() == "6月底前（2023-06-30）"
    assert m.index(0, 5).data() == "20%（2023-05） 推进中"
    assert m.index(0, 6).data() == "欠进度·红灯"
    assert m.index(0, 6).data(Qt.BackgroundRole).color().name() == "#ffcdd2"
    assert m.index(1, 6).data(Qt.BackgroundRole).color().name() == "#c8e6c9"
    assert m.index(2, 4).data() == "长期坚持" and m.index(2, 5).data() == ""
    assert m.index(0, 1).data(ROW_ROLE)["id"] == 1


def test_proxy_filters_by_text_unit_status_section(qapp):
    m = TaskTableModel()
    m.set_rows(rows())
    p = TaskFilterProxy()
    p.setSourceModel(m)

    def ids():
        return [p.index(r, 0).data(ROW_ROLE)["id"] for r in range(p.rowCount())]

    p.set_filters(unit="市水利和湖泊局")
    assert ids() == [1, 3]                 # lead or assisting
    p.set_filters(unit="", text="小龙虾")
    assert ids() == [2]
    p.set_filters(text="生态环境局 长江")     # every word must match somewhere
    assert ids() == [3]
    p.set_filters(text="", status="未报送")
    assert ids() == [3]
    p.set_filters(status="", section="一、生态")
    assert ids() == [1, 3]
    p.set_filters(section="")
    assert ids() == [1, 2, 3]


def test_sort_in_model_keeps_filter_right(qapp):
    m = TaskTableModel()
    m.set_rows(rows())
    p = TaskFilterProxy()
    p.setSourceModel(m)
    p.set_filters(unit="市水利和湖泊局")
    p.sort(0, Qt.DescendingOrder)          # seq by plan order: 10 before 1 (not as text)
    assert [p.index(r, 0).data() for r in range(p.rowCount())] == ["10", "1"]
    p.sort(4, Qt.AscendingOrder)           # deadline; no deadline last
    assert [p.index(r, 0).data() for r in range(p.rowCount())] == ["1", "10"]
    m.set_rows(rows())                     # fresh rows keep the chosen order and filter
    assert [p.index(r, 0).data() for r in range(p.rowCount())] == ["1", "10"]
    p.sort(6, Qt.AscendingOrder)           # status: worst first
    p.set_filters(unit="")
    assert [p.index(r, 6).data().split("·")[0] for r in range(3)] == ["欠进度", "未报送", "达进度"]


def test_sheet_paste_and_navigation(qtbot):
    t = SheetTable(3, 4, editable_columns={1, 2, 3})
    qtbot.addWidget(t)
    t.setCurrentCell(0, 1)
    n = t.paste("50\t进展一\t问题一\r\n80\t进展二\t\t多出来的列\r\n")
    assert n == 6                          # the fourth value of row 2 falls off the grid
    assert [t.item(0, c).text() for c in (1, 2, 3)] == ["50", "进展一", "问题一"]
    assert [t.item(1, c).text() for c in (1, 2, 3)] == ["80", "进展二", ""]
    assert t.item(2, 1) is None            # the paste had two rows
    t.setCurrentCell(0, 0)
    assert t.paste("x\ty") == 1 and t.item(0, 0) is None   # read-only column skipped
    # Tab walks editable columns and wraps to the next row
    t.setCurrentCell(0, 3)
    nxt = t.moveCursor(t.CursorAction.MoveNext, Qt.NoModifier)
    assert (nxt.row(), nxt.column()) == (1, 1)
    t.setCurrentCell(1, 1)
    prev = t.moveCursor(t.CursorAction.MovePrevious, Qt.NoModifier)
    assert (prev.row(), prev.column()) == (0, 3)
    t.setCurrentCell(0, 2)
    qtbot.keyClick(t, Qt.Key_Return)       # Enter moves down
    assert (t.currentRow(), t.currentColumn()) == (1, 2)
    qtbot.keyClick(t, Qt.Key_Tab)          # Tab moves right
    assert (t.currentRow(), t.currentColumn()) == (1, 3)
    qtbot.keyClick(t, Qt.Key_Tab)          # … and wraps to the next row's first editable cell
    assert (t.currentRow(), t.currentColumn()) == (2, 1)


def test_sheet_enter_after_typing_moves_down(qtbot):
    from PySide6.QtWidgets import QLineEdit, QTableWidgetItem
    t = SheetTable(3, 4, editable_columns={1, 2, 3})
    for r in range(3):
        for c in range(4):
            t.setItem(r, c, QTableWidgetItem(""))
    qtbot.addWidget(t)
    t.show()
    qtbot.waitExposed(t)
    t.setCurrentCell(0, 1)
    t.editItem(t.item(0, 1))
    qtbot.waitUntil(lambda: t.state() == t.State.EditingState)
    editor = next(e for e in t.findChildren(QLineEdit) if e.isVisible())
    qtbot.keyClicks(editor, "57")
    qtbot.keyClick(editor, Qt.Key_Return)
    qtbot.waitUntil(lambda: t.item(0, 1).text() == "57")
    assert (t.currentRow(), t.currentColumn()) == (1, 1)
