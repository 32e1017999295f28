"""Long work off the GUI thread: a job opens its own Tracker on the same file.

A sqlite connection belongs to the thread that opened it, so a job never
borrows the window's Tracker; it opens one on the database path, runs a plain
function ``fn(tracker, progress)`` and hands the result (plain data) back
through Qt signals, which arrive on the main thread. A failure arrives as the Chinese
message (a failure of the file named as in the window: locked, read-only, disk full).
"""

from __future__ import annotations

import traceback
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from ..app.backups import explain
from ..errors import GovtrackError
from ..tracker import Tracker


class JobSignals(QObject):
    """Created on the main thread so connected slots run there."""
    done = Signal(object)
    failed = Signal(str)
    progress = Signal(int, str)
    finished = Signal()


class Job(QRunnable):
    def __init__(self, db_path: Path, fn: Callable[[Any, Callable[[int, str], None]], Any]):
        super().__init__()
        self.db_path = Path(db_path)
        self.fn = fn
        self.signals = JobSignals()
        self.setAutoDelete(False)

    def run(self) -> None:  # worker thread
        tracker = None
        try:
            tracker = Tracker.open(self.db_path)
            result = self.fn(tracker, lambda pct, text="": self.signals.progress.emit(int(pct), text))
        except GovtrackError as e:
            self.signals.failed.emit(str(e))
        except Exception as e:
            named = explain(e, self.db_path)     # locked, read-only, disk full, damaged
            if named is not None:
                self.signals.failed.emit(str(named))
            else:                                # a bug: show it rather than lose it in a thread
                self.signals.failed.emit(f"内部错误：{e}\n\n{traceback.format_exc()}")
        else:
            self.signals.done.emit(result)
        finally:
            if tracker is not None:
                tracker.close()
            self.signals.finished.emit()


_running: set[Job] = set()


def run_job(db_path: Path, fn, on_done: Callable | None = None, on_failed: Callable | None = None,
            on_progress: Callable | None = None) -> Job:
    """Start ``fn(tracker, progress)`` on the thread pool; callbacks run on the main thread."""
    job = Job(db_path, fn)
    if on_done:
        job.signals.done.connect(on_done)
    if on_failed:
        job.signals.failed.connect(on_failed)
    if on_progress:
        job.signals.progress.connect(on_progress)
    _running.add(job)
    job.signals.finished.connect(lambda: _running.discard(job))
    QThreadPool.globalInstance().start(job)
    return job


def wait_all(ms: int = 30000) -> bool:
    """Block until every job has finished (for tests and shutdown)."""
    return QThreadPool.globalInstance().waitForDone(ms)
