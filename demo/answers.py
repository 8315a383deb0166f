"""Answer rows for one block of cells (one definition, one rater group), vectorised by column.

A *cell* is one (ballot, subject) pair; the block's cells share the definition and rater group.
Rows come out as integer codes (ballot, subject, vocabulary codes for ids and texts) so the large
world never builds millions of Python strings.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.special import ndtr

from demo import phrases
from demo.columns import P_KINDS, Column
from demo.ids import rank_within
from survey_engine.expr import parse_show_if

OUT = ("ballot", "s", "item", "row", "opt", "value_num", "text", "is_na")
# quantile cut points of a four-grade item (不称职 | 基本称职 | 称职 | 优秀, worst first): grades
# lean lenient, as in real 民主测评 (a few per cent below 称职), so the tally rules (不称职 > 1/3,
# 优秀+称职 < 2/3) flag only cadres with a really poor standing
GRADE_CUTS = {4: np.array([0.1, 0.3, 0.85])}


class Vocab:
    """Codes for every id and text written to the answer table (-1 = NULL)."""

    def __init__(self) -> None:
        self.codes: dict[str, int] = {}
        self.words: list[str] = []

    def code(self, word: str | None) -> int:
        if word is None:
            return -1
        if word not in self.codes:
            self.codes[word] = len(self.words)
            self.words.append(word)
        return self.codes[word]

    def codes_of(self, words: list[str] | np.ndarray) -> np.ndarray:
        return np.array([self.code(w) for w in words], dtype=np.int32)


@dataclass
class Block:
    """Cells of one (definition, rater group) and their context."""

    cells: pd.DataFrame  # ballot, s, r, g, k, flag, key
    p: np.ndarray  # cells x p-columns quantiles (careless and collusion applied)
    commit_codes: np.ndarray  # subjects x commitments: vocab codes of commitment ids
    commit_text: np.ndarray  # subjects x commitments: vocab codes of commitment texts
    lang: str


def _rows(
    block: Block,
    mask: np.ndarray,
    col: Column,
    vocab: Vocab,
    *,
    row: np.ndarray | int = -1,
    opt: np.ndarray | int = -1,
    num: np.ndarray | float = np.nan,
    text: np.ndarray | int = -1,
    na: np.ndarray | bool = False,
) -> dict[str, np.ndarray]:
    idx = np.flatnonzero(mask)
    n = len(idx)

    def fit(v, dtype):
        arr = np.asarray(v, dtype=dtype)
        return np.full(n, arr, dtype=dtype) if arr.ndim == 0 else arr[idx] if len(arr) != n else arr

    return {
        "cell": idx,
        "ballot": block.cells["ballot"].to_numpy()[idx],
        "s": block.cells["s"].to_numpy()[idx],
        "item": np.full(n, vocab.code(col.item_id), dtype=np.int32),
        "row": fit(row if np.ndim(row) else vocab.code(col.row_id) if row == -1 else row, np.int32),
        "opt": fit(opt, np.int32),
        "value_num": fit(num, np.float64),
        "text": fit(text, np.int32),
        "is_na": fit(na, bool),
    }


def _index(p: np.ndarray, n: int) -> np.ndarray:
    return np.minimum((p * n).astype(np.int64), n - 1)


def _careful(block: Block) -> np.ndarray:
    return block.cells["flag"].to_numpy() == ""


def _na_mask(rng: np.random.Generator, block: Block, col: Column, rate: float) -> np.ndarray:
    if not col.allow_na:
        return np.zeros(len(block.cells), dtype=bool)
    return (rng.random(len(block.cells)) < rate) & _careful(block)


def _apply_caps(block: Block, col: Column, idx: np.ndarray, p: np.ndarray) -> np.ndarray:
    ballot = block.cells["ballot"].to_numpy()
    per_ballot = np.bincount(ballot)[ballot]
    for option, share in col.caps:
        if option not in col.options:
            continue
        o = col.options.index(option)
        allowed = np.where(share <= 0, 0, np.maximum(1, np.floor(share * per_ballot + 1e-9)))
        hit = idx == o
        rank = rank_within(np.where(hit, ballot, -1), -p)
        over = hit & (rank >= allowed)
        idx = np.where(over, o - 1 if o > 0 else o + 1, idx)
    return idx


def p_column(
    rng: np.random.Generator, block: Block, col: Column, p: np.ndarray, vocab: Vocab, na_rate: float
) -> dict[str, np.ndarray]:
    """Rows of a numeric-cell column (one per cell unless skipped)."""
    na = _na_mask(rng, block, col, na_rate)
    everyone = np.ones(len(p), dtype=bool)
    flip = col.reverse & np.isin(block.cells["flag"].to_numpy(), ("", "random_responder"))
    if col.kind in ("scale", "commit_rate"):
        n = int(col.hi - col.lo + 1)
        idx = _index(p, n)
        value = col.lo + np.where(flip, n - 1 - idx, idx)
        row = -1
        if col.kind == "commit_rate":
            row = block.commit_codes[block.cells["s"].to_numpy(), col.commit_seq]
        return _rows(block, everyone, col, vocab, row=row, num=np.where(na, np.nan, value), na=na)
    if col.kind == "numeric":
        value = col.lo + p * (col.hi - col.lo)
        return _rows(
            block, everyone, col, vocab, num=np.round(value) if col.integer else np.round(value, 1)
        )
    n = len(col.options)
    if col.kind == "grade" and n in GRADE_CUTS:
        idx = np.searchsorted(GRADE_CUTS[n], p, side="right")
    else:
        idx = _index(p, n) if col.scores else rng.integers(0, n, len(p))
    idx = _apply_caps(block, col, idx, p) if col.caps else idx
    opt = vocab.codes_of(list(col.options))[idx]
    score = np.array([np.nan if s is None else s for s in col.scores] or [np.nan] * n)[idx]
    return _rows(
        block,
        everyone,
        col,
        vocab,
        opt=np.where(na, -1, opt),
        num=np.where(na, np.nan, score),
        na=na,
    )


def set_column(
    rng: np.random.Generator, block: Block, col: Column, pbar: np.ndarray, vocab: Vocab
) -> dict[str, np.ndarray]:
    """Checklist / multiple choice (one row per chosen option) and ranking (one row per rank)."""
    n_cells, n = len(pbar), len(col.options)
    keys = rng.random((n_cells, n))
    flag = block.cells["flag"].to_numpy()
    if col.kind == "ranking":
        rank = np.argsort(np.argsort(keys, axis=1), axis=1) + 1
        chosen, value = rank <= (col.max_select or n), rank.astype(float)
    elif col.kind == "checklist":
        pos = np.array([x == "positive" for x in col.polarity])
        prob = np.where(pos, 0.08 + 0.5 * pbar[:, None] ** 2, 0.02 + 0.6 * (1 - pbar[:, None]) ** 2)
        prob[flag == "random_responder"] = 0.5
        prob[np.isin(flag, ("straight_liner", "speeder"))] = 0.0
        chosen, value = keys < prob, np.full((n_cells, n), np.nan)
    else:
        order = np.argsort(np.argsort(keys, axis=1), axis=1)
        chosen = (keys < 0.35) | (order < col.min_select)
        if col.max_select:
            chosen &= order < col.max_select
        value = np.full((n_cells, n), np.nan)
    cell, k = np.nonzero(chosen)
    opt = vocab.codes_of(list(col.options))[k]
    out = _rows(block, np.ones(n_cells, dtype=bool), col, vocab)
    return {key: arr[cell] for key, arr in out.items()} | {
        "cell": cell,
        "opt": opt,
        "value_num": value[cell, k],
    }


def text_column(
    rng: np.random.Generator, block: Block, col: Column, pbar: np.ndarray, vocab: Vocab, rate: float
) -> dict[str, np.ndarray]:
    """Optional comments from the phrase banks: positive, negative or mixed by the cell's mean."""
    if col.kind == "commit_state":
        s = block.cells["s"].to_numpy()
        k = min(block.commit_codes.shape[1], col.max_select or 5)
        cell = np.repeat(np.arange(len(s)), k)
        j = np.tile(np.arange(k), len(s))
        out = _rows(block, np.ones(len(s), dtype=bool), col, vocab)
        return {key: arr[cell] for key, arr in out.items()} | {
            "cell": cell,
            "row": block.commit_codes[s[cell], j],
            "text": block.commit_text[s[cell], j],
        }
    bank = phrases.COMMENTS[block.lang]
    codes = {tone: vocab.codes_of(bank[tone]) for tone in ("pos", "neg", "mid")}
    tone = np.where(pbar > 0.62, 0, np.where(pbar < 0.45, 1, 2))
    pick = np.select(
        [tone == 0, tone == 1],
        [
            codes["pos"][rng.integers(0, len(codes["pos"]), len(pbar))],
            codes["neg"][rng.integers(0, len(codes["neg"]), len(pbar))],
        ],
        codes["mid"][rng.integers(0, len(codes["mid"]), len(pbar))],
    )
    answered = (rng.random(len(pbar)) < (rate if not col.required else 1.0)) & _careful(block)
    return _rows(block, answered, col, vocab, text=pick)


def block_answers(
    rng: np.random.Generator,
    block: Block,
    cols: list[Column],
    vocab: Vocab,
    na_rate: float,
    comment_rate: float,
    mu: np.ndarray,
) -> list[dict]:
    """All answer rows of a block, with show_if applied per cell."""
    pcols = [c for c in cols if c.kind in P_KINDS]
    pbar = block.p.mean(axis=1) if pcols else ndtr(mu)
    parts: list[tuple[Column, dict]] = []
    j = 0
    for col in cols:
        if col.kind in P_KINDS:
            part = p_column(rng, block, col, block.p[:, j], vocab, na_rate)
            j += 1
        elif col.kind in ("checklist", "multi", "ranking"):
            part = set_column(rng, block, col, pbar, vocab)
        else:
            part = text_column(rng, block, col, pbar, vocab, comment_rate)
        parts.append((col, part))
    return _show_if(parts, vocab, len(block.cells))


def _show_if(parts: list[tuple[Column, dict]], vocab: Vocab, n_cells: int) -> list[dict]:
    """Drop the rows of items whose show_if is false for that cell (a loop per cell, not per
    answer; the benchmark definition has no show_if)."""
    if not any(col.show_if for col, _ in parts):
        return [part for _, part in parts]
    raw: dict[str, list[dict]] = {}
    kept: list[dict] = []
    for col, part in parts:
        if col.show_if:
            expr = parse_show_if(col.show_if)
            answers = [
                {name: raw[name][i].get("v") for name in expr.names if name in raw}
                for i in range(n_cells)
            ]
            ok = np.array(
                [expr.evaluate({k: v for k, v in a.items() if v is not None}) for a in answers]
            )
            part = {key: arr[ok[part["cell"]]] for key, arr in part.items()}
        kept.append(part)
        values = raw.setdefault(col.item_id, [{} for _ in range(n_cells)])
        multi = col.kind in ("checklist", "multi", "ranking")
        for cell, opt, num, na in zip(
            part["cell"], part["opt"], part["value_num"], part["is_na"], strict=True
        ):
            v = "na" if na else vocab.words[opt] if opt >= 0 else None if np.isnan(num) else num
            if multi:
                values[cell].setdefault("v", []).append(v)
            else:
                values[cell]["v"] = v
    return kept
