"""Editing one task (GuiSupportMixin.update_task): validated, audited, all or nothing."""

from __future__ import annotations

import json

import pytest

from govtrack.errors import InputError
from govtrack.app.ledger import split_unit_names
from govtrack.tracker import Tracker


@pytest.fixture
def tr(demo_file, db_path):
    import shutil
    shutil.copyfile(demo_file, db_path)
    t = Tracker.open(db_path)
    yield t
    t.close()


def _first_task(tr):
    return tr.ledger.tasks()[0]


def test_split_unit_names():
    assert split_unit_names("市发改委、市财政局，市发改委 ") == ["市发改委", "市财政局"]
    assert split_unit_names(["a", " ", "b"]) == ["a", "b"]
    assert split_unit_names(None) == []


def test_update_content_deadline_and_units_is_audited(tr):
    t = _first_task(tr)
    other = next(u["name"] for u in tr.units.list() if u["name"] not in t["lead"] + t["assist"]
                 and not u["is_group"])
    out = tr.ledger.update_task(t["id"], content=t["content"] + "（已修订）", deadline_text="9月底前",
                         assist=t["assist"] + [other])
    after = out["task"]
    assert after["content"].endswith("（已修订）")
    assert after["deadline"] == f"{t['plan_year']}-09-30" and after["deadline_text"] == "9月底前"
    assert other in after["assist"]
    assert set(out["changed"]) >= {"content", "deadline", "deadline_text", "units"}
    entries = tr.ledger.audit("tasks", t["id"])
    last = entries[-1]
    assert json.loads(last["after"])["content"].endswith("（已修订）")
    assert json.loads(last["before"])["content"] == t["content"]
    assert any(e["action"] == "update" for e in tr.ledger.audit("task_units", t["id"]))


def test_alias_resolves_to_canonical_name(tr):
    t = _first_task(tr)
    directory = tr.ledger.unit_directory()
    unit = next(u for u in tr.units.list() if u["aliases"])
    out = tr.ledger.update_task(t["id"], lead=unit["aliases"][0])
    assert out["task"]["lead"] == [directory.resolve(unit["aliases"][0])] == [unit["name"]]


@pytest.mark.parametrize("kwargs, field", [
    ({"content": "   "}, "工作任务"),
    ({"deadline_text": "根据上级要求"}, "完成时限"),
    ({"lead": "不存在的某某局"}, "牵头单位"),
    ({"lead": ""}, "牵头单位"),
])
def test_bad_values_write_nothing(tr, kwargs, field):
    t = _first_task(tr)
    audit_before = len(tr.ledger.audit())
    with pytest.raises(InputError) as e:
        tr.ledger.update_task(t["id"], note="不应写入", **kwargs)
    assert e.value.field == field
    assert "任务" in str(e.value)
    assert len(tr.ledger.audit()) == audit_before
    assert tr.ledger.task(t["id"])["note"] == t["note"]


def test_unchanged_values_write_no_audit(tr):
    t = _first_task(tr)
    n = len(tr.ledger.audit())
    out = tr.ledger.update_task(t["id"], content=t["content"], lead=t["lead"], assist=t["assist"])
    assert out["changed"] == [] and len(tr.ledger.audit()) == n


def test_long_term_phrase_clears_date(tr):
    t = _first_task(tr)
    after = tr.ledger.update_task(t["id"], deadline_text="长期坚持")["task"]
    assert after["deadline"] is None and after["deadline_text"] == "长期坚持"


DEMO_DAY = "2023-10-28"     # after the demo's October due day: some units have not reported


def test_read_deadline_says_how_a_phrase_reads(tr):
    year = _first_task(tr)["plan_year"]
    d = tr.ledger.read_deadline(" 9月底前 ", year)
    assert d["kind"] == "date" and d["date"].isoformat() == f"{year}-09-30"
    assert tr.ledger.read_deadline("长期坚持", year)["kind"] == "none"
    bad = tr.ledger.read_deadline("根据上级要求", year)
    assert bad["kind"] == "unknown" and bad["reason"]


def test_unit_progress_is_the_units_rows_of_the_period(tr):
    t = next(t for t in tr.ledger.tasks() if t["lead"])
    unit = t["lead"][0]
    tr.progress.add_progress(t["id"], period="2023-11", percent="45%", unit=unit, text="推进中",
                    reported_on="2023-11-20")
    rows = tr.ledger.unit_progress(unit, "2023-11")
    assert rows[t["id"]]["percent"] == 45 and rows[t["id"]]["progress_text"] == "推进中"
    assert all(r["period"] == "2023-11" for r in rows.values())
    with pytest.raises(InputError):
        tr.ledger.unit_progress("不存在的某某局", "2023-11")


def test_add_progress_many_names_the_task_and_writes_nothing(tr):
    tasks = [t for t in tr.ledger.tasks() if t["lead"]]
    unit = tasks[0]["lead"][0]
    mine = [t for t in tasks if unit in t["lead"]][:2]
    n = len(tr.ledger.audit())
    with pytest.raises(InputError) as e:
        tr.progress.add_progress_many([{"task": mine[0]["id"], "percent": "50"},
                              {"task": mine[-1]["id"], "percent": "百分之八十"}],
                             period="2023-11", unit=unit, reported_on="2023-11-20")
    assert f"重点工作任务清单》第{mine[-1]['seq']}项：" in str(e.value) and "百分之八十" in str(e.value)
    assert e.value.field == "完成进度"
    assert len(tr.ledger.audit()) == n


def test_overview_evaluates_the_ledger_once_and_matches_the_separate_calls(tr, monkeypatch):
    import datetime as dt
    from govtrack.app.ledger import LedgerService
    from govtrack.app.status import StatusService
    from govtrack.tracker import Tracker
    day = dt.date.fromisoformat(DEMO_DAY)
    summary, reminders, reported = tr.status.status_summary(day), tr.reminders.reminders(day), tr.status.units_reported(day)
    n = len(tr.ledger.tasks())
    calls, reads = [], []
    real, real_tasks = StatusService.evaluate_tasks, LedgerService.tasks
    monkeypatch.setattr(StatusService, "evaluate_tasks",
                        lambda self, rows, today=None, **kw: calls.append(len(rows)) or real(self, rows, today, **kw))
    monkeypatch.setattr(LedgerService, "tasks", lambda self, **kw: reads.append(kw) or real_tasks(self, **kw))
    fresh = Tracker.open(tr.path)                  # nothing cached yet
    try:
        out = fresh.reminders.overview(DEMO_DAY)
        assert calls == [n] and len(reads) == 1    # status, reminders and 催报 share one read and evaluation
        assert out["summary"] == summary and out["units_reported"] == reported
        assert [r.key for r in out["reminders"]] == [r.key for r in reminders]
        missing = {u["unit"] for u in out["units_not_reported"]}
        assert missing == {u for u, ok in reported.items() if not ok} & {u["unit"] for u in summary["per_unit"]}
        assert missing                                # the demo has late units on this day
        fresh.progress.add_progress("1", period="2023-10", percent=90, reported_on=DEMO_DAY)
        fresh.reminders.overview(DEMO_DAY)            # a write makes the shared evaluation stale
        assert calls == [n, n]
    finally:
        fresh.close()


def test_read_unit_list_reads_as_the_importer_does(tr):
    assert tr.ledger.read_unit_list("市发改委、财政局") == ["市发改委", "市财政局"]
    assert tr.ledger.read_unit_list("市住建局市财政局") == ["市住建局", "市财政局"]     # glued
    assert tr.ledger.read_unit_list("市发改委，市发改委") == ["市发改委"]
    assert tr.ledger.read_unit_list("") == []


def test_the_editor_splits_unit_lists_as_the_importer_does(tr):
    """One splitter: 市发改委、财政局 means 市财政局 in the editor as in the importer."""
    from govtrack.units import split_unit_list
    t = tr.ledger.tasks()[0]
    out = tr.ledger.update_task(t["id"], lead="市发改委、财政局")
    assert out["task"]["lead"] == ["市发改委", "市财政局"]
    assert split_unit_names("市发改委、财政局", tr.ledger.unit_directory()) == \
        split_unit_list("市发改委、财政局", tr.ledger.unit_directory())[0]
