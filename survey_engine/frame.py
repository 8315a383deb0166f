"""Item metadata as tidy DataFrames for analytics, and the commitments helper."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from survey_engine.answer import Answer
from survey_engine.items import GradeItem, ItemBase
from survey_engine.model import Survey

ITEM_COLUMNS = [
    "item_id",
    "row_id",
    "type",
    "dimension",
    "weight",
    "reverse",
    "scale_min",
    "scale_max",
]
OPTION_COLUMNS = ["item_id", "option_id", "label_zh", "label_en", "score", "polarity"]
SCORED_TYPES = ("likert", "grade", "single_choice", "numeric", "matrix", "commitment")


def items_frame(survey: Survey) -> pd.DataFrame:
    """One row per scored cell: ``item_id, row_id, type, dimension, weight, reverse, scale_min,
    scale_max``.

    Scored: likert, grade (scale = grade scores), single_choice with scores, numeric (its
    min/max), each matrix row (``row_id``; row dimension wins, reverse = item XOR row), rate-mode
    commitments (one row, ``row_id`` None: commitment ids differ per subject). Choice options,
    checklist polarity and ranks are in :func:`options_frame`.
    """
    rows: list[dict[str, object]] = []
    for item in survey.all_items():
        rows.extend(_item_rows(survey, item))
    return pd.DataFrame(rows, columns=ITEM_COLUMNS)


def _item_rows(survey: Survey, item: ItemBase) -> list[dict[str, object]]:
    kind = item.type  # type: ignore[attr-defined]
    base = {
        "item_id": item.id,
        "row_id": None,
        "type": kind,
        "dimension": item.dimension,
        "weight": item.weight,
        "reverse": item.reverse,
    }
    if kind in ("likert", "matrix") or (kind == "commitment" and item.mode == "rate"):  # type: ignore[attr-defined]
        scale = survey.scale(item.scale)  # type: ignore[attr-defined]
        bounds = {"scale_min": float(scale.min), "scale_max": float(scale.max)}
    elif isinstance(item, GradeItem):
        scores = [g.score for g in item.grade_options()]
        bounds = {"scale_min": float(min(scores)), "scale_max": float(max(scores))}
    elif kind == "single_choice":
        scores = [o.score for o in item.options if o.score is not None]  # type: ignore[attr-defined]
        if not scores:
            return []
        bounds = {"scale_min": float(min(scores)), "scale_max": float(max(scores))}
    elif kind == "numeric":
        bounds = {"scale_min": item.min, "scale_max": item.max}  # type: ignore[attr-defined]
    else:
        return []
    if kind != "matrix":
        return [{**base, **bounds}]
    return [
        {
            **base,
            **bounds,
            "row_id": row.id,
            "dimension": row.dimension or item.dimension,
            "reverse": row.reverse != item.reverse,
        }
        for row in item.rows  # type: ignore[attr-defined]
    ]


def options_frame(survey: Survey) -> pd.DataFrame:
    """One row per option of grade, choice, checklist and ranking items:
    ``item_id, option_id, label_zh, label_en, score, polarity`` (polarity for checklists)."""
    rows = []
    for item in survey.all_items():
        options = (
            item.grade_options() if isinstance(item, GradeItem) else getattr(item, "options", [])
        )
        for option in options:
            rows.append(
                {
                    "item_id": item.id,
                    "option_id": option.id,
                    "label_zh": option.label.get("zh"),
                    "label_en": option.label.get("en"),
                    "score": getattr(option, "score", None),
                    "polarity": getattr(option, "polarity", None),
                }
            )
    return pd.DataFrame(rows, columns=OPTION_COLUMNS)


def stated_commitments(
    answers: Iterable[Answer], *, item_id: str | None = None
) -> dict[str, list[tuple[str, str]]]:
    """Stated (亮诺) commitments per subject, in order: ``{subject_id: [(commitment_id, text)]}``.

    Takes the answers of a state-mode commitment item (``row_id`` = ``c1``, ``c2`` ...,
    ``value_text``); the ids it returns are the ``row_id`` values. Storage may substitute its own
    ``commitment.commitment_id``; the renderer of a rate-mode item takes any such list.
    """
    out: dict[str, list[tuple[str, str]]] = {}
    for answer in answers:
        if answer.value_text is None or answer.row_id is None:
            continue
        if item_id is not None and answer.item_id != item_id:
            continue
        out.setdefault(answer.subject_id, []).append((answer.row_id, answer.value_text))
    for subject_id, pairs in out.items():
        out[subject_id] = sorted(pairs, key=lambda p: int(p[0][1:]) if p[0][1:].isdigit() else 0)
    return out
