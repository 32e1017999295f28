"""设置: the database in use, the day looked at, and every setting of ``tr.settings.show()``.

Settings are grouped as the core groups them (机关, 报送, 文字, 字体, 规则); each has its
恢复默认 button; 保存修改 sends all changed ones to ``tr.settings.set_many``, which checks
them together and saves all or none.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDateEdit, QFileDialog, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit,
    QPushButton, QScrollArea, QVBoxLayout, QWidget,
)

from ...app.setting_text import read_text, show_text
from ...errors import GovtrackError
from ..widgets import attempt


class SettingsPage(QWidget):
    """The database in use, the day looked at, and every setting (edited, checked by the core)."""

    SHOWS = frozenset({"settings"})

    def __init__(self, window):
        super().__init__()
        self.window = window
        self.entries: dict[str, dict] = {}
        self.fields: dict[str, QLineEdit | QPlainTextEdit] = {}
        self.reset_buttons: dict[str, QPushButton] = {}
        self.db_label = QLabel()
        self.db_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.db_label.setWordWrap(True)
        self.today_edit = QDateEdit()
        self.today_edit.setCalendarPopup(True)
        self.today_edit.setDisplayFormat("yyyy-MM-dd")
        self.today_edit.setToolTip("按哪一天计算序时进度和状态（默认今天；查看往期时可改）")
        apply_today = QPushButton("按此日期查看")
        apply_today.clicked.connect(lambda: self.window.set_today(self.today_edit.date().toPython()))
        row = QHBoxLayout()
        row.addWidget(QLabel("数据库："))
        row.addWidget(self.db_label, 1)
        row.addWidget(QLabel("查看日期："))
        row.addWidget(self.today_edit)
        row.addWidget(apply_today)
        self.save_button = QPushButton("保存修改")
        self.save_button.clicked.connect(self.save)
        self.info = QLabel()
        self.info.setWordWrap(True)
        bottom = QHBoxLayout()
        bottom.addWidget(self.info, 1)
        bottom.addWidget(self.save_button)
        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.body)
        lay = QVBoxLayout(self)
        lay.addLayout(row)
        lay.addWidget(scroll, 1)
        lay.addLayout(bottom)
        self._built = False

    # ------------------------------------------------------------ building
    def _build(self, entries: list[dict]) -> None:
        groups: dict[str, QFormLayout] = {}
        columns = QHBoxLayout()
        left, right = QVBoxLayout(), QVBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        for e in entries:
            form = groups.get(e["group"])
            if form is None:
                box = QGroupBox(e["group"])
                form = groups[e["group"]] = QFormLayout(box)
                (right if e["group"] in ("字体", "规则") else left).addWidget(box)
            if e["kind"] == "multiline":
                field = QPlainTextEdit()
                field.setTabChangesFocus(True)
                field.setFixedHeight(90)
            else:
                field = QLineEdit()
            field.setObjectName(e["key"])
            field.setToolTip(f"{e['label']}（{e['key']}）")
            self.fields[e["key"]] = field
            reset = QPushButton("恢复默认")
            reset.clicked.connect(lambda _=False, key=e["key"]: self.reset(key))
            self.reset_buttons[e["key"]] = reset
            line = QHBoxLayout()
            line.addWidget(field, 1)
            if e["kind"] == "file":
                choose = QPushButton("选择…")
                choose.clicked.connect(lambda _=False, key=e["key"]: self.choose_file(key))
                line.addWidget(choose)
            line.addWidget(reset)
            form.addRow(e["label"] + "：", line)
        left.addStretch(1)
        right.addStretch(1)
        self.body_layout.addLayout(columns)
        self._built = True

    # ------------------------------------------------------------ showing
    def refresh(self) -> None:
        self.db_label.setText(f"{self.window.db_path}")
        self.today_edit.setDate(self.window.today)
        entries = self.window.tracker.settings.show()
        if not self._built:
            self._build(entries)
        self.entries = {e["key"]: e for e in entries}
        for e in entries:
            self._set_field(e["key"], show_text(e))
            self.reset_buttons[e["key"]].setEnabled(not e["is_default"])
        changed = sum(1 for e in entries if not e["is_default"])
        self.info.setText(f"共 {len(entries)} 项设置，{changed} 项已修改。修改后点「保存修改」；每项改动都记入修改记录。")

    def _set_field(self, key: str, text: str) -> None:
        f = self.fields[key]
        if isinstance(f, QPlainTextEdit):
            f.setPlainText(text)
        else:
            f.setText(text)

    def field_text(self, key: str) -> str:
        f = self.fields[key]
        return f.toPlainText() if isinstance(f, QPlainTextEdit) else f.text()

    def changed_keys(self) -> list[str]:
        return [k for k, e in self.entries.items() if self.field_text(k).strip() != show_text(e).strip()]

    # ------------------------------------------------------------ changing
    def save(self) -> bool:
        """Every changed setting to the core at once (``tr.settings.set_many``): all are saved,
        or, when one is refused, none is — the message names each bad field and what was
        typed stays in the fields."""
        keys = self.changed_keys()
        if not keys:
            self.info.setText("没有修改。")
            return True
        typed = {k: self.field_text(k) for k in keys}
        refused: list[GovtrackError] = []

        def write():
            try:
                return self.window.tracker.settings.set_many(
                    {k: read_text(self.entries[k], typed[k]) for k in keys})
            except GovtrackError as err:       # a bad value: its field gets the focus
                refused.append(err)
                raise

        # The window's one error path: a bad value, or a locked / read-only file, in Chinese.
        changes = attempt(self, write, title="设置有误")
        if changes is None:
            field = getattr(refused[0], "field", None) if refused else None
            bad = next((k for k in keys if self.entries[k]["label"] == field), keys[0])
            self.fields[bad].setFocus()
            self.info.setText(f"未保存：{'、'.join(self.entries[k]['label'] for k in keys)}"
                              f"（所改 {len(keys)} 项均未保存，改好后再点「保存修改」）。")
            return False
        self.window.refresh(changes.kinds | {"settings"})
        self.refresh()
        self.info.setText(f"已保存：{'、'.join(self.entries[k]['label'] for k in keys)}。")
        return True

    def reset(self, key: str) -> bool:
        if attempt(self, self.window.tracker.settings.reset, key, title="无法恢复默认") is None:
            return False
        self.window.refresh({"settings"})
        self.refresh()
        return True

    def choose_file(self, key: str) -> str | None:
        name, _ = QFileDialog.getOpenFileName(self, self.entries[key]["label"], self.field_text(key),
                                              "字体文件 (*.ttf *.ttc *.otf);;所有文件 (*)")
        if name:
            self._set_field(key, name)
        return name or None
