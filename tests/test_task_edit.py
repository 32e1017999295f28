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
    return tr.tasks()[0]


def test_split_unit_names():
    assert split_unit_names("市发改委、市财政局，市发改委 ") == ["市发改委", "市财政局"]
    assert split_unit_names(["a", " ", "b"]) == ["a", "b"]
    assert split_unit_names(None) == []


def test_update_content_deadline_and_units_is_audited(tr):
    t = _first_task(tr)
    other = next(u["name"] for u in tr.units() if u["name"] not in t["lead"] + t["assist"]
                 and not u["is_group"])
    out = tr.update_task(t["id"], content=t["content"] + "（已修订）", deadline_text="9月底前",
                         assist=t["assist"] + [other])
    after = out["task"]
    assert after["content"].endswith("（已修订）")
    assert after["deadline"] == f"{t['plan_year']}-09-30" and after["deadline_text"] == "9月底前"
    assert other in after["assist"]
    assert set(out["changed"]) >= {"content", "deadline", "deadline_text", "units"}
    entries = tr.audit("tasks", t["id"])
    last = entries[-1]
    assert json.loads(last["after"])["content"].endswith("（已修订）")
    assert json.loads(last["before"])["content"] == t["content"]
    assert any(e["action"] == "update" for e in tr.audit("task_units", t["id"]))


def test_alias_resolves_to_canonical_name(tr):
    t = _first_task(tr)
    directory = tr.unit_directory()
    unit = next(u for u in tr.units() if u["aliases"])
    out = tr.update_task(t["id"], lead=unit["aliases"][0])
    assert out["task"]["lead"] == [directory.resolve(unit["aliases"][0])] == [unit["name"]]


@pytest.mark.parametrize("kwargs, field", [
    ({"content": "   "}, "工作任务"),
    ({"deadline_text": "根据上级要求"}, "完成时限"),
    ({"lead": "不存在的某某局"}, "牵头单位"),
    ({"lead": ""}, "牵头单位"),
])
def test_bad_values_write_nothing(tr, kwargs, field):
    t = _first_task(tr)
    audit_before = len(tr.audit())
    with pytest.raises(InputError) as e:
        tr.update_task(t["id"], note="不应写入", **kwargs)
    assert e.value.field == field
    assert "任务" in str(e.value)
    assert len(tr.audit()) == audit_before
    assert tr.task(t["id"])["note"] == t["note"]


def test_unchanged_values_write_no_audit(tr):
    t = _first_task(tr)
    n = len(tr.audit())
    out = tr.update_task(t["id"], content=t["content"], lead=t["lead"], assist=t["assist"])
    assert out["changed"] == [] and len(tr.audit()) == n


def test_long_term_phrase_clears_date(tr):
    t = _first_task(tr)
    after = tr.update_task(t["id"], deadline_text="长期坚持")["task"]
    assert after["deadline"] is None and after["deadline_text"] == "长期坚持"
