"""Renderers of scale-based items: likert, matrix, commitment. Horizontal radios fit a phone."""

from __future__ import annotations

from typing import Any

import streamlit as st

from survey_engine.items import NA
from survey_engine.model import Scale
from ui.plain import plain
from ui.renderers.base import RenderContext, allow_na, index_of, scale_options
from ui.strings_form import form_text


def _scale_radio(
    label: str,
    scale: Scale,
    ctx: RenderContext,
    *,
    with_na: bool,
    key: str,
    initial: Any,
    collapsed: bool = False,
) -> Any:
    options = scale_options(scale, with_na)

    def fmt(point: Any) -> str:
        return ctx.na_label() if point == NA else plain(scale.label(point, ctx.lang))

    return st.radio(
        label,
        options,
        index=index_of(options, initial),
        format_func=fmt,
        horizontal=True,
        key=key,
        label_visibility="collapsed" if collapsed else "visible",
    )


def render_likert(item: Any, ctx: RenderContext, *, key: str, initial: Any) -> Any:
    """Raw: scale point, ``"na"`` or ``None``."""
    scale = ctx.survey.scale(item.scale)
    return _scale_radio(
        ctx.label(item), scale, ctx, with_na=allow_na(item, scale), key=key, initial=initial
    )


def render_matrix(item: Any, ctx: RenderContext, *, key: str, initial: Any) -> dict[str, Any]:
    """Raw: ``{row_id: point | "na" | None}``; one horizontal radio per row."""
    scale = ctx.survey.scale(item.scale)
    st.markdown(ctx.label(item))
    initial = initial if isinstance(initial, dict) else {}
    return {
        row.id: _scale_radio(
            ctx.t(row.label),
            scale,
            ctx,
            with_na=allow_na(item, scale),
            key=f"{key}:{row.id}",
            initial=initial.get(row.id),
        )
        for row in item.rows
    }


def render_commitment(item: Any, ctx: RenderContext, *, key: str, initial: Any) -> Any:
    """Raw: state mode ``list[str]``; rate mode ``{commitment_id: point | "na" | None}``."""
    if item.mode == "state":
        return _render_state(item, ctx, key=key, initial=initial)
    st.markdown(ctx.label(item))
    if not ctx.commitments:
        st.caption(plain(form_text("form.no_commitments", ctx.lang)))
        return {}
    scale = ctx.survey.scale(item.scale)
    initial = initial if isinstance(initial, dict) else {}
    values = {}
    for seq, (commitment_id, text) in enumerate(ctx.commitments, 1):
        st.text(f"{seq}. {text}")  # user-written: plain text, never Markdown
        values[commitment_id] = _scale_radio(
            plain(form_text("form.commitment_n", ctx.lang, n=seq)),
            scale,
            ctx,
            with_na=allow_na(item, scale),
            key=f"{key}:{commitment_id}",
            initial=initial.get(commitment_id),
            collapsed=True,
        )
    return values


def _render_state(item: Any, ctx: RenderContext, *, key: str, initial: Any) -> list[str]:
    st.markdown(ctx.label(item))
    initial = list(initial) if isinstance(initial, list) else []
    texts = []
    for n in range(1, item.max_commitments + 1):
        value = initial[n - 1] if n <= len(initial) else ""
        texts.append(
            st.text_input(
                plain(form_text("form.commitment_n", ctx.lang, n=n)),
                value=value,
                max_chars=item.max_length,
                key=f"{key}:{n}",
            )
        )
    return texts
