"""报告: choose a report and its format (PDF / Word / Excel), generate it in a worker, open it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QFileDialog, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
    QMessageBox, QProgressBar, QPushButton, QVBoxLayout, QWidget,
)

from ..background import run_job
from ..widgets import show_error


class ReportsPage(QWidget):
    """Choose a report, its format, period, unit or task; generate it in a worker; open it."""

    REPORTS = [("monthly", "月度督查通报"), ("ledger", "任务台账"), ("notice", "督办单（单项任务）")]
    COLOURS = [("", "按任务实情"), ("blue", "蓝色（临近时限）"), ("yellow", "黄色（滞后/未报送）"),
               ("red", "红色（逾期）")]
    SUFFIX = {"pdf": ".pdf", "docx": ".docx", "xlsx": ".xlsx"}
    SHOWS = frozenset({"units"})       # the unit list; periods follow the day
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
        self.fmt = QComboBox()
        self.fmt.currentIndexChanged.connect(self._format_changed)
        self.colour = QComboBox()
        for key, name in self.COLOURS:
            self.colour.addItem(name, key)
        self.out = QLineEdit()
        choose = QPushButton("另存为…")
        choose.clicked.connect(self._choose_out)
        out_row = QHBoxLayout()
        out_row.addWidget(self.out, 1)
        out_row.addWidget(choose)
        form = QFormLayout()
        form.addRow("报告：", self.kind)
        form.addRow("格式：", self.fmt)
        form.addRow("期别：", self.period)
        form.addRow("单位：", self.unit)
        form.addRow("任务：", self.task)
        form.addRow("督办单颜色：", self.colour)
        form.addRow("保存到：", out_row)
        self.issue = QCheckBox("登记印发（通报：登记期号并冻结本期数字，重印数字不变；督办单：登记文号）")
        form.addRow("", self.issue)
        self.form = form
        self.generate_button = QPushButton("生成（Ctrl+P）")
        self.generate_button.clicked.connect(self.generate)
        self.open_button = QPushButton("打开 / 打印")
        self.open_button.setToolTip("用系统的阅读器（PDF、Word/WPS、Excel）打开，在其中打印")
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self.open_pdf)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.bar.hide()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.font_note = QLabel()
        self.font_note.setWordWrap(True)
        self.font_note.setStyleSheet("color: #8a5a00;")
        self.font_note.hide()
        self._font_warnings: list[str] | None = None
        buttons = QHBoxLayout()
        buttons.addWidget(self.generate_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        box = QGroupBox("生成报告")
        box.setLayout(form)
        lay.addWidget(box)
        lay.addWidget(self.font_note)
        lay.addLayout(buttons)
        lay.addWidget(self.bar)
        lay.addWidget(self.status)
        lay.addStretch(1)
        self.last_path: Path | None = None
        self.error: str | None = None
        self._issued = False
        self._kind_changed()

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
        for u in self.window.tracker.units.list():
            if u["led"] or u["assisting"]:
                self.unit.addItem(u["name"], u["name"])
        if keep_unit:
            self.unit.setCurrentText(keep_unit)
        if not self.out.text():
            self.out.setText(str(self.default_out()))
        self.show_font_note()

    def default_out(self) -> Path:
        base = self.window.db_path.parent / (self.window.db_path.stem + "_reports")
        suffix = self.SUFFIX.get(self.fmt.currentData() or "pdf", ".pdf")
        return base / f"{self.kind.currentText().split('（')[0]}{suffix}"

    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        self.fmt.blockSignals(True)
        self.fmt.clear()
        for key, label in self.window.tracker.reports.formats(kind):
            self.fmt.addItem(label, key)
        self.fmt.blockSignals(False)
        self.form.setRowVisible(self.period, kind == "monthly")
        self.form.setRowVisible(self.unit, kind == "ledger")
        self.form.setRowVisible(self.task, kind == "notice")
        self.form.setRowVisible(self.colour, kind == "notice")
        self.form.setRowVisible(self.issue, kind != "ledger")
        self.out.setText(str(self.default_out()))

    def _format_changed(self) -> None:
        current = Path(self.out.text().strip() or self.default_out())
        self.out.setText(str(current.with_suffix(self.SUFFIX[self.fmt.currentData() or "pdf"])))
        if self._font_warnings is not None:
            self.show_font_note()

    def _choose_out(self) -> None:
        fmt = self.fmt.currentData() or "pdf"
        filters = {"pdf": "PDF (*.pdf)", "docx": "Word (*.docx)", "xlsx": "Excel (*.xlsx)"}
        name, _ = QFileDialog.getSaveFileName(self, "保存报告", self.out.text(), filters[fmt])
        if name:
            self.out.setText(name)

    def confirm_overwrite(self, path: Path) -> bool:
        """An existing file is replaced only when the user says so."""
        if not path.exists():
            return True
        answer = QMessageBox.question(self, "文件已存在", f"「{path.name}」已存在，是否覆盖？",
                                      QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        return answer == QMessageBox.Yes

    def show_font_note(self) -> None:
        """Before printing a PDF: which GB/T 9704 fonts this machine replaces by others."""
        if self._font_warnings is None:
            try:
                self._font_warnings = self.window.tracker.reports.report_font_warnings()
            except Exception as e:          # no usable font at all: generating will say so too
                self._font_warnings = [str(e)]
        pdf = (self.fmt.currentData() or "pdf") == "pdf"
        text = ("字体提示：本机缺少公文规定的部分字体，PDF 将用其他字体代替（可在“设置”中指定字体文件）：\n"
                + "\n".join(self._font_warnings)) if pdf and self._font_warnings else ""
        self.font_note.setText(text)
        self.font_note.setVisible(bool(text))

    def generate(self) -> None:
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
        colour = self.colour.currentData() or None
        if kind == "notice" and not task:
            show_error(self, "请填写要出督办单的任务序号。")
            return
        if not self.confirm_overwrite(path):
            return

        def work(tr, progress):
            if kind == "monthly":
                return tr.reports.print_monthly(period, path, today, issue=issue, force=True)[0]
            if kind == "ledger":
                return tr.reports.print_ledger(path, unit or None, today, force=True)[0]
            extra = {"colour": colour} if colour else {}
            return tr.reports.print_notice(task, path, today, issue=issue, force=True, **extra)[0]

        self.error = None
        self._issued = issue
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
        if self._issued:
            self.window.refresh({"reports"})
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
