"""How well the cross-checks find what the demo world planted (#13, "proof on the planted truth").

Generates a demo world, runs the checks that exist so far on its sealed ballots, and prints
precision and recall per planted behaviour at the checks' default rules. A behaviour the checks
cannot see under the anonymity design is listed with the reason, not tuned for.

Usage: .venv/bin/python bench/planted_truth.py [--size default] [--seed 7]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import demo  # noqa: E402
from analytics import ballot_checks, careless_indices, colluding_pairs  # noqa: E402
from storage import demo as demo_store  # noqa: E402
from storage.db import Database  # noqa: E402
from survey_engine import items_frame, load_template  # noqa: E402

MAHAD_P = 0.001  # Mahalanobis D² beyond the χ² quantile at p < .001 (Meade & Craig 2012)


def ratings(answers: pd.DataFrame) -> pd.DataFrame:
    """The rating cells (numbers, not options, not "cannot judge") of sealed online ballots."""
    keep = (answers["sealed"] & (answers["source"] == "online") & answers["option_id"].isna()
            & answers["value_num"].notna() & ~answers["is_na"].astype(bool))  # fmt: skip
    out = answers[keep].copy()
    out["cell"] = out["item_id"] + "|" + out["row_id"].fillna("")
    return out.assign(position=_positions(out))


def _positions(cells: pd.DataFrame) -> pd.Series:
    """Each answer's place on its item's scale, 0 (lowest) to 1 (highest), as the rater clicked
    it (reverse items not turned): one answer everywhere is one position on every scale."""
    scales = pd.concat([items_frame(load_template(d)).assign(definition_id=d)
                        for d in cells["definition_id"].unique()])  # fmt: skip
    scales["cell"] = scales["item_id"] + "|" + scales["row_id"].fillna("")
    keyed = cells.merge(scales[["definition_id", "cell", "scale_min", "scale_max"]],
                        on=["definition_id", "cell"], how="left")  # fmt: skip
    span = (keyed["scale_max"] - keyed["scale_min"]).replace(0, np.nan)
    return pd.Series(((keyed["value_num"] - keyed["scale_min"]) / span).round(6).to_numpy(),
                     index=cells.index)  # fmt: skip


def straight_lined(cells: pd.DataFrame) -> set[str]:
    checks = ballot_checks(cells, value="position", row="row_id")
    return set(checks.loc[checks["straightline"].fillna(False).astype(bool), "ballot_id"])


def random_filled(cells: pd.DataFrame) -> set[str]:
    """Ballots whose squared Mahalanobis distance (careless ``mahad``) is beyond the χ²
    quantile, per definition, over single-subject ballots."""
    flagged: set[str] = set()
    for _, part in cells.groupby("definition_id"):
        wide = part.pivot_table(index="ballot_id", columns="cell", values="value_num")
        wide = wide.loc[:, wide.notna().mean() > 0.5]  # the items most ballots answer
        if wide.shape[1] < 3 or wide.shape[0] <= wide.shape[1] + 5:
            continue
        d2 = careless_indices(wide)["mahad"]
        flagged |= set(d2.index[d2 > stats.chi2.ppf(1 - MAHAD_P, wide.shape[1])])
    return flagged


def colluding(cells: pd.DataFrame, straight: set[str]) -> set[frozenset[str]]:
    """Flagged pairs of ballots about the same subject in the same phase and definition.
    Straight-lined ballots are left out: two of them match each other by their style alone
    (they are flagged as careless already)."""
    pairs: set[frozenset[str]] = set()
    cells = cells[~cells["ballot_id"].isin(straight)]
    for _, part in cells.groupby(["phase_id", "definition_id", "subject_id"]):
        if part["ballot_id"].nunique() < 3:
            continue
        got = colluding_pairs(part, ballot="ballot_id", subject="subject_id", item="cell",
                              value="value_num", alpha=0.01, permutations=199)  # fmt: skip
        pairs |= {frozenset(p) for p in zip(got["ballot_a"], got["ballot_b"], strict=True)}
    return pairs


def score(name: str, found: set, planted: set, base: int, note: str = "") -> dict:
    hit = len(found & planted)
    return {"behaviour": name, "planted": len(planted), "flagged": len(found), "found": hit,
            "precision": hit / len(found) if found else np.nan,
            "recall": hit / len(planted) if planted else np.nan, "base": base,
            "note": note}  # fmt: skip


def _ids(entries: list[dict]) -> set[str]:
    return {b for entry in entries for b in entry["ballot_ids"]}


def evaluate(answers: pd.DataFrame, truth: dict) -> pd.DataFrame:
    cells = ratings(answers)
    ballots = set(cells["ballot_id"])
    careless = {k: _ids(v) & ballots for k, v in truth["careless"].items()}
    per_ballot = cells.groupby("ballot_id")["cell"].size()
    enough = set(per_ballot.index[per_ballot >= 4])
    planted_pairs = {frozenset(p) for entry in truth["colluding_pairs"]
                     for p in entry["ballot_pairs"]}  # fmt: skip
    straight = straight_lined(cells)
    rows = [
        score("straight-liner (one answer everywhere, ≥ 4 rating cells)",
              straight & enough, careless["straight_liner"] & enough, len(enough)),
        score("random responder (mahad, χ² p < .001)", random_filled(cells),
              careless["random_responder"], len(ballots)),
        score("colluding pair (permutation null, α = .01)", colluding(cells, straight),
              planted_pairs,
              len(ballots), "pairs of ballots, not ballots"),
    ]  # fmt: skip
    rows += [
        score(f"{style} rater", set(), _ids(truth["rater_styles"][style]) & ballots, len(ballots),
              "needs a link between one rater's ballots: a 360 ballot has none")
        for style in ("lenient", "severe")
    ]  # fmt: skip
    return pd.DataFrame(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="default", choices=["tiny", "default", "large"])
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(Path(tmp) / "truth.duckdb")
        summary = demo.generate(db, size=args.size, seed=args.seed, locale="en")
        answers = demo_store.ballot_answers(db)
        table = evaluate(answers, summary.truth)
        db.close()
    pd.set_option("display.width", 160, "display.max_colwidth", 70)
    print(f"demo world {args.size}, seed {args.seed}: {answers['ballot_id'].nunique():,} ballots")
    print(table.round(3).to_string(index=False))
    print(f"{time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
