"""Fill-in workbooks for units: export, checked import of returns, return status (issue: unit returns).

Tracker methods for this area live in :class:`ReturnsMixin`, mixed into
:class:`govtrack.tracker.Tracker`; they use ``self.db`` and the store modules.
"""

from __future__ import annotations


class ReturnsMixin:
    """Mixed into Tracker. Placeholder: the area's methods are added here."""
