"""The survey definition model (pydantic v2, frozen). Load it through :mod:`survey_engine.loader`,
which adds the cross-field checks (ids, references, show_if, translations, caps)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from pydantic import Field

from survey_engine.items import (
    RATER_GROUPS,
    Frozen,
    Ident,
    Item,
    ItemBase,
    RaterGroup,
)
from survey_engine.localtext import LocalText

SCHEMA_VERSION = 1


class Dimension(Frozen):
    """One "exam paper" (e.g. 政治建设) or one of 德能勤绩廉."""

    id: Ident
    label: LocalText
    weight: float = Field(default=1.0, ge=0)


class Scale(Frozen):
    """A rating scale declared once and referenced by id; ``labels`` has one entry per point."""

    id: Ident
    min: int
    max: int
    labels: list[LocalText] | None = None
    allow_na: bool = False

    def points(self) -> list[int]:
        return list(range(self.min, self.max + 1))

    def label(self, point: int, lang: str) -> str:
        in_range = self.min <= point <= self.max
        if in_range and self.labels and len(self.labels) == self.max - self.min + 1:
            return f"{point} {self.labels[point - self.min].get(lang)}"
        return str(point)


class GridCap(Frozen):
    """At most ``max_share`` of the subjects on one grid ballot get ``option`` on ``item``.

    Allowed count for ``n`` subjects: ``floor(max_share * n)``, but at least 1 when
    ``max_share > 0`` (so a small meeting can still name one 优秀); 0 when ``max_share == 0``.
    """

    item: Ident
    option: Ident
    max_share: float = Field(ge=0, le=1)

    def allowed(self, n_subjects: int) -> int:
        if self.max_share <= 0:
            return 0
        return max(1, int(self.max_share * n_subjects + 1e-9))


@dataclass(frozen=True)
class SurveyIndex:
    """Lookups by id, built once per survey (the first entry wins for a duplicate id)."""

    items: dict[str, ItemBase]
    page_of: dict[str, int]
    scales: dict[str, Scale]


class Page(Frozen):
    id: Ident
    title: LocalText
    description: LocalText | None = None
    items: list[Item] = Field(min_length=1)


class Survey(Frozen):
    schema_version: Literal[1]
    id: Ident
    version: int = Field(ge=1)
    languages: list[Literal["zh", "en"]] = Field(min_length=1, max_length=2)
    title: LocalText
    description: LocalText | None = None
    instructions: LocalText | None = None
    dimensions: list[Dimension] = Field(default_factory=list)
    rater_groups: list[RaterGroup] = Field(min_length=1)
    scales: list[Scale] = Field(default_factory=list)
    subject_mode: Literal["single", "grid"] = "single"
    caps: list[GridCap] = Field(default_factory=list)
    pages: list[Page] = Field(min_length=1)

    def all_items(self) -> list[ItemBase]:
        return [item for page in self.pages for item in page.items]

    @cached_property
    def index(self) -> SurveyIndex:
        """Items, their page numbers and scales by id, built on first use (the model is
        frozen, so it never goes stale); keeps :meth:`item`, :meth:`page_of` and :meth:`scale`
        constant-time."""
        items: dict[str, ItemBase] = {}
        page_of: dict[str, int] = {}
        for number, page in enumerate(self.pages):
            for item in page.items:
                items.setdefault(item.id, item)
                page_of.setdefault(item.id, number)
        scales: dict[str, Scale] = {}
        for scale in self.scales:
            scales.setdefault(scale.id, scale)
        return SurveyIndex(items=items, page_of=page_of, scales=scales)

    def model_copy(self, *, update=None, deep: bool = False) -> Survey:  # type: ignore[override]
        """A copy (``update`` may change fields), without the cached :attr:`index`."""
        copied = super().model_copy(update=update, deep=deep)
        copied.__dict__.pop("index", None)
        return copied

    def item(self, item_id: str) -> ItemBase:
        return self.index.items[item_id]

    def page_of(self, item_id: str) -> int:
        return self.index.page_of[item_id]

    def scale(self, scale_id: str) -> Scale:
        return self.index.scales[scale_id]

    def dimension_ids(self) -> list[str]:
        return [d.id for d in self.dimensions]


__all__ = [
    "RATER_GROUPS",
    "Dimension",
    "GridCap",
    "Page",
    "Scale",
    "Survey",
    "SurveyIndex",
    "SCHEMA_VERSION",
]
