"""Table models for the ledger: rows are pushed in with ``set_rows()``; no database handle here.

Display strings and a lower-cased search text are computed once per row when
the rows arrive, so painting and filtering 10,000 tasks stay cheap.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor

LIGHT_COLOURS = {"green": QColor("#c8e6c9"), "yellow": QColor("#fff3b0"), "red": QColor("#ffcdd2")}
LIGHT_TEXT = {"green": "绿灯", "yellow": "黄灯", "red": "红灯"}
NOTICE_COLOURS = {"blue": QColor("#bbdefb"), "yellow": QColor("#fff3b0"), "red": QColor("#ffcdd2")}

ROW_ROLE = Qt.UserRole + 1
SORT_ROLE = Qt.UserRole + 2


def _text(v: Any) -> str:
    if v is None:
        return ""
    if hasattr(v, "value") and isinstance(getattr(v, "value"), str):
        return v.value
    return str(v)


def _natural_key(s: str):
    return [(0, int(p)) if p.isdigit() else (1, p) for p in re.split(r"(\d+)", s or "") if p]


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
            row_disp = (r.get("seq") or "", (r.get("content") or "").replace("\n", " "),
                        "、".join(lead), "、".join(assist), deadline, latest_text(r),
                        st + (f"·{LIGHT_TEXT[lt]}" if lt in LIGHT_TEXT else ""))
            disp.append(row_disp)
            pct = r.get("percent")
            sort.append(((r.get("plan_id") or 0, r.get("ord") or 0), r.get("deadline") or "9999",
                         -1.0 if pct is None else float(pct)))
            hay.append("\u0001".join((row_disp[0], row_disp[1], row_disp[2], row_disp[3],
                                      r.get("section") or "", r.get("lead_official") or "",
                                      r.get("note") or "")).lower())
            units.append(frozenset(lead) | frozenset(assist))
            status.append(st)
            section.append(r.get("section") or "")
            light.append(lt)
        self._display, self._sort, self.haystack = disp, sort, hay
        self.units_of, self.status_of, self.section_of, self.light_of = units, status, section, light
        self.endResetModel()

    def row_dict(self, row: int) -> dict:
        return self._rows[row]

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

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        r, c = index.row(), index.column()
        if role == Qt.DisplayRole:
            return self._display[r][c]
        if role == Qt.ToolTipRole and c in (self.COL_CONTENT, self.COL_LATEST, self.COL_ASSIST):
            row = self._rows[r]
            if c == self.COL_CONTENT:
                sec = row.get("section") or ""
                return (f"{sec}\n\n" if sec else "") + (row.get("content") or "")
            return self._display[r][c] or None
        if role == Qt.BackgroundRole and c == self.COL_STATUS:
            colour = LIGHT_COLOURS.get(self.light_of[r])
            return QBrush(colour) if colour else None
        if role == Qt.TextAlignmentRole and c in (self.COL_SEQ, self.COL_STATUS):
            return int(Qt.AlignCenter)
        if role == ROW_ROLE:
            return self._rows[r]
        if role == SORT_ROLE:
            if c == self.COL_SEQ:
                return self._sort[r][0]
            if c == self.COL_DEADLINE:
                return self._sort[r][1]
            if c == self.COL_LATEST:
                return self._sort[r][2]
            return self._display[r][c]
        return None


class TaskFilterProxy(QSortFilterProxyModel):
    """Filter by text (any of seq, content, units, section), unit, status and section.

    The accepted rows are computed in one pass over the source's precomputed
    columns, so Qt's per-row callback is a list lookup.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.text = ""
        self.unit = ""
        self.status = ""
        self.section = ""
        self._accept: list[bool] | None = None

    def setSourceModel(self, model) -> None:
        super().setSourceModel(model)
        model.modelReset.connect(self._recompute)

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
        if m is None or not (self.text or self.unit or self.status or self.section):
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

    def filterAcceptsRow(self, source_row, source_parent) -> bool:
        acc = self._accept
        return True if acc is None or source_row >= len(acc) else acc[source_row]

    def lessThan(self, left, right) -> bool:
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        if isinstance(a, str) and isinstance(b, str):
            return _natural_key(a) < _natural_key(b)
        try:
            return a < b
        except TypeError:
            return str(a) < str(b)
