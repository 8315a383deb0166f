"""Final frames for storage: ballot units, sealed ballots in random order, the ballot boxes.

As the platform stores them (docs/ANONYMITY.md): submissions the unit rule does not keep whole
become one ballot per subject; a closed phase is *sealed* (its multi-subject ballots checked
again by ``split_small_units``, its ballots written to ``ballot``/``answer`` in the random order
of ``ballot_box.shuffled``); an open phase keeps its ballots as payloads in its ballot box.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd

from demo.ids import hex_ids
from demo.state import World
from demo.units import box_payloads, small_units, split_per_subject
from storage import ballot_box

BALLOT_COLUMNS = list(ballot_box.BALLOT_COLUMNS)


@dataclass
class Ballots:
    """Every ballot unit: ``frame`` (stored and internal columns, ``ballot_id`` set for sealed
    ballots only), ``sealed`` (the sealed ballots in their random storage order) and
    ``boxes`` (payloads per open phase id, every open phase listed)."""

    frame: pd.DataFrame
    sealed: pd.DataFrame
    boxes: dict[str, list[str]]


def finish_ballots(world: World, rng: np.random.Generator, subject_ids: np.ndarray) -> Ballots:
    """Ballot units of every phase, random ids for the sealed ones, payloads for the open ones.

    ``_orig`` keeps each ballot's submission code (the stuffed meeting ballots are named by it).
    """
    ballots = pd.concat(world.ballots, ignore_index=True)
    ballots["_orig"] = ballots["ballot"]
    ballots = split_per_subject(world, ballots, ballots.loc[~ballots["_whole"], "ballot"])
    status = {p: info["status"] for p, info in world.phases.items()}
    thresholds = {p: info["thresholds"] for p, info in world.phases.items()}
    closed = (ballots["phase_id"].map(status) == "closed").to_numpy()
    ballots = split_per_subject(world, ballots, small_units(world, ballots[closed], thresholds))
    ballots = _renumber(world, ballots)
    closed = (ballots["phase_id"].map(status) == "closed").to_numpy()
    ballots["ballot_id"] = None
    ballots.loc[closed, "ballot_id"] = hex_ids(rng, int(closed.sum()))
    world.ballots = [ballots]
    sealed, _ = ballot_box.shuffled(ballots[closed], pd.DataFrame({"ballot_id": []}))
    open_phases = [p for p, info in world.phases.items() if info["status"] == "open"]
    boxes = {p: [] for p in open_phases} | box_payloads(world, ballots[~closed], subject_ids)
    return Ballots(ballots, sealed, boxes)


def _renumber(world: World, ballots: pd.DataFrame) -> pd.DataFrame:
    """Codes 0..n-1 in frame order (the answer codes follow)."""
    new = np.full(world.n_ballots, -1, dtype=np.int64)
    new[ballots["ballot"].to_numpy()] = np.arange(len(ballots))
    world.answers["ballot"] = new[world.answers["ballot"]]
    world.n_ballots = len(ballots)
    return ballots.assign(ballot=np.arange(len(ballots)))


def sealed_answers(world: World, ballots: Ballots) -> int:
    """How many answer rows the sealed ballots hold."""
    sealed = np.zeros(world.n_ballots, dtype=bool)
    sealed[ballots.sealed["ballot"].to_numpy()] = True
    return int(sealed[world.answers["ballot"]].sum())


def answer_chunks(
    world: World, ballots: Ballots, subject_ids: np.ndarray, chunk: int = 2_000_000
) -> Iterator[pd.DataFrame]:
    """Answers of the sealed ballots in the sealed ballot order, as categorical chunks."""
    a = world.answers
    rank = np.full(world.n_ballots, -1, dtype=np.int64)
    rank[ballots.sealed["ballot"].to_numpy()] = np.arange(len(ballots.sealed))
    position = rank[a["ballot"]]
    rows = np.flatnonzero(position >= 0)
    order = rows[np.argsort(position[rows], kind="stable")]
    words = pd.Index(world.vocab.words, dtype="str")
    b_cat = pd.Index(ballots.sealed["ballot_id"].to_numpy(), dtype="str")
    s_cat = pd.Index(subject_ids, dtype="str")
    for start in range(0, len(order), chunk):
        idx = order[start : start + chunk]
        yield pd.DataFrame(
            {
                "ballot_id": pd.Categorical.from_codes(position[idx], categories=b_cat),
                "subject_id": pd.Categorical.from_codes(a["s"][idx], categories=s_cat),
                "item_id": pd.Categorical.from_codes(a["item"][idx], categories=words),
                "row_id": pd.Categorical.from_codes(a["row"][idx], categories=words),
                "option_id": pd.Categorical.from_codes(a["opt"][idx], categories=words),
                "value_num": a["value_num"][idx],
                "value_text": pd.Categorical.from_codes(a["text"][idx], categories=words),
                "is_na": a["is_na"][idx],
            }
        )


def storage_tables(world: World, ballots: Ballots) -> dict[str, pd.DataFrame]:
    tables = {k: v for k, v in world.tables.items() if not k.startswith("_")}
    tables["invitation"] = pd.concat(world.tables["_invitations"], ignore_index=True)
    tables["assignment"] = pd.concat(world.tables["_assignments"], ignore_index=True)
    tables["ballot"] = ballots.sealed[BALLOT_COLUMNS].reset_index(drop=True)
    return tables
