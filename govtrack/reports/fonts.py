"""Find Chinese fonts on this machine, register them with reportlab, embed them.

GB/T 9704 asks for 小标宋 titles, 仿宋 body text, 黑体 and 楷体 headings and 宋体
page numbers.  Offices run Windows, where those faces ship with the system;
developers and servers run Linux, where fontconfig knows what is installed.
Each typographic role takes the best face found and falls back to any CJK font,
so a report always prints; with no CJK font at all we raise :class:`FontError`
rather than produce a PDF of empty boxes.  Paths in the settings dict override
discovery (``{"font.fangsong": "D:/fonts/仿宋_GB2312.ttf"}``; ``path#N`` picks
face N of a .ttc).

Fonts are registered as reportlab ``TTFont`` objects, which are embedded as
TrueType subsets (FontFile2).  Discovery runs ``fc-list`` and parses large font
files, so results are cached per process.  :func:`markup` escapes text for
Paragraph markup and wraps characters the main font lacks in a ``<font>`` tag
naming an installed font that has them.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics

from govtrack.errors import FontError

from .font_cache import drawable, open_ttfont

log = logging.getLogger(__name__)

#: The five typographic roles of a 公文 page.
ROLES = ("title", "body", "heading1", "heading2", "pagenum")

#: Face kinds, best first, for each role.  'any' means any CJK face found.
ROLE_PREFERENCE = {
    "title": ("xiaobiaosong", "songti", "heiti", "fangsong", "kaiti"),
    "body": ("fangsong", "songti", "kaiti", "heiti", "xiaobiaosong"),
    "heading1": ("heiti", "xiaobiaosong", "songti", "fangsong", "kaiti"),
    "heading2": ("kaiti", "fangsong", "songti", "heiti", "xiaobiaosong"),
    "pagenum": ("songti", "fangsong", "xiaobiaosong", "kaiti", "heiti"),
}

KINDS = ("xiaobiaosong", "fangsong", "heiti", "kaiti", "songti")

#: Lower-case substrings of a family or file name that identify a face kind.
#: Checked in this order, so 小标宋 is found before 宋 and 仿宋 before 宋.
KIND_KEYWORDS = (
    ("xiaobiaosong", ("xiaobiaosong", "小标宋", "fzxbsjw", "fzxbs")),
    ("fangsong", ("fangsong", "仿宋", "simfang", "fzfsjw", "stfangso")),
    ("kaiti", ("kaiti", "楷体", "楷", "simkai", "ukai", " kai", "stkaiti", "fzktjw")),
    ("heiti", ("simhei", "黑体", "heiti", "micro hei", "microhei", "zenhei", "zen hei",
               "sans cjk", "sans sc", "han sans", "msyh", "yahei", "雅黑", "stheiti")),
    ("songti", ("simsun", "宋体", "songti", "uming", " ming", "serif cjk", "serif sc",
                "han serif", "nsimsun", "stsong", "fzsy")),
)

#: Windows file names, by kind, looked for in the system and per-user font folders.
WINDOWS_FILES = {
    "xiaobiaosong": ("FZXBSJW.TTF", "方正小标宋简体.ttf", "方正小标宋_GBK.ttf", "FZXBSK.TTF"),
    "fangsong": ("simfang.ttf", "仿宋_GB2312.ttf", "FZFSJW.TTF"),
    "heiti": ("simhei.ttf", "msyh.ttc"),
    "kaiti": ("simkai.ttf", "楷体_GB2312.ttf", "FZKTJW.TTF"),
    "songti": ("simsun.ttc", "simsun.ttf", "FZSYJW.TTF"),
}

#: Where to look on Linux/macOS when fc-list is missing.
FALLBACK_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts",
                 "~/.fonts", "/Library/Fonts", "/System/Library/Fonts")

INSTALL_HINT = (
    "未找到可用的中文字体，无法生成报告。"
    "Windows 请确认系统自带字体（仿宋、黑体、楷体、宋体，C:\\Windows\\Fonts）未被删除；"
    "Debian/Ubuntu 请执行 `apt install fonts-arphic-uming fonts-wqy-microhei`；"
    "也可在设置中用 font.fangsong、font.heiti、font.kaiti、font.songti、font.xiaobiaosong "
    "指定字体文件路径（.ttf/.ttc，.ttc 可写作「路径#序号」）。"
)


@dataclass(frozen=True)
class FontFile:
    """A face in a font file: path plus the face index inside a .ttc."""

    path: str
    index: int = 0
    kind: str = ""
    family: str = ""


@dataclass
class FontSet:
    """Registered reportlab font names for each role, plus the fallback chain."""

    roles: dict[str, str]                        # role → registered font name
    faces: dict[str, FontFile]                   # registered name → file
    fallbacks: list[str] = field(default_factory=list)  # registered names, best first

    def __getitem__(self, role: str) -> str:
        return self.roles[role]

    def covers(self, font_name: str, ch: str) -> bool:
        return ord(ch) in _cmap(font_name)

    def uncovered(self, text: str) -> set[str]:
        """Characters of ``text`` that no registered font can draw (to warn the user)."""
        cmaps = [_cmap(n) for n in self.fallbacks]
        return {ch for ch in set(text) if not ch.isspace() and not any(ord(ch) in c for c in cmaps)}


# ---------------------------------------------------------------- discovery


def kind_of(name: str) -> str:
    """Face kind ('songti', 'heiti', …) from a family or file name, '' if unknown."""
    low = " " + name.lower()
    for kind, words in KIND_KEYWORDS:
        if any(w in low for w in words):
            return kind
    return ""


def _parse_fc_list(output: str) -> list[FontFile]:
    faces = []
    for line in output.splitlines():
        # "/path/uming.ttc: AR PL UMing CN:style=Light:index=0" (fields may be absent)
        if ": " not in line:
            continue
        path, rest = line.split(": ", 1)
        parts = rest.split(":")
        family = parts[0]
        index = 0
        for part in parts[1:]:
            if part.startswith("index="):
                try:
                    index = int(part[6:])
                except ValueError:
                    pass
        if not path.lower().endswith((".ttf", ".ttc", ".otf")):
            continue
        faces.append(FontFile(path, index, kind_of(family) or kind_of(Path(path).name), family))
    return faces


# Where a change of the installed fonts shows: fontconfig rewrites its cache folders when a
# font is installed (apt runs fc-cache), and the font folders' own times change.
FONT_STATE_DIRS = ("/var/cache/fontconfig", "~/.cache/fontconfig") + FALLBACK_DIRS


def _font_state() -> list:
    """A cheap fingerprint of the installed fonts: the folders' modification times."""
    state = []
    for d in FONT_STATE_DIRS:
        try:
            state.append([d, os.stat(os.path.expanduser(d)).st_mtime_ns])
        except OSError:
            state.append([d, None])
    return state


def _cache_file() -> Path:
    from platformdirs import user_cache_dir
    return Path(user_cache_dir("GovTrack", appauthor=False)) / "fc-list-zh.json"


def _fc_list_faces() -> list[FontFile] | None:
    """Faces fontconfig lists for Chinese, or None if fc-list is not available.

    fc-list takes about half a second, on every report: its answer is kept in the user's
    cache folder and reused while the font folders are unchanged and the files still exist.
    """
    import json
    exe = shutil.which("fc-list")
    if not exe:
        return None
    state = _font_state()
    cache = _cache_file()
    try:
        saved = json.loads(cache.read_text(encoding="utf-8"))
        if saved.get("state") == state:
            faces = [FontFile(**f) for f in saved["faces"]]
            if all(os.path.exists(f.path) for f in faces):
                return faces
    except (OSError, ValueError, TypeError, KeyError):
        pass
    try:
        out = subprocess.run([exe, ":lang=zh", "file", "family", "index"],
                             capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    faces = _parse_fc_list(out.stdout)
    try:
        from ..fileio import write_text
        write_text(cache, json.dumps({"state": state, "faces": [f.__dict__ for f in faces]},
                                     ensure_ascii=False))
    except Exception:   # a cache that cannot be written only costs time
        pass
    return faces


def _windows_faces() -> list[FontFile]:
    dirs = [Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"]
    local = os.environ.get("LOCALAPPDATA")
    if local:
        dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    faces = []
    for kind, names in WINDOWS_FILES.items():
        for d in dirs:
            for name in names:
                p = d / name
                if p.is_file():
                    faces.append(FontFile(str(p), 0, kind, name))
    # Then any other installed file whose name says what it is (方正小标宋简体.TTF saved
    # under another name, STKAITI.TTF, a font the office copied in), after the system's own.
    known = {os.path.normcase(f.path) for f in faces}
    for d in dirs:
        try:
            names = sorted(os.listdir(d))
        except OSError:
            continue
        for name in names:
            path = str(d / name)
            kind = kind_of(name)
            if kind and name.lower().endswith((".ttf", ".ttc")) and os.path.normcase(path) not in known:
                faces.append(FontFile(path, 0, kind, name))
    return faces


def _scan_dirs() -> list[FontFile]:
    """Without fontconfig: walk the usual folders for files whose names say CJK."""
    faces = []
    for d in FALLBACK_DIRS:
        root = Path(d).expanduser()
        if not root.is_dir():
            continue
        for dirpath, _dirs, files in os.walk(root):
            for name in files:
                if name.lower().endswith((".ttf", ".ttc")):
                    kind = kind_of(name) or kind_of(Path(dirpath).name + " " + name)
                    if kind:
                        faces.append(FontFile(os.path.join(dirpath, name), 0, kind, name))
    return faces


@lru_cache(maxsize=1)
def system_faces() -> tuple[FontFile, ...]:
    """Every CJK face found on this machine (cached: fc-list is slow)."""
    faces: list[FontFile] = []
    if sys.platform.startswith("win"):
        faces += _windows_faces()
    listed = _fc_list_faces()
    if listed is None and not sys.platform.startswith("win"):
        listed = _scan_dirs()
    faces += listed or []
    # Prefer simplified-Chinese faces (AR PL UMing CN over its TW/HK siblings in one .ttc).
    return tuple(sorted(faces, key=_simplified_first))


def _simplified_first(face: FontFile) -> int:
    fam = " " + face.family.replace(",", " ").lower() + " "
    if any(w in fam for w in (" cn ", " sc ", " gb", "简", "simp")):
        return 0
    if any(w in fam for w in (" tw ", " hk ", " tc ", " mbe ", "繁", " jp ", " kr ")):
        return 2
    return 1


# ---------------------------------------------------------------- registration

_registered: dict[tuple[str, int], str | None] = {}


def _register(face: FontFile) -> str | None:
    """Register a face with reportlab once; its name, or None if unusable (CFF outlines…)."""
    key = (os.path.abspath(face.path), face.index)
    if key in _registered:
        return _registered[key]
    digest = hashlib.sha1(f"{key[0]}#{key[1]}".encode("utf-8")).hexdigest()[:8]
    name = f"gt-{face.kind or 'cjk'}-{digest}"
    try:
        pdfmetrics.registerFont(open_ttfont(name, face.path, face.index))
    except Exception:  # reportlab raises TTFError, struct errors, OSError…
        name = None
    if name and 0x4E2D not in _cmap(name):   # 中: not a Chinese face after all
        name = None
    _registered[key] = name
    return name


_drawable: dict[str, frozenset] = {}


def _cmap(font_name: str) -> frozenset:
    """Code points the font can really draw (see :func:`font_cache.drawable`)."""
    found = _drawable.get(font_name)
    if found is None:
        found = _drawable[font_name] = drawable(pdfmetrics.getFont(font_name).face)
    return found


def _setting_face(settings: dict, key: str, kind: str) -> FontFile | None:
    value = settings.get(key)
    if not value:
        return None
    path, index = str(value), 0
    if "#" in path:
        head, _, tail = path.rpartition("#")
        if tail.isdigit():
            path, index = head, int(tail)
    if not Path(path).is_file():
        raise FontError(f"设置项 {key} 指定的字体文件不存在：{path}。请改为有效的 .ttf/.ttc 文件路径，或删除该设置。")
    return FontFile(path, index, kind, Path(path).name)


def _settings_key(settings: dict | None) -> tuple:
    if not settings:
        return ()
    return tuple(sorted((k, str(v)) for k, v in settings.items() if k.startswith("font.")))


def load_fonts(settings: dict | None = None) -> FontSet:
    """Find, register and assign fonts to roles; cached per font settings.

    :param settings: optional dict; ``font.<kind>`` (xiaobiaosong, fangsong, heiti,
        kaiti, songti) or ``font.<role>`` (title, body, heading1, heading2, pagenum)
        name font files; ``font.search_system = False`` turns off discovery.
    :raises FontError: no usable Chinese font, or a configured file is missing.
    """
    return _load_fonts(_settings_key(settings))


@lru_cache(maxsize=8)
def _load_fonts(key: tuple) -> FontSet:
    settings = dict(key)
    by_kind: dict[str, list[str]] = {k: [] for k in KINDS}
    by_kind[""] = []
    faces: dict[str, FontFile] = {}

    def add(face: FontFile) -> str | None:
        name = _register(face)
        if name and name not in faces:
            faces[name] = face
        if name and name not in by_kind[face.kind]:
            by_kind[face.kind].append(name)
        return name

    role_override: dict[str, str] = {}
    for kind in KINDS:
        face = _setting_face(settings, f"font.{kind}", kind)
        if face and not add(face):
            raise FontError(f"设置项 font.{kind} 指定的字体无法使用（不是含中文字符的 TrueType 字体）：{face.path}")
    for role in ROLES:
        face = _setting_face(settings, f"font.{role}", "")
        if face:
            name = add(face)
            if not name:
                raise FontError(f"设置项 font.{role} 指定的字体无法使用（不是含中文字符的 TrueType 字体）：{face.path}")
            role_override[role] = name

    if str(settings.get("font.search_system", "True")).lower() not in ("false", "0", "no", "off"):
        # Only register the first usable face of each kind, plus one unknown one:
        # every registration parses a multi-megabyte file.
        for face in system_faces():
            if by_kind[face.kind]:
                continue
            add(face)

    order = [n for kind in KINDS for n in by_kind[kind]] + by_kind[""]
    if not order:
        raise FontError(INSTALL_HINT)
    roles = {}
    for role in ROLES:
        if role in role_override:
            roles[role] = role_override[role]
            continue
        pick = next((by_kind[k][0] for k in ROLE_PREFERENCE[role] if by_kind[k]), order[0])
        roles[role] = pick
    return FontSet(roles=roles, faces=faces, fallbacks=order)


#: What each role should be set in (GB/T 9704), for the font-replacement warning.
ROLE_WANTED = {"title": "xiaobiaosong", "body": "fangsong", "heading1": "heiti", "heading2": "kaiti",
               "pagenum": "songti"}
ROLE_NAMES = {"title": "标题", "body": "正文", "heading1": "一级标题", "heading2": "二级标题",
              "pagenum": "页码"}
KIND_NAMES = {"xiaobiaosong": "小标宋", "fangsong": "仿宋", "heiti": "黑体", "kaiti": "楷体",
              "songti": "宋体", "": "其他中文字体"}


def substitutions(fonts: FontSet) -> list[str]:
    """One warning per role printed in another face than GB/T 9704 asks for.

    ['标题应为小标宋，本机未找到，改用宋体（AR PL UMing CN）'] — shown by the CLI
    and by the window before printing, so nobody signs a 通报 in the wrong face
    without knowing.  Settings ``font.<kind>`` point at the right files.
    """
    out = []
    for role, wanted in ROLE_WANTED.items():
        face = fonts.faces.get(fonts.roles.get(role, ""))
        kind = face.kind if face else ""
        if kind != wanted:
            used = KIND_NAMES.get(kind, kind) + (f"（{face.family}）" if face and face.family else "")
            out.append(f"{ROLE_NAMES[role]}应为{KIND_NAMES[wanted]}，本机未找到，改用{used}；"
                       f"可在设置 font.{wanted} 中指定字体文件")
    return out


def clear_cache() -> None:
    """Forget discovered fonts (tests; after the user changes font settings)."""
    system_faces.cache_clear()
    _load_fonts.cache_clear()
    _fallback_for.cache_clear()
    _ideographic_space.cache_clear()
    markup.cache_clear()
    _drawable.clear()


# ---------------------------------------------------------------- text


def xml_escape(text: str) -> str:
    """Text safe inside reportlab paragraph markup (&, <, > and both quotes).

    Written out rather than taken from ``xml.sax.saxutils``, which imports urllib and the
    email package (25 ms on every report)."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#39;"))


@lru_cache(maxsize=4096)
def _fallback_for(ch: str, primary: str, chain: tuple[str, ...]) -> str:
    code = ord(ch)
    for name in chain:
        if name != primary and code in _cmap(name):
            return name
    log.warning("no installed font has the character %r (U+%04X); it will print blank", ch, code)
    return primary


@lru_cache(maxsize=65536)
def markup(text: str, primary: str, chain: tuple[str, ...] = ()) -> str:
    """Escape ``text`` for a Paragraph in ``primary``; wrap runs it cannot draw.

    Runs of characters missing from ``primary``'s cmap go in
    ``<font name="…">`` naming the first font of ``chain`` that has them.
    Newlines become ``<br/>``.  Cached, since the same unit names and labels
    recur in every row.
    """
    if not text:
        return ""
    cmap = _cmap(primary)
    out: list[str] = []
    run: list[str] = []
    run_font = primary
    for ch in text:
        if ch == "\n":
            font = primary
        elif ord(ch) in cmap or ch in " \t\r" or not chain:
            font = primary
        else:
            font = _fallback_for(ch, primary, chain)
        if font != run_font and run:
            out.append(_wrap("".join(run), run_font, primary))
            run = []
        run_font = font
        run.append(ch)
    if run:
        out.append(_wrap("".join(run), run_font, primary))
    return "".join(out)


@lru_cache(maxsize=64)
def _ideographic_space(font: str) -> str:
    """No-break spaces as wide as one U+3000 in ``font``.

    reportlab collapses runs of U+3000 like ordinary spaces, which squeezes
    the 「文　　号」 and 「年　月　日」 spacing staff type on purpose; no-break
    spaces are kept as they are.
    """
    em = pdfmetrics.stringWidth("\u3000", font, 10) or 10
    nb = pdfmetrics.stringWidth("\xa0", font, 10) or 2.5
    return "\xa0" * max(1, round(em / nb))


def _wrap(chunk: str, font: str, primary: str) -> str:
    body = xml_escape(chunk).replace("\r\n", "\n").replace("\n", "<br/>")
    if "\u3000" in body:
        body = body.replace("\u3000", _ideographic_space(font))
    if font == primary:
        return body
    return f'<font name="{font}">{body}</font>'


def fonts_markup(fonts: FontSet, role: str):
    """A one-argument markup function for a role: ``fonts_markup(f, 'body')(text)``."""
    primary = fonts[role]
    chain = tuple(fonts.fallbacks)
    return lambda text: markup(text or "", primary, chain)


def plain_font_for(fonts: FontSet, role: str, text: str) -> str:
    """For canvas.drawString (no markup): the role's font if it covers ``text``, else one that does."""
    primary = fonts[role]
    cmap = _cmap(primary)
    if all(ord(c) in cmap for c in text):
        return primary
    for name in fonts.fallbacks:
        cm = _cmap(name)
        if all(ord(c) in cm for c in text):
            return name
    return primary
