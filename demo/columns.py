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


def _likert(survey: Any, item: Any, base: dict, commitments: int) -> list[Column]:
    lo, hi, na = _scale(survey, item.scale)
    return [Column(kind="scale", lo=lo, hi=hi, allow_na=_na(item, na), **base)]


def _matrix(survey: Any, item: Any, base: dict, commitments: int) -> list[Column]:
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


def _caps(survey: Any, item: Any) -> tuple[tuple[str, float], ...]:
    return tuple((c.option, c.max_share) for c in getattr(survey, "caps", []) if c.item == item.id)


def _grade(survey: Any, item: Any, base: dict, commitments: int) -> list[Column]:
    opts = sorted(item.grade_options(), key=lambda o: o.score)
    return [
        Column(
            kind="grade",
            options=tuple(o.id for o in opts),
            caps=_caps(survey, item),
            scores=tuple(o.score for o in opts),
            allow_na=item.allow_na,
            **base,
        )
    ]


def _single_choice(survey: Any, item: Any, base: dict, commitments: int) -> list[Column]:
    scored = all(o.score is not None for o in item.options)
    opts = sorted(item.options, key=lambda o: o.score) if scored else list(item.options)
    return [
        Column(
            kind="choice",
            options=tuple(o.id for o in opts),
            caps=_caps(survey, item),
            scores=tuple(o.score for o in opts) if scored else (),
            **base,
        )
    ]


def _numeric(survey: Any, item: Any, base: dict, commitments: int) -> list[Column]:
    lo = 0.0 if item.min is None else item.min
    hi = lo + 100.0 if item.max is None else item.max
    return [Column(kind="numeric", lo=lo, hi=hi, integer=item.integer, **base)]


def _choices(survey: Any, item: Any, base: dict, commitments: int) -> list[Column]:
    return [
        Column(
            kind="checklist" if item.type == "checklist" else "multi",
            options=tuple(o.id for o in item.options),
            polarity=tuple(getattr(o, "polarity", "positive") for o in item.options),
            min_select=getattr(item, "min_select", 0),
            max_select=getattr(item, "max_select", None),
            **base,
        )
    ]


def _ranking(survey: Any, item: Any, base: dict, commitments: int) -> list[Column]:
    return [
        Column(
            kind="ranking",
            options=tuple(o.id for o in item.options),
            max_select=item.rank_count(),
            **base,
        )
    ]


def _text(survey: Any, item: Any, base: dict, commitments: int) -> list[Column]:
    return [Column(kind="text", **base)]


def _commitment(survey: Any, item: Any, base: dict, commitments: int) -> list[Column]:
    if item.mode == "state":
        return [Column(kind="commit_state", max_select=item.max_commitments, **base)]
    lo, hi, na = _scale(survey, item.scale)
    return [
        Column(
            kind="commit_rate",
            lo=lo,
            hi=hi,
            allow_na=_na(item, na),
            commit_seq=j,
            **{**base, "slot": 7},
        )
        for j in range(min(commitments, item.max_commitments))
    ]


BUILDERS = {
    "likert": _likert,
    "matrix": _matrix,
    "grade": _grade,
    "single_choice": _single_choice,
    "numeric": _numeric,
    "checklist": _choices,
    "multiple_choice": _choices,
    "ranking": _ranking,
    "text": _text,
    "commitment": _commitment,
}


def item_columns(survey: Any, item: Any, commitments: int) -> list[Column]:
    """The columns of one item (a matrix has one per row, a rated commitment one per slot).

    An item type without a builder here is left unanswered (the generator never guesses).
    """
    builder = BUILDERS.get(item.type)
    if builder is None:
        return []
    base = dict(
        item_id=item.id,
        slot=_slot(survey, item.dimension),
        reverse=item.reverse,
        required=item.required,
        show_if=item.show_if,
    )
    return builder(survey, item, base, commitments)


def survey_columns(survey: Any, rater_group: str, commitments: int) -> list[Column]:
    """Every column a rater of ``rater_group`` answers, in page order."""
    cols: list[Column] = []
    for item in survey.all_items():
        if item.shown_to(rater_group):
            cols.extend(item_columns(survey, item, commitments))
    return cols
