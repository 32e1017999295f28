"""Unit name normalization and splitting."""

import pytest

from govtrack.units import UnitDirectory, guess_kind, load_builtin


@pytest.fixture(scope="module")
def directory():
    return UnitDirectory(load_builtin())


@pytest.mark.parametrize("text, expected", [
    ("市水利和湖泊局市住建局", ["市水利和湖泊局", "市住建局"]),
    ("潜江高新区管委会泽口街道", ["潜江高新区管委会", "泽口街道"]),
    ("市民政局市委平安办", ["市民政局", "市委平安办"]),
    ("市发改委、财政局、规划局", ["市发改委", "市财政局", "市自然资源和规划局"]),
    ("市發改委、財政局", ["市发改委", "市财政局"]),
    ("市发展和改革委员会", ["市发改委"]),
    ("市 住建局 ， 市城管执法局", ["市住建局", "市城管执法局"]),
    ("市交通运输局市城发集团(市高新投公司)", ["市交通运输局", "市城发集团"]),
    ("市农业农村局各管理区", ["市农业农村局", "各管理区"]),
    ("市市场监管局各区镇街道", ["市市场监管局", "各区镇街道"]),
    ("团市委市人社局", ["团市委", "市人社局"]),
])
def test_split_list(directory, text, expected):
    names, problems = directory.split_list(text)
    assert names == expected
    assert problems == []


def test_unknown_glued_units_still_split_and_are_flagged(directory):
    names, problems = directory.split_list("市甲乙局市丙丁委")
    assert names == ["市甲乙局", "市丙丁委"]
    assert len(problems) == 1 and "拆为 市甲乙局、市丙丁委" in problems[0]


def test_implied_prefix_for_unknown_department(directory):
    names, problems = directory.split_list("市发改委、新设局")
    assert names == ["市发改委", "市新设局"]
    assert problems == []   # a new name is not a problem: the preview lists new units once


def test_unsplittable_text_is_reported(directory):
    names, problems = directory.split_list("请各有关方面")
    assert any("无法拆分" in p for p in problems)


def test_groups_and_kinds(directory):
    assert directory.record("各区镇街道").is_group
    assert guess_kind("渔洋镇") == "区镇街道"
    assert guess_kind("市交投集团") == "国企"
    assert guess_kind("市财政局") == "市直部门"
