"""GovTrack core library: the task ledger, rules, reminders and reports, without Qt."""

__version__ = "0.1.0"
