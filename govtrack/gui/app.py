"""Start the window: choose the database (``--db``, the last one used, or the first-start
chooser), show the main window; ``--screenshot FILE.png [--view NAME]`` renders a page and exits."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from ..paths import default_db_path, gui_settings_file

VIEW_NAMES = ["overview", "ledger", "units", "reminders", "reports", "settings"]


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="govtrack-gui", description="政府工作报告任务督查台账（窗口）")
    p.add_argument("--db", help="打开这个数据库文件（不存在则新建）")
    p.add_argument("--today", help="按这一天计算序时进度和提醒（YYYY-MM-DD，默认今天）")
    p.add_argument("--screenshot", help="把主窗口画到这个 PNG 文件后退出")
    p.add_argument("--view", choices=VIEW_NAMES, help="打开时显示的页面")
    p.add_argument("--size", default="1280x800", help="截图时窗口大小，如 1280x800")
    return p


def make_app(argv=None):
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication
    app = QApplication.instance() or QApplication(list(argv or sys.argv[:1]))
    app.setApplicationName("GovTrack")
    app.setOrganizationName("GovTrack")
    app.setApplicationDisplayName("督查台账")
    font = QFont()
    font.setFamilies(["Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC",
                      "WenQuanYi Micro Hei", "Source Han Sans SC", "SimSun"])
    font.setPointSize(10)
    app.setFont(font)
    install_translations(app)
    return app


def install_translations(app) -> list:
    """Qt's own texts (取消, 确定, the file dialog) in Chinese, whatever the system's language.

    The translations ship with PySide6 (the Windows installer keeps only the zh_CN ones).
    Returns the installed translators (kept on the app so they are not collected).
    """
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
    folder = QLibraryInfo.path(QLibraryInfo.TranslationsPath)
    done = []
    for name in ("qtbase", "qt"):
        tr = QTranslator(app)
        if tr.load(QLocale(QLocale.Chinese, QLocale.China), name, "_", folder) and app.installTranslator(tr):
            done.append(tr)
            break                      # qt_zh_CN only adds what an older Qt lacked in qtbase
    app._govtrack_translators = done
    return done


def open_settings():
    """The window's QSettings: an INI file in portable mode (or for a test), else the system's store."""
    from PySide6.QtCore import QSettings
    ini = gui_settings_file()
    return QSettings(str(ini), QSettings.IniFormat) if ini else QSettings("GovTrack", "GovTrack")


def choose_database(settings) -> Path | None:
    """The first-start chooser; builds the demo database when asked. None = the user quit."""
    from PySide6.QtWidgets import QDialog, QMessageBox
    from ..demo import build_demo
    from ..errors import GovtrackError
    from ..gui_support import open_tracker
    from .dialogs import FirstStartDialog
    dlg = FirstStartDialog(default_db_path())
    if dlg.exec() != QDialog.Accepted or dlg.choice is None:
        return None
    kind, path = dlg.choice
    try:
        if kind == "demo":
            tr = open_tracker(path)
            try:
                build_demo(tr, force=True)
            finally:
                tr.close()
        elif kind == "new":
            open_tracker(path).close()
    except GovtrackError as e:
        QMessageBox.warning(None, "无法打开", str(e))
        return None
    return path


def take_screenshot(window, file: str | Path) -> Path:
    """Render the window (with whatever page is showing) to a PNG."""
    from PySide6.QtWidgets import QApplication
    from .background import wait_all
    window.show()
    for _ in range(3):                 # background counts (总览) land as queued signals
        QApplication.processEvents()
        wait_all(60000)
    for _ in range(5):
        QApplication.processEvents()
    file = Path(file)
    file.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(file)):
        raise OSError(f"无法写入截图「{file}」")
    return file


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    app = make_app()
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QMessageBox
    from ..errors import GovtrackError
    from .main_window import MainWindow

    today = None
    if args.today:
        try:
            today = dt.date.fromisoformat(args.today)
        except ValueError:
            print(f"--today 应为 YYYY-MM-DD，而不是「{args.today}」", file=sys.stderr)
            return 2
    settings = open_settings()
    if args.db:
        db_path = Path(args.db)
    else:
        last = settings.value("last_db")
        db_path = Path(last) if last and Path(last).exists() else default_db_path()
        if not db_path.exists():
            if args.screenshot:
                print("截图需要一个数据库：请用 --db 指定。", file=sys.stderr)
                return 2
            db_path = choose_database(settings)
            if db_path is None:
                return 0
    try:
        window = MainWindow(db_path, today=today, settings=settings, tray=not args.screenshot)
    except GovtrackError as e:
        if args.screenshot:
            print(str(e), file=sys.stderr)
        else:
            QMessageBox.warning(None, "无法打开数据库", str(e))
        return 2
    if args.screenshot:
        w, _, h = args.size.partition("x")
        window.resize(int(w), int(h))
        window.show_view(args.view or "overview")
        out = take_screenshot(window, args.screenshot)
        window.settings = QSettings(str(Path(args.screenshot).with_suffix(".ini")), QSettings.IniFormat)
        window.close()
        Path(str(Path(args.screenshot).with_suffix(".ini"))).unlink(missing_ok=True)
        print(out)
        return 0
    if args.view:
        window.show_view(args.view)
    window.show()
    QTimer.singleShot(300, window.notify_reminders)
    return app.exec()
