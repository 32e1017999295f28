"""The window's dialogs, one module each. They call Tracker methods and show the Chinese
messages of the core's errors; the checks themselves live in the core."""

from .backups import BackupsDialog
from .export_forms import ExportFormsDialog
from .first_start import FirstStartDialog
from .import_wizard import ImportWizard
from .new_task import NewTaskDialog
from .progress_entry import ProgressEntryDialog
from .returns_wizard import ReturnsWizard
from .task_editor import TaskEditorDialog

__all__ = ["BackupsDialog", "ExportFormsDialog", "FirstStartDialog", "ImportWizard", "NewTaskDialog",
           "ProgressEntryDialog", "ReturnsWizard", "TaskEditorDialog"]
