"""The application layer: one service per area, built by :class:`govtrack.tracker.Tracker`.

Each service is a class that takes the :class:`~govtrack.app.context.Context` and, by name,
the other services it uses, so its dependencies are visible in its constructor. Services
hold no state of their own beyond caches the Context invalidates on every write.
"""
