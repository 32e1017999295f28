"""After a write the window redraws only the pages that show what changed, and today's
overview (counts, reminders, late units) is computed once and shared."""

from __future__ import annotations

import threading

import pytest

from govtrack.gui.main_window import KINDS
from tests.gui.conftest import DEMO_TODAY

UNIT = "市水利和湖泊局"


def _count_refreshes(window, monkeypatch) -> dict[str, int]:
    calls = {key: 0 for key in window.pages}
    for key, page in window.pages.items():
        real = page.refresh
        monkeypatch.setattr(page, "refresh", lambda key=key, real=real: (
            calls.__setitem__(key, calls[key] + 1), real())[-1])
    return calls


def test_every_page_says_which_kinds_it_shows(window):
    for key, page in window.pages.items():
        assert page.SHOWS and page.SHOWS <= KINDS, key


def test_a_change_redraws_only_the_pages_that_show_it(window, qtbot, monkeypatch):
    for key in window.pages:               # every page drawn once
        window.show_view(key)
    window.show_view("ledger")
    calls = _count_refreshes(window, monkeypatch)
    window.refresh({"reminders"})          # an acknowledged reminder: not the ledger's business
    assert calls["ledger"] == 0
    for key in ("units", "reports", "settings"):
        window.show_view(key)
    assert calls == dict.fromkeys(window.pages, 0)
    window.show_view("reminders")
    window.show_view("overview")
    assert calls["reminders"] == calls["overview"] == 1
    window.show_view("ledger")
    window.refresh({"progress"})           # a report typed in: the page in view is redrawn now
    assert calls["ledger"] == 1
    window.show_view("settings")           # plans and rule settings did not change
    window.show_view("reports")
    assert calls["settings"] == calls["reports"] == 0
    window.refresh({"no such kind"})       # unknown: everything, to be safe
    for key in window.pages:
        window.show_view(key)
    assert calls["settings"] == calls["reports"] == 1


def test_progress_entry_redraws_the_ledger_but_not_the_settings(window, monkeypatch):
    window.show_view("settings")
    window.show_view("ledger")
    calls = _count_refreshes(window, monkeypatch)
    ledger = window.pages["ledger"]
    task = next(r for r in ledger.model.rows() if UNIT in r["lead"] and r["status"] != "已完成")
    dlg = window.enter_progress(UNIT, "2023-10")
    row = next(k for k, t in enumerate(dlg.tasks) if t["id"] == task["id"])
    dlg.grid.item(row, 2).setText("100")
    assert dlg.save()
    assert calls["ledger"] == 1
    assert {r["id"]: r for r in ledger.model.rows()}[task["id"]]["status"] == "已完成"
    window.show_view("settings")
    assert calls["settings"] == 0


@pytest.fixture
def overview_calls(monkeypatch):
    """tr.reminders.overview and tr.reminders.reminders calls, from any thread."""
    from govtrack.app.reminders import ReminderService as Tracker
    calls: list[str] = []
    lock = threading.Lock()
    for name in ("overview", "reminders"):
        real = getattr(Tracker, name)

        def spy(self, *a, _real=real, _name=name, **k):
            with lock:
                calls.append(_name)
            return _real(self, *a, **k)
        monkeypatch.setattr(Tracker, name, spy)
    return calls


def test_overview_is_computed_once_and_shared(qtbot, demo_copy, gui_settings, messages, overview_calls):
    from govtrack.gui.main_window import MainWindow
    w = MainWindow(demo_copy, today=DEMO_TODAY, settings=gui_settings, tray=False)
    qtbot.addWidget(w)
    overview = w.pages["overview"]
    with qtbot.waitSignal(overview.loaded, timeout=30000):
        w.show_view("overview")
    assert overview_calls == ["overview", "reminders"]      # one evaluation for all three
    w.show_view("reminders")
    w.notify_reminders()
    n = len(w.pages["reminders"].items)
    assert overview_calls == ["overview", "reminders"] and n > 0
    assert w.nav.item(3).text() == f"提醒（{n}）"
    late = {u for u, ok in w.tracker.status.units_reported(DEMO_TODAY).items() if not ok}
    assert {overview.units.item(r, 0).text() for r in range(overview.units.rowCount())} == late
    del overview_calls[:]
    w.refresh({"reports"})                                  # nothing the overview shows
    w.show_view("overview")
    assert overview_calls == []
    reminders = w.pages["reminders"]
    w.show_view("reminders")
    reminders.table.selectRow(0)
    reminders.acknowledge()                                 # → refresh({"reminders"})
    assert overview_calls == ["overview", "reminders"] and len(reminders.items) == n - 1
    with qtbot.waitSignal(overview.loaded, timeout=30000):
        w.show_view("overview")
    assert overview.reminders.count() == n - 1
    assert overview_calls == ["overview", "reminders"]      # the 总览 took the shared result
    from govtrack.gui.background import wait_all
    wait_all(30000)
    w.close()


def test_a_result_computed_for_stale_data_is_dropped(qtbot, demo_copy, gui_settings, messages):
    import datetime as dt
    from govtrack.gui.main_window import MainWindow
    w = MainWindow(demo_copy, today=DEMO_TODAY, settings=gui_settings, tray=False)
    qtbot.addWidget(w)
    overview = w.pages["overview"]
    shown = []
    overview.loaded.connect(lambda: shown.append(overview.summary["today"]))
    w.show_view("overview")                 # a job for 2023-10-28 is on its way …
    later = dt.date(2023, 11, 30)
    w.set_today(later)                      # … when the day changes: a second job
    qtbot.waitUntil(lambda: bool(shown), timeout=30000)
    from govtrack.gui.background import wait_all
    wait_all(30000)
    qtbot.wait(50)                          # let any late signal arrive
    assert shown == [later.isoformat()]     # the first result was not shown
    assert w.overview.data["summary"]["today"] == later.isoformat()
    assert w.nav.item(3).text() == f"提醒（{len(w.tracker.reminders.reminders(later))}）"
    w.close()
