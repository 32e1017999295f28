"""Parsed TrueType faces kept between runs, so a report does not re-read its fonts' tables.

reportlab parses a face's tables (cmap, widths, glyph offsets: 27,000 glyphs for 宋体 or
AR PL UMing) every time it loads the font, about 70 ms per face and three faces per report.
The parsed tables are saved in the user's cache folder, keyed by the file's path, face,
size, modification time and the reportlab and Python versions, and reloaded in about 15 ms;
the font file itself is still read (subsetting needs its bytes). The entry also keeps the
set of characters the face can really draw (:func:`drawable`, 10 ms more per face to work
out). Entries are ``marshal`` data (plain numbers, strings and containers: loading one runs
no code). Anything wrong with an entry (missing, stale, unreadable) means parsing the file
as before.
"""

from __future__ import annotations

import hashlib
import os
import marshal
import sys
from fnmatch import fnmatch
from pathlib import Path
from weakref import WeakKeyDictionary

import reportlab
from reportlab import rl_config
from reportlab.pdfbase import ttfonts
from reportlab.pdfbase.ttfonts import TTEncoding, TTFont, TTFontFace

# Attributes not saved: the file's bytes (re-read) and the scale function (rebuilt).
_NOT_SAVED = ("_ttf_data", "_pdfScale")
_NAME = "__ttfname__"            # reportlab's TTFNameBytes, saved as (marker, text)
DRAWABLE = "_govtrack_drawable"  # the face's drawable code points, kept beside its tables


def cache_folder() -> Path:
    from platformdirs import user_cache_dir
    return Path(user_cache_dir("GovTrack", appauthor=False)) / "fonts"


def _entry(path: str, index: int) -> Path | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    key = (f"{os.path.abspath(path)}|{index}|{st.st_size}|{st.st_mtime_ns}|{reportlab.Version}"
           f"|{sys.version_info[:2]}")
    return cache_folder() / (hashlib.sha1(key.encode("utf-8")).hexdigest()[:20] + ".face")


def _scale(units_per_em: int):
    if units_per_em == 1000:
        return lambda x: x
    factor = 1000 / units_per_em
    return lambda x: x * factor


def _load(value):
    if isinstance(value, tuple) and len(value) == 2 and value[0] == _NAME:
        return ttfonts.TTFNameBytes(value[1].encode("utf-8"))
    return value


def _dump(value):
    if isinstance(value, ttfonts.TTFNameBytes):
        return (_NAME, value.ustr)
    return value


def _cached_face(path: str, index: int, entry: Path) -> TTFontFace | None:
    try:
        state = marshal.loads(entry.read_bytes())
        data = Path(path).read_bytes()
    except Exception:       # missing, half-written or from another Python: parse instead
        return None
    if not isinstance(state, dict) or state.get("filename") != path:
        return None
    face = TTFontFace.__new__(TTFontFace)
    face.__dict__.update({k: _load(v) for k, v in state.items()})
    face._ttf_data = data
    face._pdfScale = _scale(face.unitsPerEm)
    return face


def _save(face: TTFontFace, entry: Path) -> None:
    state = {k: _dump(v) for k, v in face.__dict__.items() if k not in _NOT_SAVED}
    state[DRAWABLE] = drawable(face)
    try:
        from ..fileio import write_bytes
        write_bytes(entry, marshal.dumps(state))
    except Exception:       # a cache that cannot be written only costs time
        pass


def drawable(face: TTFontFace) -> frozenset:
    """Code points the face can really draw.

    A cmap entry is not enough: AR PL UKai maps rare characters such as 䶮 to an empty
    glyph, which prints blank. A glyph with no outline data (its loca offsets are equal)
    counts as missing, except for spaces.
    """
    found = face.__dict__.get(DRAWABLE)
    if isinstance(found, frozenset):
        return found
    pos = getattr(face, "glyphPos", None)
    if not pos:
        found = frozenset(face.charToGlyph)
    else:
        last = len(pos) - 1
        found = frozenset(code for code, glyph in face.charToGlyph.items()
                          if (glyph < last and pos[glyph + 1] > pos[glyph]) or chr(code).isspace())
    face.__dict__[DRAWABLE] = found
    return found


def open_ttfont(name: str, path: str, index: int = 0) -> TTFont:
    """``TTFont(name, path, subfontIndex=index)``, from the cache when it has the face."""
    entry = _entry(path, index)
    face = _cached_face(path, index, entry) if entry is not None and entry.exists() else None
    if face is None:
        font = TTFont(name, path, subfontIndex=index)
        if entry is not None:
            _save(font.face, entry)
        return font
    # What TTFont.__init__ does besides parsing the face (reportlab 4-5).
    font = TTFont.__new__(TTFont)
    font.fontName = name
    font.face = face
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, g) for g in getattr(ttfonts, "unShapedFontGlob", ()))
    return font
