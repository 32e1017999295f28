"""One test per validation rule of returned 进展填报表: a clear Chinese message, nothing written.

"Nothing written" is checked by counting progress, audit_log, unit_returns and
source_files rows before and after the import.
"""

from __future__ import annotations

import json

import pytest

from govtrack.errors import InputError, NotFoundError
from govtrack.returns_io.layout import COL_INDEX, DATA_SHEET, FIRST_DATA_ROW, ID_ROWS, ID_SHEET
from govtrack.store import ledger, returns_state
from govtrack.store import progress as progress_store

from .test_returns_roundtrip import PERIOD, UNIT, counts, export_one, fill, unit_rows


@pytest.fixture
def form(demo_tracker, tmp_path):
    return export_one(demo_tracker, tmp_path)


def import_all(tr, files, **kw):
    """Preview then apply, as the CLI does; returns (preview, outcome)."""
    replace = kw.pop("replace", False)
    preview = tr.returns.preview_returns(files, **kw)
    return preview, tr.returns.apply_returns(preview, replace=replace)


def messages(preview) -> str:
    return "\n".join(str(p) for p in preview.problems())


def assert_refused_and_unchanged(tr, files, needle, **kw):
    before = counts(tr)
    preview, outcome = import_all(tr, files, **kw)
    assert preview.files[0].status == "refused"
    assert needle in messages(preview), messages(preview)
    assert outcome.files[0]["status"] == "refused"
    assert counts(tr) == before
    return preview


def assert_row_flagged_and_unchanged(tr, files, needle, field=None, **kw):
    before = counts(tr)
    preview, outcome = import_all(tr, files, **kw)
    f = preview.files[0]
    assert f.status == "ready", messages(preview)
    flagged = f.flagged
    assert flagged and not f.applicable
    hit = [p for r in flagged for p in r.issues if needle in p.message]
    assert hit, messages(preview)
    assert hit[0].row and hit[0].row >= FIRST_DATA_ROW
    assert f"第 {hit[0].row} 行" in str(hit[0]) and f.name in str(hit[0])
    if field:
        assert hit[0].field == field and f"「{field}」" in str(hit[0])
    assert outcome.files[0]["status"] == "nothing"
    assert counts(tr) == before
    return preview


# ---------------------------------------------------------------- another unit or period

def test_file_for_another_period_is_refused(demo_tracker, form, tmp_path):
    filled = fill(form, tmp_path / "f.xlsx", {0: {"percent": 90}})
    assert_refused_and_unchanged(demo_tracker, [filled], "这是 2023-11 的填报表，而本次导入的是 2023-12",
                                 period="2023-12")


def test_file_for_another_unit_is_refused(demo_tracker, form, tmp_path):
    filled = fill(form, tmp_path / "f.xlsx", {0: {"percent": 90}})
    assert_refused_and_unchanged(demo_tracker, [filled], "而本次导入的是另一单位", unit="市发改委")


def test_visible_unit_or_period_differing_from_hidden_sheet_is_refused(demo_tracker, form, tmp_path):
    def other_unit(wb):
        wb[DATA_SHEET]["C3"] = "市发改委"
    filled = fill(form, tmp_path / "u.xlsx", {0: {"percent": 90}}, edit=other_unit)
    assert_refused_and_unchanged(demo_tracker, [filled], "表中填报单位为「市发改委」")

    def other_period(wb):
        wb[DATA_SHEET]["F3"] = "2023-10"
    filled = fill(form, tmp_path / "p.xlsx", {0: {"percent": 90}}, edit=other_period)
    assert_refused_and_unchanged(demo_tracker, [filled], "表中填报期间为「2023-10」")


def test_unknown_unit_and_period_options_are_refused_up_front(demo_tracker, form):
    with pytest.raises(InputError, match="格式不对"):
        demo_tracker.returns.preview_returns([form], period="2023-13")
    with pytest.raises(NotFoundError, match="没有名为"):
        demo_tracker.returns.preview_returns([form], unit="不存在的局")


def test_unit_deleted_from_database_is_refused(demo_tracker, form, tmp_path):
    tr = demo_tracker
    filled = fill(form, tmp_path / "f.xlsx", {0: {"percent": 90}})
    uid, _ = tr.returns._resolve_unit(UNIT)
    # The office merged the unit away after export (no store helper for that yet: raw SQL here).
    with tr.db.atomic():
        tr.db.execute("DELETE FROM progress WHERE unit_id = ?", [uid])
        tr.db.execute("DELETE FROM task_units WHERE unit_id = ?", [uid])
        tr.db.execute("DELETE FROM units WHERE id = ?", [uid])
    assert_refused_and_unchanged(tr, [filled], "在数据库中已不存在")


# ---------------------------------------------------------------- identity and task ids

def _edit_identity(mutate):
    def edit(wb):
        ws = wb[ID_SHEET]
        row = ID_ROWS["payload"]
        payload = json.loads(ws.cell(row, 2).value)
        mutate(payload, ws)
        ws.cell(row, 2).value = json.dumps(payload, ensure_ascii=False, sort_keys=True,
                                           separators=(",", ":"))
    return edit


def test_edited_task_id_in_hidden_sheet_is_refused(demo_tracker, form, tmp_path):
    def swap_task(payload, ws):
        payload["tasks"][0][0] = 1        # another unit's task id
    filled = fill(form, tmp_path / "f.xlsx", {0: {"percent": 90}}, edit=_edit_identity(swap_task))
    assert_refused_and_unchanged(demo_tracker, [filled], "识别信息校验不符")


def test_edited_unit_in_hidden_sheet_is_refused(demo_tracker, form, tmp_path):
    def retarget(payload, ws):
        payload["unit"], payload["unit_id"] = "市发改委", 17
        ws.cell(ID_ROWS["unit"], 2).value = "市发改委"
    filled = fill(form, tmp_path / "f.xlsx", {0: {"percent": 90}}, edit=_edit_identity(retarget))
    assert_refused_and_unchanged(demo_tracker, [filled], "识别信息校验不符")


def test_identity_label_cell_edited_is_refused(demo_tracker, form, tmp_path):
    def edit(wb):
        wb[ID_SHEET].cell(ID_ROWS["period"], 2).value = "2023-12"
    filled = fill(form, tmp_path / "f.xlsx", {0: {"percent": 90}}, edit=edit)
    assert_refused_and_unchanged(demo_tracker, [filled], "与签名的")


def test_form_from_another_database_is_refused(demo_tracker, form, tmp_path):
    from govtrack.app.demo import build_demo
    from govtrack.tracker import Tracker
    other = Tracker.open(tmp_path / "other.sqlite")
    try:
        build_demo(other)
        other.returns.export_forms(PERIOD, tmp_path / "o", unit=UNIT)   # has its own secret
        filled = fill(form, tmp_path / "f.xlsx", {0: {"percent": 90}})
        assert_refused_and_unchanged(other, [filled], "不是由本数据库导出的")
    finally:
        other.close()


def test_task_deleted_after_export_is_flagged(demo_tracker, form, tmp_path):
    tr = demo_tracker
    task = tr.ledger.tasks(unit=UNIT)[0]
    filled = fill(form, tmp_path / "f.xlsx", {0: {"percent": 90, "progress_text": "x"}})
    with tr.db.atomic():
        tr.db.execute("DELETE FROM tasks WHERE id = ?", [task["id"]])
    assert_row_flagged_and_unchanged(tr, [filled], "已不在台账中", "序号")


def test_task_no_longer_the_units_is_flagged(demo_tracker, form, tmp_path):
    tr = demo_tracker
    task = tr.ledger.tasks(unit=UNIT)[0]
    filled = fill(form, tmp_path / "f.xlsx", {0: {"percent": 90}})
    others = [ledger.unit_id(tr.db, u) for u in task["lead"] if u != UNIT] or [1]
    with tr.db.atomic():
        ledger.set_task_units(tr.db, task["id"], others, [])
    assert_row_flagged_and_unchanged(tr, [filled], "已不属于市财政局", "序号")


def test_changed_seq_is_flagged(demo_tracker, form, tmp_path):
    def edit(wb):
        wb[DATA_SHEET].cell(FIRST_DATA_ROW, COL_INDEX["seq"]).value = "999"
    filled = fill(form, tmp_path / "f.xlsx", {0: {"percent": 90}}, edit=edit)
    preview = assert_row_flagged_and_unchanged(demo_tracker, [filled], "找不到序号")
    assert "不是导出时的任务" in messages(preview)


def test_extra_row_is_flagged(demo_tracker, form, tmp_path):
    n = len(demo_tracker.ledger.tasks(unit=UNIT))

    def edit(wb):
        ws = wb[DATA_SHEET]
        ws.cell(FIRST_DATA_ROW + n, 1).value = "200"
        ws.cell(FIRST_DATA_ROW + n, COL_INDEX["percent"]).value = 50
    filled = fill(form, tmp_path / "f.xlsx", {}, edit=edit)
    assert_row_flagged_and_unchanged(demo_tracker, [filled], "不是导出时的任务", "序号")


# ---------------------------------------------------------------- task text

def test_task_text_edited_by_unit_is_flagged(demo_tracker, form, tmp_path):
    def edit(wb):
        c = wb[DATA_SHEET].cell(FIRST_DATA_ROW, COL_INDEX["content"])
        c.value = c.value + "（已调整）"
    filled = fill(form, tmp_path / "f.xlsx", {0: {"percent": 90}}, edit=edit)
    assert_row_flagged_and_unchanged(demo_tracker, [filled], "工作任务内容与导出时不一致", "工作任务")


def test_task_text_whitespace_only_change_is_not_a_change(demo_tracker, form, tmp_path):
    def edit(wb):
        c = wb[DATA_SHEET].cell(FIRST_DATA_ROW, COL_INDEX["content"])
        c.value = " " + c.value.replace("，", "， ") + "\n"
    filled = fill(form, tmp_path / "f.xlsx", {0: {"percent": 90}}, edit=edit)
    preview, outcome = import_all(demo_tracker, [filled])
    assert preview.problems() == [] and outcome.files[0]["inserted"] == 1


def test_task_text_changed_in_ledger_after_export_is_flagged(demo_tracker, form, tmp_path):
    tr = demo_tracker
    task = tr.ledger.tasks(unit=UNIT)[0]
    filled = fill(form, tmp_path / "f.xlsx", {0: {"percent": 90}})
    with tr.db.atomic():
        ledger.update_task(tr.db, task["id"], {"content": task["content"] + "并完成验收。"})
    assert_row_flagged_and_unchanged(tr, [filled], "台账中该任务内容已在导出后修改", "工作任务")


# ---------------------------------------------------------------- percent

@pytest.mark.parametrize("value, needle", [
    ("大部分完成", "不是数字"),
    ("八十", "不是数字"),
    (120, "超出 0–100"),
    ("101%", "超出 0–100"),
    (-5, "超出 0–100"),
    ("=40+50", "不能是公式"),
    (True, "不是数字"),
])
def test_bad_percent_is_flagged(demo_tracker, form, tmp_path, value, needle):
    filled = fill(form, tmp_path / "f.xlsx", {0: {"percent": value, "progress_text": "有进展"}})
    assert_row_flagged_and_unchanged(demo_tracker, [filled], needle, "本期完成进度(%)")


def test_missing_percent_with_text_is_flagged(demo_tracker, form, tmp_path):
    filled = fill(form, tmp_path / "f.xlsx", {0: {"progress_text": "有进展"}})
    assert_row_flagged_and_unchanged(demo_tracker, [filled], "未填写本期完成进度", "本期完成进度(%)")


def test_percent_lower_than_last_period_needs_a_note(demo_tracker, form, tmp_path):
    tr = demo_tracker
    task = tr.ledger.tasks(unit=UNIT)[0]
    uid, _ = tr.returns._resolve_unit(UNIT)
    with tr.db.atomic():
        progress_store.upsert_progress(tr.db, task["id"], uid, "2023-10", {
            "percent": 60, "progress_text": "上期", "reported_on": "2023-10-20", "source": "typed"})
    filled = fill(form, tmp_path / "f.xlsx", {0: {"percent": 50, "progress_text": "回退"}})
    preview = assert_row_flagged_and_unchanged(tr, [filled], "低于上期（2023-10）的 60%", "本期完成进度(%)")
    assert "存在问题" in messages(preview)
    # With the reason given in 存在问题 it is accepted.
    noted = fill(form, tmp_path / "g.xlsx", {0: {"percent": 50, "progress_text": "回退",
                                                  "problems": "部分工程返工，进度重新核定"}})
    preview, outcome = import_all(tr, [noted])
    assert preview.problems() == [] and outcome.files[0]["inserted"] == 1
    assert unit_rows(tr)[task["id"]]["percent"] == 50


# ---------------------------------------------------------------- texts

def test_text_over_limit_is_flagged(demo_tracker, form, tmp_path):
    filled = fill(form, tmp_path / "f.xlsx", {0: {"percent": 90, "problems": "问" * 2001}})
    assert_row_flagged_and_unchanged(demo_tracker, [filled], "超过 2000 字", "存在问题")


def test_formula_in_text_is_flagged(demo_tracker, form, tmp_path):
    filled = fill(form, tmp_path / "f.xlsx", {0: {"percent": 90, "next_steps": '=CONCAT("a","b")'}})
    assert_row_flagged_and_unchanged(demo_tracker, [filled], "不能是公式", "下步打算")


def test_flagged_rows_do_not_stop_valid_rows(demo_tracker, form, tmp_path):
    tr = demo_tracker
    tasks = tr.ledger.tasks(unit=UNIT)
    filled = fill(form, tmp_path / "f.xlsx", {0: {"percent": "很多"}, 1: {"percent": 100, "progress_text": "完成"}})
    preview, outcome = import_all(tr, [filled])
    f = preview.files[0]
    assert len(f.flagged) == 1 and len(f.applicable) == 1
    assert outcome.files[0]["status"] == "applied" and outcome.files[0]["flagged"] == 1
    rows = unit_rows(tr)
    assert tasks[1]["id"] in rows and tasks[0]["id"] not in rows


# ---------------------------------------------------------------- duplicates

def test_same_file_twice_in_one_batch(demo_tracker, form, tmp_path):
    tr = demo_tracker
    filled = fill(form, tmp_path / "f.xlsx", {0: {"percent": 90}})
    copy = tmp_path / "copy.xlsx"
    copy.write_bytes(filled.read_bytes())
    before = counts(tr)
    preview, outcome = import_all(tr, [filled, copy])
    assert [f.status for f in preview.files] == ["ready", "duplicate"]
    assert "内容完全相同" in " ".join(preview.files[1].warnings)
    assert counts(tr)["progress"] == before["progress"] + 1
    assert counts(tr)["unit_returns"] == before["unit_returns"] + 1


def test_two_different_files_for_one_unit_in_one_batch(demo_tracker, form, tmp_path):
    a = fill(form, tmp_path / "a.xlsx", {0: {"percent": 90}})
    b = fill(form, tmp_path / "b.xlsx", {0: {"percent": 95}})
    before = counts(demo_tracker)
    preview, _ = import_all(demo_tracker, [a, b])
    assert [f.status for f in preview.files] == ["ready", "refused"]
    assert "同一单位同一期间请只导入一份" in messages(preview)
    assert counts(demo_tracker)["progress"] == before["progress"] + 1


def test_same_file_again_changes_nothing(demo_tracker, form, tmp_path):
    tr = demo_tracker
    filled = fill(form, tmp_path / "f.xlsx", {0: {"percent": 90}, 1: {"percent": 80}})
    import_all(tr, [filled])
    before = counts(tr)
    renamed = tmp_path / "再次报送.xlsx"
    renamed.write_bytes(filled.read_bytes())
    preview, outcome = import_all(tr, [renamed], replace=True)
    assert preview.files[0].status == "already_imported"
    assert "本次未作任何改动" in " ".join(preview.report_lines())
    assert outcome.files[0]["status"] == "already_imported"
    assert counts(tr) == before


def test_different_return_refused_unless_replace_and_audit_keeps_old(demo_tracker, form, tmp_path):
    tr = demo_tracker
    tasks = tr.ledger.tasks(unit=UNIT)
    first = fill(form, tmp_path / "first.xlsx", {0: {"percent": 90, "progress_text": "第一版"},
                                                 1: {"percent": 85, "progress_text": "第一版"}})
    import_all(tr, [first])
    second = fill(form, tmp_path / "second.xlsx", {0: {"percent": 95, "progress_text": "第二版"}})
    before = counts(tr)
    preview, outcome = import_all(tr, [second])
    assert preview.files[0].status == "conflict"
    assert "first.xlsx" in " ".join(preview.report_lines()) and "--replace" in outcome.files[0]["message"]
    assert counts(tr) == before
    # With replace: task 0 updated, task 1 (left blank in the new return) removed; both audited.
    old_ids = {t: r["id"] for t, r in unit_rows(tr).items()}
    preview, outcome = import_all(tr, [second], replace=True)
    assert "将替换" in "\n".join(preview.report_lines(replace=True))
    o = outcome.files[0]
    assert (o["status"], o["updated"], o["deleted"]) == ("applied", 1, 1)
    rows = unit_rows(tr)
    assert rows[tasks[0]["id"]]["progress_text"] == "第二版" and tasks[1]["id"] not in rows
    updates = tr.ledger.audit("progress", old_ids[tasks[0]["id"]])
    assert json.loads(updates[-1]["before"])["progress_text"] == "第一版"
    deleted = tr.ledger.audit("progress", old_ids[tasks[1]["id"]])
    assert deleted[-1]["action"] == "delete" and json.loads(deleted[-1]["before"])["percent"] == 85
    uid, _ = tr.returns._resolve_unit(UNIT)
    assert returns_state.current_return(tr.db, uid, PERIOD)["file_name"] == "second.xlsx"
    st = {s["unit"]: s for s in tr.returns.returns_status(PERIOD, today="2023-11-30")}
    assert st[UNIT]["file"] == "second.xlsx"


def test_apply_rechecks_against_the_database(demo_tracker, form, tmp_path):
    """A preview made before another import of the same unit does not overwrite it blindly."""
    tr = demo_tracker
    a = fill(form, tmp_path / "a.xlsx", {0: {"percent": 90}})
    b = fill(form, tmp_path / "b.xlsx", {0: {"percent": 95}})
    stale = tr.returns.preview_returns([b])
    assert stale.files[0].status == "ready"
    import_all(tr, [a])
    before = counts(tr)
    outcome = tr.returns.apply_returns(stale)
    assert outcome.files[0]["status"] == "conflict"
    assert counts(tr) == before


def test_replace_keeps_old_value_of_a_row_the_new_return_got_wrong(demo_tracker, form, tmp_path):
    tr = demo_tracker
    tasks = tr.ledger.tasks(unit=UNIT)
    first = fill(form, tmp_path / "first.xlsx", {0: {"percent": 100, "progress_text": "第一版"},
                                                 1: {"percent": 100, "progress_text": "第一版"}})
    import_all(tr, [first])
    second = fill(form, tmp_path / "second.xlsx", {0: {"percent": "全部", "progress_text": "第二版"},
                                                   1: {"percent": 100, "progress_text": "第二版"}})
    preview, outcome = import_all(tr, [second], replace=True)
    assert outcome.files[0]["status"] == "applied" and outcome.files[0]["deleted"] == 0
    rows = unit_rows(tr)
    assert rows[tasks[0]["id"]]["progress_text"] == "第一版"
    assert rows[tasks[1]["id"]]["progress_text"] == "第二版"


def test_oversized_file_is_refused_without_reading(demo_tracker, form, tmp_path, monkeypatch):
    import govtrack.app.returns as returns_module
    monkeypatch.setattr(returns_module, "MAX_FILE_BYTES", 1000)
    before = counts(demo_tracker)
    preview, outcome = import_all(demo_tracker, [form])
    assert preview.files[0].status == "refused" and "远超填报表的正常大小" in messages(preview)
    assert counts(demo_tracker) == before


def test_form_from_before_a_database_rebuild_is_refused(demo_tracker, form, tmp_path):
    """``demo --force`` keeps the secret but renumbers units and tasks: ids must not be trusted."""
    tr = demo_tracker
    filled = fill(form, tmp_path / "f.xlsx", {0: {"percent": 100}})
    uid, _ = tr.returns._resolve_unit(UNIT)
    with tr.db.atomic():     # another unit now holds the id the form names
        tr.db.execute("UPDATE units SET name = '市某某局' WHERE id = ?", [uid])
        tr.db.execute("DELETE FROM unit_aliases WHERE unit_id = ?", [uid])
    assert_refused_and_unchanged(tr, [filled], "数据库可能已重建")
