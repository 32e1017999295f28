"""The breakdown importer on the real seed documents, and the import transaction."""

import json
import sqlite3

import pytest

from govtrack.errors import DuplicateError, InputError
from govtrack.importers.breakdown import parse_breakdown
from govtrack.importers.source import read_source
from govtrack.units import UnitDirectory, load_builtin

from .conftest import BREAKDOWN_2023, REPORT_2025


@pytest.fixture(scope="module")
def parsed_2023():
    return parse_breakdown(read_source(BREAKDOWN_2023), UnitDirectory(load_builtin()))


def test_2023_breakdown_has_136_tasks_in_order(parsed_2023):
    assert parsed_2023.format == "flat_table"
    assert parsed_2023.year == 2023
    assert [t.seq for t in parsed_2023.tasks] == [str(n) for n in range(1, 137)]
    assert parsed_2023.uncertain == []


@pytest.mark.parametrize("seq, lead, assist, ending", [
    ("1", ["市水利和湖泊局"], ["市住建局", "返湾湖湿地公园管理处"], "建设可靠无虞安全水网。"),
    ("87", ["市金融办"], ["市银保监组", "各银行机构"], "“银种子”企业。"),
    ("134", ["市民政局"], ["市委平安办"], "提升社会治理效能。"),
    ("116", ["市民政局"], ["市残联", "市妇联"], "构建分层分类的社会救助体系。"),
    ("56", ["市住建局"], ["市城发集团", "市国资委", "市发改委", "市自然资源和规划局",
                          "市水利和湖泊局", "市征收办", "泽口街道", "后湖管理区", "总口管理区"],
     "同价、同服务。"),
    ("20", ["潜江高新区管委会"], ["市城发集团", "泽口街道", "王场镇"], "竞争新优势。"),
    ("5", ["市生态环境局"], [], "争创国家生态文明建设示范市。"),
    ("133", ["市应急管理局"], ["市公安局"], "稳妥应对各种矛盾挑战。"),
])
def test_2023_rows(parsed_2023, seq, lead, assist, ending):
    t = parsed_2023.tasks[int(seq) - 1]
    assert t.seq == seq
    assert t.lead == lead
    assert t.assist == assist
    assert t.content.endswith(ending)


def test_no_task_text_ends_in_a_unit_name(parsed_2023):
    directory = UnitDirectory(load_builtin())
    for t in parsed_2023.tasks:
        assert t.content[-1] in "。！？；", (t.seq, t.content[-20:])
        assert not any(t.content.endswith(s) for s in directory.spellings())


def test_2025_plans_inline_units():
    r = parse_breakdown(read_source(REPORT_2025), UnitDirectory(load_builtin()))
    assert r.format == "inline_units"
    assert len(r.tasks) == 32
    assert r.uncertain == []
    first = r.tasks[0]
    assert first.content.startswith("支持产业链式发展。")
    assert first.lead == ["市经信局"]
    assert first.assist == ["市发改委", "市农业农村局", "市小龙虾产业发展促进中心"]
    assert first.section.endswith("（一）实施数字转型赋能行动")
    # the clause broken over two lines in the source
    broken = next(t for t in r.tasks if t.content.startswith("加大案例宣传引导"))
    assert broken.lead == ["市经信局"] and "基础电信运营企业" in broken.assist
    # the clause standing alone on the line after its item
    alone = next(t for t in r.tasks if t.content.startswith("开展数字化评估诊断"))
    assert alone.assist == ["市通发办", "基础电信运营企业"]
    # a second plan in the same file starts its own section path
    assert any(t.section.startswith("统筹推进教育科技人才一体化发展的工作方案") for t in r.tasks)
    assert all("（责任单位" not in t.content for t in r.tasks)


def _write(tmp_path, name, text, encoding="utf-8"):
    p = tmp_path / name
    p.write_bytes(text.encode(encoding))
    return p


def test_inline_variants(tmp_path):
    text = "\n".join([
        "2024年重点工作任务分工方案",
        "一、扩大有效投资",
        "（一）抓好项目建设",
        "1.新开工亿元以上项目100个。（牵头单位：市发改委；配合单位：财政局、住建局；完成时限：6月底前）",
        "2、推进老旧小区改造。(市住建局牵头，市财政局、市城发集团配合)",
        "（1）深化改革。（市财政局、市国资委牵头，各区镇街道按职责分工负责）",
        "一是办好民生实事。（責任單位：市民政局、市衛健委；牵头领导：张三）",
    ])
    r = parse_breakdown(read_source(_write(tmp_path, "plan.txt", text)), UnitDirectory(load_builtin()))
    assert r.year == 2024
    a, b, c, d = r.tasks
    assert (a.seq, a.lead, a.assist, a.deadline_text) == ("1", ["市发改委"], ["市财政局", "市住建局"], "6月底前")
    assert a.section == "2024年重点工作任务分工方案 / 一、扩大有效投资 / （一）抓好项目建设"
    assert (b.seq, b.lead, b.assist) == ("2", ["市住建局"], ["市财政局", "市城发集团"])
    assert (c.seq, c.lead, c.assist) == ("1", ["市财政局", "市国资委"], ["各区镇街道"])
    assert (d.seq, d.lead, d.assist, d.lead_official) == ("一是", ["市民政局"], ["市卫健委"], "张三")
    assert a.content == "新开工亿元以上项目100个。"


@pytest.mark.parametrize("name, data, needle", [
    ("empty.txt", b"", "空的"),
    ("blank.txt", b"  \n\n ", "空的"),
    ("picture.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "二进制"),
    ("prose.txt", "今天天气很好。\n我们去公园散步。\n".encode("utf-8"), "没有识别出任何任务"),
])
def test_bad_files_get_a_chinese_message_and_write_nothing(tracker, tmp_path, name, data, needle):
    p = tmp_path / name
    p.write_bytes(data)
    before = tracker.db["audit_log"].count
    with pytest.raises(InputError) as e:
        tracker.imports.import_file(p, year=2023)
    assert needle in str(e.value) and name in str(e.value)
    assert tracker.db["tasks"].count == 0 and tracker.db["audit_log"].count == before


def test_gbk_file_is_read(tracker, tmp_path):
    text = "2023年任务分工\n1.推进项目建设。（责任单位：市发改委、财政局）\n"
    p = _write(tmp_path, "gbk.txt", text, "gbk")
    preview = tracker.imports.preview_import(p)
    assert any("GBK" in n for n in preview.parse.notes)
    assert preview.parse.tasks[0].assist == ["市财政局"]


def test_unsplittable_units_are_listed_with_the_line(tracker, tmp_path):
    text = "2023年任务分工\n\n1.推进项目建设。（责任单位：请有关方面研究）\n"
    preview = tracker.imports.preview_import(_write(tmp_path, "odd.txt", text))
    t = preview.parse.uncertain[0]
    assert t.source_line == 3 and any("无法拆分" in p for p in t.problems)


def test_import_twice_does_not_duplicate_and_update_is_audited(tracker, tmp_path):
    out = tracker.imports.import_file(BREAKDOWN_2023)
    assert out.created == 136
    assert tracker.db["tasks"].count == 136
    with pytest.raises(DuplicateError) as e:
        tracker.imports.import_file(BREAKDOWN_2023)
    assert "已导入" in str(e.value)
    assert tracker.db["tasks"].count == 136
    # an edited copy of the file updates the plan in place, with audit records
    changed = BREAKDOWN_2023.read_text(encoding="utf-8").replace("推深做实林长制。", "推深做实林长制，全面推行。")
    p = _write(tmp_path, BREAKDOWN_2023.name, changed)
    preview = tracker.imports.preview_import(p)
    assert preview.counts == {"new": 0, "update": 1, "same": 135}
    out = tracker.imports.apply_import(preview, update=True)
    assert out.updated == 1 and tracker.db["tasks"].count == 136
    t9 = tracker.ledger.task("9")
    assert t9["content"] == "推深做实林长制，全面推行。"
    entries = [a for a in tracker.ledger.audit("tasks", t9["id"]) if a["action"] == "update"]
    assert json.loads(entries[-1]["before"])["content"] == "推深做实林长制。"


def test_failed_import_leaves_database_unchanged(tracker, monkeypatch):
    from govtrack.store import ledger
    calls = {"n": 0}
    real = ledger.insert_task

    def failing(*a, **k):
        calls["n"] += 1
        if calls["n"] == 50:
            raise sqlite3.OperationalError("disk I/O error (simulated)")
        return real(*a, **k)

    monkeypatch.setattr(ledger, "insert_task", failing)
    with pytest.raises(sqlite3.OperationalError):
        tracker.imports.import_file(BREAKDOWN_2023)
    assert tracker.db["tasks"].count == 0
    assert tracker.db["plans"].count == 0
    assert tracker.db["units"].count == 0
