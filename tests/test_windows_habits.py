"""Windows habits: file names Windows accepts, zip archives as Windows writes them, fonts
in C:\\Windows\\Fonts.  Checked on Linux with real files; packaging/smoke_wine.sh runs the
installed program under wine for the rest."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path, PureWindowsPath

import openpyxl
import pytest

from govtrack.errors import InputError
from govtrack.reports import fonts
from govtrack.returns_io.layout import COL_INDEX, DATA_SHEET, FIRST_DATA_ROW
from govtrack.winfiles import (FORBIDDEN, RESERVED, extract_zip, path_inside, safe_file_name,
                               zip_member_name)

HOSTILE = ["市发改委/市统计局", "市委办\\督查室", "“两区”办:专班", "市住建局*", "何处?", "<市直>",
           "市政府|办公室", "CON", "nul", "Com1", "LPT9.局", "..", ".", "  ", "市财政局.", "市财政局 . ",
           "", "\x07市水务局", "市" + "很长的单位名称" * 20]


def is_windows_safe(name: str) -> bool:
    """What Windows itself refuses or silently changes, checked independently of the code."""
    if not name or name != name.rstrip(" .") or name in (".", ".."):
        return False
    if any(ch in '<>:"/\\|?*' or ord(ch) < 32 for ch in name):
        return False
    device = name.split(".")[0].rstrip(" ").upper()
    return device not in {"CON", "PRN", "AUX", "NUL"} | {f"{d}{n}" for d in ("COM", "LPT") for n in range(1, 10)}


@pytest.mark.parametrize("unit", HOSTILE)
def test_every_hostile_unit_name_becomes_a_windows_safe_file_name(unit):
    name = safe_file_name(unit, ".xlsx")
    assert is_windows_safe(name), name
    assert name.endswith(".xlsx") and len(name) <= 80 + len(".xlsx")
    assert PureWindowsPath(name).name == name, "no folder part on Windows either"


@pytest.mark.parametrize("unit, expected", [
    ("市发改委/市统计局", "市发改委_市统计局"),
    ("CON", "_CON"), ("nul", "_nul"), ("LPT9.局", "_LPT9.局"), ("COM10", "COM10"), ("CONSOLE", "CONSOLE"),
    ("..", "未命名"), ("市财政局. ", "市财政局"), ("a..b", "a..b"), ("市委办？", "市委办？"),
])
def test_names_keep_what_windows_allows(unit, expected):
    assert safe_file_name(unit) == expected


def test_the_rules_cover_windows_own_lists():
    for ch in '<>:"/\\|?*\x00\x1f':
        assert FORBIDDEN.search(ch)
    assert {"CON", "PRN", "AUX", "NUL", "COM1", "COM9", "LPT1", "LPT9"} <= RESERVED


def test_hostile_names_write_real_files_inside_the_folder(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    written = set()
    for i, unit in enumerate(HOSTILE):
        path = path_inside(out, safe_file_name(f"{i:02d}_{unit}", ".txt"))
        path.write_text(unit, encoding="utf-8")
        written.add(path.name)
    assert {p.name for p in out.iterdir()} == written and len(written) == len(HOSTILE)
    assert all(p.is_file() and p.parent == out for p in out.iterdir())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"], "nothing climbed out"


def test_export_forms_for_units_with_hostile_names(demo_tracker, tmp_path):
    tr = demo_tracker
    units = [u for u in tr.units.list() if u["name"] in ("市财政局", "市发改委", "市住建局", "市商务局")]
    assert len(units) == 4
    renamed = dict(zip((u["id"] for u in units), ["CON", "市发改委/市统计局", "..", "市商务局:外贸*"]))
    for uid, name in renamed.items():
        tr.db["units"].update(uid, {"name": name})
    paths = tr.returns.export_forms("2023-11", tmp_path / "forms")
    out = tmp_path / "forms"
    assert all(p.parent == out and is_windows_safe(p.name) for p in paths)
    names = {p.name for p in paths}
    assert {"2023-11__CON_进展填报表.xlsx", "2023-11_市发改委_市统计局_进展填报表.xlsx",
            "2023-11_单位_进展填报表.xlsx", "2023-11_市商务局_外贸__进展填报表.xlsx"} <= names
    # The form for the unit called CON still goes back in as that unit's return.
    form = out / "2023-11__CON_进展填报表.xlsx"
    wb = openpyxl.load_workbook(form)
    wb[DATA_SHEET].cell(FIRST_DATA_ROW, COL_INDEX["percent"]).value = 100
    wb.save(tmp_path / "filled.xlsx")
    _preview, outcome = tr.returns.import_returns([tmp_path / "filled.xlsx"], received_on="2023-11-20")
    assert outcome.applied == 1 and outcome.files[0]["unit"] == "CON"


# ---------------------------------------------------------------- zip archives


def windows_zip(path: Path, members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> Path:
    """A zip as Windows Explorer / 360压缩 write it: GBK names, no UTF-8 flag.

    zipfile always flags non-ASCII names as UTF-8, so each member is written under an
    ASCII placeholder of the same byte length and the name bytes are patched afterwards
    (in the local header and the central directory; the CRC does not cover names).
    """
    placeholders = {}
    with zipfile.ZipFile(path, "w", compression) as z:
        for i, (name, data) in enumerate(members.items()):
            raw = name.encode("gbk")
            ph = (f"{i:03d}" + "Q" * len(raw))[:len(raw)].encode("ascii")
            placeholders[ph] = raw
            z.writestr(ph.decode("ascii"), data)
    blob = path.read_bytes()
    for ph, raw in placeholders.items():
        assert blob.count(ph) == 2
        blob = blob.replace(ph, raw)
    path.write_bytes(blob)
    return path


def test_gbk_member_names_are_read_as_windows_wrote_them(tmp_path):
    arc = windows_zip(tmp_path / "填报表.zip", {"2023-11_市财政局_进展填报表.xlsx": b"x",
                                               "说明/报送要求.txt": b"y"})
    with zipfile.ZipFile(arc) as z:
        infos = z.infolist()
        assert infos[0].filename != "2023-11_市财政局_进展填报表.xlsx", "Python alone reads mojibake"
        assert [zip_member_name(i) for i in infos] == ["2023-11_市财政局_进展填报表.xlsx", "说明/报送要求.txt"]


def test_utf8_flagged_names_stay_as_they_are(tmp_path):
    arc = tmp_path / "utf8.zip"
    with zipfile.ZipFile(arc, "w") as z:
        z.writestr("市财政局.xlsx", b"x")
    with zipfile.ZipFile(arc) as z:
        assert zip_member_name(z.infolist()[0]) == "市财政局.xlsx"


def test_extract_zip_keeps_every_member_inside_the_folder(tmp_path):
    arc = windows_zip(tmp_path / "a.zip", {
        "2023-11_市财政局_进展填报表.xlsx": b"form",
        "../../逃出去.xlsx": b"evil",
        "子文件夹/CON.xlsx": b"con",
        "~$2023-11_市财政局_进展填报表.xlsx": b"lock",
        "说明.txt": b"text",
    })
    out = tmp_path / "unpacked"
    files = extract_zip(arc, out, suffixes=(".xlsx",))
    rel = sorted(p.relative_to(out).as_posix() for p in files)
    assert rel == ["2023-11_市财政局_进展填报表.xlsx", "子文件夹/_CON.xlsx", "逃出去.xlsx"]
    assert (out / "逃出去.xlsx").read_bytes() == b"evil"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.zip", "unpacked"]


def test_extract_zip_refuses_a_damaged_archive_and_writes_nothing(tmp_path):
    bad = tmp_path / "坏的.zip"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InputError, match="坏的.zip.*不是可以打开的 zip 压缩包"):
        extract_zip(bad, tmp_path / "out")
    good = windows_zip(tmp_path / "b.zip", {"甲.xlsx": b"a" * 2000, "乙.xlsx": b"b" * 2000},
                       compression=zipfile.ZIP_STORED)
    blob = good.read_bytes()
    assert blob.count(b"b" * 2000) == 1
    good.write_bytes(blob.replace(b"b" * 2000, b"c" + b"b" * 1999))     # the second member's CRC fails
    with pytest.raises(InputError, match="无法解压"):
        extract_zip(good, tmp_path / "out2")
    assert not (tmp_path / "out2").exists()


def test_a_zipped_return_from_windows_imports(demo_tracker, tmp_path):
    tr = demo_tracker
    form = tr.returns.export_forms("2023-11", tmp_path / "out", unit="市财政局")[0]
    wb = openpyxl.load_workbook(form)
    wb[DATA_SHEET].cell(FIRST_DATA_ROW, COL_INDEX["percent"]).value = 100
    wb.save(form)
    arc = windows_zip(tmp_path / "财政局报回.zip", {f"报回/{form.name}": form.read_bytes()})
    files = extract_zip(arc, tmp_path / "unpacked", suffixes=(".xlsx",))
    assert [p.name for p in files] == [form.name]
    _preview, outcome = tr.returns.import_returns(files, received_on="2023-11-20")
    assert outcome.applied == 1 and outcome.files[0]["inserted"] == 1


# ---------------------------------------------------------------- fonts


def _a_cjk_font() -> Path:
    fonts.clear_cache()
    for face in fonts.system_faces():
        if face.path.lower().endswith((".ttf", ".ttc")):
            return Path(face.path)
    pytest.skip("no Chinese TrueType font on this machine")


def test_fonts_are_found_in_the_windows_fonts_folders(tmp_path, monkeypatch):
    real = _a_cjk_font()
    windir = tmp_path / "Windows"
    (windir / "Fonts").mkdir(parents=True)
    local = tmp_path / "Local"
    (local / "Microsoft" / "Windows" / "Fonts").mkdir(parents=True)
    shutil.copyfile(real, windir / "Fonts" / "simfang.ttf")          # the system's 仿宋
    shutil.copyfile(real, windir / "Fonts" / "STKAITI.TTF")          # 华文楷体, found by its name
    shutil.copyfile(real, windir / "Fonts" / "arial.ttf")            # not Chinese by name: ignored
    shutil.copyfile(real, local / "Microsoft" / "Windows" / "Fonts" / "方正小标宋简体.ttf")  # per-user install
    monkeypatch.setenv("WINDIR", str(windir))
    monkeypatch.setenv("LOCALAPPDATA", str(local))
    faces = fonts._windows_faces()
    # The system's own file names first (in kind order), then files recognised by name.
    assert [(Path(f.path).name, f.kind) for f in faces] == [
        ("方正小标宋简体.ttf", "xiaobiaosong"), ("simfang.ttf", "fangsong"), ("STKAITI.TTF", "kaiti")]
    assert all(fonts._register(f) for f in faces), "each one is a usable Chinese face"


# ---------------------------------------------------------------- Qt's own texts


def test_qt_dialogs_speak_chinese_on_any_system(qapp):
    """An English Windows (or wine) still shows 取消 / 确定 in the window's dialogs."""
    from PySide6.QtCore import QCoreApplication
    from govtrack.gui.app import install_translations
    assert install_translations(qapp), "qtbase_zh_CN.qm is found in PySide6's translations folder"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    assert QCoreApplication.translate("QPlatformTheme", "OK") == "确定"
