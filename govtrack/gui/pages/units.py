"""责任单位: the office's unit directory on the left (in its official order), the chosen unit's
details and tasks on the right: add, rename (old name kept as alias), merge, aliases, kind,
contact and phone, order, a group's members. Every change is one ``tr.units`` call."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QMessageBox,
    QPushButton, QSplitter, QVBoxLayout, QWidget,
)

from ...units import KINDS as UNIT_KINDS

from ..models import ROW_ROLE, TaskFilterProxy, TaskTableModel
from ..widgets import UnitListEdit, attempt, fill_table, make_task_view, readonly_table


class UnitsPage(QWidget):
    """Units on the left, the chosen unit's tasks on the right."""

    SHOWS = frozenset({"tasks", "progress", "units", "settings"})   # kinds of rows on the page

    def __init__(self, window):
        super().__init__()
        self.window = window
        self.rows: list[dict] = []
        self.units = readonly_table(["单位", "类别", "牵头", "协办", "联系人", "电话", "别名"])
        self.units.setSelectionMode(QAbstractItemView.SingleSelection)
        for col in (2, 3):     # the directory's counts cover every plan; the right side is the day's plans
            self.units.horizontalHeaderItem(col).setToolTip("全部计划（含已归档、往年）的任务数")
        self.units.itemSelectionChanged.connect(self._show_unit)
        self.model = TaskTableModel(self)
        self.proxy = TaskFilterProxy(self)
        self.tasks = make_task_view(self.model, self.proxy)
        self.tasks.activated.connect(lambda i: self.window.edit_task(i.data(ROW_ROLE)["id"]))
        self.header = QLabel("选择左侧单位查看其任务")
        self.header.setStyleSheet("font-weight:bold;")
        self.enter = QPushButton("录入本单位进展…")
        self.enter.clicked.connect(lambda: self.window.enter_progress(self.current_unit()))
        self.enter.setEnabled(False)
        right = QWidget()
        rl = QVBoxLayout(right)
        top = QHBoxLayout()
        top.addWidget(self.header, 1)
        top.addWidget(self.enter)
        rl.addLayout(top)
        rl.addWidget(self._build_editor())
        rl.addWidget(self.tasks, 1)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.units, 1)
        self.new_name = QLineEdit()
        self.new_name.setPlaceholderText("新单位名称")
        self.add_button = QPushButton("添加单位")
        self.add_button.clicked.connect(self.add_unit)
        self.up_button = QPushButton("上移")
        self.up_button.clicked.connect(lambda: self.move(-1))
        self.down_button = QPushButton("下移")
        self.down_button.clicked.connect(lambda: self.move(1))
        self.order_button = QPushButton("保存为正式顺序")
        self.order_button.setToolTip("报告、通报按此顺序列出单位")
        self.order_button.clicked.connect(self.save_order)
        add_row = QHBoxLayout()
        add_row.addWidget(self.new_name, 1)
        add_row.addWidget(self.add_button)
        order_row = QHBoxLayout()
        for b in (self.up_button, self.down_button, self.order_button):
            order_row.addWidget(b)
        order_row.addStretch(1)
        ll.addLayout(add_row)
        ll.addLayout(order_row)
        left.setMinimumWidth(200)       # a small window squeezes the rows rather than growing
        right.setMinimumWidth(300)
        self.splitter = QSplitter(Qt.Horizontal)
        self.splitter.setObjectName("units_split")
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([520, 740])
        self.units.setColumnHidden(6, True)  # aliases: in the name's tooltip
        self.tasks.setColumnHidden(TaskTableModel.COL_ASSIST, True)
        for col, w in ((0, 48), (2, 120), (4, 104), (5, 140), (6, 100)):
            self.tasks.setColumnWidth(col, w)
        lay = QVBoxLayout(self)
        lay.addWidget(self.splitter)

    def refresh(self) -> None:
        keep = self.current_unit()
        tr = self.window.tracker
        units = {u["name"]: u for u in tr.units.list()}
        self.rows = [units[n] for n in tr.units.ordered(list(units))]
        self._fill(self.rows)
        chosen = next((r for r, u in enumerate(self.rows) if u["name"] == keep), 0)
        if self.rows:
            self.units.selectRow(chosen)
        self._show_unit()
        self.merge_into.clear()
        self.merge_into.addItems([u["name"] for u in self.rows])

    def _fill(self, rows: list[dict]) -> None:
        fill_table(self.units, [[u["name"], u["kind"], u["led"], u["assisting"], u.get("contact") or "",
                                 u.get("phone") or "", "、".join(u["aliases"])] for u in rows])
        for col, w in ((0, 176), (1, 70), (2, 44), (3, 44), (4, 70)):
            self.units.setColumnWidth(col, w)
        for r, u in enumerate(rows):
            self.units.item(r, 0).setToolTip(u["name"] + ("\n别名：" + "、".join(u["aliases"]) if u["aliases"] else "")
                                             + ("\n成员：" + "、".join(u["members"]) if u.get("members") else ""))

    def current_unit(self) -> str | None:
        r = self.units.currentRow()
        if r < 0 or not self.units.selectedItems():
            return None
        return self.units.item(r, 0).text()

    def current_row(self) -> dict | None:
        r = self.units.currentRow()
        if r < 0 or r >= len(self.rows) or not self.units.selectedItems():
            return None
        return self.rows[r]

    def select_unit(self, name: str) -> None:
        for r, u in enumerate(self.rows):
            if u["name"] == name:
                self.units.selectRow(r)
                return

    def _show_unit(self) -> None:
        unit = self.current_unit()
        self.enter.setEnabled(bool(unit))
        row = self.current_row()
        for w in (self.save_button, self.alias_button, self.merge_button, self.members_button):
            w.setEnabled(row is not None)
        if not unit or row is None:
            self.model.set_rows([])
            return
        self.name.setText(row["name"])
        self.kind.setCurrentText(row["kind"] or "")
        self.contact.setText(row.get("contact") or "")
        self.phone.setText(row.get("phone") or "")
        self.aliases.setText("、".join(row["aliases"]) or "（无）")
        self.members.setText("、".join(row.get("members") or []))
        rows = self.window.tracker.status.task_states(self.window.today, unit=unit)
        led = sum(1 for r in rows if unit in (r.get("lead") or []))
        self.header.setText(f"{unit}：牵头 {led} 项，协办 {len(rows) - led} 项")
        self.model.set_rows(rows)

    # ------------------------------------------------------------ the editor
    def _build_editor(self) -> QGroupBox:
        names = [u["name"] for u in self.window.tracker.units.list()]
        self.name = QLineEdit()
        self.name.setToolTip("改名后原名称作为别名保留，旧文件仍能对上")
        self.kind = QComboBox()
        self.kind.setEditable(True)
        self.kind.addItems(list(UNIT_KINDS))
        self.contact = QLineEdit()
        self.phone = QLineEdit()
        self.save_button = QPushButton("保存单位信息")
        self.save_button.clicked.connect(self.save_unit)
        self.aliases = QLabel()
        self.aliases.setWordWrap(True)
        self.alias = QLineEdit()
        self.alias.setPlaceholderText("新别名，如文件里的简称")
        self.alias_button = QPushButton("添加别名")
        self.alias_button.clicked.connect(self.add_alias)
        self.merge_into = QComboBox()
        self.merge_button = QPushButton("并入…")
        self.merge_button.setToolTip("把所选单位并入右侧单位：任务、进展、别名一并转过去（记入修改记录）")
        self.merge_button.clicked.connect(self.merge)
        self.members = UnitListEdit(names)
        self.members_button = QPushButton("保存成员")
        self.members_button.setToolTip("如「各区镇街道」：填报表和催报发给各成员单位")
        self.members_button.clicked.connect(self.save_members)
        form = QFormLayout()
        line = QHBoxLayout()
        for w, k in ((self.name, 3), (QLabel("类别："), 0), (self.kind, 1)):
            line.addWidget(w, k)
        form.addRow("名称：", line)
        line = QHBoxLayout()
        for w, k in ((self.contact, 1), (QLabel("电话："), 0), (self.phone, 1), (self.save_button, 0)):
            line.addWidget(w, k)
        form.addRow("联系人：", line)
        line = QHBoxLayout()
        for w, k in ((self.aliases, 2), (self.alias, 1), (self.alias_button, 0)):
            line.addWidget(w, k)
        form.addRow("别名：", line)
        line = QHBoxLayout()
        for w, k in ((self.members, 1), (self.members_button, 0)):
            line.addWidget(w, k)
        form.addRow("成员单位：", line)
        line = QHBoxLayout()
        for w, k in ((QLabel("把本单位并入"), 0), (self.merge_into, 1), (self.merge_button, 0)):
            line.addWidget(w, k)
        form.addRow("合并：", line)
        box = QGroupBox("单位信息")
        box.setLayout(form)
        return box

    def _done(self, name: str | None, kinds=("units",)) -> None:
        self.window.refresh(set(kinds))
        self.refresh()
        if name:
            self.select_unit(name)

    def add_unit(self) -> bool:
        out = attempt(self, self.window.tracker.units.add, self.new_name.text(), title="无法添加单位")
        if out is None:
            return False
        self.new_name.clear()
        self._done(out["name"])
        return True

    def save_unit(self) -> bool:
        row = self.current_row()
        if row is None:
            return False
        tr, name = self.window.tracker, row["name"]
        new = self.name.text().strip()
        if new != name:
            if attempt(self, tr.units.rename, name, new, title="无法改名") is None:
                return False
            name = new
        if attempt(self, tr.units.set, name, kind=self.kind.currentText(), contact=self.contact.text(),
                      phone=self.phone.text(), title="无法保存单位信息") is None:
            self._done(name)
            return False
        self._done(name, ("units", "tasks"))
        return True

    def add_alias(self) -> bool:
        row = self.current_row()
        if row is None or attempt(self, self.window.tracker.units.add_alias, row["name"], self.alias.text(),
                                     title="无法添加别名") is None:
            return False
        self.alias.clear()
        self._done(row["name"])
        return True

    def save_members(self) -> bool:
        row = self.current_row()
        if row is None:
            return False
        names = self.window.tracker.ledger.read_unit_list(self.members.text())
        if attempt(self, self.window.tracker.units.set_members, row["name"], names, title="无法保存成员") is None:
            return False
        self._done(row["name"])
        return True

    def merge(self) -> bool:
        row = self.current_row()
        into = self.merge_into.currentText()
        if row is None or not into:
            return False
        answer = QMessageBox.question(
            self, "合并单位", f"把「{row['name']}」并入「{into}」？\n其牵头 {row['led']} 项、协办 {row['assisting']} 项"
            f"任务和全部进展都转到「{into}」，「{row['name']}」成为「{into}」的别名。",
            QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        if answer != QMessageBox.Yes:
            return False
        if attempt(self, self.window.tracker.units.merge, row["name"], into, title="无法合并") is None:
            return False
        self._done(into, ("units", "tasks", "progress"))
        return True

    def move(self, step: int) -> None:
        """Move the chosen unit up or down the list (saved by 保存为正式顺序)."""
        r = self.units.currentRow()
        k = r + step
        if r < 0 or not 0 <= k < len(self.rows):
            return
        self.rows[r], self.rows[k] = self.rows[k], self.rows[r]
        self.units.blockSignals(True)
        self._fill(self.rows)
        self.units.blockSignals(False)
        self.units.selectRow(k)

    def save_order(self) -> bool:
        names = [u["name"] for u in self.rows]
        if attempt(self, self.window.tracker.units.set_order, names, title="无法保存顺序") is None:
            return False
        self._done(self.current_unit(), ("units", "reports"))
        self.window.statusBar().showMessage("单位顺序已保存，报告按此顺序列出单位。", 5000)
        return True
