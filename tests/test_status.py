"""Status on a date through the database: `status --json` on the demo at fixed days,
hand-checked task by task, and `tasks --json --today` carrying the verdicts.

The hand-checks below recompute 序时进度 from the calendar (days gone / days in
the task's span) and apply the table in DESIGN.md by hand, for tasks whose
story the demo fixes (govtrack/app/demo_progress.py): 2 and 3 (ordinary, one on
schedule, one far behind), 95/96/97 (early deadlines, two done, one not), 9
(长期坚持), 108 (never reports).
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date


from govtrack.cli import main


def status_json(path, day: str, capsys) -> dict:
    capsys.readouterr()
    assert main(["--db", str(path), "status", "--today", day, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def by_seq(rows):
    return {t["seq"]: t for t in rows}


def e_straight(day: date, start=date(2023, 1, 1), end=date(2023, 12, 31)) -> float:
    """序时进度 by hand: whole days gone at the end of ``day`` over the days of the span."""
    return round(100 * ((day - start).days + 1) / ((end - start).days + 1), 1)


def lead_report(tr, seq, period):
    rows = [r for r in tr.progress.progress_history(seq) if r["period"] == period and r["role"] == "lead"]
    return rows[0] if rows else None


def test_demo_2023_06_26_hand_checked(demo, capsys):
    day = date(2023, 6, 26)
    s = status_json(demo.path, "2023-06-26", capsys)
    # The June round: 25 Jun 2023 is a Sunday but a 调休 working day, so the due day stays.
    assert (s["period"], s["due_date"]) == ("2023-06", "2023-06-25")
    assert e_straight(day) == 48.5                     # 177 / 365

    # Task 2: the lead unit reported 50% for June on 21 Jun; |50 − 48.5| ≤ 10 → 达进度, green.
    r = lead_report(demo, "2", "2023-06")
    assert (r["percent"], r["reported_on"]) == (50.0, "2023-06-21")
    # Task 3: 20% in June; 20 < 48.5 − 10 → 欠进度; 28.5 behind ≤ 30 → yellow light, yellow 督办单.
    r = lead_report(demo, "3", "2023-06")
    assert r["percent"] == 20.0
    # Task 96: 6月底前, so e = 177/181 = 97.8; reported 85 → 欠进度, yellow; deadline 4 days off.
    r = lead_report(demo, "96", "2023-06")
    assert r["percent"] == 85.0
    assert e_straight(day, end=date(2023, 6, 30)) == 97.8
    # Task 95: 6月底前 too, reported 100 → 已完成.  Task 108 never reports → 未报送, yellow.
    assert lead_report(demo, "95", "2023-06")["percent"] == 100.0
    assert demo.progress.progress_history("108") == []

    states = by_seq(demo.status.task_states(day))
    expect = {"2": ("达进度", "green", None, 50.0, 48.5), "3": ("欠进度", "yellow", "yellow", 20.0, 48.5),
              "96": ("欠进度", "yellow", "yellow", 85.0, 97.8), "95": ("已完成", "green", None, 100.0, 97.8),
              "108": ("未报送", "yellow", None, None, 48.5)}
    for seq, want in expect.items():
        t = states[seq]
        assert (t["status"], t["light"], t["notice_colour"], t["percent"], t["expected"]) == want, seq
    # Task 9 is 长期坚持: no 序时进度; it reported for June, so 达进度.
    assert (states["9"]["status"], states["9"]["expected"], states["9"]["deadline_used"]) == ("达进度", None, None)

    lagging = {t["seq"] for t in s["lagging"]}
    assert {"3", "96"} <= lagging and "2" not in lagging
    assert {t["seq"] for t in s["not_reported"]} >= {"108", "55", "125", "135"}
    assert s["counts"] == {"已完成": 1, "超进度": 3, "达进度": 87, "欠进度": 20, "逾期": 0, "未报送": 25,
                           "total": 136}
    assert s["lights"] == {"green": 91, "yellow": 45, "red": 0}
    assert sum(v for k, v in s["counts"].items() if k != "total") == 136
    # The counts agree with the per-task verdicts the window and `tasks --json` show.
    assert len(lagging) == s["counts"]["欠进度"]


def test_demo_2023_12_31_hand_checked(demo, capsys):
    s = status_json(demo.path, "2023-12-31", capsys)
    # December's round was due Mon 25 Dec; the demo stops in October, so every open task
    # that is not overdue is 未报送. The deadline day itself is not late.
    assert (s["period"], s["due_date"]) == ("2023-12", "2023-12-25")
    states = by_seq(demo.status.task_states("2023-12-31"))
    # Task 2: latest report is October's (87%), deadline today → 未报送, yellow, blue 督办单 (near).
    assert lead_report(demo, "2", "2023-10")["percent"] == 87.0
    assert (states["2"]["status"], states["2"]["light"], states["2"]["notice_colour"],
            states["2"]["percent"], states["2"]["expected"]) == ("未报送", "yellow", "blue", 87.0, 100.0)
    # Task 96 (6月底前) stuck at 85 → 逾期, red.  Task 97 (9月底前) reached 100 in September → 已完成.
    assert (states["96"]["status"], states["96"]["light"], states["96"]["notice_colour"]) == ("逾期", "red", "red")
    assert lead_report(demo, "97", "2023-09")["percent"] == 100.0
    assert states["97"]["status"] == "已完成"
    assert {t["seq"] for t in s["overdue"]} == {"96", "98", "118"}
    assert s["counts"] == {"已完成": 10, "超进度": 0, "达进度": 0, "欠进度": 0, "逾期": 3, "未报送": 123,
                           "total": 136}
    assert s["lights"] == {"green": 10, "yellow": 123, "red": 3}


def test_demo_2024_01_05_hand_checked(demo, capsys, demo_file):
    s = status_json(demo.path, "2024-01-05", capsys)
    # Before the January due day (25 Jan) the round that must be in is still December's.
    assert s["period"] == "2023-12"
    states = by_seq(demo.status.task_states("2024-01-05"))
    # Every dated task not at 100% is past its deadline → 逾期, red; long-term 9 and 133 are
    # not late, but have no December report → 未报送.
    assert (states["2"]["status"], states["2"]["light"]) == ("逾期", "red")
    assert (states["108"]["status"], states["108"]["percent"]) == ("逾期", None)
    assert (states["9"]["status"], states["133"]["status"]) == ("未报送", "未报送")
    assert states["95"]["status"] == "已完成"

    # Independent recount straight from the file: done = latest lead percent 100;
    # overdue = a deadline and not done; the rest (no deadline) unreported.
    con = sqlite3.connect(demo_file)
    rows = con.execute("""
        SELECT t.id, t.deadline, (SELECT p.percent FROM progress p JOIN task_units tu
               ON tu.task_id = p.task_id AND tu.unit_id = p.unit_id AND tu.role = 'lead'
               WHERE p.task_id = t.id ORDER BY p.period DESC LIMIT 1) FROM tasks t""").fetchall()
    con.close()
    done = sum(1 for _, _, p in rows if p == 100)
    overdue = sum(1 for _, d, p in rows if d and d < "2024-01-05" and p != 100)
    assert s["counts"] == {"已完成": done, "超进度": 0, "达进度": 0, "欠进度": 0, "逾期": overdue,
                           "未报送": 136 - done - overdue, "total": 136}
    assert (done, overdue) == (10, 124)
    u = next(x for x in s["per_unit"] if x["unit"] == "团市委")
    assert u == {"unit": "团市委", "led": 1, "done": 0, "behind": 0, "overdue": 1, "reported": 0,
                 "reported_on_time": 0, "reporting": "未报送"}


def test_per_unit_reported_on_time(demo):
    s = demo.status.status_summary("2023-06-26")
    per = {u["unit"]: u for u in s["per_unit"]}
    assert sum(u["led"] for u in per.values()) == 136
    # 市水利和湖泊局 leads tasks 1 and 2 and reported both on 21 Jun, before the 25th.
    assert per["市水利和湖泊局"]["led"] == 2
    assert per["市水利和湖泊局"]["reported_on_time"] == 2
    # A report after the due day counts as reported (once it arrives), not as on time.
    demo.progress.add_progress("2", period="2023-07", percent=58, reported_on="2023-07-27")
    s = demo.status.status_summary("2023-07-28")
    per = {u["unit"]: u for u in s["per_unit"]}
    assert by_seq(demo.status.task_states("2023-07-28"))["2"]["reported"] is True
    july_1 = lead_report(demo, "1", "2023-07")
    assert per["市水利和湖泊局"]["reported"] == 1 + (july_1["reported_on"] <= "2023-07-28")
    assert per["市水利和湖泊局"]["reported_on_time"] == int(july_1["reported_on"] <= "2023-07-25")


def test_status_follows_settings_and_milestones(demo):
    day = "2023-06-26"
    assert by_seq(demo.status.task_states(day))["2"]["status"] == "达进度"   # 50 vs 48.5
    # A node saying 80% by 31 May raises 序时进度 on 26 Jun: 80 + 20 × 26/214 = 82.4.
    m = demo.progress.add_milestone("2", "河湖长制巡河制度全面落实", "2023-05-31", 80)
    t = by_seq(demo.status.task_states(day))["2"]
    assert (t["expected"], t["status"], t["light"]) == (82.4, "欠进度", "red")
    assert [x["id"] for x in demo.progress.milestones("2")] == [m["id"]]
    # Tolerance is a setting: 85 vs 97.8 is 欠进度 with 10 points, 达进度 with 15.
    assert by_seq(demo.status.task_states(day))["96"]["status"] == "欠进度"
    demo.status.set_rule_setting("rules.tolerance", 15)
    assert demo.status.rule_settings().tolerance == 15
    assert by_seq(demo.status.task_states(day))["96"]["status"] == "达进度"
    assert demo.ledger.audit("settings")[-1]["action"] == "insert"


def test_tasks_json_has_verdicts(demo, capsys):
    capsys.readouterr()
    assert main(["--db", str(demo.path), "tasks", "--json", "--today", "2023-06-26",
                 "--unit", "市水利和湖泊局"]) == 0
    rows = json.loads(capsys.readouterr().out)
    t = next(r for r in rows if r["seq"] == "2")
    assert (t["status"], t["light"], t["percent"], t["expected"]) == ("达进度", "green", 50.0, 48.5)
    # Without --today the verdicts are still there (evaluated on today's date).
    assert main(["--db", str(demo.path), "tasks", "--json", "--search", "河湖长制"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows and all({"status", "light", "percent", "expected"} <= set(r) for r in rows)


def test_bad_today_is_a_chinese_message(demo, capsys):
    assert main(["--db", str(demo.path), "status", "--today", "2023-13-01"]) == 2
    assert "不是有效日期" in capsys.readouterr().err


def test_status_text_output(demo, capsys):
    capsys.readouterr()
    assert main(["--db", str(demo.path), "status", "--today", "2023-10-26"]) == 0
    out = capsys.readouterr().out
    assert "逾期任务（3 项）" in out and "报送期 2023-10" in out
