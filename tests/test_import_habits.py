"""Unit-cell habits in Word and Excel tables built here, read back through the importer; one
real round trip through LibreOffice; the stated "first listed leads" rule in a text."""

from __future__ import annotations

import shutil
import subprocess

import docx
import openpyxl
import pytest

from govtrack.importers import parse_file
from govtrack.importers.breakdown import parse_breakdown
from govtrack.importers.source import read_source
from govtrack.units import UnitDirectory

HABITS = [  # (责任单位 cell as an office writes it, lead, assist)
    ("★区发改局、区财政局", ["区发改局"], ["区财政局"]),
    ("区住建局、区城管局*", ["区城管局"], ["区住建局"]),
    ("区教育局牵头，区财政局、区人社局配合", ["区教育局"], ["区财政局", "区人社局"]),
    ("区商务局、区文旅局分别牵头", ["区商务局", "区文旅局"], []),
    ("区卫健委\n区医保局", ["区卫健委"], ["区医保局"]),
    ("各镇人民政府（街道办事处）、区民政局", ["各镇人民政府（街道办事处）"], ["区民政局"]),
]


def _xlsx(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["附件1"])
    ws.append(["2024年政府工作报告重点任务分解表"])
    ws.append(["序号", "工作任务", "牵头领导", "责任单位", "完成时限"])
    for k, (cell, _, _) in enumerate(HABITS, start=1):
        ws.append([k, f"第{k}项重点工作，按期完成。", "王 健" if k == 1 else None, cell, "12月底前"])
    ws.merge_cells(start_row=4, start_column=3, end_row=4 + len(HABITS) - 1, end_column=3)
    wb.save(path)
    return path


def _docx(path):
    d = docx.Document()
    d.add_paragraph("附件")
    d.add_paragraph("某区人民政府办公室关于印发重点工作任务分解表的通知")
    d.add_paragraph("某政办发〔2024〕3号")
    t = d.add_table(rows=1 + len(HABITS), cols=4)
    for c, h in enumerate(["序号", "重点工作", "责任领导", "责任单位"]):
        t.cell(0, c).text = h
    for k, (cell, _, _) in enumerate(HABITS, start=1):
        t.cell(k, 0).text = str(k)
        t.cell(k, 1).text = f"第{k}项重点工作，按期完成。"
        t.cell(k, 3).text = cell
    t.cell(1, 2).merge(t.cell(len(HABITS), 2)).text = "李 明"
    d.save(path)
    return path


def _check(result):
    assert [(t.lead, t.assist) for t in result.tasks] == [(lead, assist) for _, lead, assist in HABITS]


def test_xlsx_unit_cell_habits_and_merged_leader(tmp_path):
    r, *_ = parse_file(_xlsx(tmp_path / "habits.xlsx"), UnitDirectory())
    _check(r)
    assert r.title == "2024年政府工作报告重点任务分解表" and r.year == 2024   # never 附件1
    assert {t.lead_official for t in r.tasks} == {"王 健"}


def test_docx_unit_cell_habits_title_and_year_from_doc_no(tmp_path):
    p = _docx(tmp_path / "habits.docx")
    r, *_ = parse_file(p, UnitDirectory())
    _check(r)
    assert r.title.startswith("某区人民政府办公室") and r.year == 2024
    assert {t.lead_official for t in r.tasks} == {"李 明"}


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_docx_saved_again_by_libreoffice_reads_the_same(tmp_path):
    (tmp_path / "src").mkdir()
    src = _docx(tmp_path / "src" / "habits.docx")
    out = tmp_path / "out"
    subprocess.run([SOFFICE, "--headless", "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out),
                    str(src)], check=True, capture_output=True, timeout=180,
                   env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    r, *_ = parse_file(out / "habits.docx", UnitDirectory())
    _check(r)


def test_stated_rule_replaces_the_undifferentiated_warning(tmp_path):
    base = "2024年重点工作任务分工方案\n1.推进项目建设。（责任单位：区发改局、区财政局）\n"
    plain = tmp_path / "plain.txt"
    plain.write_text(base, encoding="utf-8")
    stated = tmp_path / "stated.txt"
    stated.write_text("说明：责任单位中排序第一的单位为牵头单位。\n" + base, encoding="utf-8")
    a = parse_breakdown(read_source(plain), UnitDirectory())
    b = parse_breakdown(read_source(stated), UnitDirectory())
    assert any("未区分牵头与配合" in n for n in a.notes)
    assert not any("未区分牵头与配合" in n for n in b.notes) and any("排序第一" in n for n in b.notes)
    assert a.tasks[0].lead == b.tasks[0].lead == ["区发改局"]
