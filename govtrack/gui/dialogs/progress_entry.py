"""录入进展: one unit's tasks for one period in a spreadsheet-like grid.

The period picker opens on the current reporting round; beside each task the grid shows
the unit's role (牵头/协办), the plan, last period's percent and what the other units on
the task reported (all from :func:`govtrack.app.entry_grid.progress_grid`)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
    QMessageBox, QTableWidgetItem, QVBoxLayout,
)

from ...app.entry_grid import progress_grid
from ...errors import ConflictError

from ..widgets import SheetTable, ask_conflict, attempt, guarded


def _other_report(o: dict) -> str:
    """「市财政局（协办）60% 已拨付资金」"""
    pct = "" if o["percent"] is None else f"{float(o['percent']):g}%"
    return f"{o['unit']}（{o['role']}）{pct} {o['text']}".strip()


class ProgressEntryDialog(QDialog):
    """One unit's tasks for one period, typed or pasted like a spreadsheet, saved at once."""

    COLS = ["序号", "工作任务", "完成%", "进展情况", "存在问题", "下步打算", "上期%", "职责", "计划",
            "其他单位本期报送"]
    READONLY_AFTER = (6, 7, 8, 9)
    EDITABLE = {2, 3, 4, 5}

    def __init__(self, tracker, unit: str, period: str, parent=None, *,
                 reported_on: dt.date | None = None):
        super().__init__(parent)
        self.tracker = tracker
        self.unit = unit
        self.period = period
        self.reported_on = reported_on
        self.resize(1280, 640)
        self.grid = SheetTable(0, len(self.COLS), self.EDITABLE)
        self.grid.setHorizontalHeaderLabels(self.COLS)
        self.grid.verticalHeader().setVisible(False)
        self.grid.setEditTriggers(QAbstractItemView.AllEditTriggers)
        self.grid.setTabKeyNavigation(True)
        self.period_box = QComboBox()
        self.period_box.setEditable(True)
        self.period_box.setToolTip("报送期（默认为当前报送轮次）")
        y, m = int(period[:4]), int(period[5:7])
        for k in range(-11, 2):
            yy, mm = divmod(y * 12 + m - 1 + k, 12)
            self.period_box.addItem(f"{yy:04d}-{mm + 1:02d}")
        self.period_box.setCurrentText(period)
        self.period_box.currentTextChanged.connect(self._period_changed)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("筛选：序号、任务内容、牵头/协办、计划")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.apply_filter)
        self._load(period)
        h = self.grid.horizontalHeader()
        self.grid.setColumnWidth(0, 50)
        self.grid.setColumnWidth(1, 300)
        self.grid.setColumnWidth(2, 56)
        for c in (3, 4, 5):
            h.setSectionResizeMode(c, QHeaderView.Stretch)
        for c, w in ((6, 56), (7, 44), (8, 120), (9, 220)):
            self.grid.setColumnWidth(c, w)
        self.info = QLabel(f"共 {len(self.tasks)} 项任务（牵头 {sum(r['role'] == '牵头' for r in self.rows)} 项）。Tab 右移，回车下移；可从 Excel/WPS 复制多行多列后"
                           "在「完成%」单元格按 Ctrl+V 粘贴。空白行不保存。")
        self.info.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Save).setText("保存全部")
        buttons.button(QDialogButtonBox.Cancel).setText("关闭")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(QLabel("报送期："))
        top.addWidget(self.period_box)
        top.addWidget(self.filter, 1)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.info)
        lay.addWidget(self.grid)
        lay.addWidget(buttons)
        if self.tasks:
            self.grid.setCurrentCell(0, 2)

    def _load(self, period: str) -> None:
        """Fill the grid for ``period`` (the unit's tasks in the plans of that year)."""
        self.period = period
        self.setWindowTitle(f"录入进展 — {self.unit} · {period}")
        self.rows = progress_grid(self.tracker, self.unit, period)
        self.tasks = [r["task"] for r in self.rows]
        # What the grid shows, for the save's check that nobody changed it meanwhile.
        self._shown = {r["task"]["id"]: dict(r["current"]) for r in self.rows}
        self.grid.setRowCount(len(self.rows))
        grey = QBrush(QColor("#f3f3f3"))
        for r, row in enumerate(self.rows):
            t, prev = row["task"], row["previous"]
            others = "；".join(_other_report(o) for o in row["others"])
            fixed = {0: t["seq"], 1: t["content"], 6: "" if not prev or prev["percent"] is None
                     else f"{float(prev['percent']):g}", 7: row["role"], 8: row["plan"], 9: others}
            for c, v in fixed.items():
                item = QTableWidgetItem(v)
                item.setFlags(Qt.ItemIsSelectable | Qt.ItemIsEnabled)
                item.setToolTip({1: t["content"], 6: f"{prev['period']} 报送" if prev else "上期未报送",
                                 9: others or "其他单位本期未报送"}.get(c, v))
                item.setBackground(grey)
                self.grid.setItem(r, c, item)
            old = row["current"]
            for c, key in zip((2, 3, 4, 5), ("percent", "progress_text", "problems", "next_steps")):
                v = old.get(key)
                self.grid.setItem(r, c, QTableWidgetItem("" if v is None else (
                    f"{float(v):g}" if key == "percent" else str(v))))
        self._initial = self._cells()
        if self.rows:
            self.grid.setCurrentCell(0, 2)
        self.apply_filter()

    def _period_changed(self, text: str) -> None:
        text = text.strip()
        if len(text) != 7 or text == self.period:
            return
        if self._cells() != self._initial:
            answer = QMessageBox.question(self, "未保存的进展", f"{self.period} 有尚未保存的进展，换期前要保存吗？",
                                          QMessageBox.Save | QMessageBox.Discard | QMessageBox.Cancel,
                                          QMessageBox.Save)
            if answer == QMessageBox.Cancel or (answer == QMessageBox.Save and not self._save_entries()):
                self.period_box.blockSignals(True)
                self.period_box.setCurrentText(self.period)
                self.period_box.blockSignals(False)
                return
        attempt(self, self._load, text, title="无法载入")

    def apply_filter(self) -> None:
        """Hide the rows whose 序号, content, role and plan do not contain the filter text."""
        needle = self.filter.text().strip()
        for r, row in enumerate(self.rows):
            hay = " ".join((row["task"]["seq"] or "", row["task"]["content"] or "", row["role"], row["plan"]))
            self.grid.setRowHidden(r, bool(needle) and needle not in hay)

    def visible_rows(self) -> list[int]:
        return [r for r in range(self.grid.rowCount()) if not self.grid.isRowHidden(r)]

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
        if not self._save_entries():
            return False
        self.accept()
        return True

    @guarded("无法保存")
    def _save_entries(self) -> bool:
        """One ``add_progress_many`` call; when another window changed some of these rows
        since the grid was opened, ask first (覆盖 / 重新载入 / 取消) — the core checks,
        inside the save's transaction, and writes nothing until the answer."""
        entries = self.entries()
        kwargs = dict(period=self.period, unit=self.unit,
                      reported_on=self.reported_on.isoformat() if self.reported_on else None)
        try:
            saved = self.tracker.progress.add_progress_many(entries, since=self._shown, **kwargs)
        except ConflictError as e:
            answer = self._ask_conflict(e)
            if answer == "overwrite":
                saved = self.tracker.progress.add_progress_many(entries, **kwargs)
            else:
                if answer == "reload":
                    self.reload(keep_except=set(getattr(e, "tasks", ())))
                return False
        for row in saved:
            self._shown[row["task_id"]] = row
        self.saved_count = len(entries)
        self._initial = self._cells()
        return True

    def _ask_conflict(self, error) -> str:
        return ask_conflict(self, "进展已被他人修改",
                            f"{error}\n\n「覆盖」用您填写的内容替换他人的修改；「重新载入」显示他人修改后的进展"
                            "（这些任务您这次填写的内容不保存，其他任务您填写的内容保留待保存）；"
                            "「取消」回到表格，什么也不写入。")

    def reload(self, keep_except: set[int] = frozenset()) -> None:
        """Show the period as it is now in the file; what the user typed in the other rows
        (not in ``keep_except``) is put back, still to be saved."""
        typed = {t["id"]: now for t, now, before in zip(self.tasks, self._cells(), self._initial)
                 if now != before and t["id"] not in keep_except}
        self._load(self.period)
        for r, t in enumerate(self.tasks):
            for c, v in zip((2, 3, 4, 5), typed.get(t["id"], ())):
                self.grid.item(r, c).setText(v)

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
