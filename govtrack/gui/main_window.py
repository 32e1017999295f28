"""The main window: navigation on the left, one page at a time, menus, toolbar, shortcuts.

It owns the window's Tracker (main thread only); dialogs and pages call it.
Long work (import, reports, today's counts) goes to :mod:`.background`, which opens
its own Tracker on the same file. After a write the window is told what kinds of rows
changed (:meth:`MainWindow.refresh`) and redraws only the pages that show them.
Another window or a colleague on a shared file may write too: F5, coming back to the
window and a cheap poll every few seconds (``PRAGMA data_version``) pick their changes
up; the status bar says when the file is shared or open read-only.
Today's overview (counts, reminders, late units) is computed once per change
(:mod:`.day_overview`) and shared by 总览, 提醒 and the navigation's count.
Sizes, splitters and column widths are kept in QSettings.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QListWidget, QVBoxLayout, QListWidgetItem, QMainWindow, QMessageBox, QStackedWidget,
    QStyle, QSystemTrayIcon, QToolBar, QWidget, QMenu, QInputDialog,
)

from ..errors import GovtrackError
from ..paths import RESOURCES_DIR
from ..tracker import Tracker
from .dialogs import (
    BackupsDialog, ExportFormsDialog, ImportWizard, NewTaskDialog, ProgressEntryDialog, ReturnsWizard, TaskEditorDialog,
)
from .day_overview import DayOverview
from ..app.demo_day import default_day, is_demo
from ..app.entry_grid import default_period
from .pages.assistant import AssistantPage
from .pages.indicators import IndicatorsPage
from .pages import LedgerPage, OverviewPage, PlansPage, RemindersPage, ReportsPage, SettingsPage, UnitsPage
from .texts import current_period
from .widgets import error_text, show_error

# What a write can change (the core's mutations will report these kinds).
KINDS = frozenset({"tasks", "progress", "units", "settings", "reports", "reminders", "plans", "indicators"})
# Kinds the day's overview (counts, reminders, late units) depends on.
DAY_KINDS = frozenset({"tasks", "progress", "units", "settings", "reminders"})
# Pages without a form to type into: redrawn at once when another window wrote.
LIST_VIEWS = frozenset({"overview", "ledger", "reminders"})
POLL_MS = 5000           # how often the window looks whether another window or colleague wrote

VIEWS = [("overview", "总览", QStyle.SP_ComputerIcon), ("ledger", "任务台账", QStyle.SP_FileDialogDetailedView),
         ("units", "责任单位", QStyle.SP_DirHomeIcon), ("reminders", "提醒", QStyle.SP_MessageBoxWarning),
         ("reports", "报告", QStyle.SP_FileIcon), ("plans", "计划", QStyle.SP_DirIcon),
         ("assistant", "报告拆分", QStyle.SP_FileDialogContentsView),
         ("indicators", "指标", QStyle.SP_FileDialogListView),
         ("settings", "设置", QStyle.SP_FileDialogInfoView)]


class MainWindow(QMainWindow):
    def __init__(self, db_path: Path, *, today: dt.date | None = None, settings: QSettings | None = None,
                 tray: bool = True):
        super().__init__()
        self.db_path = Path(db_path)
        self.tracker = Tracker.open(self.db_path)
        self._fixed_today = today
        self._default_today = default_day(self.tracker)
        self.settings = settings or QSettings("GovTrack", "GovTrack")
        self.setWindowTitle(f"政府工作报告任务督查台账 — {self.db_path.name}")
        self.setWindowIcon(self.style().standardIcon(QStyle.SP_FileDialogListView))
        self.resize(1280, 800)

        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(132)
        self.nav.setIconSize(QSize(20, 20))
        qss = RESOURCES_DIR / "style.qss"
        if qss.exists():
            self.nav.setStyleSheet(qss.read_text(encoding="utf-8"))
        self.stack = QStackedWidget()
        self.pages = {
            "overview": OverviewPage(self), "ledger": LedgerPage(self), "plans": PlansPage(self),
            "units": UnitsPage(self),
            "reminders": RemindersPage(self), "reports": ReportsPage(self), "settings": SettingsPage(self),
            "assistant": AssistantPage(self), "indicators": IndicatorsPage(self),
        }
        for key, name, icon in VIEWS:
            item = QListWidgetItem(self.style().standardIcon(icon), name)
            item.setData(Qt.UserRole, key)
            item.setSizeHint(QSize(120, 40))
            self.nav.addItem(item)
            self.stack.addWidget(self.pages[key])
        self.nav.currentRowChanged.connect(self._nav_changed)
        self.pages["overview"].open_view.connect(self.show_view)
        self.pages["reminders"].changed.connect(lambda: self.refresh({"reminders"}))
        self.banner = QLabel()
        self.banner.setObjectName("demo_banner")
        self.banner.setStyleSheet("background:#fff3b0;color:#7a4b00;padding:4px 8px;font-weight:bold;")
        self.banner.setWordWrap(True)
        self.banner.setMinimumWidth(1)    # a long line must not widen the window
        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self.banner)
        lay = QHBoxLayout()
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.nav)
        lay.addWidget(self.stack, 1)
        outer.addLayout(lay, 1)
        self._update_banner()
        self.setCentralWidget(central)
        self._fresh: set[str] = set()
        self.overview = DayOverview(self, on_known=self._update_nav_counts)

        self._build_actions()
        self.storage_label = QLabel()
        self.storage_label.setObjectName("storage_label")
        self.storage_label.setStyleSheet("color:#8a4b00;font-weight:bold;")
        self.statusBar().addPermanentWidget(self.storage_label)
        self.status_label = QLabel()
        self.statusBar().addPermanentWidget(self.status_label)
        self.tracker.backups.changed_elsewhere()          # the baseline for the poll
        self.poll = QTimer(self)
        self.poll.setInterval(POLL_MS)
        self.poll.timeout.connect(self.check_elsewhere)
        self.poll.start()
        self.tray = None
        if tray and QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(self.windowIcon(), self)
            self.tray.setToolTip("督查台账")
            menu = QMenu(self)
            menu.addAction("显示窗口", self.showNormal)
            menu.addAction("提醒", lambda: self.show_view("reminders"))
            self.tray.setContextMenu(menu)
            self.tray.activated.connect(lambda *_: (self.showNormal(), self.activateWindow()))
            self.tray.show()
        self.restore_state()
        self.show_view(self.settings.value("view", "overview"))
        self._update_status()

    # ------------------------------------------------------------ date
    @property
    def today(self) -> dt.date:
        return self._fixed_today or self._default_today

    def _update_banner(self) -> None:
        """演示数据: a visible line above the pages while the demo database is open."""
        demo = is_demo(self.tracker)
        self.banner.setVisible(demo)
        if demo:
            self.banner.setText(f"演示数据：2023 年潜江市政府工作报告任务（并非本单位的实际数据），"
                                f"按 {self.today.isoformat()} 查看。新建自己的数据库：文件 → 打开数据库，或 govtrack init。")

    def set_today(self, day: dt.date) -> None:
        self._fixed_today = day
        self._update_banner()
        self.refresh()

    # ------------------------------------------------------------ actions
    def _act(self, text: str, slot, shortcut=None, icon=None, tip: str = "") -> QAction:
        a = QAction(text, self)
        if icon is not None:
            a.setIcon(self.style().standardIcon(icon))
        if shortcut:
            a.setShortcut(QKeySequence(shortcut))
        if tip:
            a.setStatusTip(tip)
        a.triggered.connect(lambda *_: slot())
        return a

    def _build_actions(self) -> None:
        S = QStyle
        self.act_find = self._act("查找任务", self.focus_search, QKeySequence.Find, S.SP_FileDialogContentsView,
                                  "在任务台账中搜索（Ctrl+F）")
        self.act_new = self._act("新建任务…", self.new_task, QKeySequence.New, S.SP_FileDialogNewFolder,
                                 "手工新建一项任务（Ctrl+N）")
        self.act_import = self._act("导入任务分解…", self.import_file, "Ctrl+I", S.SP_DialogOpenButton,
                                    "导入任务分解表，先预览再写入（Ctrl+I）")
        self.act_returns = self._act("导入单位填报表…", self.import_returns, "Ctrl+Shift+I",
                                     S.SP_ArrowDown, "导入各单位交回的进展填报表（先检查再写入）")
        self.act_export_forms = self._act("导出单位填报表…", self.export_forms, None, S.SP_ArrowUp,
                                          "为各单位生成本期进展填报表（xlsx）")
        self.act_progress = self._act("录入进展…", self.enter_progress, "Ctrl+E", S.SP_DialogApplyButton,
                                      "按单位和月份录入进展（Ctrl+E）")
        self.act_print = self._act("生成报告…", self.print_report, QKeySequence.Print, S.SP_DialogSaveButton,
                                   "生成 PDF 报告（Ctrl+P）")
        self.act_refresh = self._act("刷新", self.refresh_all, QKeySequence.Refresh, S.SP_BrowserReload)
        self.act_open = self._act("打开数据库…", self.open_database, QKeySequence.Open)
        self.act_backup = self._act("备份…", self.backups, None, S.SP_DriveHDIcon,
                                    "立即备份数据库，查看已有备份")
        self.act_restore = self._act("从备份恢复…", lambda: self.backups(restore=True), None, None,
                                     "用一份备份替换当前数据库（当前文件先另存为备份）")
        self.act_quit = self._act("退出", self.close, QKeySequence.Quit)
        self.act_about = self._act("关于", lambda: QMessageBox.about(
            self, "关于", "政府工作报告任务督查台账（GovTrack）\n本地 SQLite 数据库，离线使用。"))
        m = self.menuBar()
        file_menu = m.addMenu("文件(&F)")
        for a in (self.act_open, None, self.act_import, self.act_export_forms, self.act_returns, None,
                  self.act_print, None, self.act_backup, self.act_restore, None, self.act_quit):
            file_menu.addSeparator() if a is None else file_menu.addAction(a)
        task_menu = m.addMenu("任务(&T)")
        for a in (self.act_find, self.act_new, self.act_progress):
            task_menu.addAction(a)
        view_menu = m.addMenu("视图(&V)")
        for k, (key, name, _) in enumerate(VIEWS):
            view_menu.addAction(self._act(name, lambda key=key: self.show_view(key), f"Ctrl+{k + 1}"))
        view_menu.addSeparator()
        view_menu.addAction(self.act_refresh)
        m.addMenu("帮助(&H)").addAction(self.act_about)
        tb = QToolBar("工具栏")
        tb.setObjectName("main_toolbar")
        tb.setToolButtonStyle(Qt.ToolButtonTextBesideIcon)
        tb.setIconSize(QSize(18, 18))
        for a in (self.act_find, self.act_new, self.act_import, self.act_returns, self.act_progress,
                  self.act_print, self.act_refresh):
            tb.addAction(a)
        self.addToolBar(tb)

    # ------------------------------------------------------------ navigation
    def show_view(self, key: str) -> None:
        keys = [k for k, _, _ in VIEWS]
        if key not in keys:
            key = "overview"
        self.nav.setCurrentRow(keys.index(key))
        self._ensure_fresh(key)

    def current_view(self) -> str:
        return VIEWS[self.nav.currentRow()][0]

    def _nav_changed(self, row: int) -> None:
        if row < 0:
            return
        key = VIEWS[row][0]
        self.stack.setCurrentWidget(self.pages[key])
        self._ensure_fresh(key)

    def _ensure_fresh(self, key: str) -> None:
        if key in self._fresh:
            return
        try:
            self.pages[key].refresh()
        except Exception as e:          # a failure of the file is named; a bug is shown, then raised
            show_error(self, e)
            if not error_text(e)[1]:
                raise
        self._fresh.add(key)

    def refresh(self, kinds=None) -> None:
        """Rows of these kinds changed: redraw the pages that show them (the one in view
        now, the others when next shown). ``kinds`` is a set of :data:`KINDS` strings, as
        the core's ``Changes`` lists them; None (or a kind not known here) redraws all."""
        kinds = KINDS if kinds is None else frozenset(kinds)
        if not kinds <= KINDS:
            kinds = KINDS
        self._fresh -= {key for key, page in self.pages.items() if page.SHOWS & kinds}
        if kinds & DAY_KINDS:
            self.overview.invalidate()
        self._ensure_fresh(self.current_view())
        if kinds & {"tasks"}:
            self._update_status()
        self.tracker.backups.changed_elsewhere()     # what was written so far is now shown

    def refresh_all(self) -> None:
        """刷新 (F5), another database or another day: redraw everything."""
        self.refresh()

    def check_elsewhere(self) -> bool:
        """Another window, program or colleague wrote to the file: show it.

        The lists (总览, 台账, 提醒) are redrawn at once; a page with a form the user may be
        typing into is redrawn when next shown or on F5, so nothing typed is lost.
        """
        try:
            if not self.tracker.backups.changed_elsewhere():
                return False
        except Exception:            # the file went away (network drive): the next action says so
            return False
        self._fresh.clear()
        self.overview.invalidate()
        view = self.current_view()
        if view in LIST_VIEWS:
            self._ensure_fresh(view)
            note = "已载入其他窗口或同事的修改"
        else:
            note = "其他窗口或同事修改了数据，按 F5 刷新本页"
        self._update_status()
        self.statusBar().showMessage(f"{note}（{dt.datetime.now():%H:%M:%S}）。", 10000)
        return True

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.ActivationChange and self.isActiveWindow():
            self.check_elsewhere()       # back from another window: show what it wrote
        super().changeEvent(event)

    def _update_status(self) -> None:
        plans = self.tracker.plans.plans()
        scope = set(self.tracker.ledger.scope(self.today))
        n = sum(p["tasks"] for p in plans if p["id"] in scope)
        others = len(plans) - len(scope)
        self.status_label.setText(f"{self.db_path}　当年计划任务 {n} 项"
                                  + (f"（另有 {others} 个计划）" if others else "")
                                  + f"　按 {self.today.isoformat()} 计算")
        storage = self.tracker.backups.storage_status()
        self.storage_label.setText(storage["note"])
        self.storage_label.setToolTip(storage["read_only"] or storage["note"])
        self.storage_label.setVisible(bool(storage["note"]))

    # ------------------------------------------------------------ today's overview
    # self.overview (a DayOverview) holds Tracker.overview(today), computed once per change.

    def current_reminders(self):
        """Today's reminders (computed once per change)."""
        return self.overview.now()["reminders"]

    def _update_nav_counts(self) -> None:
        items = self.overview.data["reminders"] if self.overview.data is not None else None
        row = [k for k, _, _ in VIEWS].index("reminders")
        self.nav.item(row).setText("提醒" + (f"（{len(items)}）" if items else ""))

    def notify_reminders(self) -> None:
        """At start-up: today's reminders in the status bar and the tray, once counted."""
        self.overview.when_known("notify", self._notify)

    def _notify(self, overview: dict) -> None:
        items = overview["reminders"]
        if not items:
            return
        overdue = sum(1 for r in items if r.days < 0)
        text = f"今天有 {len(items)} 条提醒" + (f"，其中 {overdue} 条已过期" if overdue else "") + "。"
        self.statusBar().showMessage(text, 15000)
        if self.tray is not None and self.tray.supportsMessages():
            self.tray.showMessage("督查台账提醒", text, QSystemTrayIcon.Information, 8000)

    # ------------------------------------------------------------ user actions
    def focus_search(self) -> None:
        self.show_view("ledger")
        self.pages["ledger"].search.setFocus()
        self.pages["ledger"].search.selectAll()

    def edit_task(self, task_id: int) -> TaskEditorDialog:
        dlg = TaskEditorDialog(self.tracker, task_id, self, today=self.today)
        dlg.saved.connect(lambda _id: (self.refresh({"tasks"}),
                                       self.statusBar().showMessage(
                                           f"任务已保存（{dlg.task.get('plan_title') or ''} 第{dlg.task['seq']}项）。", 5000)))
        dlg.open()
        return dlg

    def new_task(self) -> NewTaskDialog:
        dlg = NewTaskDialog(self.tracker, self)
        dlg.accepted.connect(lambda: self.refresh({"tasks"}))
        dlg.open()
        return dlg

    def import_file(self, file: str | None = None) -> ImportWizard:
        dlg = ImportWizard(self.tracker, self.db_path, self, file=file)
        dlg.applied.connect(lambda _o: self.refresh({"tasks", "units"}))
        dlg.open()
        return dlg

    def import_returns(self, files: list[str] | None = None):
        dlg = ReturnsWizard(self.db_path, self, files=files, received_on=self.today)
        dlg.applied.connect(lambda _o: self.refresh({"progress"}))
        dlg.open()
        return dlg

    def export_forms(self, period: str | None = None):
        units = [u["name"] for u in self.tracker.units.list() if u["led"] or u["assisting"]]
        dlg = ExportFormsDialog(self.db_path, units, period or self._default_period(), self)
        dlg.open()
        return dlg

    def enter_progress(self, unit: str | None = None, period: str | None = None):
        if not unit:
            names = [u["name"] for u in self.tracker.units.list() if u["led"]]
            current = self.pages["units"].current_unit() or self.pages["ledger"].unit.currentData()
            unit, ok = QInputDialog.getItem(self, "录入进展", "单位：", names,
                                            names.index(current) if current in names else 0, True)
            if not ok or not unit:
                return None
        period = period or self._default_period()
        dlg = ProgressEntryDialog(self.tracker, unit, period, self, reported_on=self.today)
        dlg.accepted.connect(lambda: self.refresh({"progress"}))
        dlg.open()
        return dlg

    def _default_period(self) -> str:
        """The current reporting round (the core's one rule); the calendar month if none."""
        try:
            return default_period(self.tracker, self.today)
        except GovtrackError:
            return current_period(self.today)

    def print_report(self) -> None:
        """Ctrl+P: to 报告; from the ledger with a task selected, its 督办单 is prefilled."""
        reports = self.pages["reports"]
        if self.current_view() == "ledger":
            tid = self.pages["ledger"].selected_task_id()
            if tid is not None:
                reports.task.setText(f"#{tid}")
                reports.kind.setCurrentIndex(reports.kind.findData("notice"))
        self.show_view("reports")
        reports.generate_button.setFocus()

    def backups(self, *, restore: bool = False) -> BackupsDialog:
        """文件 → 备份… / 从备份恢复…"""
        dlg = BackupsDialog(self, restore_first=restore)
        dlg.open()
        return dlg

    def reopen(self) -> None:
        """After a restore: a fresh Tracker on the same file, every page redrawn."""
        self._switch_to(Tracker.open(self.db_path), self.db_path)

    def _switch_to(self, tracker: Tracker, path: Path) -> None:
        self.tracker.close()
        self.tracker, self.db_path = tracker, Path(path)
        self.tracker.backups.changed_elsewhere()
        self._default_today = default_day(self.tracker)
        self._update_banner()
        self.settings.setValue("last_db", str(self.db_path))
        self.setWindowTitle(f"政府工作报告任务督查台账 — {self.db_path.name}")
        self.refresh_all()
        self._update_status()

    def open_database(self) -> None:
        from PySide6.QtWidgets import QFileDialog
        name, _ = QFileDialog.getOpenFileName(self, "打开数据库", str(self.db_path.parent),
                                              "GovTrack 数据库 (*.sqlite *.db);;所有文件 (*)")
        if not name:
            return
        try:
            tracker = Tracker.open(name)
        except GovtrackError as e:
            show_error(self, e)
            return
        self._switch_to(tracker, Path(name))

    # ------------------------------------------------------------ remembered layout
    def _tables(self):
        return {"ledger": self.pages["ledger"].table, "units_tasks": self.pages["units"].tasks}

    def restore_state(self) -> None:
        s = self.settings
        geo = s.value("geometry")
        if isinstance(geo, QByteArray) and not geo.isEmpty():
            self.restoreGeometry(geo)
        st = s.value("window_state")
        if isinstance(st, QByteArray) and not st.isEmpty():
            self.restoreState(st)
        for name, sp in (("units_split", self.pages["units"].splitter),
                         ("overview_split", self.pages["overview"].splitter)):
            v = s.value(f"splitters/{name}")
            if isinstance(v, QByteArray) and not v.isEmpty():
                sp.restoreState(v)
        for name, table in self._tables().items():
            v = s.value(f"columns/{name}")
            if isinstance(v, QByteArray) and not v.isEmpty():
                table.horizontalHeader().restoreState(v)

    def save_state(self) -> None:
        s = self.settings
        s.setValue("geometry", self.saveGeometry())
        s.setValue("window_state", self.saveState())
        s.setValue("view", self.current_view())
        s.setValue("splitters/units_split", self.pages["units"].splitter.saveState())
        s.setValue("splitters/overview_split", self.pages["overview"].splitter.saveState())
        for name, table in self._tables().items():
            s.setValue(f"columns/{name}", table.horizontalHeader().saveState())
        s.setValue("last_db", str(self.db_path))
        s.sync()

    def closeEvent(self, event) -> None:
        from .background import wait_all
        if not self.pages["assistant"].confirm_discard():
            event.ignore()
            return
        self.save_state()
        self.poll.stop()
        wait_all(30000)
        if self.tray is not None:
            self.tray.hide()
        self.tracker.close()
        super().closeEvent(event)
