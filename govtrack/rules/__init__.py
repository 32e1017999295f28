"""The office's rules as pure functions: deadline phrases, 序时进度 and status, reminders.

No database, no Qt, no clock: every function takes the data and ``today`` it
needs, so the GUI, the CLI, the printed 通报 and the tests all get the same
answer. The readings and thresholds are documented, with worked examples, in
the docstrings of :mod:`.deadlines`, :mod:`.schedule` and :mod:`.reminders`.
"""

from .deadlines import DeadlineParse, is_before_year, parse_deadline
from .reminders import (
    Ack, DueDates, Reminder, ReminderList, ReportingRound, TaskDue, current_round, due_reminders,
    holiday_data_available, holiday_data_warning, is_workday, previous_workday, reporting_due_dates,
)
from .schedule import (
    Evaluation, Light, Milestone, NoticeColour, RuleSettings, Status, TaskTiming, days_left, evaluate,
    expected_percent, is_overdue, light, notice_colour, task_status,
)

__all__ = [
    "DeadlineParse", "parse_deadline", "is_before_year",
    "Milestone", "Status", "Light", "NoticeColour", "RuleSettings", "TaskTiming", "Evaluation",
    "expected_percent", "task_status", "light", "notice_colour", "evaluate", "is_overdue", "days_left",
    "Ack", "DueDates", "Reminder", "ReminderList", "ReportingRound", "TaskDue", "current_round",
    "due_reminders", "holiday_data_available", "holiday_data_warning", "is_workday",
    "previous_workday", "reporting_due_dates",
]
