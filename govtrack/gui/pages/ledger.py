"""任务台账: a filter bar (plan/year, unit, status, section, text) over a sortable table of tasks.

The plan filter chooses which plans are read (the core's scope: by default the active plans
of the day's year); the other filters narrow the rows shown."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, Signal
from PySide6.QtWidgets import QToolTip, QComboBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from ...app.entry_grid import period_reports
from ...errors import GovtrackError
from ..background import run_job
from ..models import ROW_ROLE, STATUS_NAMES, TaskFilterProxy, TaskTableModel
from ..widgets import make_task_view


class LedgerPage(QWidget):
    """The ledger: filter bar over a sortable table of every task."""

    SHOWS = frozenset({"tasks", "progress", "units", "settings"})   # kinds of rows on the page
    loaded = Signal()

    def __init__(self, window):
        super().__init__()
        self.window = window
        self._pending = None
        self._plan_ids: list[int] = []
        self.model = TaskTableModel(self)
        self.proxy = TaskFilterProxy(self)
        self.table = make_task_view(self.model, self.proxy)
        # activated = Enter or double-click (connecting doubleClicked too would open two editors)
        self.table.activated.connect(self._open_index)
        self.table.viewport().installEventFilter(self)     # 最新进度 tooltip: every unit's report
        self.search = QLineEdit()
        self.search.setPlaceholderText("搜索序号、任务内容、单位、章节（Ctrl+F）")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda t: self.apply_filters())
        self.unit = QComboBox()
        self.unit.setEditable(True)
        self.unit.setInsertPolicy(QComboBox.NoInsert)
        self.unit.setMinimumContentsLength(12)
        self.unit.currentIndexChanged.connect(lambda _: self.apply_filters())
        self.status = QComboBox()
        self.status.addItem("全部状态", "")
        for s in STATUS_NAMES:
            self.status.addItem(s, s)
        self.status.currentIndexChanged.connect(lambda _: self.apply_filters())
        self.section = QComboBox()
        self.section.setMinimumContentsLength(14)
        self.section.currentIndexChanged.connect(lambda _: self.apply_filters())
        self.plan = QComboBox()
        self.plan.setObjectName("ledger_plan")
        self.plan.setMinimumContentsLength(10)
        self.plan.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.plan.setToolTip("看哪些计划的任务：默认为当年未归档的计划")
        self.plan.currentIndexChanged.connect(lambda _: self.refresh())
        self.count = QLabel()
        plan_row = QHBoxLayout()
        plan_row.addWidget(QLabel("计划："))
        plan_row.addWidget(self.plan, 1)
        plan_row.addStretch(1)
        bar = QHBoxLayout()
        bar.addWidget(self.search, 3)
        bar.addWidget(QLabel("单位："))
        bar.addWidget(self.unit, 2)
        bar.addWidget(QLabel("状态："))
        bar.addWidget(self.status)
        bar.addWidget(QLabel("章节："))
        bar.addWidget(self.section, 2)
        lay = QVBoxLayout(self)
        lay.addLayout(plan_row)
        lay.addLayout(bar)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.count)

    # Up to this many tasks the ledger is read on the spot; above it a worker reads and
    # evaluates them (about a second for 10,000) while the old rows stay on screen.
    ASYNC_ABOVE = 3000

    def _fill_plans(self, plans: list[dict]) -> None:
        """The plan filter's choices; item data is 'default', 'year:2024', 'plan:3' or 'all'."""
        keep = self.plan.currentData()
        self.plan.blockSignals(True)
        self.plan.clear()
        self.plan.addItem("当年在用的计划", "default")
        for y in sorted({p["year"] for p in plans if p["year"]}, reverse=True):
            self.plan.addItem(f"{y}年在用的计划", f"year:{y}")
        for p in plans:
            self.plan.addItem(f"#{p['id']} {p['year']}年 {p['title']}" + ("（已归档）" if p.get("archived") else ""),
                              f"plan:{p['id']}")
        self.plan.addItem("全部计划（含已归档）", "all")
        self._plan_ids = [p["id"] for p in plans]
        self.plan.setCurrentIndex(max(0, self.plan.findData(keep or "default")))
        self.plan.blockSignals(False)

    def set_plan_scope(self, kind: str, value=None) -> None:
        """Choose the plan filter: ('default'), ('year', 2024), ('plan', id) or ('all')."""
        key = kind if value is None else f"{kind}:{value}"
        k = self.plan.findData(key)
        if k < 0:
            raise ValueError(f"没有这一计划范围：{key}")
        self.plan.setCurrentIndex(k)

    def scope_kwargs(self) -> dict:
        """The core's scope arguments for the chosen filter."""
        kind, _, value = (self.plan.currentData() or "default").partition(":")
        if kind == "year":
            return {"year": int(value)}
        if kind == "plan":
            return {"plan": int(value)}
        if kind == "all":
            return {"plan_ids": list(self._plan_ids)}
        return {}

    def refresh(self) -> None:
        tr, today = self.window.tracker, self.window.today
        units = [u["name"] for u in tr.units.list() if u["led"] or u["assisting"]]
        plans = tr.plans.plans()
        self._fill_plans(plans)
        scope = self.scope_kwargs()
        if sum(p["tasks"] for p in plans) <= self.ASYNC_ABOVE:
            self._show(tr.status.task_states(today, **scope), units)
            return
        self.count.setText("正在读取任务……")
        self._pending = object()
        token = self._pending
        run_job(self.window.db_path, lambda tracker, progress: tracker.status.task_states(today, **scope),
                lambda rows: self._show(rows, units) if token is self._pending else None,
                lambda message: self.count.setText("读取失败：" + message.splitlines()[0]))

    def _show(self, rows: list[dict], units: list[str]) -> None:
        keep_unit, keep_section = self.unit.currentData(), self.section.currentData()
        self.unit.blockSignals(True)
        self.section.blockSignals(True)
        self.unit.clear()
        self.unit.addItem("全部单位", "")
        for name in units:
            self.unit.addItem(name, name)
        self.section.clear()
        self.section.addItem("全部章节", "")
        seen = {}
        for r in rows:
            top = (r.get("section") or "").split(" / ")[0]
            if top:
                seen.setdefault(top, None)
        for sec in seen:
            self.section.addItem(sec if len(sec) <= 24 else sec[:24] + "…", sec)
        self.unit.setCurrentIndex(max(0, self.unit.findData(keep_unit or "")))
        self.section.setCurrentIndex(max(0, self.section.findData(keep_section or "")))
        self.unit.blockSignals(False)
        self.section.blockSignals(False)
        self.model.set_rows(rows)
        self.apply_filters()
        self.loaded.emit()

    def set_unit(self, unit: str) -> None:
        self.unit.setCurrentIndex(max(0, self.unit.findData(unit)))

    def apply_filters(self) -> None:
        unit = self.unit.currentData()
        if unit is None:  # typed text not in the list: match the typed name
            unit = self.unit.currentText().strip()
        self.proxy.set_filters(text=self.search.text(), unit=unit or "",
                               status=self.status.currentData() or "",
                               section=self.section.currentData() or "")
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count.setText(f"显示 {shown} / {total} 项任务。双击或回车打开任务；点列标题排序。")

    def visible_rows(self) -> list[dict]:
        return [self.proxy.index(r, 0).data(ROW_ROLE) for r in range(self.proxy.rowCount())]

    def selected_task_id(self) -> int | None:
        idx = self.table.currentIndex()
        if not idx.isValid():
            return None
        return idx.data(ROW_ROLE)["id"]

    def latest_tooltip(self, task_id: int) -> str:
        """Every unit's report of the task's latest period, the lead's first (asked on hover)."""
        try:
            got = period_reports(self.window.tracker, task_id)
        except GovtrackError as e:
            return str(e)
        if not got["period"]:
            return "尚无进展报送。"
        lines = [f"{got['period']} 报送："]
        for r in got["reports"]:
            pct = "" if r["percent"] is None else f"{float(r['percent']):g}% "
            lines.append(f"{r['unit']}（{r['role']}）：{pct}{r['text']}")
        return "\n".join(lines)

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.ToolTip and obj is self.table.viewport():
            index = self.table.indexAt(event.pos())
            if index.isValid() and index.column() == TaskTableModel.COL_LATEST:
                row = index.data(ROW_ROLE)
                if row:
                    QToolTip.showText(event.globalPos(), self.latest_tooltip(row["id"]), self.table)
                    return True
        return super().eventFilter(obj, event)

    def _open_index(self, index: QModelIndex) -> None:
        row = index.data(ROW_ROLE)
        if row:
            self.window.edit_task(row["id"])
