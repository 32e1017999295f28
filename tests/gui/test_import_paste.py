"""Pasting a table copied from Word/WPS/Excel into the import window: the same parser and preview;
a file without a year is read in an assumed year, said in the preview; close spellings of the
office's units are offered as aliases."""

from __future__ import annotations

from PySide6.QtCore import QMimeData
from PySide6.QtWidgets import QApplication

HTML = ("<table><tr><td>序号</td><td>重点任务</td><td>牵头单位</td><td>配合单位</td><td>完成时限</td></tr>"
        "<tr><td>1</td><td>推进老旧小区改造，年内完成改造30个小区。</td><td>市住房和城乡建设局</td>"
        "<td>市财政局</td><td>12月底前</td></tr>"
        "<tr><td>2</td><td>新建城市公园3个。</td><td>市城管执法局</td><td>市自然资源和规划局</td>"
        "<td>9月底前</td></tr></table>")


def test_paste_a_table_preview_and_accept_aliases(qtbot, tmp_path, messages):
    from govtrack.gui.dialogs import ImportWizard
    from govtrack.tracker import Tracker
    db = tmp_path / "office.sqlite"
    tr = Tracker.open(db)                     # an office's own database: it has typed 市住建局
    tr.units.add("市住建局")
    dlg = ImportWizard(tr, db)
    qtbot.addWidget(dlg)
    data = QMimeData()
    data.setHtml(HTML)
    data.setText("")
    QApplication.clipboard().setMimeData(data)
    with qtbot.waitSignal(dlg.preview_ready, timeout=30000):
        dlg.run_paste()
    assert dlg.error is None, dlg.error
    assert dlg.table.rowCount() == 2
    assert dlg.table.item(0, 3).text() == "市住房和城乡建设局"
    assert "没有写明年度" in dlg.summary.text()          # no year in a pasted table: assumed, said
    # 市住房和城乡建设局 is the demo's 市住建局 under its full name: offered as an alias, not silently.
    assert not dlg.alias_box.isHidden() and "市住建局" in dlg.alias_box.text()
    before = {u["name"] for u in tr.units.list()}
    dlg.alias_box.setChecked(True)
    with qtbot.waitSignal(dlg.applied, timeout=30000):
        dlg.run_apply()
    after = {u["name"] for u in tr.units.list()}
    assert "市住房和城乡建设局" not in after and after >= before
    task = tr.ledger.tasks(plan_id=dlg.outcome.plan_id)[0]
    assert task["lead"] == ["市住建局"]
    tr.close()
