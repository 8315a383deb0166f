"""Caps on the size of a survey definition, each reported as an ordinary problem with its path.

The designer validates what is typed on every rerun and a definition is rendered on phones, so
absurd sizes are refused: the whole text is capped before it is parsed, its nesting while it is
parsed, and the counts, scales and texts below by :func:`survey_engine.checks.check_survey`.
The built-in templates stay far below every cap (at most 13 items, 6 options, 5-point scales and
texts of 191 characters).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from survey_engine.localtext import LocalText

MAX_DEFINITION_CHARS = 5_000_000
"""Characters of definition JSON text, checked before it is parsed."""
MAX_DEPTH = 64
"""Nesting of JSON objects and arrays (a valid definition needs about 8 levels)."""
MAX_VALUES = 250_000
"""JSON values (objects, arrays, strings, numbers) in a definition, checked before the model is
built: 2,000 bilingual items with a few options each need about 60,000, while a few megabytes of
junk such as ``[0,0,0,...]`` would make millions of model errors."""
MAX_INT_DIGITS = 15
MAX_KEY_CHARS = 100
MAX_PAGES = 200
MAX_ITEMS = 2_000
"""Items over all pages."""
MAX_ENTRIES = 200
"""Options, grades or matrix rows of one item."""
MAX_DIMENSIONS = 100
MAX_SCALES = 100
MAX_CAPS = 200
MAX_SCALE_POINTS = 101
"""Points of one scale (0..100 is the largest sensible one)."""
MAX_SCALE_VALUE = 1_000
"""Bound on the absolute value of a scale's min and max."""
MAX_TEXT = 5_000
"""Characters of a title, question text, label, help or unit, per language."""
MAX_LONG_TEXT = 20_000
"""Characters of a survey's or a page's ``description`` and ``instructions``, per language."""
LONG_TEXT_FIELDS = ("description", "instructions")
MAX_REPORTED = 100
"""Problems reported at most by each stage (a hostile file could have millions)."""

Loc = tuple[str | int, ...]
Add = Callable[[Loc, str, str], None]
_COUNTS = (
    ("pages", MAX_PAGES, "pages", "页面"),
    ("dimensions", MAX_DIMENSIONS, "dimensions", "维度"),
    ("scales", MAX_SCALES, "scales", "量表"),
    ("caps", MAX_CAPS, "caps", "比例限制"),
)
_ENTRY_FIELDS = (
    ("options", "options", "选项"),
    ("grades", "grades", "等次"),
    ("rows", "rows", "行"),
)


def too_many(count: int, limit: int, what: str, zh: str) -> tuple[str, str]:
    """The English and Chinese message for ``count`` entries over ``limit``."""
    return (
        f"{count:,} {what}; at most {limit:,} are allowed",
        f"{zh}共 {count} 个,超过上限 {limit} 个",
    )


def check_survey_limits(survey: Any, add: Add) -> None:
    """Report counts of pages, items, dimensions, scales and caps over their caps, and scales
    with too many points or absurd bounds.

    Parameters
    ----------
    survey
        A :class:`survey_engine.model.Survey` that passed the shape checks.
    add
        ``add(loc, message_en, message_zh)`` records one problem.
    """
    for field, limit, what, zh in _COUNTS:
        count = len(getattr(survey, field))
        if count > limit:
            add((field,), *too_many(count, limit, what, zh))
    n_items = sum(len(page.items) for page in survey.pages)
    if n_items > MAX_ITEMS:
        add(("pages",), *too_many(n_items, MAX_ITEMS, "items over all pages", "题目"))
    for index, scale in enumerate(survey.scales):
        _check_scale(scale, ("scales", index), add)


def _check_scale(scale: Any, loc: Loc, add: Add) -> None:
    points = scale.max - scale.min + 1
    if points > MAX_SCALE_POINTS:
        add(
            (*loc, "max"),
            f"a scale has at most {MAX_SCALE_POINTS} points; {scale.min}..{scale.max} has "
            f"{points:,}",
            f"量表最多 {MAX_SCALE_POINTS} 个刻度,{scale.min}..{scale.max} 共 {points} 个",
        )
        return
    for field in ("min", "max"):
        value = getattr(scale, field)
        if abs(value) > MAX_SCALE_VALUE:
            add(
                (*loc, field),
                f"scale {field} {value:,} is out of range; scales lie within "
                f"-{MAX_SCALE_VALUE:,}..{MAX_SCALE_VALUE:,}",
                f"量表取值 {value} 超出范围(-{MAX_SCALE_VALUE} 到 {MAX_SCALE_VALUE})",
            )
            return


def scale_too_large(scale: Any) -> bool:
    """True when ``scale`` is over a cap (its labels are then not compared with its points)."""
    bounds = max(abs(scale.min), abs(scale.max))
    return bounds > MAX_SCALE_VALUE or scale.max - scale.min + 1 > MAX_SCALE_POINTS


def check_item_limits(item: Any, loc: Loc, add: Add) -> None:
    """Report an item with more options, grades or rows than :data:`MAX_ENTRIES`."""
    for field, what, zh in _ENTRY_FIELDS:
        entries = item.__dict__.get(field)  # no pydantic slow path for an absent field
        if entries is not None and len(entries) > MAX_ENTRIES:
            add((*loc, field), *too_many(len(entries), MAX_ENTRIES, what, zh))


def check_text_length(value: LocalText, loc: Sequence[str | int], add: Add) -> None:
    """Report a text (per language) longer than :data:`MAX_TEXT`, or :data:`MAX_LONG_TEXT` for
    a ``description`` or ``instructions``."""
    named = [part for part in loc if isinstance(part, str)]
    long_field = bool(named) and named[-1] in LONG_TEXT_FIELDS
    limit = MAX_LONG_TEXT if long_field else MAX_TEXT
    root = value.root
    if isinstance(root, str):
        texts = [((), root)]
    else:
        texts = [((lang,), getattr(root, lang)) for lang in ("zh", "en")]
    for suffix, text in texts:
        if text is not None and len(text) > limit:
            add(
                (*loc, *suffix),
                f"text of {len(text):,} characters; at most {limit:,} are allowed",
                f"文字共 {len(text)} 个字符,超过上限 {limit} 个",
            )
