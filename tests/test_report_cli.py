"""``govtrack report …`` run as a user would: a subprocess on a copy of the demo database."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest
from pypdf import PdfReader

from govtrack import store
from govtrack.tracker import Tracker


def run(*args, db, check=True):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    p = subprocess.run([sys.executable, "-m", "govtrack", "--db", str(db), *args],
                       capture_output=True, text=True, encoding="utf-8", env=env)
    if check:
        assert p.returncode == 0, p.stderr
    return p


def text_of(path) -> str:
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(str(path)).pages))


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    run("demo", db=path)
    return path


@pytest.fixture
def db(demo_file, tmp_path):
    path = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_file, path)
    return path


def test_monthly_issue_and_reprint(db, tmp_path):
    out = run("report", "monthly", "--period", "2023-10", "-o", str(tmp_path / "m.pdf"), db=db).stdout
    assert "草稿" in out and "第1期" not in out
    tr = Tracker.open(db)
    try:
        summary = tr.status_summary("2023-10-31")
    finally:
        tr.close()
    text = text_of(tmp_path / "m.pdf")
    assert "2023年10月政府工作报告重点任务推进情况督查通报" in text
    assert f"逾期{summary['counts']['逾期']}项" in text and f"欠进度{summary['counts']['欠进度']}项" in text
    for t in summary["overdue"]:
        assert t["seq"] in text and re.sub(r"\s+", "", t["content"][:6]) in text

    out = run("report", "monthly", "--period", "2023-10", "--issue", "-o", str(tmp_path / "i.pdf"), db=db).stdout
    assert "已印发" in out
    run("progress", "add", summary["overdue"][0]["seq"], "--period", "2023-10", "--percent", "100",
        "--date", "2023-10-20", db=db)
    run("report", "monthly", "--period", "2023-10", "-o", str(tmp_path / "r.pdf"), db=db)
    assert text_of(tmp_path / "r.pdf") == text_of(tmp_path / "i.pdf")
    fresh = run("report", "monthly", "--period", "2023-10", "--fresh", "-o", str(tmp_path / "f.pdf"), db=db)
    assert f"逾期 {summary['counts']['逾期'] - 1}" in fresh.stdout
    issued = run("report", "issued", db=db).stdout
    assert "2023年10月" in issued and "第1期" in issued


def test_notice_and_ledger(db, tmp_path):
    tr = Tracker.open(db)
    try:
        states = tr.task_states("2023-10-31")
    finally:
        tr.close()
    red = next(s for s in states if s["notice_colour"] == "red")
    green = next(s for s in states if s["notice_colour"] is None)
    out = run("report", "notice", f"#{red['id']}", "--today", "2023-10-31", "--issue",
              "-o", str(tmp_path / "n.pdf"), db=db).stdout
    assert "红色督办单" in out and "督办〔2023〕1号" in out and "已登记" in out
    text = text_of(tmp_path / "n.pdf")
    assert "督办〔2023〕1号" in text and "红色督办单" in text
    refused = run("report", "notice", f"#{green['id']}", "--today", "2023-10-31", "-o",
                  str(tmp_path / "g.pdf"), db=db, check=False)
    assert refused.returncode == 2 and "无需发督办单" in refused.stderr and "Traceback" not in refused.stderr
    assert not (tmp_path / "g.pdf").exists()
    run("report", "notice", f"#{green['id']}", "--today", "2023-10-31", "--colour", "blue",
        "-o", str(tmp_path / "g.pdf"), db=db)
    assert "蓝色督办单" in text_of(tmp_path / "g.pdf")

    out = run("report", "ledger", "--unit", "市发改委", "--today", "2023-10-31",
              "-o", str(tmp_path / "l.pdf"), db=db).stdout
    assert "市发改委（牵头" in out
    reader = PdfReader(str(tmp_path / "l.pdf"))
    assert float(reader.pages[0].mediabox.width) > float(reader.pages[0].mediabox.height)
    mine = [s for s in states if "市发改委" in s["lead"] + s["assist"]]
    text = text_of(tmp_path / "l.pdf")
    assert all(re.sub(r"\s+", "", s["content"][:8]) in text for s in mine)


def test_errors_exit_2_without_traceback(db, tmp_path):
    bad = run("report", "monthly", "--period", "2023-13", "-o", str(tmp_path / "x.pdf"), db=db, check=False)
    assert bad.returncode == 2 and "期别" in bad.stderr and "Traceback" not in bad.stderr
    nowhere = run("report", "ledger", "-o", str(tmp_path / "no" / "x.pdf"), db=db, check=False)
    assert nowhere.returncode == 2 and "不存在" in nowhere.stderr
    a_file = tmp_path / "a_file.txt"
    a_file.write_text("x")
    p = run("report", "ledger", "-o", str(a_file / "x.pdf"), db=db, check=False)   # OS refuses to write
    assert p.returncode == 2 and "无法写入" in p.stderr and "Traceback" not in p.stderr
    unknown = run("report", "notice", "9999", "-o", str(tmp_path / "x.pdf"), db=db, check=False)
    assert unknown.returncode == 2 and "没有找到任务" in unknown.stderr


def test_missing_font_exit_2_and_nothing_issued(db, tmp_path):
    tr = Tracker.open(db)
    try:
        store.set_setting(tr.db, "font.search_system", False)
    finally:
        tr.close()
    p = run("report", "monthly", "--period", "2023-10", "--issue", "-o", str(tmp_path / "m.pdf"), db=db,
            check=False)
    assert p.returncode == 2 and "未找到可用的中文字体" in p.stderr and "Traceback" not in p.stderr
    assert not (tmp_path / "m.pdf").exists()
    tr = Tracker.open(db)
    try:
        assert tr.bulletins() == []            # the font failed before anything was issued
    finally:
        tr.close()
    p = run("report", "ledger", "-o", str(tmp_path / "l.pdf"), db=db, check=False)
    assert p.returncode == 2 and "font.fangsong" in p.stderr
