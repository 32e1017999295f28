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
        summary = tr.status.status_summary("2023-10-31")
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
        states = tr.status.task_states("2023-10-31")
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
        assert tr.reports.bulletins() == []            # the font failed before anything was issued
    finally:
        tr.close()
    p = run("report", "ledger", "-o", str(tmp_path / "l.pdf"), db=db, check=False)
    assert p.returncode == 2 and "font.fangsong" in p.stderr


def run_in(cwd, *args, db, check=True):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    p = subprocess.run([sys.executable, "-m", "govtrack", "--db", str(db), *args], cwd=str(cwd),
                       capture_output=True, text=True, encoding="utf-8", env=env)
    if check:
        assert p.returncode == 0, p.stderr
    return p


def test_format_by_suffix_default_names_and_force(db, tmp_path):
    import json
    out = tmp_path / "out"
    out.mkdir()
    # no -o: a name that says what it is, in the current folder
    p = run_in(out, "report", "monthly", "--period", "2023-06", "--today", "2023-06-26", db=db)
    draft = out / "督查通报-2023年6月（草稿）.pdf"
    assert draft.exists() and "草稿" in p.stdout
    text = text_of(draft)
    assert "截至2023年6月26日" in text and "6月底" not in text and "第期" in text
    status = json.loads(run("status", "--today", "2023-06-26", "--json", db=db).stdout)["counts"]
    assert f"欠进度{status['欠进度']}项" in text and f"未报送{status['未报送']}项" in text
    assert "各镇、处、区，市政府各部门：" in text and "合计" in text
    # an existing file is never overwritten without --force
    before = draft.read_bytes()
    again = run_in(out, "report", "monthly", "--period", "2023-06", "--today", "2023-06-26", db=db, check=False)
    assert again.returncode == 2 and "已存在" in again.stderr and draft.read_bytes() == before
    run_in(out, "report", "monthly", "--period", "2023-06", "--today", "2023-06-26", "--force", db=db)
    # issued: the number in the name and on the page
    run_in(out, "report", "monthly", "--period", "2023-06", "--today", "2023-06-30", "--issue", db=db)
    issued = out / "督查通报-2023年6月（第1期）.pdf"
    assert issued.exists() and "第1期" in text_of(issued) and "草稿" not in text_of(issued)
    # the format follows the suffix
    run("report", "monthly", "--period", "2023-10", "--fresh", "-o", str(out / "m.docx"), db=db)
    assert (out / "m.docx").read_bytes()[:2] == b"PK"
    run("report", "ledger", "--today", "2023-10-31", "-o", str(out / "l.xlsx"), "--per-unit-sheets", db=db)
    assert (out / "l.xlsx").read_bytes()[:2] == b"PK"
    run_in(out, "report", "ledger", "--today", "2023-10-31", "--format", "xlsx", db=db)
    assert (out / "台账-2023-10-31.xlsx").exists()
    bad = run("report", "monthly", "--period", "2023-10", "-o", str(out / "m.xlsx"), db=db, check=False)
    assert bad.returncode == 2 and ".pdf、.docx" in bad.stderr and not (out / "m.xlsx").exists()
    wrong = run("report", "ledger", "-o", str(out / "l2.pdf"), "--columns", "seq", db=db, check=False)
    assert wrong.returncode == 2 and "只用于 Excel" in wrong.stderr


def test_forced_red_pdf_notice_before_the_deadline(db, tmp_path):
    tr = Tracker.open(db)
    try:
        state = next(s for s in tr.status.task_states("2023-10-31")
                     if s["deadline_used"] == "2023-12-31" and s["status"] == "达进度")
    finally:
        tr.close()
    run("report", "notice", f"#{state['id']}", "--today", "2023-10-31", "--colour", "red",
        "-o", str(tmp_path / "n.pdf"), db=db)
    text = text_of(tmp_path / "n.pdf")
    assert "红色督办单" in text and "已超过" not in text and "距完成时限还有61天" in text
    assert "草稿" in text and "督办〔2023〕号" in text and "2023年12月31日" in text


def test_pdf_lines_keep_numbers_whole_and_start_right(db, tmp_path):
    """Body lines of the 通报: none starts with closing punctuation, none splits 8|6% or 1|项."""
    run("report", "monthly", "--period", "2023-10", "--today", "2023-10-31", "-o", str(tmp_path / "m.pdf"),
        db=db)
    reader = PdfReader(str(tmp_path / "m.pdf"))
    lines = []
    for page in reader.pages[:4]:                       # the body pages (the attachments are tables)
        # body lines only: the chart's axis numbers and labels are short
        lines += [ln.strip() for ln in page.extract_text().splitlines() if len(ln.strip()) >= 12]
    assert len(lines) > 30
    for a, b in zip(lines, lines[1:]):
        assert b[0] not in "，。、；：）》%", (a, b)
        assert not (a[-1].isdigit() and (b[0].isdigit() or b[0] in "项个%亿万年月日")), (a, b)
