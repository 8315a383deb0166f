"""The typed answer: the contract between the survey engine, storage and analytics."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Answer:
    """One answered cell of a ballot, for one subject.

    The columns mirror the ``answer`` table (see ``storage/migrations/001_initial.sql``):

    - likert / numeric: ``value_num``
    - grade / single_choice: ``option_id`` and ``value_num`` (the option's score, if any)
    - multiple_choice / checklist: one Answer per chosen ``option_id``
    - text: ``value_text``
    - matrix: ``row_id`` and ``value_num``
    - ranking: ``option_id`` and ``value_num`` (rank, 1 = first)
    - commitment (state): ``row_id`` (commitment id) and ``value_text``;
      (rate): ``row_id`` and ``value_num``
    - ``is_na``: "not applicable / cannot judge" was chosen; the value columns are ``None``.
    """

    subject_id: str
    item_id: str
    row_id: str | None = None
    option_id: str | None = None
    value_num: float | None = None
    value_text: str | None = None
    is_na: bool = False
