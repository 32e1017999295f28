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
