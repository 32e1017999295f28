"""Table models for the ledger: rows are pushed in with ``set_rows()``; no database handle here.

Display strings and a lower-cased search text are computed once per row when
the rows arrive, so painting and filtering 10,000 tasks stay cheap.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor

LIGHT_COLOURS = {"green": QColor("#c8e6c9"), "yellow": QColor("#fff3b0"), "red": QColor("#ffcdd2")}
STATUS_RANK = {s: k for k, s in enumerate(["逾期", "欠进度", "未报送", "达进度", "超进度", "已完成"])}
LIGHT_TEXT = {"green": "绿灯", "yellow": "黄灯", "red": "红灯"}
STATUS_COLOURS = {"已完成": "#c8e6c9", "超进度": "#dcedc8", "达进度": "#e8f5e9", "欠进度": "#fff3b0",
                  "逾期": "#ffcdd2", "未报送": "#eeeeee"}
STATUS_NAMES = ["已完成", "超进度", "达进度", "欠进度", "逾期", "未报送"]
NOTICE_COLOURS = {"blue": QColor("#bbdefb"), "yellow": QColor("#fff3b0"), "red": QColor("#ffcdd2")}

ROW_ROLE = int(Qt.UserRole) + 1
# data() is called for every visible cell on every paint: compare plain ints, not enum members
_DISPLAY, _TOOLTIP, _BACKGROUND, _ALIGN = (int(Qt.DisplayRole), int(Qt.ToolTipRole),
                                           int(Qt.BackgroundRole), int(Qt.TextAlignmentRole))
_CENTER = int(Qt.AlignCenter)


def _text(v: Any) -> str:
    return "" if v is None else str(v)


def _clip(s: str, n: int) -> str:
    """Cells show one line: a shorter string is far cheaper to lay out and elide on every paint
    (the tooltip and the editor show the whole text)."""
    return s if len(s) <= n else s[:n] + "…"


def _group_note(r: dict) -> str:
    """「（部分报送 2/3）」 beside a group task's status while not every member is in."""
    g = r.get("group_reporting")
    if not g or g.get("reported") == g.get("units"):
        return ""
    return f"（{g.get('state')} {g.get('reported')}/{g.get('units')}）"


def latest_text(row: dict) -> str:
    """「60%（2023-09）进展情况…」 from whatever the core gave for the latest report."""
    pct = row.get("percent")
    latest = row.get("latest")
    period = text = ""
    if isinstance(latest, dict):
        period = latest.get("period") or ""
        text = latest.get("progress_text") or latest.get("text") or ""
        if pct is None:
            pct = latest.get("percent")
    if pct is None:
        return ""
    head = f"{float(pct):g}%"
    if period:
        head += f"（{period}）"
    return head + (" " + text.replace("\n", " ") if text else "")


class TaskTableModel(QAbstractTableModel):
    """The ledger: 序号, 工作任务, 牵头单位, 协办单位, 完成时限, 最新进度, 状态."""

    COLUMNS = [("seq", "序号"), ("content", "工作任务"), ("lead", "牵头单位"), ("assist", "协办单位"),
               ("deadline", "完成时限"), ("latest", "最新进度"), ("status", "状态")]
    COL_SEQ, COL_CONTENT, COL_LEAD, COL_ASSIST, COL_DEADLINE, COL_LATEST, COL_STATUS = range(7)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[dict] = []
        self._brushes: dict = {}
        self._sort_column, self._sort_order = -1, Qt.AscendingOrder
        self.version = 0          # bumped whenever row positions change (the proxy's cue)
        self._display: list[tuple[str, ...]] = []
        self._sort: list[tuple] = []
        self.haystack: list[str] = []
        self.units_of: list[frozenset[str]] = []
        self.status_of: list[str] = []
        self.section_of: list[str] = []
        self.light_of: list[str] = []

    # -- feeding
    def set_rows(self, rows: list[dict]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        disp, sort, hay, units, status, section, light = [], [], [], [], [], [], []
        for r in self._rows:
            lead, assist = r.get("lead") or [], r.get("assist") or []
            deadline = r.get("deadline_text") or ""
            if r.get("deadline") and r.get("deadline") not in deadline:
                deadline = f"{deadline}（{r['deadline']}）" if deadline else r["deadline"]
            st = _text(r.get("status"))
            lt = _text(r.get("light"))
            row_disp = (r.get("seq") or "", _clip((r.get("content") or "").replace("\n", " "), 90),
                        _clip("、".join(lead), 40), _clip("、".join(assist), 40), deadline,
                        _clip(latest_text(r), 50),
                        st + (f"·{LIGHT_TEXT[lt]}" if lt in LIGHT_TEXT else "") + _group_note(r))
            disp.append(row_disp)
            pct = r.get("percent")
            sort.append(((r.get("plan_id") or 0, r.get("ord") or 0), r.get("deadline") or "9999",
                         -1.0 if pct is None else float(pct)))
            hay.append("\u0001".join((row_disp[0], r.get("content") or "", "、".join(lead),
                                      "、".join(assist), r.get("section") or "", r.get("lead_official") or "",
                                      r.get("note") or "")).lower())
            units.append(frozenset(lead) | frozenset(assist))
            status.append(st)
            section.append(r.get("section") or "")
            light.append(lt)
        self._brushes = {k: QBrush(v) for k, v in LIGHT_COLOURS.items()}
        self._display, self._sort, self.haystack = disp, sort, hay
        self.units_of, self.status_of, self.section_of, self.light_of = units, status, section, light
        if self._sort_column >= 0:
            self._reorder(self._sort_column, self._sort_order)
        self.version += 1
        self.endResetModel()

    def rows(self) -> list[dict]:
        return list(self._rows)

    # -- Qt
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if role == Qt.DisplayRole and orientation == Qt.Horizontal:
            return self.COLUMNS[section][1]
        return None

    def data(self, index, role=_DISPLAY):
        if not index.isValid():
            return None
        r, c = index.row(), index.column()
        role = int(role)
        if role == _DISPLAY:
            return self._display[r][c]
        if role == _BACKGROUND:
            if c == self.COL_STATUS:
                return self._brushes.get(self.light_of[r])
            return None
        if role == _ALIGN:
            return _CENTER if c in (self.COL_SEQ, self.COL_STATUS) else None
        if role == _TOOLTIP and c in (self.COL_CONTENT, self.COL_LATEST, self.COL_ASSIST):
            row = self._rows[r]
            if c == self.COL_CONTENT:
                sec = row.get("section") or ""
                return (f"{sec}\n\n" if sec else "") + (row.get("content") or "")
            return self._display[r][c] or None
        if role == ROW_ROLE:
            return self._rows[r]
        return None

    # -- sorting happens here, once, with Python keys; the proxy only filters
    def sort_key(self, column: int):
        if column == self.COL_SEQ:
            return lambda i: self._sort[i][0]
        if column == self.COL_DEADLINE:
            return lambda i: self._sort[i][1]
        if column == self.COL_LATEST:
            return lambda i: self._sort[i][2]
        if column == self.COL_STATUS:
            return lambda i: (STATUS_RANK.get(self.status_of[i], 9), self._sort[i][0])
        return lambda i: (self._display[i][column], self._sort[i][0])

    def _reorder(self, column: int, order) -> list[int]:
        order_idx = sorted(range(len(self._rows)), key=self.sort_key(column),
                           reverse=(order == Qt.DescendingOrder))
        for name in ("_rows", "_display", "_sort", "haystack", "units_of", "status_of",
                     "section_of", "light_of"):
            values = getattr(self, name)
            setattr(self, name, [values[i] for i in order_idx])
        return order_idx

    def sort(self, column: int, order=Qt.AscendingOrder) -> None:
        self._sort_column, self._sort_order = column, order
        if not self._rows or column < 0:
            return
        self.layoutAboutToBeChanged.emit()
        old_persistent = self.persistentIndexList()
        order_idx = self._reorder(column, order)
        new_pos = {old: new for new, old in enumerate(order_idx)}
        self.changePersistentIndexList(
            old_persistent, [self.index(new_pos[i.row()], i.column()) for i in old_persistent])
        self.version += 1
        self.layoutChanged.emit()


class TaskFilterProxy(QSortFilterProxyModel):
    """Filter by text (any of seq, content, units, section), unit, status and section.

    The accepted rows are computed in one pass over the source's precomputed
    columns, so Qt's per-row callback is a list lookup.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self.text = ""
        self.unit = ""
        self.status = ""
        self.section = ""
        self._accept: list[bool] | None = None
        self._accept_version = -1

    def set_filters(self, *, text: str | None = None, unit: str | None = None,
                    status: str | None = None, section: str | None = None) -> None:
        if text is not None:
            self.text = text.strip().lower()
        if unit is not None:
            self.unit = unit
        if status is not None:
            self.status = status
        if section is not None:
            self.section = section
        if hasattr(self, "beginFilterChange"):       # Qt 6.9+: invalidateFilter is deprecated
            self.beginFilterChange()
            self._recompute()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._recompute()
            self.invalidateFilter()

    def _recompute(self) -> None:
        m = self.sourceModel()
        if m is None:
            return
        self._accept_version = m.version
        if not (self.text or self.unit or self.status or self.section):
            self._accept = None
            return
        words = self.text.split()
        unit, status, section = self.unit, self.status, self.section
        accept = []
        for hay, units, st, sec in zip(m.haystack, m.units_of, m.status_of, m.section_of):
            ok = ((not unit or unit in units) and (not status or st == status)
                  and (not section or sec.startswith(section))
                  and all(w in hay for w in words))
            accept.append(ok)
        self._accept = accept

    def setSourceModel(self, model) -> None:
        self._model = model                 # a Python reference: cheaper than sourceModel() per row
        super().setSourceModel(model)

    def filterAcceptsRow(self, source_row, source_parent) -> bool:
        if self._accept_version != self._model.version:   # rows moved or were replaced
            self._recompute()
        acc = self._accept
        return True if acc is None or source_row >= len(acc) else acc[source_row]

    def sort(self, column: int, order=Qt.AscendingOrder) -> None:
        """Sorting is the source model's (keys computed once); the proxy keeps its order."""
        m = self.sourceModel()
        if m is not None:
            m.sort(column, order)
