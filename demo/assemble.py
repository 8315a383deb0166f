"""Final frames for storage (ids, physical order, answer chunks) and the planted truth."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd

from demo.ids import hex_ids
from demo.latent import CARELESS
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


def truth_document(world: World, ballots: pd.DataFrame, raters: pd.DataFrame) -> dict[str, Any]:
    """The planted truth: careless pseudonyms, rater styles, colluding pairs, stuffing, subjects."""
    rater_ids = raters["rater_id"].to_numpy()
    online = ballots[ballots["source"] == "online"]
    careless = {}
    for flag in CARELESS:
        rows = online[online["_flag"] == flag]
        careless[flag] = [
            {
                "rater_pseudonym": p,
                "rater_id": str(rater_ids[g["_r"].iloc[0]]),
                "phase_id": g["phase_id"].iloc[0],
                "rater_group": g["rater_group"].iloc[0],
                "ballot_ids": g["ballot_id"].tolist(),
            }
            for p, g in rows.groupby("rater_pseudonym", sort=True)
        ]
    doc = {
        "careless": careless,
        "rater_styles": _styles(world, online, rater_ids),
        "colluding_pairs": _pairs(world, online, rater_ids),
        "ballot_stuffing": _stuffing(world, ballots),
        "subjects": world.truth["subjects"],
        "try_token_invitations": [
            i for p in world.truth["phases"] for i in p.get("try_token_invitations", [])
        ],
    }
    return doc


def _styles(world: World, online: pd.DataFrame, rater_ids: np.ndarray) -> dict[str, list]:
    pos = pd.Series(np.arange(len(rater_ids)), index=rater_ids)
    out: dict[str, list] = {}
    for style, ids in world.truth["raters"]["style"].items():
        rows = online[online["_r"].isin(pos[ids].to_numpy())]
        out[style] = [
            {
                "rater_id": str(rater_ids[r]),
                "rater_pseudonyms": sorted(g["rater_pseudonym"].unique().tolist()),
            }
            for r, g in rows.groupby("_r", sort=True)
        ]
    return out


def _pairs(world: World, online: pd.DataFrame, rater_ids: np.ndarray) -> list[dict]:
    pos = pd.Series(np.arange(len(rater_ids)), index=rater_ids)
    out = []
    for a_id, b_id in world.truth["raters"]["colluding_pairs"]:
        a = online[online["_r"] == pos[a_id]]
        b = online[online["_r"] == pos[b_id]]
        both = a.merge(
            b, on=["phase_id", "definition_id", "_s", "rater_group"], suffixes=("_a", "_b")
        )
        if both.empty:
            continue
        out.append(
            {
                "rater_ids": [a_id, b_id],
                "pseudonym_pairs": sorted(
                    {
                        (x, y)
                        for x, y in zip(
                            both["rater_pseudonym_a"], both["rater_pseudonym_b"], strict=True
                        )
                    }
                ),
                "ballot_pairs": [
                    [x, y] for x, y in zip(both["ballot_id_a"], both["ballot_id_b"], strict=True)
                ],
            }
        )
    return out


def _stuffing(world: World, ballots: pd.DataFrame) -> list[dict]:
    out = []
    for phase in world.truth["phases"]:
        info = phase.get("ballot_stuffing")
        if not info:
            continue
        stuffed = ballots.set_index("ballot")["ballot_id"].loc[info["_stuffed_ballots"]]
        out.append(
            {k: v for k, v in info.items() if not k.startswith("_")}
            | {"identical_ballot_ids": stuffed.tolist()}
        )
    return out
