"""指标: a plan's 主要目标 and 规划 indicators, their targets, and the values units report.

The rows come from ``tracker.indicators.indicator_rows`` (the latest value against the
target is worked out there); a value is recorded with ``add_indicator_value``; an
indicator table is previewed and imported with ``preview_indicators`` /
``import_indicators`` in a worker. The monthly 通报 prints the same indicators.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QFileDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from ..background import run_job
from ..widgets import guarded, show_error
from ..widgets import UnitListEdit

COLUMNS = ["指标", "属性", "计量单位", "基期", "目标", "最新值", "期次", "报送单位", "对照目标", "来源"]
BINDING = QColor("#fdecea")        # 约束性: must be met


class IndicatorsPage(QWidget):
    """The indicators page (navigation: 指标)."""

    SHOWS = frozenset({"indicators", "units"})

    changed = Signal()
    preview_ready = Signal()

    def __init__(self, window):
        super().__init__()
        self.window = window
        self.rows: list[dict] = []
        self.preview = None
        self.error: str | None = None
        self._path = ""
        self.import_button = QPushButton("导入指标表…")
        self.import_button.clicked.connect(lambda: self.choose_file())
        self.apply_button = QPushButton("确认导入")
        self.apply_button.setEnabled(False)
        self.apply_button.clicked.connect(lambda: self.apply_import())
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.import_button)
        top.addWidget(self.apply_button)
        top.addWidget(self.summary, 1)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setObjectName("indicators")
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.itemSelectionChanged.connect(self._selected)
        self.chosen = QLabel("选择一个指标后录入实际值。")
        self.period = QLineEdit()
        self.period.setPlaceholderText("期次：2025、2025-06 或 2025-Q2")
        self.value = QLineEdit()
        self.value.setPlaceholderText("实际值，如 7.8 或 7.8% 或 控制在省下达指标内")
        self.unit = UnitListEdit([u["name"] for u in window.tracker.units.list()])
        self.unit.setPlaceholderText("报送单位（可空）")
        self.save_button = QPushButton("录入")
        self.save_button.clicked.connect(lambda: self.save_value())
        entry = QHBoxLayout()
        for w, s in ((self.chosen, 2), (self.period, 1), (self.value, 1), (self.unit, 1), (self.save_button, 0)):
            entry.addWidget(w, s)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.table, 1)
        lay.addLayout(entry)

    # ------------------------------------------------------------ rows
    def refresh(self) -> None:
        keep = self.current_id()
        self.rows = self.window.tracker.indicators.indicator_rows()
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            values = [row["name"], row["attribute"], row["measure"], row["baseline"], row["target"],
                      row["latest"], row["latest_period"], row["reported_by"], row["against"],
                      f"{row['table']}·{row['category']}" if row["category"] else row["table"]]
            for c, v in enumerate(values):
                item = QTableWidgetItem(str(v or ""))
                item.setToolTip(str(v or ""))
                if c == 0:
                    item.setData(Qt.UserRole, row["id"])
                if row["attribute"] == "约束性":
                    item.setBackground(BINDING)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(0, min(self.table.columnWidth(0), 320))
        self.table.setColumnWidth(9, min(self.table.columnWidth(9), 260))
        binding = sum(1 for r in self.rows if r["attribute"] == "约束性")
        reported = sum(1 for r in self.rows if r["latest"])
        if not self.preview:
            self.summary.setText(f"指标 {len(self.rows)} 项（约束性 {binding} 项，浅红底色），"
                                 f"已有实际值 {reported} 项。" if self.rows else
                                 "还没有指标。可导入规划纲要的主要指标表，或政府工作报告的主要预期目标。")
        if keep is not None:
            self.select_id(keep)

    def current_id(self) -> int | None:
        r = self.table.currentRow()
        if r < 0 or self.table.item(r, 0) is None:
            return None
        return self.table.item(r, 0).data(Qt.UserRole)

    def select_id(self, indicator_id: int) -> None:
        for r in range(self.table.rowCount()):
            if self.table.item(r, 0).data(Qt.UserRole) == indicator_id:
                self.table.selectRow(r)
                return

    def _selected(self) -> None:
        i = self.current_id()
        row = next((x for x in self.rows if x["id"] == i), None)
        self.chosen.setText(f"录入「{row['name']}」（目标 {row['target'] or '—'}）：" if row else
                            "选择一个指标后录入实际值。")

    @guarded("无法录入指标值")
    def save_value(self) -> bool:
        """Record the typed value for the selected indicator (one audited write)."""
        i = self.current_id()
        if i is None:
            show_error(self, "请先在表中选择一个指标。")
            return False
        self.window.tracker.indicators.add_indicator_value(
            i, self.period.text(), self.value.text(), self.unit.text().strip() or None)
        self.value.clear()
        self.refresh()
        self.window.statusBar().showMessage("指标值已录入。", 5000)
        self.changed.emit()
        return True

    # ------------------------------------------------------------ import
    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "选择指标表或政府工作报告", "",
                                              "文本 (*.txt);;所有文件 (*)")
        if name:
            self.preview_file(name)

    def preview_file(self, path: str) -> None:
        """Read an indicator table in a worker and show what importing it would do."""
        self.preview, self.error, self._path = None, None, path
        self.apply_button.setEnabled(False)
        self.summary.setText(f"正在读取「{Path(path).name}」…")
        run_job(self.window.db_path, lambda tr, progress: tr.indicators.preview_indicators(path),
                self._previewed, self._failed)

    def _previewed(self, preview) -> None:
        self.preview = preview
        c = preview.counts
        self.summary.setText(
            f"「{preview.file_name}」：{'、'.join(preview.tables) or '主要预期目标'}；新增 {c['new']}、"
            f"更新 {c['update']}、无变化 {c['same']}"
            + _problems_text(preview.problems) + "。点「确认导入」写入。")
        self.apply_button.setEnabled(c["new"] + c["update"] > 0 or any(ch.actuals for ch in preview.changes))
        self.preview_ready.emit()

    def _failed(self, message: str) -> None:
        self.error = message
        self.summary.setText("未能完成：" + message.splitlines()[0])
        show_error(self, message)
        self.preview_ready.emit()

    def apply_import(self) -> None:
        if self.preview is None:
            return
        path = self._path
        self.apply_button.setEnabled(False)
        run_job(self.window.db_path, lambda tr, progress: tr.indicators.import_indicators(path),
                self._applied, self._failed)

    def _applied(self, result) -> None:
        self.preview = None
        self.refresh()
        self.summary.setText(f"已导入指标：新增 {result.counts['new']}、更新 {result.counts['update']}，"
                             f"写入实际值 {result.values_written} 个。")
        self.window.refresh_all()
        self.changed.emit()


def _problems_text(problems: list[tuple[int, str]]) -> str:
    """「；2 行未能识别（如第 7 行：…）」; a note about the whole file (line 0) said as it is."""
    lines = [(n, text) for n, text in problems if n]
    notes = [text for n, text in problems if not n]
    out = "".join(f"；{t}" for t in notes)
    if lines:
        out += f"；{len(lines)} 行未能识别（如第 {lines[0][0]} 行：{lines[0][1]}）"
    return out
