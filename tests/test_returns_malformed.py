"""Malformed returns never crash the import and never leave a partial write.

Broken containers (empty, not a zip, legacy .xls, zip bombs, truncated, bad
XML), reshaped workbooks (extra, renamed or deleted sheets, merged cells,
formulas, inserted columns, an unhidden or edited identity sheet), a failure in
the middle of writing, and — property-based — random values in the editable
columns: each file is applied fully (its valid rows) or not at all.
"""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from govtrack.returns_io.layout import COL_INDEX, DATA_SHEET, FIRST_DATA_ROW, ID_SHEET
from govtrack.store import progress as progress_store

from .test_returns_roundtrip import PERIOD, UNIT, counts, export_one, fill, unit_rows


@pytest.fixture
def form(demo_tracker, tmp_path):
    return export_one(demo_tracker, tmp_path)


def refused(tr, path: Path, needle: str):
    before = counts(tr)
    preview = tr.returns.preview_returns([path])
    outcome = tr.returns.apply_returns(preview)
    f = preview.files[0]
    assert f.status == "refused", (f.status, [str(p) for p in f.problems()])
    text = " ".join(str(p) for p in f.errors)
    assert needle in text, text
    assert f.name in text
    assert outcome.files[0]["status"] == "refused"
    assert counts(tr) == before
    return f


def applied(tr, path: Path, n: int):
    before = counts(tr)
    preview = tr.returns.preview_returns([path])
    outcome = tr.returns.apply_returns(preview)
    assert outcome.files[0]["status"] == "applied", preview.report_lines()
    assert counts(tr)["progress"] == before["progress"] + n
    return preview.files[0]


# ---------------------------------------------------------------- containers

def test_empty_file(demo_tracker, form, tmp_path):
    p = tmp_path / "empty.xlsx"
    p.write_bytes(b"")
    refused(demo_tracker, p, "文件是空的")


def test_not_a_zip(demo_tracker, tmp_path):
    p = tmp_path / "text.xlsx"
    p.write_text("这是一封邮件正文，不是表格", encoding="utf-8")
    refused(demo_tracker, p, "不是 xlsx 工作簿")


def test_legacy_xls(demo_tracker, tmp_path):
    p = tmp_path / "old.xls"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    refused(demo_tracker, p, "另存为 .xlsx")


def test_zip_bomb_by_total_size(demo_tracker, tmp_path):
    p = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (40 * 1024 * 1024))
    assert p.stat().st_size < 200_000
    refused(demo_tracker, p, "压缩炸弹")


def test_zip_bomb_by_ratio(demo_tracker, tmp_path):
    p = tmp_path / "ratio.xlsx"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/sharedStrings.xml", b" " * (8 * 1024 * 1024))
    refused(demo_tracker, p, "压缩比异常")


def test_zip_without_workbook(demo_tracker, tmp_path):
    p = tmp_path / "docs.xlsx"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    refused(demo_tracker, p, "没有 workbook.xml")


def test_truncated_workbook(demo_tracker, form, tmp_path):
    filled = fill(form, tmp_path / "f.xlsx", {0: {"percent": 90}})
    p = tmp_path / "cut.xlsx"
    p.write_bytes(filled.read_bytes()[: filled.stat().st_size // 2])
    f = refused(demo_tracker, p, "")
    assert f.errors


def test_broken_xml_inside(demo_tracker, form, tmp_path):
    filled = fill(form, tmp_path / "f.xlsx", {0: {"percent": 90}})
    p = tmp_path / "badxml.xlsx"
    with zipfile.ZipFile(filled) as src, zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            dst.writestr(info, data)
    refused(demo_tracker, p, "无法打开")


def test_missing_file(demo_tracker, tmp_path):
    refused(demo_tracker, tmp_path / "nowhere.xlsx", "无法读取文件")


# ---------------------------------------------------------------- reshaped workbooks

def test_extra_sheet_is_ignored_with_a_note(demo_tracker, form, tmp_path):
    def edit(wb):
        wb.create_sheet("备注")["A1"] = "说明"
    f = applied(demo_tracker, fill(form, tmp_path / "f.xlsx", {0: {"percent": 90}}, edit=edit), 1)
    assert any("多出工作表「备注」" in w for w in f.warnings)


def test_renamed_data_sheet(demo_tracker, form, tmp_path):
    def edit(wb):
        wb[DATA_SHEET].title = "Sheet1"
    f = applied(demo_tracker, fill(form, tmp_path / "f.xlsx", {0: {"percent": 90}}, edit=edit), 1)
    assert any("被改名为「Sheet1」" in w for w in f.warnings)


def test_renamed_identity_sheet(demo_tracker, form, tmp_path):
    def edit(wb):
        wb[ID_SHEET].title = "Sheet2"
    f = applied(demo_tracker, fill(form, tmp_path / "f.xlsx", {0: {"percent": 90}}, edit=edit), 1)
    assert any("识别信息表被改名" in w for w in f.warnings)


def test_unhidden_identity_sheet_still_imports(demo_tracker, form, tmp_path):
    def edit(wb):
        wb[ID_SHEET].sheet_state = "visible"
    f = applied(demo_tracker, fill(form, tmp_path / "f.xlsx", {0: {"percent": 90}}, edit=edit), 1)
    assert any("取消隐藏" in w for w in f.warnings)


def test_deleted_identity_sheet(demo_tracker, form, tmp_path):
    def edit(wb):
        del wb[ID_SHEET]
    refused(demo_tracker, fill(form, tmp_path / "f.xlsx", {0: {"percent": 90}}, edit=edit), "缺少识别信息")


def test_deleted_data_sheet(demo_tracker, form, tmp_path):
    def edit(wb):
        wb.create_sheet("空表")
        del wb[DATA_SHEET]
    refused(demo_tracker, fill(form, tmp_path / "f.xlsx", {}, edit=edit), "找不到填报工作表")


def test_inserted_column(demo_tracker, form, tmp_path):
    def edit(wb):
        wb[DATA_SHEET].insert_cols(COL_INDEX["percent"])
    refused(demo_tracker, fill(form, tmp_path / "f.xlsx", {0: {"percent": 90}}, edit=edit), "表头第")


def test_edited_identity_checksum(demo_tracker, form, tmp_path):
    def edit(wb):
        wb[ID_SHEET]["B6"] = "0" * 64
    refused(demo_tracker, fill(form, tmp_path / "f.xlsx", {0: {"percent": 90}}, edit=edit), "识别信息校验不符")


def test_garbage_in_identity_sheet(demo_tracker, form, tmp_path):
    def edit(wb):
        ws = wb[ID_SHEET]
        ws["B7"] = "很多"
    refused(demo_tracker, fill(form, tmp_path / "f.xlsx", {0: {"percent": 90}}, edit=edit), "分段数无效")


def test_merged_cells_in_data_area_flag_those_rows(demo_tracker, form, tmp_path):
    tr = demo_tracker
    tasks = tr.ledger.tasks(unit=UNIT)

    def edit(wb):
        ws = wb[DATA_SHEET]
        c = COL_INDEX["problems"]
        ws.merge_cells(start_row=FIRST_DATA_ROW, end_row=FIRST_DATA_ROW + 1, start_column=c, end_column=c)
    values = {0: {"percent": 90, "problems": "两项共同的问题"}, 1: {"percent": 90},
              2: {"percent": 100, "progress_text": "正常"}}
    filled = fill(form, tmp_path / "f.xlsx", values, edit=edit)
    preview = tr.returns.preview_returns([filled])
    f = preview.files[0]
    flagged = {r.task_id for r in f.flagged}
    assert flagged == {tasks[0]["id"], tasks[1]["id"]}
    assert "合并单元格" in " ".join(str(p) for p in f.problems())
    tr.returns.apply_returns(preview)
    assert set(unit_rows(tr)) == {tasks[2]["id"]}


def test_formulas_in_percent_column(demo_tracker, form, tmp_path):
    tr = demo_tracker
    values = {0: {"percent": "=SUM(1,2)"}, 1: {"percent": "=H6"}, 2: {"percent": 100}}
    filled = fill(form, tmp_path / "f.xlsx", values)
    preview = tr.returns.preview_returns([filled])
    assert len(preview.files[0].flagged) == 2
    before = counts(tr)
    tr.returns.apply_returns(preview)
    assert counts(tr)["progress"] == before["progress"] + 1


def test_batch_with_good_and_broken_files(demo_tracker, form, tmp_path):
    tr = demo_tracker
    good = fill(form, tmp_path / "good.xlsx", {0: {"percent": 90}})
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"PK\x03\x04 not really")
    before = counts(tr)
    preview = tr.returns.preview_returns([empty, good, junk])
    assert [f.status for f in preview.files] == ["refused", "ready", "refused"]
    outcome = tr.returns.apply_returns(preview)
    assert [f["status"] for f in outcome.files] == ["refused", "applied", "refused"]
    assert counts(tr)["progress"] == before["progress"] + 1


def test_failure_while_writing_leaves_nothing(demo_tracker, form, tmp_path, monkeypatch):
    tr = demo_tracker
    filled = fill(form, tmp_path / "f.xlsx", {k: {"percent": 90} for k in range(4)})
    preview = tr.returns.preview_returns([filled])
    calls = {"n": 0}
    real = progress_store.upsert_progress

    def flaky(*a, **kw):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError("disk full")
        return real(*a, **kw)
    monkeypatch.setattr(progress_store, "upsert_progress", flaky)
    before = counts(tr)
    with pytest.raises(OSError):
        tr.returns.apply_returns(preview)
    assert calls["n"] == 3
    assert counts(tr) == before


# ---------------------------------------------------------------- property-based

@pytest.fixture(scope="module")
def base(tmp_path_factory):
    """A demo database and the unit's exported form, built once; each example copies the file."""
    from govtrack.app.demo import build_demo
    from govtrack.tracker import Tracker
    folder = tmp_path_factory.mktemp("returns_prop")
    db = folder / "base.sqlite"
    tr = Tracker.open(db)
    build_demo(tr)
    form_path = tr.returns.export_forms(PERIOD, folder / "out", unit=UNIT)[0]
    n = len(tr.ledger.tasks(unit=UNIT))
    tr.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    tr.close()
    return db, form_path, n, folder


_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)
cell_values = st.one_of(
    st.none(), st.integers(-1000, 1000), st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(), _text, st.sampled_from(["80%", "80", "８０％", " 50 ", "=1+1", "abc", "100.0", "1e2",
                                           "-0", "", "％", "50%%"]),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 1, 1)),
    st.builds(lambda n: "长" * n, st.sampled_from([1999, 2000, 2001])),
)
# Often a plausible percent, so that examples apply rows as well as flag them.
percent_values = st.one_of(st.integers(95, 100), st.sampled_from(["100%", "100", 100.0]), cell_values)
row_values = st.fixed_dictionaries({"percent": percent_values, "progress_text": cell_values,
                                    "problems": cell_values, "next_steps": cell_values})


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.dictionaries(st.integers(0, 9), row_values, max_size=6),
       percent_format=st.sampled_from(["General", "0%", "0.00", "@"]))
def test_random_editable_values_never_crash_and_apply_all_or_nothing(base, tmp_path_factory, data,
                                                                      percent_format):
    from govtrack.tracker import Tracker
    db, form_path, n, _folder = base
    work = tmp_path_factory.mktemp("ex")
    shutil.copyfile(db, work / "t.sqlite")
    tr = Tracker.open(work / "t.sqlite")
    try:
        values = {}
        for k, cells in data.items():
            if k >= n:
                continue
            cells = dict(cells)
            cells["percent"] = (cells["percent"], percent_format)
            values[k] = cells
        filled = fill(form_path, work / "filled.xlsx", values)
        before = counts(tr)
        preview = tr.returns.preview_returns([filled])
        f = preview.files[0]
        assert f.status == "ready", [str(p) for p in f.problems()]
        outcome = tr.returns.apply_returns(preview)
        rows = unit_rows(tr)
        expected = {r.task_id: r for r in f.applicable}
        event(f"rows applied: {'some' if expected else 'none'}; flagged: {'some' if f.flagged else 'none'}")
        imported = {tid: r for tid, r in rows.items() if r["source"] == "imported"}
        if expected:
            assert outcome.files[0]["status"] == "applied"
            assert set(imported) == set(expected)
            for tid, r in expected.items():
                got = imported[tid]
                assert 0 <= got["percent"] <= 100 and got["percent"] == r.percent
                assert (got["progress_text"], got["problems"], got["next_steps"]) == (
                    r.progress_text, r.problems, r.next_steps)
            assert counts(tr)["unit_returns"] == before["unit_returns"] + 1
        else:
            assert outcome.files[0]["status"] == "nothing"
            assert counts(tr) == before
        # Every row is accounted for: applied, blank or flagged with a message.
        for r in f.rows:
            assert r.action in ("insert", "update", "same", "blank", "flagged")
            if r.action == "flagged":
                assert r.issues and all(str(p) for p in r.issues)
    finally:
        tr.close()
