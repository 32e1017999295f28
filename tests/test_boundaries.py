"""The core library never imports Qt (the GUI is a thin shell over it)."""

import pkgutil
import subprocess
import sys

import govtrack


def test_core_does_not_import_qt():
    modules = [m.name for m in pkgutil.walk_packages(govtrack.__path__, "govtrack.")
               if ".gui" not in m.name and not m.name.endswith("__main__")]
    code = ("import sys\n" + "".join(f"import {m}\n" for m in modules)
            + "bad = [m for m in sys.modules if m.startswith(('PySide6', 'PyQt', 'shiboken'))]\n"
              "assert not bad, bad\nprint(len(sys.modules))")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    assert len(modules) >= 10
