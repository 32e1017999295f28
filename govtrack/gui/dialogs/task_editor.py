"""The task editor: one task's fields, its progress history, 节点, 延期/销号 with their history,
the 督办单 (colour chosen), and 修改记录."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QFileDialog, QGroupBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QMessageBox,
    QPlainTextEdit, QPushButton, QTabWidget, QVBoxLayout, QWidget,
)

from ...errors import ConflictError
from ..models import LIGHT_TEXT
from ..texts import describe_audit
from ..suggestion_widgets import editor_suggestions
from ..widgets import UnitListEdit, ask_conflict, fill_table, guarded, readonly_table, show_error


def _unit_label(report: dict) -> str:
    """The reporting unit, marked when it assists or when the report is the origin task's."""
    name = report.get("unit") or ""
    if report.get("role") == "assist":
        name += "（协办）"
    if report.get("carried_from"):
        name += "（上年）"
    return name


class TaskEditorDialog(QDialog):
    """Edit one task; saving is one ``tracker.ledger.update_task`` call (one audited transaction)."""

    saved = Signal(int)

    def __init__(self, tracker, task_id: int, parent=None, *, today: dt.date | None = None):
        super().__init__(parent)
        self.tracker = tracker
        self.task = tracker.ledger.task(task_id)
        self.today = today or dt.date.today()
        self.setWindowTitle(f"任务 {self.task['seq']} — 编辑")
        self.resize(860, 640)
        names = [u["name"] for u in tracker.units.list()] + sorted(
            {a for u in tracker.units.list() for a in u["aliases"]})

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
        self.tabs.addTab(self._build_life_tab(), "延期与销号")
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

    # ------------------------------------------------------------ 延期 / 销号 / 督办单
    def _build_life_tab(self) -> QWidget:
        tab = QWidget()
        lay = QVBoxLayout(tab)
        self.life = readonly_table(["日期", "事项", "内容", "批准人"])
        lay.addWidget(self.life, 1)
        self.extend_to = QLineEdit()
        self.extend_to.setPlaceholderText("延期至 2023-12-31")
        self.extend_reason = QLineEdit()
        self.extend_reason.setPlaceholderText("延期理由（必填）")
        self.extend_by = QLineEdit()
        self.extend_by.setPlaceholderText("批准人")
        self.extend_on = QLineEdit()
        self.extend_on.setPlaceholderText("批准日期（可空）")
        self.extend_late = QCheckBox("逾期后申请")
        self.extend_late.setToolTip("完成时限已过才申请的延期，须标明（通报中单列）")
        self.extend_button = QPushButton("延期")
        self.extend_button.clicked.connect(self.extend)
        box = QGroupBox("延期")
        row = QHBoxLayout(box)
        for w, k in ((self.extend_to, 1), (self.extend_reason, 3), (self.extend_by, 1), (self.extend_on, 1),
                     (self.extend_late, 0), (self.extend_button, 0)):
            row.addWidget(w, k)
        lay.addWidget(box)
        self.close_evidence = QLineEdit()
        self.close_evidence.setPlaceholderText("完成依据（必填），如：项目已竣工验收")
        self.close_file = QLineEdit()
        self.close_file.setPlaceholderText("佐证材料文件（可空）")
        choose = QPushButton("选择…")
        choose.clicked.connect(self._choose_evidence)
        self.close_by = QLineEdit()
        self.close_by.setPlaceholderText("批准人")
        self.close_button = QPushButton("销号")
        self.close_button.clicked.connect(self.close_task)
        self.reopen_reason = QLineEdit()
        self.reopen_reason.setPlaceholderText("恢复（取消销号）的理由")
        self.reopen_button = QPushButton("恢复")
        self.reopen_button.clicked.connect(self.reopen_task)
        box = QGroupBox("销号")
        col = QVBoxLayout(box)
        row = QHBoxLayout()
        for w, k in ((self.close_evidence, 3), (self.close_file, 2), (choose, 0), (self.close_by, 1),
                     (self.close_button, 0)):
            row.addWidget(w, k)
        col.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(self.reopen_reason, 1)
        row.addWidget(self.reopen_button)
        col.addLayout(row)
        lay.addWidget(box)
        self.notice_colour = QComboBox()
        for text, data in (("按任务状态", None), ("蓝色（提示）", "blue"), ("黄色（督促）", "yellow"),
                           ("红色（督办）", "red")):
            self.notice_colour.addItem(text, data)
        self.notice_button = QPushButton("生成督办单…")
        self.notice_button.clicked.connect(lambda: self.print_notice())
        box = QGroupBox("督办单")
        row = QHBoxLayout(box)
        row.addWidget(QLabel("颜色："))
        row.addWidget(self.notice_colour)
        row.addWidget(self.notice_button)
        row.addStretch(1)
        lay.addWidget(box)
        return tab

    def _load_life(self) -> None:
        tl = self.tracker.tasklife
        rows = []
        for e in tl.extensions(self.task["id"]):
            text = (f"{e['old_deadline'] or '（无）'} → {e['new_deadline']}：{e['reason']}"
                    + ("（逾期后申请）" if e.get("after_deadline") else ""))
            rows.append([e.get("approved_on") or e.get("requested_on") or "", "延期", text, e.get("approved_by") or ""])
        for c in tl.closures(self.task["id"]):
            rows.append([c.get("on_date") or "", "销号" if c["action"] == "close" else "恢复",
                         c.get("evidence") or "", c.get("approved_by") or ""])
        rows.sort(key=lambda r: r[0])
        fill_table(self.life, rows)
        closed = bool(self.task.get("closed_on"))
        self.close_button.setEnabled(not closed)
        self.reopen_button.setEnabled(closed)
        self.reopen_reason.setEnabled(closed)

    def _choose_evidence(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "佐证材料", "", "所有文件 (*)")
        if name:
            self.close_file.setText(name)

    def _life_changed(self) -> None:
        self.task = self.tracker.ledger.task(self.task["id"])
        self._load_life()
        self.state_label.setText(self._state_text())
        self.saved.emit(self.task["id"])

    @guarded("无法延期")
    def extend(self) -> bool:
        self.tracker.tasklife.extend(
            self.task["id"], to=self.extend_to.text().strip(), reason=self.extend_reason.text(),
            approved_by=self.extend_by.text(), approved_on=self.extend_on.text().strip() or None,
            requested_on=self.today, late=self.extend_late.isChecked())
        for w in (self.extend_to, self.extend_reason, self.extend_by, self.extend_on):
            w.clear()
        self._life_changed()
        return True

    @guarded("无法销号")
    def close_task(self) -> bool:
        self.tracker.tasklife.close(self.task["id"], evidence=self.close_evidence.text(),
                                    file=self.close_file.text().strip() or None, on=self.today,
                                    approved_by=self.close_by.text())
        for w in (self.close_evidence, self.close_file, self.close_by):
            w.clear()
        self._life_changed()
        return True

    @guarded("无法恢复")
    def reopen_task(self) -> bool:
        self.tracker.tasklife.reopen(self.task["id"], reason=self.reopen_reason.text(), on=self.today)
        self.reopen_reason.clear()
        self._life_changed()
        return True

    @guarded("无法生成督办单", failed=None)
    def print_notice(self, path: str | None = None) -> str | None:
        """A 督办单 PDF for this task in the chosen colour (the wording is the core's)."""
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, "督办单", f"督办单_第{self.task['seq']}项.pdf",
                                                  "PDF 文件 (*.pdf)")
            if not path:
                return None
        out, _sheet, _nid = self.tracker.reports.print_notice(
            self.task["id"], path, self.today, colour=self.notice_colour.currentData())
        return str(out)

    def _state_text(self) -> str:
        st = self.tracker.status.evaluate_tasks([self.task], self.today)[0]
        pct = st.get("percent")
        exp = st.get("expected")
        light = LIGHT_TEXT.get(st.get("light"), "")
        parts = [f"{st.get('status')}（{light}）", f"最新进度 {pct:g}%" if pct is not None else "尚无进度",
                 f"序时进度 {exp:.0f}%" if exp is not None else ""]
        return "，".join(p for p in parts if p) + f"（按 {self.today.isoformat()} 计）"

    def _show_deadline(self) -> None:
        d = self.tracker.ledger.read_deadline(self.deadline.text(), self.task["plan_year"])
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
        fill_table(self.history, [[r.get("period"), _unit_label(r), f"{float(r.get('percent') or 0):g}",
                                   r.get("progress_text"), r.get("problems"), r.get("next_steps"),
                                   r.get("reported_on")] for r in tr.progress.progress_history(tid)])
        for c, w in enumerate((60, 80, 44, 220, 130, 170, 86)):
            self.history.setColumnWidth(c, w)
        self.history.resizeRowsToContents()
        self._load_milestones()
        self._load_life()
        entries = sorted(tr.ledger.audit("tasks", tid) + tr.ledger.audit("task_units", tid),
                         key=lambda e: (e["at"], e["id"]), reverse=True)
        fill_table(self.audit, [[e["at"].replace("T", " "), e["who"], describe_audit(e)] for e in entries])

    def _load_milestones(self) -> None:
        self._milestones = self.tracker.progress.milestones(self.task["id"])
        fill_table(self.milestones, [[m.get("title"), m.get("due_date"), m.get("done_date") or "",
                                 "" if m.get("percent") is None else f"{m['percent']:g}"]
                                for m in self._milestones])
        self.milestones.setColumnWidth(0, 360)

    @guarded("无法添加节点")
    def add_milestone(self) -> bool:
        """Milestones are saved at once (each is its own audited change), not with 保存."""
        self.tracker.progress.add_milestone(self.task["id"], self.ms_title.text(), self.ms_date.text().strip(),
                                            self.ms_percent.text().strip() or None)
        for w in (self.ms_title, self.ms_date, self.ms_percent):
            w.clear()
        self._load_milestones()
        self.state_label.setText(self._state_text())
        self.saved.emit(self.task["id"])
        return True

    @guarded("无法保存节点", failed=None)
    def milestone_done(self) -> None:
        r = self.milestones.currentRow()
        if r < 0 or r >= len(self._milestones):
            show_error(self, "请先在表中选择一个节点。")
            return
        self.tracker.progress.set_milestone_done(self._milestones[r]["id"], self.today)
        self._load_milestones()
        self.saved.emit(self.task["id"])

    def _values(self) -> dict:
        return {"content": self.content.toPlainText(), "lead": self.lead.text(),
                "assist": self.assist.text(), "deadline_text": self.deadline.text(),
                "lead_official": self.lead_official.text(), "note": self.note.text()}

    def is_dirty(self) -> bool:
        return self._values() != self._initial

    @guarded("无法保存")
    def save(self) -> bool:
        """One ``update_task`` call; when someone else changed the task since it was opened,
        ask first (覆盖 / 重新载入 / 取消) — the core checks, inside the save's transaction."""
        try:
            out = self.tracker.ledger.update_task(self.task["id"], since=self.task, **self._values())
        except ConflictError as e:
            answer = self._ask_conflict(e)
            if answer == "overwrite":
                out = self.tracker.ledger.update_task(self.task["id"], **self._values())
            else:
                if answer == "reload":
                    self.reload()
                return False
        self._initial = self._values()
        self.changed = out["changed"]
        self.accept()
        self.saved.emit(self.task["id"])
        return True

    def _ask_conflict(self, error) -> str:
        return ask_conflict(self, "任务已被他人修改",
                            f"此任务在您打开后已被他人修改（另一个窗口或同事）：{error}\n\n"
                            "「覆盖」用您填写的内容替换他人的修改；「重新载入」显示他人修改后的任务"
                            "（您这次填写的内容不保存）；「取消」回到编辑，什么也不写入。")

    def reload(self) -> None:
        """Show the task as it is now in the file (another window's change included)."""
        self.task = self.tracker.ledger.task(self.task["id"])
        self.content.setPlainText(self.task["content"] or "")
        self.lead.setText("、".join(self.task["lead"]))
        self.assist.setText("、".join(self.task["assist"]))
        self.deadline.setText(self.task.get("deadline_text") or "")
        self.lead_official.setText(self.task.get("lead_official") or "")
        self.note.setText(self.task.get("note") or "")
        self.state_label.setText(self._state_text())
        self._load_history()
        self._initial = self._values()

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
