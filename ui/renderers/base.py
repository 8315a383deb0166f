"""What every renderer shares: the render context and Markdown-safe labels."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from survey_engine.items import NA
from survey_engine.localtext import LocalText
from survey_engine.model import Scale, Survey
from ui.plain import plain
from ui.strings_form import form_text

#: The one Markdown-safe helper (ui/plain.py) under its older name, for existing importers.
escape_markdown = plain


@dataclass(frozen=True)
class RenderContext:
    survey: Survey
    lang: str
    rater_group: str
    commitments: Sequence[tuple[str, str]] = field(default_factory=tuple)

    def t(self, value: LocalText | None) -> str:
        """Localized and Markdown-escaped."""
        return plain(value.get(self.lang)) if value is not None else ""

    def label(self, item: Any) -> str:
        """The item's wording for this rater group, escaped, with the required/optional marker."""
        text = self.t(item.wording(self.rater_group))
        if item.required:  # a red asterisk: most items are required, so the mark stays small
            return f"{text} :red[\\*]"
        return text + plain(form_text("form.optional", self.lang))

    def na_label(self) -> str:
        return plain(form_text("form.na", self.lang))


class Renderer(Protocol):
    def __call__(self, item: Any, ctx: RenderContext, *, key: str, initial: Any) -> Any: ...


def allow_na(item: Any, scale: Scale | None) -> bool:
    if getattr(item, "allow_na", None) is not None:
        return bool(item.allow_na)
    return bool(scale and scale.allow_na)


def scale_options(scale: Scale, with_na: bool) -> list[Any]:
    return [*scale.points(), *([NA] if with_na else [])]


def index_of(options: Sequence[Any], value: Any) -> int | None:
    return options.index(value) if value in options else None
