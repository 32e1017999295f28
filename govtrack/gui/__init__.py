"""The PySide6 window: shows data and calls the Tracker; no SQL and no business rule here."""
