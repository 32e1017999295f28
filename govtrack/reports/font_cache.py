"""Parsed TrueType faces kept between runs, so a report does not re-read its fonts' tables.

reportlab parses a face's tables (cmap, widths, glyph offsets: 27,000 glyphs for 宋体 or
AR PL UMing) every time it loads the font, about 70 ms per face and three faces per report.
The parsed tables are saved in the user's cache folder, keyed by the file's path, face,
size, modification time and the reportlab version, and reloaded in a few milliseconds; the
font file itself is still read (subsetting needs its bytes). Anything wrong with a cached
entry (missing, stale, unreadable, another reportlab) means parsing the file as before.
The cache holds only what GovTrack itself wrote into the user's own cache folder.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from fnmatch import fnmatch
from pathlib import Path
from weakref import WeakKeyDictionary

import reportlab
from reportlab import rl_config
from reportlab.pdfbase import ttfonts
from reportlab.pdfbase.ttfonts import TTEncoding, TTFont, TTFontFace

# Attributes not saved: the file's bytes (re-read) and the scale function (rebuilt).
_NOT_SAVED = ("_ttf_data", "_pdfScale")


def cache_folder() -> Path:
    from platformdirs import user_cache_dir
    return Path(user_cache_dir("GovTrack", appauthor=False)) / "fonts"


def _entry(path: str, index: int) -> Path | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    key = f"{os.path.abspath(path)}|{index}|{st.st_size}|{st.st_mtime_ns}|{reportlab.Version}"
    return cache_folder() / (hashlib.sha1(key.encode("utf-8")).hexdigest()[:20] + ".pickle")


def _scale(units_per_em: int):
    if units_per_em == 1000:
        return lambda x: x
    factor = 1000 / units_per_em
    return lambda x: x * factor


def _cached_face(path: str, index: int, entry: Path) -> TTFontFace | None:
    try:
        state = pickle.loads(entry.read_bytes())
        data = Path(path).read_bytes()
    except Exception:       # missing, half-written or from another Python: parse instead
        return None
    if not isinstance(state, dict) or state.get("filename") != path:
        return None
    face = TTFontFace.__new__(TTFontFace)
    face.__dict__.update(state)
    face._ttf_data = data
    face._pdfScale = _scale(face.unitsPerEm)
    return face


def _save(face: TTFontFace, entry: Path) -> None:
    state = {k: v for k, v in face.__dict__.items() if k not in _NOT_SAVED}
    try:
        from ..fileio import write_bytes
        write_bytes(entry, pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL))
    except Exception:       # a cache that cannot be written only costs time
        pass


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
