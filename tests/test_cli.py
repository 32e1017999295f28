"""The govtrack command line, run as a user would (a subprocess on a temp database)."""

import json
import os
import subprocess
import sys

from .conftest import BREAKDOWN_2023, REPORT_2025


def run(*args, db, check=True):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    p = subprocess.run([sys.executable, "-m", "govtrack", "--db", str(db), *args],
                       capture_output=True, text=True, encoding="utf-8", env=env)
    if check:
        assert p.returncode == 0, p.stderr
    return p


def test_import_dry_run_then_apply_and_list(db_path):
    out = run("import", str(BREAKDOWN_2023), "--dry-run", db=db_path).stdout
    assert "识别任务 136 项" in out and "未作改动" in out
    assert json.loads(run("tasks", "--json", db=db_path).stdout) == []
    run("import", str(BREAKDOWN_2023), db=db_path)
    tasks = json.loads(run("tasks", "--json", db=db_path).stdout)
    assert len(tasks) == 136
    t1 = tasks[0]
    assert set(t1) >= {"id", "seq", "content", "lead", "assist", "deadline", "deadline_text", "section"}
    assert (t1["seq"], t1["lead"], t1["assist"]) == ("1", ["市水利和湖泊局"], ["市住建局", "返湾湖湿地公园管理处"])
    again = run("import", str(BREAKDOWN_2023), db=db_path, check=False)
    assert again.returncode == 2 and "已导入" in again.stderr and "Traceback" not in again.stderr
    by_unit = json.loads(run("tasks", "--unit", "市发展和改革委员会", "--json", db=db_path).stdout)
    assert by_unit and all("市发改委" in t["lead"] + t["assist"] for t in by_unit)
    units = json.loads(run("units", "--json", db=db_path).stdout)
    fgw = next(u for u in units if u["name"] == "市发改委")
    assert "市发展和改革委员会" in fgw["aliases"] and fgw["kind"] == "市直部门"


def test_inline_plan_json_dry_run(db_path):
    data = json.loads(run("import", str(REPORT_2025), "--dry-run", "--json", db=db_path).stdout)
    assert data["task_count"] == 32 and data["year"] == 2025


def test_unknown_unit_and_bad_file_messages(db_path, tmp_path):
    run("import", str(BREAKDOWN_2023), db=db_path)
    p = run("tasks", "--unit", "不存在的局", db=db_path, check=False)
    assert p.returncode == 2 and "不存在的局" in p.stderr
    missing = run("import", str(tmp_path / "nope.txt"), db=db_path, check=False)
    assert missing.returncode == 2 and "文件不存在" in missing.stderr


def test_demo_refuses_to_overwrite_without_force(db_path):
    assert "136" in run("demo", db=db_path).stdout
    p = run("demo", db=db_path, check=False)
    assert p.returncode == 2 and "--force" in p.stderr
    run("demo", "--force", db=db_path)
    assert len(json.loads(run("tasks", "--json", db=db_path).stdout)) == 136
