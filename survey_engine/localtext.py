"""User-facing text that is either language-neutral or given per language."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, RootModel

LANGUAGES = ("zh", "en")


class Translations(BaseModel):
    """``{"zh": ..., "en": ...}``; a missing language is reported by the loader when declared."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    zh: str | None = None
    en: str | None = None


class LocalText(RootModel[str | Translations]):
    """A plain string (shown in every language) or ``{"zh": ..., "en": ...}``.

    >>> LocalText("%").get("en")
    '%'
    >>> LocalText({"zh": "优秀"}).get("en")   # falls back to the other language
    '优秀'
    """

    model_config = ConfigDict(frozen=True)

    def get(self, lang: str) -> str:
        """The text in ``lang``, else the first available language, else ``""``."""
        root = self.root
        if isinstance(root, str):
            return root
        value = getattr(root, lang, None) if lang in LANGUAGES else None
        if value:
            return value
        for other in LANGUAGES:
            fallback = getattr(root, other)
            if fallback:
                return fallback
        return ""

    def missing(self, langs: tuple[str, ...] | list[str]) -> list[str]:
        """Declared languages without a text (a plain string is language-neutral: none missing)."""
        if isinstance(self.root, str):
            return []
        return [lang for lang in langs if not getattr(self.root, lang, None)]


def text(value: LocalText | str | None, lang: str) -> str:
    """``value.get(lang)`` that also accepts a plain ``str`` or ``None``."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return value.get(lang)
