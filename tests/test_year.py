"""A real office's year: plans and years kept apart, 延期, 销号, carry-over, one reporting rule.

The year walk imports the real 2023 breakdown (seed 001), reports, prints three monthly
通报, extends one task, closes another, carries the rest over at year end and imports a
2024 list, and checks every count against plain SQL on the file.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import pytest

from govtrack.errors import InputError

from .conftest import BREAKDOWN_2023


def _sql(path, query, *params):
    con = sqlite3.connect(path)
    try:
        return con.execute(query, params).fetchall()
    finally:
        con.close()


def _list_2024(tmp_path):
    """The 2023 list re-dated as a 2024 list (another office's next year, same shape)."""
    p = tmp_path / "2024年重点工作任务清单.txt"
    p.write_text(BREAKDOWN_2023.read_text(encoding="utf-8").replace("2023", "2024"), encoding="utf-8")
    return p


def test_a_year_walked_through(tracker, db_path, tmp_path):
    tr = tracker
    out = tr.imports.import_file(BREAKDOWN_2023)
    assert out.created == 136
    for month, pct in (("2023-08", 50), ("2023-09", 60), ("2023-10", 70)):
        for seq in ("1", "2", "3"):
            tr.progress.add_progress(seq, period=month, percent=pct, reported_on=f"{month}-20")
    for month in ("2023-08", "2023-09", "2023-10"):
        path, report, _ = tr.reports.print_monthly(month, tmp_path / f"{month}.pdf")
        assert path.exists() and report.total == 136
    # 延期 of task 2 (before its deadline), 销号 of task 3 with evidence.
    e = tr.tasklife.extend("2", to="2024-03-31", reason="设备到货推迟", approved_by="市政府分管领导",
                           requested_on="2023-11-10")
    assert (e["old_deadline"], e["new_deadline"], e["after_deadline"]) == ("2023-12-31", "2024-03-31", 0)
    evidence = tmp_path / "验收报告.txt"
    evidence.write_text("已通过验收", encoding="utf-8")
    closed = tr.tasklife.close("3", evidence="已通过竣工验收", file=evidence, on="2023-11-20")
    assert closed["closed_on"] == "2023-11-20"
    s = tr.status.status_summary("2023-12-31")
    assert s["extended"] == 1
    # Counts against plain SQL: done = closed or latest lead percent 100.
    done_sql = _sql(db_path, """SELECT COUNT(*) FROM tasks t WHERE t.closed_on <= '2023-12-31' OR
        (SELECT p.percent FROM progress p JOIN task_units tu ON tu.task_id = p.task_id
         AND tu.unit_id = p.unit_id AND tu.role = 'lead' WHERE p.task_id = t.id
         ORDER BY p.period DESC LIMIT 1) = 100""")[0][0]
    assert s["counts"]["已完成"] == done_sql == 1
    # Year end: the 135 unfinished tasks carried into 2024, each linked to its origin.
    preview = tr.plans.carry_over(out.plan_id, 2024, dry_run=True)
    assert len(preview.tasks) == 135 and tr.plans.plans()[-1]["year"] == 2023   # nothing written
    carried = tr.plans.carry_over(out.plan_id, 2024)
    rows = _sql(db_path, "SELECT COUNT(*), COUNT(origin_task_id) FROM tasks WHERE plan_id = ?", carried.plan_id)
    assert rows[0] == (135, 135)
    t2 = next(t for t in tr.ledger.tasks(plan_id=carried.plan_id) if t["seq"] == "2")
    assert t2["deadline"] == "2024-12-31"          # 年底前, read against 2024
    history = tr.progress.progress_history(t2["id"])
    assert [h["percent"] for h in history][:1] == [70] and history[0]["carried_from"]
    tr.plans.archive(out.plan_id)
    # The 2024 list arrives; 2023 stays apart from it.
    tr.imports.import_file(_list_2024(tmp_path))
    plans = {p["year"]: p for p in tr.plans.plans() if not p["archived"] and p["tasks"] == 136}
    assert set(plans) == {2024}
    # A 2023-10 view has only 2023 tasks; a 2024 view has no 2023 task; counts equal SQL.
    s23 = tr.status.status_summary("2023-10-31", year=2023)
    assert s23["counts"]["total"] == 0              # archived: only by choosing the plan
    s23 = tr.status.status_summary("2023-10-31", plan=out.plan_id)
    assert s23["counts"]["total"] == _sql(db_path, "SELECT COUNT(*) FROM tasks WHERE plan_id = ?", out.plan_id)[0][0]
    s24 = tr.status.status_summary("2024-06-30")
    n24 = _sql(db_path, "SELECT COUNT(*) FROM tasks t JOIN plans p ON p.id = t.plan_id "
                        "WHERE p.year = 2024 AND p.archived_at IS NULL")[0][0]
    assert s24["counts"]["total"] == n24 == 135 + 136
    # Nothing chases the closed year: no reminder names a 2023 task.
    ids23 = {r[0] for r in _sql(db_path, "SELECT id FROM tasks WHERE plan_id = ?", out.plan_id)}
    assert not [r for r in tr.reminders.reminders("2024-01-26") if r.task_id in ids23]
    # 2024 tasks do not take 2023 progress.
    with pytest.raises(InputError, match="早于"):
        tr.progress.add_progress(t2["id"], period="2023-10", percent=10)


def test_extension_after_deadline_only_when_marked(demo):
    with pytest.raises(InputError, match="已过"):
        demo.tasklife.extend("96", to="2024-06-30", reason="资金", requested_on="2023-11-01")
    e = demo.tasklife.extend("96", to="2024-06-30", reason="资金", requested_on="2023-11-01", late=True)
    assert e["after_deadline"] == 1
    assert demo.ledger.task("96")["deadline"] == "2024-06-30"
    assert demo.tasklife.extensions("96")[0]["old_deadline"] == e["old_deadline"]


def test_close_and_reopen_are_audited(demo):
    t = demo.tasklife.close("10", evidence="已完成", on="2023-10-20")
    assert t["closed_on"] == "2023-10-20"
    with pytest.raises(InputError, match="已于"):
        demo.tasklife.close("10", evidence="再次")
    with pytest.raises(InputError, match="理由"):
        demo.tasklife.reopen("10", reason="")
    assert demo.tasklife.reopen("10", reason="验收未通过")["closed_on"] is None
    assert [c["action"] for c in demo.tasklife.closures("10")] == ["close", "reopen"]
    assert any(a["table_name"] == "task_closures" for a in demo.ledger.audit("task_closures"))


def test_archived_plan_is_read_only(demo):
    demo.plans.archive(1)
    with pytest.raises(InputError, match="已归档"):
        demo.tasklife.close("10", evidence="x")
    assert demo.reminders.reminders("2023-10-26") == []
    demo.plans.archive(1, archived=False)
    assert demo.reminders.reminders("2023-10-26")


def test_unit_reporting_one_rule(demo):
    """2 of a unit's lead tasks entered: 部分报送 2/n everywhere, never 已报送."""
    day = "2023-11-26"
    unit = "市住建局"
    mine = [t for t in demo.ledger.tasks(unit=unit) if unit in t["lead"]]
    for t in mine[:2]:
        demo.progress.add_progress(t["id"], period="2023-11", percent=90, reported_on="2023-11-20")
    r = {u["unit"]: u for u in demo.status.unit_reporting(day)["units"]}[unit]
    assert (r["state"], r["reported"]) == ("部分报送", 2) and r["tasks"] > 2
    assert demo.status.units_reported(day)[unit] is False
    forms = {x["unit"]: x for x in demo.returns.returns_status("2023-11", today=day)}[unit]
    assert forms["state"] == "部分报送" and not forms["returned"]
    assert any(x.unit == unit and x.kind == "unit_late" for x in demo.reminders.reminders(day))
    per = {u["unit"]: u for u in demo.status.status_summary(day)["per_unit"]}[unit]
    assert per["reporting"] == "部分报送"


def test_settings_every_key_and_reset(demo):
    demo.settings.set("office.name", "某某市人民政府督查室")
    demo.settings.set("tolerance", 5)
    shown = {s["key"]: s for s in demo.settings.show()}
    assert shown["office.name"]["value"] == "某某市人民政府督查室" and not shown["office.name"]["is_default"]
    assert shown["rules.tolerance"]["value"] == 5
    with pytest.raises(InputError):
        demo.settings.set("rules.tolerance", -3)
    with pytest.raises(InputError, match="没有名为"):
        demo.settings.set("office.nmae", "x")
    assert demo.settings.reset("office.name")["is_default"]


def test_units_rename_merge_order(demo):
    demo.units.rename("市财政局", "市财政局（市国资局）")
    assert demo.ledger.tasks(unit="市财政局")           # the old name still finds its tasks
    before = len(demo.ledger.tasks(unit="市发改委"))
    moved = demo.units.merge("市支油办", into="市发改委")
    assert moved["task_units"] >= 1 and len(demo.ledger.tasks(unit="市发改委")) >= before + 1
    assert demo.ledger.tasks(unit="市支油办")           # now an alias of 市发改委
    order = demo.units.set_order(["市住建局", "市发改委"])
    assert order[:2] == ["市住建局", "市发改委"]
    assert demo.units.ordered(["市发改委", "市住建局"]) == ["市住建局", "市发改委"]


def _cli(db, *args):
    p = subprocess.run([sys.executable, "-m", "govtrack", *args, "--db", str(db)],
                       capture_output=True, text=True, timeout=120)
    return p.returncode, p.stdout, p.stderr


def test_cli_plans_tasks_settings(demo_tracker, db_path):
    demo_tracker.close()
    code, out, err = _cli(db_path, "plans", "--json")
    assert code == 0 and json.loads(out)[0]["tasks"] == 136
    code, out, _ = _cli(db_path, "task", "extend", "2", "--to", "2024-03-31", "--reason", "资金",
                        "--date", "2023-11-01")
    assert code == 0 and "2023-12-31 → 2024-03-31" in out
    code, out, _ = _cli(db_path, "task", "close", "5", "--evidence", "已验收", "--date", "2023-11-02")
    assert code == 0 and "销号" in out
    code, out, _ = _cli(db_path, "plans", "carry-over", "1", "--year", "2024", "--dry-run")
    assert code == 0 and "数据库未作改动" in out
    code, out, err = _cli(db_path, "plans", "delete", "1")
    assert code == 2 and "--yes" in out
    code, out, _ = _cli(db_path, "settings", "set", "report.to", "各区镇街道，市直各部门")
    assert code == 0
    code, out, _ = _cli(db_path, "settings", "show", "--json")
    assert {s["key"]: s["value"] for s in json.loads(out)}["report.to"] == "各区镇街道，市直各部门"
    code, out, _ = _cli(db_path, "status", "--today", "2023-11-05", "--plan", "1", "--json")
    assert code == 0 and json.loads(out)["extended"] == 1
    code, _, err = _cli(db_path, "status", "--plan", "99")
    assert code == 2 and "没有编号为 99 的计划" in err


def test_changes_since_a_mark_name_the_kinds_written(demo):
    mark = demo.ctx.mark()
    assert demo.ctx.changes_since(mark).kinds == frozenset()
    demo.progress.add_progress("1", period="2023-10", percent=95, reported_on="2023-10-30")
    demo.tasklife.extend("2", to="2024-03-31", reason="资金", requested_on="2023-11-01")
    changes = demo.ctx.changes_since(mark)
    assert changes.kinds == {"progress", "tasks"} and "units" not in changes
    mark = demo.ctx.mark()
    demo.settings.set("office.name", "某某市人民政府督查室")
    assert demo.ctx.changes_since(mark).kinds == {"settings"}


def test_a_merged_unit_keeps_its_group_and_the_merge_is_audited(demo):
    """Merging 王场镇 into 总口管理区: the group 各区镇街道 keeps one member for both (no row lost,
    none doubled), and every moved row has its audit entry."""
    import sqlite3
    demo.units.set_members("各区镇街道", ["泽口街道", "王场镇", "总口管理区"])
    n_audit = sqlite3.connect(demo.path).execute(
        "SELECT COUNT(*) FROM audit_log WHERE table_name IN ('task_units', 'unit_members')").fetchone()[0]
    demo.units.merge("王场镇", into="总口管理区")
    con = sqlite3.connect(demo.path)
    members = [r[0] for r in con.execute(
        "SELECT u.name FROM unit_members m JOIN units g ON g.id = m.group_id JOIN units u ON u.id = m.member_id "
        "WHERE g.name = '各区镇街道' ORDER BY m.ord")]
    assert members == ["泽口街道", "总口管理区"]
    after = con.execute("SELECT COUNT(*) FROM audit_log WHERE table_name IN ('task_units', 'unit_members')"
                        ).fetchone()[0]
    moved = con.execute("SELECT COUNT(*) FROM audit_log WHERE table_name = 'task_units' AND action = 'delete'"
                        ).fetchone()[0]
    assert after > n_audit and moved >= 1
    assert demo.units.set_members("各区镇街道", ["泽口街道", "总口管理区"]) is not None
