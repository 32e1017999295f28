"""Start the window: choose the database (``--db``, the last one used, or the first-start
chooser), show the main window; ``--screenshot FILE.png [--view NAME]`` renders a page and exits."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from ..paths import default_db_path, gui_settings_file

VIEW_NAMES = ["overview", "ledger", "units", "reminders", "reports", "plans", "settings"]


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="govtrack-gui", description="政府工作报告任务督查台账（窗口）")
    p.add_argument("--db", help="打开这个数据库文件（不存在时先询问是否新建）")
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


def install_translations(app) -> bool:
    """Qt's own texts (确定/取消, 是/否, the file dialogs) in Chinese, whatever the system's
    language. The translations ship with PySide6 (the Windows installer keeps only zh_CN).
    False when none can be loaded; a second call adds nothing."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
    if getattr(app, "_govtrack_translators", None):
        return True
    folder = QLibraryInfo.path(QLibraryInfo.TranslationsPath)
    done = []
    for name in ("qtbase", "qt"):
        tr = QTranslator(app)
        if tr.load(QLocale(QLocale.Chinese, QLocale.China), name, "_", folder) and app.installTranslator(tr):
            done.append(tr)
            break                      # qt_zh_CN only adds what an older Qt lacked in qtbase
    app._govtrack_translators = done   # the app must keep them alive
    return bool(done)


def open_settings():
    """The window's QSettings: an INI file in portable mode (or for a test), else the system's store."""
    from PySide6.QtCore import QSettings
    ini = gui_settings_file()
    return QSettings(str(ini), QSettings.IniFormat) if ini else QSettings("GovTrack", "GovTrack")


def choose_database(settings) -> Path | None:
    """The first-start chooser; builds the demo database when asked. None = the user quit."""
    from PySide6.QtWidgets import QDialog, QMessageBox
    from ..app.demo import build_demo
    from ..errors import GovtrackError
    from ..tracker import Tracker
    from .dialogs import FirstStartDialog
    dlg = FirstStartDialog(default_db_path())
    if dlg.exec() != QDialog.Accepted or dlg.choice is None:
        return None
    kind, path = dlg.choice
    try:
        if kind == "demo":
            tr = Tracker.open(path)
            try:
                build_demo(tr, force=True)
            finally:
                tr.close()
        elif kind == "new":
            Tracker.open(path).close()
    except GovtrackError as e:
        QMessageBox.warning(None, "无法打开", str(e))
        return None
    return path


def confirm_new_database(db_path: Path, *, ask: bool = True) -> bool:
    """A ``--db`` that names no file: ask before creating an empty database (a typo would
    otherwise open an empty program). Without a window to ask in, say so and refuse."""
    text = (f"数据库文件「{db_path}」不存在。\n"
            "如果是路径写错了，请取消后重新指定；如果要新建一个空数据库，请点「是」"
            "（命令行可用 govtrack init 新建）。")
    if not ask:
        print(text, file=sys.stderr)
        return False
    from PySide6.QtWidgets import QMessageBox
    answer = QMessageBox.question(None, "数据库不存在", text + "\n\n要新建这个数据库吗？",
                                  QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
    return answer == QMessageBox.Yes


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
        if not db_path.exists() and not confirm_new_database(db_path, ask=not args.screenshot):
            return 2
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
