"""Progress records through the Tracker and the CLI: good reports, upserts audited,
assisting units beside the lead, milestones, and bad input that writes nothing.

Runs on the real 2023 潜江 breakdown (resources/seeds) in a temp SQLite file.
"""

from __future__ import annotations

import json

import pytest

from govtrack.cli import main
from govtrack.errors import GovtrackError, InputError, NotFoundError
from tests.conftest import BREAKDOWN_2023


@pytest.fixture
def ledger(tracker):
    tracker.imports.import_file(BREAKDOWN_2023, year=2023)
    return tracker


def counts(tr) -> tuple[int, int, int]:
    return (tr.db["progress"].count, tr.db["audit_log"].count, tr.db["milestones"].count)


def test_add_progress_defaults_to_lead_and_is_audited(ledger):
    row = ledger.progress.add_progress("1", period="2023-05", percent="45%", text="已完成汉江堤防加固前期工作",
                              problems="资金压力较大", next_steps="加快施工", reported_on="2023-05-24")
    assert (row["unit"], row["role"], row["percent"], row["action"]) == ("市水利和湖泊局", "lead", 45.0, "insert")
    audit = ledger.ledger.audit("progress", row["id"])
    assert [a["action"] for a in audit] == ["insert"]
    # The same task, unit and period again replaces the figures; the old ones stay in the audit.
    row2 = ledger.progress.add_progress("1", period="2023-05", percent=50, reported_on="2023-05-25")
    assert (row2["id"], row2["action"], row2["percent"]) == (row["id"], "update", 50.0)
    audit = ledger.ledger.audit("progress", row["id"])
    assert [a["action"] for a in audit] == ["insert", "update"]
    assert json.loads(audit[1]["before"])["percent"] == 45.0
    assert json.loads(audit[1]["after"])["percent"] == 50.0
    again = ledger.progress.add_progress("1", period="2023-05", percent=50, reported_on="2023-05-25")
    assert again["action"] == "same" and len(ledger.ledger.audit("progress", row["id"])) == 2


def test_assisting_unit_kept_beside_lead(ledger):
    ledger.progress.add_progress("1", period="2023-06", percent=60, reported_on="2023-06-20")
    ledger.progress.add_progress("1", period="2023-06", percent=40, unit="市住建局", text="配合完成管网设计",
                        reported_on="2023-06-19")
    ledger.progress.add_progress("1", period="2023-05", percent=45, reported_on="2023-05-20")
    hist = ledger.progress.progress_history("1")
    assert [(h["period"], h["unit"], h["role"]) for h in hist] == [
        ("2023-06", "市水利和湖泊局", "lead"), ("2023-06", "市住建局", "assist"),
        ("2023-05", "市水利和湖泊局", "lead")]
    # The task's percent is the lead unit's, not the assisting unit's.
    t = ledger.status.evaluate_tasks([ledger.ledger.task("1")], "2023-06-26")[0]
    assert (t["percent"], t["latest"]["unit"], t["latest"]["period"]) == (60.0, "市水利和湖泊局", "2023-06")
    # A report dated after the day looked at is not known yet on that day.
    t = ledger.status.evaluate_tasks([ledger.ledger.task("1")], "2023-06-19")[0]
    assert (t["percent"], t["latest"]["period"]) == (45.0, "2023-05")


def test_unit_alias_is_accepted(ledger):
    row = ledger.progress.add_progress("1", period="2023-06", percent=10, unit="市水利局", reported_on="2023-06-01")
    assert row["unit"] == "市水利和湖泊局"


BAD = [
    (dict(percent=101), InputError, "不是 0 到 100 之间的数字"),
    (dict(percent=-1), InputError, "不是 0 到 100 之间的数字"),
    (dict(percent="abc"), InputError, "不是 0 到 100 之间的数字"),
    (dict(percent="五十"), InputError, "不是 0 到 100 之间的数字"),
    (dict(percent=float("nan")), InputError, "不是 0 到 100 之间的数字"),
    (dict(percent=None), InputError, "不是 0 到 100 之间的数字"),
    (dict(percent=True), InputError, "不是 0 到 100 之间的数字"),
    (dict(task="#99999"), NotFoundError, "没有找到任务"),
    (dict(task="不存在的任务"), NotFoundError, "没有找到任务"),
    (dict(period="2023-6"), InputError, "应为 YYYY-MM"),
    (dict(period="2023/06"), InputError, "应为 YYYY-MM"),
    (dict(period="2023-13"), InputError, "应为 YYYY-MM"),
    (dict(period="六月"), InputError, "应为 YYYY-MM"),
    (dict(period="2022-12"), InputError, "早于任务所属计划年度 2023 年"),
    (dict(unit="市教育局"), InputError, "不是《关于分解落实〈政府工作报告〉的通知》第1项的责任单位"),
    (dict(unit="火星开发局"), InputError, "不是《关于分解落实〈政府工作报告〉的通知》第1项的责任单位"),
    (dict(reported_on="2022-12-31"), InputError, "早于任务所属计划年度 2023 年"),
    (dict(reported_on="2023-02-30"), InputError, "不是有效日期"),
    (dict(source="guess"), InputError, "来源"),
]


@pytest.mark.parametrize("bad,err,text", BAD, ids=[str(b[0]) for b in BAD])
def test_bad_input_writes_nothing(ledger, bad, err, text):
    ledger.progress.add_progress("1", period="2023-05", percent=45, reported_on="2023-05-20")
    before = counts(ledger)
    kw = dict(task="1", period="2023-06", percent=50, reported_on="2023-06-20")
    kw.update(bad)
    task = kw.pop("task")
    with pytest.raises(err) as e:
        ledger.progress.add_progress(task, **kw)
    assert text in str(e.value)
    assert isinstance(e.value, GovtrackError)
    assert counts(ledger) == before
    assert [h["percent"] for h in ledger.progress.progress_history("1")] == [45.0]


@pytest.mark.parametrize("args,text", [
    (["--percent", "120"], "不是 0 到 100 之间的数字"),
    (["--percent", "abc"], "不是 0 到 100 之间的数字"),
    (["--period", "2023-6"], "应为 YYYY-MM"),
    (["--unit", "市教育局"], "不是《关于分解落实〈政府工作报告〉的通知》第1项的责任单位"),
    (["--date", "2022-06-01"], "早于任务所属计划年度"),
])
def test_cli_bad_input(ledger, capsys, args, text):
    path = str(ledger.path)
    before = counts(ledger)
    base = {"--period": "2023-06", "--percent": "50", "--date": "2023-06-20"}
    for k, v in zip(args[::2], args[1::2]):
        base[k] = v
    argv = ["--db", path, "progress", "add", "1"] + [x for kv in base.items() for x in kv]
    capsys.readouterr()
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：") and text in err and "Traceback" not in err
    assert counts(ledger) == before


def test_cli_unknown_task(ledger, capsys):
    assert main(["--db", str(ledger.path), "progress", "add", "#4242", "--period", "2023-06",
                 "--percent", "5"]) == 2
    assert "没有找到任务「#4242」" in capsys.readouterr().err


def test_cli_add_and_list(ledger, capsys):
    path = str(ledger.path)
    assert main(["--db", path, "progress", "add", "2", "--period", "2023-06", "--percent", "55",
                 "--text", "河湖长制巡河全覆盖", "--problems", "部分河段保洁不到位", "--next", "加强考核",
                 "--date", "2023-06-21"]) == 0
    assert "已录入" in capsys.readouterr().out
    assert main(["--db", path, "progress", "list", "2", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["period"], r["percent"], r["progress_text"], r["problems"], r["next_steps"], r["source"])
            for r in rows] == [("2023-06", 55.0, "河湖长制巡河全覆盖", "部分河段保洁不到位", "加强考核", "typed")]
    assert main(["--db", path, "progress", "list", "2"]) == 0
    out = capsys.readouterr().out
    assert "存在问题：部分河段保洁不到位" in out and "共 1 条" in out


def test_milestones(ledger, capsys):
    m1 = ledger.progress.add_milestone("12", "长飞五期主体厂房封顶", "2023-05-31", 40)
    m2 = ledger.progress.add_milestone("12", "设备安装调试", "2023-09-30")
    assert [m["id"] for m in ledger.progress.milestones("12")] == [m1["id"], m2["id"]]
    done = ledger.progress.set_milestone_done(m1["id"], "2023-05-26")
    assert done["done_date"] == "2023-05-26"
    assert [a["action"] for a in ledger.ledger.audit("milestones", m1["id"])] == ["insert", "update"]
    # 40% by 31 May; the unshared node sits halfway between 40 and 100 → 70% on 30 Sep.
    t = ledger.status.evaluate_tasks([ledger.ledger.task("12")], "2023-09-30")[0]
    assert t["expected"] == 70.0
    before = counts(ledger)
    for args, text in [(("12", "", "2023-06-30"), "节点名称不能为空"),
                       (("12", "x", "2022-06-30"), "早于任务所属计划年度"),
                       (("12", "x", "2023-06-31"), "不是有效日期"),
                       (("12", "x", "2023-06-30", 130), "不是 0 到 100 之间的数字"),
                       (("#999", "x", "2023-06-30"), "没有找到任务")]:
        with pytest.raises(GovtrackError, match=text):
            ledger.progress.add_milestone(*args)
    with pytest.raises(NotFoundError):
        ledger.progress.set_milestone_done(4242, "2023-06-01")
    assert counts(ledger) == before
    capsys.readouterr()
    assert main(["--db", str(ledger.path), "milestone", "list", "12"]) == 0
    assert "已完成于 2023-05-26" in capsys.readouterr().out


def test_rule_settings_checked_and_stored(ledger, capsys):
    assert ledger.status.rule_settings().tolerance == 10
    before = counts(ledger)
    for key, value, text in [("tolerance", 500, "容差"), ("nonsense", 1, "没有名为"),
                             ("report_rule", "FREQ=MONTHLY;BYMONTHDAY=40", "不存在"),
                             ("default_end", "2-30", "不可用")]:
        with pytest.raises(InputError, match=text):
            ledger.status.set_rule_setting(key, value)
    assert counts(ledger) == before and ledger.db["settings"].count == 0
    ledger.status.set_rule_setting("task_lead_days", [30, 7])
    ledger.status.set_rule_setting("report_rule", "quarterly")
    s = ledger.status.rule_settings()
    assert (s.task_lead_days, s.report_rule) == ((30, 7), "quarterly")
    assert main(["--db", str(ledger.path), "rules", "set", "near_days", "10"]) == 0
    assert main(["--db", str(ledger.path), "rules", "show", "--json"]) == 0
    out = capsys.readouterr().out
    assert '"near_days": 10' in out
