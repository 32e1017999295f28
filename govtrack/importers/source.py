"""Reading an input file as text, whatever Windows or a web page did to its encoding.

Office staff save .txt files from Notepad (UTF-8 or, on older Windows, GBK) and
from WPS (sometimes UTF-16). We decode all of those, say which one we used, and
refuse binary files and empty files with a message that names the file.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..filelimits import MAX_TEXT_BYTES as _MAX, text_size_problem

# Far above any real breakdown or plan (the longest seed is 0.22 MB; 4 MB parse in ~4 s);
# refused from the file's size, before it is read.
MAX_TEXT_BYTES = _MAX
_CONTROL_RE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x1b]")


@dataclass
class SourceText:
    path: Path
    text: str
    encoding: str
    sha256: str
    size: int
    notes: list[str]


def read_source(path: str | Path) -> SourceText:
    """Read ``path`` and decode it; raise :class:`InputError` (Chinese) for unusable input."""
    path = Path(path)
    name = path.name
    try:
        problem = text_size_problem(path.stat().st_size, MAX_TEXT_BYTES)
        if problem:
            raise InputError(problem + "。", file=name)
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("文件不存在。", file=str(path)) from None
    except IsADirectoryError:
        raise InputError("这是一个文件夹，不是文件。", file=str(path)) from None
    except OSError as e:
        raise InputError(f"无法读取文件：{e.strerror or e}", file=str(path)) from None
    if len(data) > MAX_TEXT_BYTES:          # it grew while being read
        raise InputError(text_size_problem(len(data), MAX_TEXT_BYTES) + "。", file=name)
    digest = hashlib.sha256(data).hexdigest()
    if not data.strip():
        raise InputError("文件是空的，没有可导入的内容。", file=name)
    notes: list[str] = []
    text = None
    encoding = ""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            text, encoding = data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
        except UnicodeDecodeError:
            text, encoding = _decode_damaged(data[3:], name, notes), "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text, encoding = data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:           # cut at an odd byte, or a damaged pair
            text, encoding = data.decode("utf-16", errors="replace"), "utf-16"
            bad = [k for k, ln in enumerate(text.split("\n"), start=1) if "\ufffd" in ln]
            _note_damaged(bad, name, notes)
    if text is None:
        if b"\x00" in data[:4096]:
            raise InputError("这是二进制文件（如图片、压缩包或 Word/Excel 文件），不是文本文件。"
                             "请另存为 .txt 文本，或使用对应格式的导入。", file=name)
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError as e:
            try:
                text, encoding = data.decode("gb18030"), "gbk"
                notes.append(f"文件「{name}」为 GBK/GB18030 编码，已自动按该编码读取。")
            except UnicodeDecodeError:
                bad = data.count(b"\n") and sum(1 for ln in data.split(b"\n") if not _decodes(ln))
                if bad > max(3, data.count(b"\n") // 10):
                    line = data[: e.start].count(b"\n") + 1
                    raise InputError("文件编码无法识别（既不是 UTF-8 也不是 GBK），可能是二进制文件。",
                                     file=name, line=line) from None
                text, encoding = _decode_damaged(data, name, notes), "utf-8"
    control = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\r\n\t\f")
    if control > 20:
        raise InputError("文件含有大量控制字符，看起来不是文本文件。", file=name)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    hit_lines = [k for k, ln in enumerate(text.split("\n"), start=1) if _CONTROL_RE.search(ln)]
    if hit_lines:
        text = _CONTROL_RE.sub("", text)
        notes.append(f"文件「{name}」第 {_line_list(hit_lines)} 行含有控制字符（如换页符、终端颜色码），"
                     "已删除。")
    return SourceText(path, text, encoding, digest, len(data), notes)


def _decodes(line: bytes) -> bool:
    try:
        line.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def _line_list(lines: list[int]) -> str:
    shown = "、".join(map(str, lines[:10]))
    return shown + (f" 等 {len(lines)} 处" if len(lines) > 10 else "")


def _decode_damaged(data: bytes, name: str, notes: list[str]) -> str:
    """UTF-8 with a few damaged lines: read the rest, name the lines that could not be read."""
    out, bad = [], []
    for k, raw in enumerate(data.split(b"\n"), start=1):
        try:
            out.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            out.append(raw.decode("utf-8", errors="replace"))
            bad.append(k)
    _note_damaged(bad, name, notes)
    return "\n".join(out)


def _note_damaged(bad: list[int], name: str, notes: list[str]) -> None:
    notes.append(f"文件「{name}」第 {_line_list(bad or [1])} 行有无法识别的字节（已显示为 �），其余内容已读取，"
                 "请核对这些行。")
