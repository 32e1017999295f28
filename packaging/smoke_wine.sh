#!/usr/bin/env bash
# Smoke test of the Windows installer under wine, on Linux:
#   packaging/smoke_wine.sh DIR        (DIR holds GovTrack-*-win64-setup.exe, e.g. dist/)
# In a throw-away wine prefix: installs the setup silently (/S /D=C:\GovTrack), then runs the
# installed program as an office would: demo, status, report monthly (the PDF must embed its
# fonts: pdffonts), forms export → fill in (with the installed Python's openpyxl) → forms
# import, import of the 001 seed, the default and portable data folders, and the uninstaller
# (which must keep the data).  Exits non-zero on the first failure.  Needs wine (64-bit),
# poppler-utils (pdffonts, pdftotext) and a Chinese font known to fontconfig (copied into the
# prefix's C:\windows\Fonts, as on a real Windows machine).
set -euo pipefail

DIR=${1:?usage: smoke_wine.sh DIR-with-setup.exe}
SETUP=$(ls -1 "$DIR"/GovTrack-*-win64-setup.exe 2>/dev/null | tail -n 1 || true)
[ -n "$SETUP" ] || { echo "smoke: no GovTrack-*-win64-setup.exe in $DIR" >&2; exit 2; }
for tool in wine pdffonts pdftotext fc-list python3; do
  command -v "$tool" >/dev/null || { echo "smoke: $tool is not installed" >&2; exit 2; }
done

WORK=$(mktemp -d)
trap 'wineserver -k >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
# wine links the prefix's Desktop and Documents to $HOME: a home of its own keeps the
# installer's desktop shortcut out of the real one.
mkdir -p "$WORK/home"
export HOME="$WORK/home" XDG_CACHE_HOME="$WORK/home/.cache"
export WINEPREFIX="$WORK/prefix" WINEARCH=win64 WINEDEBUG=-all
# No menu entries on the host, no Mono/Gecko download prompts.
export WINEDLLOVERRIDES="winemenubuilder.exe=d;mscoree=d;mshtml=d"
C="$WINEPREFIX/drive_c"
STEP=""
trap 'echo "SMOKE FAILED at「$STEP」(line $LINENO)" >&2' ERR

# icu_stub DIR: DIR/icuuc.dll exporting the ucnv_* functions Qt6Core.dll imports, each
# returning 0 (ucnv_open also sets *err = U_FILE_ACCESS_ERROR).
icu_stub() {
  local d=$1 f
  local funcs="ucnv_open ucnv_close UCNV_FROM_U_CALLBACK_SUBSTITUTE UCNV_TO_U_CALLBACK_SUBSTITUTE
    ucnv_reset ucnv_getMaxCharSize ucnv_getName ucnv_getToUCallBack ucnv_getFromUCallBack
    ucnv_setToUCallBack ucnv_setFromUCallBack ucnv_cbToUWriteUChars ucnv_toUnicode
    ucnv_cbFromUWriteUChars ucnv_toUCountPending ucnv_fromUCountPending ucnv_getStandardName
    ucnv_getAvailableName ucnv_countAvailable ucnv_fromUnicode"
  mkdir -p "$d"
  {
    echo '.text'; echo '.globl DllMain'; echo 'DllMain: mov $1, %eax'; echo ' ret'
    for f in $funcs; do echo ".globl $f"; done
    echo 'ucnv_open: test %rdx, %rdx'; echo ' jz 1f'; echo ' movl $4, (%rdx)'; echo '1: xor %eax, %eax'; echo ' ret'
    for f in $funcs; do [ "$f" = ucnv_open ] || printf '%s: xor %%eax, %%eax\n ret\n' "$f"; done
  } > "$d/icuuc.s"
  { echo 'LIBRARY icuuc.dll'; echo 'EXPORTS'; for f in $funcs; do echo "  $f"; done; } > "$d/icuuc.def"
  x86_64-w64-mingw32-as "$d/icuuc.s" -o "$d/icuuc.o"
  x86_64-w64-mingw32-ld --dll -e DllMain --subsystem windows -o "$d/icuuc.dll" "$d/icuuc.o" "$d/icuuc.def"
}
step() { STEP=$1; echo; echo "== $1"; }
fail() { echo "SMOKE FAILED at「$STEP」: $*" >&2; exit 1; }
# wine's output goes through a pipe: with stdout redirected to a file, Python under wine
# cannot open its standard streams.  The exit code is the Windows program's.
win() { timeout 600 wine "$@" 2>&1 | cat; return "${PIPESTATUS[0]}"; }
gt() { win 'C:\GovTrack\python.exe' -m govtrack "$@"; }
# Counts read from the Linux side with the sqlite3 module: checks that do not depend on
# the wording of the program's messages.
count() { python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' "$1" "$2"; }
expect() {  # expect "text" "output": the output must contain the text
  grep -qF -- "$1" <<<"$2" || fail "the output lacks「$1」"
}

step "wine prefix"
timeout 300 wineboot -i 2>&1 | cat >/dev/null || true
[ -d "$C/windows/system32" ] || fail "wineboot did not create $C/windows"
wine --version
mkdir -p "$C/windows/Fonts" "$C/work"
n=0
while IFS= read -r f; do
  case "$f" in *.ttf|*.ttc|*.TTF|*.TTC) cp "$f" "$C/windows/Fonts/" && n=$((n + 1)) ;; esac
  [ "$n" -ge 4 ] && break
done < <(fc-list ':lang=zh' file | sed 's/: *$//' | sort -u)
[ "$n" -gt 0 ] || fail "no Chinese font known to fontconfig (apt install fonts-arphic-uming fonts-wqy-microhei)"
ls "$C/windows/Fonts"

step "silent install"
echo "$(basename "$SETUP"): $(du -m "$SETUP" | cut -f1) MB"
win "$SETUP" /S '/D=C:\GovTrack' || fail "the installer exited with $?"
for f in python.exe pythonw.exe govtrack.cmd 督查台账.cmd govtrack-gui.pyw uninstall.exe govtrack/__main__.py resources/units.tsv db; do
  [ -e "$C/GovTrack/$f" ] || fail "C:\\GovTrack\\$f was not installed"
done
menu=$(find -L "$C/users" -path '*Start Menu*' -name '*.lnk' -path '*督查台账*' | wc -l)
desk=$(find -L "$C/users" -path '*Desktop*' -name '督查台账.lnk' | wc -l)
[ "$menu" = 3 ] || fail "$menu Start-menu shortcuts under 督查台账, not 3"
[ "$desk" -ge 1 ] || fail "no desktop shortcut"
echo "installed: $(du -sm "$C/GovTrack" | cut -f1) MB; shortcuts: $menu in the Start menu, $desk on the desktop"

step "default data folder (%LOCALAPPDATA%)"
out=$(win 'C:\GovTrack\python.exe' -c "from govtrack import paths; print(paths.default_db_path()); print(paths.is_portable())") \
  || fail "python -c failed: $out"
echo "$out"
expect 'AppData\Local\GovTrack\govtrack.sqlite' "$out"
expect 'False' "$out"

step "demo"
out=$(gt --db 'C:\work\demo.sqlite' demo --force) || fail "exit $?: $out"
echo "$out"
[ -s "$C/work/demo.sqlite" ] || fail "no demo database"

step "status"
out=$(win 'C:\GovTrack\govtrack.cmd' --db 'C:\work\demo.sqlite' status --today 2023-10-31) || fail "exit $?: $out"
head -n 8 <<<"$out"
n=$(count "$C/work/demo.sqlite" "SELECT count(*) FROM tasks")
[ "$n" = 136 ] || fail "the demo has $n tasks, not 136"

step "report monthly"
out=$(gt --db 'C:\work\demo.sqlite' report monthly --period 2023-10 -o 'C:\work\通报.pdf') || fail "exit $?: $out"
echo "$out"
pdf="$C/work/通报.pdf"
[ -s "$pdf" ] || fail "no PDF written"
fonts=$(pdffonts "$pdf")
echo "$fonts"
# Every font row (after the two header lines) must say emb=yes; and there must be one.
rows=$(tail -n +3 <<<"$fonts")
[ -n "$rows" ] || fail "the PDF has no fonts"
if awk '{ if ($(NF-4) != "yes") bad=1 } END { exit !bad }' <<<"$rows"; then fail "a font is not embedded"; fi
text=$(pdftotext -layout "$pdf" -)
expect "督查" "$text"
echo "pages: $(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages/ {print $2}')"

step "forms export"
out=$(gt --db 'C:\work\demo.sqlite' forms export --period 2023-11 -o 'C:\work\填报表') || fail "exit $?: $out"
head -n 3 <<<"$out"
form=$(cd "$C/work/填报表" && ls -1 -- *市财政局* 2>/dev/null | sed -n 1p)
[ -n "$form" ] || fail "no 市财政局 form among $(ls "$C/work/填报表" | wc -l) files"
echo "forms: $(ls "$C/work/填报表" | wc -l) files, e.g. $form"

step "fill in a return (the installed openpyxl) and import it"
cat > "$C/work/fill.py" <<'PY'
import sys
import openpyxl
from govtrack.returns_io.layout import COL_INDEX, DATA_SHEET, FIRST_DATA_ROW
sys.stdout.reconfigure(encoding="utf-8")
src, dst = sys.argv[1], sys.argv[2]
wb = openpyxl.load_workbook(src)
ws = wb[DATA_SHEET]
ws.cell(FIRST_DATA_ROW, COL_INDEX["percent"]).value = 100
ws.cell(FIRST_DATA_ROW, COL_INDEX["progress_text"]).value = "已全部完成（wine 冒烟测试）"
wb.save(dst)
print("filled", dst)
PY
out=$(win 'C:\GovTrack\python.exe' 'C:\work\fill.py' "C:\\work\\填报表\\$form" 'C:\work\财政局报回.xlsx') || fail "exit $?: $out"
echo "$out"
out=$(gt --db 'C:\work\demo.sqlite' forms import 'C:\work\财政局报回.xlsx' --date 2023-11-20) || fail "exit $?: $out"
echo "$out"
n=$(count "$C/work/demo.sqlite" "SELECT count(*) FROM progress WHERE progress_text = '已全部完成（wine 冒烟测试）'")
[ "$n" = 1 ] || fail "the filled-in row is not in the database ($n rows)"
echo "rows from the return in the database: $n"
out=$(gt --db 'C:\work\demo.sqlite' forms status --period 2023-11 --today 2023-11-30) || fail "exit $?: $out"
grep -F "市财政局" <<<"$out" | sed -n 1p

step "import seed 001"
out=$(gt --db 'C:\work\seed.sqlite' import 'C:\GovTrack\resources\seeds\001_c26dbfc0c5ce5eed.txt') || fail "exit $?: $out"
grep -v '^将新增单位' <<<"$out" || true
n=$(count "$C/work/seed.sqlite" "SELECT count(*) FROM tasks")
[ "$n" = 136 ] || fail "the 001 seed gave $n tasks, not 136"
echo "tasks in the database: $n"

step "the window (screenshot under wine)"
# Qt >= 6.9's Qt6Core.dll imports 20 ucnv_* functions from Windows' own icuuc.dll (Windows 10
# 1903+ has it; wine 8 does not), so under wine the import fails with "DLL load failed".  For
# this test only (never installed for users) a stub icuuc.dll, assembled here with mingw's
# binutils, answers them: ucnv_open fails, which Qt handles (UTF-8/16 and Latin-1 are built in).
if command -v x86_64-w64-mingw32-as >/dev/null && command -v x86_64-w64-mingw32-ld >/dev/null; then
  icu_stub "$WORK/icu" && cp "$WORK/icu/icuuc.dll" "$C/GovTrack/Lib/site-packages/PySide6/"
  out=$(win 'C:\GovTrack\python.exe' 'C:\GovTrack\govtrack-gui.pyw' --db 'C:\work\demo.sqlite' \
        --today 2023-10-28 --view ledger --screenshot 'C:\work\window.png') || fail "exit $?: $out"
  echo "$out"
  png="$C/work/window.png"
  [ -s "$png" ] || fail "no screenshot"
  size=$(python3 -c 'import struct, sys; d = open(sys.argv[1], "rb").read(24); print("%dx%d" % struct.unpack(">II", d[16:24]))' "$png")
  [ "$size" = 1280x800 ] || fail "the screenshot is $size, not 1280x800"
  echo "window.png: $size, $(du -k "$png" | cut -f1) KB"
  cat > "$C/work/qt_zh.py" <<'PY'
import sys
from PySide6.QtCore import QCoreApplication
from govtrack.gui.app import make_app
app = make_app()
sys.stdout.reconfigure(encoding="utf-8")
print("Qt's own texts:", QCoreApplication.translate("QPlatformTheme", "Cancel"), QCoreApplication.translate("QPlatformTheme", "OK"))
PY
  out=$(win 'C:\GovTrack\python.exe' 'C:\work\qt_zh.py') || fail "exit $?: $out"
  echo "$out"
  expect "取消 确定" "$out"
  rm "$C/GovTrack/Lib/site-packages/PySide6/icuuc.dll"
else
  echo "SKIPPED the window: x86_64-w64-mingw32-as/ld missing (apt install binutils-mingw-w64-x86-64)"
fi

step "portable mode"
printf 'portable\r\n' > "$C/GovTrack/portable"
out=$(gt init) || fail "exit $?: $out"
echo "$out"
[ -f "$C/GovTrack/data/govtrack.sqlite" ] || fail "portable: no C:\\GovTrack\\data\\govtrack.sqlite"
out=$(win 'C:\GovTrack\python.exe' -c "from govtrack import paths; print(paths.gui_settings_file())")
expect 'C:\GovTrack\data\govtrack-gui.ini' "$out"
ls "$C/GovTrack/data"

step "uninstall (keeps the data)"
win 'C:\GovTrack\uninstall.exe' /S '_?=C:\GovTrack' || fail "the uninstaller exited with $?"
[ ! -e "$C/GovTrack/Lib" ] || fail "C:\\GovTrack\\Lib is still there"
for f in python.exe govtrack.cmd 督查台账.cmd govtrack-gui.pyw govtrack resources; do
  [ ! -e "$C/GovTrack/$f" ] || fail "C:\\GovTrack\\$f is still there"
done
[ -f "$C/GovTrack/data/govtrack.sqlite" ] || fail "the uninstaller removed the portable data"
[ -z "$(find -L "$C/users" -name '*督查台账*.lnk')" ] || fail "a shortcut is still there"
echo "left behind: $(cd "$C/GovTrack" && find . -mindepth 1 -maxdepth 2 | sort | tr '\n' ' ')"

echo
echo "SMOKE OK: $(basename "$SETUP")"
