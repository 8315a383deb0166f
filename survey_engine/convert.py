"""Raw form value -> typed :class:`Answer` rows, one converter per item type.

Raw value shapes (``None`` always means unanswered):

============== ===================================================================
likert          ``int`` point of the scale, or ``"na"``
grade           grade id (``"excellent"`` ...), or ``"na"``
single_choice   option id
multiple_choice ``list[str]`` option ids (``[]`` = unanswered)
checklist       ``list[str]`` ticked option ids (``[]`` = none ticked)
numeric         ``int | float``
text            ``str`` (stripped; ``""`` = unanswered)
matrix          ``dict[row_id, int | "na" | None]``
ranking         ``list[str]`` option ids, first = rank 1
commitment      state: ``list[str]`` texts; rate: ``dict[commitment_id, int | "na" | None]``
============== ===================================================================
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from survey_engine.answer import Answer
from survey_engine.items import NA, ItemBase
from survey_engine.model import Scale, Survey
from survey_engine.textsafe import first_unstorable, shown


class ItemError(ValueError):
    """A raw value is invalid: ``key`` and ``params`` of a message in survey_engine.messages."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass(frozen=True)
class Context:
    survey: Survey
    subject_id: str
    commitments: Sequence[tuple[str, str]] = field(default_factory=tuple)


def is_unanswered(value: Any) -> bool:
    if value is None or value == "" or value == [] or value == ():
        return True
    if isinstance(value, str) and not value.strip():
        return True
    return isinstance(value, dict) and all(is_unanswered(v) for v in value.values())


def convert(item: Any, value: Any, ctx: Context) -> list[Answer]:
    """Typed answers for one item of one subject; raises :class:`ItemError`."""
    if is_unanswered(value):
        if item.required and not _nothing_to_answer(item, ctx):
            raise ItemError("required")
        return []
    return CONVERTERS[item.type](item, value, ctx)


def _nothing_to_answer(item: Any, ctx: Context) -> bool:
    return item.type == "commitment" and item.mode == "rate" and not ctx.commitments


def _answer(item: ItemBase, ctx: Context, **values: Any) -> Answer:
    return Answer(subject_id=ctx.subject_id, item_id=item.id, **values)


def _allow_na(item: Any, scale: Scale | None) -> bool:
    if item.allow_na is not None:
        return bool(item.allow_na)
    return bool(scale and scale.allow_na)


def _point(value: Any, scale: Scale, allow_na: bool) -> dict[str, Any]:
    """``value_num``/``is_na`` for one scale point."""
    if value == NA:
        if not allow_na:
            raise ItemError("na_not_allowed")
        return {"is_na": True}
    number = _number(value)
    if number is None or number != int(number) or not scale.min <= number <= scale.max:
        raise ItemError("not_a_point", min=scale.min, max=scale.max)
    return {"value_num": float(number)}


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def _likert(item: Any, value: Any, ctx: Context) -> list[Answer]:
    scale = ctx.survey.scale(item.scale)
    return [_answer(item, ctx, **_point(value, scale, _allow_na(item, scale)))]


def _grade(item: Any, value: Any, ctx: Context) -> list[Answer]:
    if value == NA:
        if not item.allow_na:
            raise ItemError("na_not_allowed")
        return [_answer(item, ctx, is_na=True)]
    grades = {g.id: g for g in item.grade_options()}
    if not isinstance(value, str) or value not in grades:
        raise ItemError("unknown_option", value=shown(value))
    return [_answer(item, ctx, option_id=value, value_num=float(grades[value].score))]


def _single(item: Any, value: Any, ctx: Context) -> list[Answer]:
    options = {o.id: o for o in item.options}
    if not isinstance(value, str) or value not in options:
        raise ItemError("unknown_option", value=shown(value))
    return [_answer(item, ctx, option_id=value, value_num=options[value].score)]


def _option_list(item: Any, value: Any) -> list[str]:
    known = {o.id for o in item.options}
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise ItemError("wrong_shape")
    unknown = [v for v in value if v not in known]
    if unknown:
        raise ItemError("unknown_option", value=shown(", ".join(unknown)))
    if len(set(value)) != len(value):
        raise ItemError("duplicate")
    return list(value)


def _multiple(item: Any, value: Any, ctx: Context) -> list[Answer]:
    chosen = _option_list(item, value)
    if len(chosen) < max(item.min_select, 1 if item.required else 0):
        raise ItemError("select_min", n=max(item.min_select, 1))
    if item.max_select is not None and len(chosen) > item.max_select:
        raise ItemError("select_max", n=item.max_select)
    scores = {o.id: o.score for o in item.options}
    return [_answer(item, ctx, option_id=o, value_num=scores[o]) for o in chosen]


def _checklist(item: Any, value: Any, ctx: Context) -> list[Answer]:
    return [_answer(item, ctx, option_id=o) for o in _option_list(item, value)]


def _numeric(item: Any, value: Any, ctx: Context) -> list[Answer]:
    number = _number(value)
    if number is None:
        raise ItemError("not_a_number")
    if item.integer and number != int(number):
        raise ItemError("integer")
    if item.min is not None and number < item.min:
        raise ItemError("min", n=f"{item.min:g}")
    if item.max is not None and number > item.max:
        raise ItemError("max", n=f"{item.max:g}")
    return [_answer(item, ctx, value_num=number)]


def _storable(text: str) -> str:
    """``text`` when every character can be stored, else an ``unstorable`` :class:`ItemError`."""
    bad = first_unstorable(text)
    if bad is not None:
        raise ItemError("unstorable", char=bad)
    return text


def _text(item: Any, value: Any, ctx: Context) -> list[Answer]:
    if not isinstance(value, str):
        raise ItemError("wrong_shape")
    text = value.strip()
    if len(text) > item.max_length:
        raise ItemError("too_long", n=item.max_length)
    return [_answer(item, ctx, value_text=_storable(text))]


def _rows(item: Any, value: Any, ctx: Context, rows: Sequence[str], scale: Scale) -> list[Answer]:
    """Shared by matrix and rated commitments: ``{row_id: point | "na" | None}``."""
    if not isinstance(value, dict):
        raise ItemError("wrong_shape")
    unknown = [shown(r) for r in value if r not in rows]
    if unknown:
        raise ItemError("unknown_row", value=shown(", ".join(unknown)))
    missing = [r for r in rows if is_unanswered(value.get(r))]
    if item.required and missing:
        raise ItemError("all_rows", rows=", ".join(missing))
    allow_na = _allow_na(item, scale)
    return [
        _answer(item, ctx, row_id=r, **_point(value[r], scale, allow_na))
        for r in rows
        if r not in missing
    ]


def _matrix(item: Any, value: Any, ctx: Context) -> list[Answer]:
    scale = ctx.survey.scale(item.scale)
    return _rows(item, value, ctx, [row.id for row in item.rows], scale)


def _ranking(item: Any, value: Any, ctx: Context) -> list[Answer]:
    ranked = _option_list(item, value)
    if len(ranked) != item.rank_count():
        raise ItemError("rank_count", n=item.rank_count())
    return [_answer(item, ctx, option_id=o, value_num=float(i)) for i, o in enumerate(ranked, 1)]


def _commitment(item: Any, value: Any, ctx: Context) -> list[Answer]:
    if item.mode == "rate":
        scale = ctx.survey.scale(item.scale)
        return _rows(item, value, ctx, [cid for cid, _ in ctx.commitments], scale)
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise ItemError("wrong_shape")
    texts = [v.strip() for v in value if v.strip()]
    if len(texts) > item.max_commitments:
        raise ItemError("too_many", n=item.max_commitments)
    if any(len(t) > item.max_length for t in texts):
        raise ItemError("too_long", n=item.max_length)
    for text in texts:
        _storable(text)
    return [
        _answer(item, ctx, row_id=commitment_row_id(i), value_text=t)
        for i, t in enumerate(texts, 1)
    ]


def commitment_row_id(seq: int) -> str:
    """``row_id`` of the ``seq``-th (1-based) stated commitment in a ballot: ``c1``, ``c2`` ..."""
    return f"c{seq}"


CONVERTERS: dict[str, Callable[[Any, Any, Context], list[Answer]]] = {
    "likert": _likert,
    "grade": _grade,
    "single_choice": _single,
    "multiple_choice": _multiple,
    "checklist": _checklist,
    "numeric": _numeric,
    "text": _text,
    "matrix": _matrix,
    "ranking": _ranking,
    "commitment": _commitment,
}
