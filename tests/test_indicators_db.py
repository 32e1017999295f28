"""Indicators in the database: every row of the 003/004 tables, the 2025 主要预期目标,
values per period, and the lines the monthly report shows."""

from __future__ import annotations

import json

import pytest

from govtrack.cli import main as cli_main
from govtrack.errors import InputError, NotFoundError
from govtrack.importers.indicator_tables import parse_indicator_tables
from govtrack.store import indicators as ind_store

from .conftest import REPORT_2025, SEEDS

EZHOU = SEEDS / "003_24963bba8f1b10f6.txt"
JINGMEN = SEEDS / "004_5995a523b08c0ec4.txt"


def _stored(tracker, source):
    return [r for r in tracker.indicators.indicators() if r["source_name"] == source.name]


@pytest.mark.parametrize("source,expected", [(EZHOU, 19), (JINGMEN, 72)])
def test_every_table_row_is_stored(tracker, source, expected):
    parsed = parse_indicator_tables(source.read_text(encoding="utf-8"))
    rows = [(t.title, r) for t in parsed.tables for r in t.rows]
    assert len(rows) == expected
    result = tracker.indicators.import_indicators(source)
    assert result.applied and result.counts == {"new": expected, "update": 0, "same": 0}
    stored = _stored(tracker, source)
    assert len(stored) == expected
    got = {(s["table_title"], s["seq"], s["parent_name"], s["name"], s["measure"], s["attribute"],
            s["baseline_text"], s["target_text"], s["growth_text"], s["cumulative"], s["source_line"])
           for s in stored}
    want = {(title, r.seq, r.parent_name, r.name, r.unit, r.attribute,
             r.baseline.text if r.baseline else None, r.target.text if r.target else None,
             r.growth.text if r.growth else None, r.cumulative, r.source_line) for title, r in rows}
    assert got == want


def test_ezhou_details(tracker):
    tracker.indicators.import_indicators(EZHOU)
    by_name = {r["name"]: r for r in _stored(tracker, EZHOU)}
    urban = by_name["常住人口城镇化率"]
    assert (urban["baseline"], urban["growth_text"], urban["growth"], urban["cumulative"]) == (77.0, "[2.2]", 2.2, True)
    assert sum(r["attribute"] == "约束性" for r in by_name.values()) == 7
    assert by_name["劳动年龄人口平均受教育年限"]["target"] == 11.5


def test_jingmen_sub_rows_text_targets_and_actuals(tracker):
    result = tracker.indicators.import_indicators(JINGMEN)
    assert result.problems == [(190, "无序号的指标行，按第35项的并列指标导入，请核对")]
    stored = _stored(tracker, JINGMEN)
    subs = [r for r in stored if r["parent_name"]]
    assert {r["name"] for r in subs} >= {"常住人口城镇化率", "户籍人口城镇化率"}
    text_targets = [r for r in stored if r["target_text"] and r["target"] is None]
    assert any("省下达" in r["target_text"] for r in text_targets)
    # The 十三五 completion table's 实际完成 columns become values per period.
    gdp = next(r for r in stored if r["name"] == "地区生产总值（GDP）" and r["values"])
    values = {v["period"]: v["value_text"] for v in gdp["values"]}
    assert values["2019"] == "2033.8" and values["2020"] == "1906.4"
    assert values["十三五年均[累计]"] == "5.2%"
    assert result.values_written == sum(len(r["values"]) for r in stored) > 100


def test_same_file_twice_adds_nothing(tracker, tmp_path):
    first = tracker.indicators.import_indicators(JINGMEN)
    audit_before = len(tracker.ledger.audit())
    second = tracker.indicators.import_indicators(JINGMEN)
    assert second.counts == {"new": 0, "update": 0, "same": 72} and second.values_written == 0
    assert ind_store.count(tracker.db) == (72, first.values_written)
    assert len(tracker.ledger.audit()) == audit_before
    # The same bytes under another name are recognised too.
    copy = tmp_path / "荆门规划副本.txt"
    copy.write_bytes(JINGMEN.read_bytes())
    assert tracker.indicators.import_indicators(copy).counts["new"] == 0


def test_changed_file_updates_with_audit(tracker, tmp_path):
    path = tmp_path / "鄂城.txt"
    text = EZHOU.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    tracker.indicators.import_indicators(path)
    path.write_text(text.replace("8左右", "7.5左右", 1), encoding="utf-8")
    preview = tracker.indicators.import_indicators(path, dry_run=True)
    assert preview.counts == {"new": 0, "update": 1, "same": 18} and not preview.applied
    changed = next(c for c in preview.changes if c.action == "update")
    assert changed.fields == ["growth_text", "growth"]
    tracker.indicators.import_indicators(path)
    row = ind_store.get(tracker.db, changed.indicator_id)
    assert (row["growth_text"], row["growth"]) == ("7.5左右", 7.5)
    updates = [a for a in tracker.ledger.audit("indicators", row["id"]) if a["action"] == "update"]
    assert len(updates) == 1 and "8左右" in updates[0]["before"]


def test_dry_run_writes_nothing(tracker):
    result = tracker.indicators.import_indicators(JINGMEN, dry_run=True)
    assert result.counts["new"] == 72 and not result.applied
    assert ind_store.count(tracker.db) == (0, 0)


def test_one_transaction(tracker, monkeypatch):
    real = ind_store.insert_indicator
    calls = {"n": 0}

    def failing(db, values):
        calls["n"] += 1
        if calls["n"] == 30:
            raise RuntimeError("disk full")
        return real(db, values)

    monkeypatch.setattr(ind_store, "insert_indicator", failing)
    with pytest.raises(RuntimeError):
        tracker.indicators.import_indicators(JINGMEN)
    assert ind_store.count(tracker.db) == (0, 0)


def test_report_main_targets(tracker):
    result = tracker.indicators.import_indicators(REPORT_2025)
    assert result.kind == "main_targets" and result.tables == ["2025年主要预期目标"]
    stored = _stored(tracker, REPORT_2025)
    assert [r["name"] for r in stored][:2] == ["地区生产总值", "规上工业增加值"]
    gdp = stored[0]
    assert (gdp["target_text"], gdp["target"], gdp["measure"], gdp["target_qualifier"]) == \
           ("增长7.5%左右", 7.5, "%", "左右")
    income = stored[-1]
    assert income["name"] == "城乡居民人均可支配收入" and income["target_text"] == "与经济同步"
    assert income["target"] is None and gdp["source_line"] == 103
    assert tracker.indicators.import_indicators(REPORT_2025).counts["same"] == len(stored)


def test_not_an_indicator_file(tracker, tmp_path):
    path = tmp_path / "通知.txt"
    path.write_text("关于召开会议的通知\n请准时参加。\n", encoding="utf-8")
    with pytest.raises(InputError, match="没有找到主要指标表") as err:
        tracker.indicators.import_indicators(path)
    assert "通知.txt" in str(err.value)


def test_values_and_report_lines(tracker):
    tracker.imports.seed_units()   # a new database has no units: give it the demo city's directory
    tracker.indicators.import_indicators(REPORT_2025)
    gdp = tracker.indicators.indicators()[0]
    first = tracker.indicators.add_indicator_value(gdp["id"], "2025-03", "7.9%", "统计局")
    assert tracker.indicators.indicators()[0]["values"][0]["unit_name"] == "市统计局"
    # Correcting the same period updates the row (audited), never duplicates it.
    assert tracker.indicators.add_indicator_value(gdp["id"], "2025-03", "8.1%", "市统计局") == first
    assert len(tracker.indicators.indicators()[0]["values"]) == 1
    assert [a["action"] for a in tracker.ledger.audit("indicator_values", first)] == ["insert", "update"]
    tracker.indicators.add_indicator_value(gdp["id"], "2025-06", "8.0%")
    assert tracker.indicators.indicator_lines("2025-03") == [("地区生产总值（%）", "增长7.5%左右", "8.1%")]
    assert tracker.indicators.indicator_lines("2025-05") == [("地区生产总值（%）", "增长7.5%左右", "8.1%（2025-03）")]
    assert tracker.indicators.indicator_lines("2025-06")[0][2] == "8.0%"
    assert tracker.indicators.indicator_lines("2025-02") == []
    assert tracker.indicators.indicator_lines("2026-01") == []          # last year's figures are not shown
    # Values imported from a completion table count for their own year.
    tracker.indicators.import_indicators(JINGMEN)
    lines_2020 = tracker.indicators.indicator_lines("2020-12")
    assert ("地区生产总值（GDP）（亿元）", "2048", "1906.4（2020）") in lines_2020
    assert len(tracker.indicators.indicator_lines("2025-06")) == 1
    with pytest.raises(InputError, match="格式不对"):
        tracker.indicators.add_indicator_value(gdp["id"], "2025年3月", "1")
    with pytest.raises(InputError, match="不在单位名录"):
        tracker.indicators.add_indicator_value(gdp["id"], "2025-04", "1", "火星局")
    with pytest.raises(InputError, match="为空"):
        tracker.indicators.add_indicator_value(gdp["id"], "2025-04", " ")
    with pytest.raises(NotFoundError):
        tracker.indicators.add_indicator_value(9999, "2025-04", "1")
    assert len(tracker.indicators.indicators()[0]["values"]) == 2


def test_cli_indicators(tmp_path, capsys):
    db = str(tmp_path / "cli.sqlite")
    assert cli_main(["--db", db, "indicators"]) == 2          # a new file only through init/import/demo
    assert "不存在" in capsys.readouterr().err
    assert cli_main(["--db", db, "init"]) == 0
    assert cli_main(["--db", db, "indicators", "import", str(EZHOU), "--dry-run"]) == 0
    assert "新增 19" in capsys.readouterr().out
    assert cli_main(["--db", db, "indicators", "import", str(EZHOU)]) == 0
    capsys.readouterr()
    from govtrack.tracker import Tracker
    tr = Tracker.open(db)
    tr.imports.seed_units()        # a new database has no units: give it the demo city's directory
    tr.close()
    assert cli_main(["--db", db, "indicators", "set", "1", "--period", "2025-03", "--value", "7.8",
                     "--unit", "市统计局"]) == 0
    capsys.readouterr()
    assert cli_main(["--db", db, "indicators", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 19 and rows[0]["values"][0]["value"] == 7.8
    assert cli_main(["--db", db, "indicators"]) == 0
    assert "共 19 项指标" in capsys.readouterr().out
    assert cli_main(["--db", db, "indicators", "set", "1", "--period", "x", "--value", "1"]) == 2
