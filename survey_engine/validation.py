"""Raw form values -> typed answers, applying audience, show_if, required, ranges and grid caps.

The raw ballot is ``{subject_id: {item_id: raw value}}`` for both subject modes (single mode has
one subject); raw value shapes per item type are listed in :mod:`survey_engine.convert`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from survey_engine.answer import Answer
from survey_engine.convert import Context, ItemError, convert
from survey_engine.expr import parse_show_if
from survey_engine.items import GradeItem, ItemBase
from survey_engine.messages import message
from survey_engine.model import Survey

GRID_KEY = "*"
"""Subject key of errors that concern the whole grid ballot (caps)."""

RawBallot = Mapping[str, Mapping[str, Any]]
Commitments = Mapping[str, Sequence[tuple[str, str]]]


class AnswerErrors(ValueError):
    """Invalid answers: ``errors[subject_id][item_id] -> message`` (``GRID_KEY`` for caps)."""

    def __init__(self, errors: dict[str, dict[str, str]]) -> None:
        self.errors = errors
        count = sum(len(v) for v in errors.values())
        super().__init__(f"{count} invalid answer(s): {errors}")

    def for_item(self, subject_id: str, item_id: str) -> str | None:
        return self.errors.get(subject_id, {}).get(item_id)


def visible_items(
    survey: Survey,
    *,
    rater_group: str,
    answers: Mapping[str, Any],
    page_index: int | None = None,
) -> list[ItemBase]:
    """Items this rater group sees for one subject, given that subject's raw ``answers``.

    An item is visible when its audience includes ``rater_group`` and its show_if (if any) is
    true over the answers of VISIBLE items on earlier pages; answers of hidden items never count.
    """
    context: dict[str, Any] = {}
    shown: list[ItemBase] = []
    for index, page in enumerate(survey.pages):
        for item in page.items:
            if not item.shown_to(rater_group):
                continue
            if item.show_if is not None and not parse_show_if(item.show_if).evaluate(context):
                continue
            if item.id in answers:
                context[item.id] = answers[item.id]
            if page_index is None or index == page_index:
                shown.append(item)
    return shown


def validate_submission(
    survey: Survey,
    raw: RawBallot,
    *,
    rater_group: str,
    subject_ids: Sequence[str],
    lang: str,
    page_index: int | None = None,
    commitments: Commitments | None = None,
) -> list[Answer]:
    """Typed answers of a ballot, or :class:`AnswerErrors` with a message per item and subject.

    Answers of hidden items (audience, show_if) are dropped and hidden required items are not
    required. ``page_index`` restricts checks and answers to one page (earlier pages' raw values
    still drive show_if). ``commitments`` maps a subject to its stated ``(commitment_id, text)``
    for rate-mode commitment items. Grid caps are checked when the whole ballot (or the page
    holding the capped item) is validated.
    """
    errors: dict[str, dict[str, str]] = {}
    answers: list[Answer] = []
    for subject_id in raw:
        if subject_id not in subject_ids:
            errors.setdefault(subject_id, {})[GRID_KEY] = message("unknown_subject", lang)
    for subject_id in subject_ids:
        values = raw.get(subject_id, {})
        ctx = Context(survey, subject_id, tuple((commitments or {}).get(subject_id, ())))
        subject_errors = _validate_subject(survey, values, ctx, rater_group, lang, page_index)
        if subject_errors:
            errors[subject_id] = subject_errors
        answers.extend(_answers_of(survey, values, ctx, rater_group, page_index, subject_errors))
    cap_errors = _check_caps(survey, answers, len(subject_ids), lang)
    if cap_errors:
        errors.setdefault(GRID_KEY, {}).update(cap_errors)
    if errors:
        raise AnswerErrors(errors)
    return answers


def _validate_subject(
    survey: Survey,
    values: Mapping[str, Any],
    ctx: Context,
    rater_group: str,
    lang: str,
    page_index: int | None,
) -> dict[str, str]:
    known = survey.index.items
    errors = {key: message("unknown_item", lang) for key in values if key not in known}
    for item in visible_items(
        survey, rater_group=rater_group, answers=values, page_index=page_index
    ):
        try:
            convert(item, values.get(item.id), ctx)
        except ItemError as exc:
            errors[item.id] = message(exc.key, lang, **exc.params)
    return errors


def _answers_of(
    survey: Survey,
    values: Mapping[str, Any],
    ctx: Context,
    rater_group: str,
    page_index: int | None,
    errors: Mapping[str, str],
) -> list[Answer]:
    if errors:
        return []
    out: list[Answer] = []
    for item in visible_items(
        survey, rater_group=rater_group, answers=values, page_index=page_index
    ):
        out.extend(convert(item, values.get(item.id), ctx))
    return out


def _check_caps(
    survey: Survey, answers: list[Answer], n_subjects: int, lang: str
) -> dict[str, str]:
    errors: dict[str, str] = {}
    for cap in survey.caps if survey.subject_mode == "grid" else []:
        count = sum(1 for a in answers if a.item_id == cap.item and a.option_id == cap.option)
        allowed = cap.allowed(n_subjects)
        if count > allowed:
            item = survey.item(cap.item)
            label = _option_label(item, cap.option, lang)
            errors[cap.item] = message(
                "cap",
                lang,
                option=label,
                allowed=allowed,
                n=n_subjects,
                share=f"{cap.max_share:.0%}",
                count=count,
            )
    return errors


def _option_label(item: ItemBase, option_id: str, lang: str) -> str:
    options = item.grade_options() if isinstance(item, GradeItem) else item.options  # type: ignore[attr-defined]
    for option in options:
        if option.id == option_id:
            return option.label.get(lang)
    return option_id
