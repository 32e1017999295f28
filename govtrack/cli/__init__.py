"""The ``govtrack`` command: :func:`govtrack.cli.main.main`."""

from .main import main

__all__ = ["main"]
