"""导入单位填报表: preview returned unit workbooks per file and row, apply the valid rows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QCheckBox, QDialog, QFileDialog, QHBoxLayout, QLabel, QMessageBox, QPlainTextEdit,
    QPushButton,
)

from ..background import run_job
from ..widgets import (
    PROBLEM_COLOUR, busy_bar, fill_table, import_buttons, readonly_table, show_error,
    stack_layout,
)


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
        self.progress = busy_bar()
        self.table = readonly_table(["文件", "单位", "期间", "序号", "完成%", "上期%", "处理", "问题"])
        self.replace_box = QCheckBox("该单位该期已有填报表时，用新表替换（旧值留在修改记录中）")
        self.buttons, self.apply_button = import_buttons(self)
        stack_layout(self, top, self.summary, self.progress, self.table, self.replace_box, self.buttons)
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
        run_job(self.db_path, lambda tr, progress: tr.returns.preview_returns(files, received_on=received),
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
        fill_table(self.table, rows)
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
        run_job(self.db_path, lambda tr, progress: tr.returns.apply_returns(preview, replace=replace),
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


STATUS_LABEL_SHORT = {"ready": "可导入", "refused": "拒绝", "already_imported": "已导入过",
                      "conflict": "已有填报表", "duplicate": "重复"}
