"""One small exception family, caught at the CLI and GUI edges and shown in Chinese.

Every message says what is wrong and where (file, line, field) in Chinese, so the
edge can show ``str(error)`` as it is.
"""


class GovtrackError(Exception):
    """Base of every error the user should see as a message, not a traceback."""


class InputError(GovtrackError, ValueError):
    """Bad input from a file or a command: names the file, line or field."""

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None,
                 field: str | None = None):
        where = []
        if file:
            where.append(f"文件「{file}」")
        if line:
            where.append(f"第 {line} 行")
        if field:
            where.append(f"字段「{field}」")
        self.file, self.line, self.field = file, line, field
        self.plain = message
        super().__init__(("，".join(where) + "：" if where else "") + message)


class NotFoundError(GovtrackError, LookupError):
    """A task, unit or plan that the user named does not exist."""


class DuplicateError(GovtrackError):
    """Something is already there (the same plan, the same return)."""


class StorageError(GovtrackError):
    """The database file cannot be opened, migrated or written."""


class FontError(GovtrackError):
    """No usable Chinese font for a printed report."""


# ---------------------------------------------------------------- named storage errors
# Each says what happened and that nothing was changed, so a user knows the ledger is
# as it was before the action (every write runs in one transaction).

NOTHING_CHANGED = "本次操作未作任何改动。"


class LockedError(StorageError):
    """Another window or program holds the write lock longer than the busy timeout."""


class DiskFullError(StorageError):
    """The disk (or the user's quota) is full."""


class ReadOnlyError(StorageError):
    """The database file or its folder cannot be written."""


class FileBusyError(StorageError):
    """Another program (Excel, a virus scanner, a sync client) holds the file open."""


class DamagedError(StorageError):
    """The database fails SQLite's quick_check or cannot be read as a database."""

    def __init__(self, message: str, *, backup: str | None = None):
        self.backup = backup
        super().__init__(message)


class ForeignDatabaseError(StorageError):
    """A SQLite file that belongs to another program; it is left as it is."""


class NewerSchemaError(StorageError):
    """A database written by a newer GovTrack: using it could lose what the newer one stored."""


class ConflictError(GovtrackError):
    """Someone else (another window, a colleague on the shared file) changed the row first."""

    def __init__(self, message: str, *, fields: list[str] | None = None):
        self.fields = fields or []
        super().__init__(message)
