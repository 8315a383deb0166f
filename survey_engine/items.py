"""Item (question) types of a survey definition: a union tagged by ``type``.

Each type documents its *raw value*: what the renderer returns for it and
:func:`survey_engine.validation.validate_submission` accepts (``None`` = unanswered).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from survey_engine.localtext import LocalText

ID_PATTERN = r"^[a-z][a-z0-9_]*$"
RaterGroup = Literal["superior", "peer", "subordinate", "self", "public", "observer"]
RATER_GROUPS: tuple[str, ...] = ("superior", "peer", "subordinate", "self", "public", "observer")
Ident = Annotated[str, Field(pattern=ID_PATTERN, max_length=64)]
NA = "na"
"""Raw value for "not applicable / cannot judge" (likert, grade, matrix rows, rated commitments)."""


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Option(Frozen):
    id: Ident
    label: LocalText
    score: float | None = None


class GradeOption(Frozen):
    id: Ident
    label: LocalText
    score: float


class ChecklistOption(Frozen):
    id: Ident
    label: LocalText
    polarity: Literal["positive", "negative"]


class MatrixRow(Frozen):
    id: Ident
    label: LocalText
    dimension: Ident | None = None
    reverse: bool = False


DEFAULT_GRADES: tuple[GradeOption, ...] = (
    GradeOption(id="excellent", label=LocalText({"zh": "优秀", "en": "Excellent"}), score=4),
    GradeOption(id="competent", label=LocalText({"zh": "称职", "en": "Competent"}), score=3),
    GradeOption(
        id="basically_competent",
        label=LocalText({"zh": "基本称职", "en": "Basically competent"}),
        score=2,
    ),
    GradeOption(id="incompetent", label=LocalText({"zh": "不称职", "en": "Incompetent"}), score=1),
)


class ItemBase(Frozen):
    """Fields shared by every item type."""

    id: Ident
    text: LocalText
    required: bool = True
    dimension: Ident | None = None
    weight: float = Field(default=1.0, ge=0)
    reverse: bool = False
    audience: list[RaterGroup] | None = Field(
        default=None, description="Rater groups who see the item; absent = every group."
    )
    text_for: dict[RaterGroup, LocalText] | None = Field(
        default=None, description="Wording per rater group, e.g. self: 'I ...'."
    )
    show_if: str | None = Field(
        default=None,
        max_length=500,
        description="Expression over answers of items on EARLIER pages (see survey_engine.expr).",
    )
    help: LocalText | None = None

    def wording(self, rater_group: str) -> LocalText:
        """The item text for ``rater_group`` (``text_for`` wins over ``text``)."""
        if self.text_for and rater_group in self.text_for:
            return self.text_for[rater_group]  # type: ignore[index]
        return self.text

    def shown_to(self, rater_group: str) -> bool:
        return self.audience is None or rater_group in self.audience


class LikertItem(ItemBase):
    """Raw: ``int`` point of the scale, ``"na"`` when allowed, or ``None``."""

    type: Literal["likert"]
    scale: Ident
    allow_na: bool | None = Field(default=None, description="Overrides the scale's allow_na.")


class GradeItem(ItemBase):
    """民主测评 grade. Raw: grade id, ``"na"`` when allowed, or ``None``."""

    type: Literal["grade"]
    grades: list[GradeOption] | None = Field(
        default=None, min_length=1, description="Absent = 优秀/称职/基本称职/不称职 scored 4..1."
    )
    allow_na: bool = False

    def grade_options(self) -> tuple[GradeOption, ...]:
        return tuple(self.grades) if self.grades is not None else DEFAULT_GRADES


class SingleChoiceItem(ItemBase):
    """Raw: option id or ``None``."""

    type: Literal["single_choice"]
    options: list[Option] = Field(min_length=1)


class MultipleChoiceItem(ItemBase):
    """Raw: ``list[str]`` of option ids (empty = unanswered)."""

    type: Literal["multiple_choice"]
    options: list[Option] = Field(min_length=1)
    min_select: int = Field(default=0, ge=0)
    max_select: int | None = Field(default=None, ge=1)


class ChecklistItem(ItemBase):
    """正面/负面清单. Raw: ``list[str]`` of ticked option ids (empty = none ticked)."""

    type: Literal["checklist"]
    options: list[ChecklistOption] = Field(min_length=1)
    required: bool = False


class NumericItem(ItemBase):
    """Raw: ``int | float`` or ``None``."""

    type: Literal["numeric"]
    min: float | None = None
    max: float | None = None
    unit: LocalText | None = None
    integer: bool = False


class TextItem(ItemBase):
    """Raw: ``str`` (stripped; empty = unanswered) or ``None``."""

    type: Literal["text"]
    max_length: int = Field(default=500, ge=1, le=10000)
    multiline: bool = True


class MatrixItem(ItemBase):
    """Rows on one scale. Raw: ``dict[row_id, int | "na" | None]``."""

    type: Literal["matrix"]
    scale: Ident
    rows: list[MatrixRow] = Field(min_length=1)
    allow_na: bool | None = None


class RankingItem(ItemBase):
    """Raw: ``list[str]`` of option ids, first = rank 1; must rank ``max_rank`` (default all)."""

    type: Literal["ranking"]
    options: list[Option] = Field(min_length=2)
    max_rank: int | None = Field(default=None, ge=1)

    def rank_count(self) -> int:
        return min(self.max_rank or len(self.options), len(self.options))


class CommitmentItem(ItemBase):
    """亮诺/亮效/亮绩 commitments.

    ``mode="state"``: the subject states up to ``max_commitments``; raw ``list[str]`` of texts.
    ``mode="rate"``: each stated commitment is rated on ``scale``;
    raw ``dict[commitment_id, int | "na" | None]``.
    """

    type: Literal["commitment"]
    mode: Literal["state", "rate"]
    max_commitments: int = Field(default=5, ge=1, le=20)
    max_length: int = Field(default=300, ge=1, le=2000)
    scale: Ident | None = None
    allow_na: bool | None = None


Item = Annotated[
    LikertItem
    | GradeItem
    | SingleChoiceItem
    | MultipleChoiceItem
    | ChecklistItem
    | NumericItem
    | TextItem
    | MatrixItem
    | RankingItem
    | CommitmentItem,
    Field(discriminator="type"),
]
ITEM_CLASSES: dict[str, type[ItemBase]] = {
    cls.model_fields["type"].annotation.__args__[0]: cls  # type: ignore[union-attr]
    for cls in (
        LikertItem,
        GradeItem,
        SingleChoiceItem,
        MultipleChoiceItem,
        ChecklistItem,
        NumericItem,
        TextItem,
        MatrixItem,
        RankingItem,
        CommitmentItem,
    )
}
ITEM_TYPES: tuple[str, ...] = tuple(ITEM_CLASSES)
