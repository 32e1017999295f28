"""导入任务分解: preview a breakdown file in a worker, correct or untick rows, apply."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QDialog, QFileDialog, QHBoxLayout, QLabel, QLineEdit,
    QPushButton, QSpinBox, QTableWidgetItem,
)

from ..background import run_job
from ..suggestion_widgets import fill_empty_units
from ..texts import FIELD_NAMES
from ..widgets import (
    NOTE_COLOUR, PROBLEM_COLOUR, busy_bar, import_buttons, readonly_table, show_error,
    stack_layout,
)


class ImportWizard(QDialog):
    """Pick a file, preview it in a worker, untick rows to skip, apply in a worker (or cancel)."""

    applied = Signal(object)
    preview_ready = Signal()
    EDITABLE = {2, 3, 4, 5}      # 工作任务, 牵头单位, 协办单位, 完成时限

    def __init__(self, tracker, db_path: Path, parent=None, file: str | None = None):
        super().__init__(parent)
        self.tracker = tracker            # the window's, for reading corrected unit lists
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
        self.paste_button = QPushButton("粘贴表格")
        self.paste_button.setToolTip("从 Word、WPS 或 Excel 复制的表格（或文字）直接预览导入")
        self.paste_button.clicked.connect(self.run_paste)
        top.addWidget(self.paste_button)
        self.suggest_button = QPushButton("空缺单位填入推荐")
        self.suggest_button.setToolTip("为牵头单位为空的行填入按往年分解和单位职能推荐的单位（可再修改）")
        self.suggest_button.clicked.connect(lambda: fill_empty_units(self))
        top.addWidget(self.suggest_button)
        self.summary = QLabel("选择文件后点「预览」。预览不会改动数据库。")
        self.summary.setWordWrap(True)
        self.progress = busy_bar()
        self.table = readonly_table(["导入", "序号", "工作任务", "牵头单位", "协办单位", "完成时限", "操作", "需注意"])
        # 工作任务, units and 完成时限 can be corrected here before importing (double-click / F2)
        self.table.setEditTriggers(QAbstractItemView.DoubleClicked | QAbstractItemView.EditKeyPressed)
        self.update_box = QCheckBox("按此文件更新已导入的同一计划（修改会记入修改记录）")
        self.update_box.hide()
        self.alias_box = QCheckBox()
        self.alias_box.hide()
        self.buttons, self.apply_button = import_buttons(self)
        stack_layout(self, top, self.summary, self.progress, self.table, self.update_box, self.alias_box,
                     self.buttons)
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
        run_job(self.db_path, lambda tr, progress: tr.imports.preview_import(path, year=year),
                self._show_preview, self._failed)

    def run_paste(self) -> None:
        """A table copied from Word/WPS/Excel (HTML or text on the clipboard) → the same preview."""
        from PySide6.QtWidgets import QApplication
        data = QApplication.clipboard().mimeData()
        text = data.text() if data is not None and data.hasText() else ""
        html = data.html() if data is not None and data.hasHtml() else ""
        if not (text.strip() or html.strip()):
            show_error(self, "剪贴板中没有文字或表格。请先在 Word、WPS 或 Excel 中复制任务分解表。")
            return
        year = self.year.value() or None
        self.preview = None
        self.error = None
        self.file.setText("")
        self._busy(True, "正在读取粘贴的表格…")
        run_job(self.db_path, lambda tr, progress: tr.imports.preview_pasted(text, html, year=year),
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
        if getattr(preview, "year_assumed", False):
            lines.append(f"文件中没有写明年度，暂按 {parse.year} 年读取完成时限：如不对，请在“年度”框中改正后重新预览。")
            self.year.setFocus()
        proposals = getattr(preview, "alias_proposals", {}) or {}
        if proposals:
            self.alias_box.setText("把相近写法并入已有单位（作为别名）：" + "；".join(
                f"「{new}」→「{old}」" for new, old in list(proposals.items())[:6])
                + ("…" if len(proposals) > 6 else ""))
            self.alias_box.setChecked(False)
            self.alias_box.show()
        else:
            self.alias_box.hide()
        for note in parse.notes:
            if note not in lines:
                lines.append("提示：" + note)
        lines.append("可双击单元格更正工作任务、单位和完成时限；取消勾选的行不会导入；取消不会改动数据库。")
        self._busy(False, "\n".join(lines))
        self.preview_ready.emit()

    def corrected_preview(self):
        """The preview with the user's corrections typed into the table (the original is kept)."""
        import copy
        preview = copy.deepcopy(self.preview)
        for r, ch in enumerate(preview.changes):
            cell = lambda c: self.table.item(r, c).text().strip()
            t = ch.task
            if cell(2) != t.content:
                t.content = cell(2)
            if cell(3) != "、".join(t.lead):
                t.lead = self.tracker.ledger.read_unit_list(cell(3))
            if cell(4) != "、".join(t.assist):
                t.assist = self.tracker.ledger.read_unit_list(cell(4))
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
        aliases = not self.alias_box.isHidden() and self.alias_box.isChecked()
        self._busy(True, "正在写入数据库…")
        self.apply_button.setEnabled(False)
        run_job(self.db_path, lambda tr, progress: tr.imports.apply_import(
            preview, update=update, skip=skip, accept_aliases=aliases), self._applied, self._failed)

    def _applied(self, outcome) -> None:
        self.outcome = outcome
        self._busy(False, f"已导入：新增 {outcome.created}、更新 {outcome.updated}、无变化 {outcome.unchanged}。")
        self.applied.emit(outcome)
        self.accept()
