"""A group task's percent and status come from its members (the slowest sets the pace), the
总览 lists a group that is not fully in, messages name tasks by plan and 序号, the progress
grid refuses rows another window changed, and the unit directory's members are audited.

Real SQLite (the demo database), the real command line; docs/rules.md "A group and its members".
"""

from __future__ import annotations

import datetime as dt
import doctest
import json
import os
import subprocess
import sys

import pytest

from govtrack.app import status as status_module
from govtrack.app.entry_grid import progress_grid
from tests.conftest import sql
from govtrack.errors import ConflictError, InputError
from govtrack.rules import TaskTiming, evaluate

DAY = dt.date(2023, 10, 31)          # after the October round's due day (25 October)
GROUP = "各区镇街道"
MEMBERS = ["泽口街道", "王场镇", "总口管理区"]
PLAN = "《【演示数据】2023年〈政府工作报告〉重点工作任务清单》"


def group_task(tr, reports: dict[str, float] | None = None, *, on: str = "2023-10-20") -> dict:
    """Task 5 led by 各区镇街道 (three members); ``reports``: member → October percent."""
    tr.units.set_members(GROUP, MEMBERS)
    task = tr.ledger.task("5")
    tr.ledger.update_task(task["id"], lead=GROUP)
    for unit, pct in (reports or {}).items():
        tr.progress.add_progress(task["id"], period="2023-10", percent=pct, unit=unit, reported_on=on)
    return tr.ledger.task(task["id"])


def state_of(tr, task_id, day=DAY) -> dict:
    return next(t for t in tr.status.task_states(day) if t["id"] == task_id)


def rule_verdict(tr, pct, day=DAY):
    """What the pure rules say for a whole-year task at ``pct`` (task 5 is due 31 December)."""
    ev = evaluate(TaskTiming(dt.date(2023, 1, 1), dt.date(2023, 12, 31), False, ()), pct, day,
                  tr.status.rule_settings(), reported=True)
    return ev.status.value, ev.light.value


def run_cli(db_path, *args, ok=True):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    p = subprocess.run([sys.executable, "-m", "govtrack", "--db", str(db_path), *args],
                       capture_output=True, text=True, encoding="utf-8", env=env)
    assert (p.returncode == 0) == ok, p.stderr
    return p


def test_doctests():
    assert doctest.testmod(status_module).failed == 0


# ------------------------------------------------------------------ the verdict

def test_three_members_40_60_100_make_the_task_40(demo):
    task = group_task(demo, {"泽口街道": 40, "王场镇": 60, "总口管理区": 100})
    t = state_of(demo, task["id"])
    assert t["percent"] == 40 and t["latest"]["unit"] == "泽口街道" and t["latest"]["period"] == "2023-10"
    assert (t["status"], t["light"]) == rule_verdict(demo, 40) == ("欠进度", "red")
    assert t["reported"] is True
    assert t["group_reporting"] == {"state": "已报送", "reported": 3, "units": 3, "missing": []}
    group = next(u for u in demo.status.unit_reporting(DAY)["units"] if u["unit"] == GROUP)
    assert group["state"] == "已报送" and group["members_missing"] == []


def test_one_member_missing_is_partial_like_the_reporting_rule(demo):
    task = group_task(demo, {"泽口街道": 60, "王场镇": 40})
    t = state_of(demo, task["id"])
    assert t["percent"] == 40 and t["latest"]["unit"] == "王场镇"
    assert (t["status"], t["light"]) == rule_verdict(demo, 40)        # not 未报送: two are in
    assert t["reported"] is False                                     # not every member yet
    assert t["group_reporting"] == {"state": "部分报送", "reported": 2, "units": 3, "missing": ["总口管理区"]}
    rep = {u["unit"]: u for u in demo.status.unit_reporting(DAY)["units"]}
    assert rep[GROUP]["state"] == "部分报送" and rep[GROUP]["member_reports"] == 2
    assert rep[GROUP]["members_missing"] == ["总口管理区"]
    assert rep["总口管理区"]["state"] == "未报送" and rep["王场镇"]["state"] == "已报送"
    chased = {u["unit"] for u in demo.reminders.chase_list(DAY)["units"]}
    assert "总口管理区" in chased and not chased & {GROUP, "泽口街道", "王场镇"}
    # the slowest counts even when it is the last one in, and late is 迟报
    demo.progress.add_progress(task["id"], period="2023-10", percent=20, unit="总口管理区",
                               reported_on="2023-10-27")
    t = state_of(demo, task["id"])
    assert t["percent"] == 20 and t["latest"]["unit"] == "总口管理区" and t["reported"] is True
    assert t["group_reporting"]["state"] == "迟报"


def test_untouched_until_a_member_reports_and_stale_members_count(demo):
    before = {t["id"]: (t["status"], t["percent"]) for t in demo.status.task_states(DAY)}
    task = group_task(demo)
    t = state_of(demo, task["id"])
    # nobody has reported for the group: 未报送 (市生态环境局's old reports are no lead's now)
    assert t["status"] == "未报送" and t["percent"] is None
    assert t["group_reporting"]["state"] == "未报送" and t["group_reporting"]["missing"] == MEMBERS
    after = {x["id"]: (x["status"], x["percent"]) for x in demo.status.task_states(DAY)}
    assert {k: v for k, v in after.items() if k != task["id"]} == {k: v for k, v in before.items()
                                                                     if k != task["id"]}
    # September reports only: the task keeps the slowest percent, but the round is missing
    for unit, pct in (("泽口街道", 55), ("王场镇", 35)):
        demo.progress.add_progress(task["id"], period="2023-09", percent=pct, unit=unit,
                                   reported_on="2023-09-22")
    t = state_of(demo, task["id"])
    assert t["percent"] == 35 and t["status"] == "未报送" and t["reported"] is False
    # one October report: the status follows the percent, which still counts 王场镇's 35
    demo.progress.add_progress(task["id"], period="2023-10", percent=80, unit="泽口街道",
                               reported_on="2023-10-20")
    t = state_of(demo, task["id"])
    assert t["percent"] == 35 and t["latest"]["unit"] == "王场镇"
    assert t["status"] == rule_verdict(demo, 35)[0] and t["group_reporting"]["reported"] == 1


def test_all_members_at_100_is_done_and_the_group_without_members_reports_itself(demo):
    task = group_task(demo, dict.fromkeys(MEMBERS, 100))
    assert state_of(demo, task["id"])["status"] == "已完成"
    demo.units.set_members(GROUP, [])
    t = state_of(demo, task["id"])
    assert t["status"] == "未报送" and "group_reporting" not in t
    demo.progress.add_progress(task["id"], period="2023-10", percent=70, unit=GROUP, reported_on="2023-10-20")
    assert state_of(demo, task["id"])["percent"] == 70


def test_a_second_lead_beside_the_group_is_one_more_member(demo):
    task = group_task(demo, dict.fromkeys(MEMBERS, 90))
    demo.ledger.update_task(task["id"], lead=[GROUP, "市财政局"])
    t = state_of(demo, task["id"])
    assert t["group_reporting"]["units"] == 4 and t["group_reporting"]["missing"] == ["市财政局"]
    demo.progress.add_progress(task["id"], period="2023-10", percent=30, unit="市财政局", reported_on="2023-10-20")
    t = state_of(demo, task["id"])
    assert t["percent"] == 30 and t["latest"]["unit"] == "市财政局" and t["reported"] is True


def test_bulletin_and_status_json_agree(demo_tracker, db_path):
    task = group_task(demo_tracker, {"泽口街道": 40, "王场镇": 60, "总口管理区": 100})
    report = demo_tracker.reports.monthly_report_data("2023-10", today=DAY.isoformat(), fresh=True)
    line = next(t for t in report.lagging if t.id == task["id"])
    assert (line.percent, line.status, line.light) == (40, "欠进度", "red")
    summary = demo_tracker.status.status_summary(DAY)
    demo_tracker.close()
    out = json.loads(run_cli(db_path, "status", "--today", DAY.isoformat(), "--json").stdout)
    shown = next(t for t in out["lagging"] if t["id"] == task["id"])
    assert (shown["percent"], shown["status"], shown["light"], shown["reported"]) == (40, "欠进度", "red", True)
    assert out["counts"] == summary["counts"] == {**report.counts, "total": report.total_tasks}
    group = next(u for u in out["per_unit"] if u["unit"] == GROUP)
    assert group["reporting"] == "已报送" and group["led"] == 1


# ------------------------------------------------------------------ the 总览

def test_overview_lists_the_group_with_its_missing_members(demo):
    group_task(demo, {"泽口街道": 60})
    out = demo.reminders.overview(DAY)
    row = next(u for u in out["units_not_reported"] if u["unit"] == GROUP)
    assert row["reporting"] == "部分报送" and row["members_missing"] == ["王场镇", "总口管理区"]
    assert GROUP not in out["units_reported"]            # the 催报 test leaves the group out
    for unit in ("王场镇", "总口管理区"):
        demo.progress.add_progress("5", period="2023-10", percent=50, unit=unit, reported_on="2023-10-24")
    out = demo.reminders.overview(DAY)
    assert GROUP not in {u["unit"] for u in out["units_not_reported"]}


# ------------------------------------------------------------------ messages

def test_messages_name_the_task_by_plan_and_seq(demo_tracker, db_path):
    tr = demo_tracker
    task = tr.ledger.task("12")
    with pytest.raises(InputError) as e:
        tr.ledger.update_task(task["id"], content="  ")
    assert f"{PLAN}第12项的工作任务内容不能为空" in str(e.value) and "#" not in str(e.value)
    shown = dict(task)
    tr.ledger.update_task(task["id"], note="另一窗口")
    with pytest.raises(ConflictError) as e:
        tr.ledger.update_task(task["id"], note="我的", since=shown)
    assert str(e.value).startswith(f"{PLAN}第12项在您打开后已被他人修改")
    green = next(t for t in tr.status.task_states("2023-10-31") if t["notice_colour"] is None
                 and t["status"] != "未报送")
    with pytest.raises(InputError) as e:
        tr.reports.notice_data(f"#{green['id']}", "2023-10-31")
    assert f"{PLAN}第{green['seq']}项截至" in str(e.value) and f"#{green['id']}" not in str(e.value)
    reminders = [r for r in tr.reminders.reminders(DAY) if r.task_id]
    # One plan in scope: the list is that plan's, its lines say 第N项 (docs/rules.md).
    assert reminders and all(r.message.startswith("第") for r in reminders)
    second = db_path.parent / "second.txt"
    second.write_text("2023年第二批重点工作任务\n1. 完善城市排水防涝设施。（责任单位：市住建局）\n",
                      encoding="utf-8")
    tr.imports.import_file(second, year=2023)
    assert len(tr.ledger.scope(DAY)) == 2
    reminders = [r for r in tr.reminders.reminders(DAY) if r.task_id]
    assert reminders and all(r.message.startswith(PLAN + "第") for r in reminders)
    red = next(t for t in tr.status.task_states("2023-10-31") if t["notice_colour"] == "red")
    tr.close()
    run_cli(db_path, "report", "notice", f"#{red['id']}", "--today", "2023-10-31", "--issue",
            "-o", str(db_path.parent / "n.pdf"))
    out = run_cli(db_path, "report", "issued").stdout
    assert f"{PLAN}第{red['seq']}项" in out and f"#{red['id']}" not in out


# ------------------------------------------------------------------ the progress grid

def test_grid_save_refuses_rows_changed_meanwhile_and_writes_nothing(demo):
    unit = demo.ledger.task("12")["lead"][0]
    rows = progress_grid(demo, unit, "2023-10")
    since = {r["task"]["id"]: dict(r["current"]) for r in rows}        # what the grid showed
    t12 = demo.ledger.task("12")["id"]
    other = next(tid for tid in since if tid != t12)
    count = lambda: demo.db.execute("SELECT count(*), total(percent) FROM progress").fetchone()  # noqa: E731
    # another window saves task 12 for the same unit and period
    demo.progress.add_progress(t12, period="2023-10", percent=77, unit=unit, text="另一窗口")
    before = count()
    mine = [{"task": other, "percent": "33", "text": "我的"}, {"task": t12, "percent": "50", "text": "我的"}]
    with pytest.raises(ConflictError) as e:
        demo.progress.add_progress_many(mine, period="2023-10", unit=unit, since=since)
    assert f"{PLAN}第12项" in str(e.value) and "本次操作未作任何改动" in str(e.value)
    assert e.value.tasks == [t12] and "完成%" in e.value.fields and "进展情况" in e.value.fields
    assert count() == before                                   # nothing written, not even row 1
    # writing what the other window wrote is no conflict
    demo.progress.add_progress_many([{"task": t12, "percent": "77", "text": "另一窗口"}],
                                    period="2023-10", unit=unit, since=since)
    # 覆盖: without since, mine wins
    demo.progress.add_progress_many(mine, period="2023-10", unit=unit)
    now = demo.ledger.unit_progress(unit, "2023-10")
    assert (now[t12]["percent"], now[other]["percent"]) == (50, 33)


# ------------------------------------------------------------------ the unit directory

def test_members_are_audited_and_the_cli_clears_them(demo_tracker, db_path):
    demo_tracker.units.set_members(GROUP, MEMBERS)
    demo_tracker.units.set_members(GROUP, ["王场镇", "泽口街道"])
    with pytest.raises(InputError):
        demo_tracker.units.set_members(GROUP, [GROUP])
    demo_tracker.close()
    audit = sql(db_path, "SELECT action, json_extract(COALESCE(after, before), '$.member_id'), "
                         "json_extract(after, '$.ord') FROM audit_log WHERE table_name = 'unit_members' "
                         "ORDER BY id")
    ids = dict(sql(db_path, "SELECT name, id FROM units"))
    assert [a for a, _, _ in audit] == ["insert"] * 3 + ["delete", "update", "update"]
    assert audit[3][1] == ids["总口管理区"] and (audit[4][1], audit[4][2]) == (ids["王场镇"], 0)
    p = run_cli(db_path, "units", "members", GROUP, ok=False)
    assert p.returncode == 2 and "--clear" in p.stderr and "Traceback" not in p.stderr
    out = run_cli(db_path, "units", "members", GROUP, "--clear").stdout
    assert "已清空" in out
    assert sql(db_path, "SELECT count(*) FROM unit_members")[0][0] == 0
    assert sql(db_path, "SELECT count(*) FROM audit_log WHERE table_name = 'unit_members' "
                        "AND action = 'delete'")[0][0] == 3
    out = run_cli(db_path, "units", "members", GROUP, "泽口街道", "王场镇").stdout
    assert "泽口街道、王场镇" in out
