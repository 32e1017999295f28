"""The importer on the real breakdown excerpts of tests/fixtures/breakdowns: figures and shapes.

Each excerpt is imported into a fresh database as a new office would (no unit directory),
then compared with its hand-written NAME.expected.json by the corpus scoring rules.
"""

import json

import pytest

from govtrack.importers.breakdown import parse_breakdown
from govtrack.importers.source import read_source
from govtrack.units import UnitDirectory

from .corpus_scoring import FIXTURES, import_and_list, score_corpus, score_file, year_of_name

NAMES = sorted(p.name[: -len(".expected.json")] for p in FIXTURES.glob("*.expected.json"))


def _parse(name):
    return parse_breakdown(read_source(FIXTURES / f"{name}.txt"), UnitDirectory(),
                           year=year_of_name(name))


def _by_text(result, start):
    return next(t for t in result.tasks if t.content.replace(" ", "").startswith(start))


def test_every_excerpt_and_its_source_line_are_there():
    assert len(NAMES) == 18
    for name in NAMES:
        assert (FIXTURES / f"{name}.txt").read_text(encoding="utf-8").startswith("# source: http")


def test_corpus_figures_meet_the_thresholds():
    t = score_corpus()["total"]
    assert t["tasks"] == 101
    assert t["units"] >= 0.95 * t["tasks"], t
    assert t["leader"] >= 0.95 * t["leader_of"], t
    assert t["deadline"] >= 0.95 * t["deadline_of"], t


@pytest.mark.parametrize("name", NAMES)
def test_each_excerpt_imports_with_its_units(name, tmp_path):
    expected = json.loads((FIXTURES / f"{name}.expected.json").read_text(encoding="utf-8"))
    res = score_file(expected, import_and_list(FIXTURES / f"{name}.txt", tmp_path / "t.sqlite"))
    wrong = [r for r in res if not r["found"] or not r["units"]
             or r.get("leader") is False or r.get("deadline") is False]
    assert len(wrong) <= len(res) // 10, wrong


# ---------------------------------------------------------------- shapes, one by one

def test_traditional_characters_and_dropped_prefix_01():
    r = _parse("01_guangzhou_2006")
    t = r.tasks[0]
    assert (t.lead, t.assist) == (["市经贸委"], ["市发改委", "市国土房管局", "市外经贸局", "市规划局"])
    assert r.year == 2006 and r.doc_no and "〔2006〕" in r.doc_no


def test_role_words_02():
    r = _parse("02_jiangsu_2006")
    t = _by_text(r, "将约束性指标纳入")
    assert (t.lead, t.assist) == (["省委有关部门"], ["省人事厅"])       # 省人事厅配合省委有关部门落实
    assert any("未区分牵头与配合" in n for n in r.notes)                  # …按职责分工负责 said once


def test_leader_and_lead_from_headings_04():
    r = _parse("04_shanxi_2008")
    t = _by_text(r, "全面加强审计工作")
    assert t.lead == ["省审计厅"] and t.assist == ["省直各部门", "各市人民政府"]
    assert t.lead_official == "孟学农"
    assert _by_text(r, "加强政府自身建设").lead_official == "薛延忠"
    assert not any(x.content.startswith("全面负责") for x in r.tasks)   # no unit: not a task


def test_pipe_cells_with_broken_names_and_merged_lead_06():
    r = _parse("06_changsha_2012")
    assert r.format == "flat_text_table"
    assert _by_text(r, "推进国家安全工作发展").lead == ["市政府办公厅"]    # merged from the row above
    assert _by_text(r, "想问题").lead == ["市监察局"]                     # 市/监/察/局 joined


def test_run_on_items_and_zhuban_xieban_07():
    r = _parse("07_heilongjiang_2013")
    a, b = r.tasks[0], r.tasks[1]
    assert a.seq == "一" and a.lead == ["省发改委"]
    assert (b.lead, b.assist) == (["省财政厅"], ["省国税局", "省地税局"])


def test_labels_on_one_line_and_table_noise_cut_08():
    r = _parse("08_ningbo_2014")
    t = _by_text(r, "新辟公交线路")
    assert t.lead_official == "王仁洲" and t.assist == ["市公安局", "市城管局", "各区政府"]
    assert "项目责任人" not in (t.lead_official or "")


def test_shared_clause_line_12():
    r = _parse("12_yuncheng_2017")
    subs = [t for t in r.tasks if t.seq in ("1", "2", "3", "4") and "应急预案" in t.content][:4]
    assert len(subs) == 4
    assert all(t.lead + t.assist == ["市直各有关单位", "各县（市、区）人民政府", "各开发区管委会"] for t in subs)


def test_cell_per_line_with_deadline_and_leader_columns_13():
    r = _parse("13_lueyang_2019")
    t = _by_text(r, "“两馆一站”")
    assert (t.deadline_text, t.lead_official) == ("12月底前", "夏俊贵")
    assert t.lead + t.assist == ["文化宣传股", "文化馆", "图书馆"]


def test_run_together_table_15():
    r = _parse("15_zhonglou_2021")
    t = _by_text(r, "推进大庙弄")
    assert (t.lead_official, t.lead) == ("芮春祥", ["住建局"])
    assert all(t.problems for t in r.tasks)                           # inferred: flagged


def test_two_flattened_tables_after_prose_17():
    r = _parse("17_shapingba_2022")
    assert [t.lead for t in r.tasks[:3]] == [["区发展改革委"], ["区发展改革委"], ["区经济信息委"]]
    assert r.title.startswith("重庆市沙坪坝区")


def test_prose_subjects_and_governing_deadline_11():
    r = _parse("11_beijing_2016")
    assert r.format == "prose"
    assert [t.deadline_text for t in r.tasks] == ["今年11月底前"] * 4 + ["12月底前"]
    assert all(t.problems for t in r.tasks)


def test_label_lines_21():
    t = _parse("21_liaoning_2024").tasks[0]
    assert t.lead == ["省发展改革委"] and t.lead_official.replace(" ", "") == "王健"
    assert "各市人民政府" in t.assist and "省商务厅" in t.assist


def test_section_heading_row_and_empty_leader_cell_22():
    r = _parse("22_liaozhong_2024")
    a, b = r.tasks[0], r.tasks[1]
    assert a.lead_official is None and b.lead_official == "冯冬昌"
    assert a.section == "一、做大做强主导产业"


def test_pipe_rows_units_by_space_and_progress_column_24():
    r = _parse("24_jishui_nd")
    t = r.tasks[0]
    assert t.lead + t.assist == ["县教体局", "各相关乡镇政府"] and t.deadline_text is None
    assert "落实情况" in (t.note or "")


def test_year_missing_is_assumed_and_said(tmp_path):
    from govtrack.tracker import Tracker
    tr = Tracker.open(tmp_path / "y.sqlite")
    p = tr.imports.preview_import(FIXTURES / "24_jishui_nd.txt")
    assert p.year_assumed and any("没有写明年度" in n for n in p.parse.notes)
    assert tr.db["tasks"].count == 0                                  # a preview writes nothing
    tr.close()
