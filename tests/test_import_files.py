"""Wrong files, the preview an office sees, and the office's own unit directory."""

from __future__ import annotations

import json

import openpyxl
import pytest

from govtrack.cli import main as cli_main
from govtrack.errors import InputError
from govtrack.units import UnitDirectory, UnitRecord, split_unit_list

from .conftest import BREAKDOWN_2023


def _txt(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


@pytest.mark.parametrize("suffix", [".doc", ".xls", ".et", ".wps"])
def test_old_office_files_are_sent_to_save_as(tracker, tmp_path, suffix):
    p = tmp_path / f"分解表{suffix}"
    p.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 600)
    with pytest.raises(InputError) as e:
        tracker.imports.preview_import(p)
    assert "另存为 .docx/.xlsx 后导入" in str(e.value) and p.name in str(e.value)


def test_returned_fill_in_workbook_points_to_forms_import(demo_tracker, tmp_path):
    form = demo_tracker.returns.export_forms("2023-06", tmp_path / "out")[0]
    with pytest.raises(InputError) as e:
        demo_tracker.imports.preview_import(form)
    assert "govtrack forms import" in str(e.value)


def test_no_task_says_what_was_tried_and_what_was_read(tracker, tmp_path):
    p = _txt(tmp_path, "memo.txt", "会议纪要\n今天开会研究了食堂的菜单。\n下周再议。\n")
    with pytest.raises(InputError) as e:
        tracker.imports.preview_import(p)
    msg = str(e.value)
    assert "已尝试" in msg and "被拉平的表格" in msg and "今天开会研究了食堂的菜单" in msg


def test_new_database_has_no_units_and_keeps_the_office_spelling(tracker, tmp_path):
    assert tracker.units.list() == []
    p = _txt(tmp_path, "cs.txt", "2024年重点工作分工方案\n1.推进项目。（牵头单位：发改委；配合单位：财政局）\n"
                                  "2.抓好招商。（牵头单位：商务局）\n")
    preview = tracker.imports.preview_import(p)
    notes = [n for n in preview.parse.notes if n.startswith("新建单位")]
    assert notes == ["新建单位 3 个：发改委、财政局、商务局"]           # said once, with the list
    assert tracker.db["units"].count == 0                              # nothing written by a preview
    tracker.imports.apply_import(preview)
    assert [u["name"] for u in tracker.units.list()] == ["发改委", "财政局", "商务局"]
    assert all(u["aliases"] == [] for u in tracker.units.list())           # no 潜江 names behind its back


def test_generic_forms_propose_an_alias_never_rename(tracker, tmp_path):
    tracker.imports.import_file(_txt(tmp_path, "a.txt", "2024年分工方案\n1.推进项目。（牵头单位：市发改委）\n"))
    p = _txt(tmp_path, "b.txt", "2024年第二批分工方案\n1.抓好投资。（牵头单位：市发展和改革委员会）\n")
    preview = tracker.imports.preview_import(p)
    assert preview.alias_proposals == {"市发展和改革委员会": "市发改委"}
    assert preview.parse.tasks[0].lead == ["市发展和改革委员会"]       # as written until the user says
    assert any("可能就是已有的「市发改委」" in n for n in preview.parse.notes)
    tracker.imports.apply_import(preview, accept_aliases=True)
    assert [u["name"] for u in tracker.units.list()] == ["市发改委"]
    assert tracker.units.list()[0]["aliases"] == ["市发展和改革委员会"]


def test_seed_units_is_the_demo_directory_only_when_asked(tracker):
    assert tracker.imports.seed_units() > 50
    assert "市发展和改革委员会" in next(u for u in tracker.units.list() if u["name"] == "市发改委")["aliases"]


def test_uncertain_tasks_are_listed_with_their_reason(tmp_path, db_path, capsys):
    p = _txt(tmp_path, "odd.txt", "2024年分工方案\n1.推进项目建设。（责任单位：请有关方面研究）\n"
                                   "2.抓好招商。（牵头单位：市商务局）\n")
    assert cli_main(["--db", str(db_path), "import", str(p), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "需核对 第2行 序号1" in out and "无法拆分" in out and "序号2" not in out
    assert cli_main(["--db", str(db_path), "import", str(p), "--dry-run", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["uncertain_count"] == 1 and d["tasks"][0]["problems"]


def test_one_splitter_for_every_caller():
    """市发改委、财政局 means 市财政局 for the importer, the task editor and the wizard alike."""
    assert split_unit_list("市发改委、财政局")[0] == ["市发改委", "市财政局"]
    office = UnitDirectory([UnitRecord("市财政局", aliases=["财政局"])])
    assert split_unit_list("市发改委、财政局", office)[0] == ["市发改委", "市财政局"]
    assert split_unit_list("各县（市、区）人民政府、市直各单位")[0] == ["各县（市、区）人民政府", "市直各单位"]


def test_seed_breakdown_still_136_tasks(tracker):
    out = tracker.imports.import_file(BREAKDOWN_2023)
    assert out.created == 136
    assert all(t["lead"] for t in tracker.ledger.tasks())


def test_xlsx_with_a_title_but_no_task_header_is_refused(tracker, tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["通讯录"])
    wb.active.append(["姓名", "电话"])
    p = tmp_path / "contacts.xlsx"
    wb.save(p)
    with pytest.raises(InputError) as e:
        tracker.imports.preview_import(p)
    assert "没有找到任务表头" in str(e.value)


def test_damaged_bytes_after_a_bom_are_named_not_a_traceback(tracker, tmp_path):
    p = tmp_path / "bom.txt"
    p.write_bytes("\ufeff2024年分工方案\n".encode("utf-8") + b"\xff\xfe\xfd\n"
                  + "1.推进项目。（牵头单位：市商务局）\n".encode("utf-8"))
    preview = tracker.imports.preview_import(p)
    assert any("第 2 行有无法识别的字节" in n for n in preview.parse.notes)
    assert preview.parse.tasks[0].lead == ["市商务局"]


def test_control_characters_removed_and_said(tracker, tmp_path):
    p = _txt(tmp_path, "ctl.txt", "2024年分工方案\n1.推进\x1b[31m项目\x0c建设。（牵头单位：市商务局）\n")
    preview = tracker.imports.preview_import(p)
    assert preview.parse.tasks[0].content == "推进项目建设。"
    assert any("控制字符" in n and "第 2 行" in n for n in preview.parse.notes)


def test_oversized_text_is_refused_before_parsing(tracker, tmp_path, monkeypatch):
    from govtrack.importers import source
    monkeypatch.setattr(source, "MAX_TEXT_BYTES", 1000)
    p = _txt(tmp_path, "big.txt", "1.推进项目。（牵头单位：市商务局）\n" * 100)
    with pytest.raises(InputError) as e:
        tracker.imports.preview_import(p)
    assert "远超" in str(e.value) and tracker.db["tasks"].count == 0


def test_urls_and_numbers_in_task_text_stay_as_written(tracker, tmp_path):
    p = _txt(tmp_path, "url.txt", "2024年分工方案\n1.上线http://zwfw.example.cn,服务1,000人次。（牵头单位：市政数局）\n")
    t = tracker.imports.preview_import(p).parse.tasks[0]
    assert "http://zwfw.example.cn" in t.content and "1,000人次" in t.content


def test_pasted_word_table_html_goes_through_the_same_preview(tracker):
    html = ("<p>2024年重点工作任务分解表</p><table><tr><td>序号</td><td>重点工作</td><td>牵头单位</td>"
            "<td>配合单位</td></tr><tr><td>1</td><td>新建学校3所。</td><td>县教育局</td>"
            "<td>县财政局<br>县住建局</td></tr></table>")
    preview = tracker.imports.preview_pasted("ignored text", html)
    t = preview.parse.tasks[0]
    assert (t.content, t.lead, t.assist) == ("新建学校3所。", ["县教育局"], ["县财政局", "县住建局"])
    assert preview.parse.year == 2024 and tracker.db["tasks"].count == 0
    tracker.imports.apply_import(preview)
    assert tracker.db["tasks"].count == 1


def test_pasted_excel_tab_rows(tracker):
    text = "序号\t重点工作\t责任单位\r\n1\t完成老旧小区改造15个。\t县住建局\r\n"
    t = tracker.imports.preview_pasted(text, year=2024).parse.tasks[0]
    assert (t.content, t.lead) == ("完成老旧小区改造15个。", ["县住建局"])
