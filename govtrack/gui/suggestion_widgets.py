"""Unit suggestions shown where units are chosen: one click takes one.

Used by the breakdown assistant page, the task editor and the import preview. The
widgets only show a :class:`~govtrack.suggest.Suggestion` the core made
(``tracker.assist.suggest_units`` / ``suggest_many``); they decide nothing.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

CONFIDENCE_COLOUR = {"高": "#1b7a3a", "中": "#8a6d00", "低": "#b00020"}


def suggestion_tooltip(sug) -> str:
    """The reasons and the past tasks behind a suggestion, for a tooltip or a label."""
    if sug is None:
        return ""
    lines = [f"推荐把握：{sug.confidence_label}（{sug.confidence:.2f}）"]
    for u in sug.lead[:3]:
        lines.append(f"· {u.name}：{u.reason}")
    for e in sug.evidence[:3]:
        lines.append(f"依据 {e.plan} 第{e.seq}项（相似度 {e.similarity:.2f}，牵头 {'、'.join(e.lead)}）："
                     f"{e.content[:40]}…")
    if sug.note:
        lines.append(sug.note)
    return "\n".join(lines)


class SuggestionPanel(QWidget):
    """The top three lead units as buttons (click = take it), their reasons, the evidence.

    ``take(lead, assist)`` is emitted with the chosen lead unit and the suggested
    assisting units; the owner decides which field to fill.
    """

    taken = Signal(str, list)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.suggestion = None
        self.title = QLabel("推荐牵头单位：")
        self.buttons: list[QPushButton] = []
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.title)
        for k in range(3):
            b = QPushButton()
            b.setObjectName(f"take_suggestion_{k}")
            b.clicked.connect(lambda _=False, k=k: self.take(k))
            b.hide()
            self.buttons.append(b)
            row.addWidget(b)
        row.addStretch(1)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.RichText)
        self.detail.setTextInteractionFlags(Qt.TextSelectableByMouse)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(row)
        lay.addWidget(self.detail)

    def show_suggestion(self, sug, message: str = "") -> None:
        """Show ``sug`` (None: show ``message`` instead, e.g. why there is none)."""
        self.suggestion = sug
        for b in self.buttons:
            b.hide()
        if sug is None or not sug.lead:
            self.title.setText("推荐牵头单位：无")
            self.detail.setText(html.escape(message or (sug.note if sug else "")))
            return
        label = sug.confidence_label
        self.title.setText(f"推荐牵头单位（把握<span style='color:{CONFIDENCE_COLOUR[label]}'>"
                           f"{label}</span>）：")
        self.title.setTextFormat(Qt.RichText)
        for b, u in zip(self.buttons, sug.lead[:3]):
            b.setText(f"{u.name}  {u.score:.0%}")
            b.setToolTip(f"点击采用：{u.name}\n{u.reason}")
            b.show()
        parts = [f"<b>{html.escape(u.name)}</b>：{html.escape(u.reason)}" for u in sug.lead[:3]]
        if sug.assist:
            parts.append("协办可考虑：" + html.escape("、".join(u.name for u in sug.assist[:3])))
        for e in sug.evidence[:3]:
            parts.append(f"<span style='color:#555'>依据 {html.escape(e.plan)} 第{html.escape(e.seq)}项"
                         f"（相似度 {e.similarity:.2f}，牵头 {html.escape('、'.join(e.lead))}）："
                         f"{html.escape(e.content[:48])}…</span>")
        if sug.note:
            parts.append(f"<span style='color:#b00020'>{html.escape(sug.note)}</span>")
        self.detail.setText("<br>".join(parts))

    def take(self, k: int = 0) -> str | None:
        """Take the k-th lead unit (and the suggested assisting units); returns its name."""
        sug = self.suggestion
        if sug is None or k >= len(sug.lead):
            return None
        name = sug.lead[k].name
        self.taken.emit(name, [u.name for u in sug.assist[:2] if u.name != name])
        return name
