"""The first-start chooser: new database, an existing file, or the demo."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QFileDialog, QLabel, QPushButton, QVBoxLayout



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
