"""Word and Excel breakdown tables: files built here with python-docx/openpyxl, read back
through the real importer registry and written to a real database."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import docx
import openpyxl
import pytest

from govtrack.cli import main as cli_main
from govtrack.errors import InputError
from govtrack.importers import parse_file
from govtrack.importers.table_common import header_role
from govtrack.units import UnitDirectory, load_builtin


@pytest.fixture(scope="module")
def directory() -> UnitDirectory:
    return UnitDirectory(load_builtin())


HEADER = ["序号", "重点工作", "牵头领导", "牵头单位", "配合单位", "完成时限", "备注"]


def build_xlsx(path: Path) -> Path:
    """Title rows above the header (header on row 3), a section row merged across,
    one lead unit merged over three tasks, units separated by a line break / 、 / ，,
    a 备注 column, and an unmerged second-level section in the 序号 column."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "分解表"
    ws.append(["2025年《政府工作报告》重点工作任务分解表"])
    ws.merge_cells("A1:G1")
    ws.append(["（按牵头单位排列）"])
    ws.append(HEADER)
    ws.append(["一、加快建设安全韧性现代水网"])
    ws.merge_cells("A4:G4")
    ws.append([1, "推进汉江、东荆河重点河湖堤防除险加固，完成中小河流治理20公里。", "张副市长",
               "市水利和湖泊局", "市住建局\n市自然资源和规划局", "6月底前", "省重点项目"])
    ws.append([2, "实施兴隆灌区续建配套与现代化改造。", "张副市长", None,
               "市农业农村局、市财政局", "年底前", None])
    ws.append([3, "深入落实河湖长制，开展河湖长制考核。", "张副市长", None,
               "市生态环境局，市财政局", "三季度末", None])
    ws.merge_cells("D5:D7")
    ws.append(["（一）数字经济"])
    ws.append([4, "新建5G基站1900座以上。", "李副市长", "市经信局", "", "年底前", ""])
    ws.append([5, "推动县域商业体系建设。", "李副市长", "", "市商务局", "", ""])
    wb.save(path)
    return path


def build_docx(path: Path) -> Path:
    """A title paragraph; in the table two title rows (merged), the header on row 3, a section
    row merged across, a lead unit cell merged down over three tasks, a line break in a cell."""
    document = docx.Document()
    document.add_paragraph("2025年重点工作任务分解方案")
    rows = [
        ["潜江市2025年重点工作任务分解表", "", "", "", "", "", ""],
        ["填报单位：市政府督查室", "", "", "", "", "", ""],
        HEADER,
        ["一、加快建设安全韧性现代水网", "", "", "", "", "", ""],
        ["1", "推进重点河湖堤防除险加固。", "张副市长", "市水利和湖泊局", "市住建局\n市自然资源和规划局", "6月底前", "省重点项目"],
        ["2", "实施兴隆灌区续建配套与现代化改造。", "张副市长", "", "市农业农村局、市财政局", "年底前", ""],
        ["3", "开展河湖长制考核。", "张副市长", "", "市生态环境局，市财政局", "三季度末", ""],
        ["二、加快发展数字经济", "", "", "", "", "", ""],
        ["4", "新建5G基站1900座以上。", "李副市长", "市经信局", "", "年底前", ""],
    ]
    table = document.add_table(rows=len(rows), cols=len(HEADER))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            if value:
                table.cell(r, c).text = value
    for r in (0, 1, 3, 7):
        table.cell(r, 0).merge(table.cell(r, 6))
    table.cell(4, 3).merge(table.cell(6, 3))
    document.save(path)
    return path


def _by_seq(result):
    return {t.seq: t for t in result.tasks}


def test_header_roles():
    assert [header_role(h) for h in HEADER] == [
        "seq", "content", "official", "lead", "assist", "deadline", None]
    assert header_role("责 任 单 位") == "responsible"
    assert header_role("工作内容") == "content" and header_role("完成时间") == "deadline"
    assert header_role("协办单位") == "assist" and header_role("责任领导") == "official"


def test_xlsx_merged_cells_header_on_row_3(tmp_path, directory):
    result, sha, size, text = parse_file(build_xlsx(tmp_path / "分解表.xlsx"), directory)
    assert result.format == "xlsx"
    assert result.title == "2025年《政府工作报告》重点工作任务分解表" and result.year == 2025
    assert len(sha) == 64 and size > 0 and "推进汉江" in text
    tasks = _by_seq(result)
    assert list(tasks) == ["1", "2", "3", "4", "5"]
    # The section row merged across the table is a section, not a task.
    assert tasks["1"].section == "一、加快建设安全韧性现代水网"
    assert tasks["4"].section == "一、加快建设安全韧性现代水网 / （一）数字经济"
    # One lead unit merged over three tasks applies to each.
    assert [tasks[s].lead for s in "123"] == [["市水利和湖泊局"]] * 3
    # Units on separate lines, with 、 and with ，.
    assert tasks["1"].assist == ["市住建局", "市自然资源和规划局"]
    assert tasks["2"].assist == ["市农业农村局", "市财政局"]
    assert tasks["3"].assist == ["市生态环境局", "市财政局"]
    assert tasks["1"].note == "备注：省重点项目" and tasks["2"].note is None
    assert tasks["1"].lead_official == "张副市长" and tasks["3"].deadline_text == "三季度末"
    assert tasks["1"].source_line == 5 and tasks["4"].source_line == 9
    assert [t.seq for t in result.uncertain] == ["5"]
    assert "工作表「分解表」第10行：没有牵头单位" in tasks["5"].problems[0]


def test_xlsx_import_writes_units_in_one_go(tracker, tmp_path):
    path = build_xlsx(tmp_path / "分解表.xlsx")
    preview = tracker.imports.preview_import(path)
    assert preview.counts == {"new": 5, "update": 0, "same": 0}
    outcome = tracker.imports.apply_import(preview)
    assert outcome.created == 5
    water = tracker.ledger.tasks(unit="市水利和湖泊局")
    assert [t["seq"] for t in water] == ["1", "2", "3"]
    assert all(t["lead"] == ["市水利和湖泊局"] for t in water)
    assert tracker.ledger.task("1")["note"] == "备注：省重点项目"
    assert tracker.ledger.task("1")["deadline"] == "2025-06-30"
    # The same file again: nothing new, the plan is recognised.
    again = tracker.imports.preview_import(path)
    assert again.same_file and again.counts == {"new": 0, "update": 0, "same": 5}


def test_responsible_column_first_unit_leads(tmp_path, directory):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["序号", "工作任务", "责任单位", "完成时间"])
    ws.append([1, "深化“高效办成一件事”改革。", "市政务服务和大数据局、市发改委\n市司法局", "年底前"])
    path = tmp_path / "清单2025年.xlsx"
    wb.save(path)
    result, *_ = parse_file(path, directory)
    task = result.tasks[0]
    assert task.lead == ["市政务服务和大数据局"]
    assert task.assist == ["市发改委", "市司法局"]
    assert result.year == 2025          # from the file name
    assert task.problems == []


def test_docx_merged_cells(tmp_path, directory):
    result, sha, size, text = parse_file(build_docx(tmp_path / "方案.docx"), directory)
    assert result.format == "docx"
    assert result.title == "2025年重点工作任务分解方案" and result.year == 2025
    tasks = _by_seq(result)
    assert list(tasks) == ["1", "2", "3", "4"]
    assert [tasks[s].section for s in "1234"] == ["一、加快建设安全韧性现代水网"] * 3 + ["二、加快发展数字经济"]
    assert [tasks[s].lead for s in "123"] == [["市水利和湖泊局"]] * 3
    assert tasks["1"].assist == ["市住建局", "市自然资源和规划局"]
    assert tasks["3"].assist == ["市生态环境局", "市财政局"]
    assert tasks["1"].note == "备注：省重点项目"
    assert tasks["4"].lead == ["市经信局"] and tasks["4"].assist == []
    assert result.uncertain == []


def test_docx_table_split_over_pages(tmp_path, directory):
    """Word splits a long table: the second table has no header but the same columns."""
    document = docx.Document()
    document.add_paragraph("2024年任务清单")
    t1 = document.add_table(rows=2, cols=4)
    for c, v in enumerate(["序号", "任务内容", "牵头单位", "完成时限"]):
        t1.cell(0, c).text = v
    for c, v in enumerate(["1", "推进老旧小区改造。", "市住建局", "年底前"]):
        t1.cell(1, c).text = v
    document.add_paragraph("")
    t2 = document.add_table(rows=1, cols=4)
    for c, v in enumerate(["2", "建设城市公园。", "市城管执法局", "年底前"]):
        t2.cell(0, c).text = v
    path = tmp_path / "清单.docx"
    document.save(path)
    result, *_ = parse_file(path, directory)
    assert [(t.seq, t.lead) for t in result.tasks] == [("1", ["市住建局"]), ("2", ["市城管执法局"])]


@pytest.mark.parametrize("suffix,content,expected", [
    (".xlsx", b"just some text, not a workbook", "不是有效的 Excel"),
    (".docx", b"just some text, not a document", "不是有效的 Word"),
    (".xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "旧版 .xls"),
    (".docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "旧版 .doc"),
])
def test_bad_files_are_refused_by_name(tracker, tmp_path, suffix, content, expected):
    path = tmp_path / f"坏文件{suffix}"
    path.write_bytes(content)
    with pytest.raises(InputError) as err:
        tracker.imports.preview_import(path)
    assert expected in str(err.value) and f"坏文件{suffix}" in str(err.value)
    assert tracker.db["tasks"].count == 0


def test_no_table_and_no_header(tracker, tmp_path):
    document = docx.Document()
    document.add_paragraph("只有文字，没有表格。")
    path = tmp_path / "无表格.docx"
    document.save(path)
    with pytest.raises(InputError, match="没有表格") as err:
        tracker.imports.preview_import(path)
    assert "无表格.docx" in str(err.value)

    wb = openpyxl.Workbook()
    wb.active.title = "统计"
    wb.active.append(["姓名", "电话"])
    wb.active.append(["张三", "123"])
    path = tmp_path / "通讯录.xlsx"
    wb.save(path)
    with pytest.raises(InputError) as err:
        tracker.imports.preview_import(path)
    assert "通讯录.xlsx" in str(err.value) and "「统计」" in str(err.value) and "表头" in str(err.value)
    assert tracker.db["plans"].count == 0


def test_cli_imports_xlsx(tmp_path, db_path, capsys):
    path = build_xlsx(tmp_path / "分解表.xlsx")
    assert cli_main(["--db", str(db_path), "import", str(path), "--dry-run"]) == 0
    assert "识别任务 5 项，需核对 1 项" in capsys.readouterr().out
    assert cli_main(["--db", str(db_path), "import", str(path)]) == 0
    assert "新增 5 项" in capsys.readouterr().out


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed on this machine")
def test_xlsx_converted_by_libreoffice(tmp_path, directory):
    """LibreOffice writes merged cells and shared strings its own way; the result must read the same."""
    source = build_xlsx(tmp_path / "in.xlsx")
    out = tmp_path / "out"
    out.mkdir()
    profile = tmp_path / "lo_profile"
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{profile}",
                    "--convert-to", "xlsx", "--outdir", str(out), str(source)],
                   check=True, timeout=180, capture_output=True)
    converted = out / "in.xlsx"
    assert converted.exists() and converted.read_bytes() != source.read_bytes()
    original, *_ = parse_file(source, directory)
    result, *_ = parse_file(converted, directory)
    assert [(t.seq, t.section, t.content, t.lead, t.assist, t.note, t.deadline_text)
            for t in result.tasks] == \
           [(t.seq, t.section, t.content, t.lead, t.assist, t.note, t.deadline_text)
            for t in original.tasks]
    assert [t.lead for t in result.tasks[:3]] == [["市水利和湖泊局"]] * 3


def test_two_row_header_with_dates_and_numbers(tmp_path, directory):
    """责任单位 merged over 牵头单位 | 配合单位 on the row below; the other header cells
    merged down; 序号 typed as numbers and the deadline as an Excel date."""
    import datetime as dt
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["序号", "工作任务", "责任单位", None, "完成时限"])
    ws.append([None, None, "牵头单位", "配合单位", None])
    for rng in ("A1:A2", "B1:B2", "C1:D1", "E1:E2"):
        ws.merge_cells(rng)
    ws.append([1.0, "推进城区污水管网改造。", "市住建局", "市生态环境局", dt.datetime(2025, 9, 30)])
    path = tmp_path / "2025年清单.xlsx"
    wb.save(path)
    result, *_ = parse_file(path, directory)
    assert len(result.tasks) == 1
    task = result.tasks[0]
    assert (task.seq, task.lead, task.assist) == ("1", ["市住建局"], ["市生态环境局"])
    assert task.deadline_text == "2025年9月30日" and task.source_line == 3
