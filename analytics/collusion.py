"""Colluding raters: pairs of ballots more alike than chance allows (#13).

A ballot is one rater's marks on a whole slate of subjects. Raters who agree among themselves
hand in near-identical ballots. Kuriakose & Robbins (2016) flag pairs of respondents who match
on at least 85 % of their answers; Pew Research Center (2016) showed that such a fixed cut-off
depends on the number of questions, of answer options and of respondents, and flags many
honest pairs when answers are concentrated. Here the cut-off is calibrated on the data instead,
with a permutation null that keeps each cell's grade distribution.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analytics._validation import require_columns, require_frame, require_open_unit, require_whole

__all__ = ["colluding_pairs", "match_matrix"]

PAIR_COLUMNS = ("ballot_a", "ballot_b", "matches", "common", "share", "threshold", "p_value")


class _Grid:
    """Ballots x cells in integer codes: who answered which cell, and with which answer.

    ``rows``, ``cells`` and ``answers`` list the answered (ballot, cell) entries, sorted by cell;
    ``answers`` codes each distinct (cell, value) once, so two entries match exactly when their
    codes are equal, and codes are never shared between cells.
    """

    def __init__(self, labels: pd.Index, rows: np.ndarray, cells: np.ndarray, answers: np.ndarray):
        order = np.argsort(cells, kind="stable")
        self.labels = labels
        self.rows, self.cells, self.answers = rows[order], cells[order], answers[order]
        self.n_answers = int(answers.max()) + 1 if len(answers) else 0
        self.n_cells = int(cells.max()) + 1 if len(cells) else 0

    @property
    def n_ballots(self) -> int:
        return len(self.labels)

    def matches(self, answers: np.ndarray) -> np.ndarray:
        """Ballots x ballots count of cells where both answered alike (one-hot product)."""
        onehot = np.zeros((self.n_ballots, self.n_answers))
        onehot[self.rows, answers] = 1.0
        return onehot @ onehot.T

    def common(self) -> np.ndarray:
        """Ballots x ballots count of cells that both answered."""
        answered = np.zeros((self.n_ballots, self.n_cells))
        answered[self.rows, self.cells] = 1.0
        return answered @ answered.T

    def shuffled(self, rng: np.random.Generator) -> np.ndarray:
        """The answers permuted among the ballots that answered each cell, independently."""
        return self.answers[np.argsort(self.cells + rng.random(len(self.cells)))]


def _grid(ballots: object, ballot: str, subject: str, item: str, value: str) -> _Grid:
    """Validate the long frame and encode it as a :class:`_Grid`."""
    data = require_frame(ballots, "ballots")
    require_columns(data, ballot=ballot, subject=subject, item=item, value=value)
    keys = [ballot, subject, item]
    repeated = data.duplicated(subset=keys, keep=False)
    if repeated.any():
        example = data.loc[repeated, keys].iloc[0].tolist()
        raise ValueError(f"ballots: the (ballot, subject, item) {example} occurs more than once.")
    codes, labels = pd.factorize(data[ballot], sort=True)
    if (codes < 0).any():
        raise ValueError(f"ballots: column {ballot!r} has missing ballot ids.")
    answered = data[value].notna().to_numpy()
    frame = data.loc[answered, keys[1:] + [value]]
    cells = frame.groupby(keys[1:], dropna=False, sort=False).ngroup().to_numpy()
    answers = frame.groupby(keys[1:] + [value], dropna=False, sort=False).ngroup().to_numpy()
    return _Grid(pd.Index(labels), codes[answered], cells, answers)


def _shares(matches: np.ndarray, common: np.ndarray) -> np.ndarray:
    """Match proportion over the cells both answered; NaN where they share none."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(common > 0, matches / np.maximum(common, 1), np.nan)


def match_matrix(
    ballots: pd.DataFrame, *, ballot: str, subject: str, item: str, value: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Pairwise match shares between ballots, over the cells both ballots answered.

    Parameters
    ----------
    ballots : pandas.DataFrame
        Long frame, one row per (ballot, subject, item); ``value`` is the answer, compared for
        equality (categorical or numeric). NaN is "not answered / cannot judge".
    ballot, subject, item, value : str
        Column names. A cell is one (subject, item).

    Returns
    -------
    shares : pandas.DataFrame
        Ballots x ballots (sorted ids): matching cells / cells both answered; NaN where the two
        ballots answered no cell in common, and on the diagonal.
    common : pandas.DataFrame
        Ballots x ballots: number of cells both answered (the diagonal: cells the ballot answered).

    Raises
    ------
    ValueError
        If ``ballots`` is not a non-empty DataFrame, lacks a named column, or repeats a
        (ballot, subject, item).

    Examples
    --------
    >>> import pandas as pd
    >>> long = pd.DataFrame(
    ...     {
    ...         "ballot": ["b1"] * 3 + ["b2"] * 3,
    ...         "subject": ["Li", "Wang", "Zhao"] * 2,
    ...         "item": ["overall"] * 6,
    ...         "grade": ["excellent", "competent", None, "excellent", "incompetent", "competent"],
    ...     }
    ... )
    >>> shares, common = match_matrix(
    ...     long, ballot="ballot", subject="subject", item="item", value="grade"
    ... )
    >>> float(shares.loc["b1", "b2"]), int(common.loc["b1", "b2"])
    (0.5, 2)
    """
    grid = _grid(ballots, ballot, subject, item, value)
    common = grid.common()
    shares = _shares(grid.matches(grid.answers), common)
    np.fill_diagonal(shares, np.nan)
    labels = grid.labels
    return (
        pd.DataFrame(shares, index=labels, columns=labels),
        pd.DataFrame(common.round().astype(int), index=labels, columns=labels),
    )


def _null_maxima(
    grid: _Grid, pairs: np.ndarray, common: np.ndarray, permutations: int, seed: object
) -> np.ndarray:
    """Largest pair share in each of ``permutations`` within-cell permuted data sets."""
    rng = np.random.default_rng(seed)
    maxima = np.empty(permutations)
    for k in range(permutations):
        matches = grid.matches(grid.shuffled(rng)).ravel()[pairs]
        maxima[k] = _shares(matches, common).max()
    return maxima


def _result(rows: dict, threshold: float, alpha: float, n_ballots: int, permutations: int):
    """The flagged pairs as a frame, sorted by share (descending), with the run's attrs."""
    frame = pd.DataFrame(rows, columns=list(PAIR_COLUMNS))
    frame = frame.sort_values(["share", "ballot_a", "ballot_b"], ascending=[False, True, True])
    frame = frame.reset_index(drop=True)
    frame.attrs.update(
        threshold=threshold,
        null_quantile=1.0 - alpha,
        n_ballots=n_ballots,
        permutations=permutations,
    )
    return frame


def colluding_pairs(
    ballots: pd.DataFrame,
    *,
    ballot: str,
    subject: str,
    item: str,
    value: str,
    alpha: float = 0.01,
    permutations: int = 999,
    seed: object = 0,
    min_common: int = 5,
) -> pd.DataFrame:
    """Pairs of ballots that match more often than a within-cell permutation null allows.

    Parameters
    ----------
    ballots : pandas.DataFrame
        Long frame, one row per (ballot, subject, item); ``value`` is the answer (a grade such
        as excellent / competent / basically_competent / incompetent, or a 1..5 rating),
        compared for equality. NaN is "not answered / cannot judge".
    ballot, subject, item, value : str
        Column names. A cell is one (subject, item).
    alpha : float, default 0.01
        Family-wise error rate over all pairs of ballots, strictly between 0 and 1.
    permutations : int, default 999
        Number of permuted data sets drawn for the null distribution.
    seed : int, numpy.random.Generator or None, default 0
        Passed to :func:`numpy.random.default_rng`; the same seed gives the same result.
    min_common : int, default 5
        A pair is compared only if both ballots answered at least this many common cells.

    Returns
    -------
    pandas.DataFrame
        One row per flagged pair, sorted by ``share`` descending: ``ballot_a`` < ``ballot_b``,
        ``matches`` (cells answered alike), ``common`` (cells both answered), ``share``
        (``matches / common``), ``threshold`` (the null quantile the share exceeds) and
        ``p_value``. ``attrs`` holds ``threshold``, ``null_quantile`` (the level 1 - alpha),
        ``n_ballots`` and ``permutations`` (0 when no pair could be compared; the threshold is
        then NaN and the frame empty, as with fewer than two ballots).

    Raises
    ------
    ValueError
        If ``ballots`` is not a non-empty DataFrame, lacks a named column, repeats a
        (ballot, subject, item) or has a missing ballot id; or if ``alpha`` is not in (0, 1), or
        ``permutations`` or ``min_common`` is not a positive integer.

    Notes
    -----
    For ballots i and j let C_ij be the cells (subject, item) both answered; a missing answer
    counts in neither the numerator nor the denominator. Their match share is
    s_ij = #{c in C_ij : x_ic = x_jc} / |C_ij|, computed for the pairs with |C_ij| >=
    ``min_common``. Each ballot's statistic is its largest share with any other ballot, as in
    Kuriakose & Robbins (2016); the largest of these is the largest share over all pairs, M.

    Kuriakose & Robbins flag a share of at least 0.85. Pew Research Center (2016) showed that
    the share honest pairs reach depends on the number of items, answer options and respondents,
    and that concentrated answers (most raters marking "excellent") make the fixed rule flag
    many honest pairs. The threshold here is therefore taken from a null distribution: the
    values of each cell are permuted, independently across cells, among the ballots that
    answered that cell. This keeps every cell's grade distribution (its concentration) and
    which cells each ballot answered (so every |C_ij|), and destroys any link between ballots.
    M is recomputed on each of the ``permutations`` permuted data sets. The threshold t is the
    1 - alpha quantile of these null maxima (``numpy.quantile``, method "higher", i.e. a
    value the null reached), and a pair is flagged when s_ij > t. Because t bounds the maximum
    over all pairs, the probability that any pair is flagged in data without collusion is at
    most about alpha: the family-wise error over all pairs is controlled, not the per-pair
    error. With few cells the shares are coarse and the test is conservative (no share can
    exceed t = 1). A flagged pair's p-value is (1 + #{null maxima >= s_ij}) / (1 + B), with B
    = ``permutations``, the largest-statistic adjusted permutation p-value.

    Computation: the answers are coded once per distinct (cell, value), so a one-hot ballots x
    codes matrix X gives all matching counts as X X^T and the common cells as A A^T, with A the
    ballots x cells answered indicator; each permutation shuffles the codes within cells and
    recomputes X X^T.

    References
    ----------
    Kuriakose, N. & Robbins, M. (2016). Don't get duped: Fraud through duplication in public
    opinion surveys. Statistical Journal of the IAOS, 32(3), 283-291.

    Pew Research Center (2016). Evaluating a New Proposal for Detecting Data Falsification in
    Surveys. https://www.pewresearch.org/methods/2016/02/23/

    Examples
    --------
    Twelve ballots on sixteen subjects; ballots "b00" and "b01" are the same but for one grade.

    >>> import numpy as np
    >>> import pandas as pd
    >>> rng = np.random.default_rng(1)
    >>> grades = rng.choice(["excellent", "competent", "incompetent"], size=(12, 16))
    >>> grades[1] = grades[0]
    >>> grades[1, 15] = "incompetent" if grades[0, 15] != "incompetent" else "competent"
    >>> wide = pd.DataFrame(grades, index=[f"b{i:02d}" for i in range(12)])
    >>> long = wide.rename_axis(index="ballot", columns="subject").stack()
    >>> long = long.rename("grade").reset_index().assign(item="overall")
    >>> out = colluding_pairs(
    ...     long, ballot="ballot", subject="subject", item="item", value="grade",
    ...     alpha=0.05, permutations=199,
    ... )
    >>> out[["ballot_a", "ballot_b", "matches", "common", "share"]]
      ballot_a ballot_b  matches  common  share
    0      b00      b01       15      16  0.9375
    >>> out.attrs["n_ballots"], out.attrs["threshold"] < 15 / 16
    (12, True)
    """
    alpha = require_open_unit(alpha, "alpha")
    permutations = require_whole(permutations, "permutations")
    min_common = require_whole(min_common, "min_common")
    grid = _grid(ballots, ballot, subject, item, value)
    n = grid.n_ballots
    common_all = grid.common()
    first, second = np.triu_indices(n, k=1)
    keep = common_all[first, second] >= min_common
    first, second = first[keep], second[keep]
    if len(first) == 0:
        return _result({}, np.nan, alpha, n, 0)
    pairs = first * n + second
    common = common_all.ravel()[pairs]
    matches = grid.matches(grid.answers).ravel()[pairs]
    shares = _shares(matches, common)
    maxima = np.sort(_null_maxima(grid, pairs, common, permutations, seed))
    threshold = float(np.quantile(maxima, 1.0 - alpha, method="higher"))
    hit = shares > threshold
    exceed = len(maxima) - np.searchsorted(maxima, shares[hit], side="left")
    rows = {
        "ballot_a": grid.labels[first[hit]],
        "ballot_b": grid.labels[second[hit]],
        "matches": matches[hit].round().astype(int),
        "common": common[hit].round().astype(int),
        "share": shares[hit],
        "threshold": threshold,
        "p_value": (1 + exceed) / (1 + permutations),
    }
    return _result(rows, threshold, alpha, n, permutations)
