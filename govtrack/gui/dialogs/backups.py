"""文件 → 备份 / 从备份恢复: make a checked backup now, see the backups, restore one.

Every step runs in a worker (:mod:`..background`: the integrity check and the copy take
a second or more on a large ledger) behind a busy bar. A restore first keeps the
current file as a backup (the core does it), then the window reloads everything.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl, Qt, Signal
from PySide6.QtGui import QColor, QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPushButton, QTableWidgetItem,
    QVBoxLayout,
)

from ...paths import backups_dir
from ..background import run_job
from ..widgets import busy_bar, readonly_table, show_error

BAD_COLOUR = QColor("#fde0dc")


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(1, n // 1024)} KB"


class BackupsDialog(QDialog):
    """The open ledger's backups (newest first), a backup now, and a restore."""

    restored = Signal(object)          # the core's answer: restored, from, kept

    COLS = ["时间", "说明", "大小", "校验", "文件"]

    def __init__(self, window, *, restore_first: bool = False):
        super().__init__(window)
        self.window_ = window
        self.db_path = Path(window.db_path)
        self.restore_first = restore_first
        self.rows: list[dict] = []
        self.setWindowTitle("备份与恢复 — " + self.db_path.name)
        self.resize(860, 480)

        self.reason = QLineEdit()
        self.reason.setPlaceholderText("备份说明（可空），如：月度通报印发前")
        self.reason.setMaxLength(40)
        self.backup_button = QPushButton("立即备份")
        self.backup_button.setToolTip("先做完整性检查，再复制整个数据库并校验副本")
        self.backup_button.clicked.connect(self.make_backup)
        top = QHBoxLayout()
        top.addWidget(QLabel("说明："))
        top.addWidget(self.reason, 1)
        top.addWidget(self.backup_button)

        self.table = readonly_table(self.COLS)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda *_: self.restore_selected())
        self.info = QLabel(f"备份保存在「{self._folder()}」。每天第一次打开时自动备份，导入、删除计划、结转和"
                           "恢复前也会自动备份；保留最近 30 天的全部备份，更早的每月保留一份。")
        self.info.setWordWrap(True)
        self.bar = busy_bar()
        self.status = QLabel()
        self.status.setWordWrap(True)

        self.restore_button = QPushButton("从所选备份恢复…")
        self.restore_button.setEnabled(False)
        self.restore_button.clicked.connect(lambda *_: self.restore_selected())
        folder_button = QPushButton("打开备份文件夹")
        folder_button.clicked.connect(
            lambda *_: QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._folder()))))
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.button(QDialogButtonBox.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.restore_button)
        bottom.addWidget(folder_button)
        bottom.addStretch(1)
        bottom.addWidget(buttons)

        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.info)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.bar)
        lay.addWidget(self.status)
        lay.addLayout(bottom)
        self.busy = False
        self.load()

    def _folder(self) -> Path:
        return backups_dir(self.db_path)

    # ------------------------------------------------------------ work in the background
    def _start(self, text: str, fn, on_done) -> None:
        self.busy = True
        self.bar.show()
        self.status.setText(text)
        for w in (self.backup_button, self.restore_button):
            w.setEnabled(False)
        run_job(self.db_path, fn, lambda out: (self._stop(), on_done(out)), self._failed)

    def _stop(self) -> None:
        self.busy = False
        self.bar.hide()
        self.backup_button.setEnabled(True)
        self._selection_changed()

    def _failed(self, message: str) -> None:
        self._stop()
        self.status.setText("未能完成：" + message.splitlines()[0])
        show_error(self, message)

    # ------------------------------------------------------------ the list
    def load(self, select: Path | None = None) -> None:
        """List the backups and check each one (quick_check), in a worker."""
        self._start("正在读取并校验备份…", lambda tr, progress: tr.backups.list(check=True),
                    lambda rows: self._show(rows, select))

    def _show(self, rows: list[dict], select: Path | None = None) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        for r, b in enumerate(rows):
            ok = b.get("problem") is None
            cells = [f"{b['at']:%Y-%m-%d %H:%M:%S}", b["label"], _size(b["size"]),
                     "完好" if ok else f"不可用：{b['problem']}", Path(b["path"]).name]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(str(b["path"]) if c == 4 else text)
                if not ok:
                    item.setBackground(BAD_COLOUR)
                if c == 2:
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(1, max(self.table.columnWidth(1), 160))
        good = sum(1 for b in rows if b.get("problem") is None)
        self.status.setText(f"共 {len(rows)} 份备份，{good} 份完好。" if rows else "还没有备份。")
        target = select
        if target is None and self.restore_first:
            target = next((b["path"] for b in rows if b.get("problem") is None), None)
        for r, b in enumerate(rows):
            if target is not None and Path(b["path"]) == Path(target):
                self.table.selectRow(r)
                break

    def selected(self) -> dict | None:
        r = self.table.currentRow()
        picked = self.table.selectionModel().selectedRows()
        if not picked or r < 0 or r >= len(self.rows):
            return None
        return self.rows[r]

    def _selection_changed(self) -> None:
        b = self.selected()
        self.restore_button.setEnabled(not self.busy and b is not None and b.get("problem") is None)

    # ------------------------------------------------------------ actions
    def make_backup(self) -> None:
        reason = self.reason.text().strip() or "manual"
        self._start("正在检查数据库并备份…", lambda tr, progress: tr.backups.make(reason), self._made)

    def _made(self, path) -> None:
        self.reason.clear()
        self.window_.statusBar().showMessage(f"已备份并校验：{path}", 8000)
        self.load(select=Path(path))

    def restore_selected(self) -> bool:
        """Ask, then restore the chosen backup (the current file is kept as a backup first)."""
        b = self.selected()
        if b is None or self.busy:
            return False
        if b.get("problem") is not None:
            show_error(self, f"这份备份不能用于恢复：{b['problem']}。")
            return False
        box = QMessageBox(QMessageBox.Question, "从备份恢复",
                          f"用 {b['at']:%Y-%m-%d %H:%M:%S} 的备份（{b['label']}）替换当前数据库？\n\n"
                          "当前数据库会先另存为一份备份（「恢复备份前」），需要时可以再从它恢复回来。"
                          "恢复后窗口重新载入全部数据；同一文件的其他窗口在刷新后看到恢复的内容。",
                          QMessageBox.NoButton, self)
        go = box.addButton("恢复", QMessageBox.AcceptRole)
        box.addButton("取消", QMessageBox.RejectRole)
        box.exec()
        if box.clickedButton() is not go:
            return False
        candidate = str(b["path"])
        self._start("正在恢复…", lambda tr, progress: tr.backups.restore(candidate), self._restored)
        return True

    def _restored(self, out: dict) -> None:
        self.window_.reopen()
        kept = out.get("kept")
        self.window_.statusBar().showMessage(
            f"已从备份恢复；恢复前的数据库另存为「{Path(kept).name if kept else '（无）'}」。", 15000)
        self.restored.emit(out)
        self.load(select=Path(kept) if kept else None)

    def reject(self) -> None:
        if self.busy:                  # a copy or restore under way: wait for it
            self.status.setText("请等待当前操作完成。")
            return
        super().reject()
