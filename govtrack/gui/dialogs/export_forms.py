"""导出单位填报表: one fill-in workbook per unit for a period."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel,
    QLineEdit, QProgressBar, QPushButton,
)

from ..background import run_job
from ..widgets import show_error


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
        run_job(self.db_path, lambda tr, progress: tr.returns.export_forms(period, folder, unit or None),
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
