"""责任单位: units on the left, the chosen unit's tasks on the right."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget,
)

from ..models import ROW_ROLE, TaskFilterProxy, TaskTableModel
from ..widgets import fill_table, make_task_view, readonly_table


class UnitsPage(QWidget):
    """Units on the left, the chosen unit's tasks on the right."""

    SHOWS = frozenset({"tasks", "progress", "units", "settings"})   # kinds of rows on the page

    def __init__(self, window):
        super().__init__()
        self.window = window
        self.units = readonly_table(["单位", "类别", "牵头", "协办", "别名"])
        self.units.setSelectionMode(QAbstractItemView.SingleSelection)
        self.units.itemSelectionChanged.connect(self._show_unit)
        self.model = TaskTableModel(self)
        self.proxy = TaskFilterProxy(self)
        self.tasks = make_task_view(self.model, self.proxy)
        self.tasks.activated.connect(lambda i: self.window.edit_task(i.data(ROW_ROLE)["id"]))
        self.header = QLabel("选择左侧单位查看其任务")
        self.header.setStyleSheet("font-weight:bold;")
        self.enter = QPushButton("录入本单位进展…")
        self.enter.clicked.connect(lambda: self.window.enter_progress(self.current_unit()))
        self.enter.setEnabled(False)
        right = QWidget()
        rl = QVBoxLayout(right)
        top = QHBoxLayout()
        top.addWidget(self.header, 1)
        top.addWidget(self.enter)
        rl.addLayout(top)
        rl.addWidget(self.tasks)
        self.splitter = QSplitter(Qt.Horizontal)
        self.splitter.setObjectName("units_split")
        self.splitter.addWidget(self.units)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([380, 880])
        self.units.setColumnHidden(4, True)  # aliases: in the name's tooltip
        self.tasks.setColumnHidden(TaskTableModel.COL_ASSIST, True)
        for col, w in ((0, 48), (2, 120), (4, 104), (5, 140), (6, 100)):
            self.tasks.setColumnWidth(col, w)
        lay = QVBoxLayout(self)
        lay.addWidget(self.splitter)

    def refresh(self) -> None:
        keep = self.current_unit()
        units = [u for u in self.window.tracker.units() if u["led"] or u["assisting"]]
        fill_table(self.units, [[u["name"], u["kind"], u["led"], u["assisting"], "、".join(u["aliases"])]
                           for u in units])
        for col, w in ((0, 176), (1, 70), (2, 44), (3, 44)):
            self.units.setColumnWidth(col, w)
        for r, u in enumerate(units):
            self.units.item(r, 0).setToolTip(u["name"] + ("\n别名：" + "、".join(u["aliases"]) if u["aliases"] else ""))
        chosen = 0
        for r in range(self.units.rowCount()):
            if self.units.item(r, 0).text() == keep:
                chosen = r
                break
        if self.units.rowCount():
            self.units.selectRow(chosen)
        self._show_unit()

    def current_unit(self) -> str | None:
        r = self.units.currentRow()
        if r < 0 or not self.units.selectedItems():
            return None
        return self.units.item(r, 0).text()

    def _show_unit(self) -> None:
        unit = self.current_unit()
        self.enter.setEnabled(bool(unit))
        if not unit:
            self.model.set_rows([])
            return
        rows = self.window.tracker.task_states(self.window.today, unit=unit)
        led = sum(1 for r in rows if unit in (r.get("lead") or []))
        self.header.setText(f"{unit}：牵头 {led} 项，协办 {len(rows) - led} 项")
        self.model.set_rows(rows)
