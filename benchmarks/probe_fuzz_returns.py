"""Fuzz returned 进展填报表: mutated workbooks through ``Tracker.preview_returns``.

Run by hand: ``python benchmarks/probe_fuzz_returns.py [--files 1000] [--seed 14]``.

Starts from one unit's real exported form, filled in, and makes ``--files`` variants:
bytes flipped in the zip; sheet XML with a merged range over the whole sheet, a cell
on the last row or column, thousands of merged ranges, control characters, invalid
UTF-8, a UTF-8 BOM, truncated XML; members deleted or duplicated; the zip truncated.
Each is previewed in this process with a 10 s alarm and a 2 GB address-space cap
(the machine is shared). Counted: tracebacks (any exception out of preview_returns),
files over 10 s, the peak memory (ru_maxrss) and the slowest file. Not a test.
"""

from __future__ import annotations

import argparse
import io
import random
import re
import resource
import shutil
import signal
import sys
import tempfile
import time
import warnings
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import openpyxl  # noqa: E402

from govtrack.errors import GovtrackError  # noqa: E402
from govtrack.returns_io.layout import COL_INDEX, DATA_SHEET, FIRST_DATA_ROW  # noqa: E402

PERIOD = "2023-11"
UNIT = "市财政局"
SHEET = "xl/worksheets/sheet1.xml"


class Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise Timeout()


def base_form(tr, work: Path) -> bytes:
    (path,) = tr.returns.export_forms(PERIOD, work / "out", unit=UNIT)
    wb = openpyxl.load_workbook(path)
    ws = wb[DATA_SHEET]
    for r in range(FIRST_DATA_ROW, ws.max_row + 1):
        if ws.cell(r, COL_INDEX["seq"]).value:
            ws.cell(r, COL_INDEX["percent"]).value = 80
            ws.cell(r, COL_INDEX["progress_text"]).value = "按计划推进。"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {i.filename: z.read(i) for i in z.infolist()}


def rezip(parts: dict[str, bytes], extra: list[tuple[str, bytes]] = ()) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in parts.items():
            z.writestr(name, body)
        for name, body in extra:
            z.writestr(name, body)
    return buf.getvalue()


def _add_merges(sheet: bytes, merges: str) -> bytes:
    """The sheet XML with more merged ranges (into its mergeCells, or a new one)."""
    if b"<mergeCells" in sheet:
        return re.sub(rb"(<mergeCells[^>]*>)", lambda m: m.group(1) + merges.encode(), sheet, count=1)
    return sheet.replace(b"</sheetData>", f"</sheetData><mergeCells>{merges}</mergeCells>".encode(), 1)


def mutate(base: bytes, parts: dict[str, bytes], r: random.Random) -> tuple[str, bytes]:
    kind = r.choice(["flip", "merge_all", "last_row", "last_col", "many_merges", "control",
                     "bad_utf8", "bom", "truncate_xml", "drop_member", "dup_member", "truncate_zip",
                     "xml_splice", "huge_text"])
    p = dict(parts)
    sheet = p.get(SHEET, b"")
    if kind == "flip":
        b = bytearray(base)
        for _ in range(r.randint(1, 20)):
            b[r.randrange(len(b))] = r.randrange(256)
        return kind, bytes(b)
    if kind == "truncate_zip":
        return kind, base[: r.randrange(len(base))]
    if kind == "merge_all":
        ref = r.choice(["A1:XFD1048576", "A6:K1048576", "A1:XFD10", "B7:C200000"])
        p[SHEET] = _add_merges(sheet, f'<mergeCell ref="{ref}"/>')
    elif kind == "last_row":
        row = r.choice([1048576, 500000, 30000, 21000])
        p[SHEET] = sheet.replace(b"</sheetData>", f'<row r="{row}"><c r="A{row}" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'.encode(), 1)
    elif kind == "last_col":
        col = r.choice(["XFD", "AAA", "ZZ"])
        p[SHEET] = sheet.replace(b"</row>", f'<c r="{col}6" t="inlineStr"><is><t>x</t></is></c></row>'.encode(), 1)
    elif kind == "many_merges":
        n = r.choice([500, 2500, 10000])
        merges = "".join(f'<mergeCell ref="L{k}:M{k}"/>' for k in range(10, 10 + n))
        p[SHEET] = _add_merges(sheet, merges)
    elif kind == "control":
        name = r.choice([n for n in p if n.endswith(".xml")])
        b = bytearray(p[name])
        for _ in range(r.randint(1, 10)):
            b.insert(r.randrange(len(b)), r.choice(b"\x00\x07\x0c\x1b"))
        p[name] = bytes(b)
    elif kind == "bad_utf8":
        name = r.choice([n for n in p if n.endswith(".xml")])
        b = bytearray(p[name])
        for _ in range(r.randint(1, 10)):
            b.insert(r.randrange(len(b)), r.choice([0xff, 0xfe, 0xc3, 0x80]))
        p[name] = bytes(b)
    elif kind == "bom":
        name = r.choice([n for n in p if n.endswith(".xml")])
        p[name] = b"\xef\xbb\xbf" + p[name][:50] + b"\xff\xfe" + p[name][50:]
    elif kind == "truncate_xml":
        name = r.choice([n for n in p if n.endswith(".xml")])
        p[name] = p[name][: r.randrange(len(p[name]) or 1)]
    elif kind == "drop_member":
        p.pop(r.choice(list(p)))
    elif kind == "dup_member":
        name = r.choice(list(p))
        return kind, rezip(p, [(name, p[name][: len(p[name]) // 2])])
    elif kind == "xml_splice":
        a, b = r.sample([n for n in p if n.endswith(".xml")], 2)
        p[a] = p[b]
    elif kind == "huge_text":
        big = "超长文本" * r.choice([2000, 20000, 200000])
        p[SHEET] = sheet.replace(b"<t>", f"<t>{big}".encode(), 1)
    return kind, rezip(p)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=14)
    args = ap.parse_args()
    cap = 2 * 1024 ** 3
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    signal.signal(signal.SIGALRM, _alarm)
    from govtrack.app.demo import build_demo
    from govtrack.tracker import Tracker
    r = random.Random(args.seed)
    warnings.simplefilter("ignore")          # zipfile's 'Duplicate name' for dup_member
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        tr = Tracker.open(work / "demo.sqlite")
        build_demo(tr)
        base = base_form(tr, work)
        parts = members(base)
        folder = work / "fuzz"
        folder.mkdir()
        tracebacks, slow, refused, kinds = [], [], 0, {}
        slowest = (0.0, "")
        t_all = time.monotonic()
        for k in range(args.files):
            kind, data = mutate(base, parts, r)
            kinds[kind] = kinds.get(kind, 0) + 1
            f = folder / f"{k:04d}_{kind}.xlsx"
            f.write_bytes(data)
            t0 = time.monotonic()
            signal.alarm(10)
            try:
                preview = tr.returns.preview_returns([f], period=PERIOD, received_on="2023-11-28")
                refused += sum(1 for x in preview.files if x.status == "refused")
            except GovtrackError:
                refused += 1
            except Timeout:
                slow.append(f.name)
            except Exception as e:   # what the probe is looking for
                tracebacks.append(f"{f.name}: {type(e).__name__}: {str(e)[:100]}")
            finally:
                signal.alarm(0)
            dt = time.monotonic() - t0
            if dt > slowest[0]:
                slowest = (dt, f.name)
            f.unlink()
        tr.close()
        shutil.rmtree(folder, ignore_errors=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"returned workbooks: {args.files} fuzzed files in {time.monotonic() - t_all:.0f} s; "
          f"{len(tracebacks)} tracebacks, {len(slow)} over 10 s, {refused} refused with a message; "
          f"peak memory {peak:.0f} MB; slowest {slowest[0]:.2f} s ({slowest[1]})")
    print("kinds: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
    for t in tracebacks[:10]:
        print("  " + t)


if __name__ == "__main__":
    main()
