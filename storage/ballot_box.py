"""The ballot box of an open phase: pre-allocated slots, each filled at random by one ballot.

A submission writes each of its ballots as a JSON payload into a free slot chosen at random
(``secrets``), so neither the row order of ``ballot_slot`` nor the order of bytes in the file
follows the order of submissions. Slots are allocated ahead of need, up to the most ballots the
phase's open invitations can still produce, so that the choice is spread over the whole phase.

What a ballot may link (the *unit* rule, docs/ANONYMITY.md): a ballot holds the answers about
several subjects only when that subject set is the assigned set of at least ``k`` invitations of
its rater group (``k`` = the group's anonymity threshold), as in a 民主测评 slate graded by a
whole hall. Any other ballot holds one subject. :func:`split_small_units` enforces it again on the
sealed phase: a set shared by fewer than ``k`` ballots is split into one ballot per subject.
"""

from __future__ import annotations

import json
import secrets
import uuid
from collections.abc import Mapping, Sequence

import duckdb
import numpy as np
import pandas as pd

from storage.db import StorageError, bulk_insert

BALLOT_COLUMNS = (
    "ballot_id",
    "phase_id",
    "definition_id",
    "definition_version",
    "rater_group",
    "source",
)
ANSWER_COLUMNS = (
    "ballot_id",
    "subject_id",
    "item_id",
    "row_id",
    "option_id",
    "value_num",
    "value_text",
    "is_na",
)
ANSWER_FIELDS = ANSWER_COLUMNS[1:]  # an answer without its ballot: a payload row
LINKABLE_SOURCES = frozenset({"online", "meeting"})
MIN_THRESHOLD = 3
SLOT_MARGIN = 16
_RANDOM = secrets.SystemRandom()


def new_ballot_id() -> str:
    return uuid.uuid4().hex


# -- payloads ----------------------------------------------------------------------------------
def encode(
    *,
    definition_id: str,
    definition_version: int,
    rater_group: str,
    source: str,
    rows: Sequence[Sequence],
) -> str:
    """One ballot as the JSON text of a slot; ``rows``: answer tuples in ``ANSWER_FIELDS`` order."""
    body = {
        "d": definition_id,
        "v": int(definition_version),
        "g": rater_group,
        "s": source,
        "a": [[_plain(x) for x in row] for row in rows],
    }
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"))


def _plain(value):
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and np.isnan(value):
        return None
    return value


def decode(phase_id: str, payloads: Sequence[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ballots and answers frames of a phase's filled slots (fresh random ballot ids)."""
    ballots, answers = [], []
    for text in payloads:
        body = json.loads(text)
        ballot_id = new_ballot_id()
        ballots.append((ballot_id, phase_id, body["d"], body["v"], body["g"], body["s"]))
        answers.extend((ballot_id, *row) for row in body["a"])
    return _ballot_frame(ballots), _answer_frame(answers)


def _ballot_frame(rows) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(BALLOT_COLUMNS))
    return frame.astype({"definition_version": "int64"})


def _answer_frame(rows) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(ANSWER_COLUMNS))
    frame["value_num"] = pd.to_numeric(frame["value_num"], errors="coerce").astype("float64")
    return frame.astype({"is_na": "bool"})


# -- the unit rule -----------------------------------------------------------------------------
def thresholds_of(settings_json: str | None) -> dict[str, int]:
    """Per rater group, the anonymity threshold in a campaign's settings (never below 3)."""
    raw = (json.loads(settings_json) if settings_json else {}).get("thresholds", {})
    groups = ("superior", "peer", "subordinate", "self", "public", "observer")
    return {g: max(MIN_THRESHOLD, int(raw.get(g, MIN_THRESHOLD))) for g in groups}


def split_small_units(
    ballots: pd.DataFrame, answers: pd.DataFrame, thresholds: Mapping[str, int]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split every online or meeting ballot whose subject set fewer than ``k`` ballots of its
    rater group share into one ballot per subject (new random ids); paper ballots stay whole.

    >>> b = pd.DataFrame({"ballot_id": ["x", "y"], "phase_id": "p", "definition_id": "d",
    ...                   "definition_version": 1, "rater_group": "peer", "source": "online"})
    >>> a = pd.DataFrame({"ballot_id": ["x", "x", "y"], "subject_id": ["s1", "s2", "s1"],
    ...                   "item_id": "q", "row_id": None, "option_id": None, "value_num": 4.0,
    ...                   "value_text": None, "is_na": False})
    >>> nb, na = split_small_units(b, a, {"peer": 3})
    >>> len(nb), sorted(na.groupby("ballot_id")["subject_id"].nunique().tolist())
    (3, [1, 1, 1])
    """
    sets = answers.groupby("ballot_id", sort=False)["subject_id"].agg(
        lambda s: tuple(sorted(set(s)))
    )
    info = ballots.set_index("ballot_id").join(sets.rename("subjects"))
    info["subjects"] = info["subjects"].map(lambda s: s if isinstance(s, tuple) else ())
    multi = info["subjects"].map(len) > 1
    linkable = info["source"].isin(LINKABLE_SOURCES) & multi
    shared = info[linkable].groupby(["rater_group", "subjects"]).size()
    k = info["rater_group"].map(lambda g: thresholds.get(g, MIN_THRESHOLD))
    counts = [
        shared.get((g, s), 0) if lk else np.inf
        for g, s, lk in zip(info["rater_group"], info["subjects"], linkable, strict=True)
    ]
    split = info.index[np.asarray(counts) < k.to_numpy()]
    if len(split) == 0:
        return ballots.reset_index(drop=True), answers.reset_index(drop=True)
    return _split(ballots, answers, set(split))


def _split(ballots: pd.DataFrame, answers: pd.DataFrame, split: set[str]):
    keep_b = ballots[~ballots["ballot_id"].isin(split)]
    moved = answers["ballot_id"].isin(split)
    pairs = answers.loc[moved, ["ballot_id", "subject_id"]].drop_duplicates()
    pairs["new_id"] = [new_ballot_id() for _ in range(len(pairs))]
    new_b = pairs.merge(ballots, on="ballot_id").drop(columns=["ballot_id", "subject_id"])
    new_b = new_b.rename(columns={"new_id": "ballot_id"})[list(BALLOT_COLUMNS)]
    new_a = answers[moved].merge(pairs, on=["ballot_id", "subject_id"])
    new_a = new_a.drop(columns=["ballot_id"]).rename(columns={"new_id": "ballot_id"})
    out_b = pd.concat([keep_b, new_b], ignore_index=True)
    out_a = pd.concat([answers[~moved], new_a[list(ANSWER_COLUMNS)]], ignore_index=True)
    return out_b, out_a


def shuffled(ballots: pd.DataFrame, answers: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Both frames in one random ballot order (``secrets``); a ballot's answers stay together."""
    order = list(range(len(ballots)))
    _RANDOM.shuffle(order)
    out_b = ballots.iloc[order].reset_index(drop=True)
    rank = pd.Series(np.arange(len(out_b)), index=out_b["ballot_id"].to_numpy())
    pos = rank.reindex(answers["ballot_id"].to_numpy()).to_numpy()
    out_a = answers.iloc[np.argsort(pos, kind="stable")].reset_index(drop=True)
    return out_b, out_a


# -- slots -------------------------------------------------------------------------------------
def free_slots(cur: duckdb.DuckDBPyConnection, phase_id: str) -> list[int]:
    rows = cur.execute(
        "SELECT slot_no FROM ballot_slot WHERE phase_id = ? AND payload IS NULL", [phase_id]
    ).fetchall()
    return [r[0] for r in rows]


def open_capacity(cur: duckdb.DuckDBPyConnection, phase_id: str) -> int:
    """The most ballots the phase's open invitations can still produce (one per subject)."""
    return cur.execute(
        "SELECT count(*) FROM assignment a JOIN invitation i ON i.invitation_id = a.invitation_id"
        " WHERE a.phase_id = ? AND a.done IS NOT TRUE AND NOT i.revoked"
        " AND i.finished IS NOT TRUE",
        [phase_id],
    ).fetchone()[0]


def add_slots(cur: duckdb.DuckDBPyConnection, phase_id: str, n: int) -> None:
    """Append ``n`` free slots to the phase's box."""
    if n <= 0:
        return
    cur.execute(
        "INSERT INTO ballot_slot (phase_id, slot_no, payload)"
        " SELECT ?, coalesce((SELECT max(slot_no) + 1 FROM ballot_slot WHERE phase_id = ?), 0)"
        " + i, NULL FROM range(?) t(i)",
        [phase_id, phase_id, n],
    )


def reserve(cur: duckdb.DuckDBPyConnection, phase_id: str) -> None:
    """Allocate free slots for every ballot the phase's open invitations can still give (called
    when invitations are issued), so submissions choose among them all and rarely allocate."""
    missing = open_capacity(cur, phase_id) + SLOT_MARGIN - len(free_slots(cur, phase_id))
    add_slots(cur, phase_id, missing)


def put(cur: duckdb.DuckDBPyConnection, phase_id: str, payloads: Sequence[str]) -> None:
    """Write each payload into its own free slot, chosen at random among all free slots.

    Only an open phase takes ballots: a closed phase never changes (no differencing between two
    views of it), a draft one has not started."""
    status = cur.execute("SELECT status FROM phase WHERE phase_id = ?", [phase_id]).fetchone()
    if status is None or status[0] != "open":
        state = "missing" if status is None else status[0]
        raise StorageError(
            f"phase {phase_id!r} is {state}: ballots enter an open phase only"
            " (late ballots go to a new phase)"
        )
    free = free_slots(cur, phase_id)
    if len(free) < len(payloads):
        total = cur.execute(
            "SELECT count(*) FROM ballot_slot WHERE phase_id = ?", [phase_id]
        ).fetchone()[0]
        # Room for every ballot the open invitations can still give; with none known (paper),
        # double the box, so later ballots still land among earlier ones.
        want = max(len(payloads), open_capacity(cur, phase_id) + SLOT_MARGIN, total)
        add_slots(cur, phase_id, want - len(free))
        free = free_slots(cur, phase_id)
    for slot_no, payload in zip(_RANDOM.sample(free, len(payloads)), payloads, strict=True):
        cur.execute(
            "UPDATE ballot_slot SET payload = ? WHERE phase_id = ? AND slot_no = ?",
            [payload, phase_id, slot_no],
        )


def slot_frame(phase_id: str, payloads: Sequence[str], n_free: int) -> pd.DataFrame:
    """A whole box for a bulk insert: the payloads and ``n_free`` free slots in random order."""
    cells = [*payloads, *([None] * n_free)]
    _RANDOM.shuffle(cells)
    return pd.DataFrame(
        {"phase_id": phase_id, "slot_no": np.arange(len(cells), dtype="int32"), "payload": cells}
    )


def filled_payloads(cur: duckdb.DuckDBPyConnection, phase_id: str) -> list[str]:
    rows = cur.execute(
        "SELECT payload FROM ballot_slot WHERE phase_id = ? AND payload IS NOT NULL", [phase_id]
    ).fetchall()
    return [r[0] for r in rows]


def empty_box(cur: duckdb.DuckDBPyConnection, phase_id: str) -> None:
    cur.execute("DELETE FROM ballot_slot WHERE phase_id = ?", [phase_id])


def write_ballots(cur: duckdb.DuckDBPyConnection, ballots: pd.DataFrame, answers: pd.DataFrame):
    """Insert sealed ballots and answers (already split and shuffled) in the given order."""
    if set(answers["ballot_id"]) - set(ballots["ballot_id"]):
        raise StorageError("answers without a ballot")
    bulk_insert(cur, "ballot", ballots[list(BALLOT_COLUMNS)])
    bulk_insert(cur, "answer", answers[list(ANSWER_COLUMNS)])
