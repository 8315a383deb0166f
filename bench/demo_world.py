"""Benchmark: generate the demo world (large, then default) into a temporary database file.

Each size runs in its own subprocess, so the peak resident memory (``ru_maxrss`` of that
process; tracemalloc would miss numpy and DuckDB buffers) is the peak of that size alone.
Prints wall time (and its stages: building the world in memory, the one transaction that writes
it and seals the closed phases, the rewrite of the file into a fresh one), peak memory, the file
size, rows written per table (``ballot``/``answer``: the sealed phases; ``ballot_slot``: the
ballot boxes of the open phases, filled and free slots) and sealed answers per second.

Usage::

    .venv/bin/python bench/demo_world.py                  # large, then default
    .venv/bin/python bench/demo_world.py --sizes default  # only one size
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# (stage that ends, progress message that starts the next one) in demo.generate's order
STAGES = (("build", "writing "), ("write", "rewriting the database file"), ("compact", "done"))


def run_one(size: str, seed: int, db_path: str) -> dict:
    """Generate one world in this process and measure it."""
    sys.path.insert(0, str(ROOT))
    import demo
    from storage.db import Database

    db = Database(db_path)
    marks: dict[str, float] = {}

    def progress(fraction: float, message: str) -> None:
        for stage, prefix in STAGES:
            if message.startswith(prefix):
                marks.setdefault(stage, time.perf_counter())

    started = time.perf_counter()
    summary = demo.generate(db, size=size, seed=seed, locale="zh_CN", progress=progress)
    seconds = time.perf_counter() - started
    db.close()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes
    ends = [started, *(marks.get(stage, started) for stage, _ in STAGES)]
    return {
        "size": size,
        "seconds": round(seconds, 2),
        "stages": {
            name: round(b - a, 2)
            for name, a, b in zip(("build", "write", "compact"), ends[:-1], ends[1:], strict=True)
        },
        "peak_rss_mb": round(peak_mb),
        "file_mb": round(Path(db_path).stat().st_size / 2**20),
        "counts": summary.counts,
    }


def report(result: dict) -> None:
    counts = result["counts"]
    rows = sum(counts.values())
    answers = counts.get("answer", 0)
    stages = ", ".join(f"{name} {s:.1f} s" for name, s in result["stages"].items())
    print(
        f"== {result['size']}: {result['seconds']:.1f} s wall ({stages}), peak RSS "
        f"{result['peak_rss_mb']:,} MB, file {result['file_mb']:,} MB"
    )
    print(
        f"   rows written {rows:,}; sealed answers {answers:,} "
        f"({answers / max(result['seconds'], 1e-9):,.0f} answers/s)"
    )
    print("   " + ", ".join(f"{t} {n:,}" for t, n in counts.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=["large", "default"])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.seed, args.db)))
        return
    with tempfile.TemporaryDirectory(prefix="quanjing-bench-") as tmp:
        for size in args.sizes:
            db = str(Path(tmp) / f"demo_{size}.duckdb")
            out = subprocess.run(
                [sys.executable, __file__, "--one", size, "--seed", str(args.seed), "--db", db],
                check=True,
                capture_output=True,
                text=True,
                cwd=ROOT,
            )
            report(json.loads(out.stdout.strip().splitlines()[-1]))


if __name__ == "__main__":
    main()
