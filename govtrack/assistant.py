"""Breakdown assistant: report splitting, unit suggestions, indicators (issue: breakdown assistant).

Tracker methods for this area live in :class:`AssistMixin`, mixed into
:class:`govtrack.tracker.Tracker`; they use ``self.db`` and the store modules.
"""

from __future__ import annotations


class AssistMixin:
    """Mixed into Tracker. Placeholder: the area's methods are added here."""
