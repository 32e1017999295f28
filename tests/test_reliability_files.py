"""Files the program writes: a 通报 is recorded as issued only together with its PDF,
a kept copy of an import is whole, and a crash mid-write leaves the old file."""

from __future__ import annotations

import hashlib

import pytest
from pypdf import PdfReader

from govtrack.reports import pdf
from govtrack.store import ledger

from .conftest import BREAKDOWN_2023

DAY = "2023-10-31"


def _dies_mid_write(monkeypatch, name):
    def dies(report, path, settings=None):
        with open(path, "wb") as f:
            f.write(b"%PDF-1.4\n% half a document")
        raise KeyboardInterrupt("killed while printing")
    monkeypatch.setattr(pdf, name, dies)


def test_issue_is_recorded_only_with_its_pdf(demo, tmp_path, monkeypatch):
    target = tmp_path / "通报.pdf"
    real = pdf.render_monthly
    _dies_mid_write(monkeypatch, "render_monthly")
    with pytest.raises(KeyboardInterrupt):
        demo.reports.print_monthly("2023-10", target, issue=True)
    assert demo.reports.bulletins() == [] and not target.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".govtrack-tmp")]
    monkeypatch.setattr(pdf, "render_monthly", real)
    path, _report, frozen = demo.reports.print_monthly("2023-10", target, issue=True)
    assert frozen and len(demo.reports.bulletins()) == 1
    assert "督查通报" in "".join(p.extract_text() for p in PdfReader(path).pages)


def test_notice_is_recorded_only_with_its_pdf(demo, tmp_path, monkeypatch):
    red = next(s for s in demo.status.task_states(DAY) if s["notice_colour"] == "red")
    _dies_mid_write(monkeypatch, "render_notice")
    with pytest.raises(KeyboardInterrupt):
        demo.reports.print_notice(red["id"], tmp_path / "督办单.pdf", DAY, issue=True)
    assert demo.reports.notices() == [] and not (tmp_path / "督办单.pdf").exists()


def test_reprint_over_an_old_pdf_keeps_it_until_the_new_one_is_whole(demo, tmp_path, monkeypatch):
    target = tmp_path / "台账.pdf"
    demo.reports.print_ledger(target, today=DAY)
    before = target.read_bytes()
    monkeypatch.setattr(pdf, "render_ledger", lambda r, p, settings=None: (_ for _ in ()).throw(OSError(28, "No space left on device")))
    with pytest.raises(Exception) as e:
        demo.reports.print_ledger(target, today=DAY, force=True)
    assert "磁盘已满" in str(e.value)
    assert target.read_bytes() == before


def test_kept_source_copy_is_whole_and_rewritten_when_half(tracker, db_path):
    from govtrack.paths import attachments_dir
    data = BREAKDOWN_2023.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    half = attachments_dir(db_path) / f"{sha[:12]}_{BREAKDOWN_2023.name}"
    half.parent.mkdir(parents=True)
    half.write_bytes(data[: len(data) // 2])          # what a kill mid-copy left before
    outcome = tracker.imports.import_file(BREAKDOWN_2023)
    (row,) = tracker.db.query("SELECT * FROM source_files")
    assert row["stored_path"] == str(half) and row["sha256"] == sha
    assert half.read_bytes() == data
    assert len(ledger.tasks_of_plan(tracker.db, outcome.plan_id)) == 136
