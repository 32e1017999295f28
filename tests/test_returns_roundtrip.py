"""Unit returns round trip: export a 进展填报表, fill it in as a unit would, import it back.

Also with the workbook re-saved by LibreOffice headless (what a unit using WPS or
LibreOffice sends back), and the export's printing/protection details.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from govtrack.returns_io.layout import COL_INDEX, DATA_SHEET, FIRST_DATA_ROW, ID_SHEET, HEADER_ROW
from govtrack.store import returns_state

UNIT = "市财政局"
PERIOD = "2023-11"     # after the demo's Jan–Oct reports


def counts(tr) -> dict[str, int]:
    """Row counts of everything an import could write."""
    return {t: tr.db[t].count for t in ("progress", "audit_log", "unit_returns", "source_files")}


def export_one(tr, tmp_path: Path, unit: str = UNIT, period: str = PERIOD) -> Path:
    paths = tr.returns.export_forms(period, tmp_path / "out", unit=unit)
    assert len(paths) == 1
    return paths[0]


def fill(src: Path, dst: Path, values: dict[int, dict], *, edit=None) -> Path:
    """Fill in rows (0-based task index → {key: value}) as a unit would with Excel/openpyxl."""
    wb = openpyxl.load_workbook(src)
    ws = wb[DATA_SHEET]
    for k, cells in values.items():
        for key, value in cells.items():
            c = ws.cell(FIRST_DATA_ROW + k, COL_INDEX[key])
            if key == "percent" and isinstance(value, tuple):   # (value, number_format)
                c.value, c.number_format = value
            else:
                c.value = value
    if edit:
        edit(wb)
    wb.save(dst)
    return dst


def unit_rows(tr, unit: str = UNIT, period: str = PERIOD) -> dict[int, dict]:
    uid, _name = tr.returns._resolve_unit(unit)
    return returns_state.entries_in_period(tr.db, uid, period)


def test_export_lists_the_units_tasks_with_roles_and_print_setup(demo_tracker, tmp_path):
    tr = demo_tracker
    path = export_one(tr, tmp_path)
    assert path.name == "2023-11_市财政局_进展填报表.xlsx"
    tasks = tr.ledger.tasks(unit=UNIT)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [DATA_SHEET, ID_SHEET]
    ids = wb[ID_SHEET]
    assert ids.sheet_state == "veryHidden" and ids.protection.sheet
    assert wb.security.lockStructure
    ws = wb[DATA_SHEET]
    assert [ws.cell(HEADER_ROW, c).value for c in (1, 3, 4, 5, 8, 9, 10, 11)] == [
        "序号", "工作任务", "牵头单位", "完成时限", "本期完成进度(%)", "进展情况", "存在问题", "下步打算"]
    assert "填报说明" in ws["A2"].value and "2023年11月24日" in ws["A2"].value   # 25 Nov is a Saturday
    assert ws["C3"].value == UNIT and ws["F3"].value == PERIOD
    rows = [(ws.cell(r, 1).value, ws.cell(r, 2).value, ws.cell(r, 3).value)
            for r in range(FIRST_DATA_ROW, FIRST_DATA_ROW + len(tasks))]
    assert [r[0] for r in rows] == [t["seq"] for t in tasks]
    assert [r[1] for r in rows] == ["牵头" if UNIT in t["lead"] else "协办" for t in tasks]
    assert {"牵头", "协办"} <= {r[1] for r in rows}
    assert [r[2] for r in rows] == [t["content"] for t in tasks]
    assert ws.cell(FIRST_DATA_ROW + len(tasks), 1).value is None
    # Protection: only the four editable columns are unlocked.
    assert ws.protection.sheet
    r = FIRST_DATA_ROW
    for key in ("percent", "progress_text", "problems", "next_steps"):
        assert ws.cell(r, COL_INDEX[key]).protection.locked is False
    for key in ("seq", "content", "lead", "deadline", "prev_percent", "prev_text"):
        assert ws.cell(r, COL_INDEX[key]).protection.locked is True
    assert ws.cell(r, COL_INDEX["content"]).font.name == "宋体"
    assert ws.cell(r, COL_INDEX["content"]).alignment.wrap_text
    assert ws.column_dimensions["C"].width >= 30
    dv = [d for d in ws.data_validations.dataValidation if d.type == "decimal"]
    assert dv and dv[0].formula1 == "0" and dv[0].formula2 == "100"
    assert f"H{FIRST_DATA_ROW}" in str(dv[0].sqref)
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"


def test_export_shows_last_periods_entries(demo_tracker, tmp_path):
    tr = demo_tracker
    uid, _ = tr.returns._resolve_unit(UNIT)
    prev = returns_state.previous_entries(tr.db, uid, PERIOD)
    assert prev, "the demo has reports of this unit before 2023-11"
    path = export_one(tr, tmp_path)
    ws = openpyxl.load_workbook(path)[DATA_SHEET]
    tasks = tr.ledger.tasks(unit=UNIT)
    for k, t in enumerate(tasks):
        shown = ws.cell(FIRST_DATA_ROW + k, COL_INDEX["prev_percent"]).value
        p = prev.get(t["id"])
        assert shown == (p["percent"] if p else None)
        if p:
            assert ws.cell(FIRST_DATA_ROW + k, COL_INDEX["prev_text"]).value == (p["progress_text"] or None)


def test_export_all_units_windows_safe_names(demo_tracker, tmp_path):
    paths = demo_tracker.returns.export_forms(PERIOD, tmp_path / "all")
    with_tasks = [u for u in demo_tracker.units.list() if u["led"] + u["assisting"] > 0]
    assert len(paths) == len(with_tasks) >= 50
    for p in paths:
        assert not set(p.name) & set('<>:"/\\|?*')
        assert p.name.startswith("2023-11_") and p.name.endswith("_进展填报表.xlsx")


def test_round_trip_openpyxl(demo_tracker, tmp_path):
    tr = demo_tracker
    path = export_one(tr, tmp_path)
    tasks = tr.ledger.tasks(unit=UNIT)
    uid, _ = tr.returns._resolve_unit(UNIT)
    prev = returns_state.previous_entries(tr.db, uid, PERIOD)
    base = {k: max(90.0, (prev.get(t["id"]) or {}).get("percent") or 0) for k, t in enumerate(tasks)}
    values = {
        0: {"percent": base[0], "progress_text": "已完成政策梳理", "problems": "无", "next_steps": "继续推进"},
        1: {"percent": f"{base[1]:g}%", "progress_text": "进展顺利"},
        2: {"percent": f"{base[2]:g}", "progress_text": 12345},                 # a number typed as text
        3: {"percent": (base[3] / 100, "0%"), "progress_text": "按百分比格式填写"},  # Excel's 90% → 0.9
    }
    filled = fill(path, tmp_path / "filled.xlsx", values)
    before = counts(tr)
    preview = tr.returns.preview_returns([filled], received_on="2023-11-20")
    assert preview.problems() == []
    f = preview.files[0]
    assert (f.unit, f.period, f.status) == (UNIT, PERIOD, "ready")
    assert f.counts["insert"] == 4 and f.counts["blank"] == len(tasks) - 4
    assert counts(tr) == before, "a preview writes nothing"
    outcome = tr.returns.apply_returns(preview)
    assert outcome.files[0]["status"] == "applied" and outcome.files[0]["inserted"] == 4
    rows = unit_rows(tr)
    assert {tasks[k]["id"] for k in values} == set(rows)
    for k in values:
        r = rows[tasks[k]["id"]]
        assert r["percent"] == base[k]
        assert (r["source"], r["reported_on"]) == ("imported", "2023-11-20")
    assert rows[tasks[0]["id"]]["problems"] == "无"
    assert rows[tasks[2]["id"]]["progress_text"] == "12345"
    # The file is kept beside the database, traced by hash.
    src = tr.db.execute("SELECT * FROM source_files WHERE id = ?",
                        [rows[tasks[0]["id"]]["source_file_id"]]).fetchone()
    assert src is not None
    kept = Path(src[4])
    assert kept.exists() and kept.read_bytes() == filled.read_bytes()
    after = counts(tr)
    assert after["progress"] == before["progress"] + 4 and after["unit_returns"] == before["unit_returns"] + 1
    # Importing the same file again changes nothing and says so.
    again = tr.returns.preview_returns([filled])
    assert again.files[0].status == "already_imported"
    assert "已导入" in " ".join(again.report_lines())
    out2 = tr.returns.apply_returns(again)
    assert out2.files[0]["status"] == "already_imported"
    assert counts(tr) == after
    # And the status list shows the return — but only 4 of the unit's open lead tasks
    # were filled in, so by the one reporting rule it has reported in part (部分报送 4/n).
    st = {s["unit"]: s for s in tr.returns.returns_status(PERIOD, today="2023-11-30")}
    assert st[UNIT]["file"] == "filled.xlsx" and st[UNIT]["late"]     # not complete by 24 Nov
    assert st[UNIT]["state"] == "部分报送" and not st[UNIT]["returned"]
    assert 0 < st[UNIT]["reported_tasks"] < st[UNIT]["open_lead_tasks"]


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_with_libreoffice(src: Path, out_dir: Path, profile: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    cmd = [_soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
           "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out_dir), str(src)]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    out = out_dir / src.name
    assert out.exists(), f"LibreOffice did not convert: {p.stdout} {p.stderr}"
    return out


@pytest.mark.skipif(_soffice() is None, reason="LibreOffice (soffice) is not installed; "
                    "CI installs libreoffice-calc-nogui to run this test")
def test_round_trip_libreoffice_resaved(demo_tracker, tmp_path):
    tr = demo_tracker
    path = export_one(tr, tmp_path)
    tasks = tr.ledger.tasks(unit=UNIT)
    values = {k: {"percent": ("95%" if k % 2 else 95), "progress_text": f"第{k}项进展",
                  "problems": "资金到位慢", "next_steps": "加快推进"} for k in range(len(tasks))}
    filled = fill(path, tmp_path / "filled.xlsx", values)
    resaved = convert_with_libreoffice(filled, tmp_path / "lo", tmp_path / "lo_profile")
    assert resaved.read_bytes() != filled.read_bytes()
    wb = openpyxl.load_workbook(resaved)
    assert ID_SHEET in wb.sheetnames and wb[ID_SHEET].sheet_state in ("hidden", "veryHidden")
    before = counts(tr)
    preview = tr.returns.preview_returns([resaved], received_on="2023-11-27")
    assert preview.problems() == [], [str(p) for p in preview.problems()]
    assert preview.files[0].counts["insert"] == len(tasks)
    tr.returns.apply_returns(preview)
    rows = unit_rows(tr)
    assert len(rows) == len(tasks)
    for k, t in enumerate(tasks):
        r = rows[t["id"]]
        assert (r["percent"], r["progress_text"], r["problems"]) == (95.0, f"第{k}项进展", "资金到位慢")
    assert counts(tr)["progress"] == before["progress"] + len(tasks)
    st = {s["unit"]: s for s in tr.returns.returns_status(PERIOD, today="2023-11-30")}
    assert st[UNIT]["returned"] and st[UNIT]["late"] and st[UNIT]["days_late"] == 3


def test_status_lists_late_units(demo_tracker, tmp_path):
    tr = demo_tracker
    before_due = tr.returns.returns_status(PERIOD, today="2023-11-20")
    assert before_due and not any(s["late"] for s in before_due)
    assert not any(s["returned"] for s in before_due)
    after_due = tr.returns.returns_status(PERIOD, today="2023-11-28")
    assert all(s["late"] and s["days_late"] == 4 for s in after_due)
    assert {s["due_date"] for s in after_due} == {"2023-11-24"}
    total = {s["unit"]: s["tasks"] for s in after_due}
    assert total[UNIT] == len(tr.ledger.tasks(unit=UNIT))


def test_round_trip_wps_like_resave(demo_tracker, tmp_path):
    """What WPS is known to do on re-save: veryHidden becomes hidden, validation and protection
    dropped, percent typed as text '80%' stored as an inline string. The return still imports."""
    import re
    import zipfile
    tr = demo_tracker
    path = export_one(tr, tmp_path)
    tasks = tr.ledger.tasks(unit=UNIT)
    filled = fill(path, tmp_path / "filled.xlsx", {0: {"percent": 100, "progress_text": "完成"}})
    wps = tmp_path / "wps.xlsx"
    col = "H"
    with zipfile.ZipFile(filled) as src, zipfile.ZipFile(wps, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/workbook.xml":
                data = data.replace(b'state="veryHidden"', b'state="hidden"')
                data = re.sub(rb"<workbookProtection[^>]*/>", b"", data)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb"<dataValidations.*?</dataValidations>", b"", data, flags=re.S)
                data = re.sub(rb"<sheetProtection[^>]*/>", b"", data)
                data = re.sub(rf'<c r="{col}{FIRST_DATA_ROW}"([^>]*?)(/>|>.*?</c>)'.encode(),
                              f'<c r="{col}{FIRST_DATA_ROW}" t="inlineStr"><is><t>100%</t></is></c>'.encode(),
                              data, count=1, flags=re.S)
            dst.writestr(info, data)
    wb = openpyxl.load_workbook(wps)
    assert wb[ID_SHEET].sheet_state == "hidden"
    assert wb[DATA_SHEET].cell(FIRST_DATA_ROW, COL_INDEX["percent"]).value == "100%"
    assert not wb[DATA_SHEET].data_validations.dataValidation
    preview = tr.returns.preview_returns([wps])
    assert preview.problems() == [], [str(p) for p in preview.problems()]
    tr.returns.apply_returns(preview)
    assert unit_rows(tr)[tasks[0]["id"]]["percent"] == 100.0
