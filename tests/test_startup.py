"""Start-up savings of issue 10 (the parsed-font cache, the one-command CLI parser, argparse
looked up in our own Chinese table) must give the same results as the slow paths."""

from __future__ import annotations

import glob
import io

import pytest
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfgen import canvas

from govtrack.reports import font_cache

FACES = sorted(glob.glob("/usr/share/fonts/truetype/arphic/*.ttc")
               + glob.glob("/usr/share/fonts/truetype/wqy/*.ttc"))
needs_font = pytest.mark.skipif(not FACES, reason="no Chinese TrueType font installed")


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setattr(font_cache, "cache_folder", lambda: tmp_path / "fonts")
    return tmp_path / "fonts"


def _pdf_with(font_name: str) -> bytes:
    out = io.BytesIO()
    c = canvas.Canvas(out)
    c.setFont(font_name, 12)
    c.drawString(72, 720, "督查通报：中央环保督察反馈问题整改")
    c.save()
    return out.getvalue()


@needs_font
def test_a_cached_face_measures_and_embeds_like_a_parsed_one(cache, monkeypatch):
    path = FACES[0]
    parsed = font_cache.open_ttfont("gt-test-parsed", path, 0)
    assert len(list(cache.glob("*.face"))) == 1            # parsed once, saved

    def no_parsing(*a, **k):
        raise AssertionError("the face was parsed again instead of read from the cache")
    monkeypatch.setattr(ttfonts.TTFontFace, "__init__", no_parsing)
    cached = font_cache.open_ttfont("gt-test-cached", path, 0)
    assert cached.face.charToGlyph == parsed.face.charToGlyph
    assert cached.face.unitsPerEm == parsed.face.unitsPerEm
    assert font_cache.drawable(cached.face) == font_cache.drawable(parsed.face)
    assert cached.face.name == parsed.face.name and cached.face.name.ustr == parsed.face.name.ustr
    for ch in "督查中国，。A1":
        assert cached.stringWidth(ch, 12) == parsed.stringWidth(ch, 12)
    pdfmetrics.registerFont(parsed)
    pdfmetrics.registerFont(cached)
    # The same subset is embedded: the PDFs differ only in the font's name.
    a = _pdf_with("gt-test-parsed").replace(b"gt-test-parsed", b"X")
    b = _pdf_with("gt-test-cached").replace(b"gt-test-cached", b"X")
    assert len(a) == len(b) and a.count(b"FontFile2") == b.count(b"FontFile2") == 1


@needs_font
def test_a_damaged_or_stale_entry_means_parsing_again(cache):
    path = FACES[0]
    font_cache.open_ttfont("gt-test-a", path, 0)
    entry = next(cache.glob("*.face"))
    entry.write_bytes(b"\xff\x05 not marshal data")
    again = font_cache.open_ttfont("gt-test-b", path, 0)     # no exception: parsed instead
    assert again.face.charToGlyph
    import marshal
    assert marshal.loads(entry.read_bytes())["filename"] == path             # rewritten


def test_every_command_is_built_alone_with_the_same_arguments():
    from govtrack.cli.main import build_parser
    full = build_parser()
    commands = full._subparsers._group_actions[0].choices
    assert len(commands) > 15
    for name, parser in commands.items():
        alone = build_parser(name)
        choices = alone._subparsers._group_actions[0].choices
        assert list(choices) == [name]
        assert ([a.option_strings or a.dest for a in choices[name]._actions]
                == [a.option_strings or a.dest for a in parser._actions])
    # An unknown word builds the whole parser, so argparse can list every command.
    assert len(build_parser("stauts")._subparsers._group_actions[0].choices) == len(commands)


def test_the_command_line_answers_a_mistake_in_chinese(tmp_path):
    import subprocess
    import sys
    run = lambda *a: subprocess.run([sys.executable, "-m", "govtrack", *a], capture_output=True,
                                    text=True, encoding="utf-8", cwd=tmp_path)
    typo = run("stauts")
    assert typo.returncode == 2 and "用法：" in typo.stderr and "无效的选择 'stauts'" in typo.stderr
    assert "'status'" in typo.stderr                  # the real commands are listed
    missing = run("--db", str(tmp_path / "x.sqlite"), "progress", "add")
    assert missing.returncode == 2 and "缺少必需的参数" in missing.stderr
    assert "usage" not in (typo.stderr + missing.stderr)
    assert "显示本帮助并退出" in run("status", "--help").stdout
