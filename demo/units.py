"""Ballot units on the integer answer codes: splitting submissions into one ballot per subject
(the unit rule at submission, :mod:`demo.ballots`; the check at sealing,
``storage.ballot_box.split_small_units``), and the ballot box payloads of open phases.

The split works on codes, not strings, so the large world never builds a frame of millions of
ids; which sealed ballots to split is decided by ``split_small_units`` itself, on a skeleton of
the phase's multi-subject ballots (one row per ballot and subject).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from demo.state import World
from storage import ballot_box

ROW_COLUMNS = ballot_box.ANSWER_COLUMNS[1:]


def _lookup(codes, size: int) -> np.ndarray:
    mask = np.zeros(size, dtype=bool)
    mask[np.asarray(codes, dtype=np.int64)] = True
    return mask


def split_per_subject(world: World, ballots: pd.DataFrame, codes) -> pd.DataFrame:
    """Replace the ballots ``codes`` by one ballot per subject they hold (new codes, same
    stored columns, ``_s`` the subject); their answer rows are moved in ``world.answers``."""
    if len(codes) == 0:
        return ballots
    a = world.answers
    rows = np.flatnonzero(_lookup(codes, world.n_ballots)[a["ballot"]])
    n_subjects = int(a["s"].max()) + 1
    pair = a["ballot"][rows].astype(np.int64) * n_subjects + a["s"][rows]
    uniq, inverse = np.unique(pair, return_inverse=True)
    new_codes = np.arange(world.n_ballots, world.n_ballots + len(uniq))
    world.n_ballots += len(uniq)
    a["ballot"][rows] = new_codes[inverse]
    parent = ballots.set_index("ballot").loc[uniq // n_subjects].reset_index(drop=True)
    parent.insert(0, "ballot", new_codes)
    parent["_s"] = (uniq % n_subjects).astype(np.int64)
    parent["_whole"] = True
    kept = ballots[~ballots["ballot"].isin(codes)]
    return pd.concat([kept, parent[ballots.columns]], ignore_index=True)


def small_units(
    world: World, ballots: pd.DataFrame, thresholds: Mapping[str, Mapping[str, int]]
) -> np.ndarray:
    """Codes of the multi-subject online/meeting ballots ``split_small_units`` would split:
    ``ballots`` are those of sealed phases, ``thresholds`` per phase id."""
    grids = ballots[(ballots["_s"] < 0) & ballots["source"].isin(ballot_box.LINKABLE_SOURCES)]
    if grids.empty:
        return np.array([], dtype=np.int64)
    a = world.answers
    rows = np.flatnonzero(_lookup(grids["ballot"], world.n_ballots)[a["ballot"]])
    pairs = pd.DataFrame({"ballot_id": a["ballot"][rows], "subject_id": a["s"][rows]})
    pairs = pairs.drop_duplicates().astype(str)
    pairs = pairs.assign(**{c: None for c in ROW_COLUMNS[1:4]}, value_num=np.nan)
    pairs = pairs.assign(value_text=None, is_na=False)
    skeleton = grids.assign(ballot_id=grids["ballot"].astype(str))
    split = []
    for phase_id, mine in skeleton.groupby("phase_id", sort=True):
        answers = pairs[pairs["ballot_id"].isin(mine["ballot_id"])]
        kept, _ = ballot_box.split_small_units(
            mine[list(ballot_box.BALLOT_COLUMNS)], answers, thresholds[phase_id]
        )
        split.extend(set(mine["ballot_id"]) - set(kept["ballot_id"]))
    return np.array(sorted(int(b) for b in split), dtype=np.int64)


def box_payloads(
    world: World, ballots: pd.DataFrame, subject_ids: np.ndarray
) -> dict[str, list[str]]:
    """Per phase of ``ballots`` (open phases), its ballots as ballot box payloads."""
    a = world.answers
    rows = np.flatnonzero(_lookup(ballots["ballot"], world.n_ballots)[a["ballot"]])
    rows = rows[np.argsort(a["ballot"][rows], kind="stable")]
    words = np.array([*world.vocab.words, None], dtype=object)  # code -1: NULL
    frame = pd.DataFrame(
        {
            "subject_id": subject_ids[a["s"][rows]],
            "item_id": words[a["item"][rows]],
            "row_id": words[a["row"][rows]],
            "option_id": words[a["opt"][rows]],
            "value_num": a["value_num"][rows],
            "value_text": words[a["text"][rows]],
            "is_na": a["is_na"][rows],
        }
    )
    records = list(frame[list(ROW_COLUMNS)].itertuples(index=False, name=None))
    codes = a["ballot"][rows]
    starts = np.searchsorted(codes, ballots["ballot"].to_numpy(), side="left")
    ends = np.searchsorted(codes, ballots["ballot"].to_numpy(), side="right")
    out: dict[str, list[str]] = {}
    for b, start, end in zip(ballots.itertuples(index=False), starts, ends, strict=True):
        if end == start:
            continue
        out.setdefault(b.phase_id, []).append(
            ballot_box.encode(
                definition_id=b.definition_id,
                definition_version=b.definition_version,
                rater_group=b.rater_group,
                source=b.source,
                rows=records[start:end],
            )
        )
    return out
