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


# ---------------------------------------------------------------- AST checks over the source

import ast
from pathlib import Path

PKG = Path(govtrack.__file__).resolve().parent


def _modules():
    """(dotted name, path, tree) of every module of the package."""
    for path in sorted(PKG.rglob("*.py")):
        rel = path.relative_to(PKG.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        yield ".".join(parts), path, ast.parse(path.read_text(encoding="utf-8"))


def _imports(name: str, path: Path, tree: ast.AST) -> set[str]:
    """Absolute names of the govtrack modules a module imports (relative imports resolved)."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            out.add(mod)
            out.update(f"{mod}.{a.name}" for a in node.names)
    return {m for m in out if m.startswith("govtrack")}


def test_sql_only_in_store():
    """No sqlite3, ``.execute(``, ``.query(`` or ``db[...]`` outside govtrack/store/."""
    bad = []
    for name, path, tree in _modules():
        if name.startswith("govtrack.store"):
            continue
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
                if any(n == "sqlite3" or n.startswith("sqlite3.") for n in names):
                    bad.append(f"{name}:{node.lineno} imports sqlite3")
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("execute", "query", "executescript")):
                bad.append(f"{name}:{node.lineno} .{node.func.attr}(")
            if (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute)
                    and node.value.attr == "db"):
                bad.append(f"{name}:{node.lineno} db[...]")
    assert not bad, "SQL outside govtrack/store: " + "; ".join(bad)


def test_gui_calls_only_the_core_facade():
    """The window never imports the store, the rules or the importers: it calls the Tracker."""
    bad = []
    for name, path, tree in _modules():
        if not name.startswith("govtrack.gui"):
            continue
        for mod in _imports(name, path, tree):
            if mod.startswith(("govtrack.store", "govtrack.rules", "govtrack.importers")):
                bad.append(f"{name} imports {mod}")
    assert not bad, "; ".join(sorted(bad))


def test_no_import_cycle_inside_govtrack():
    """Module-level imports between govtrack modules form no cycle."""
    graph: dict[str, set[str]] = {}
    names = {name for name, _, _ in _modules()}
    for name, path, tree in _modules():
        top = ast.Module(body=[n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))],
                         type_ignores=[])
        deps = set()
        for m in _imports(name, path, top):
            while m and m not in names:
                m = m.rsplit(".", 1)[0] if "." in m else ""
            if m and m != name and not name.startswith(m + "."):
                deps.add(m)
        graph[name] = deps
    state: dict[str, int] = {}
    cycle: list[str] = []

    def visit(n, stack):
        state[n] = 1
        for d in graph.get(n, ()):
            if state.get(d) == 1:
                cycle.extend(stack[stack.index(d):] + [d] if d in stack else [n, d])
                return True
            if state.get(d) is None and visit(d, stack + [d]):
                return True
        state[n] = 2
        return False

    for n in graph:
        if state.get(n) is None and visit(n, [n]):
            break
    assert not cycle, " → ".join(cycle)
