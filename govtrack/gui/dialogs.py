"""Dialogs: the task editor, the progress grid, the import wizard and the first-start chooser.

They call Tracker methods and show the Chinese messages of the core's errors;
the checks themselves live in the core.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout,
    QHBoxLayout, QHeaderView, QLabel, QLineEdit, QMessageBox, QPlainTextEdit, QProgressBar,
    QPushButton, QSpinBox, QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget,
)

from ..errors import GovtrackError
from ..rules import parse_deadline
from .background import run_job
from .suggestion_widgets import editor_suggestions, fill_empty_units
from .widgets import SheetTable, UnitListEdit

PROBLEM_COLOUR = QColor("#fff3b0")     # needs a look before importing
NOTE_COLOUR = QColor("#e3f2fd")        # new units or changed fields: worth a glance
FIELD_NAMES = {"content": "工作任务", "deadline": "完成时限(日期)", "deadline_text": "完成时限",
               "lead_official": "牵头领导", "note": "备注", "target": "目标", "units": "责任单位",
               "seq": "序号", "section": "章节", "percent": "完成百分比", "progress_text": "进展情况",
               "problems": "存在问题", "next_steps": "下步打算", "closed_on": "销号日期"}


def show_error(parent, error: Exception | str, title: str = "未能完成") -> None:
    QMessageBox.warning(parent, title, str(error))


def _readonly_table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setEditTriggers(QAbstractItemView.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectRows)
    t.verticalHeader().setVisible(False)
    t.horizontalHeader().setStretchLastSection(True)
    t.setWordWrap(True)
    return t

def _busy_bar() -> QProgressBar:
    """An indeterminate bar shown while a preview or apply runs in the worker."""
    bar = QProgressBar()
    bar.setRange(0, 0)
    bar.hide()
    return bar


def _import_buttons(dialog) -> tuple[QDialogButtonBox, QPushButton]:
    """导入 (disabled until a preview succeeds) and 取消, wired to run_apply / reject."""
    buttons = QDialogButtonBox(QDialogButtonBox.Apply | QDialogButtonBox.Cancel)
    apply_button = buttons.button(QDialogButtonBox.Apply)
    apply_button.setText("导入")
    apply_button.setEnabled(False)
    buttons.button(QDialogButtonBox.Cancel).setText("取消")
    apply_button.clicked.connect(dialog.run_apply)
    buttons.rejected.connect(dialog.reject)
    return buttons, apply_button


def _stack(dialog, top, *widgets) -> QVBoxLayout:
    """The preview dialogs' layout: controls row, then widgets top to bottom (the table stretches)."""
    lay = QVBoxLayout(dialog)
    lay.addLayout(top)
    for w in widgets:
        lay.addWidget(w, 1 if isinstance(w, QTableWidget) else 0)
    return lay



def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            item = QTableWidgetItem("" if v is None else str(v))
            item.setToolTip(item.text())
            table.setItem(r, c, item)
    table.resizeColumnsToContents()
    for c in range(table.columnCount() - 1):
        table.setColumnWidth(c, min(table.columnWidth(c), 260))


def describe_audit(entry: dict) -> str:
    """What an audit row changed, in words (「完成时限：年底前 → 9月底前」)."""
    before = json.loads(entry["before"]) if entry.get("before") else None
    after = json.loads(entry["after"]) if entry.get("after") else None
    if entry["table_name"] == "task_units":
        return "调整责任单位" if before else "设定责任单位"
    if before is None:
        return "新建"
    parts = []
    for k, v in (after or {}).items():
        if k in ("updated_at", "created_at") or before.get(k) == v:
            continue
        name = FIELD_NAMES.get(k, k)
        old, new = str(before.get(k) or "（空）"), str(v or "（空）")
        if len(old) > 30:
            old = old[:30] + "…"
        if len(new) > 30:
            new = new[:30] + "…"
        parts.append(f"{name}：{old} → {new}")
    return "；".join(parts) or "（无实际变化）"


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
        self.history = _readonly_table(["月份", "单位", "完成%", "进展情况", "存在问题", "下步打算", "报送日期"])
        self.tabs.addTab(self.history, "进展历史")
        self.milestones = _readonly_table(["节点", "计划日期", "完成日期", "应完成%"])
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
        self.audit = _readonly_table(["时间", "操作人", "内容"])
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
        if not hasattr(self.tracker, "evaluate_tasks"):
            return "状态计算" + "尚未提供"
        st = self.tracker.evaluate_tasks([self.task], self.today)[0]
        pct = st.get("percent")
        exp = st.get("expected")
        light = {"green": "绿灯", "yellow": "黄灯", "red": "红灯"}.get(str(st.get("light")), "")
        parts = [f"{st.get('status')}（{light}）", f"最新进度 {pct:g}%" if pct is not None else "尚无进度",
                 f"序时进度 {exp:.0f}%" if exp is not None else ""]
        return "，".join(p for p in parts if p) + f"（按 {self.today.isoformat()} 计）"

    def _show_deadline(self) -> None:
        d = parse_deadline(self.deadline.text().strip(), self.task["plan_year"])
        if d.kind == "unknown":
            self.deadline_read.setText(f"<span style='color:#b00020'>无法识别：{d.reason}</span>")
        elif d.date:
            self.deadline_read.setText(f"即 {d.date.year}年{d.date.month}月{d.date.day}日"
                                       + (f"（{d.reason}）" if d.reason else ""))
        else:
            self.deadline_read.setText("无固定期限")

    def _load_history(self) -> None:
        tr, tid = self.tracker, self.task["id"]
        if hasattr(tr, "progress_history"):
            rows = tr.progress_history(tid)
            _fill(self.history, [[r.get("period"), r.get("unit"), f"{float(r.get('percent') or 0):g}",
                                  r.get("progress_text"), r.get("problems"), r.get("next_steps"),
                                  r.get("reported_on")] for r in rows])
            for c, w in enumerate((60, 80, 44, 220, 130, 170, 86)):
                self.history.setColumnWidth(c, w)
            self.history.resizeRowsToContents()
        else:
            self.tabs.setTabText(1, "进展历史（尚未提供）")
        self._load_milestones()
        entries = sorted(tr.audit("tasks", tid) + tr.audit("task_units", tid),
                         key=lambda e: (e["at"], e["id"]), reverse=True)
        _fill(self.audit, [[e["at"].replace("T", " "), e["who"], describe_audit(e)] for e in entries])

    def _load_milestones(self) -> None:
        tr = self.tracker
        if not hasattr(tr, "milestones"):
            self.tabs.setTabText(2, "节点（尚未提供）")
            return
        self._milestones = tr.milestones(self.task["id"])
        _fill(self.milestones, [[m.get("title"), m.get("due_date"), m.get("done_date") or "",
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


class NewTaskDialog(QDialog):
    """新建任务: seq, section, text, units and deadline, saved by ``tracker.add_task``."""

    def __init__(self, tracker, parent=None):
        super().__init__(parent)
        self.tracker = tracker
        self.setWindowTitle("新建任务")
        self.resize(700, 420)
        names = [u["name"] for u in tracker.units()]
        self.plan = QComboBox()
        for p in tracker.plans():
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

    def save(self) -> None:
        if self.plan.count() == 0:
            show_error(self, "还没有任务来源（计划）：请先导入一份任务分解文件。")
            return
        try:
            self.created = self.tracker.add_task(
                self.plan.currentData(), seq=self.seq.text(), content=self.content.toPlainText(),
                lead=self.lead.text(), assist=self.assist.text(), deadline_text=self.deadline.text(),
                section=self.section.text().strip())
        except GovtrackError as e:
            show_error(self, e, "无法保存")
            return
        self.accept()


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
        existing = self._existing()
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

    def _existing(self) -> dict[int, dict]:
        out = {}
        if not hasattr(self.tracker, "progress_history"):
            return out
        for t in self.tasks:
            for r in self.tracker.progress_history(t["id"]):
                if r.get("period") == self.period and r.get("unit") == self.unit:
                    out[t["id"]] = r
                    break
        return out

    def _cells(self) -> list[tuple[str, ...]]:
        return [tuple((self.grid.item(r, c).text() if self.grid.item(r, c) else "").strip()
                      for c in (2, 3, 4, 5)) for r in range(self.grid.rowCount())]

    def entries(self) -> list[dict]:
        """The rows that changed, as ``add_progress_many`` entries (percent still text)."""
        out = []
        for t, now, before in zip(self.tasks, self._cells(), self._initial):
            if now == before or not any(now):
                continue
            out.append({"task": t["id"], "percent": now[0], "text": now[1], "problems": now[2],
                        "next_steps": now[3], "seq": t["seq"]})
        return out

    def save(self) -> bool:
        entries = self.entries()
        for e in entries:
            try:
                e["percent"] = float(e["percent"].rstrip("%％"))
            except ValueError:
                show_error(self, f"任务 {e['seq']} 的完成百分比「{e['percent']}」不是数字（应为 0–100）。",
                           "无法保存")
                return False
        try:
            self.tracker.add_progress_many([{k: v for k, v in e.items() if k != "seq"} for e in entries],
                                           period=self.period, unit=self.unit,
                                           reported_on=self.reported_on.isoformat()
                                           if self.reported_on else None)
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


class ImportWizard(QDialog):
    """Pick a file, preview it in a worker, untick rows to skip, apply in a worker (or cancel)."""

    applied = Signal(object)
    preview_ready = Signal()
    EDITABLE = {2, 3, 4, 5}      # 工作任务, 牵头单位, 协办单位, 完成时限

    def __init__(self, db_path: Path, parent=None, file: str | None = None):
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.preview = None
        self.setWindowTitle("导入任务分解")
        self.resize(1100, 640)
        self.file = QLineEdit(file or "")
        self.file.setPlaceholderText("任务分解表：.txt / .docx / .xlsx")
        browse = QPushButton("选择文件…")
        browse.clicked.connect(self._browse)
        self.year = QSpinBox()
        self.year.setRange(0, 2100)
        self.year.setSpecialValueText("自动")
        self.year.setValue(0)
        self.preview_button = QPushButton("预览")
        self.preview_button.clicked.connect(self.run_preview)
        top = QHBoxLayout()
        top.addWidget(QLabel("文件："))
        top.addWidget(self.file, 1)
        top.addWidget(browse)
        top.addWidget(QLabel("年度："))
        top.addWidget(self.year)
        top.addWidget(self.preview_button)
        self.suggest_button = QPushButton("空缺单位填入推荐")
        self.suggest_button.setToolTip("为牵头单位为空的行填入按往年分解和单位职能推荐的单位（可再修改）")
        self.suggest_button.clicked.connect(lambda: fill_empty_units(self))
        top.addWidget(self.suggest_button)
        self.summary = QLabel("选择文件后点「预览」。预览不会改动数据库。")
        self.summary.setWordWrap(True)
        self.progress = _busy_bar()
        self.table = _readonly_table(["导入", "序号", "工作任务", "牵头单位", "协办单位", "完成时限", "操作", "需注意"])
        # 工作任务, units and 完成时限 can be corrected here before importing (double-click / F2)
        self.table.setEditTriggers(QAbstractItemView.DoubleClicked | QAbstractItemView.EditKeyPressed)
        self.update_box = QCheckBox("按此文件更新已导入的同一计划（修改会记入修改记录）")
        self.update_box.hide()
        self.buttons, self.apply_button = _import_buttons(self)
        _stack(self, top, self.summary, self.progress, self.table, self.update_box, self.buttons)
        self.outcome = None
        self.error: str | None = None

    def _browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "选择任务分解文件", "",
                                              "任务分解 (*.txt *.docx *.xlsx);;所有文件 (*)")
        if name:
            self.file.setText(name)
            self.run_preview()

    def _busy(self, busy: bool, text: str = "") -> None:
        self.progress.setVisible(busy)
        self.preview_button.setEnabled(not busy)
        self.apply_button.setEnabled(not busy and self.preview is not None)
        if text:
            self.summary.setText(text)

    def run_preview(self) -> None:
        path = self.file.text().strip()
        if not path:
            show_error(self, "请先选择要导入的文件。")
            return
        year = self.year.value() or None
        self.preview = None
        self.error = None
        self._busy(True, f"正在读取「{Path(path).name}」…")
        run_job(self.db_path, lambda tr, progress: tr.preview_import(path, year=year),
                self._show_preview, self._failed)

    def _failed(self, message: str) -> None:
        self.error = message
        self._busy(False, "未能完成：" + message.splitlines()[0])
        show_error(self, message)
        self.preview_ready.emit()

    def _show_preview(self, preview) -> None:
        self.preview = preview
        parse = preview.parse
        counts = preview.counts
        self.table.setRowCount(len(preview.changes))
        action_text = {"new": "新增", "update": "更新", "same": "无变化"}
        flagged = 0
        for r, ch in enumerate(preview.changes):
            t = ch.task
            problems = list(t.problems)
            if ch.action == "update":
                problems.append("将更新：" + "、".join(FIELD_NAMES.get(f, f) for f in ch.fields))
            new_units = [u for u in t.lead + t.assist if u in preview.new_units]
            if new_units:
                problems.append("新单位：" + "、".join(new_units))
            check = QTableWidgetItem()
            check.setFlags(Qt.ItemIsUserCheckable | Qt.ItemIsEnabled | Qt.ItemIsSelectable)
            check.setCheckState(Qt.Checked)
            self.table.setItem(r, 0, check)
            values = [t.seq, t.content, "、".join(t.lead), "、".join(t.assist), t.deadline_text or "",
                      action_text.get(ch.action, ch.action), "；".join(problems)]
            for c, v in enumerate(values, 1):
                item = QTableWidgetItem(v)
                item.setToolTip(v)
                if c not in self.EDITABLE:
                    item.setFlags(item.flags() & ~Qt.ItemIsEditable)
                self.table.setItem(r, c, item)
            if t.section:
                self.table.item(r, 1).setToolTip(t.section)
            colour = PROBLEM_COLOUR if t.problems else (NOTE_COLOUR if problems else None)
            if t.problems:
                flagged += 1
            if colour is not None:
                for c in range(self.table.columnCount()):
                    self.table.item(r, c).setBackground(QBrush(colour))
        self.table.resizeColumnsToContents()
        for c, w in ((2, 380), (3, 160), (4, 160), (7, 320)):
            self.table.setColumnWidth(c, min(self.table.columnWidth(c), w))
        lines = [f"「{parse.title or parse.file_name}」 {parse.year}年：共 {len(preview.changes)} 项，"
                 f"新增 {counts['new']}、更新 {counts['update']}、无变化 {counts['same']}；"
                 f"需核对 {flagged} 项（黄色底色，原因见「需注意」列）；新单位或有改动的行为浅蓝色。"]
        if preview.new_units:
            lines.append(f"将新建单位 {len(preview.new_units)} 个：" + "、".join(preview.new_units[:12])
                         + ("…" if len(preview.new_units) > 12 else ""))
        if preview.existing_plan:
            p = preview.existing_plan
            lines.append(f"本库已有此计划（#{p['id']}，导入于 {p['created_at']}）。勾选下方「更新」才会写入。")
            self.update_box.show()
        else:
            self.update_box.hide()
        if preview.missing:
            lines.append(f"库中有 {len(preview.missing)} 项不在此文件中，将保留不动。")
        lines.append("可双击单元格更正工作任务、单位和完成时限；取消勾选的行不会导入；取消不会改动数据库。")
        self._busy(False, "\n".join(lines))
        self.preview_ready.emit()

    def corrected_preview(self):
        """The preview with the user's corrections typed into the table (the original is kept)."""
        import copy
        from ..app.ledger import split_unit_names
        preview = copy.deepcopy(self.preview)
        for r, ch in enumerate(preview.changes):
            cell = lambda c: self.table.item(r, c).text().strip()
            t = ch.task
            if cell(2) != t.content:
                t.content = cell(2)
            if cell(3) != "、".join(t.lead):
                t.lead = split_unit_names(cell(3))
            if cell(4) != "、".join(t.assist):
                t.assist = split_unit_names(cell(4))
            if cell(5) != (t.deadline_text or ""):
                t.deadline_text = cell(5) or None
        return preview

    def skipped(self) -> set[int]:
        return {r for r in range(self.table.rowCount())
                if self.table.item(r, 0).checkState() != Qt.Checked}

    def run_apply(self) -> None:
        if self.preview is None:
            return
        if self.preview.existing_plan and not self.update_box.isChecked():
            show_error(self, "此计划已在本库中。如要按此文件更新，请先勾选「按此文件更新」。")
            return
        preview, skip, update = self.corrected_preview(), self.skipped(), self.update_box.isChecked()
        self._busy(True, "正在写入数据库…")
        self.apply_button.setEnabled(False)
        run_job(self.db_path, lambda tr, progress: tr.apply_import(preview, update=update, skip=skip),
                self._applied, self._failed)

    def _applied(self, outcome) -> None:
        self.outcome = outcome
        self._busy(False, f"已导入：新增 {outcome.created}、更新 {outcome.updated}、无变化 {outcome.unchanged}。")
        self.applied.emit(outcome)
        self.accept()


class FirstStartDialog(QDialog):
    """No database yet: create a new one, open an existing file, or open the demo."""

    def __init__(self, default_path: Path, parent=None):
        super().__init__(parent)
        self.setWindowTitle("欢迎使用 GovTrack 督查台账")
        self.default_path = Path(default_path)
        self.choice: tuple[str, Path] | None = None
        title = QLabel("<h2>政府工作报告任务督查台账</h2>"
                       "<p>还没有数据库。请选择：</p>")
        lay = QVBoxLayout(self)
        lay.addWidget(title)
        for text, detail, kind in (
                ("新建数据库", f"在 {self.default_path} 新建空白台账", "new"),
                ("打开已有数据库…", "选择一个 .sqlite 文件", "open"),
                ("打开演示数据", "2023 年潜江市任务清单（136 项，含演示进展），随时可删", "demo")):
            b = QPushButton(f"{text}\n{detail}")
            b.setMinimumHeight(56)
            b.setStyleSheet("text-align:left; padding:6px 12px;")
            b.clicked.connect(lambda _=False, k=kind: self._choose(k))
            lay.addWidget(b)
        cancel = QPushButton("退出")
        cancel.clicked.connect(self.reject)
        lay.addWidget(cancel)

    def _choose(self, kind: str) -> None:
        if kind == "open":
            name, _ = QFileDialog.getOpenFileName(self, "打开数据库", str(self.default_path.parent),
                                                  "GovTrack 数据库 (*.sqlite *.db);;所有文件 (*)")
            if not name:
                return
            self.choice = ("open", Path(name))
        elif kind == "demo":
            self.choice = ("demo", self.default_path.with_name("govtrack-demo.sqlite"))
        else:
            self.choice = ("new", self.default_path)
        self.accept()


def current_period(today: dt.date | None = None) -> str:
    today = today or dt.date.today()
    return f"{today.year:04d}-{today.month:02d}"


class ReturnsWizard(QDialog):
    """Returned unit workbooks (进展填报表): pick files, preview per file and row in a worker,
    apply the valid rows in a worker (one transaction), or cancel with nothing written."""

    applied = Signal(object)
    preview_ready = Signal()
    ACTIONS = {"insert": "新增", "update": "更新", "same": "未变", "blank": "未填", "flagged": "有问题"}

    def __init__(self, db_path: Path, parent=None, files: list[str] | None = None,
                 received_on: dt.date | None = None):
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.received_on = received_on
        self.files = list(files or [])
        self.preview = None
        self.outcome = None
        self.error: str | None = None
        self.setWindowTitle("导入单位填报表")
        self.resize(1100, 640)
        self.file_label = QLabel()
        self.file_label.setWordWrap(True)
        browse = QPushButton("选择填报表…")
        browse.clicked.connect(self._browse)
        top = QHBoxLayout()
        top.addWidget(self.file_label, 1)
        top.addWidget(browse)
        self.summary = QPlainTextEdit()
        self.summary.setReadOnly(True)
        self.summary.setMaximumHeight(130)
        self.progress = _busy_bar()
        self.table = _readonly_table(["文件", "单位", "期间", "序号", "完成%", "上期%", "处理", "问题"])
        self.replace_box = QCheckBox("该单位该期已有填报表时，用新表替换（旧值留在修改记录中）")
        self.buttons, self.apply_button = _import_buttons(self)
        _stack(self, top, self.summary, self.progress, self.table, self.replace_box, self.buttons)
        self._show_files()

    def _show_files(self) -> None:
        self.file_label.setText("、".join(Path(f).name for f in self.files) or "请选择各单位交回的填报表（可多选）。")

    def _browse(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, "选择填报表", "", "填报表 (*.xlsx);;所有文件 (*)")
        if names:
            self.files = names
            self._show_files()
            self.run_preview()

    def _busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.apply_button.setEnabled(not busy and self.preview is not None and any(
            f.status in ("ready", "conflict") for f in self.preview.files))

    def run_preview(self) -> None:
        if not self.files:
            show_error(self, "请先选择填报表文件。")
            return
        files, received = list(self.files), self.received_on
        self.preview = None
        self.error = None
        self._busy(True)
        self.summary.setPlainText("正在检查填报表……")
        run_job(self.db_path, lambda tr, progress: tr.preview_returns(files, received_on=received),
                self._show_preview, self._failed)

    def _failed(self, message: str) -> None:
        self.error = message
        self._busy(False)
        self.summary.setPlainText("未能完成：" + message)
        show_error(self, message)
        self.preview_ready.emit()

    def _show_preview(self, preview) -> None:
        self.preview = preview
        self.summary.setPlainText("\n".join(preview.report_lines(replace=self.replace_box.isChecked()))
                                  + "\n取消不会改动数据库；有问题的行不会导入。")
        rows = []
        flagged = []
        for f in preview.files:
            if not f.rows:
                rows.append([f.name, f.unit or "", f.period or "", "", "", "", "整表拒绝" if f.status == "refused"
                             else STATUS_LABEL_SHORT.get(f.status, f.status), "；".join(p.message for p in f.errors)])
                flagged.append(f.status == "refused")
            for r in f.rows:
                rows.append([f.name, f.unit or "", f.period or "", r.seq,
                             "" if r.percent is None else f"{r.percent:g}",
                             "" if r.previous_percent is None else f"{r.previous_percent:g}",
                             self.ACTIONS.get(r.action, r.action), "；".join(p.message for p in r.issues)])
                flagged.append(r.action == "flagged")
        _fill(self.table, rows)
        for k, bad in enumerate(flagged):
            if bad:
                for c in range(self.table.columnCount()):
                    self.table.item(k, c).setBackground(QBrush(PROBLEM_COLOUR))
        self._busy(False)
        self.preview_ready.emit()

    def run_apply(self) -> None:
        if self.preview is None:
            return
        preview, replace = self.preview, self.replace_box.isChecked()
        self._busy(True)
        self.apply_button.setEnabled(False)
        run_job(self.db_path, lambda tr, progress: tr.apply_returns(preview, replace=replace),
                self._applied, self._failed)

    def _applied(self, outcome) -> None:
        self.outcome = outcome
        self._busy(False)
        self.summary.setPlainText("\n".join(outcome.report_lines()))
        self.applied.emit(outcome)
        if outcome.applied:
            QMessageBox.information(self, "导入完成", "\n".join(outcome.report_lines()))
            self.accept()


STATUS_LABEL_SHORT = {"ready": "可导入", "refused": "拒绝", "already_imported": "已导入过",
                      "conflict": "已有填报表", "duplicate": "重复"}


class ExportFormsDialog(QDialog):
    """Write one fill-in workbook per unit for a period (in a worker)."""

    exported = Signal(object)

    def __init__(self, db_path: Path, units: list[str], period: str, parent=None):
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.setWindowTitle("导出单位填报表")
        self.period = QLineEdit(period)
        self.unit = QComboBox()
        self.unit.addItem("全部单位", "")
        for u in units:
            self.unit.addItem(u, u)
        self.folder = QLineEdit(str(self.db_path.parent / f"填报表_{period}"))
        browse = QPushButton("选择…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.result = QLabel()
        self.result.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow("期间（YYYY-MM）：", self.period)
        form.addRow("单位：", self.unit)
        form.addRow("保存到文件夹：", row)
        form.addRow(self.progress)
        form.addRow(self.result)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Close)
        self.buttons.button(QDialogButtonBox.Ok).setText("导出")
        self.buttons.button(QDialogButtonBox.Close).setText("关闭")
        self.buttons.accepted.connect(self.run_export)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.paths: list | None = None
        self.resize(640, 220)

    def _browse(self) -> None:
        name = QFileDialog.getExistingDirectory(self, "保存到", self.folder.text())
        if name:
            self.folder.setText(name)

    def run_export(self) -> None:
        period, folder, unit = self.period.text().strip(), self.folder.text().strip(), self.unit.currentData()
        self.progress.show()
        self.buttons.setEnabled(False)
        run_job(self.db_path, lambda tr, progress: tr.export_forms(period, folder, unit or None),
                self._done, self._failed)

    def _done(self, paths) -> None:
        self.progress.hide()
        self.buttons.setEnabled(True)
        self.paths = list(paths)
        self.result.setText(f"已导出 {len(self.paths)} 份填报表到「{self.folder.text()}」。")
        self.exported.emit(self.paths)

    def _failed(self, message: str) -> None:
        self.progress.hide()
        self.buttons.setEnabled(True)
        self.result.setText("未能导出：" + message.splitlines()[0])
        self.exported.emit(None)
        show_error(self, message)
