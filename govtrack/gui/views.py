"""The main window's pages: 总览, 任务台账, 责任单位, 提醒, 报告, 设置.

Each page asks the window's Tracker for plain data in ``refresh()`` and shows it;
a page whose core part has not landed yet says 「尚未提供」 instead of failing.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, QUrl, Signal
from PySide6.QtGui import QBrush, QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QDateEdit, QFileDialog, QFormLayout, QFrame, QGridLayout,
    QGroupBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QListWidget, QProgressBar,
    QPushButton, QSplitter, QTableView, QVBoxLayout, QWidget,
)

from ..errors import GovtrackError
from .background import run_job
from .dialogs import _fill, _readonly_table, show_error
from .models import LIGHT_COLOURS, ROW_ROLE, TaskFilterProxy, TaskTableModel

STATUS_COLOURS = {"已完成": "#c8e6c9", "超进度": "#dcedc8", "达进度": "#e8f5e9", "欠进度": "#fff3b0",
                  "逾期": "#ffcdd2", "未报送": "#eeeeee"}
STATUS_NAMES = ["已完成", "超进度", "达进度", "欠进度", "逾期", "未报送"]
NOT_YET = "尚未提供"


def ledger_rows(tracker, today: dt.date, unit: str | None = None) -> list[dict]:
    """Tasks with their verdicts when the rules are there, plain tasks before that."""
    if hasattr(tracker, "task_states"):
        return tracker.task_states(today, unit=unit)
    return tracker.tasks(unit=unit)


def make_task_view(model: TaskTableModel, proxy: TaskFilterProxy) -> QTableView:
    proxy.setSourceModel(model)
    view = QTableView()
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.sortByColumn(0, Qt.AscendingOrder)
    view.setSelectionBehavior(QAbstractItemView.SelectRows)
    view.setSelectionMode(QAbstractItemView.ExtendedSelection)
    view.setEditTriggers(QAbstractItemView.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(26)
    view.verticalHeader().setSectionResizeMode(QHeaderView.Fixed)
    view.horizontalHeader().setSortIndicatorShown(True)
    h = view.horizontalHeader()
    h.setStretchLastSection(False)
    h.setSectionResizeMode(TaskTableModel.COL_CONTENT, QHeaderView.Stretch)
    for col, w in ((0, 56), (2, 150), (3, 170), (4, 130), (5, 170), (6, 110)):
        view.setColumnWidth(col, w)
    return view


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


class OverviewView(QWidget):
    """Counts by status and light, today's reminders, units that have not reported."""

    open_view = Signal(str)
    loaded = Signal()

    def __init__(self, window):
        super().__init__()
        self.window = window
        self.summary: dict | None = None
        self._pending = None
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
        self.units = _readonly_table(["单位", "牵头任务", "已完成", "欠进度", "逾期"])
        l2.addWidget(self.units)
        split.addWidget(box1)
        split.addWidget(box2)
        split.setSizes([520, 480])
        self.splitter = split
        lay.addWidget(split, 1)

    def refresh(self) -> None:
        """Counting every task's status is the slow part with thousands of tasks: a worker does it."""
        tr, today = self.window.tracker, self.window.today
        self.title.setText(f"总览　{today.year}年{today.month}月{today.day}日")
        if not hasattr(tr, "status_summary"):
            self.cards["total"].set(sum(p["tasks"] for p in tr.plans()))
            self.round_label.setText("状态统计" + NOT_YET)
            self.loaded.emit()
            return
        self.round_label.setText("正在统计……")
        with_reminders = hasattr(tr, "reminders")

        def work(tracker, progress):
            summary = tracker.status_summary(today)
            if hasattr(tracker, "units_reported"):     # the same test as the 催报 reminders
                summary = dict(summary, units_reported=tracker.units_reported(today))
            return summary, tracker.reminders(today) if with_reminders else None

        self._pending = today
        run_job(self.window.db_path, work, lambda result: self._show(today, result), self._failed)

    def _failed(self, message: str) -> None:
        self.round_label.setText("统计失败：" + message.splitlines()[0])
        self.loaded.emit()

    def _show(self, today, result) -> None:
        if today != self.window.today or today != self._pending:
            return                      # a newer refresh is on its way
        s, reminders = result
        if reminders is not None and self.window._reminders is None:
            self.window._reminders = reminders
            self.window._update_nav_counts()
        self.summary = s
        self.cards["total"].set(s["counts"]["total"])
        for name in STATUS_NAMES:
            self.cards[name].set(s["counts"].get(name, 0))
        for key, card in self.light_cards.items():
            card.set(s["lights"].get(key, 0))
        due = s.get("due_date")
        self.round_label.setText(
            f"报送期：{s.get('period') or '—'}" + (f"（报送截止 {due}）" if due else "")
            + f"\n未报送任务 {len(s.get('not_reported', []))} 项；欠进度 {len(s.get('lagging', []))} 项；"
              f"逾期 {len(s.get('overdue', []))} 项。")
        reported = s.get("units_reported")
        missing = [u for u in s.get("per_unit", [])
                   if not (reported.get(u["unit"], True) if reported is not None else u.get("reported"))]
        _fill(self.units, [[u["unit"], u.get("led"), u.get("done"), u.get("behind"), u.get("overdue")]
                           for u in missing])
        self.units.setColumnWidth(0, 220)
        self.reminders.clear()
        if reminders is None:
            self.reminders.addItem("提醒功能" + NOT_YET)
        elif not reminders:
            self.reminders.addItem("今天没有需要处理的提醒。")
        for r in (reminders or [])[:200]:
            self.reminders.addItem(reminder_line(r))
        self.loaded.emit()


def reminder_line(r) -> str:
    when = r.date.isoformat() if hasattr(r.date, "isoformat") else str(r.date)
    days = r.days
    rel = "今天" if days == 0 else (f"{days} 天后" if days > 0 else f"已过 {-days} 天")
    return f"[{when}，{rel}] {r.message}"


class LedgerView(QWidget):
    """The ledger: filter bar over a sortable table of every task."""

    loaded = Signal()

    def __init__(self, window):
        super().__init__()
        self.window = window
        self._pending = None
        self.model = TaskTableModel(self)
        self.proxy = TaskFilterProxy(self)
        self.table = make_task_view(self.model, self.proxy)
        # activated = Enter or double-click (connecting doubleClicked too would open two editors)
        self.table.activated.connect(self._open_index)
        self.search = QLineEdit()
        self.search.setPlaceholderText("搜索序号、任务内容、单位、章节（Ctrl+F）")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda t: self.apply_filters())
        self.unit = QComboBox()
        self.unit.setEditable(True)
        self.unit.setInsertPolicy(QComboBox.NoInsert)
        self.unit.setMinimumContentsLength(12)
        self.unit.currentIndexChanged.connect(lambda _: self.apply_filters())
        self.status = QComboBox()
        self.status.addItem("全部状态", "")
        for s in STATUS_NAMES:
            self.status.addItem(s, s)
        self.status.currentIndexChanged.connect(lambda _: self.apply_filters())
        self.section = QComboBox()
        self.section.setMinimumContentsLength(14)
        self.section.currentIndexChanged.connect(lambda _: self.apply_filters())
        self.count = QLabel()
        bar = QHBoxLayout()
        bar.addWidget(self.search, 3)
        bar.addWidget(QLabel("单位："))
        bar.addWidget(self.unit, 2)
        bar.addWidget(QLabel("状态："))
        bar.addWidget(self.status)
        bar.addWidget(QLabel("章节："))
        bar.addWidget(self.section, 2)
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.count)

    # Up to this many tasks the ledger is read on the spot; above it a worker reads and
    # evaluates them (about a second for 10,000) while the old rows stay on screen.
    ASYNC_ABOVE = 3000

    def refresh(self) -> None:
        tr, today = self.window.tracker, self.window.today
        units = [u["name"] for u in tr.units() if u["led"] or u["assisting"]]
        if sum(p["tasks"] for p in tr.plans()) <= self.ASYNC_ABOVE:
            self._show(ledger_rows(tr, today), units)
            return
        self.count.setText("正在读取任务……")
        self._pending = object()
        token = self._pending
        run_job(self.window.db_path, lambda tracker, progress: ledger_rows(tracker, today),
                lambda rows: self._show(rows, units) if token is self._pending else None,
                lambda message: self.count.setText("读取失败：" + message.splitlines()[0]))

    def _show(self, rows: list[dict], units: list[str]) -> None:
        keep_unit, keep_section = self.unit.currentData(), self.section.currentData()
        self.unit.blockSignals(True)
        self.section.blockSignals(True)
        self.unit.clear()
        self.unit.addItem("全部单位", "")
        for name in units:
            self.unit.addItem(name, name)
        self.section.clear()
        self.section.addItem("全部章节", "")
        seen = {}
        for r in rows:
            top = (r.get("section") or "").split(" / ")[0]
            if top:
                seen.setdefault(top, None)
        for sec in seen:
            self.section.addItem(sec if len(sec) <= 24 else sec[:24] + "…", sec)
        self.unit.setCurrentIndex(max(0, self.unit.findData(keep_unit or "")))
        self.section.setCurrentIndex(max(0, self.section.findData(keep_section or "")))
        self.unit.blockSignals(False)
        self.section.blockSignals(False)
        self.model.set_rows(rows)
        self.apply_filters()
        self.loaded.emit()

    def set_unit(self, unit: str) -> None:
        self.unit.setCurrentIndex(max(0, self.unit.findData(unit)))

    def apply_filters(self) -> None:
        unit = self.unit.currentData()
        if unit is None:  # typed text not in the list: match the typed name
            unit = self.unit.currentText().strip()
        self.proxy.set_filters(text=self.search.text(), unit=unit or "",
                               status=self.status.currentData() or "",
                               section=self.section.currentData() or "")
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count.setText(f"显示 {shown} / {total} 项任务。双击或回车打开任务；点列标题排序。")

    def visible_rows(self) -> list[dict]:
        return [self.proxy.index(r, 0).data(ROW_ROLE) for r in range(self.proxy.rowCount())]

    def selected_task_id(self) -> int | None:
        idx = self.table.currentIndex()
        if not idx.isValid():
            return None
        return idx.data(ROW_ROLE)["id"]

    def _open_index(self, index: QModelIndex) -> None:
        row = index.data(ROW_ROLE)
        if row:
            self.window.edit_task(row["id"])


class UnitsView(QWidget):
    """Units on the left, the chosen unit's tasks on the right."""

    def __init__(self, window):
        super().__init__()
        self.window = window
        self.units = _readonly_table(["单位", "类别", "牵头", "协办", "别名"])
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
        _fill(self.units, [[u["name"], u["kind"], u["led"], u["assisting"], "、".join(u["aliases"])]
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

    def select_unit(self, unit: str) -> None:
        for r in range(self.units.rowCount()):
            if self.units.item(r, 0).text() == unit:
                self.units.selectRow(r)
                return

    def _show_unit(self) -> None:
        unit = self.current_unit()
        self.enter.setEnabled(bool(unit))
        if not unit:
            self.model.set_rows([])
            return
        rows = ledger_rows(self.window.tracker, self.window.today, unit=unit)
        led = sum(1 for r in rows if unit in (r.get("lead") or []))
        self.header.setText(f"{unit}：牵头 {led} 项，协办 {len(rows) - led} 项")
        self.model.set_rows(rows)


class RemindersView(QWidget):
    """Today's reminders with 知道了 (acknowledge) and 暂缓 (snooze until a day)."""

    changed = Signal()

    def __init__(self, window):
        super().__init__()
        self.window = window
        self.table = _readonly_table(["日期", "类别", "单位", "提醒内容"])
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
        enabled = items is not None
        for w in (self.ack, self.snooze_button, self.until):
            w.setEnabled(enabled)
        if items is None:
            self.info.setText("提醒功能" + NOT_YET)
            self.items = []
            self.table.setRowCount(0)
            return
        self.items = list(items)
        warning = getattr(items, "warning", None)
        self.info.setText(f"共 {len(self.items)} 条提醒。" + (f"（{warning}）" if warning else ""))
        _fill(self.table, [[r.date.isoformat(), self.KIND_NAMES.get(r.kind, r.kind), r.unit or "",
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


class ReportsView(QWidget):
    """Choose a report, period and unit; generate the PDF in a worker; open it."""

    REPORTS = [("monthly", "月度督查通报"), ("ledger", "任务台账"), ("notice", "督办单（单项任务）")]
    generated = Signal(object)

    def __init__(self, window):
        super().__init__()
        self.window = window
        self.kind = QComboBox()
        for key, name in self.REPORTS:
            self.kind.addItem(name, key)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.period = QComboBox()
        self.period.setEditable(True)
        self.unit = QComboBox()
        self.unit.setEditable(True)
        self.task = QLineEdit()
        self.task.setPlaceholderText("任务序号或 #编号，如 12 或 #12")
        self.out = QLineEdit()
        choose = QPushButton("另存为…")
        choose.clicked.connect(self._choose_out)
        out_row = QHBoxLayout()
        out_row.addWidget(self.out, 1)
        out_row.addWidget(choose)
        form = QFormLayout()
        form.addRow("报告：", self.kind)
        form.addRow("期别：", self.period)
        form.addRow("单位：", self.unit)
        form.addRow("任务：", self.task)
        form.addRow("保存到：", out_row)
        self.issue = QCheckBox("登记印发（通报：登记期号并冻结本期数字，重印数字不变；督办单：登记文号）")
        form.addRow("", self.issue)
        self.form = form
        self.generate_button = QPushButton("生成 PDF（Ctrl+P）")
        self.generate_button.clicked.connect(self.generate)
        self.open_button = QPushButton("打开 / 打印 PDF")
        self.open_button.setToolTip("用系统的 PDF 阅读器打开，在其中打印")
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self.open_pdf)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.bar.hide()
        self.status = QLabel()
        self.status.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.generate_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        box = QGroupBox("生成报告")
        box.setLayout(form)
        lay.addWidget(box)
        lay.addLayout(buttons)
        lay.addWidget(self.bar)
        lay.addWidget(self.status)
        lay.addStretch(1)
        self.last_path: Path | None = None
        self.error: str | None = None
        self._kind_changed()

    def available(self) -> bool:
        tr = self.window.tracker
        return all(hasattr(tr, m) for m in ("print_monthly", "print_ledger", "print_notice"))

    def refresh(self) -> None:
        today = self.window.today
        keep = self.period.currentText()
        self.period.clear()
        y, m = today.year, today.month
        for _ in range(13):
            self.period.addItem(f"{y:04d}-{m:02d}")
            y, m = (y, m - 1) if m > 1 else (y - 1, 12)
        if keep:
            self.period.setCurrentText(keep)
        keep_unit = self.unit.currentText()
        self.unit.clear()
        self.unit.addItem("全部单位", "")
        for u in self.window.tracker.units():
            if u["led"] or u["assisting"]:
                self.unit.addItem(u["name"], u["name"])
        if keep_unit:
            self.unit.setCurrentText(keep_unit)
        if not self.out.text():
            self.out.setText(str(self.default_out()))
        ok = self.available()
        self.generate_button.setEnabled(ok)
        if not ok:
            self.status.setText("报告功能" + NOT_YET)

    def default_out(self) -> Path:
        base = self.window.db_path.parent / (self.window.db_path.stem + "_reports")
        return base / f"{self.kind.currentText().split('（')[0]}.pdf"

    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        self.form.setRowVisible(self.period, kind == "monthly")
        self.form.setRowVisible(self.unit, kind == "ledger")
        self.form.setRowVisible(self.task, kind == "notice")
        self.form.setRowVisible(self.issue, kind != "ledger")
        if hasattr(self.window, "db_path"):
            self.out.setText(str(self.default_out()))

    def _choose_out(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "保存报告", self.out.text(), "PDF (*.pdf)")
        if name:
            self.out.setText(name)

    def generate(self) -> None:
        if not self.available():
            show_error(self, "报告功能" + NOT_YET)
            return
        kind = self.kind.currentData()
        path = Path(self.out.text().strip() or self.default_out())
        path.parent.mkdir(parents=True, exist_ok=True)
        today = self.window.today
        period = self.period.currentText().strip()
        unit = self.unit.currentData() if self.unit.currentText() != "全部单位" else ""
        if unit is None:
            unit = self.unit.currentText().strip()
        task = self.task.text().strip()
        issue = self.issue.isChecked() and kind != "ledger"
        if kind == "notice" and not task:
            show_error(self, "请填写要出督办单的任务序号。")
            return

        def work(tr, progress):
            if kind == "monthly":
                return tr.print_monthly(period, path, today, issue=issue)[0]
            if kind == "ledger":
                return tr.print_ledger(path, unit or None, today)[0]
            return tr.print_notice(task, path, today, issue=issue)[0]

        self.error = None
        self.bar.show()
        self.generate_button.setEnabled(False)
        self.status.setText(f"正在生成「{self.kind.currentText()}」…")
        run_job(self.window.db_path, work, self._done, self._failed)

    def _done(self, path) -> None:
        self.bar.hide()
        self.generate_button.setEnabled(True)
        self.last_path = Path(path)
        self.open_button.setEnabled(True)
        self.status.setText(f"已生成：{path}")
        self.window.statusBar().showMessage(f"报告已生成：{path}", 8000)
        self.generated.emit(self.last_path)

    def _failed(self, message: str) -> None:
        self.bar.hide()
        self.generate_button.setEnabled(True)
        self.error = message
        self.status.setText("未能生成：" + message.splitlines()[0])
        self.generated.emit(None)
        show_error(self, message, "未能生成报告")

    def open_pdf(self) -> None:
        if self.last_path:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_path)))


class SettingsView(QWidget):
    """The database in use, its plans, and the rule settings (read from the core)."""

    def __init__(self, window):
        super().__init__()
        self.window = window
        self.db_label = QLabel()
        self.db_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.db_label.setWordWrap(True)
        self.plans = _readonly_table(["编号", "年度", "任务来源", "任务数", "导入时间"])
        self.rules = _readonly_table(["设置", "当前值"])
        self.today_edit = QDateEdit()
        self.today_edit.setCalendarPopup(True)
        self.today_edit.setDisplayFormat("yyyy-MM-dd")
        self.today_edit.setToolTip("按哪一天计算序时进度和状态（默认今天；查看往期时可改）")
        apply_today = QPushButton("按此日期查看")
        apply_today.clicked.connect(lambda: self.window.set_today(self.today_edit.date().toPython()))
        row = QHBoxLayout()
        row.addWidget(QLabel("查看日期："))
        row.addWidget(self.today_edit)
        row.addWidget(apply_today)
        row.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("<b>数据库</b>"))
        lay.addWidget(self.db_label)
        lay.addLayout(row)
        lay.addWidget(QLabel("<b>任务来源</b>"))
        lay.addWidget(self.plans, 1)
        lay.addWidget(QLabel("<b>规则设置</b>（命令行 govtrack rules set 可修改）"))
        lay.addWidget(self.rules, 2)

    RULE_NAMES = {"tolerance": "达进度容差（百分点）", "red_gap": "红灯差距（百分点）",
                  "near_days": "临近期限（天）", "default_start": "默认起算日", "default_end": "默认完成日",
                  "report_lead_days": "报送提前提醒（天）", "task_lead_days": "任务到期提醒（天）",
                  "move_to_workday": "遇节假日提前到工作日", "report_rule": "报送周期规则"}

    @staticmethod
    def _show_value(key: str, v) -> str:
        if isinstance(v, bool):
            return "是" if v else "否"
        if key in ("default_start", "default_end") and isinstance(v, (list, tuple)) and len(v) == 2:
            return f"{v[0]}月{v[1]}日"
        if isinstance(v, (list, tuple)):
            return "、".join(map(str, v))
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        return {"monthly": "每月（25日）", "quarterly": "每季度（首月20日）"}.get(v, str(v))

    def refresh(self) -> None:
        tr = self.window.tracker
        self.db_label.setText(f"{self.window.db_path}")
        self.today_edit.setDate(self.window.today)
        _fill(self.plans, [[p["id"], p["year"], p["title"], p["tasks"], (p["created_at"] or "").replace("T", " ")]
                           for p in tr.plans()])
        self.plans.setColumnWidth(2, 560)
        if hasattr(tr, "rule_settings"):
            s = tr.rule_settings()
            from dataclasses import asdict
            _fill(self.rules, [[self.RULE_NAMES.get(k, k), self._show_value(k, v)]
                               for k, v in asdict(s).items()])
            self.rules.setColumnWidth(0, 220)
        else:
            _fill(self.rules, [["规则设置", NOT_YET]])
