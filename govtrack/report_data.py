"""Gathering report data from the database into govtrack.reports.model and rendering the PDFs (issue: reports).

Tracker methods for this area live in :class:`ReportsMixin`, mixed into
:class:`govtrack.tracker.Tracker`; they use ``self.db`` and the store modules.
"""

from __future__ import annotations


class ReportsMixin:
    """Mixed into Tracker. Placeholder: the area's methods are added here."""
