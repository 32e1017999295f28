"""提醒: today's reminders with 知道了 and 暂缓, and the 催报 list (who has not reported the
current round, with contact and phone), printable and copyable as a chat message."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDateEdit, QFileDialog, QGroupBox, QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget,
)
from PySide6.QtCore import Qt

from ..models import LIGHT_COLOURS
from ..widgets import attempt, fill_table, readonly_table


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
        self.chase_table = readonly_table(["单位", "报送情况", "联系人", "电话", "代表单位组"])
        self.chase_table.horizontalHeaderItem(4).setToolTip(
            "单位组（如各区镇街道）列有成员时，由成员分别报送本组的任务")
        self.chase_info = QLabel()
        self.chase_info.setWordWrap(True)
        self.copy_button = QPushButton("复制催报消息")
        self.copy_button.setToolTip("复制为可贴到工作群的催报文字")
        self.copy_button.clicked.connect(self.copy_message)
        self.print_button = QPushButton("打印催报名单…")
        self.print_button.setToolTip("把催报名单存为 PDF 打印")
        self.print_button.clicked.connect(lambda: self.print_chase())
        chase_bar = QHBoxLayout()
        chase_bar.addWidget(self.chase_info, 1)
        chase_bar.addWidget(self.copy_button)
        chase_bar.addWidget(self.print_button)
        chase_box = QGroupBox("催报名单（本轮未报齐的牵头单位；单位组列有成员时催成员）")
        cl = QVBoxLayout(chase_box)
        cl.addLayout(chase_bar)
        cl.addWidget(self.chase_table)
        top = QWidget()
        tl = QVBoxLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addLayout(bar)
        tl.addWidget(self.table)
        split = QSplitter(Qt.Vertical)
        split.addWidget(top)
        split.addWidget(chase_box)
        split.setSizes([420, 300])
        lay = QVBoxLayout(self)
        lay.addWidget(split)
        self.items: list = []
        self.chase: dict = {"units": [], "period": None}

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
        self._show_chase()

    # ------------------------------------------------------------ 催报
    def _show_chase(self) -> None:
        self.chase = self.window.tracker.reminders.chase_list(self.window.today)
        units = self.chase["units"]
        fill_table(self.chase_table, [[u["unit"], "未报送" if u["state"] == "未报送"
                                       else f"部分报送 {u['reported']}/{u['tasks']}", u["contact"], u["phone"],
                                       "、".join(u.get("groups") or ())]
                                      for u in units])
        for col, w in ((0, 200), (1, 120), (2, 100), (3, 120)):
            self.chase_table.setColumnWidth(col, w)
        period = self.chase["period"]
        self.chase_info.setText(
            "当前没有报送轮次。" if not period else
            f"{period} 期（{self.chase['due_date']} 截止）：{len(units)} 个单位未报齐。"
            + ("联系人、电话在「责任单位」页填写。" if any(not u["contact"] for u in units) else ""))
        self.copy_button.setEnabled(bool(period))
        self.print_button.setEnabled(bool(units))

    def message_text(self) -> str:
        return self.window.tracker.reminders.chase_message(self.window.today)

    def copy_message(self) -> str:
        text = self.message_text()
        QGuiApplication.clipboard().setText(text)
        self.window.statusBar().showMessage("催报消息已复制，可直接粘贴到工作群。", 5000)
        return text

    def chase_html(self) -> str:
        from html import escape
        c = self.chase
        def who(u: dict) -> str:
            return escape(u["unit"] + (f"（{'、'.join(u['groups'])}）" if u.get("groups") else ""))

        rows = "".join(
            f"<tr><td>{k}</td><td>{who(u)}</td>"
            f"<td>{escape(self.chase_table.item(k - 1, 1).text())}</td>"
            f"<td>{escape(u['contact'])}</td><td>{escape(u['phone'])}</td></tr>"
            for k, u in enumerate(c["units"], 1))
        return (f"<h2 align='center'>催报名单</h2><p>报送期：{c['period']}　截止日期：{c['due_date']}　"
                f"统计至：{self.window.today.isoformat()}</p>"
                "<table border='1' cellspacing='0' cellpadding='4' width='100%'>"
                "<tr><th>序号</th><th>单位</th><th>报送情况</th><th>联系人</th><th>电话</th></tr>"
                f"{rows}</table>")

    def print_chase(self, path: str | None = None) -> str | None:
        """The 催报 list as a PDF (to print), through Qt's printer."""
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, "打印催报名单", f"催报名单_{self.chase['period']}.pdf",
                                                  "PDF 文件 (*.pdf)")
            if not path:
                return None
        from PySide6.QtGui import QPageSize, QTextDocument
        from PySide6.QtPrintSupport import QPrinter
        printer = QPrinter(QPrinter.HighResolution)
        printer.setOutputFormat(QPrinter.PdfFormat)
        printer.setPageSize(QPageSize(QPageSize.A4))
        printer.setOutputFileName(str(path))
        doc = QTextDocument()
        doc.setHtml(self.chase_html())
        doc.print_(printer)
        self.window.statusBar().showMessage(f"催报名单已存为 {path}", 8000)
        return str(path)

    def _selected(self) -> list:
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        return [self.items[r] for r in rows if r < len(self.items)]

    def acknowledge(self) -> None:
        chosen = self._selected()
        attempt(self, lambda: [self.window.tracker.reminders.acknowledge_reminder(r.key, r.fingerprint)
                               for r in chosen], title="无法确认提醒")
        self.changed.emit()

    def snooze(self) -> None:
        until = self.until.date().toPython()
        chosen = self._selected()
        attempt(self, lambda: [self.window.tracker.reminders.snooze_reminder(r.key, until, r.fingerprint)
                               for r in chosen], title="无法暂缓提醒")
        self.changed.emit()

    def _open_task(self, index) -> None:
        r = self.items[index.row()] if index.row() < len(self.items) else None
        if r is not None and r.task_id:
            self.window.edit_task(r.task_id)
