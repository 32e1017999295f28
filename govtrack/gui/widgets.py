"""Small shared widgets: a unit-list line edit that completes the last name typed, a grid
that moves like a spreadsheet (Tab → right, Enter → down) and takes Excel pastes."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QCompleter, QLineEdit, QTableWidget, QTableWidgetItem


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
