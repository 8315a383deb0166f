"""Benchmark: score a large campaign through DuckDB (storage.scoring) and through pandas.

World: 10,000 subjects x 20 ballots (1 superior, 7 peers, 8 subordinates, 3 public, 1 self)
x 40 items in 5 dimensions (8 reverse-keyed, 5 % N/A) = 8,000,000 answers, written once to a
DuckDB file through ``storage.db.bulk_insert`` (a synthetic long table shaped like the demo's
"large" world, so the benchmark does not depend on the demo generator).

Each route runs in its own subprocess so that ``ru_maxrss`` is the peak of that route alone:

- ``sql``:    analytics.scoring.score_campaign (aggregation in DuckDB, the rest in pandas)
- ``pandas``: storage.results.answers_frame -> analytics.scoring.score_subjects (merge + groupby)

Usage::

    .venv/bin/python bench/score_large.py                 # build data/bench_score.duckdb, run both
    .venv/bin/python bench/score_large.py --subjects 1000 # a smaller world
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from storage.db import Database, bulk_insert  # noqa: E402

GROUPS = ["superior"] + ["peer"] * 7 + ["subordinate"] * 8 + ["public"] * 3 + ["self"]
DIMS = ["integrity", "ability", "diligence", "achievement", "probity"]
WEIGHTS = {"superior": 0.3, "peer": 0.4, "subordinate": 0.3}


def items_frame() -> pd.DataFrame:
    k = np.arange(40)
    return pd.DataFrame({
        "item_id": [f"q{i:02d}" for i in k], "row_id": None, "dimension": [DIMS[i // 8] for i in k],
        "weight": np.where(k % 4 == 0, 2.0, 1.0), "reverse": k % 5 == 4,
        "scale_min": 1.0, "scale_max": 5.0,
    })  # fmt: skip


def build(path: Path, subjects: int, seed: int = 3) -> None:
    """Write the synthetic world in chunks of 1,000 subjects."""
    db = Database(path)
    rng = np.random.default_rng(seed)
    items = items_frame()
    with db.transaction() as cur:
        bulk_insert(cur, "phase", pd.DataFrame({
            "phase_id": ["ph1"], "campaign_id": ["bench"], "kind": ["single"], "seq": [1],
            "definition_id": ["d"], "definition_version": [1], "status": ["closed"]}))  # fmt: skip
        for start in range(0, subjects, 1000):
            s = np.arange(start, min(start + 1000, subjects))
            ballot = (s[:, None] * len(GROUPS) + np.arange(len(GROUPS))).ravel()
            ids = np.char.add("b", ballot.astype(str))
            bulk_insert(cur, "ballot", pd.DataFrame({
                "ballot_id": ids, "phase_id": "ph1", "definition_id": "d",
                "definition_version": 1, "rater_group": np.tile(GROUPS, len(s)),
                "rater_pseudonym": np.char.add("x", ids), "source": "online",
                "submitted_on": date(2024, 12, 1)}))  # fmt: skip
            level = rng.normal(3.6, 0.5, len(s)).repeat(len(GROUPS) * len(items))
            value = np.clip(np.rint(level + rng.normal(0, 0.8, level.size)), 1, 5)
            na = rng.random(level.size) < 0.05
            bulk_insert(cur, "answer", pd.DataFrame({
                "ballot_id": ids.repeat(len(items)),
                "subject_id": np.char.add("s", s.astype(str)).repeat(len(GROUPS) * len(items)),
                "item_id": np.tile(items["item_id"].to_numpy(), len(ids)),
                "value_num": np.where(na, np.nan, value), "is_na": na}))  # fmt: skip
    db.close()


def run_route(route: str, path: Path) -> dict:
    from analytics.scoring import score_campaign, score_subjects

    db = Database(path)
    started = time.perf_counter()
    if route == "sql":
        out = score_campaign(db, "bench", items_frame(), weights=WEIGHTS)
    else:
        from storage.results import answers_frame

        answers = answers_frame(db, campaign_id="bench")
        out = score_subjects(answers, items_frame(), weights=WEIGHTS)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux -> MiB
    return {"route": route, "seconds": seconds, "peak_mib": peak, "rows": len(out),
            "checksum": float(out["score"].sum())}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=ROOT / "data" / "bench_score.duckdb")
    parser.add_argument("--subjects", type=int, default=10_000)
    parser.add_argument("--route", choices=["sql", "pandas"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.route:
        print(json.dumps(run_route(args.route, args.db)))
        return
    if not args.db.exists():
        started = time.perf_counter()
        build(args.db, args.subjects)
        print(f"built {args.db} in {time.perf_counter() - started:.1f} s")
    results = {}
    for route in ("sql", "pandas"):
        proc = subprocess.run(
            [sys.executable, __file__, "--db", str(args.db), "--route", route],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        results[route] = json.loads(proc.stdout.strip().splitlines()[-1])
        r = results[route]
        print(f"{route:>6}: {r['seconds']:7.2f} s  peak {r['peak_mib']:8.0f} MiB  rows {r['rows']}")
    sql, pdr = results["sql"], results["pandas"]
    print(f"ratio pandas/sql: {pdr['seconds'] / sql['seconds']:.1f}x time, "
          f"{pdr['peak_mib'] / sql['peak_mib']:.1f}x peak memory")  # fmt: skip
    same = abs(sql["checksum"] - pdr["checksum"]) < 1e-6 * max(1.0, abs(sql["checksum"]))
    print(f"same scores: {same} (sum {sql['checksum']:.6f} vs {pdr['checksum']:.6f})")


if __name__ == "__main__":
    main()
