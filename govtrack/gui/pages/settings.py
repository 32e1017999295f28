"""设置: the database in use, its plans and the rule settings."""

from __future__ import annotations

from dataclasses import asdict


from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ..widgets import fill_table, readonly_table


class SettingsPage(QWidget):
    """The database in use, its plans, and the rule settings (read from the core)."""

    SHOWS = frozenset({"tasks", "settings"})   # plans with their task counts, the rule settings

    def __init__(self, window):
        super().__init__()
        self.window = window
        self.db_label = QLabel()
        self.db_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.db_label.setWordWrap(True)
        self.plans = readonly_table(["编号", "年度", "任务来源", "任务数", "导入时间"])
        self.rules = readonly_table(["设置", "当前值"])
        self.today_edit = QDateEdit()
        self.today_edit.setCalendarPopup(True)
        self.today_edit.setDisplayFormat("yyyy-MM-dd")
        self.today_edit.setToolTip("按哪一天计算序时进度和状态（默认今天；查看往期时可改）")
        apply_today = QPushButton("按此日期查看")
        apply_today.clicked.connect(lambda: self.window.set_today(self.today_edit.date().toPython()))
        row = QHBoxLayout()
        row.addWidget(QLabel("查看日期："))
        row.addWidget(self.today_edit)
        row.addWidget(apply_today)
        row.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("<b>数据库</b>"))
        lay.addWidget(self.db_label)
        lay.addLayout(row)
        lay.addWidget(QLabel("<b>任务来源</b>"))
        lay.addWidget(self.plans, 1)
        lay.addWidget(QLabel("<b>规则设置</b>（命令行 govtrack rules set 可修改）"))
        lay.addWidget(self.rules, 2)

    RULE_NAMES = {"tolerance": "达进度容差（百分点）", "red_gap": "红灯差距（百分点）",
                  "near_days": "临近期限（天）", "default_start": "默认起算日", "default_end": "默认完成日",
                  "report_lead_days": "报送提前提醒（天）", "task_lead_days": "任务到期提醒（天）",
                  "move_to_workday": "遇节假日提前到工作日", "report_rule": "报送周期规则"}

    @staticmethod
    def _show_value(key: str, v) -> str:
        if isinstance(v, bool):
            return "是" if v else "否"
        if key in ("default_start", "default_end") and isinstance(v, (list, tuple)) and len(v) == 2:
            return f"{v[0]}月{v[1]}日"
        if isinstance(v, (list, tuple)):
            return "、".join(map(str, v))
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        return {"monthly": "每月（25日）", "quarterly": "每季度（首月20日）"}.get(v, str(v))

    def refresh(self) -> None:
        tr = self.window.tracker
        self.db_label.setText(f"{self.window.db_path}")
        self.today_edit.setDate(self.window.today)
        fill_table(self.plans, [[p["id"], p["year"], p["title"], p["tasks"], (p["created_at"] or "").replace("T", " ")]
                           for p in tr.plans()])
        self.plans.setColumnWidth(2, 560)
        fill_table(self.rules, [[self.RULE_NAMES.get(k, k), self._show_value(k, v)]
                                for k, v in asdict(tr.rule_settings()).items()])
        self.rules.setColumnWidth(0, 220)
