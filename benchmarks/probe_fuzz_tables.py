"""Fuzz the Word and Excel breakdown importers and the indicator import; each file in a child.

Run by hand: ``python benchmarks/probe_fuzz_tables.py [--files 1000] [--only docx,xlsx,indicators,txt]``
(``txt``: the text breakdowns with the mutations of ``fuzz_importers.py``, measured the same way).

Bases: every corpus excerpt (tests/fixtures/breakdowns) laid out as a Word table and an
Excel sheet the way offices do (title above, a section row merged across, the lead unit
merged down), and the seed plans/reports with 主要指标 tables or a 主要预期目标 sentence
for the indicators. Each of ``--files`` variants per importer gets one mutation: zip
damage (bytes flipped, cut, members dropped/duplicated, 2,500 members, a 300 MB member, a
high-ratio member), XML damage (cut, bytes flipped, invalid UTF-8, control characters, a
BOM, entities, nesting 5,000 deep, one part spliced over another), table bombs (a merged
range over the whole sheet, cells on the last row/column, 10,000 merges, 25,000 rows,
gridSpan/gridBefore of a million, vMerge with nothing above, a 25,000-row vMerge chain,
nested tables), wrong types (t="s" pointing nowhere, dates and booleans that are text, a
break type that does not exist) and random characters in cells; for the indicators the
text mutations of ``fuzz_importers.py`` plus tables 100,000 tabs wide, 20,000-digit
values, 控制在 repeated, GBK/UTF-16 re-encodings.

Every file is parsed in a forked child (two at a time) with a 2 GB address-space cap and
killed at 30 s; the child's wall time and peak resident memory (``wait4`` rusage, which
includes the ~100 MB the parent had loaded) are counted. Printed per importer: parsed,
refused with an InputError, tracebacks (must be 0), killed, over 10 s, over 500 MB, the
slowest file and the peak. Not a test.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import re
import resource
import sys
import tempfile
import time
import traceback
import warnings
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import docx  # noqa: E402
import openpyxl  # noqa: E402

from fuzz_importers import mutate as mutate_text  # noqa: E402
from govtrack.errors import GovtrackError, InputError  # noqa: E402
from govtrack.importers import parse_file  # noqa: E402
from govtrack.importers.tables_docx import parse_docx  # noqa: E402,F401  (loaded before fork)
from govtrack.importers.tables_xlsx import parse_xlsx  # noqa: E402,F401
from govtrack.units import UnitDirectory, load_builtin  # noqa: E402

CORPUS = ROOT / "tests" / "fixtures" / "breakdowns"
SEEDS = ROOT / "resources" / "seeds"
HEADER = ["序号", "重点工作", "牵头单位", "配合单位", "完成时限"]
KILL_AFTER = 30.0
AS_CAP = 2 * 1024 ** 3


# ---------------------------------------------------------------- bases

def corpus_tasks() -> list[tuple[str, list]]:
    out = []
    for p in sorted(CORPUS.glob("*.txt")):
        result = parse_file(p, UnitDirectory(load_builtin()))[0]
        out.append((result.title or p.stem, result.tasks))
    return out


def _rows(tasks) -> list[list[str]]:
    rows, section = [], None
    for t in tasks:
        if t.section and t.section != section:
            section = t.section
            rows.append([section] + [""] * 4)
        rows.append([t.seq, t.content, "、".join(t.lead), "、".join(t.assist), t.deadline_text or ""])
    return rows


def build_docx(title: str, tasks) -> bytes:
    document = docx.Document()
    document.add_paragraph(title)
    rows = [HEADER] + _rows(tasks)
    table = document.add_table(rows=len(rows), cols=len(HEADER))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            if value:
                table.cell(r, c).text = value
    for r, values in enumerate(rows):
        if r and not any(values[1:]):
            table.cell(r, 0).merge(table.cell(r, 4))
    r = 1
    while r < len(rows) - 1:                         # the same lead unit merged down
        end = r
        while end + 1 < len(rows) and rows[end + 1][2] == rows[r][2] and rows[r][1] and rows[end + 1][1]:
            end += 1
        if end > r:
            for k in range(r + 1, end + 1):
                table.cell(k, 2).text = ""
            table.cell(r, 2).merge(table.cell(end, 2))
        r = end + 1
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def build_xlsx(title: str, tasks) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "分解表"
    ws.append([title])
    ws.merge_cells("A1:E1")
    ws.append(HEADER)
    for values in _rows(tasks):
        ws.append([int(values[0]) if values[0].isdigit() else values[0]] + values[1:])
        if not any(values[1:]):
            ws.merge_cells(f"A{ws.max_row}:E{ws.max_row}")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {i.filename: z.read(i) for i in z.infolist()}


def rezip(parts: dict[str, bytes], extra=()) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in list(parts.items()) + list(extra):
            z.writestr(name, body)
    return buf.getvalue()


# ---------------------------------------------------------------- mutations shared by both

_BIG: dict = {}


def _big_member(main: str) -> tuple[str, bytes]:
    return main.split("/")[0] + "/media/image1.bin", b"\0" * (300 * 1024 * 1024)


def rss_mb() -> float:
    """The resident memory now (ru_maxrss would keep the 300 MB member built once)."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1048576


def zip_mutation(kind: str, base: bytes, p: dict[str, bytes], main: str, r: random.Random) -> bytes | None:
    xml_names = [n for n in p if n.endswith((".xml", ".rels"))]
    if kind == "flip":
        b = bytearray(base)
        for _ in range(r.randint(1, 30)):
            b[r.randrange(len(b))] = r.randrange(256)
        return bytes(b)
    if kind == "truncate_zip":
        return base[: r.randrange(len(base))]
    if kind == "drop_member":
        p.pop(r.choice(list(p)))
    elif kind == "dup_member":
        name = r.choice(list(p))
        return rezip(p, [(name, p[name][: len(p[name]) // 2])])
    elif kind == "many_members":
        return rezip(p, [(f"customXml/item{k}.xml", b"<a/>") for k in range(2500)])
    elif kind == "bomb_total":
        if main not in _BIG:                    # compressing 300 MB once is enough
            _BIG[main] = rezip(p, [_big_member(main)])
        return _BIG[main]
    elif kind == "bomb_xml":
        p[main] = p[main].replace(b"</", b" " * r.choice([3, 25]) * 1024 * 1024 + b"</", 1)
    elif kind == "bomb_ratio":
        p["docProps/custom.xml"] = b"<a>" + b"\0" * (2 * 1024 * 1024) + b"</a>"
    elif kind == "tags":
        p[main] = p[main].replace(b"</", b"<x/>" * r.choice([200_000, 1_200_000]) + b"</", 1)
    elif kind == "xml_flip":
        b = bytearray(p[main])
        for _ in range(r.randint(1, 30)):
            b[r.randrange(len(b))] = r.randrange(256)
        p[main] = bytes(b)
    elif kind == "truncate_xml":
        name = r.choice(xml_names)
        p[name] = p[name][: r.randrange(len(p[name]) or 1)]
    elif kind == "bad_utf8":
        name = r.choice(xml_names)
        b = bytearray(p[name])
        for _ in range(r.randint(1, 10)):
            b.insert(r.randrange(len(b)), r.choice([0xff, 0xfe, 0xc3, 0x80]))
        p[name] = bytes(b)
    elif kind == "control":
        name = r.choice(xml_names)
        b = bytearray(p[name])
        for _ in range(r.randint(1, 10)):
            b.insert(r.randrange(len(b)), r.choice(b"\x00\x07\x0c\x1b"))
        p[name] = bytes(b)
    elif kind == "bom":
        name = r.choice(xml_names)
        p[name] = b"\xef\xbb\xbf" + p[name][:50] + b"\xff\xfe" + p[name][50:]
    elif kind == "entities":
        laughs = ('<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">' + "".join(
            f'<!ENTITY {chr(98 + k)} "{("&" + chr(97 + k) + ";") * 10}">' for k in range(9)) + "]>")
        body = p[main].split(b"?>", 1)
        p[main] = body[0] + b"?>" + laughs.encode() + body[-1].replace(b"</", b"&j;</", 1)
    elif kind == "deep":
        p[main] = p[main].replace(b"</", b"<q>" * 5000 + b"</q>" * 5000 + b"</", 1)
    elif kind == "xml_splice":
        a, b = r.sample(xml_names, 2)
        p[a] = p[b]
    else:
        return None
    return rezip(p)


COMMON = ["flip", "truncate_zip", "drop_member", "dup_member", "many_members", "bomb_total", "bomb_xml",
          "bomb_ratio", "tags", "xml_flip", "truncate_xml", "bad_utf8", "control", "bom", "entities",
          "deep", "xml_splice"]


def _random_text(r: random.Random) -> str:
    alphabet = "任务推进市局区县、，。；：（）()<>&\"'\t\n 0123456789%亿元年月日底前" + "".join(
        chr(r.randrange(0x20, 0xd7ff)) for _ in range(20))
    return "".join(r.choice(alphabet) for _ in range(r.randint(1, 200)))


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# ---------------------------------------------------------------- Word

DOCX_KINDS = COMMON + ["gridspan", "gridbefore", "vmerge_top", "vmerge_chain", "many_rows", "legal_big",
                       "nested", "random_cells", "wrong_types", "huge_cell"]
DOC = "word/document.xml"


def mutate_docx(base: bytes, r: random.Random) -> tuple[str, bytes]:
    kind = r.choice(DOCX_KINDS)
    p = members(base)
    out = zip_mutation(kind, base, p, DOC, r)
    if out is not None:
        return kind, out
    xml = p[DOC]
    rows = re.findall(rb"<w:tr[ >].*?</w:tr>", xml, re.S)
    if kind == "gridspan":
        val = r.choice(["1000000", "abc", "-3", "0", "199", "", "99999999999999999999"])
        for _ in range(r.randint(1, 5)):
            xml = re.sub(rb"<w:tcPr>", f'<w:tcPr><w:gridSpan w:val="{val}"/>'.encode(), xml, count=1)
    elif kind == "gridbefore":
        val = r.choice(["1000000", "x", "5"])
        xml = xml.replace(b"<w:tr>", f'<w:tr><w:trPr><w:gridBefore w:val="{val}"/></w:trPr>'.encode(), 1)
    elif kind == "vmerge_top":
        xml = re.sub(rb"<w:tcPr>", b'<w:tcPr><w:vMerge/>', xml, count=r.randint(1, 40))
    elif kind == "vmerge_chain" and rows:
        row = re.sub(rb"<w:tcPr>", b'<w:tcPr><w:vMerge/>', rows[-1])
        xml = xml.replace(rows[-1], rows[-1] + row * r.choice([3000, 25000]), 1)
    elif kind == "many_rows" and rows:
        xml = xml.replace(rows[-1], rows[-1] * r.choice([21000, 30000]), 1)
    elif kind == "legal_big" and rows:              # different rows: real text does not pack 100×
        copies = [rows[-1].replace(b"<w:t>", f"<w:t>{_esc(_random_text(r))}".encode(), 1)
                  for _ in range(r.choice([500, 3000]))]
        xml = xml.replace(rows[-1], rows[-1] + b"".join(copies), 1)
    elif kind == "nested" and rows:
        tbl = re.search(rb"<w:tbl>.*?</w:tbl>", xml, re.S).group(0)
        xml = xml.replace(b"</w:tc>", tbl + b"<w:p/></w:tc>", r.randint(1, 5))
    elif kind == "random_cells":
        def swap(m):
            return b"<w:t>" + _esc(_random_text(r)).replace("\t", " ").replace("\n", " ").encode() + b"</w:t>"
        xml = re.sub(rb"<w:t>[^<]*</w:t>", lambda m: swap(m) if r.random() < 0.3 else m.group(0), xml)
    elif kind == "wrong_types":
        bad = r.choice([b'<w:br w:type="nonsense"/>', b'<w:br w:clear="x"/>', b'<w:sym w:char="zz"/>',
                        b'<w:tab w:val="x"/>', b'<w:cr/>', b'<w:t xml:space="x">a</w:t>'])
        xml = re.sub(rb"(<w:r>)", rb"\1" + bad, xml, count=r.randint(1, 20))
    elif kind == "huge_cell":
        xml = xml.replace(b"<w:t>", b"<w:t>" + "超长文本".encode() * r.choice([2000, 200000]), 1)
    p[DOC] = xml
    return kind, rezip(p)


# ---------------------------------------------------------------- Excel

XLSX_KINDS = COMMON + ["merge_all", "last_row", "last_col", "many_merges", "bad_merge", "wrong_types",
                       "no_refs", "random_cells", "shared_strings", "styles", "legal_big", "huge_text",
                       "far_apart"]
SHEET = "xl/worksheets/sheet1.xml"


def _add_merges(sheet: bytes, merges: str) -> bytes:
    if b"<mergeCells" in sheet:
        return re.sub(rb"(<mergeCells[^>]*>)", lambda m: m.group(1) + merges.encode(), sheet, count=1)
    return sheet.replace(b"</sheetData>", f"</sheetData><mergeCells>{merges}</mergeCells>".encode(), 1)


def _append_row(sheet: bytes, row: int, cells: str) -> bytes:
    return sheet.replace(b"</sheetData>", f'<row r="{row}">{cells}</row></sheetData>'.encode(), 1)


def mutate_xlsx(base: bytes, r: random.Random) -> tuple[str, bytes]:
    kind = r.choice(XLSX_KINDS)
    p = members(base)
    out = zip_mutation(kind, base, p, SHEET, r)
    if out is not None:
        return kind, out
    sheet = p[SHEET]
    if kind == "merge_all":
        sheet = _add_merges(sheet, f'<mergeCell ref="{r.choice(["A1:XFD1048576", "A3:E1048576", "A1:XFD10", "B7:C200000", "A2:GR1000"])}"/>')
    elif kind == "last_row":
        row = r.choice([1048576, 500000, 30000, 20001])
        sheet = _append_row(sheet, row, f'<c r="A{row}" t="inlineStr"><is><t>x</t></is></c>')
    elif kind == "last_col":
        col = r.choice(["XFD", "AAA", "ZZ", "GS"])
        sheet = sheet.replace(b"</row>", f'<c r="{col}3" t="inlineStr"><is><t>x</t></is></c></row>'.encode(), 1)
    elif kind == "far_apart":                   # each alone is allowed, together a 4M-cell grid
        sheet = _append_row(sheet, 19999, '<c r="A19999" t="inlineStr"><is><t>x</t></is></c>')
        sheet = sheet.replace(b"</row>", b'<c r="GQ1" t="inlineStr"><is><t>y</t></is></c></row>', 1)
    elif kind == "many_merges":
        n = r.choice([500, 2500, 10000])
        sheet = _add_merges(sheet, "".join(f'<mergeCell ref="F{k}:G{k}"/>' for k in range(10, 10 + n)))
    elif kind == "bad_merge":
        ref = r.choice(["A0:B-1", "ZZZZ1:A1", "B5:A1", "A1", ":", "A1:A1", "1:3", "A:C", "E3:A1"])
        sheet = _add_merges(sheet, f'<mergeCell ref="{ref}"/>')
    elif kind == "wrong_types":
        cell = r.choice(['<c r="B3" t="s"><v>999999</v></c>', '<c r="B3" t="s"><v>abc</v></c>',
                         '<c r="B3" t="n"><v>abc</v></c>', '<c r="B3" t="d"><v>2024-13-45</v></c>',
                         '<c r="B3" t="b"><v>7</v></c>', '<c r="B3" t="e"><v>#REF!</v></c>',
                         '<c r="B3" s="99999"><v>1</v></c>', '<c r="B3"><f>1/0</f><v>#DIV/0!</v></c>',
                         '<c r="B3" t="n"><v>1e400</v></c>', '<c r="B3" t="str"></c>',
                         '<c r="B3" t="zz"><v>1</v></c>', '<c r="B3" s="1" t="n"><v>99999999</v></c>'])
        sheet = re.sub(rb'<c r="B3"[^>]*?(?:/>|>.*?</c>)', cell.encode(), sheet, count=1, flags=re.S)
    elif kind == "no_refs":
        sheet = re.sub(rb' r="[A-Z]+\d+"', b"", sheet)
        if r.random() < 0.5:
            sheet = _append_row(sheet, 500, "<c><v>1</v></c>" * 5000)
    elif kind == "random_cells":
        def swap(m):
            return b'<c r="' + m.group(1) + b'" t="inlineStr"><is><t>' + _esc(_random_text(r)).encode() + b"</t></is></c>"
        sheet = re.sub(rb'<c r="([A-Z]+\d+)"[^>]*?(?:/>|>.*?</c>)', lambda m: swap(m) if r.random() < 0.3 else m.group(0),
                       sheet, flags=re.S)
    elif kind == "shared_strings" and "xl/sharedStrings.xml" in p:
        ss = p["xl/sharedStrings.xml"]
        p["xl/sharedStrings.xml"] = r.choice([ss.replace(b"<si>", b"", 3), ss.replace(b"<t>", b"<t><r>", 2),
                                              re.sub(rb'count="\d+"', b'count="-1"', ss), b"<sst/>"])
    elif kind == "styles" and "xl/styles.xml" in p:
        st = p["xl/styles.xml"]
        p["xl/styles.xml"] = r.choice([st.replace(b'numFmtId="0"', b'numFmtId="99999"'),
                                       st.replace(b"<cellXfs", b"<cellXfs count=\"-5\" x", 1), b"<styleSheet/>"])
    elif kind == "legal_big":
        rows = re.findall(rb"<row [^>]*>.*?</row>", sheet, re.S)
        n = r.choice([500, 3000])
        extra = "".join(f'<row r="{1000 + k}"><c r="B{1000 + k}" t="inlineStr"><is><t>{_esc(_random_text(r))}</t></is></c>'
                        f'<c r="C{1000 + k}" t="inlineStr"><is><t>市财政局</t></is></c></row>' for k in range(n))
        sheet = sheet.replace(b"</sheetData>", extra.encode() + b"</sheetData>", 1) if rows else sheet
    elif kind == "huge_text":
        big = "超长文本" * r.choice([2000, 20000, 200000])
        sheet = _append_row(sheet, 900, f'<c r="B900" t="inlineStr"><is><t>{big}</t></is></c>')
    p[SHEET] = sheet
    return kind, rezip(p)


# ---------------------------------------------------------------- indicator texts

IND_KINDS = ["text", "text", "wide_tabs", "digits", "control_at", "headers", "gbk", "utf16", "bom_bad", "random"]


def mutate_indicator(base: bytes, r: random.Random) -> tuple[str, bytes]:
    kind = r.choice(IND_KINDS)
    if kind == "text":
        return kind, mutate_text(base, r)
    lines = base.split(b"\n")
    k = r.randrange(len(lines))
    if kind == "wide_tabs":
        lines.insert(k, "\t".join(["指标", "属性"] + ["预期性"] * r.choice([10, 100000])).encode())
    elif kind == "digits":
        lines.insert(k, ("\t" if r.random() < 0.5 else "") .encode() + b"1" * 20000 + b"\t\xe9\xa2\x84\xe6\x9c\x9f\xe6\x80\xa7")
    elif kind == "control_at":
        lines.insert(k, ("主要预期目标：" + "控制在" * 20000).encode())
    elif kind == "headers":
        header = next((ln for ln in lines if b"\t" in ln and "指标".encode() in ln), b"\xe6\x8c\x87\xe6\xa0\x87\t\xe5\xb1\x9e\xe6\x80\xa7")
        lines[k:k] = [header] * r.choice([10, 5000])
    elif kind == "gbk":
        return kind, base.decode("utf-8", "replace").encode("gb18030", "replace")
    elif kind == "utf16":
        data = base.decode("utf-8", "replace").encode("utf-16")
        return kind, data[: r.randrange(len(data))] if r.random() < 0.5 else data
    elif kind == "bom_bad":
        return kind, b"\xef\xbb\xbf" + base[:100] + b"\xff\xfe\xfa" + base[100:]
    elif kind == "random":
        return kind, bytes(r.randrange(256) for _ in range(r.randint(1, 5000)))
    return kind, b"\n".join(lines)


# ---------------------------------------------------------------- running each file in a child

def _child(target: str, path: Path, db: Path | None, out_fd: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (AS_CAP, AS_CAP))
    warnings.simplefilter("ignore")
    t0 = time.perf_counter()
    outcome, detail = "parsed", ""
    try:
        if target == "indicators":
            from govtrack.tracker import Tracker
            tr = Tracker.open(db)
            try:
                tr.indicators.preview_indicators(path)
            finally:
                tr.close()
        else:
            parse_file(path, UnitDirectory(load_builtin()))
    except InputError as e:
        outcome, detail = "refused", str(e)[:300]
    except GovtrackError as e:
        outcome, detail = "refused", str(e)[:300]
    except BaseException as e:  # what the probe looks for
        outcome = "traceback"
        detail = "".join(traceback.format_exception(type(e), e, e.__traceback__))[-1500:]
    took = time.perf_counter() - t0
    os.write(out_fd, json.dumps({"outcome": outcome, "detail": detail, "took": took}).encode())
    os.close(out_fd)
    os._exit(0)


def run_all(target: str, files: list[tuple[str, Path]], db: Path | None, parallel: int = 2) -> dict:
    pending = list(files)
    running: dict[int, tuple] = {}
    stats = {"parsed": 0, "refused": 0, "traceback": 0, "killed": 0, "over_10s": 0, "over_500mb": 0,
             "slowest": (0.0, ""), "peak_mb": (0.0, ""), "tracebacks": [], "kinds": {}, "messages": {}}
    while pending or running:
        while pending and len(running) < parallel:
            kind, path = pending.pop(0)
            rfd, wfd = os.pipe()
            pid = os.fork()
            if pid == 0:
                os.close(rfd)
                _child(target, path, db, wfd)
            os.close(wfd)
            running[pid] = (kind, path, rfd, time.monotonic())
        pid, status, usage = os.wait4(-1, os.WNOHANG)
        if pid == 0:
            now = time.monotonic()
            for p, (kind, path, rfd, started) in list(running.items()):
                if now - started > KILL_AFTER:
                    os.kill(p, 9)
            time.sleep(0.005)
            continue
        kind, path, rfd, started = running.pop(pid)
        raw = b""
        while chunk := os.read(rfd, 65536):
            raw += chunk
        os.close(rfd)
        mb = usage.ru_maxrss / 1024
        k = stats["kinds"].setdefault(kind, {"parsed": 0, "refused": 0, "traceback": 0, "killed": 0})
        if raw:
            res = json.loads(raw)
        else:
            res = {"outcome": "killed", "detail": f"status {status}", "took": time.monotonic() - started}
        stats[res["outcome"]] += 1
        k[res["outcome"]] += 1
        if res["outcome"] in ("traceback", "killed"):
            stats["tracebacks"].append(f"{path.name}: {res['detail']}")
        if res["outcome"] == "refused":
            msg = re.sub(r"\d+", "N", res["detail"].split("：", 1)[-1])[:70]
            stats["messages"][msg] = stats["messages"].get(msg, 0) + 1
        if res["took"] > 10:
            stats["over_10s"] += 1
        if mb > 500:
            stats["over_500mb"] += 1
        stats["slowest"] = max(stats["slowest"], (res["took"], path.name))
        stats["peak_mb"] = max(stats["peak_mb"], (mb, path.name))
        path.unlink()
    return stats


def report(target: str, n: int, stats: dict, secs: float, baseline: float, verbose: bool) -> None:
    print(f"{target}: {n} fuzzed files in {secs:.0f} s: {stats['parsed']} parsed, {stats['refused']} refused "
          f"with an InputError, {stats['traceback']} tracebacks, {stats['killed']} killed; "
          f"{stats['over_10s']} over 10 s, {stats['over_500mb']} over 500 MB; slowest {stats['slowest'][0]:.2f} s "
          f"({stats['slowest'][1]}), peak {stats['peak_mb'][0]:.0f} MB ({stats['peak_mb'][1]}; "
          f"the parent had {baseline:.0f} MB loaded)")
    print("  by mutation (parsed/refused/traceback/killed): " + ", ".join(
        f"{k} {v['parsed']}/{v['refused']}/{v['traceback']}/{v['killed']}" for k, v in sorted(stats["kinds"].items())))
    if verbose:
        for msg, c in sorted(stats["messages"].items(), key=lambda x: -x[1])[:25]:
            print(f"    {c:4d} × {msg}")
    for t in stats["tracebacks"][:8]:
        print("  " + t.replace("\n", "\n    "))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--only", default="docx,xlsx,indicators", help="any of docx,xlsx,indicators,txt")
    ap.add_argument("--verbose", action="store_true", help="list the refusal messages")
    args = ap.parse_args()
    r = random.Random(args.seed)
    bases = corpus_tasks()
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        db = None
        if "indicators" in args.only:
            from govtrack.tracker import Tracker
            db = work / "empty.sqlite"
            Tracker.open(db).close()
        for target in args.only.split(","):
            if target == "docx":
                blobs, mutate, suffix = [build_docx(t, ts) for t, ts in bases], mutate_docx, ".docx"
            elif target == "xlsx":
                blobs, mutate, suffix = [build_xlsx(t, ts) for t, ts in bases], mutate_xlsx, ".xlsx"
            elif target == "txt":               # the text breakdowns, as fuzz_importers.py makes them
                blobs = [p.read_bytes() for p in sorted(CORPUS.glob("*.txt")) + sorted(SEEDS.glob("00[01]*.txt"))]
                mutate, suffix = (lambda data, r: ("text", mutate_text(data, r))), ".txt"
            else:
                blobs = [p.read_bytes() for p in sorted(SEEDS.glob("00[0-4]*.txt"))]
                mutate, suffix = mutate_indicator, ".txt"
            files = []
            for k in range(args.files):
                kind, data = mutate(r.choice(blobs), r)
                path = work / f"{target}{k:04d}_{kind}{suffix}"
                path.write_bytes(data)
                files.append((kind, path))
            baseline = rss_mb()
            t0 = time.monotonic()
            stats = run_all(target, files, db)
            report(target, args.files, stats, time.monotonic() - t0, baseline, args.verbose)
            bad += stats["traceback"] + stats["killed"] + stats["over_10s"] + stats["over_500mb"]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
