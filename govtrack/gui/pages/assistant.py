"""政府工作报告 → 台账: the report cut into candidate tasks, edited, and imported as a plan.

The page holds a list of :class:`~govtrack.app.assist.DraftTask` (the core's drafts)
and shows them in their sections beside the report text, the line each came from
highlighted. Merging, splitting, reading targets and deadlines, and the unit
suggestions are core functions (:mod:`govtrack.app.assist`); importing goes through
the same preview dialog and one transaction as any import. Nothing is written
before 导入; leaving with unsaved drafts asks first.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QAbstractItemView, QFileDialog, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
    QMessageBox, QPlainTextEdit, QPushButton, QSpinBox, QSplitter, QTextEdit, QTreeWidget,
    QTreeWidgetItem, QVBoxLayout, QWidget,
)

from ...app.assist import (DraftTask, merge_drafts, read_deadline, renumber, split_draft,
                           take_targets)
from ...errors import GovtrackError
from ..background import run_job
from ..dialogs import ImportWizard
from ..widgets import guarded, show_error
from ..suggestion_widgets import CONFIDENCE_COLOUR, SuggestionPanel, suggestion_tooltip
from ..widgets import UnitListEdit

HIGHLIGHT = QColor("#fff3b0")
COLUMNS = ["序号", "工作任务", "牵头单位", "协办单位", "完成时限", "把握"]


class DraftImportDialog(ImportWizard):
    """The import preview of the drafts: the file row hidden, the rest as for any import."""

    def __init__(self, tracker, db_path: Path, preview, parent=None):
        super().__init__(tracker, db_path, parent)
        self.setWindowTitle(f"导入为计划 — {preview.parse.title}")
        for w in (self.file, self.year, self.preview_button):
            w.hide()
        for b in self.findChildren(QPushButton):
            if b.text() == "选择文件…":
                b.hide()
        for lab in self.findChildren(QLabel):
            if lab.text() in ("文件：", "年度："):
                lab.hide()
        self._show_preview(preview)


class AssistantPage(QWidget):
    """The breakdown assistant (navigation: 报告拆分)."""

    SHOWS = frozenset({"units", "tasks"})

    imported = Signal(object)      # the ImportOutcome
    split_ready = Signal()

    def __init__(self, window):
        super().__init__()
        self.window = window
        self.report = None                       # ReportSplit
        self.drafts: list[DraftTask] = []
        self.dirty = False
        self.error: str | None = None
        self.import_dialog = None
        self._loading = False

        self.file = QLineEdit()
        self.file.setPlaceholderText("政府工作报告：.txt 或 .docx")
        browse = QPushButton("选择文件…")
        browse.clicked.connect(self._browse)
        self.year = QSpinBox()
        self.year.setRange(0, 2100)
        self.year.setSpecialValueText("自动")
        self.split_button = QPushButton("拆分")
        self.split_button.clicked.connect(lambda: self.run_split())
        top = QHBoxLayout()
        for w, s in ((QLabel("报告："), 0), (self.file, 1), (browse, 0), (QLabel("年度："), 0),
                     (self.year, 0), (self.split_button, 0)):
            top.addWidget(w, s)
        self.summary = QLabel("选择政府工作报告后点「拆分」：按小节列出候选任务，并按往年分解和单位职能推荐责任单位。"
                              "导入前不会改动数据库。")
        self.summary.setWordWrap(True)

        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(COLUMNS)
        self.tree.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.tree.setColumnWidth(0, 70)
        self.tree.setColumnWidth(1, 330)
        self.tree.setColumnWidth(2, 130)
        self.tree.setColumnWidth(3, 110)
        self.tree.itemSelectionChanged.connect(self._selection_changed)
        self.source = QPlainTextEdit()
        self.source.setReadOnly(True)
        self.source.setLineWrapMode(QPlainTextEdit.WidgetWidth)

        # the selected draft
        self.content = QPlainTextEdit()
        self.content.setMinimumHeight(60)
        self.content.setMaximumHeight(110)
        self.content.textChanged.connect(self._edited)
        self.targets = QLineEdit()
        self.targets.setPlaceholderText("量化目标，多个用「；」分隔")
        self.targets.textChanged.connect(self._edited)
        take = QPushButton("从文本提取目标")
        take.clicked.connect(self.take_targets)
        self.deadline = QLineEdit()
        self.deadline.setPlaceholderText("如：6月底前、三季度末、年底前、长期坚持")
        self.deadline.textChanged.connect(self._edited)
        self.deadline_read = QLabel()
        names = [u["name"] for u in window.tracker.units.list()]
        self.lead = UnitListEdit(names)
        self.lead.textChanged.connect(self._edited)
        self.assist = UnitListEdit(names)
        self.assist.textChanged.connect(self._edited)
        self.suggestions = SuggestionPanel()
        self.suggestions.taken.connect(self._take_suggestion)
        again = QPushButton("按修改后的文本重新推荐")
        again.clicked.connect(self.suggest_again)
        form = QFormLayout()
        form.addRow("工作任务：", self.content)
        trow = QHBoxLayout()
        trow.addWidget(self.targets, 1)
        trow.addWidget(take)
        form.addRow("目标：", trow)
        drow = QHBoxLayout()
        drow.addWidget(self.deadline, 2)
        drow.addWidget(self.deadline_read, 3)
        form.addRow("完成时限：", drow)
        form.addRow("牵头单位：", self.lead)
        form.addRow("协办单位：", self.assist)
        form.addRow("", self.suggestions)
        form.addRow("", again)
        self.editor = QGroupBox("所选候选任务")
        self.editor.setLayout(form)
        self.editor.setEnabled(False)

        self.merge_button = QPushButton("合并所选两项")
        self.merge_button.clicked.connect(lambda: self.merge_selected())
        self.split_here = QPushButton("在光标处拆成两项")
        self.split_here.clicked.connect(lambda: self.split_at_cursor())
        self.drop_button = QPushButton("删除所选")
        self.drop_button.clicked.connect(lambda: self.drop_selected())
        self.title = QLineEdit()
        self.title.setPlaceholderText("计划名称，如 2025年政府工作报告重点工作任务分解")
        self.import_button = QPushButton("导入为计划…")
        self.import_button.clicked.connect(lambda: self.import_plan())
        actions = QHBoxLayout()
        for w in (self.merge_button, self.split_here, self.drop_button):
            actions.addWidget(w)
        actions.addStretch(1)
        actions.addWidget(QLabel("计划名称："))
        actions.addWidget(self.title, 2)
        actions.addWidget(self.import_button)

        left = QSplitter(Qt.Vertical)
        left.addWidget(self.tree)
        left.addWidget(self.editor)
        left.setStretchFactor(0, 3)
        left.setStretchFactor(1, 2)
        left.setSizes([430, 330])
        self.splitter = QSplitter(Qt.Horizontal)
        self.splitter.setObjectName("assistant_splitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.source)
        self.splitter.setSizes([760, 420])
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.summary)
        lay.addWidget(self.splitter, 1)
        lay.addLayout(actions)
        self._enable()

    # ------------------------------------------------------------ page protocol
    def refresh(self) -> None:
        """Nothing to reload: the drafts live here until imported."""

    def confirm_discard(self) -> bool:
        """True when there is no unsaved work, or the user agrees to drop it."""
        if not self.dirty or not self.drafts:
            return True
        answer = QMessageBox.question(
            self, "放弃未导入的拆分？",
            f"报告拆分中还有 {len(self.drafts)} 项候选任务的修改没有导入，确定放弃吗？",
            QMessageBox.Discard | QMessageBox.Cancel, QMessageBox.Cancel)
        return answer == QMessageBox.Discard

    # ------------------------------------------------------------ split
    def _browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "选择政府工作报告", "",
                                              "政府工作报告 (*.txt *.docx);;所有文件 (*)")
        if name:
            self.file.setText(name)
            self.run_split()

    def run_split(self, path: str | None = None) -> None:
        """Split the report (and suggest units) in a worker; the drafts replace the current ones."""
        if path:
            self.file.setText(str(path))
        path = self.file.text().strip()
        if not path:
            show_error(self, "请先选择政府工作报告文件。")
            return
        if not self.confirm_discard():
            return
        year = self.year.value() or None
        self.error = None
        self.split_button.setEnabled(False)
        self.summary.setText(f"正在拆分「{Path(path).name}」并推荐责任单位…")
        run_job(self.window.db_path,
                lambda tr, progress: tr.assist.split_report(path, year=year, suggest=True),
                self._show_split, self._failed)

    def _failed(self, message: str) -> None:
        self.error = message
        self.split_button.setEnabled(True)
        self.summary.setText("未能完成：" + message.splitlines()[0])
        show_error(self, message)
        self.split_ready.emit()

    def _show_split(self, report) -> None:
        self.split_button.setEnabled(True)
        self.report = report
        self.drafts = report.drafts()
        for d in self.drafts:                      # prefill the lead only when the core is sure
            s = d.suggestion
            if s is not None and s.lead and s.confidence_label == "高":
                d.lead = [s.lead[0].name]
        self.source.setPlainText(report.text)
        year = report.split.year or self.year.value() or None
        if year:
            self.year.setValue(year)
        if not self.title.text().strip():
            self.title.setText(f"{year or ''}年政府工作报告重点工作任务分解")
        self.dirty = True
        self._rebuild()
        self.split_ready.emit()

    def _summary_text(self) -> str:
        s = self.report.split if self.report else None
        if s is None:
            return ""
        no_lead = sum(1 for d in self.drafts if not d.lead)
        return (f"「{self.report.file_name}」{s.year or ''}年：{len(s.sections)} 个小节，候选任务 {len(self.drafts)} 项，"
                f"尚未指定牵头单位 {no_lead} 项。把握「高」的推荐已预填，其余点推荐按钮采用；"
                f"按住 Ctrl 选两项可合并；在工作任务框中放好光标可拆分。")

    # ------------------------------------------------------------ the tree
    def _rebuild(self, select: int | None = None) -> None:
        self._loading = True
        self.tree.clear()
        sections: dict[str, QTreeWidgetItem] = {}
        for k, d in enumerate(self.drafts):
            parent = sections.get(d.section)
            if parent is None:
                parent = QTreeWidgetItem([d.section or "（未分节）"])
                parent.setFirstColumnSpanned(True)
                parent.setFlags(parent.flags() & ~Qt.ItemIsSelectable)
                self.tree.addTopLevelItem(parent)
                parent.setFirstColumnSpanned(True)
                sections[d.section] = parent
            item = QTreeWidgetItem(parent)
            item.setData(0, Qt.UserRole, k)
            self._fill_item(item, d)
        self.tree.expandAll()
        self._loading = False
        self.summary.setText(self._summary_text())
        if select is not None and self.drafts:
            self.select(min(select, len(self.drafts) - 1))
        else:
            self._selection_changed()
        self._enable()

    def _fill_item(self, item: QTreeWidgetItem, d: DraftTask) -> None:
        s = d.suggestion
        values = [d.seq, d.content, "、".join(d.lead), "、".join(d.assist), d.deadline_text or "",
                  s.confidence_label if s and s.lead else ""]
        for c, v in enumerate(values):
            item.setText(c, v)
        item.setToolTip(1, d.content)
        if s is not None:
            item.setToolTip(5, suggestion_tooltip(s))
            if s.lead:
                item.setForeground(5, QColor(CONFIDENCE_COLOUR[s.confidence_label]))
        item.setBackground(2, QColor("#ffffff") if d.lead else HIGHLIGHT)

    def items(self) -> list[QTreeWidgetItem]:
        """The candidate rows in list order (sections skipped)."""
        out = []
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            out.extend(top.child(j) for j in range(top.childCount()))
        return out

    def select(self, *indexes: int) -> None:
        """Select the drafts at ``indexes`` (the first becomes current)."""
        rows = self.items()
        self.tree.clearSelection()
        for n, k in enumerate(indexes):
            if n == 0:
                self.tree.setCurrentItem(rows[k])
                self.tree.scrollToItem(rows[k])
            rows[k].setSelected(True)

    def selected(self) -> list[int]:
        return sorted(it.data(0, Qt.UserRole) for it in self.tree.selectedItems()
                      if it.data(0, Qt.UserRole) is not None)

    def current(self) -> int | None:
        sel = self.selected()
        it = self.tree.currentItem()
        k = it.data(0, Qt.UserRole) if it is not None else None
        return k if k in sel else (sel[0] if sel else None)

    def _selection_changed(self) -> None:
        if self._loading:
            return
        k = self.current()
        self._enable()
        self.editor.setEnabled(k is not None)
        self._loading = True
        d = self.drafts[k] if k is not None else None
        self.content.setPlainText(d.content if d else "")
        self.targets.setText("；".join(d.targets) if d else "")
        self.deadline.setText(d.deadline_text or "" if d else "")
        self.lead.setText("、".join(d.lead) if d else "")
        self.assist.setText("、".join(d.assist) if d else "")
        self._loading = False
        self._show_deadline()
        if d is not None:
            self.suggestions.show_suggestion(d.suggestion, "往年分解中没有可比的任务，请直接填写。")
            self._highlight(d.source_line, d.content)
        else:
            self.suggestions.show_suggestion(None, "")

    def _highlight(self, line: int, text: str = "") -> None:
        """Mark the report line (1-based) a draft came from, and the draft's own words
        when they are found there or in the next lines; scroll to it."""
        if not line:
            self.source.setExtraSelections([])
            return
        doc = self.source.document()
        block = doc.findBlockByNumber(line - 1)
        whole = QTextEdit.ExtraSelection()
        whole.format.setBackground(HIGHLIGHT)
        whole.format.setProperty(QTextFormat.FullWidthSelection, True)
        whole.cursor = QTextCursor(block)
        sels = [whole]
        start = doc.find(text[:6], block.position()) if len(text) >= 6 else QTextCursor()
        if not start.isNull() and start.blockNumber() - block.blockNumber() <= 3:
            words = QTextEdit.ExtraSelection()
            words.format.setBackground(QColor("#ffd54f"))
            cursor = QTextCursor(doc)
            cursor.setPosition(start.selectionStart())
            cursor.setPosition(min(start.selectionStart() + len(text), doc.characterCount() - 1),
                               QTextCursor.KeepAnchor)
            words.cursor = cursor
            sels.append(words)
        self.source.setExtraSelections(sels)
        self.source.setTextCursor(QTextCursor(block))
        self.source.centerCursor()

    def highlighted_line(self) -> int | None:
        """The report line (1-based) now highlighted, for tests and the status bar."""
        sels = self.source.extraSelections()
        return sels[0].cursor.blockNumber() + 1 if sels else None

    def _enable(self) -> None:
        sel = self.selected() if self.drafts else []
        self.merge_button.setEnabled(len(sel) == 2)
        self.split_here.setEnabled(len(sel) == 1)
        self.drop_button.setEnabled(bool(sel))
        self.import_button.setEnabled(bool(self.drafts))

    # ------------------------------------------------------------ editing
    def _edited(self, *_args) -> None:
        if self._loading:
            return
        k = self.current()
        if k is None:
            return
        d = self.drafts[k]
        d.content = self.content.toPlainText()
        d.targets = [t.strip() for t in self.targets.text().replace(";", "；").split("；") if t.strip()]
        d.deadline_text = self.deadline.text().strip() or None
        d.lead = self._names(self.lead.text())
        d.assist = self._names(self.assist.text())
        self.dirty = True
        self._show_deadline()
        it = self.tree.currentItem()
        if it is not None and it.data(0, Qt.UserRole) == k:
            self._fill_item(it, d)

    @staticmethod
    def _names(text: str) -> list[str]:
        return [n.strip() for n in text.replace("，", "、").replace(",", "、").split("、") if n.strip()]

    def _show_deadline(self) -> None:
        text = self.deadline.text().strip()
        if not text:
            self.deadline_read.setText("")
            return
        ok, how = read_deadline(text, self.year.value() or 2000)
        self.deadline_read.setText(how if ok else f"<span style='color:#b00020'>{how}</span>")

    def take_targets(self) -> None:
        """Read the quantitative targets out of the selected draft's text."""
        k = self.current()
        if k is None:
            return
        self.drafts[k] = take_targets(self.drafts[k])
        self.targets.setText("；".join(self.drafts[k].targets))
        self.dirty = True

    def _take_suggestion(self, lead: str, assist: list[str]) -> None:
        self.lead.setText(lead)
        if not self.assist.text().strip() and assist:
            self.assist.setText("、".join(assist))
        self._edited()

    def take_suggestion(self, k: int = 0) -> str | None:
        """Take the k-th suggested lead unit for the selected draft (the button's action)."""
        return self.suggestions.take(k)

    def suggest_again(self) -> None:
        k = self.current()
        if k is None:
            return
        try:
            self.drafts[k].suggestion = self.window.tracker.assist.suggest_units(self.drafts[k].content, k=3)
        except GovtrackError as e:
            self.suggestions.show_suggestion(None, str(e))
            return
        self.suggestions.show_suggestion(self.drafts[k].suggestion)
        self._fill_item(self.tree.currentItem(), self.drafts[k])

    @guarded("无法合并")
    def merge_selected(self) -> bool:
        sel = self.selected()
        if len(sel) != 2:
            show_error(self, "请按住 Ctrl 选中要合并的两项候选任务。")
            return False
        merged = merge_drafts(self.drafts, sel[0], sel[1])
        merged[sel[0]].suggestion = self.drafts[sel[0]].suggestion
        self.drafts = renumber(merged)
        self.dirty = True
        self._rebuild(select=sel[0])
        return True

    @guarded("无法拆分")
    def split_at_cursor(self) -> bool:
        k = self.current()
        if k is None:
            return False
        at = self.content.textCursor().position()
        parts = split_draft(self.drafts, k, at)
        parts[k].suggestion = parts[k + 1].suggestion = self.drafts[k].suggestion
        self.drafts = renumber(parts)
        self.dirty = True
        self._rebuild(select=k)
        return True

    def drop_selected(self) -> int:
        sel = set(self.selected())
        if not sel:
            return 0
        self.drafts = renumber([d for k, d in enumerate(self.drafts) if k not in sel])
        self.dirty = True
        self._rebuild(select=min(sel))
        return len(sel)

    # ------------------------------------------------------------ import
    @guarded("无法导入", failed=None)
    def import_plan(self) -> DraftImportDialog | None:
        """Preview the drafts as a plan in the import dialog; applying writes it in one transaction."""
        if self.report is None:
            show_error(self, "请先拆分一份政府工作报告。")
            return None
        year = self.year.value() or self.report.split.year
        preview = self.window.tracker.assist.preview_drafts(
            self.drafts, title=self.title.text(), year=year or 0, report=self.report)
        dlg = DraftImportDialog(self.window.tracker, self.window.db_path, preview, self)
        dlg.applied.connect(self._imported)
        self.import_dialog = dlg
        dlg.open()
        return dlg

    def _imported(self, outcome) -> None:
        self.dirty = False
        self.summary.setText(f"已导入为计划 #{outcome.plan_id}：新增 {outcome.created} 项。"
                             f"可在「任务台账」中查看。")
        self.window.refresh_all()
        self.imported.emit(outcome)
