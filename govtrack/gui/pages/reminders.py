"""提醒: today's reminders with 知道了 and 暂缓."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ...errors import GovtrackError
from ..models import LIGHT_COLOURS
from ..widgets import fill_table, readonly_table, show_error


class RemindersPage(QWidget):
    """Today's reminders with 知道了 (acknowledge) and 暂缓 (snooze until a day)."""

    SHOWS = frozenset({"tasks", "progress", "units", "settings", "reminders"})   # kinds of rows
    changed = Signal()

    def __init__(self, window):
        super().__init__()
        self.window = window
        self.table = readonly_table(["日期", "类别", "单位", "提醒内容"])
        self.table.setWordWrap(True)
        self.table.doubleClicked.connect(self._open_task)
        self.ack = QPushButton("知道了")
        self.ack.setToolTip("确认所选提醒；内容有变化时会再次提醒")
        self.ack.clicked.connect(self.acknowledge)
        self.until = QDateEdit()
        self.until.setCalendarPopup(True)
        self.until.setDisplayFormat("yyyy-MM-dd")
        self.snooze_button = QPushButton("暂缓到")
        self.snooze_button.clicked.connect(self.snooze)
        self.info = QLabel()
        bar = QHBoxLayout()
        bar.addWidget(self.info, 1)
        bar.addWidget(self.ack)
        bar.addWidget(self.snooze_button)
        bar.addWidget(self.until)
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(self.table)
        self.items: list = []

    KIND_NAMES = {"report_due": "报送截止", "unit_late": "催报", "task_deadline": "任务到期",
                  "task_overdue": "任务逾期", "milestone_due": "节点到期", "milestone_overdue": "节点逾期"}

    def refresh(self) -> None:
        today = self.window.today
        self.until.setDate(today + dt.timedelta(days=7))
        items = self.window.current_reminders()
        self.items = list(items)
        warning = items.warning
        self.info.setText(f"共 {len(self.items)} 条提醒。" + (f"（{warning}）" if warning else ""))
        fill_table(self.table, [[r.date.isoformat(), self.KIND_NAMES.get(r.kind, r.kind), r.unit or "",
                                 r.message] for r in self.items])
        for r, item in enumerate(self.items):
            if item.days < 0:
                self.table.item(r, 0).setBackground(QBrush(LIGHT_COLOURS["red"]))
        self.table.setColumnWidth(0, 100)
        self.table.setColumnWidth(1, 90)
        self.table.setColumnWidth(2, 170)

    def _selected(self) -> list:
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        return [self.items[r] for r in rows if r < len(self.items)]

    def acknowledge(self) -> None:
        chosen = self._selected()
        try:
            for r in chosen:
                self.window.tracker.acknowledge_reminder(r.key, r.fingerprint)
        except GovtrackError as e:
            show_error(self, e)
        self.changed.emit()

    def snooze(self) -> None:
        until = self.until.date().toPython()
        try:
            for r in self._selected():
                self.window.tracker.snooze_reminder(r.key, until, r.fingerprint)
        except GovtrackError as e:
            show_error(self, e)
        self.changed.emit()

    def _open_task(self, index) -> None:
        r = self.items[index.row()] if index.row() < len(self.items) else None
        if r is not None and r.task_id:
            self.window.edit_task(r.task_id)
