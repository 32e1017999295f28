"""Start-up details of the window program: Qt's own buttons speak Chinese."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QMessageBox

from govtrack.gui.app import install_translations


def _remove(qapp) -> None:
    for t in getattr(qapp, "_govtrack_translators", None) or []:   # main() of an earlier test
        qapp.removeTranslator(t)
    qapp._govtrack_translators = []


def test_standard_buttons_read_in_chinese(qapp):
    _remove(qapp)
    box = QMessageBox(QMessageBox.Question, "标题", "要继续吗？", QMessageBox.Ok | QMessageBox.Cancel)
    assert box.button(QMessageBox.Ok).text() != "确定"       # Qt's default is English
    try:
        assert install_translations(qapp) is True
        assert install_translations(qapp) is True             # a second call adds nothing
        box = QMessageBox(QMessageBox.Question, "标题", "要继续吗？",
                          QMessageBox.Ok | QMessageBox.Cancel | QMessageBox.Yes | QMessageBox.No)
        texts = {b: box.button(b).text().replace("&", "").split("(")[0]
                 for b in (QMessageBox.Ok, QMessageBox.Cancel, QMessageBox.Yes, QMessageBox.No)}
        assert texts == {QMessageBox.Ok: "确定", QMessageBox.Cancel: "取消",
                         QMessageBox.Yes: "是", QMessageBox.No: "否"}
        dialog = QFileDialog(None, "打开")
        dialog.setOption(QFileDialog.DontUseNativeDialog)
        assert dialog.labelText(QFileDialog.Reject).replace("&", "") == "取消"
    finally:
        _remove(qapp)
