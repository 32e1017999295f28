"""Issue 14: oversized or damaged inputs are refused fast, in Chinese, with little memory;
damaged bytes are read around and named. Real files built here and read back through the
importer registry, the indicator import and the report splitter.

Time bounds are generous (a loaded CI machine); each one was a minute or a traceback before.
Memory is the Python peak (tracemalloc) while refusing: a refusal must not unpack the bomb.
"""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest

from govtrack import filelimits
from govtrack.errors import InputError
from govtrack.importers import parse_file
from govtrack.importers.report_splitter import extract_targets, parse_main_targets, split_report
from govtrack.units import UnitDirectory, load_builtin

SEEDS = Path(__file__).resolve().parent.parent / "resources" / "seeds"
JINGMEN = SEEDS / "004_5995a523b08c0ec4.txt"        # a 十四五 plan with 主要指标 tables
HEADER = ["序号", "重点工作", "牵头单位", "配合单位", "完成时限"]


@pytest.fixture(scope="module")
def directory() -> UnitDirectory:
    return UnitDirectory(load_builtin())


def _docx(rows: list[list[str]]) -> bytes:
    document = docx.Document()
    document.add_paragraph("2025年重点工作任务分解方案")
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _xlsx(rows: list[list]) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "分解表"
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


TASKS = [HEADER, ["1", "推进重点河湖堤防除险加固。", "市水利和湖泊局", "市财政局", "6月底前"],
         ["2", "新建5G基站1900座以上。", "市经信局", "", "年底前"]]


def _edit(data: bytes, name: str, change) -> bytes:
    """The package with one member rewritten by ``change(bytes) -> bytes``."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            dst.writestr(info.filename, change(body) if info.filename == name else body)
    return buf.getvalue()


def _refused(path: Path, directory, *words: str, seconds: float = 5.0, peak_mb: float = 60) -> str:
    tracemalloc.start()
    t0 = time.monotonic()
    try:
        with pytest.raises(InputError) as err:
            parse_file(path, directory)
        took = time.monotonic() - t0
        peak = tracemalloc.get_traced_memory()[1] / 1048576
    finally:
        tracemalloc.stop()
    message = str(err.value)
    assert path.name in message, message
    for word in words:
        assert word in message, message
    assert took < seconds, (took, message)
    assert peak < peak_mb, (peak, message)
    return message


# ---------------------------------------------------------------- Word

def test_docx_xml_bomb_is_refused_before_python_docx(tmp_path, directory):
    data = _edit(_docx(TASKS), "word/document.xml", lambda b: b.replace(b"</w:body>", b" " * (40 << 20) + b"</w:body>"))
    path = tmp_path / "分解方案.docx"
    path.write_bytes(data)
    assert path.stat().st_size < 200_000
    _refused(path, directory, "解压后", "MB", "压缩炸弹", "已拒绝")


def test_docx_with_a_300_mb_member_is_refused(tmp_path, directory):
    path = tmp_path / "附件.docx"
    path.write_bytes(_docx(TASKS))
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z, z.open("word/media/image9.bin", "w") as f:
        block = b"\0" * (1 << 20)
        for _ in range(filelimits.MAX_UNPACKED // len(block) + 10):
            f.write(block)
    assert path.stat().st_size < 2_000_000
    _refused(path, directory, "解压后达", "超过 200 MB", "压缩炸弹")


def test_docx_high_ratio_part_is_refused(tmp_path, directory):
    data = _edit(_docx(TASKS), "docProps/core.xml", lambda b: b + b"\0" * (3 << 20))
    path = tmp_path / "比例.docx"
    path.write_bytes(data)
    _refused(path, directory, "docProps/core.xml", "压缩比异常")


def test_docx_with_25000_rows_is_refused_from_the_xml(tmp_path, directory):
    row = b"<w:tr><w:tc><w:p/></w:tc></w:tr>"
    data = _edit(_docx(TASKS), "word/document.xml", lambda b: b.replace(b"</w:tbl>", row * 25_000 + b"</w:tbl>", 1))
    path = tmp_path / "长表.docx"
    path.write_bytes(data)
    _refused(path, directory, "表格", "上限 20000 行", "拒绝读取")


def test_docx_cell_spanning_a_million_columns_is_refused(tmp_path, directory):
    data = _edit(_docx(TASKS), "word/document.xml",
                 lambda b: b.replace(b"<w:tcPr>", b'<w:tcPr><w:gridSpan w:val="1000000"/>', 1))
    path = tmp_path / "横跨.docx"
    path.write_bytes(data)
    _refused(path, directory, "横跨 1000000 列", "上限 200 列")


def test_docx_row_of_250_cells_is_refused_not_cut(tmp_path, directory):
    wide = b"<w:tr>" + b"<w:tc><w:p/></w:tc>" * 250 + b"</w:tr>"
    path = tmp_path / "宽表.docx"
    path.write_bytes(_edit(_docx(TASKS), "word/document.xml", lambda b: b.replace(b"</w:tbl>", wide + b"</w:tbl>", 1)))
    _refused(path, directory, "有 250 列", "上限 200 列", "未导入")


def test_docx_vertical_merge_with_nothing_above_and_a_long_chain_still_imports(tmp_path, directory):
    """python-docx raised ValueError on the first, and recursed 3,000 deep on the second."""
    def damage(xml: bytes) -> bytes:
        xml = xml.replace(b"<w:tcPr>", b"<w:tcPr><w:vMerge/>", 1)          # first cell of the header
        chain = b"<w:tr>" + b"<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>" * len(HEADER) + b"</w:tr>"
        return xml.replace(b"</w:tbl>", chain * 3000 + b"</w:tbl>", 1)    # under 1 MB: no ratio check
    path = tmp_path / "合并.docx"
    path.write_bytes(_edit(_docx(TASKS), "word/document.xml", damage))
    t0 = time.monotonic()
    result = parse_file(path, directory)[0]
    assert time.monotonic() - t0 < 5
    assert [t.content for t in result.tasks] == ["推进重点河湖堤防除险加固。", "新建5G基站1900座以上。"]


def test_docx_damaged_xml_is_an_input_error_naming_the_file(tmp_path, directory):
    path = tmp_path / "坏.docx"
    path.write_bytes(_edit(_docx(TASKS), "word/document.xml", lambda b: b[: len(b) // 2]))
    _refused(path, directory, "无法作为 Word 文档打开", "另存为 .docx")


# ---------------------------------------------------------------- Excel

@pytest.mark.parametrize("sheet_change,words", [
    (lambda s: s.replace(b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'),
     ["用到第 1048576 行", "拒绝读取"]),
    (lambda s: s.replace(b"</sheetData>", b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'),
     ["用到第 1048576 行", "请删除后另存"]),
    (lambda s: s.replace(b"</row>", b'<c r="XFD2" t="inlineStr"><is><t>x</t></is></c></row>', 1),
     ["用到第 16384 列", "上限 200 列"]),
    (lambda s: s.replace(b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="A2:GR1000"/></mergeCells>'),
     ["合并单元格共覆盖 199800 格"]),
    # Each cell alone is inside the limits; together a 19,999 × 199 grid.
    (lambda s: s.replace(b"</sheetData>", b'<row r="19999"><c r="A19999" t="inlineStr"><is><t>x</t></is></c></row></sheetData>')
     .replace(b"</row>", b'<c r="GQ1" t="inlineStr"><is><t>y</t></is></c></row>', 1),
     ["19999 行 × 199 列", "未导入"]),
])
def test_xlsx_breakdown_bombs_are_refused_fast(tmp_path, directory, sheet_change, words):
    path = tmp_path / "分解表.xlsx"
    path.write_bytes(_edit(_xlsx(TASKS), "xl/worksheets/sheet1.xml", sheet_change))
    assert path.stat().st_size < 30_000
    _refused(path, directory, *words)


def test_xlsx_sheet_bomb_by_size_is_refused(tmp_path, directory):
    path = tmp_path / "大.xlsx"
    path.write_bytes(_edit(_xlsx(TASKS), "xl/worksheets/sheet1.xml",
                           lambda s: s.replace(b"</sheetData>", b"</sheetData>" + b" " * (30 << 20))))
    _refused(path, directory, "解压后达", "压缩炸弹")


def test_xlsx_wrong_types_and_sparse_cells_import(tmp_path, directory):
    """A shared-string index pointing nowhere, a boolean that says 7, a cell far down a column:
    no traceback, and the tasks are read."""
    def damage(s: bytes) -> bytes:
        s = s.replace(b"</sheetData>", b'<row r="5000"><c r="E5000" t="b"><v>7</v></c></row></sheetData>')
        return s.replace(b"</row>", b'<c r="F1" t="n"><v>1e400</v></c></row>', 1)
    path = tmp_path / "类型.xlsx"
    path.write_bytes(_edit(_xlsx(TASKS), "xl/worksheets/sheet1.xml", damage))
    t0 = time.monotonic()
    result = parse_file(path, directory)[0]
    assert time.monotonic() - t0 < 5
    assert [t.lead for t in result.tasks[:2]] == [["市水利和湖泊局"], ["市经信局"]]


def test_real_workbook_and_document_pass_the_checks():
    for data in (_xlsx(TASKS), _docx(TASKS)):
        assert filelimits.check_package(data) is None
    assert filelimits.check_sheet_extent(_xlsx(TASKS)) is None
    assert filelimits.check_docx_tables(_docx(TASKS)) is None


# ---------------------------------------------------------------- text and indicators

def test_text_with_bom_and_invalid_bytes_names_the_lines(tmp_path, directory):
    body = ("2025年重点工作分解\n1.推进项目建设。（牵头单位：市发改委）\n".encode()
            + "2.建设道路".encode() + b"\xff\xfe" + "十公里。（牵头单位：市交通局）\n".encode())
    path = tmp_path / "分解.txt"
    path.write_bytes(b"\xef\xbb\xbf" + body)
    result = parse_file(path, directory)[0]
    assert len(result.tasks) == 2
    assert any("第 3 行" in n and "无法识别的字节" in n for n in result.notes), result.notes


def test_huge_text_is_refused_from_its_size(tmp_path, directory):
    path = tmp_path / "巨大.txt"
    with open(path, "wb") as f:                     # 50 MB, sparse: the file is never read
        f.truncate(50 << 20)
    _refused(path, directory, "50.0 MB", "远超", "上限 4 MB", seconds=1.0, peak_mb=5)


def test_indicator_file_with_damage_is_read_and_the_damage_named(tracker, tmp_path):
    if not JINGMEN.exists():
        pytest.skip("seed documents not available")
    lines = JINGMEN.read_bytes().split(b"\n")
    header = next(k for k, ln in enumerate(lines) if b"\t" in ln and "属性".encode() in ln)
    lines[header + 2] += b"\xff\xfe"                                    # invalid bytes in a row
    lines.insert(header + 4, b"1" * 20_000 + "\t预期性".encode())        # a 20,000-digit value
    lines.append(("主要预期目标：" + "控制在" * 20_000).encode())
    path = tmp_path / "规划.txt"
    path.write_bytes(b"\xef\xbb\xbf" + b"\n".join(lines))
    t0 = time.monotonic()
    preview = tracker.indicators.preview_indicators(path)
    assert time.monotonic() - t0 < 5
    assert preview.kind == "tables" and len(preview.changes) > 20
    assert any(f"第 {header + 3} 行" in reason and "无法识别的字节" in reason for _, reason in preview.problems)


def test_indicator_text_cut_inside_utf16_is_read_with_a_note(tracker, tmp_path):
    text = "主要指标\n指标\t2020年\t2025年\t属性\n1\t地区生产总值（亿元）\t100\t150\t预期性\n"
    data = text.encode("utf-16")
    path = tmp_path / "指标.txt"
    path.write_bytes(data + data[2:5])              # an odd byte count: a cut UTF-16 file
    preview = tracker.indicators.preview_indicators(path)
    assert [c.values["name"] for c in preview.changes] == ["地区生产总值"]
    assert any("无法识别的字节" in reason for _, reason in preview.problems)


# ---------------------------------------------------------------- the report splitter

def test_splitter_20000_digit_line_is_linear():
    line = "推进" + "1" * 20_000 + "个项目建设。"
    t0 = time.monotonic()
    assert extract_targets(line) == ["推进" + "1" * 20_000 + "个"]
    split_report("二、2025年重点工作\n（一）项目\n" + line + "\n")
    parse_main_targets("主要预期目标：" + "控制在" * 20_000)
    parse_main_targets("主要预期目标：增长" + "1" * 20_000)
    assert time.monotonic() - t0 < 1.0


def test_splitter_textual_targets_unchanged():
    items = parse_main_targets("主要预期目标：单位生产总值能耗控制在省下达指标以内；居民收入与经济增长同步；完成省下达的减排任务")
    assert [(i.name, i.value_text) for i in items] == [
        ("单位生产总值能耗", "控制在省下达指标以内"), ("居民收入", "与经济增长同步"), ("", "完成省下达的减排任务")]


def test_report_docx_bomb_is_refused_by_the_assistant(tracker, tmp_path):
    document = docx.Document()
    document.add_paragraph("2025年政府工作报告")
    buf = io.BytesIO()
    document.save(buf)
    path = tmp_path / "报告.docx"
    path.write_bytes(_edit(buf.getvalue(), "word/document.xml",
                           lambda b: b.replace(b"</w:body>", b" " * (40 << 20) + b"</w:body>")))
    t0 = time.monotonic()
    with pytest.raises(InputError) as err:
        tracker.assist.split_report(path)
    assert time.monotonic() - t0 < 5
    assert "报告.docx" in str(err.value) and "压缩炸弹" in str(err.value)
