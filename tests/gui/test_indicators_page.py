"""The indicators page: import a real 规划纲要 indicator table (seed 003), enter a value, see
it against the target; the core's rows are what the page shows."""

from __future__ import annotations

from tests.conftest import SEEDS

EZHOU = SEEDS / "003_24963bba8f1b10f6.txt"


def test_import_enter_and_compare(window, qtbot, messages):
    window.show_view("indicators")
    page = window.pages["indicators"]
    assert window.stack.currentWidget() is page
    before = page.table.rowCount()
    with qtbot.waitSignal(page.preview_ready, timeout=30000):
        page.preview_file(str(EZHOU))
    assert page.error is None and page.preview.counts["new"] == 19
    assert page.table.rowCount() == before                 # nothing written by the preview
    assert page.apply_button.isEnabled()
    with qtbot.waitSignal(page.changed, timeout=30000):
        page.apply_import()
    rows = window.tracker.indicators.indicator_rows()
    assert page.table.rowCount() == len(rows) == before + 19
    names = [page.table.item(r, 0).text() for r in range(page.table.rowCount())]
    assert names == [r["name"] for r in rows]
    binding = [r for r, x in enumerate(rows) if x["attribute"] == "约束性"]
    assert binding and page.table.item(binding[0], 1).text() == "约束性"
    # Enter an actual value for an indicator with a numeric target.
    k = next(i for i, x in enumerate(rows) if x["target"] and x["latest"] == "" and
             window.tracker.indicators.indicators()[i]["target"])
    target = window.tracker.indicators.indicators()[k]["target"]
    page.table.selectRow(k)
    assert rows[k]["name"] in page.chosen.text()
    page.period.setText("2023")
    page.value.setText(str(round(target * 0.5, 2)))
    page.unit.setText("市发改委")
    assert page.save_value()
    assert page.table.item(k, 5).text() == str(round(target * 0.5, 2))
    assert page.table.item(k, 6).text() == "2023"
    assert page.table.item(k, 7).text() == "市发改委"
    assert page.table.item(k, 8).text() == "达到目标的 50%"
    # A bad period is refused with the core's message; nothing written.
    page.period.setText("2023年6月")
    page.value.setText("1")
    assert not page.save_value()
    assert messages and "期次" in messages[-1][1]
    assert page.table.item(k, 6).text() == "2023"
