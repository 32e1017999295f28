"""The task editor: one task's fields, its progress history, 节点 and 修改记录."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QMessageBox,
    QPlainTextEdit, QPushButton, QTabWidget, QVBoxLayout, QWidget,
)

from ...errors import GovtrackError
from ..models import LIGHT_TEXT
from ..texts import describe_audit
from ..suggestion_widgets import editor_suggestions
from ..widgets import UnitListEdit, fill_table, readonly_table, show_error


class TaskEditorDialog(QDialog):
    """Edit one task; saving is one ``tracker.update_task`` call (one audited transaction)."""

    saved = Signal(int)

    def __init__(self, tracker, task_id: int, parent=None, *, today: dt.date | None = None):
        super().__init__(parent)
        self.tracker = tracker
        self.task = tracker.task(task_id)
        self.today = today or dt.date.today()
        self.setWindowTitle(f"任务 {self.task['seq']} — 编辑")
        self.resize(860, 640)
        names = [u["name"] for u in tracker.units()] + sorted(
            {a for u in tracker.units() for a in u["aliases"]})

        self.content = QPlainTextEdit(self.task["content"] or "")
        self.content.setTabChangesFocus(True)
        self.content.setMinimumHeight(90)
        self.lead = UnitListEdit(names)
        self.lead.setText("、".join(self.task["lead"]))
        self.assist = UnitListEdit(names)
        self.assist.setText("、".join(self.task["assist"]))
        self.deadline = QLineEdit(self.task.get("deadline_text") or "")
        self.deadline.setPlaceholderText("如：6月底前、三季度末、年底前、2023年9月30日、长期坚持")
        self.deadline_read = QLabel()
        self.lead_official = QLineEdit(self.task.get("lead_official") or "")
        self.note = QLineEdit(self.task.get("note") or "")
        self.deadline.textChanged.connect(self._show_deadline)
        self._show_deadline()

        form = QFormLayout()
        head = QLabel(f"{self.task.get('plan_year')}年 · {self.task.get('plan_title') or ''}"
                      + (f" · {self.task['section']}" if self.task.get("section") else ""))
        head.setWordWrap(True)
        form.addRow("来源：", head)
        self.state_label = QLabel(self._state_text())
        self.state_label.setWordWrap(True)
        form.addRow("当前状态：", self.state_label)
        form.addRow("工作任务：", self.content)
        form.addRow("牵头单位：", self.lead)
        form.addRow("协办单位：", self.assist)
        self.suggestions = editor_suggestions(tracker, self.task["content"] or "", self.lead, self.assist,
                                              self.task["id"])
        form.addRow("", self.suggestions)
        dl = QHBoxLayout()
        dl.addWidget(self.deadline, 2)
        dl.addWidget(self.deadline_read, 3)
        form.addRow("完成时限：", dl)
        form.addRow("牵头领导：", self.lead_official)
        form.addRow("备注：", self.note)
        edit_tab = QWidget()
        edit_tab.setLayout(form)

        self.tabs = QTabWidget()
        self.tabs.addTab(edit_tab, "任务信息")
        self.history = readonly_table(["月份", "单位", "完成%", "进展情况", "存在问题", "下步打算", "报送日期"])
        self.tabs.addTab(self.history, "进展历史")
        self.milestones = readonly_table(["节点", "计划日期", "完成日期", "应完成%"])
        ms_tab = QWidget()
        ms_lay = QVBoxLayout(ms_tab)
        ms_lay.addWidget(self.milestones)
        add_row = QHBoxLayout()
        self.ms_title = QLineEdit()
        self.ms_title.setPlaceholderText("节点内容，如：完成项目立项")
        self.ms_date = QLineEdit()
        self.ms_date.setPlaceholderText("日期 2023-06-30")
        self.ms_percent = QLineEdit()
        self.ms_percent.setPlaceholderText("应完成%（可空）")
        add_ms = QPushButton("添加节点")
        add_ms.clicked.connect(self.add_milestone)
        done_ms = QPushButton("所选节点已完成")
        done_ms.clicked.connect(self.milestone_done)
        for wdg, stretch in ((self.ms_title, 3), (self.ms_date, 1), (self.ms_percent, 1), (add_ms, 0),
                             (done_ms, 0)):
            add_row.addWidget(wdg, stretch)
        ms_lay.addLayout(add_row)
        self.tabs.addTab(ms_tab, "节点")
        self.audit = readonly_table(["时间", "操作人", "内容"])
        self.tabs.addTab(self.audit, "修改记录")
        self._load_history()

        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Save).setText("保存")
        buttons.button(QDialogButtonBox.Cancel).setText("关闭")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs)
        lay.addWidget(buttons)
        self._initial = self._values()

    def _state_text(self) -> str:
        st = self.tracker.evaluate_tasks([self.task], self.today)[0]
        pct = st.get("percent")
        exp = st.get("expected")
        light = LIGHT_TEXT.get(st.get("light"), "")
        parts = [f"{st.get('status')}（{light}）", f"最新进度 {pct:g}%" if pct is not None else "尚无进度",
                 f"序时进度 {exp:.0f}%" if exp is not None else ""]
        return "，".join(p for p in parts if p) + f"（按 {self.today.isoformat()} 计）"

    def _show_deadline(self) -> None:
        d = self.tracker.read_deadline(self.deadline.text(), self.task["plan_year"])
        day = d["date"]
        if d["kind"] == "unknown":
            self.deadline_read.setText(f"<span style='color:#b00020'>无法识别：{d['reason']}</span>")
        elif day:
            self.deadline_read.setText(f"即 {day.year}年{day.month}月{day.day}日"
                                       + (f"（{d['reason']}）" if d["reason"] else ""))
        else:
            self.deadline_read.setText("无固定期限")

    def _load_history(self) -> None:
        tr, tid = self.tracker, self.task["id"]
        fill_table(self.history, [[r.get("period"), r.get("unit"), f"{float(r.get('percent') or 0):g}",
                                   r.get("progress_text"), r.get("problems"), r.get("next_steps"),
                                   r.get("reported_on")] for r in tr.progress_history(tid)])
        for c, w in enumerate((60, 80, 44, 220, 130, 170, 86)):
            self.history.setColumnWidth(c, w)
        self.history.resizeRowsToContents()
        self._load_milestones()
        entries = sorted(tr.audit("tasks", tid) + tr.audit("task_units", tid),
                         key=lambda e: (e["at"], e["id"]), reverse=True)
        fill_table(self.audit, [[e["at"].replace("T", " "), e["who"], describe_audit(e)] for e in entries])

    def _load_milestones(self) -> None:
        self._milestones = self.tracker.milestones(self.task["id"])
        fill_table(self.milestones, [[m.get("title"), m.get("due_date"), m.get("done_date") or "",
                                 "" if m.get("percent") is None else f"{m['percent']:g}"]
                                for m in self._milestones])
        self.milestones.setColumnWidth(0, 360)

    def add_milestone(self) -> bool:
        """Milestones are saved at once (each is its own audited change), not with 保存."""
        try:
            self.tracker.add_milestone(self.task["id"], self.ms_title.text(), self.ms_date.text().strip(),
                                       self.ms_percent.text().strip() or None)
        except GovtrackError as e:
            show_error(self, e, "无法添加节点")
            return False
        for w in (self.ms_title, self.ms_date, self.ms_percent):
            w.clear()
        self._load_milestones()
        self.state_label.setText(self._state_text())
        self.saved.emit(self.task["id"])
        return True

    def milestone_done(self) -> None:
        r = self.milestones.currentRow()
        if r < 0 or r >= len(self._milestones):
            show_error(self, "请先在表中选择一个节点。")
            return
        try:
            self.tracker.set_milestone_done(self._milestones[r]["id"], self.today)
        except GovtrackError as e:
            show_error(self, e)
            return
        self._load_milestones()
        self.saved.emit(self.task["id"])

    def _values(self) -> dict:
        return {"content": self.content.toPlainText(), "lead": self.lead.text(),
                "assist": self.assist.text(), "deadline_text": self.deadline.text(),
                "lead_official": self.lead_official.text(), "note": self.note.text()}

    def is_dirty(self) -> bool:
        return self._values() != self._initial

    def save(self) -> bool:
        try:
            out = self.tracker.update_task(self.task["id"], **self._values())
        except GovtrackError as e:
            show_error(self, e, "无法保存")
            return False
        self._initial = self._values()
        self.changed = out["changed"]
        self.accept()
        self.saved.emit(self.task["id"])
        return True

    def reject(self) -> None:
        if self.is_dirty():
            answer = QMessageBox.question(
                self, "未保存的修改", "本任务有尚未保存的修改。要保存吗？",
                QMessageBox.Save | QMessageBox.Discard | QMessageBox.Cancel, QMessageBox.Save)
            if answer == QMessageBox.Cancel:
                return
            if answer == QMessageBox.Save:
                self.save()
                return
        super().reject()
