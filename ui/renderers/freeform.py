"""Renderers of typed-in items: numeric and text."""

from __future__ import annotations

from typing import Any

import streamlit as st

from ui.plain import plain
from ui.renderers.base import RenderContext
from ui.strings_form import form_text


def render_numeric(item: Any, ctx: RenderContext, *, key: str, initial: Any) -> Any:
    """Raw: ``int | float`` or ``None`` (empty box)."""
    cast = int if item.integer else float
    label = ctx.label(item)
    if item.unit is not None:
        label += f" ({ctx.t(item.unit)})"
    value = (
        cast(initial)
        if isinstance(initial, int | float) and not isinstance(initial, bool)
        else None
    )
    return st.number_input(
        label,
        min_value=None if item.min is None else cast(item.min),
        max_value=None if item.max is None else cast(item.max),
        value=value,
        step=cast(1),
        key=key,
    )


def render_text(item: Any, ctx: RenderContext, *, key: str, initial: Any) -> str:
    """Raw: ``str`` (the engine strips it; ``""`` = unanswered)."""
    value = initial if isinstance(initial, str) else ""
    widget = st.text_area if item.multiline else st.text_input
    return widget(
        ctx.label(item),
        value=value,
        max_chars=item.max_length,
        key=key,
        help=plain(form_text("form.max_chars", ctx.lang, n=item.max_length)),
    )
