"""Today's overview (``Tracker.overview``: counts, reminders, units not reported), computed
once per change of the data or the day and shared by 总览, 提醒, the navigation's count
and the start-up notice. With thousands of tasks it takes a while, so it is normally
computed by one background job however many ask; a page that needs it at once may
compute it on the spot.
"""

from __future__ import annotations

from typing import Callable

from .background import run_job


class DayOverview:
    """The window's cached overview; ``window`` gives ``tracker``, ``db_path`` and ``today``."""

    def __init__(self, window, on_known: Callable[[], None] = lambda: None):
        self.window = window
        self.on_known = on_known               # the overview became known (or unknown)
        self.data: dict | None = None
        self._generation = 0                   # bumped whenever the data or the day changes
        self._job_generation = -1              # the generation a running job computes
        self._waiting: dict[str, tuple] = {}

    def invalidate(self) -> None:
        """The data or the day changed: what is known is stale; askers still waiting get
        the new figures."""
        self._generation += 1
        self.data = None
        self.on_known()
        if self._waiting:
            self._start()

    def now(self) -> dict:
        """The overview, computed here and now unless already known."""
        if self.data is None:
            self.data = self.window.tracker.reminders.overview(self.window.today)
            self.on_known()
        return self.data

    def when_known(self, key: str, done: Callable[[dict], None],
                   failed: Callable[[str], None] | None = None) -> None:
        """Call ``done(overview)`` at once when known, else when the job has it. ``key``
        names the asker: its later request replaces its earlier one."""
        if self.data is not None:
            done(self.data)
            return
        self._waiting[key] = (done, failed)
        if self._job_generation != self._generation:
            self._start()

    def _start(self) -> None:
        generation, day = self._generation, self.window.today
        self._job_generation = generation
        run_job(self.window.db_path, lambda tracker, progress: tracker.reminders.overview(day),
                lambda data: self._landed(generation, data),
                lambda message: self._failed(generation, message))

    def _landed(self, generation: int, data: dict) -> None:
        if generation != self._generation:
            return                             # stale: a newer job answers the askers
        self.data = data
        self.on_known()
        waiting, self._waiting = self._waiting, {}
        for done, _ in waiting.values():
            done(data)

    def _failed(self, generation: int, message: str) -> None:
        if generation != self._generation:
            return
        self._job_generation = -1              # the next request tries again
        waiting, self._waiting = self._waiting, {}
        for _, failed in waiting.values():
            if failed is not None:
                failed(message)
