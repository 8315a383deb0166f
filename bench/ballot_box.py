"""Benchmark: what the anonymity of the submit path costs, and what sealing a phase costs.

A 民主测评 hall on a real DuckDB file: ``--raters`` meeting codes for a grid of 5 cadres x 6 grade
items (30 answers a ballot), submitted one after another through ``campaign.respondent.submit``.
Three variants are measured in the same run:

- ``as shipped``: the ballot goes into a random slot of the phase's box, then a checkpoint empties
  the WAL (the anonymity window, docs/ANONYMITY.md);
- ``no checkpoint``: the same without the checkpoint after each submission (the WAL then keeps
  every submission in commit order until DuckDB's own checkpoint);
- ``append``: the obvious alternative, one INSERT of the ballot payload at the end of a plain table
  (row order = submission order), no checkpoint.

Then the phase is closed: sealing (box -> ballots in random order, register reduced to counts)
and the rewrite of the whole file into a fresh one are timed.

Usage::

    .venv/bin/python bench/ballot_box.py                # 300 raters
    .venv/bin/python bench/ballot_box.py --raters 1000
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from campaign import meeting, respondent, tokens  # noqa: E402
from campaign.settings import CampaignSettings  # noqa: E402
from storage import campaigns, definitions  # noqa: E402
from storage.db import Database  # noqa: E402
from survey_engine.answer import Answer  # noqa: E402

SUBJECTS = [f"c{i}" for i in range(5)]
ITEMS = [f"q{i}" for i in range(6)]


def _hall(path: Path, raters: int):
    db = Database(path)
    key = tokens.load_server_key(db.path)
    definitions.save_definition(db, "dm", {"schema_version": 1, "id": "dm", "items": []})
    definitions.publish_definition(db, "dm", 1)
    cid = campaigns.create_campaign(
        db, name="hall", year=2026, settings_json=CampaignSettings().to_json()
    )
    pid = campaigns.add_phase(
        db, campaign_id=cid, kind="single", definition_id="dm", definition_version=1
    )
    campaigns.open_phase(db, pid)
    room = meeting.create_meeting(
        db,
        key,
        phase_id=pid,
        rater_group="subordinate",
        subject_ids=SUBJECTS,
        n_tokens=raters,
        expires_at=datetime.now() + timedelta(hours=2),
    )
    return db, key, pid, room.tokens


def _ballot(i: int) -> list[Answer]:
    return [
        Answer(s, q, option_id="competent", value_num=float((i + j) % 4 + 1))
        for s in SUBJECTS
        for j, q in enumerate(ITEMS)
    ]


def _submit_all(db, key, codes, *, checkpoint: bool) -> list[float]:
    if not checkpoint:
        db.checkpoint = lambda: False  # the instance only, for this variant
    times = []
    for i, code in enumerate(codes):
        start = time.perf_counter()
        respondent.submit(db, key, code, SUBJECTS, _ballot(i))
        times.append(time.perf_counter() - start)
    return times


def _append_all(db, n: int) -> list[float]:
    from storage.ballot_box import encode

    with db.transaction() as cur:
        cur.execute("CREATE TABLE bench_append (payload VARCHAR)")
    times = []
    for i in range(n):
        rows = [(a.subject_id, a.item_id, None, a.option_id, a.value_num, None, False)
                for a in _ballot(i)]  # fmt: skip
        payload = encode(definition_id="dm", definition_version=1, rater_group="subordinate",
                         source="meeting", rows=rows)  # fmt: skip
        start = time.perf_counter()
        with db.transaction() as cur:
            cur.execute("INSERT INTO bench_append VALUES (?)", [payload])
        times.append(time.perf_counter() - start)
    return times


def _line(name: str, times: list[float], base: float) -> str:
    p50 = statistics.median(times) * 1000
    p95 = sorted(times)[int(0.95 * (len(times) - 1))] * 1000
    total = sum(times)
    return (
        f"{name:<14} {len(times)} submits  p50 {p50:6.2f} ms  p95 {p95:6.2f} ms"
        f"  total {total:6.2f} s  x{total / base:4.2f} of append"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raters", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        results = {}
        for name, checkpoint in (("as shipped", True), ("no checkpoint", False)):
            db, key, pid, codes = _hall(Path(tmp) / f"{name.replace(' ', '_')}.duckdb", args.raters)
            results[name] = _submit_all(db, key, codes, checkpoint=checkpoint)
            if checkpoint:
                start = time.perf_counter()
                n = campaigns.set_phase_status(db, pid, "closed")
                sealed = time.perf_counter() - start
                start = time.perf_counter()
                db.compact()
                rewrite = time.perf_counter() - start
                size = Path(db.path).stat().st_size / 1e6
            db.close()
        db, *_ = _hall(Path(tmp) / "append.duckdb", 1)
        results["append"] = _append_all(db, args.raters)
        db.close()
    base = sum(results["append"])
    print(f"民主测评 hall: {args.raters} ballots of {len(SUBJECTS)} cadres x {len(ITEMS)} items")
    for name, times in results.items():
        print(_line(name, times, base))
    print(
        f"close: seal {n} ballots {sealed:.3f} s, rewrite the file {rewrite:.3f} s ({size:.1f} MB)"
    )


if __name__ == "__main__":
    main()
