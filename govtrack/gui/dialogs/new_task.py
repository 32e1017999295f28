"""新建任务: one task typed by hand into a plan."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QPlainTextEdit,
)

from ..widgets import UnitListEdit, guarded, show_error


class NewTaskDialog(QDialog):
    """新建任务: seq, section, text, units and deadline, saved by ``tracker.ledger.add_task``."""

    def __init__(self, tracker, parent=None):
        super().__init__(parent)
        self.tracker = tracker
        self.setWindowTitle("新建任务")
        self.resize(700, 420)
        names = [u["name"] for u in tracker.units.list()]
        self.plan = QComboBox()
        for p in tracker.plans.plans():
            self.plan.addItem(f"{p['year']}年 {p['title']}", p["id"])
        self.seq = QLineEdit()
        self.section = QLineEdit()
        self.content = QPlainTextEdit()
        self.content.setTabChangesFocus(True)
        self.lead = UnitListEdit(names)
        self.assist = UnitListEdit(names)
        self.deadline = QLineEdit()
        self.deadline.setPlaceholderText("如：6月底前、年底前、长期坚持")
        form = QFormLayout(self)
        form.addRow("任务来源：", self.plan)
        form.addRow("序号：", self.seq)
        form.addRow("章节：", self.section)
        form.addRow("工作任务：", self.content)
        form.addRow("牵头单位：", self.lead)
        form.addRow("协办单位：", self.assist)
        form.addRow("完成时限：", self.deadline)
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Save).setText("保存")
        buttons.button(QDialogButtonBox.Cancel).setText("取消")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.created: dict | None = None

    @guarded("无法保存", failed=None)
    def save(self) -> None:
        if self.plan.count() == 0:
            show_error(self, "还没有任务来源（计划）：请先导入一份任务分解文件。")
            return
        self.created = self.tracker.ledger.add_task(
            self.plan.currentData(), seq=self.seq.text(), content=self.content.toPlainText(),
            lead=self.lead.text(), assist=self.assist.text(), deadline_text=self.deadline.text(),
            section=self.section.text().strip())
        self.accept()
