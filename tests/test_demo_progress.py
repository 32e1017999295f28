"""The demo progress: deterministic, plausible, marked as demo data, fast."""

from __future__ import annotations

import sqlite3
import time

from govtrack.app.demo import build_demo
from govtrack.app.demo_progress import EARLY_DEADLINES, LONG_TERM, MILESTONES, NEVER_REPORTED, topic
from govtrack.tracker import Tracker

COLS = ("t.seq", "u.name", "p.period", "p.percent", "p.progress_text", "p.problems", "p.next_steps",
        "p.reported_on", "p.source")


def rows(path):
    con = sqlite3.connect(path)
    out = con.execute(f"SELECT {', '.join(COLS)} FROM progress p JOIN tasks t ON t.id = p.task_id "
                      "JOIN units u ON u.id = p.unit_id ORDER BY t.ord, p.period, u.name").fetchall()
    con.close()
    return out


def build(path):
    tr = Tracker.open(path)
    start = time.perf_counter()
    summary = build_demo(tr)
    took = time.perf_counter() - start
    return tr, summary, took


def test_deterministic_and_fast(tmp_path):
    tr1, summary1, took = build(tmp_path / "a.sqlite")
    tr1.close()
    tr2, summary2, _ = build(tmp_path / "b.sqlite")
    tr2.close()
    assert took < 3.0, took
    assert summary1.splitlines()[1:] == summary2.splitlines()[1:]
    assert "演示进度" in summary1
    a, b = rows(tmp_path / "a.sqlite"), rows(tmp_path / "b.sqlite")
    assert a == b and len(a) > 1000


def test_plausible_and_marked(demo_tracker):
    tr = demo_tracker
    data = rows(tr.path)
    assert {r[-1] for r in data} == {"demo"}
    assert all(p["is_demo"] for p in tr.plans.plans())
    periods = {r[2] for r in data}
    assert periods == {f"2023-{m:02d}" for m in range(1, 11)}
    assert all("2023-01-01" <= r[7] <= "2023-11-10" for r in data)
    assert all(0 <= r[3] <= 100 for r in data)
    # Percent never goes down from one month to the next for a task's lead unit.
    last: dict[str, float] = {}
    for t in tr.ledger.tasks():
        for h in sorted((h for h in tr.progress.progress_history(t["id"]) if h["role"] == "lead"),
                        key=lambda h: h["period"]):
            assert h["percent"] >= last.get(t["seq"], 0), t["seq"]
            last[t["seq"]] = h["percent"]
    # Some reports come in after the due day, so 催报 has something to chase.
    late = [r for r in data if r[2] == "2023-10" and r[7] > "2023-10-25"]
    assert 3 <= len(late) < 40
    # Never-reported tasks have nothing; assisting units report for some tasks.
    seqs_with = {r[0] for r in data}
    assert not (NEVER_REPORTED & seqs_with)
    assisting = [h for t in tr.ledger.tasks() for h in tr.progress.progress_history(t["id"]) if h["role"] == "assist"]
    assert 10 <= len(assisting) <= 80
    assert all("配合" in h["progress_text"] for h in assisting)
    # Early deadlines and long-term phrases were written into the ledger (audited).
    for seq, (phrase, deadline, _) in EARLY_DEADLINES.items():
        t = tr.ledger.task(seq)
        assert (t["deadline_text"], t["deadline"]) == (phrase, deadline.isoformat())
    for seq, phrase in LONG_TERM.items():
        t = tr.ledger.task(seq)
        assert (t["deadline_text"], t["deadline"]) == (phrase, None)
        assert any(a["action"] == "update" for a in tr.ledger.audit("tasks", t["id"]))
    assert sum(len(tr.progress.milestones(s)) for s in MILESTONES) == 4


def test_texts_in_the_units_voice(demo_tracker):
    tr = demo_tracker
    t = tr.ledger.task("2")
    assert topic(t["content"]) == "河湖长制"
    june = next(h for h in tr.progress.progress_history("2") if h["period"] == "2023-06")
    assert "河湖长制" in june["progress_text"] and "50%" in june["progress_text"]
    assert june["problems"] and june["next_steps"]
    done = next(h for h in tr.progress.progress_history("95") if h["percent"] == 100)
    assert "已全面完成" in done["progress_text"]
    # No clause cut inside quotation marks.
    for task in tr.ledger.tasks():
        s = topic(task["content"])
        assert s.count("“") == s.count("”") and 3 <= len(s) <= 22, (task["seq"], s)


def test_demo_shows_every_status(demo_tracker):
    counts = demo_tracker.status.status_summary("2023-10-26")["counts"]
    for status in ("已完成", "达进度", "欠进度", "逾期", "未报送"):
        assert counts[status] > 0, status
    assert demo_tracker.status.status_summary("2023-06-26")["counts"]["超进度"] > 0
