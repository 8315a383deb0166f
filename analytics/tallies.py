"""民主测评 tallies: vote shares per grade, 优秀率 / 称职率, and campaign rules declared as data.

Rules are evaluated with exact fractions (:class:`fractions.Fraction`) so that a boundary such as
"more than one third" (超过三分之一) is decided exactly, and every result carries its arithmetic.
The anonymity rule of :mod:`analytics.suppression` applies to every group row and to the total.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd

from analytics.suppression import COMBINED, AnonymityRules, anonymity_decisions

DEFAULT_GRADES = ("excellent", "competent", "basically_competent", "incompetent")
GRADE_LABELS = {"excellent": "优秀", "competent": "称职", "basically_competent": "基本称职",
                "incompetent": "不称职"}  # fmt: skip
ALL = "all"
KEYS = ["phase_id", "subject_id", "rater_group"]
_OPS = {">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le,
        "==": operator.eq, "!=": operator.ne}  # fmt: skip
_GROUP_ORDER = ["superior", "peer", "subordinate", "public", "observer", COMBINED, ALL, "self"]
_NEEDED = ("phase_id", "subject_id", "rater_group", "ballot_id", "item_id", "option_id", "is_na")


def _counts(answers: pd.DataFrame, item: str, grades: Sequence[str]) -> pd.DataFrame:
    for column in _NEEDED:
        if column not in answers.columns:
            raise ValueError(f"answers: missing column {column!r}.")
    rows = answers[(answers["item_id"] == item) & ~answers["is_na"].fillna(False).astype(bool)]
    if rows.empty:
        raise ValueError(f"answers: no vote for item_id {item!r}.")
    unknown = set(rows["option_id"].dropna()) - set(grades)
    if unknown or rows["option_id"].isna().any():
        raise ValueError(f"answers: column 'option_id' has values outside grades: {unknown}.")
    if rows.duplicated(["ballot_id", "subject_id"]).any():
        raise ValueError("answers: a ballot votes twice for one subject (ballot_id, subject_id).")
    table = pd.crosstab([rows[k] for k in KEYS], rows["option_id"])
    table = table.reindex(columns=list(grades), fill_value=0).reset_index()
    table["n"] = table[list(grades)].sum(axis=1)
    return table


def tally_grades(
    answers: pd.DataFrame,
    item: str,
    *,
    grades: Sequence[str] = DEFAULT_GRADES,
    weights: Mapping[str, float] | None = None,
    thresholds: AnonymityRules | Mapping[str, Any] | None = None,
) -> pd.DataFrame:
    """Votes and vote shares per grade, subject and rater group, plus the total (``"all"``).

    Parameters
    ----------
    answers : pandas.DataFrame
        The long answer frame; rows of ``item`` with ``option_id`` = grade id are votes,
        N/A rows (弃权 / cannot judge) are left out of the denominator.
    item : str
        The grade item's ``item_id``.
    grades : sequence of str
        Grade ids from best to worst (default 优秀, 称职, 基本称职, 不称职).
    weights : mapping, optional
        Rater-group weights; when given, the ``all`` shares are the weighted mean of the shown
        groups' shares (renormalized), otherwise all shown votes are pooled.
    thresholds : AnonymityRules or mapping, optional
        Anonymity settings; suppressed groups have no numbers and are not in ``all``.

    Returns
    -------
    pandas.DataFrame
        Long: ``phase_id, subject_id, rater_group, grade, votes, n, share, weight, suppressed,
        status``. Self votes are never in ``all``.

    Examples
    --------
    >>> a = pd.DataFrame({"phase_id": "p", "subject_id": "s", "rater_group": "peer",
    ...     "ballot_id": list("abcd"), "item_id": "grade", "is_na": False,
    ...     "option_id": ["excellent", "competent", "competent", "incompetent"]})
    >>> t = tally_grades(a, "grade")
    >>> t.loc[t.rater_group == "all", ["grade", "votes", "share"]]
                     grade  votes  share
    4            excellent      1   0.25
    5            competent      2   0.50
    6  basically_competent      0   0.00
    7          incompetent      1   0.25
    """
    grades = list(grades)
    if len(grades) < 2 or len(set(grades)) != len(grades):
        raise ValueError(f"grades must be at least two distinct ids, got {grades}.")
    table = _counts(answers, item, grades)
    decided = anonymity_decisions(table, thresholds=thresholds)
    table = table.merge(decided[[*KEYS, "status"]], on=KEYS)
    member = table[table["status"] == "merged"]
    combined = member.groupby(KEYS[:2], as_index=False)[[*grades, "n"]].sum()
    combined["rater_group"], combined["status"] = COMBINED, "shown"
    if weights is not None:
        w = {g: float(v) for g, v in weights.items()}
        if any(not np.isfinite(v) or v < 0 for v in w.values()):
            raise ValueError("weights must be finite numbers >= 0.")
        table["weight"] = table["rater_group"].map(w).fillna(0.0)
        combined = combined.merge(
            member.assign(weight=member["rater_group"].map(w).fillna(0.0))
            .groupby(KEYS[:2], as_index=False)["weight"].sum(), on=KEYS[:2],
        )  # fmt: skip
    else:
        table["weight"] = combined["weight"] = np.nan
    cells = pd.concat([table, combined], ignore_index=True)
    total = _total(cells, grades, weighted=weights is not None)
    long = pd.concat([cells, total], ignore_index=True).melt(
        id_vars=[*KEYS, "n", "weight", "status", *(f"s_{g}" for g in grades)],
        value_vars=grades, var_name="grade", value_name="votes",
    )  # fmt: skip
    pick = long["grade"].map({g: i for i, g in enumerate(grades)}).to_numpy()
    shares = long[[f"s_{g}" for g in grades]].to_numpy(dtype=float)
    long["share"] = shares[np.arange(len(long)), pick]
    long["suppressed"] = long["status"].isin(["merged", "suppressed"])
    for column in ("votes", "n"):
        long[column] = long[column].astype("Int64").mask(long["suppressed"])
    long["share"] = long["share"].astype(float).mask(long["suppressed"])
    rank = {g: i for i, g in enumerate(_GROUP_ORDER)}
    long["_g"] = long["rater_group"].map(rank)
    long["_k"] = long["grade"].map({g: i for i, g in enumerate(grades)})
    long = long.sort_values(["phase_id", "subject_id", "_g", "_k"], kind="stable")
    cols = [*KEYS, "grade", "votes", "n", "share", "weight", "suppressed", "status"]
    return long[cols].reset_index(drop=True)


def _total(cells: pd.DataFrame, grades: list[str], *, weighted: bool) -> pd.DataFrame:
    """Add per-cell shares and build the ``all`` rows from the shown, non-self cells."""
    for g in grades:
        cells[f"s_{g}"] = cells[g] / cells["n"]
    use = cells[(cells["status"] == "shown") & (cells["rater_group"] != "self")]
    if weighted:
        use = use[use["weight"] > 0]
    rows = []
    for (phase, subject), grp in use.groupby(KEYS[:2], sort=False):
        row = {"phase_id": phase, "subject_id": subject, "rater_group": ALL,
               "status": "composite", "weight": np.nan, "n": grp["n"].sum()}  # fmt: skip
        for g in grades:
            row[g] = grp[g].sum()
            if weighted:
                row[f"s_{g}"] = (grp[f"s_{g}"] * grp["weight"]).sum() / grp["weight"].sum()
            else:
                row[f"s_{g}"] = row[g] / row["n"]
        rows.append(row)
    return pd.DataFrame(rows, columns=[*cells.columns])


def exact(value: object, name: str = "value") -> Fraction:
    """A number as the exact fraction it stands for.

    Text ("1/3", "0.15") and ints are exact already. A float is read as the simplest fraction
    with denominator <= 1000 that is the same double (so ``1/3`` stored as 0.3333333333333333 is
    one third and 0.15 is 3/20), else as its shortest decimal text.

    >>> exact(1 / 3), exact(0.15), exact("2/3"), exact(0.123456)
    (Fraction(1, 3), Fraction(3, 20), Fraction(2, 3), Fraction(1929, 15625))
    """
    if isinstance(value, bool) or value is None:
        raise ValueError(f"{name} must be a number or a fraction text, got {value!r}.")
    try:
        if isinstance(value, float | np.floating):
            if not np.isfinite(value):
                raise ValueError
            simple = Fraction(float(value)).limit_denominator(1000)
            return simple if float(simple) == float(value) else Fraction(repr(float(value)))
        return Fraction(value)  # int, Fraction, or text such as "1/3" / "0.15"
    except (TypeError, ValueError, ZeroDivisionError):
        raise ValueError(f"{name} must be a number or a fraction text, got {value!r}.") from None


def _pct(x: Fraction) -> str:
    return f"{float(x) * 100:.1f} %"


def _check_rule(rule: Mapping[str, Any], i: int, grades: Sequence[str]) -> dict[str, Any]:
    if hasattr(rule, "model_dump"):  # campaign.settings.TallyRule
        rule = rule.model_dump()
    if not isinstance(rule, Mapping):
        raise ValueError(f"rules[{i}] must be a mapping, got {type(rule).__name__}.")
    unknown = set(rule) - {"id", "metric", "op", "value", "action", "scope", "rater_group"}
    if unknown:
        raise ValueError(f"rules[{i}]: unknown keys {sorted(unknown)}.")
    for key in ("metric", "op", "value", "action"):
        if key not in rule:
            raise ValueError(f"rules[{i}]: missing key {key!r}.")
    if rule["op"] not in _OPS:
        raise ValueError(f"rules[{i}]: op must be one of {list(_OPS)}, got {rule['op']!r}.")
    scope = rule.get("scope", "subject")
    if scope not in ("subject", "unit"):
        raise ValueError(f"rules[{i}]: scope must be 'subject' or 'unit', got {scope!r}.")
    metric = str(rule["metric"])
    base = metric.removeprefix("unit_") if scope == "unit" else metric
    if scope == "unit" and not metric.startswith("unit_"):
        raise ValueError(f"rules[{i}]: a unit-scope metric starts with 'unit_', got {metric!r}.")
    known = {"excellent_share", "competent_or_better_share", "incompetent_share"}
    if base not in known | {f"{g}_share" for g in grades}:
        raise ValueError(f"rules[{i}]: unknown metric {metric!r}.")
    threshold = exact(rule["value"], f"rules[{i}].value")
    rid = rule.get("id") or f"{metric} {rule['op']} {rule['value']}"
    return {"id": str(rid), "metric": metric, "base": base, "op": rule["op"], "scope": scope,
            "threshold": threshold, "action": str(rule["action"]),
            "rater_group": rule.get("rater_group") or ALL}  # fmt: skip


def _grades_of(base: str, grades: Sequence[str]) -> list[str]:
    picks = {"excellent_share": grades[:1], "competent_or_better_share": grades[:2],
             "incompetent_share": grades[-1:]}  # fmt: skip
    return list(picks.get(base, [base.removesuffix("_share")]))


def _label(base: str, grades: Sequence[str]) -> str:
    return "+".join(GRADE_LABELS.get(g, g) for g in _grades_of(base, grades))


def _exact(rows: pd.DataFrame, chosen: list[str], group: str) -> tuple[Fraction, str] | None:
    """Exact share of ``chosen`` grades for one subject's ``group`` row, with its arithmetic."""
    cell = rows[rows["rater_group"] == group]
    if cell.empty or cell["suppressed"].all():
        return None
    votes, n = int(cell.loc[cell["grade"].isin(chosen), "votes"].sum()), int(cell["n"].iloc[0])
    parts = rows[(rows["rater_group"] != group) & rows["weight"].notna() & (rows["weight"] > 0)
                 & ~rows["suppressed"] & ~rows["rater_group"].isin([ALL, "self"])]  # fmt: skip
    if group != ALL or parts.empty:
        return Fraction(votes, n), f"{votes} / {n}"
    terms, text, wsum = Fraction(0), [], Fraction(0)
    for _, grp in parts.groupby("rater_group", sort=False):
        w = exact(float(grp["weight"].iloc[0]), "weights")
        v, m = int(grp.loc[grp["grade"].isin(chosen), "votes"].sum()), int(grp["n"].iloc[0])
        terms, wsum = terms + w * Fraction(v, m), wsum + w
        text.append(f"{float(w):g}×{v}/{m}")
    return terms / wsum, f"({' + '.join(text)}) / {float(wsum):g}"


def evaluate_rules(
    tally: pd.DataFrame,
    rules: Iterable[Mapping[str, Any]],
    *,
    grades: Sequence[str] = DEFAULT_GRADES,
    units: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Evaluate campaign tally rules (data, not code) exactly, with the arithmetic as text.

    Parameters
    ----------
    tally : pandas.DataFrame
        Output of :func:`tally_grades`.
    rules : iterable of mapping
        Each ``{"id", "metric", "op", "value", "action", "scope", "rater_group"}``; ``metric`` is
        ``excellent_share`` (优秀率), ``competent_or_better_share`` (称职率, 优秀+称职),
        ``incompetent_share`` or ``<grade>_share``; with ``scope="unit"`` it is prefixed ``unit_``
        and computed from the pooled votes of the unit's subjects. ``value`` is exact: ``"1/3"``,
        ``"0.15"`` or a number (read from its decimal text, so 0.15 is 3/20). ``rater_group``
        defaults to ``"all"``.
    grades : sequence of str
        The grade ids used in the tally, best first.
    units : mapping, optional
        subject_id -> unit id, required for unit-scope rules.

    Returns
    -------
    pandas.DataFrame
        ``rule_id, scope, phase_id, subject_id, unit_id, metric, value, threshold, op, triggered,
        action, arithmetic``; ``triggered`` is missing where the cell is suppressed.

    Notes
    -----
    Shares are ``Fraction(votes, n)``; a weighted total is ``sum(w_g v_g/n_g) / sum(w_g)`` with
    each weight read from its decimal text. Comparisons are exact, so ``4/12 > 1/3`` is false.
    A published rule of this kind (a county's annual cadre assessment plan): 优秀和称职得票率达不到
    三分之二 → 诫勉谈话或者组织调整; 不称职得票率超过三分之一 → 免职、责令辞职、降职等组织处理.

    References
    ----------
    http://www.fsou.net/html/text/lar/173530/17353020_4.html (领导干部年度考核实施方案, 第七部分).

    Examples
    --------
    >>> a = pd.DataFrame({"phase_id": "p", "subject_id": "s", "rater_group": "peer",
    ...     "ballot_id": [f"b{i}" for i in range(12)], "item_id": "grade", "is_na": False,
    ...     "option_id": ["excellent"] * 2 + ["competent"] * 6 + ["incompetent"] * 4})
    >>> rules = [{"id": "r1", "metric": "incompetent_share", "op": ">", "value": "1/3",
    ...           "action": "flag"}]
    >>> evaluate_rules(tally_grades(a, "grade"), rules)["arithmetic"].tolist()
    ['不称职 4 / 12 = 33.3 % > 33.3 %? no']
    """
    grades = list(grades)
    checked = [_check_rule(r, i, grades) for i, r in enumerate(rules)]
    out = []
    for rule in checked:
        if rule["scope"] == "unit":
            out.extend(_unit_rule(tally, rule, grades, units))
            continue
        for (phase, subject), rows in tally.groupby(["phase_id", "subject_id"], sort=False):
            got = _exact(rows, _grades_of(rule["base"], grades), rule["rater_group"])
            out.append(_result(rule, grades, phase, subject, None, got))
    columns = ["rule_id", "scope", "phase_id", "subject_id", "unit_id", "metric", "value",
               "threshold", "op", "triggered", "action", "arithmetic"]  # fmt: skip
    frame = pd.DataFrame(out, columns=columns)
    frame["triggered"] = frame["triggered"].astype("boolean")
    return frame


def _result(rule: dict, grades: Sequence[str], phase: Any, subject: Any, unit: Any,
            got: tuple[Fraction, str] | None) -> dict[str, Any]:  # fmt: skip
    head = _label(rule["base"], grades)
    t = rule["threshold"]
    row = {"rule_id": rule["id"], "scope": rule["scope"], "phase_id": phase,
           "subject_id": subject, "unit_id": unit, "metric": rule["metric"],
           "threshold": float(t), "op": rule["op"], "action": rule["action"]}  # fmt: skip
    if got is None:
        return {**row, "value": np.nan, "triggered": pd.NA,
                "arithmetic": f"{head}: suppressed (too few ballots), not evaluated"}  # fmt: skip
    value, text = got
    hit = _OPS[rule["op"]](value, t)
    arithmetic = f"{head} {text} = {_pct(value)} {rule['op']} {_pct(t)}? {'yes' if hit else 'no'}"
    return {**row, "value": float(value), "triggered": hit, "arithmetic": arithmetic}


def _unit_rule(tally: pd.DataFrame, rule: dict, grades: list[str],
               units: Mapping[str, str] | None) -> list[dict[str, Any]]:  # fmt: skip
    if units is None:
        raise ValueError(f"rule {rule['id']!r} has scope 'unit': pass units (subject -> unit).")
    rows = tally[(tally["rater_group"] == ALL) & ~tally["suppressed"]]
    rows = rows.assign(unit_id=rows["subject_id"].map(dict(units)))
    if rows["unit_id"].isna().any():
        raise ValueError("units: some subject_id of the tally has no unit.")
    chosen = _grades_of(rule["base"], grades)
    out = []
    for (phase, unit), grp in rows.groupby(["phase_id", "unit_id"], sort=False):
        votes = int(grp.loc[grp["grade"].isin(chosen), "votes"].sum())
        n = int(grp.drop_duplicates("subject_id")["n"].sum())
        got = (Fraction(votes, n), f"{votes} / {n}")
        out.append(_result(rule, grades, phase, None, unit, got))
    return out
