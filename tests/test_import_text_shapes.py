"""Shapes written here the way other offices write them (labels, headings, tables in text)."""

from govtrack.importers.breakdown import parse_breakdown
from govtrack.importers.source import read_source
from govtrack.units import UnitDirectory


def _parse(tmp_path, text):
    p = tmp_path / "plan.txt"
    p.write_text(text, encoding="utf-8")
    return parse_breakdown(read_source(p), UnitDirectory())


LABELS = """2025年某区政府工作报告重点任务分工方案
二、张三常委、常务副区长牵头重点工作
1.推进城市更新行动。
牵头单位:区住建局
协同(责任)单位:区财政局
牵头(负责)领导:李四
2.加快数字政府建设。(区大数据局、区政务服务中心)
3.优化营商环境。(区发改局负责)
4.抓好安全生产。
部门分工:区应急局牵头,各镇、各部门配合。
5.推进乡村振兴。(区农业农村局主办,区财政局、区水利局协办;完成时限:2025年12月底前)
6.稳定就业。(责任单位:★区人社局、区财政局)
"""


def test_labels_headings_marks(tmp_path):
    r = _parse(tmp_path, LABELS)
    got = [(t.seq, t.lead, t.assist, t.lead_official, t.deadline_text) for t in r.tasks]
    assert got == [
        ("1", ["区住建局"], ["区财政局"], "李四", None),
        ("2", ["区大数据局"], ["区政务服务中心"], "张三", None),
        ("3", ["区发改局"], [], "张三", None),
        ("4", ["区应急局"], ["各镇", "各部门"], "张三", None),
        ("5", ["区农业农村局"], ["区财政局", "区水利局"], "张三", "2025年12月底前"),
        ("6", ["区人社局"], ["区财政局"], "张三", None),
    ]
    assert r.year == 2025


def test_tab_rows_keep_quota_columns_as_notes(tmp_path):
    r = _parse(tmp_path, "2024年重点工作任务分解表\n序号\t重点工作\t牵头单位\t配合单位\t完成时限\t备注\n"
                         "1\t新建学校3所，增加学位2000个。\t县教育局\t县财政局、县自然资源局\t9月底前\t12亿元\n"
                         "2\t完成老旧小区改造15个。\t县住建局\t\t年底前\t\n")
    a, b = r.tasks
    assert (a.lead, a.assist, a.deadline_text, a.note) == (["县教育局"], ["县财政局", "县自然资源局"],
                                                          "9月底前", "备注：12亿元")
    assert (b.lead, b.assist) == (["县住建局"], [])


def test_pipe_rows_with_leading_bar_and_shared_suffix(tmp_path):
    r = _parse(tmp_path, "附件\n2024年重点工作任务分解表\n| 序号 | 重点工作 | 责任领导 | 牵头单位 | 配合单位 |\n"
                         "| 1 | 新建学校3所。 | 王五 | 县教育局 | 县财政局 |\n"
                         "| 2 | 改造小区15个。 |  | 县住建局 | 各乡、镇人民政府 |\n")
    a, b = r.tasks
    assert (a.content, a.lead_official, a.lead) == ("新建学校3所。", "王五", ["县教育局"])
    assert b.assist == ["各乡人民政府", "各镇人民政府"] and b.lead_official is None
    assert r.title == "2024年重点工作任务分解表"
