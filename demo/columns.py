"""Turn a loaded survey definition into answer columns, generically by item type.

Whatever items the templates define, each becomes one or more :class:`Column`: a numeric cell on
a scale (likert, matrix row, grade, scored choice, numeric, rated commitment) that takes one
quantile ``p`` per (ballot, subject) from the latent model, or a cell-level item (checklist,
multiple choice, text, ranking, stated commitment) generated from the cell's mean ``p``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

P_KINDS = ("scale", "grade", "choice", "numeric", "commit_rate")


@dataclass(frozen=True)
class Column:
    item_id: str
    # scale | grade | choice | numeric | commit_rate (p columns), or
    # checklist | multi | ranking | text | commit_state (cell-level)
    kind: str
    row_id: str | None = None
    slot: int = 0  # dimension slot 0..7 (latent dimension effect)
    reverse: bool = False
    lo: float = 1
    hi: float = 5
    integer: bool = True
    options: tuple[str, ...] = ()  # ascending score for grade/choice
    scores: tuple[float | None, ...] = ()
    polarity: tuple[str, ...] = ()
    min_select: int = 0
    max_select: int | None = None
    allow_na: bool = False
    required: bool = True
    commit_seq: int = 0
    show_if: str | None = None
    caps: tuple[tuple[str, float], ...] = field(default_factory=tuple)


def _slot(survey: Any, dimension: str | None) -> int:
    dims = [d.id for d in getattr(survey, "dimensions", [])]
    return (dims.index(dimension) % 8) if dimension in dims else 7


def _scale(survey: Any, scale_id: str | None) -> tuple[int, int, bool]:
    if scale_id is None:
        return 1, 5, False
    scale = survey.scale(scale_id)
    return scale.min, scale.max, bool(scale.allow_na)


def _na(item: Any, default: bool) -> bool:
    value = getattr(item, "allow_na", None)
    return default if value is None else bool(value)


def item_columns(survey: Any, item: Any, commitments: int) -> list[Column]:
    """The columns of one item (a matrix has one per row, a rated commitment one per slot)."""
    base = dict(
        item_id=item.id,
        slot=_slot(survey, item.dimension),
        reverse=item.reverse,
        required=item.required,
        show_if=item.show_if,
    )
    caps = tuple((c.option, c.max_share) for c in getattr(survey, "caps", []) if c.item == item.id)
    kind = item.type
    if kind == "likert":
        lo, hi, na = _scale(survey, item.scale)
        return [Column(kind="scale", lo=lo, hi=hi, allow_na=_na(item, na), **base)]
    if kind == "matrix":
        lo, hi, na = _scale(survey, item.scale)
        return [
            Column(
                kind="scale",
                lo=lo,
                hi=hi,
                allow_na=_na(item, na),
                **{
                    **base,
                    "row_id": row.id,
                    "reverse": row.reverse,
                    "slot": _slot(survey, row.dimension or item.dimension),
                },
            )
            for row in item.rows
        ]
    if kind == "grade":
        opts = sorted(item.grade_options(), key=lambda o: o.score)
        return [
            Column(
                kind="grade",
                options=tuple(o.id for o in opts),
                caps=caps,
                scores=tuple(o.score for o in opts),
                allow_na=item.allow_na,
                **base,
            )
        ]
    if kind == "single_choice":
        scored = all(o.score is not None for o in item.options)
        opts = sorted(item.options, key=lambda o: o.score) if scored else list(item.options)
        return [
            Column(
                kind="choice",
                options=tuple(o.id for o in opts),
                caps=caps,
                scores=tuple(o.score for o in opts) if scored else (),
                **base,
            )
        ]
    if kind == "numeric":
        lo = 0.0 if item.min is None else item.min
        hi = max(lo + 100.0, lo) if item.max is None else item.max
        return [Column(kind="numeric", lo=lo, hi=hi, integer=item.integer, **base)]
    if kind in ("checklist", "multiple_choice"):
        pol = tuple(getattr(o, "polarity", "positive") for o in item.options)
        return [
            Column(
                kind="checklist" if kind == "checklist" else "multi",
                options=tuple(o.id for o in item.options),
                polarity=pol,
                min_select=getattr(item, "min_select", 0),
                max_select=getattr(item, "max_select", None),
                **base,
            )
        ]
    if kind == "ranking":
        return [
            Column(
                kind="ranking",
                options=tuple(o.id for o in item.options),
                max_select=item.rank_count(),
                **base,
            )
        ]
    if kind == "text":
        return [Column(kind="text", **base)]
    if kind == "commitment":
        if item.mode == "state":
            return [Column(kind="commit_state", max_select=item.max_commitments, **base)]
        lo, hi, na = _scale(survey, item.scale)
        n = min(commitments, item.max_commitments)
        return [
            Column(
                kind="commit_rate",
                lo=lo,
                hi=hi,
                allow_na=_na(item, na),
                commit_seq=j,
                **{**base, "slot": 7},
            )
            for j in range(n)
        ]
    return []  # an item type this generator does not know yet: left unanswered


def survey_columns(survey: Any, rater_group: str, commitments: int) -> list[Column]:
    """Every column a rater of ``rater_group`` answers, in page order."""
    cols: list[Column] = []
    for item in survey.all_items():
        if item.shown_to(rater_group):
            cols.extend(item_columns(survey, item, commitments))
    return cols
