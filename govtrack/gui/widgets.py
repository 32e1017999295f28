"""Small shared widgets: the one error path of the window (:func:`guarded`, :func:`show_error`),
a unit-list line edit that completes the last name typed, a grid that moves like a
spreadsheet (Tab → right, Enter → down) and takes Excel pastes, the read-only tables,
the task table view, and the parts the import dialogs share."""

from __future__ import annotations

import functools
import inspect
from pathlib import Path

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtGui import QColor, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView, QCompleter, QDialogButtonBox, QHeaderView, QLineEdit, QMessageBox, QProgressBar,
    QPushButton, QTableView, QTableWidget, QTableWidgetItem, QVBoxLayout,
)

from ..app.backups import explain
from ..errors import GovtrackError
from .models import TaskFilterProxy, TaskTableModel

PROBLEM_COLOUR = QColor("#fff3b0")     # needs a look before importing
NOTE_COLOUR = QColor("#e3f2fd")        # new units or changed fields: worth a glance


def _db_path(widget) -> Path | None:
    """The database file of the window a widget belongs to (for the message's 「file」)."""
    while widget is not None:
        path = getattr(widget, "db_path", None)
        if path:
            return path
        widget = widget.parentWidget() if hasattr(widget, "parentWidget") else None
    return None


def error_text(error: BaseException | str, path: Path | None = None) -> tuple[str, bool]:
    """(the Chinese message, whether it is a known failure rather than a bug).

    The core's errors say what and where; a failure of the file that reached the window
    unnamed (locked, read-only, disk full, damaged) is named by the core's :func:`explain`.
    """
    if isinstance(error, str):
        return error, True
    if isinstance(error, GovtrackError):
        return str(error), True
    named = explain(error, path)
    if named is not None:
        return str(named), True
    return f"内部错误（程序缺陷，请告知技术支持）：{type(error).__name__}: {error}", False


def show_error(parent, error: BaseException | str, title: str = "未能完成") -> None:
    """The window's one way of saying that something failed: a Chinese message box."""
    QMessageBox.warning(parent, title, error_text(error, _db_path(parent))[0])


def guarded(title: str = "未能完成", failed=False):
    """Decorate a window action that calls the core, so that it never fails silently.

    A core error, or a failure of the file (locked: 「另一个窗口或程序正在写入此数据库，请稍后
    重试」, read-only, disk full, damaged), becomes :func:`show_error` and the action returns
    ``failed``; the dialog stays open with what the user typed. A bug is shown too, then
    raised on. Extra signal arguments (``clicked``'s ``checked``) are dropped.
    """
    def deco(fn):
        params = list(inspect.signature(fn).parameters.values())[1:]
        takes = len([p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)])

        @functools.wraps(fn)
        def action(self, *args, **kwargs):
            return attempt(self, fn, self, *args[:takes], title=title, failed=failed, **kwargs)
        return action
    return deco


def attempt(parent, fn, *args, title: str = "未能完成", failed=None, **kwargs):
    """``fn(*args, **kwargs)``, or ``failed`` after the message box (:func:`guarded` as a call)."""
    try:
        return fn(*args, **kwargs)
    except Exception as e:
        text, known = error_text(e, _db_path(parent))
        QMessageBox.warning(parent, title, text)
        if not known:
            raise
        return failed


class UnitListEdit(QLineEdit):
    """「市发改委、市财政局」: completion works on the name after the last 、."""

    def __init__(self, names: list[str], parent=None):
        super().__init__(parent)
        self._completer = QCompleter(QStringListModel(sorted(names)), self)
        self._completer.setCaseSensitivity(Qt.CaseInsensitive)
        self._completer.setFilterMode(Qt.MatchContains)
        self._completer.setWidget(self)
        self._completer.activated.connect(self._insert)
        self.textEdited.connect(self._update)
        self.setPlaceholderText("多个单位用「、」分隔，输入部分名称可选择")

    def _update(self, text: str) -> None:
        prefix = text.replace("，", "、").replace(",", "、").split("、")[-1].strip()
        if not prefix:
            self._completer.popup().hide()
            return
        self._completer.setCompletionPrefix(prefix)
        self._completer.complete()

    def _insert(self, name: str) -> None:
        parts = self.text().replace("，", "、").replace(",", "、").split("、")
        parts[-1] = name
        self.setText("、".join(p for p in parts if p.strip()))

    def keyPressEvent(self, event) -> None:
        popup = self._completer.popup()
        if popup.isVisible() and event.key() in (Qt.Key_Enter, Qt.Key_Return, Qt.Key_Tab):
            idx = popup.currentIndex()
            if idx.isValid():
                self._insert(idx.data())
                popup.hide()
                return
        super().keyPressEvent(event)


class SheetTable(QTableWidget):
    """A QTableWidget that behaves like a spreadsheet for data entry.

    Enter commits and moves down, Tab moves right (wrapping to the next row's first
    editable column), Ctrl+V pastes a tab-separated block (as Excel/WPS copies it)
    from the current cell; read-only columns are skipped.
    """

    def __init__(self, rows: int, columns: int, editable_columns: set[int], parent=None):
        super().__init__(rows, columns, parent)
        self.editable_columns = set(editable_columns)
        self.setTabKeyNavigation(True)

    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.Paste):
            self.paste(QGuiApplication.clipboard().text())
            return
        if event.key() in (Qt.Key_Return, Qt.Key_Enter) and self.state() != QTableWidget.EditingState:
            self._move(1, 0)
            return
        super().keyPressEvent(event)

    def closeEditor(self, editor, hint) -> None:
        # after Enter in an editor go down like Excel; Tab goes through moveCursor
        from PySide6.QtWidgets import QAbstractItemDelegate
        super().closeEditor(editor, hint)
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:  # Enter
            self._move(1, 0)

    def moveCursor(self, action, modifiers):
        from PySide6.QtWidgets import QAbstractItemView
        if action == QAbstractItemView.CursorAction.MoveNext:
            return self._next_index(self.currentRow(), self.currentColumn(), forward=True)
        if action == QAbstractItemView.CursorAction.MovePrevious:
            return self._next_index(self.currentRow(), self.currentColumn(), forward=False)
        return super().moveCursor(action, modifiers)

    def _next_index(self, row: int, col: int, forward: bool):
        cols = sorted(self.editable_columns)
        if not cols:
            return self.model().index(row, col)
        if forward:
            later = [c for c in cols if c > col]
            if later:
                return self.model().index(row, later[0])
            return self.model().index(min(row + 1, self.rowCount() - 1), cols[0])
        earlier = [c for c in cols if c < col]
        if earlier:
            return self.model().index(row, earlier[-1])
        return self.model().index(max(row - 1, 0), cols[-1])

    def _move(self, drow: int, dcol: int) -> None:
        r = min(max(self.currentRow() + drow, 0), self.rowCount() - 1)
        c = min(max(self.currentColumn() + dcol, 0), self.columnCount() - 1)
        self.setCurrentCell(r, c)

    def paste(self, text: str) -> int:
        """Fill cells from tab-separated text starting at the current cell; returns cells set."""
        if not text:
            return 0
        lines = text.rstrip("\r\n").replace("\r\n", "\n").replace("\r", "\n").split("\n")
        r0 = max(self.currentRow(), 0)
        c0 = max(self.currentColumn(), 0)
        n = 0
        for dr, line in enumerate(lines):
            r = r0 + dr
            if r >= self.rowCount():
                break
            for dc, value in enumerate(line.split("\t")):
                c = c0 + dc
                if c >= self.columnCount():
                    break
                if c not in self.editable_columns:
                    continue
                item = self.item(r, c)
                if item is None:
                    item = QTableWidgetItem()
                    self.setItem(r, c, item)
                item.setText(value.strip())
                n += 1
        return n


def ask_conflict(parent, title: str, text: str) -> str:
    """Someone else changed what the user is saving: 'overwrite' (mine over theirs), 'reload'
    (show theirs) or 'cancel' (back to the form, nothing written). ``text`` says what
    changed and what 重新载入 keeps; the three buttons are the same everywhere."""
    box = QMessageBox(QMessageBox.Warning, title, text, QMessageBox.NoButton, parent)
    overwrite = box.addButton("覆盖", QMessageBox.DestructiveRole)
    reload = box.addButton("重新载入", QMessageBox.ResetRole)
    cancel = box.addButton("取消", QMessageBox.RejectRole)
    box.setDefaultButton(cancel)
    box.exec()
    return {overwrite: "overwrite", reload: "reload"}.get(box.clickedButton(), "cancel")


def readonly_table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setEditTriggers(QAbstractItemView.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectRows)
    t.verticalHeader().setVisible(False)
    t.horizontalHeader().setStretchLastSection(True)
    t.setWordWrap(True)
    return t

def busy_bar() -> QProgressBar:
    """An indeterminate bar shown while a preview or apply runs in the worker."""
    bar = QProgressBar()
    bar.setRange(0, 0)
    bar.hide()
    return bar


def import_buttons(dialog) -> tuple[QDialogButtonBox, QPushButton]:
    """导入 (disabled until a preview succeeds) and 取消, wired to run_apply / reject."""
    buttons = QDialogButtonBox(QDialogButtonBox.Apply | QDialogButtonBox.Cancel)
    apply_button = buttons.button(QDialogButtonBox.Apply)
    apply_button.setText("导入")
    apply_button.setEnabled(False)
    buttons.button(QDialogButtonBox.Cancel).setText("取消")
    apply_button.clicked.connect(dialog.run_apply)
    buttons.rejected.connect(dialog.reject)
    return buttons, apply_button


def stack_layout(dialog, top, *widgets) -> QVBoxLayout:
    """The preview dialogs' layout: controls row, then widgets top to bottom (the table stretches)."""
    lay = QVBoxLayout(dialog)
    lay.addLayout(top)
    for w in widgets:
        lay.addWidget(w, 1 if isinstance(w, QTableWidget) else 0)
    return lay



def fill_table(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            item = QTableWidgetItem("" if v is None else str(v))
            item.setToolTip(item.text())
            table.setItem(r, c, item)
    table.resizeColumnsToContents()
    for c in range(table.columnCount() - 1):
        table.setColumnWidth(c, min(table.columnWidth(c), 260))


def make_task_view(model: TaskTableModel, proxy: TaskFilterProxy) -> QTableView:
    proxy.setSourceModel(model)
    view = QTableView()
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.sortByColumn(0, Qt.AscendingOrder)
    view.setSelectionBehavior(QAbstractItemView.SelectRows)
    view.setSelectionMode(QAbstractItemView.ExtendedSelection)
    view.setEditTriggers(QAbstractItemView.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(26)
    view.verticalHeader().setSectionResizeMode(QHeaderView.Fixed)
    view.horizontalHeader().setSortIndicatorShown(True)
    h = view.horizontalHeader()
    h.setStretchLastSection(False)
    h.setSectionResizeMode(TaskTableModel.COL_CONTENT, QHeaderView.Stretch)
    for col, w in ((0, 56), (2, 150), (3, 170), (4, 130), (5, 170), (6, 110)):
        view.setColumnWidth(col, w)
    return view
