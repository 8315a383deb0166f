"""Final frames for storage: ballot ids, physical order, answer chunks."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd

from demo.ids import hex_ids
from demo.world import World

BALLOT_COLUMNS = [
    "ballot_id",
    "phase_id",
    "definition_id",
    "definition_version",
    "rater_group",
    "rater_pseudonym",
    "source",
    "submitted_on",
]


def finish_ballots(world: World, rng: np.random.Generator) -> pd.DataFrame:
    """All ballots with random ids; kept with their internal columns (``_r``, ``_s``...)."""
    ballots = pd.concat(world.ballots, ignore_index=True)
    ballots["ballot_id"] = hex_ids(rng, len(ballots))
    world.ballots = [ballots]
    return ballots


def answer_chunks(
    world: World, ballots: pd.DataFrame, subject_ids: np.ndarray, chunk: int = 2_000_000
) -> Iterator[pd.DataFrame]:
    """Answers ordered by ballot id (like a phase shuffled at close), as categorical chunks."""
    a = world.answers
    ballot_ids = ballots["ballot_id"].to_numpy()
    rank = np.empty(len(ballot_ids), dtype=np.int64)
    rank[np.argsort(ballot_ids)] = np.arange(len(ballot_ids))
    order = np.argsort(rank[a["ballot"]], kind="stable")
    words = pd.Index(world.vocab.words, dtype="str")
    b_cat, s_cat = pd.Index(ballot_ids, dtype="str"), pd.Index(subject_ids, dtype="str")
    for start in range(0, len(order), chunk):
        idx = order[start : start + chunk]
        yield pd.DataFrame(
            {
                "ballot_id": pd.Categorical.from_codes(a["ballot"][idx], categories=b_cat),
                "subject_id": pd.Categorical.from_codes(a["s"][idx], categories=s_cat),
                "item_id": pd.Categorical.from_codes(a["item"][idx], categories=words),
                "row_id": pd.Categorical.from_codes(a["row"][idx], categories=words),
                "option_id": pd.Categorical.from_codes(a["opt"][idx], categories=words),
                "value_num": a["value_num"][idx],
                "value_text": pd.Categorical.from_codes(a["text"][idx], categories=words),
                "is_na": a["is_na"][idx],
            }
        )


def storage_tables(world: World, ballots: pd.DataFrame) -> dict[str, pd.DataFrame]:
    tables = {k: v for k, v in world.tables.items() if not k.startswith("_")}
    tables["invitation"] = pd.concat(world.tables["_invitations"], ignore_index=True)
    tables["assignment"] = pd.concat(world.tables["_assignments"], ignore_index=True)
    tables["ballot"] = ballots.sort_values("ballot_id", ignore_index=True)[BALLOT_COLUMNS]
    return tables
