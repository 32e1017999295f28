"""Progress records, 序时进度 status on a date, reminders and their acknowledgements (issue: rules).

Tracker methods for this area live in :class:`ProgressMixin`, mixed into
:class:`govtrack.tracker.Tracker`; they use ``self.db`` and the store modules.
"""

from __future__ import annotations


class ProgressMixin:
    """Mixed into Tracker. Placeholder: the area's methods are added here."""
