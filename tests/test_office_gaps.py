"""The three gaps of an office's year: a group's members answer for its tasks (forms, returns,
the reporting rule, 催报); messages name a task by plan and 序号; settings saved all or nothing.

On copies of the demo database (the real 2023 潜江 breakdown); task 5 is given to 各区镇街道
with three members, as an office does for 「各区镇街道」 tasks. Workbooks are written and
read back with openpyxl; what was stored is checked with plain SQL.
"""

from __future__ import annotations

import datetime as dt
import doctest
import os
import subprocess
import sys

import pytest
from openpyxl import load_workbook

from govtrack.app import labels, units as units_module
from tests.conftest import sql
from govtrack.errors import InputError
from govtrack.returns_io.layout import COL_INDEX, DATA_SHEET, FIRST_DATA_ROW

DAY = dt.date(2023, 10, 31)          # after the October round's due day (25 October)
GROUP = "各区镇街道"
MEMBERS = ["泽口街道", "王场镇", "总口管理区"]
PLAN = "《【演示数据】2023年〈政府工作报告〉重点工作任务清单》"


def group_task(tr) -> dict:
    """Task 5 (市生态环境局's) led by 各区镇街道, which lists three members."""
    tr.units.set_members(GROUP, MEMBERS)
    task = tr.ledger.task("5")
    tr.ledger.update_task(task["id"], lead=GROUP)
    return tr.ledger.task(task["id"])


def form_rows(path) -> dict[str, dict]:
    """序号 → the row of a written form as the unit sees it."""
    wb = load_workbook(path)
    ws = wb[DATA_SHEET]
    out = {}
    for r in range(FIRST_DATA_ROW, ws.max_row + 1):
        seq = ws.cell(r, COL_INDEX["seq"]).value
        if seq:
            out[str(seq)] = {"row": r, "role": ws.cell(r, COL_INDEX["role"]).value,
                             "lead": ws.cell(r, COL_INDEX["lead"]).value,
                             "unit": ws["C3"].value}
    wb.close()
    return out


def test_helpers_doctests():
    assert doctest.testmod(labels).failed == 0
    assert doctest.testmod(units_module).failed == 0


# ------------------------------------------------------------------ forms

def test_each_member_gets_a_form_with_the_group_task(demo, tmp_path):
    task = group_task(demo)
    paths = demo.returns.export_forms("2023-10", tmp_path / "g", unit=GROUP)
    assert len(paths) == 3
    by_unit = {}
    for p in paths:
        rows = form_rows(p)
        by_unit[next(iter(rows.values()))["unit"]] = rows
    assert set(by_unit) == set(MEMBERS)
    for unit, rows in by_unit.items():
        assert rows[task["seq"]]["role"] == "牵头" and rows[task["seq"]]["lead"] == GROUP, unit

    everyone = demo.returns.export_forms("2023-10", tmp_path / "all")
    names = {p.name for p in everyone}
    assert not any(GROUP in n for n in names)               # the group itself gets no form
    assert all(any(m in n for n in names) for m in MEMBERS)
    # its assisting tasks reach the members too, as 协办
    assisted = [t for t in demo.ledger.tasks() if GROUP in t["assist"]]
    assert assisted
    zk = form_rows(next(p for p in everyone if "泽口街道" in p.name))
    assert all(zk[t["seq"]]["role"] == "协办" for t in assisted)

    status = {r["unit"]: r for r in demo.returns.returns_status("2023-10", DAY)}
    assert GROUP not in status and all(status[m]["open_lead_tasks"] == 1 for m in MEMBERS)


def test_a_group_without_members_is_a_unit_as_before(demo, tmp_path):
    task = group_task(demo)
    demo.units.set_members(GROUP, [])
    (path,) = demo.returns.export_forms("2023-10", tmp_path, unit=GROUP)
    assert form_rows(path)[task["seq"]]["unit"] == GROUP
    chased = [u["unit"] for u in demo.reminders.chase_list(DAY)["units"]]
    assert GROUP in chased and not set(MEMBERS) & set(chased)
    with pytest.raises(InputError, match="不是.*第5项的责任单位"):
        demo.progress.add_progress("5", period="2023-10", percent=50, unit="王场镇", reported_on="2023-10-20")


# ------------------------------------------------------------------ reporting and 催报

def test_chase_names_the_members_and_the_group_counts_when_all_reported(demo):
    task = group_task(demo)
    rep = {u["unit"]: u for u in demo.status.unit_reporting(DAY)["units"]}
    assert rep[GROUP]["group"] and rep[GROUP]["state"] == "未报送"
    assert all(rep[m]["state"] == "未报送" and rep[m]["tasks"] == 1 for m in MEMBERS)
    chase = {u["unit"]: u for u in demo.reminders.chase_list(DAY)["units"]}
    assert GROUP not in chase and all(chase[m]["groups"] == [GROUP] for m in MEMBERS)
    text = demo.reminders.chase_message(DAY)
    assert f"王场镇（{GROUP}）：牵头 1 项均未报送" in text and f"{GROUP}：" not in text
    keys = {r.key for r in demo.reminders.reminders(DAY)}
    assert {f"report:2023-10:unit:{m}" for m in MEMBERS} <= keys
    assert f"report:2023-10:unit:{GROUP}" not in keys

    row = demo.progress.add_progress("5", period="2023-10", percent=60, unit="泽口街道",
                                     text="已完成本镇部分", reported_on="2023-10-20")
    assert row["role"] == "lead"
    rep = {u["unit"]: u for u in demo.status.unit_reporting(DAY)["units"]}
    assert rep["泽口街道"]["state"] == "已报送"
    assert rep[GROUP]["state"] == "部分报送" and rep[GROUP]["member_reports"] == 1
    assert "泽口街道" not in {u["unit"] for u in demo.reminders.chase_list(DAY)["units"]}

    for m in ("王场镇", "总口管理区"):
        demo.progress.add_progress("5", period="2023-10", percent=70, unit=m, reported_on="2023-10-27")
    rep = {u["unit"]: u for u in demo.status.unit_reporting(DAY)["units"]}
    assert rep[GROUP]["state"] == "迟报"                    # the last member came after the 25th
    chased = {u["unit"] for u in demo.reminders.chase_list(DAY)["units"]}
    assert not (set(MEMBERS) | {GROUP}) & chased
    summary = {u["unit"]: u for u in demo.status.status_summary(DAY)["per_unit"]}
    assert summary[GROUP]["reporting"] == "迟报"
    history = demo.progress.progress_history(task["id"])
    assert {(r["unit"], r["role"]) for r in history if r["period"] == "2023-10" and r["unit"] in MEMBERS} == {
        (m, "lead") for m in MEMBERS}


def test_cli_remind_and_forms_status_follow(demo_tracker, db_path):
    group_task(demo_tracker)
    demo_tracker.close()
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}

    def run(*args):
        p = subprocess.run([sys.executable, "-m", "govtrack", "--db", str(db_path), *args],
                           capture_output=True, text=True, encoding="utf-8", env=env)
        assert p.returncode == 0, p.stderr
        return p.stdout

    out = run("remind", "--today", DAY.isoformat())
    assert all(f"{m}未按时报送" in out for m in MEMBERS) and f"{GROUP}未按时报送" not in out
    out = run("forms", "status", "--period", "2023-10", "--today", DAY.isoformat())
    assert all(m in out for m in MEMBERS)


# ------------------------------------------------------------------ returns

def _fill(path, seq, percent, text="本镇已完成", *, shift=False, hide=None):
    """Fill a form as a unit would; ``shift`` inserts a row above the tasks (the rows move)."""
    wb = load_workbook(path)
    ws = wb[DATA_SHEET]
    row = next(r for r in range(FIRST_DATA_ROW, ws.max_row + 1) if str(ws.cell(r, 1).value) == seq)
    if shift:
        ws.insert_rows(FIRST_DATA_ROW)
        row += 1
    if hide:
        ws.row_dimensions[hide].hidden = True
    ws.cell(row, COL_INDEX["percent"]).value = percent
    ws.cell(row, COL_INDEX["progress_text"]).value = text
    wb.save(path)
    wb.close()
    return row


def test_a_members_return_is_recorded_under_the_member(demo, tmp_path):
    task = group_task(demo)
    (path,) = demo.returns.export_forms("2023-10", tmp_path, unit="王场镇")
    _fill(path, task["seq"], 65)
    preview, outcome = demo.returns.import_returns([path], received_on="2023-10-24")
    assert outcome.applied == 1, preview.report_lines()
    row = next(r for r in preview.files[0].rows if r.task_id == task["id"])
    assert (row.action, row.role) == ("insert", "lead")
    assert sql(demo.path, "SELECT u.name, p.percent, p.progress_text, p.source FROM progress p "
                          "JOIN units u ON u.id = p.unit_id WHERE p.task_id = ? AND p.period = '2023-10' "
                          "AND p.source = 'imported'",
               [task["id"]]) == [("王场镇", 65.0, "本镇已完成", "imported")]
    rep = {u["unit"]: u for u in demo.status.unit_reporting(DAY)["units"]}
    assert rep["王场镇"]["state"] == "已报送" and rep[GROUP]["state"] == "部分报送"


def test_return_rows_are_the_rows_excel_shows_and_tasks_are_named_by_plan(demo, tmp_path):
    task = group_task(demo)
    (path,) = demo.returns.export_forms("2023-10", tmp_path, unit="王场镇")
    # The unit inserted a row above the tasks and hid another: the task now sits one row
    # lower, and the message points at the row number Excel shows beside it.
    exported = form_rows(path)[task["seq"]]["row"]
    row = _fill(path, task["seq"], "八十", shift=True, hide=FIRST_DATA_ROW + 3)
    assert row == exported + 1
    preview = demo.returns.preview_returns([path], received_on="2023-10-24")
    (problem,) = [p for p in preview.problems() if p.field == "本期完成进度(%)"]
    assert problem.row == row
    assert f"第 {row} 行" in str(problem)

    # The task leaves the group after the export: named by plan and 序号, no database id.
    demo.ledger.update_task(task["id"], lead="市生态环境局")
    _fill(path, task["seq"], 80, shift=False)
    preview = demo.returns.preview_returns([path], received_on="2023-10-24")
    msgs = [p.message for p in preview.problems() if p.field == "序号"]
    assert msgs == [f"{PLAN}第{task['seq']}项在台账中已不属于王场镇，未导入"]
    assert "#" not in msgs[0]


def test_errors_name_the_task_by_plan_and_seq(demo):
    with pytest.raises(InputError) as e:
        demo.tasklife.extend("12", to="2023-12-31", reason="")
    assert f"{PLAN}第12项" in str(e.value)
    with pytest.raises(InputError) as e:
        demo.progress.add_progress("12", period="2023-10", percent=50, unit="市人武部")
    assert f"不是{PLAN}第12项的责任单位" in str(e.value)
    unit = demo.ledger.task("12")["lead"][0]
    with pytest.raises(InputError) as e:
        demo.progress.add_progress_many([{"task": "12", "percent": "九十"}], period="2023-10", unit=unit)
    assert str(e.value).count("第12项") == 1 and PLAN in str(e.value)


# ------------------------------------------------------------------ settings

def settings_rows(path):
    return sql(path, "SELECT key, value FROM settings ORDER BY key")


def test_set_many_is_all_or_nothing(demo):
    demo.settings.set("report.contact", "王五")
    before = settings_rows(demo.path)
    audit = sql(demo.path, "SELECT count(*) FROM audit_log")[0][0]
    with pytest.raises(InputError) as e:
        demo.settings.set_many({"office.name": "某某市人民政府督查室", "report.phone": "0728-1",
                                "rules.tolerance": "很多", "rules.task_lead_days": [7, 1]})
    assert e.value.field == "欠进度容差（百分点）" and "很多" in str(e.value) and "均未保存" in str(e.value)
    assert settings_rows(demo.path) == before
    assert sql(demo.path, "SELECT count(*) FROM audit_log")[0][0] == audit

    with pytest.raises(InputError) as e:           # two bad values: both named
        demo.settings.set_many({"rules.tolerance": -5, "font.kaiti": "/nowhere/楷体.ttf"})
    assert "欠进度容差" in str(e.value) and "楷体字体文件" in str(e.value)
    assert settings_rows(demo.path) == before

    # 容差 40 is refused beside the stored 红灯差距 30, accepted with 红灯差距 50 given after it
    with pytest.raises(InputError, match="欠进度容差"):
        demo.settings.set_many({"rules.tolerance": 40})
    demo.settings.set_many({"rules.tolerance": 40, "rules.red_gap": 50})
    assert (demo.status.rule_settings().tolerance, demo.status.rule_settings().red_gap) == (40, 50)
    demo.settings.set_many({"rules.tolerance": 10, "rules.red_gap": 30})
    before = settings_rows(demo.path)
    with pytest.raises(InputError, match="红灯差距"):     # a pair that is wrong together: neither saved
        demo.settings.set_many({"rules.red_gap": 20, "rules.tolerance": 25})
    assert settings_rows(demo.path) == before

    changes = demo.settings.set_many({"office.name": "某某市人民政府督查室", "rules.tolerance": 8})
    assert "settings" in changes
    assert [r["key"] for r in changes.result] == ["office.name", "rules.tolerance"]
    assert dict(settings_rows(demo.path))["rules.tolerance"] == "8"
    assert dict(settings_rows(demo.path))["office.name"] == '"某某市人民政府督查室"'
    assert sql(demo.path, "SELECT count(*) FROM audit_log WHERE table_name = 'settings'")[0][0] >= 3
    assert demo.status.rule_settings().tolerance == 8


def test_cli_settings_set_takes_several_pairs(demo_tracker, db_path):
    demo_tracker.close()
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    base = [sys.executable, "-m", "govtrack", "--db", str(db_path), "settings", "set"]
    ok = subprocess.run(base + ["report.contact", "赵六", "rules.near_days", "20"],
                        capture_output=True, text=True, encoding="utf-8", env=env)
    assert ok.returncode == 0, ok.stderr
    assert "report.contact = 赵六" in ok.stdout and "rules.near_days = 20" in ok.stdout
    before = settings_rows(db_path)
    bad = subprocess.run(base + ["report.contact", "钱七", "rules.near_days", "很久"],
                         capture_output=True, text=True, encoding="utf-8", env=env)
    assert bad.returncode == 2 and "临近时限" in bad.stderr and "Traceback" not in bad.stderr
    odd = subprocess.run(base + ["report.contact"], capture_output=True, text=True, encoding="utf-8", env=env)
    assert odd.returncode == 2 and "成对" in odd.stderr
    assert settings_rows(db_path) == before
