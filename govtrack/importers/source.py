"""Reading an input file as text, whatever Windows or a web page did to its encoding.

Office staff save .txt files from Notepad (UTF-8 or, on older Windows, GBK) and
from WPS (sometimes UTF-16). We decode all of those, say which one we used, and
refuse binary files and empty files with a message that names the file.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError


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
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("文件不存在。", file=str(path)) from None
    except IsADirectoryError:
        raise InputError("这是一个文件夹，不是文件。", file=str(path)) from None
    except OSError as e:
        raise InputError(f"无法读取文件：{e.strerror or e}", file=str(path)) from None
    digest = hashlib.sha256(data).hexdigest()
    if not data.strip():
        raise InputError("文件是空的，没有可导入的内容。", file=name)
    notes: list[str] = []
    text = None
    encoding = ""
    if data.startswith(b"\xef\xbb\xbf"):
        text, encoding = data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text, encoding = data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            text = None
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
                line = data[: e.start].count(b"\n") + 1
                raise InputError("文件编码无法识别（既不是 UTF-8 也不是 GBK），可能是二进制文件。",
                                 file=name, line=line) from None
    control = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\r\n\t\f")
    if control > 20:
        raise InputError("文件含有大量控制字符，看起来不是文本文件。", file=name)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return SourceText(path, text, encoding, digest, len(data), notes)
