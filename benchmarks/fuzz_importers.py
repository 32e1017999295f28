"""Fuzz the breakdown importers: mutated real excerpts must give tasks or a Chinese InputError.

Run by hand: ``python benchmarks/fuzz_importers.py [N]`` (default 1,000 text files). Each
file is a corpus excerpt (tests/fixtures/breakdowns) or seed with random damage: bytes
flipped, lines cut, shuffled or repeated, a BOM glued to invalid bytes, control characters,
a very long line. Prints how many parsed, how many were refused with an InputError,
tracebacks (must be 0) and the slowest file. Not a test.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from govtrack.errors import InputError  # noqa: E402
from govtrack.importers import parse_file  # noqa: E402
from govtrack.units import UnitDirectory  # noqa: E402


def mutate(data: bytes, rnd: random.Random) -> bytes:
    lines = data.split(b"\n")
    for _ in range(rnd.randint(1, 6)):
        op = rnd.randrange(7)
        if op == 0 and data:
            b = bytearray(b"\n".join(lines))
            for _ in range(rnd.randint(1, 20)):
                b[rnd.randrange(len(b))] = rnd.randrange(256)
            lines = bytes(b).split(b"\n")
        elif op == 1:
            rnd.shuffle(lines)
        elif op == 2 and lines:
            k = rnd.randrange(len(lines))
            lines[k] = lines[k][: rnd.randint(0, len(lines[k]))]
        elif op == 3 and lines:
            lines = lines * rnd.randint(2, 5)
        elif op == 4:
            lines.insert(0, b"\xef\xbb\xbf\xff\xfe")
        elif op == 5:
            lines.append(bytes(rnd.choice([0x0c, 0x1b, 0x07, 0x00]) for _ in range(5)))
        else:
            lines.append(("1" * rnd.randint(1000, 20000)).encode())
    return b"\n".join(lines)


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    rnd = random.Random(11)
    sources = sorted((ROOT / "tests" / "fixtures" / "breakdowns").glob("*.txt"))
    sources += sorted((ROOT / "resources" / "seeds").glob("00[01]*.txt"))
    blobs = [p.read_bytes() for p in sources]
    ok = refused = crashed = 0
    slowest = (0.0, "")
    with tempfile.TemporaryDirectory() as work:
        for k in range(n):
            p = Path(work) / f"fuzz{k}.txt"
            p.write_bytes(mutate(rnd.choice(blobs), rnd))
            start = time.perf_counter()
            try:
                parse_file(p, UnitDirectory())
                ok += 1
            except InputError:
                refused += 1
            except Exception:
                crashed += 1
                print(f"TRACEBACK on {p.name}:\n{traceback.format_exc()}")
            took = time.perf_counter() - start
            slowest = max(slowest, (took, p.name))
            p.unlink()
    print(f"{n} files: {ok} parsed, {refused} refused with a message, {crashed} tracebacks; "
          f"slowest {slowest[0]:.2f} s")
    return 1 if crashed else 0


if __name__ == "__main__":
    sys.exit(main())
