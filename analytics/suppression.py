"""The anonymity threshold: the one place that decides which result cells may be shown.

Every public scoring and tally function calls :func:`anonymity_decisions` (and, for scores,
:func:`suppress_cell_stats`); there is no argument anywhere that bypasses it, and thresholds below
:data:`MIN_THRESHOLD` are refused.

The rule (primary suppression, then secondary suppression by merging and over dimensions)
------------------------------------------------------------------------------------------
Per phase and subject, with ``n`` = distinct ballots of a rater group that count:

1. ``self`` is shown when the campaign's ``show_self`` is true (else only from its threshold,
   which one self-rating never reaches); it is never pooled and never enters a composite.
2. ``superior`` is an *identified* group when ``show_superior`` is true (shown from one ballot,
   as the superior is known anyway); otherwise (the default) it is anonymous like the others.
   Thresholds below 3 are raised to 3 (:data:`MIN_THRESHOLD`); nothing can lower the floor.
3. An anonymous group with ``n >= threshold`` is shown.
4. The anonymous groups below their threshold form a pool. While the pool holds fewer ballots
   than the largest threshold of its members, the *smallest* shown anonymous group joins it
   (ties: fixed group order). A lone small group therefore always takes its next-smallest
   neighbour with it: publishing the neighbour next to a combined cell would let anyone recover
   the small group by subtraction.
5. If the pool reaches the threshold, its members are ``merged``: hidden one by one, shown only
   as one cell :data:`COMBINED` (ballots pooled, each counted once). Otherwise the pool is
   ``suppressed``: hidden and left out of every composite and total that is shown.
6. A shown cell (a group or :data:`COMBINED`) whose dimension has fewer than ``threshold``
   ballots (because of "cannot judge" answers) has that dimension cell suppressed.
7. Complementary suppression over dimensions: a row (phase x subject x group, or the combined
   cell) shows its ``overall`` only if every dimension cell entering it (a dimension whose
   weight is not 0) is shown; otherwise the overall is suppressed too, and the row's other
   dimensions stay shown. The overall is the only published number that mixes a row's
   dimensions, so hiding it makes every published number independent of the hidden answers.
   Hiding a second dimension instead costs as much (one cell) but blocks less: the overall would
   still move with both hidden cells and give away their weighted sum (bounded scores and the SD
   narrow them further). Conversely a hidden overall cannot be rebuilt from the dimensions: an
   overall below threshold has every dimension entering it below threshold too, and rule 7
   hides it only together with a hidden dimension.

Composites (the "others" score, the tally total) are computed only from cells that are themselves
shown, *per dimension*: the "others" score of a dimension uses the groups whose cell for that
dimension is shown, and the overall composite only shown overalls. A hidden cell (rules 4-7)
therefore enters no published composite, and subtraction across groups recovers nothing.

Comments (:func:`release_comments`) have their own, higher threshold (default 5).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
import pandas as pd

from analytics._suppression_cells import partial_overall, pool_frame

GROUPS = ("superior", "peer", "subordinate", "public", "observer", "self")
COMBINED = "others_combined"
MIN_THRESHOLD = 3
DEFAULT_THRESHOLDS = MappingProxyType(
    {"superior": 3, "peer": 3, "subordinate": 3, "public": 3, "observer": 3, "self": 3}
)
DEFAULT_COMMENT_THRESHOLD = 5
_SETTING_KEYS = {"comments", "show_self", "show_superior"}
_IGNORED_KEYS = {"group_weights", "tally_rules", "schema_version"}  # other parts of the settings


@dataclass(frozen=True)
class AnonymityRules:
    """A campaign's anonymity settings (fixed at launch).

    Parameters
    ----------
    thresholds : mapping of str to int
        Minimum distinct ballots per rater group (missing groups use 3). ``superior`` and
        ``self`` apply only when ``show_superior`` / ``show_self`` is false. A value below
        :data:`MIN_THRESHOLD` (3) is raised to 3: the floor cannot be configured away.
    comments : int
        Minimum distinct commenting ballots before any comment is released (default 5, floor 3).
    show_self, show_superior : bool
        Show self-ratings / superiors' ratings from one ballot (defaults as in
        ``campaign.settings``: self shown, superior anonymous).

    Examples
    --------
    >>> rules = AnonymityRules.from_settings({"thresholds": {"peer": 4, "public": 1},
    ...                                       "show_superior": True})
    >>> [rules.threshold(g) for g in ("peer", "public", "superior", "self", "observer")]
    [4, 3, 1, 1, 3]
    """

    thresholds: Mapping[str, int] = field(default_factory=lambda: DEFAULT_THRESHOLDS)
    comments: int = DEFAULT_COMMENT_THRESHOLD
    show_self: bool = True
    show_superior: bool = False

    def __post_init__(self) -> None:
        merged = dict(DEFAULT_THRESHOLDS)
        for group, value in dict(self.thresholds).items():
            if group not in DEFAULT_THRESHOLDS:
                raise ValueError(
                    f"thresholds: unknown rater group {group!r} "
                    f"(expected one of {sorted(DEFAULT_THRESHOLDS)})."
                )
            merged[group] = _check_threshold(value, f"thresholds[{group!r}]")
        object.__setattr__(self, "thresholds", MappingProxyType(merged))
        object.__setattr__(self, "comments", _check_threshold(self.comments, "comments"))
        for name in ("show_self", "show_superior"):
            if not isinstance(getattr(self, name), bool | np.bool_):
                raise ValueError(f"{name} must be True or False, got {getattr(self, name)!r}.")

    @classmethod
    def from_settings(cls, settings: AnonymityRules | Mapping | None) -> AnonymityRules:
        """Build from campaign settings: group thresholds plus optional ``comments``,
        ``show_self`` and ``show_superior`` keys, or a whole ``campaign.settings`` mapping or model
        (nested ``"thresholds"``; ``group_weights`` and ``tally_rules`` are ignored here)."""
        if settings is None:
            return cls()
        if isinstance(settings, AnonymityRules):
            return settings
        if hasattr(settings, "model_dump"):  # campaign.settings.CampaignSettings
            settings = settings.model_dump(by_alias=True)
        if not isinstance(settings, Mapping):
            raise ValueError(f"thresholds must be a mapping, got {type(settings).__name__}.")
        flat = {k: v for k, v in settings.items() if k not in _IGNORED_KEYS}
        nested = flat.pop("thresholds", None)
        if nested is not None:
            flat = {**dict(nested), **flat}
        options = {k: flat.pop(k) for k in list(flat) if k in _SETTING_KEYS}
        return cls(thresholds=flat, **options)

    def identified(self, group: str) -> bool:
        """True for groups shown from a single ballot (self, and superior when flagged)."""
        return (group == "self" and self.show_self) or (group == "superior" and self.show_superior)

    def threshold(self, group: str) -> int:
        """Minimum distinct ballots for ``group`` (1 for identified groups)."""
        if group not in GROUPS:
            raise ValueError(f"rater_group: unknown group {group!r} (expected one of {GROUPS}).")
        return 1 if self.identified(group) else self.thresholds[group]


def _check_threshold(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise ValueError(f"{name} must be an integer, got {value!r}.")
    if value < 1:
        raise ValueError(f"{name} must be at least 1, got {value}.")
    return max(int(value), MIN_THRESHOLD)  # the floor: never show fewer than 3 ballots


def _decide_subject(
    counts: Sequence[tuple[str, int]], rules: AnonymityRules
) -> dict[str, tuple[str, str | None, str, int]]:
    """Status, reported group, reason and threshold for each (group, n) of one subject."""
    out: dict[str, tuple[str, str | None, str, int]] = {}
    anonymous: list[tuple[str, int]] = []
    for group, n in counts:
        if group == "self":  # never pooled, never in a composite
            t = rules.threshold(group)
            out[group] = (
                ("shown", group, "self-rating shown", t)
                if n >= t
                else ("suppressed", None, f"self-rating hidden: {n} < {t}", t)
            )
        elif rules.identified(group):
            out[group] = ("shown", group, "superior shown by campaign setting", 1)
        else:
            anonymous.append((group, n))
    order = {g: i for i, g in enumerate(GROUPS)}
    small = [(g, n) for g, n in anonymous if n < rules.threshold(g)]
    big = sorted((x for x in anonymous if x not in small), key=lambda x: (x[1], order[x[0]]))
    for group, n in big:
        t = rules.threshold(group)
        out[group] = ("shown", group, f"{n} ballots >= threshold {t}", t)
    if not small:
        return out
    pool = list(small)
    while sum(n for _, n in pool) < max(rules.threshold(g) for g, _ in pool) and big:
        pool.append(big.pop(0))
    total = sum(n for _, n in pool)
    needed = max(rules.threshold(g) for g, _ in pool)
    names = "+".join(sorted((g for g, _ in pool), key=order.get))
    for group, _ in pool:
        if total >= needed:
            reason = f"merged as {names}: {total} ballots >= {needed}"
            out[group] = ("merged", COMBINED, reason, needed)
        else:
            reason = f"{names}: {total} ballots < threshold {needed}"
            out[group] = ("suppressed", None, reason, needed)
    return out


def anonymity_decisions(
    counts: pd.DataFrame,
    *,
    thresholds: AnonymityRules | Mapping | None = None,
    by: Sequence[str] = ("phase_id", "subject_id"),
    rater_group: str = "rater_group",
    n: str = "n",
) -> pd.DataFrame:
    """Decide which (subject, rater group) cells are shown, merged or suppressed.

    Parameters
    ----------
    counts : pandas.DataFrame
        One row per cell with the key columns ``by``, the ``rater_group`` and ``n``, the number of
        distinct ballots (>= 1).
    thresholds : AnonymityRules or mapping, optional
        Campaign anonymity settings (see :class:`AnonymityRules`); defaults apply when omitted.
    by : sequence of str
        Columns that identify one subject (default phase and subject).
    rater_group, n : str
        Column names.

    Returns
    -------
    pandas.DataFrame
        The input keys plus ``status`` (``shown``/``merged``/``suppressed``), ``reported_as``
        (the group's own name, :data:`COMBINED`, or ``None``), ``reason`` (text) and
        ``threshold`` (the ballots the cell, or its pool, had to reach).

    Notes
    -----
    See the module docstring for the rule. Merging follows primary/secondary cell suppression in
    statistical disclosure control (Hundepool et al., 2012, ch. 4): a cell that would let a
    suppressed cell be recovered from a published total is suppressed (here: merged) too.

    References
    ----------
    Hundepool, A., et al. (2012). *Statistical Disclosure Control*. Wiley.

    Examples
    --------
    >>> counts = pd.DataFrame({"subject_id": ["s1"] * 3,
    ...                        "rater_group": ["peer", "subordinate", "public"], "n": [5, 2, 8]})
    >>> anonymity_decisions(counts, by=["subject_id"])[["rater_group", "status", "reported_as"]]
      rater_group  status      reported_as
    0        peer  merged  others_combined
    1 subordinate  merged  others_combined
    2      public   shown           public
    """
    rules = AnonymityRules.from_settings(thresholds)
    by = list(by)
    for column in [*by, rater_group, n]:
        if column not in counts.columns:
            raise ValueError(f"counts: missing column {column!r}.")
    if counts[n].isna().any() or (counts[n] < 1).any():
        raise ValueError(f"counts: column {n!r} must be a ballot count >= 1.")
    unknown = set(counts[rater_group]) - set(GROUPS)
    if unknown:
        raise ValueError(f"counts: column {rater_group!r} has unknown groups {sorted(unknown)}.")
    if counts.duplicated([*by, rater_group]).any():
        raise ValueError(f"counts: more than one row per {[*by, rater_group]}.")
    keys = [tuple(row) for row in counts[by].itertuples(index=False, name=None)]
    per_subject: dict[tuple, list[tuple[str, int]]] = {}
    for key, group, count in zip(keys, counts[rater_group], counts[n], strict=True):
        per_subject.setdefault(key, []).append((group, int(count)))
    decided = {key: _decide_subject(cells, rules) for key, cells in per_subject.items()}
    rows = [decided[k][g] for k, g in zip(keys, counts[rater_group], strict=True)]
    out = counts[[*by, rater_group, n]].copy()
    out["status"] = [r[0] for r in rows]
    out["reported_as"] = pd.Series([r[1] for r in rows], index=out.index, dtype=object)
    out["reason"] = [r[2] for r in rows]
    out["threshold"] = [r[3] for r in rows]
    return out.reset_index(drop=True)


def pool_stats(n: np.ndarray, mean: np.ndarray, var: np.ndarray) -> tuple[int, float, float]:
    """Pool (n, mean, sample variance) of disjoint groups exactly (Chan, Golub & LeVeque, 1983).

    ``M2 = sum((n_g - 1) var_g) + sum(n_g (mean_g - mean)^2)``; ``var = M2 / (N - 1)``.

    >>> pool_stats(np.array([2, 1]), np.array([1.5, 4.0]), np.array([0.5, np.nan]))
    (3, 2.3333333333333335, 2.333333333333333)
    """
    n = np.asarray(n, dtype=float)
    total = n.sum()
    grand = float((n * mean).sum() / total)
    within = np.nansum(np.where(n > 1, (n - 1) * var, 0.0))
    m2 = within + float((n * (mean - grand) ** 2).sum())
    return int(total), grand, (float(m2 / (total - 1)) if total > 1 else float("nan"))


def suppress_cell_stats(
    stats: pd.DataFrame,
    thresholds: AnonymityRules | Mapping | None = None,
    *,
    dimension_weights: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """Apply the rule (1-7) to per-cell statistics and add the pooled :data:`COMBINED` cells.

    Parameters
    ----------
    stats : pandas.DataFrame
        Columns phase_id, subject_id, rater_group, dimension, n, mean, var: one row per cell,
        including one ``dimension == "overall"`` row per group whose ``n`` is the group's ballot
        count.
    thresholds : AnonymityRules or mapping, optional
        Campaign anonymity settings (see :class:`AnonymityRules`).
    dimension_weights : mapping of str to float, optional
        Weight of each dimension in the overall. A dimension weighing 0 does not enter the
        overall, so hiding it does not hide the overall (rule 7). Default: every dimension enters.

    Returns
    -------
    pandas.DataFrame
        The same columns plus ``status`` (``shown``/``merged``/``suppressed``), ``reported_as``
        and ``threshold``. Hidden cells have NaN mean and var; their ``n`` is kept only for the
        composite bookkeeping and is blanked by the caller.

    Examples
    --------
    Dimension ``b`` has 2 answers (< 3), so it is hidden, and so is the overall that contains it
    (rule 7); ``a`` stays shown.

    >>> stats = pd.DataFrame({"phase_id": "p", "subject_id": "s", "rater_group": "peer",
    ...     "dimension": ["a", "b", "overall"], "n": [4, 2, 4], "mean": [0.5, 0.9, 0.6],
    ...     "var": [0.01, 0.02, 0.01]})
    >>> suppress_cell_stats(stats)[["dimension", "n", "mean", "status"]]
      dimension  n  mean      status
    0         a  4   0.5       shown
    1         b  2   NaN  suppressed
    2   overall  4   NaN  suppressed
    >>> kept = suppress_cell_stats(stats, dimension_weights={"a": 1.0, "b": 0.0})
    >>> kept["status"].tolist()
    ['shown', 'suppressed', 'shown']
    """
    rules = AnonymityRules.from_settings(thresholds)
    keys = ["phase_id", "subject_id"]
    overall = stats[stats["dimension"] == "overall"]
    decisions = anonymity_decisions(overall, thresholds=rules, by=keys)
    out = stats.merge(
        decisions[[*keys, "rater_group", "status", "reported_as", "threshold"]],
        on=[*keys, "rater_group"],
        how="left",
        validate="many_to_one",
    )
    merged = out[out["status"] == "merged"]
    if not merged.empty:
        comb = pool_frame(merged, [*keys, "dimension"])
        need = merged.groupby(keys)["threshold"].max().rename("threshold").reset_index()
        comb = comb.merge(need, on=keys, how="left").assign(rater_group=COMBINED)
        comb["status"], comb["reported_as"] = "shown", COMBINED
        out = pd.concat([out, comb[out.columns]], ignore_index=True)
    thin = (out["status"] == "shown") & (out["n"] < out["threshold"])  # rule 6
    out.loc[thin, "status"] = "suppressed"
    out.loc[partial_overall(out, dimension_weights), "status"] = "suppressed"  # rule 7
    hidden = out["status"] != "shown"
    out.loc[hidden, ["mean", "var"]] = np.nan
    return out


def release_comments(
    answers: pd.DataFrame,
    *,
    item_ids: Iterable[str],
    thresholds: AnonymityRules | Mapping | None = None,
    seed: int | None = None,
) -> pd.DataFrame:
    """Comments per subject that may be shown, shuffled, never with ballot or pseudonym.

    Rule: per phase and subject, anonymous comments (every group but ``self`` and an identified
    superior) are released only if at least ``comments`` (default 5) distinct ballots commented.
    A group's comments carry its label only if that group alone has ``comments`` commenting
    ballots; the rest are labelled ``"others"``, and if that remainder holds fewer than
    ``comments`` ballots no anonymous comment is labelled at all (else the unlabelled rest could
    be attributed by elimination). Self and identified-superior comments keep their label.

    Examples
    --------
    >>> a = pd.DataFrame({"phase_id": "p", "subject_id": "s", "item_id": "c", "is_na": False,
    ...     "ballot_id": list("abcdef"), "value_text": list("uvwxyz"),
    ...     "rater_group": ["peer"] * 5 + ["public"]})
    >>> release_comments(a, item_ids=["c"], seed=1)["rater_group"].unique().tolist()
    ['others']
    """
    rules = AnonymityRules.from_settings(thresholds)
    need = ["phase_id", "subject_id", "rater_group", "ballot_id", "item_id", "value_text", "is_na"]
    for column in need:
        if column not in answers.columns:
            raise ValueError(f"answers: missing column {column!r}.")
    text = answers["value_text"].astype("string").str.strip()
    keep = answers["item_id"].isin(list(item_ids)) & ~answers["is_na"].fillna(False).astype(bool)
    keep &= text.notna() & (text != "")
    rows = answers.loc[keep, need[:5]].assign(text=text[keep])
    rows = rows[(rows["rater_group"] != "self") | rules.show_self]
    labels = pd.Series(pd.NA, index=rows.index, dtype=object)
    named = rows["rater_group"].map(rules.identified).astype(bool)
    labels[named] = rows.loc[named, "rater_group"]
    for _, grp in rows[~named].groupby(["phase_id", "subject_id"], sort=False):
        per_group = grp.groupby("rater_group")["ballot_id"].nunique()
        if grp["ballot_id"].nunique() < rules.comments:
            continue
        own = set(per_group[per_group >= rules.comments].index)
        rest = grp.loc[~grp["rater_group"].isin(own), "ballot_id"].nunique()
        if 0 < rest < rules.comments:
            own = set()
        labels[grp.index] = grp["rater_group"].where(grp["rater_group"].isin(own), "others")
    out = rows.assign(rater_group=labels).dropna(subset=["rater_group"])
    out = out[["phase_id", "subject_id", "rater_group", "item_id", "text"]]
    rng = np.random.default_rng(seed)
    out = out.iloc[rng.permutation(len(out))]
    return out.sort_values(["phase_id", "subject_id"], kind="stable").reset_index(drop=True)
