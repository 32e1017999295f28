"""录入进展: one unit's tasks for one period in a spreadsheet-like grid."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QLabel, QMessageBox,
    QTableWidgetItem, QVBoxLayout,
)

from ...errors import GovtrackError
from ..widgets import SheetTable, show_error


class ProgressEntryDialog(QDialog):
    """One unit's tasks for one period, typed or pasted like a spreadsheet, saved at once."""

    COLS = ["序号", "工作任务", "完成%", "进展情况", "存在问题", "下步打算"]
    EDITABLE = {2, 3, 4, 5}

    def __init__(self, tracker, unit: str, period: str, parent=None, *,
                 reported_on: dt.date | None = None):
        super().__init__(parent)
        self.tracker = tracker
        self.unit = unit
        self.period = period
        self.reported_on = reported_on
        self.setWindowTitle(f"录入进展 — {unit} · {period}")
        self.resize(1100, 600)
        self.tasks = tracker.tasks(unit=unit)
        self.grid = SheetTable(len(self.tasks), len(self.COLS), self.EDITABLE)
        self.grid.setHorizontalHeaderLabels(self.COLS)
        self.grid.verticalHeader().setVisible(False)
        self.grid.setEditTriggers(QAbstractItemView.AllEditTriggers)
        self.grid.setTabKeyNavigation(True)
        existing = tracker.unit_progress(unit, period)
        for r, t in enumerate(self.tasks):
            for c, v in enumerate([t["seq"], t["content"]]):
                item = QTableWidgetItem(v)
                item.setFlags(Qt.ItemIsSelectable | Qt.ItemIsEnabled)
                item.setToolTip(t["content"])
                item.setBackground(QBrush(QColor("#f3f3f3")))
                self.grid.setItem(r, c, item)
            old = existing.get(t["id"], {})
            for c, key in zip((2, 3, 4, 5), ("percent", "progress_text", "problems", "next_steps")):
                v = old.get(key)
                self.grid.setItem(r, c, QTableWidgetItem("" if v is None else (
                    f"{float(v):g}" if key == "percent" else str(v))))
        self._initial = self._cells()
        h = self.grid.horizontalHeader()
        self.grid.setColumnWidth(0, 60)
        self.grid.setColumnWidth(1, 340)
        self.grid.setColumnWidth(2, 60)
        for c in (3, 4, 5):
            h.setSectionResizeMode(c, QHeaderView.Stretch)
        self.info = QLabel(f"共 {len(self.tasks)} 项任务。Tab 右移，回车下移；可从 Excel/WPS 复制多行多列后"
                           "在「完成%」单元格按 Ctrl+V 粘贴。空白行不保存。")
        self.info.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Save).setText("保存全部")
        buttons.button(QDialogButtonBox.Cancel).setText("关闭")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.info)
        lay.addWidget(self.grid)
        lay.addWidget(buttons)
        if self.tasks:
            self.grid.setCurrentCell(0, 2)

    def _cells(self) -> list[tuple[str, ...]]:
        return [tuple((self.grid.item(r, c).text() if self.grid.item(r, c) else "").strip()
                      for c in (2, 3, 4, 5)) for r in range(self.grid.rowCount())]

    def entries(self) -> list[dict]:
        """The rows that changed, as ``add_progress_many`` entries (the percent as typed:
        the core reads and checks it)."""
        out = []
        for t, now, before in zip(self.tasks, self._cells(), self._initial):
            if now == before or not any(now):
                continue
            out.append({"task": t["id"], "percent": now[0], "text": now[1], "problems": now[2],
                        "next_steps": now[3]})
        return out

    def save(self) -> bool:
        entries = self.entries()
        try:
            self.tracker.add_progress_many(
                entries, period=self.period, unit=self.unit,
                reported_on=self.reported_on.isoformat() if self.reported_on else None)
        except GovtrackError as e:
            show_error(self, e, "无法保存")
            return False
        self.saved_count = len(entries)
        self._initial = self._cells()
        self.accept()
        return True

    def reject(self) -> None:
        if self._cells() != self._initial:
            answer = QMessageBox.question(self, "未保存的进展", "有尚未保存的进展，要保存吗？",
                                          QMessageBox.Save | QMessageBox.Discard | QMessageBox.Cancel,
                                          QMessageBox.Save)
            if answer == QMessageBox.Cancel:
                return
            if answer == QMessageBox.Save:
                self.save()
                return
        super().reject()
