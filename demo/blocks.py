"""From ballot cells to answer rows: the latent model per block, collusion, careless rows."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from demo.answers import OUT, Block, Vocab, block_answers
from demo.columns import P_KINDS, survey_columns
from demo.config import DemoConfig
from demo.latent import RaterTraits, SubjectTruth, apply_careless, cell_mean, quantiles
from demo.org import GROUPS


def _collude(
    rng: np.random.Generator, cells: pd.DataFrame, p: np.ndarray, pairs: np.ndarray
) -> None:
    """The second rater of each pair copies the first's answers (5 % of cells nudged)."""
    if not len(pairs) or not p.shape[1]:
        return
    idx = pd.DataFrame(
        {"row": np.arange(len(cells)), "r": cells["r"].to_numpy(), "s": cells["s"].to_numpy()}
    )
    link = pd.DataFrame({"a": pairs[:, 0], "b": pairs[:, 1]})
    left = idx.merge(link, left_on="r", right_on="a").rename(columns={"row": "row_a"})
    both = left.merge(idx, left_on=["b", "s"], right_on=["r", "s"], suffixes=("", "_b"))
    if both.empty:
        return
    a_rows, b_rows = both["row_a"].to_numpy(), both["row"].to_numpy()
    copy = p[a_rows].copy()
    nudge = rng.random(copy.shape) < 0.05
    copy[nudge] = np.clip(copy[nudge] + rng.normal(0, 0.15, nudge.sum()), 0.001, 0.999)
    p[b_rows] = copy


def block_rows(
    rng: np.random.Generator,
    survey: Any,
    cells: pd.DataFrame,
    truth: SubjectTruth,
    traits: RaterTraits,
    cfg: DemoConfig,
    vocab: Vocab,
    commit: tuple,
    lang: str,
) -> list[dict]:
    """Answer rows of every cell of one definition (cells carry ballot, s, r, g, k, flag, key)."""
    parts: list[dict] = []
    for g in np.unique(cells["g"].to_numpy()):
        sub = cells[cells["g"].to_numpy() == g].reset_index(drop=True)
        cols = survey_columns(survey, GROUPS[g], commit[0].shape[1])
        if not cols:
            continue
        mu = cell_mean(sub, truth, traits, cfg)
        dims = np.array([c.slot for c in cols if c.kind in P_KINDS], dtype=np.int64)
        p = quantiles(rng, sub, mu, dims, truth, traits, cfg)
        _collude(rng, sub, p, traits.colluders)
        apply_careless(rng, p, sub["flag"].to_numpy(), sub["key"].to_numpy())
        block = Block(sub, p, commit[0], commit[1], lang)
        parts.extend(block_answers(rng, block, cols, vocab, cfg.na_rate, cfg.comment_rate, mu))
    return parts


def identical_copies(parts: list[dict], stuffed: np.ndarray) -> list[dict]:
    """Replace the rows of the stuffed ballots by copies of the first stuffed ballot's rows."""
    if len(stuffed) < 2:
        return parts
    first, rest = stuffed[0], stuffed[1:]
    kept = [{k: v[~np.isin(part["ballot"], rest)] for k, v in part.items()} for part in parts]
    template = [{k: v[part["ballot"] == first] for k, v in part.items()} for part in parts]
    for b in rest:
        kept.extend({**t, "ballot": np.full(len(t["ballot"]), b)} for t in template)
    return kept


def concat_rows(parts: list[dict]) -> dict[str, np.ndarray]:
    """One array per answer column (codes), parts in order."""
    if not parts:
        return {k: np.array([], dtype=np.int32) for k in OUT}
    return {k: np.concatenate([p[k] for p in parts]) for k in OUT}
