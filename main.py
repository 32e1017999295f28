"""Start the GovTrack window (same as the ``govtrack-gui`` entry point)."""
import sys

from govtrack.gui.app import main

if __name__ == "__main__":
    sys.exit(main())
