"""Unit suggestions: the pure model, and the Tracker on the real 2023 breakdown (001)."""

from __future__ import annotations

import json

import pytest

from govtrack.cli import main as cli_main
from govtrack.errors import InputError, NotFoundError
from govtrack.app.assist import DraftTask, merge_drafts, read_deadline, renumber, split_draft
from govtrack.suggest import PastTask, UnitSuggester, bigrams, load_unit_fields, unit_cues

from .conftest import BREAKDOWN_2023, REPORT_2025

WATER = "推进汉江、东荆河、借粮湖等重点河湖堤防除险加固，增强区域防洪能力。"


@pytest.fixture(scope="module")
def tracker_2023(tmp_path_factory):
    from govtrack.tracker import Tracker
    tr = Tracker.open(tmp_path_factory.mktemp("suggest") / "ledger.sqlite")
    tr.imports.import_file(BREAKDOWN_2023, year=2023)
    yield tr
    tr.close()


# ---------------------------------------------------------------- pure model

def test_bigrams_and_cues():
    assert bigrams("新建5G基站") == ["新建", "基站", "5G"]
    assert "推进" not in bigrams("推进防洪工程")          # says nothing about who does it
    assert unit_cues("市水利和湖泊局") == ["水利", "湖泊"]
    assert unit_cues("市生态环境局") == ["生态", "环境"]


def test_ranking_follows_the_most_similar_past_tasks():
    history = [
        PastTask(1, "加快中小学校舍改造，建设义务教育学校", ["市教育局"], ["市财政局"]),
        PastTask(2, "推进职业教育产教融合，支持职业学校建设", ["市教育局"], ["市人社局"]),
        PastTask(3, "加强城市道路和公路建设，完善交通网络", ["市交通运输局"], ["市住建局"]),
    ]
    s = UnitSuggester(history).suggest("新建两所义务教育学校", k=3)
    assert s.lead[0].name == "市教育局" and s.lead[0].tasks == 2
    assert s.lead[0].score > 0.5
    assert s.evidence[0].task_id == 1 and s.evidence[0].similarity > s.evidence[-1].similarity
    assert "市教育局" not in [u.name for u in s.assist]   # the lead is not also an assistant
    assert s.assist[0].name in ("市财政局", "市人社局")
    # Leaving the evidence out changes the answer: nothing is hard-wired.
    s2 = UnitSuggester(history).suggest("新建两所义务教育学校", exclude={1, 2})
    assert [e.task_id for e in s2.evidence] != [1, 2]
    assert UnitSuggester(history).suggest("与任何往年任务都不相似的句子").confidence < 0.35


# ---------------------------------------------------------------- real 001 history

def test_water_sentence_suggests_water_bureau_first(tracker_2023):
    s = tracker_2023.assist.suggest_units(WATER, k=5)
    assert s.lead[0].name == "市水利和湖泊局"
    assert len(s.evidence) == 3
    assert [e.similarity for e in s.evidence] == sorted((e.similarity for e in s.evidence), reverse=True)
    assert any(e.lead == ["市水利和湖泊局"] for e in s.evidence)
    assert all(e.plan.startswith("2023年") for e in s.evidence)
    assert 0 <= s.confidence <= 1 and s.confidence_label in ("高", "中", "低")


@pytest.mark.parametrize("text,unit", [
    ("深化“高效办成一件事”改革，推进政务服务一网通办，优化营商环境。", "市政务服务和大数据局"),
    ("持续办好湖北“潜江龙虾”产业博览会，做强小龙虾产业链。", "市小龙虾产业发展促进中心"),
    ("加强国防动员和后备力量建设。", "市人武部"),
])
def test_real_sentences_top3(tracker_2023, text, unit):
    s = tracker_2023.assist.suggest_units(text)
    assert unit in [u.name for u in s.lead[:3]]


def test_leave_one_out_accuracy_floor(tracker_2023):
    """Measured 70% top-1 / 90% top-3 (benchmarks/bench_suggest.py); guard against regressions."""
    suggester = tracker_2023.assist.unit_suggester()
    history = suggester.history
    assert len(history) == 136
    top1 = top3 = 0
    by_label: dict[str, list[bool]] = {"高": [], "中": [], "低": []}
    for h in history:
        s = suggester.suggest(h.content, exclude={h.task_id})
        names = [u.name for u in s.lead]
        top1 += names[:1] == [h.lead[0]]
        top3 += h.lead[0] in names[:3]
        by_label[s.confidence_label].append(names[:1] == [h.lead[0]])
    assert top1 / 136 >= 0.60 and top3 / 136 >= 0.85
    # The confidence means something: higher labels are right more often.
    rate = {k: sum(v) / len(v) for k, v in by_label.items()}
    assert all(len(v) >= 10 for v in by_label.values())
    assert rate["高"] > rate["中"] > rate["低"]


def test_errors(tracker, tracker_2023):
    with pytest.raises(InputError, match="任务文本为空"):
        tracker_2023.assist.suggest_units("  ")
    with pytest.raises(NotFoundError, match="还没有带牵头单位的任务分解"):
        tracker.assist.suggest_units(WATER)


def test_split_report_with_suggestions(tracker_2023):
    result = tracker_2023.assist.split_report(REPORT_2025, suggest=True)
    split = result.split
    assert len(split.sections) == 8 and split.year == 2025
    assert len(result.suggestions) == len(split.tasks) > 80
    assert all(s.lead for s in result.suggestions)
    d = result.to_dict()
    assert d["task_count"] == len(split.tasks)
    assert d["tasks"][0]["suggested"]["lead"][0]["name"]
    assert d["tasks"][0]["section"].startswith("（一）")
    # Nothing was written.
    assert tracker_2023.db["plans"].count == 1


def test_split_refuses_a_non_report(tracker, tmp_path):
    path = tmp_path / "通知.txt"
    path.write_text("关于召开会议的通知\n请各单位准时参加。\n", encoding="utf-8")
    with pytest.raises(InputError, match="重点工作") as err:
        tracker.assist.split_report(path)
    assert "通知.txt" in str(err.value)


def test_cli_suggest_and_split(tmp_path, capsys):
    db = str(tmp_path / "cli.sqlite")
    assert cli_main(["--db", db, "import", str(BREAKDOWN_2023), "--year", "2023"]) == 0
    capsys.readouterr()
    assert cli_main(["--db", db, "suggest", WATER, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["lead"][0]["name"] == "市水利和湖泊局" and len(out["evidence"]) == 3
    assert cli_main(["--db", db, "suggest", WATER]) == 0
    text = capsys.readouterr().out
    assert "1. 市水利和湖泊局" in text and "依据" in text
    assert cli_main(["--db", db, "split", str(REPORT_2025), "--json", "--suggest"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert len(out["sections"]) == 8 and "suggested" in out["tasks"][0]
    assert cli_main(["--db", db, "split", str(REPORT_2025)]) == 0
    assert "8 个小节" in capsys.readouterr().out
    assert cli_main(["--db", db, "suggest", ""]) == 2


# ---------------------------------------------------------------- fields of work, corrections

def test_fields_file_reads_and_rarer_words_decide(tmp_path):
    fields = load_unit_fields()
    assert "堤防" in fields["市水利和湖泊局"] and "学校" in fields["市教育局"]
    own = tmp_path / "fields.tsv"
    own.write_text("# 注释\n水利局\t堤防、管理\n教育局\t学校、管理\n", encoding="utf-8")
    fields = load_unit_fields(own, canonical=lambda n: "市" + n)
    assert fields == {"市水利局": ["堤防", "管理"], "市教育局": ["学校", "管理"]}
    s = UnitSuggester([], fields=fields).suggest("加强堤防管理")
    assert s.lead[0].name == "市水利局" and s.lead[0].fields == ["堤防", "管理"]   # rarest first
    assert [u.name for u in s.lead] == ["市水利局", "市教育局"] and s.lead[0].score > 2 * s.lead[1].score
    assert "往年没有牵头过任务" in s.note          # said, not hidden
    assert load_unit_fields(tmp_path / "none.tsv") == {}


def test_a_unit_the_office_never_had_is_not_suggested():
    fields = {"市委组织部": ["人才"], "市教育局": ["学校"]}
    history = [PastTask(1, "新建义务教育学校", ["市教育局"])]
    s = UnitSuggester(history, fields=fields, units=["市教育局"]).suggest("加强高层次人才引进")
    assert "市委组织部" not in [u.name for u in s.lead]
    s = UnitSuggester(history, fields=fields, units=["市教育局", "市委组织部"]).suggest("加强高层次人才引进")
    assert s.lead[0].name == "市委组织部" and "人才" in s.lead[0].reason
    nothing = UnitSuggester(history, fields=fields, units=[]).suggest("召开全体会议")
    assert nothing.lead == [] and "无法推荐" in nothing.note and nothing.confidence == 0


def test_corrected_units_teach_the_next_suggestion(tracker_2023):
    text = "完善公益性公墓布点，建设集镇公墓。"
    before = tracker_2023.assist.suggest_units(text)
    assert before.lead[0].name == "市民政局"
    # A user moves a cemetery task to 市城管执法局: it now counts double for that unit.
    past = next(t for t in tracker_2023.ledger.tasks() if "公墓" in t["content"])
    tracker_2023.ledger.update_task(past["id"], lead="市城管执法局")
    after = tracker_2023.assist.suggest_units(text)
    row = next(e for e in after.evidence if e.task_id == past["id"])
    assert row.lead == ["市城管执法局"]
    assert tracker_2023.assist.unit_suggester().history[
        [h.task_id for h in tracker_2023.assist.unit_suggester().history].index(past["id"])].weight == 2.0
    assert "市城管执法局" in [u.name for u in after.lead[:2]]
    tracker_2023.ledger.update_task(past["id"], lead="市民政局")


# ---------------------------------------------------------------- drafts from the report

def test_drafts_merge_split_and_import_as_a_plan(tracker_2023):
    split = tracker_2023.assist.split_report(REPORT_2025, suggest=True)
    drafts = split.drafts()
    assert len(drafts) == len(split.split.tasks) and drafts[0].suggestion is not None
    n = len(drafts)
    merged = merge_drafts(drafts, 1, 0)
    assert len(merged) == n - 1
    assert merged[0].content.startswith(drafts[0].content.rstrip("。；"))
    assert drafts[1].content.strip() in merged[0].content
    again = split_draft(merged, 0, len(drafts[0].content))
    assert len(again) == n and again[1].content == drafts[1].content.strip()
    assert again[1].targets == [t for t in drafts[1].targets]
    ok, how = read_deadline("6月底前", 2025)
    assert ok and how.startswith("即 2025年6月30日")
    assert read_deadline("某天", 2025)[0] is False
    drafts = renumber(merged)
    for d in drafts:
        d.lead = [d.suggestion.lead[0].name] if d.suggestion and d.suggestion.lead else []
    drafts[0].lead = ["市水利局"]                           # any spelling the directory knows
    preview = tracker_2023.assist.preview_drafts(drafts, title="2025年重点工作分解", year=2025,
                                                 report=split)
    assert preview.counts["new"] == n - 1
    assert preview.parse.tasks[0].lead == ["市水利和湖泊局"]
    assert tracker_2023.db["plans"].count == 1               # nothing written by the preview
    out = tracker_2023.assist.apply_drafts(preview)
    plan = next(p for p in tracker_2023.plans.plans() if p["id"] == out.plan_id)
    assert plan["title"] == "2025年重点工作分解" and plan["year"] == 2025
    rows = tracker_2023.ledger.tasks(plan_id=out.plan_id)
    assert len(rows) == n - 1 and rows[0]["lead"] == ["市水利和湖泊局"]
    with pytest.raises(Exception, match="已导入"):
        tracker_2023.assist.apply_drafts(tracker_2023.assist.preview_drafts(
            drafts, title="2025年重点工作分解", year=2025, report=split))


def test_drafts_refuse_bad_input(tracker_2023):
    split = tracker_2023.assist.split_report(REPORT_2025)
    with pytest.raises(InputError, match="计划名称"):
        tracker_2023.assist.preview_drafts(split.drafts(), title=" ", year=2025, report=split)
    empty = [DraftTask("7", "（一）", "  ")]
    with pytest.raises(InputError, match="序号 7"):
        tracker_2023.assist.preview_drafts(empty, title="x", year=2025, report=split)
    with pytest.raises(InputError, match="无法合并"):
        merge_drafts(split.drafts(), 0, 0)
    with pytest.raises(InputError, match="一半是空的"):
        split_draft(split.drafts(), 0, 0)


def test_plans_of_2025_predicted_from_2023(tracker_2023):
    """000's （责任单位：…） items, lead predicted from the 2023 history (the held-out check)."""
    from govtrack.importers.breakdown import parse_breakdown
    from govtrack.importers.source import read_source
    directory = tracker_2023.ctx.unit_directory()
    items = [t for t in parse_breakdown(read_source(REPORT_2025), directory, year=2025).tasks if t.lead]
    assert len(items) == 32
    known = {h.lead[0] for h in tracker_2023.assist.unit_suggester().history}
    hits = [t.lead[0] in [u.name for u in tracker_2023.assist.suggest_units(t.content).lead[:3]] for t in items]
    seen = [h for h, t in zip(hits, items) if t.lead[0] in known]
    assert len(seen) == 23
    assert sum(hits) / 32 >= 0.6 and sum(seen) / 23 >= 0.8


def test_split_a_docx_of_the_report(tracker, tmp_path):
    """The report as Word gives the same candidates as its text (paragraphs one a line)."""
    import docx
    text = REPORT_2025.read_text(encoding="utf-8")
    doc = docx.Document()
    for line in text.splitlines():
        doc.add_paragraph(line)
    path = tmp_path / "2025年政府工作报告.docx"
    doc.save(str(path))
    from_docx = tracker.assist.split_report(path)
    from_text = tracker.assist.split_report(REPORT_2025)
    assert [t.content for t in from_docx.split.tasks] == [t.content for t in from_text.split.tasks]
    assert from_docx.file_name == path.name and len(from_docx.split.tasks) == 124
    broken = tmp_path / "坏文件.docx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(InputError, match="不是有效的 Word") as err:
        tracker.assist.split_report(broken)
    assert "坏文件.docx" in str(err.value)
