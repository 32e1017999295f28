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


def editor_suggestions(tracker, text: str, lead_edit, assist_edit, task_id: int | None = None
                       ) -> SuggestionPanel:
    """A panel for the task editor: suggestions for ``text``; a click fills the lead field
    (and the assisting field when it is empty)."""
    panel = SuggestionPanel()

    def take(lead: str, assist: list[str]) -> None:
        lead_edit.setText(lead)
        if not assist_edit.text().strip() and assist:
            assist_edit.setText("、".join(assist))

    panel.taken.connect(take)
    try:
        panel.show_suggestion(tracker.assist.suggest_units(
            text, k=3, exclude=(task_id,) if task_id is not None else ()))
    except Exception as e:          # no history yet, or an empty text: say why
        panel.show_suggestion(None, str(e))
    return panel


def fill_empty_units(wizard, lead_col: int = 3, assist_col: int = 4) -> None:
    """Import preview: put the first suggested lead (and assisting units) into every row whose
    牵头单位 is empty; the cells stay editable and their tooltips say why."""
    from .background import run_job
    table = wizard.table
    rows = [r for r in range(table.rowCount()) if not table.item(r, lead_col).text().strip()]
    if not rows:
        wizard.summary.setText(wizard.summary.text() + "\n所有行都已有牵头单位。")
        return
    texts = [table.item(r, 2).text() for r in rows]

    def done(suggestions) -> None:
        filled = 0
        for r, sug in zip(rows, suggestions):
            if sug is None or not sug.lead:
                continue
            table.item(r, lead_col).setText(sug.lead[0].name)
            table.item(r, lead_col).setToolTip(suggestion_tooltip(sug))
            if not table.item(r, assist_col).text().strip() and sug.assist:
                table.item(r, assist_col).setText("、".join(u.name for u in sug.assist[:2]))
            filled += 1
        wizard.summary.setText(wizard.summary.text() + f"\n已为 {filled} 项填入推荐的牵头单位"
                               f"（{len(rows) - filled} 项无可靠推荐），请核对后导入。")
        wizard.suggestions_filled = filled

    run_job(wizard.db_path, lambda tr, progress: tr.assist.suggest_many(texts, k=3), done,
            lambda message: wizard.summary.setText("未能推荐：" + message.splitlines()[0]))
