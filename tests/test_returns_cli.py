"""``govtrack forms export | import | status``: the command line over the returns core."""

from __future__ import annotations

import json

from govtrack.cli import main

from .test_returns_roundtrip import PERIOD, UNIT, fill


def run(capsys, db, *args):
    code = main(["--db", str(db), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_forms_export_import_status(demo_tracker, db_path, tmp_path, capsys):
    demo_tracker.close()
    code, out, _ = run(capsys, db_path, "forms", "export", "--period", PERIOD, "--unit", "财政局",
                       "-o", str(tmp_path / "out"))
    assert code == 0 and "已导出 1 个单位" in out and "2023-11-24" in out
    form = tmp_path / "out" / "2023-11_市财政局_进展填报表.xlsx"
    assert form.exists()
    filled = fill(form, tmp_path / "filled.xlsx", {0: {"percent": 100, "progress_text": "完成"},
                                                   1: {"percent": "很多"}})
    code, out, _ = run(capsys, db_path, "forms", "import", str(filled), "--dry-run", "--json")
    data = json.loads(out)
    assert code == 2 and data["dry_run"] and data["files"][0]["counts"]["insert"] == 1
    assert data["files"][0]["counts"]["flagged"] == 1
    code, out, _ = run(capsys, db_path, "forms", "status", "--period", PERIOD, "--today", "2023-11-20",
                       "--json")
    assert not any(r["returned"] for r in json.loads(out))
    code, out, _ = run(capsys, db_path, "forms", "import", str(filled), "--date", "2023-11-27")
    assert code == 2, "a flagged row is reported with exit code 2"
    assert "第 7 行「本期完成进度(%)」" in out and "已导入，新增 1 条" in out
    code, out, _ = run(capsys, db_path, "forms", "import", str(filled))
    assert code == 0 and "导入，本次未作任何改动" in out
    code, out, _ = run(capsys, db_path, "forms", "status", "--period", PERIOD, "--today", "2023-11-30")
    assert code == 0
    line = next(ln for ln in out.splitlines() if ln.startswith(UNIT))
    # The one row that came in is a task it assists (row 0: task 18, led by 潜江高新区管委会):
    # by the one reporting rule the unit has not reported its five lead tasks.
    assert "未报送，已逾期 6 天" in line and "filled.xlsx" in line and "没有牵头任务的进展" in line
    assert "未报送，已逾期 6 天" in out


def test_forms_import_refused_file_exits_2(demo_tracker, db_path, tmp_path, capsys):
    demo_tracker.close()
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"")
    code, out, _ = run(capsys, db_path, "forms", "import", str(bad))
    assert code == 2 and "文件是空的" in out


def test_forms_bad_period_is_a_message_not_a_traceback(demo_tracker, db_path, tmp_path, capsys):
    demo_tracker.close()
    code, _out, err = run(capsys, db_path, "forms", "export", "--period", "2023-1", "-o", str(tmp_path))
    assert code == 2 and "应为 YYYY-MM" in err
