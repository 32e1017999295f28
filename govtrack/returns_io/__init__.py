"""Fill-in workbooks (进展填报表) on disk: the layout, writing, safe reading, cell checks.

Kept apart from :mod:`govtrack.returns` (the Tracker side) so that openpyxl and
zip handling stay out of Tracker methods: ``layout`` fixes the columns and the
signed identity sheet, ``writer`` builds a workbook from plain data, ``reader``
turns any returned file into plain data plus file-level problems (never
raising on a malformed file), ``cells`` checks single values (percent, text).
"""

from .cells import TEXT_LIMIT, parse_percent, parse_text
from .layout import (COLUMNS, FormRow, FormSpec, content_hash, form_file_name, sign_payload)
from .reader import RawForm, RawRow, read_form
from .writer import write_form

__all__ = ["COLUMNS", "FormRow", "FormSpec", "RawForm", "RawRow", "TEXT_LIMIT", "content_hash",
           "form_file_name", "parse_percent", "parse_text", "read_form", "sign_payload", "write_form"]
