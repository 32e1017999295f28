"""计划: the plans in the database; rename, year and 文号, archive, delete, year-end carry-over.

Every change is one call on ``tr.plans`` (the core checks and audits it); the page only
shows the list, asks before deleting and shows the carry-over preview before applying it.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QMessageBox,
    QPushButton, QSpinBox, QVBoxLayout, QWidget,
)

from ..widgets import fill_table, guarded, readonly_table


class PlansPage(QWidget):
    """The plans with their years, 文号, task counts and state; editing one at a time."""

    SHOWS = frozenset({"tasks"})       # plans and their task counts

    def __init__(self, window):
        super().__init__()
        self.window = window
        self.plans: list[dict] = []
        self.carry = None               # the last carry-over preview (a core CarryOver)
        self.table = readonly_table(["编号", "年度", "计划名称", "文号", "任务数", "未完成", "状态", "结转自"])
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.itemSelectionChanged.connect(self._show_plan)

        self.title = QLineEdit()
        self.year = QSpinBox()
        self.year.setRange(1990, 2100)
        self.doc_no = QLineEdit()
        self.doc_no.setPlaceholderText("如：潜政办发〔2023〕5号")
        self.save_button = QPushButton("保存名称、年度和文号")
        self.save_button.clicked.connect(self.save)
        self.archive_button = QPushButton("归档")
        self.archive_button.setToolTip("归档后只读：不再提醒，不进入填报表和报告（除非指定）")
        self.archive_button.clicked.connect(self.toggle_archive)
        self.delete_button = QPushButton("删除计划…")
        self.delete_button.setToolTip("删除计划及其全部任务；删除前自动备份数据库")
        self.delete_button.clicked.connect(self.delete)
        form = QFormLayout()
        form.addRow("计划名称：", self.title)
        form.addRow("年度：", self.year)
        form.addRow("文号：", self.doc_no)
        buttons = QHBoxLayout()
        for b in (self.save_button, self.archive_button, self.delete_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        form.addRow(buttons)
        edit_box = QGroupBox("所选计划")
        edit_box.setLayout(form)

        self.carry_year = QSpinBox()
        self.carry_year.setRange(1990, 2100)
        self.preview_button = QPushButton("预览结转")
        self.preview_button.clicked.connect(self.preview_carry_over)
        self.apply_button = QPushButton("执行结转")
        self.apply_button.setEnabled(False)
        self.apply_button.clicked.connect(self.apply_carry_over)
        self.carry_info = QLabel("年终把所选计划未完成的任务结转为下一年度的新计划（每项链接原任务）。")
        self.carry_info.setWordWrap(True)
        self.preview = readonly_table(["序号", "状态", "完成%", "工作任务"])
        crow = QHBoxLayout()
        crow.addWidget(QLabel("结转到年度："))
        crow.addWidget(self.carry_year)
        crow.addWidget(self.preview_button)
        crow.addWidget(self.apply_button)
        crow.addStretch(1)
        carry_box = QGroupBox("年终结转")
        cl = QVBoxLayout(carry_box)
        cl.addWidget(self.carry_info)
        cl.addLayout(crow)
        cl.addWidget(self.preview, 1)

        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("<b>计划</b>（每份任务分解一项；报告、填报表、提醒默认只含当年未归档的计划）"))
        lay.addWidget(self.table, 2)
        lay.addWidget(edit_box)
        lay.addWidget(carry_box, 2)

    # ------------------------------------------------------------ showing
    def refresh(self) -> None:
        keep = self.current_plan()
        self.plans = self.window.tracker.plans.plans()
        by_id = {p["id"]: p for p in self.plans}
        fill_table(self.table, [[p["id"], p["year"], p["title"], p.get("doc_no") or "", p["tasks"],
                                 p.get("open_tasks", ""), "已归档" if p["archived"] else "在用",
                                 by_id[p["origin_plan_id"]]["title"] if p.get("origin_plan_id") in by_id else ""]
                                for p in self.plans])
        self.table.setColumnWidth(2, 420)
        row = next((r for r, p in enumerate(self.plans) if keep and p["id"] == keep["id"]), 0)
        if self.plans:
            self.table.selectRow(row)
        self._show_plan()

    def current_plan(self) -> dict | None:
        r = self.table.currentRow()
        if r < 0 or r >= len(self.plans) or not self.table.selectedItems():
            return None
        return self.plans[r]

    def select_plan(self, plan_id: int) -> None:
        for r, p in enumerate(self.plans):
            if p["id"] == plan_id:
                self.table.selectRow(r)
                return

    def _show_plan(self) -> None:
        p = self.current_plan()
        for w in (self.save_button, self.archive_button, self.delete_button, self.preview_button):
            w.setEnabled(p is not None)
        self.carry = None
        self.apply_button.setEnabled(False)
        self.preview.setRowCount(0)
        if p is None:
            return
        self.title.setText(p["title"])
        self.year.setValue(p["year"] or 2000)
        self.doc_no.setText(p.get("doc_no") or "")
        self.archive_button.setText("取消归档" if p["archived"] else "归档")
        self.carry_year.setValue((p["year"] or 2000) + 1)

    # ------------------------------------------------------------ changing
    def _changed(self, plan_id: int | None = None, kinds=("tasks",)) -> None:
        self.window.refresh(set(kinds))
        self.refresh()
        if plan_id is not None:
            self.select_plan(plan_id)

    @guarded("无法保存计划")
    def save(self) -> bool:
        p = self.current_plan()
        if p is None:
            return False
        tr = self.window.tracker
        if self.title.text().strip() != p["title"]:
            tr.plans.rename(p["id"], self.title.text())
        tr.plans.set_fields(p["id"], year=self.year.value(), doc_no=self.doc_no.text())
        self._changed(p["id"])
        self.window.statusBar().showMessage(f"计划「{self.title.text().strip()}」已保存。", 5000)
        return True

    @guarded("无法归档")
    def toggle_archive(self) -> bool:
        p = self.current_plan()
        if p is None:
            return False
        self.window.tracker.plans.archive(p["id"], archived=not p["archived"])
        self._changed(p["id"])
        return True

    @guarded("无法删除计划")
    def delete(self) -> bool:
        p = self.current_plan()
        if p is None:
            return False
        answer = QMessageBox.question(
            self, "删除计划",
            f"确定删除计划「{p['title']}」（{p['year']}年）及其 {p['tasks']} 项任务、全部进展吗？\n"
            "删除前会自动备份数据库。", QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        if answer != QMessageBox.Yes:
            return False
        out = self.window.tracker.plans.delete(p["id"])
        self._changed(kinds=("tasks", "progress", "reminders"))
        self.window.statusBar().showMessage(
            f"已删除计划「{p['title']}」（{out['tasks_deleted']} 项任务）。备份：{out['backup'] or '无'}", 10000)
        return True

    @guarded("无法结转")
    def preview_carry_over(self) -> bool:
        p = self.current_plan()
        if p is None:
            return False
        carry = self.window.tracker.plans.carry_over(p["id"], self.carry_year.value(), dry_run=True)
        self.carry = carry
        fill_table(self.preview, [[t["seq"], t["status"], "" if t["percent"] is None else f"{t['percent']:g}",
                                   t["content"]] for t in carry.tasks])
        self.carry_info.setText(f"将新建计划「{carry.title}」（{carry.year}年），结转 {len(carry.tasks)} 项"
                                f"未完成任务（按 {p['year']} 年 12 月 31 日计）。确认无误后点「执行结转」。")
        self.apply_button.setEnabled(bool(carry.tasks))
        return True

    @guarded("无法结转")
    def apply_carry_over(self) -> bool:
        if self.carry is None:
            return False
        done = self.window.tracker.plans.carry_over(self.carry.plan["id"], self.carry.year)
        self._changed(done.plan_id)
        self.carry_info.setText(f"已结转 {len(done.tasks)} 项任务到新计划「{done.title}」。")
        return True
