"""总览: counts by status and light, today's reminders, units that have not reported."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame, QGridLayout, QGroupBox, QLabel, QListWidget, QPushButton, QSplitter, QVBoxLayout,
    QWidget,
)

from ..models import STATUS_COLOURS, STATUS_NAMES
from ..texts import reminder_line
from ..widgets import fill_table, readonly_table


def reporting_text(u: dict) -> str:
    """「部分报送」, or for a group that lists members 「部分报送，未报：王场镇、总口管理区」."""
    state = u.get("reporting") or "未报送"
    missing = u.get("members_missing")
    return f"{state}，未报：{'、'.join(missing)}" if missing else state


class Card(QFrame):
    """A big number with a caption, tinted."""

    def __init__(self, caption: str, colour: str = "#ffffff", parent=None):
        super().__init__(parent)
        self.setObjectName("card")
        self.setStyleSheet(f"#card {{ background:{colour}; border:1px solid #d0d7de; border-radius:6px; }}")
        lay = QVBoxLayout(self)
        self.number = QLabel("—")
        self.number.setStyleSheet("font-size:26px; font-weight:bold;")
        self.number.setAlignment(Qt.AlignCenter)
        cap = QLabel(caption)
        cap.setAlignment(Qt.AlignCenter)
        lay.addWidget(self.number)
        lay.addWidget(cap)

    def set(self, value) -> None:
        self.number.setText(str(value))


class OverviewPage(QWidget):
    """Counts by status and light, today's reminders, units that have not reported."""

    SHOWS = frozenset({"tasks", "progress", "units", "settings", "reminders"})   # kinds of rows
    open_view = Signal(str)
    loaded = Signal()

    def __init__(self, window):
        super().__init__()
        self.window = window
        self.summary: dict | None = None
        self.title = QLabel()
        self.title.setStyleSheet("font-size:18px; font-weight:bold;")
        lay = QVBoxLayout(self)
        lay.addWidget(self.title)
        grid = QGridLayout()
        self.cards = {"total": Card("任务总数")}
        for name in STATUS_NAMES:
            self.cards[name] = Card(name, STATUS_COLOURS[name])
        for k, (key, card) in enumerate(self.cards.items()):
            grid.addWidget(card, 0, k)
        self.light_cards = {"green": Card("绿灯", "#c8e6c9"), "yellow": Card("黄灯", "#fff3b0"),
                            "red": Card("红灯", "#ffcdd2")}
        for k, card in enumerate(self.light_cards.values()):
            grid.addWidget(card, 1, k)
        self.round_label = QLabel()
        self.round_label.setWordWrap(True)
        grid.addWidget(self.round_label, 1, 3, 1, 4)
        lay.addLayout(grid)
        split = QSplitter(Qt.Horizontal)
        split.setObjectName("overview_split")
        box1 = QGroupBox("今日提醒")
        l1 = QVBoxLayout(box1)
        self.reminders = QListWidget()
        self.reminders.setWordWrap(True)
        self.reminders.setSpacing(3)
        self.reminders.setAlternatingRowColors(True)
        l1.addWidget(self.reminders)
        more = QPushButton("处理提醒…")
        more.clicked.connect(lambda: self.open_view.emit("reminders"))
        l1.addWidget(more)
        box2 = QGroupBox("本期尚未报送的单位")
        l2 = QVBoxLayout(box2)
        self.units = readonly_table(["单位", "报送情况", "牵头任务", "已完成", "欠进度", "逾期"])
        l2.addWidget(self.units)
        split.addWidget(box1)
        split.addWidget(box2)
        split.setSizes([520, 480])
        self.splitter = split
        lay.addWidget(split, 1)

    def refresh(self) -> None:
        """Counting every task's status is the slow part with thousands of tasks: the window
        has a worker compute today's overview once, and shares it with 提醒."""
        today = self.window.today
        self.title.setText(f"总览　{today.year}年{today.month}月{today.day}日")
        self.round_label.setText("正在统计……")
        self.window.overview.when_known("overview", self._show, self._failed)

    def _failed(self, message: str) -> None:
        self.round_label.setText("统计失败：" + message.splitlines()[0])
        self.loaded.emit()

    def _show(self, overview: dict) -> None:
        s, reminders = overview["summary"], overview["reminders"]
        self.summary = s
        self.cards["total"].set(s["counts"]["total"])
        for name in STATUS_NAMES:
            self.cards[name].set(s["counts"][name])
        for key, card in self.light_cards.items():
            card.set(s["lights"][key])
        due = s["due_date"]
        self.round_label.setText(
            f"报送期：{s['period'] or '—'}" + (f"（报送截止 {due}）" if due else "")
            + f"\n未报送任务 {len(s['not_reported'])} 项；欠进度 {len(s['lagging'])} 项；"
              f"逾期 {len(s['overdue'])} 项。")
        fill_table(self.units, [[u["unit"], reporting_text(u), u["led"], u["done"], u["behind"], u["overdue"]]
                                for u in overview["units_not_reported"]])
        self.units.setColumnWidth(0, 160)
        self.units.setColumnWidth(1, 200)
        self.reminders.clear()
        if not reminders:
            self.reminders.addItem("今天没有需要处理的提醒。")
        for r in reminders[:200]:
            self.reminders.addItem(reminder_line(r))
        self.loaded.emit()
