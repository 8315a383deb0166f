"""Seconds per script run of a review page (AppTest, default-size demo world, in-process).

Usage: .venv/bin/python bench/review_run.py [results|tallies|reliability] [--runs N]
Profile it with: .venv/bin/py-spy record -r 200 -f raw -o run.raw -- .venv/bin/python \
bench/review_run.py results
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", nargs="?", default="results")
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    os.chdir(ROOT)
    db_path = str(Path(tempfile.mkdtemp()) / "run.duckdb")
    os.environ["QUANJING_DB"], os.environ["QUANJING_DEMO"] = db_path, "0"
    import demo
    from storage.db import Database
    from tests.app.conftest import add_account, new_session, signed_in

    db = Database(db_path)
    demo.generate(db, size="default", seed=7, locale="zh_CN")
    db.close()
    add_account(db_path, "bench")
    at = signed_in(new_session(), "bench").run()
    at.switch_page(f"pages/{args.page}.py").run()
    at.run()  # warm: caches filled, modules imported
    start = time.perf_counter()
    for _ in range(args.runs):
        at.run()
    print(f"{args.page}: {(time.perf_counter() - start) / args.runs:.2f} s a run "
          f"(mean of {args.runs})")  # fmt: skip


if __name__ == "__main__":
    main()
