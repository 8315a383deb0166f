"""Benchmark: score the large demo world through DuckDB (storage.scoring) and through pandas.

World: ``demo.generate(size="large")``: 10,000 cadres x ~20 raters x the 40-item bench survey,
about 8 million answers, written once to a DuckDB file through the storage layer's bulk path.

Each route runs in its own subprocess so that ``ru_maxrss`` is the peak of that route alone:

- ``sql``:    analytics.scoring.score_campaign (aggregation in DuckDB, the rest in pandas)
- ``pandas``: storage.results.answers_frame -> analytics.scoring.score_subjects (merge + groupby)

Usage::

    .venv/bin/python bench/score_large.py                  # build data/bench_large.duckdb once
    .venv/bin/python bench/score_large.py --size default   # the default demo world instead
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import demo  # noqa: E402
from campaign.settings import load_campaign_settings  # noqa: E402
from storage.campaigns import get_phase, list_phases  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.definitions import get_definition  # noqa: E402
from storage.review import campaigns_for_review  # noqa: E402
from survey_engine import items_frame, loads_definition  # noqa: E402


def build(path: Path, size: str, seed: int = 11) -> None:
    """Generate the demo world of ``size`` into ``path`` (its phases are scored below)."""
    db = Database(path)
    demo.generate(db, size=size, seed=seed, locale="en")
    db.close()


def scoring_inputs(db: Database) -> tuple[str, object, dict]:
    """The campaign with most closed ballots, its first closed phase's items, group weights."""
    campaign_id = campaigns_for_review(db)["campaign_id"].iloc[0]
    phases = list_phases(db, campaign_id)
    phase = get_phase(db, phases[phases["status"] == "closed"]["phase_id"].iloc[0])
    body = get_definition(db, phase["definition_id"], int(phase["definition_version"])).body
    items = items_frame(loads_definition(body))
    items = items[items["dimension"].notna()].reset_index(drop=True)
    weights = load_campaign_settings(db, campaign_id).group_weights
    return campaign_id, items, {"phase_id": phase["phase_id"], "weights": dict(weights)}


def run_route(route: str, path: Path) -> dict:
    from analytics.scoring import score_campaign, score_subjects

    db = Database(path)
    campaign_id, items, extra = scoring_inputs(db)
    phase_id, weights = extra["phase_id"], extra["weights"]
    started = time.perf_counter()
    if route == "sql":
        out = score_campaign(db, campaign_id, items, phase_id=phase_id, weights=weights)
    else:
        from storage.results import answers_frame

        answers = answers_frame(db, phase_id=phase_id)
        out = score_subjects(answers, items, weights=weights)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux -> MiB
    return {"route": route, "seconds": seconds, "peak_mib": peak, "rows": len(out),
            "checksum": float(out["score"].sum())}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--size", choices=["tiny", "default", "large"], default="large")
    parser.add_argument("--route", choices=["sql", "pandas"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.db = args.db or ROOT / "data" / f"bench_{args.size}.duckdb"
    if args.route:
        print(json.dumps(run_route(args.route, args.db)))
        return
    if not args.db.exists():
        started = time.perf_counter()
        build(args.db, args.size)
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
