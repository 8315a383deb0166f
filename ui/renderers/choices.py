"""Renderers of option-based items: grade, single_choice, multiple_choice, checklist, ranking."""

from __future__ import annotations

from typing import Any

import streamlit as st

from survey_engine.items import NA
from ui.chrome import choose
from ui.plain import plain
from ui.renderers.base import RenderContext, index_of
from ui.strings_form import form_text


def _labels(options: Any, ctx: RenderContext) -> dict[str, str]:
    return {option.id: ctx.t(option.label) for option in options}


def render_grade(item: Any, ctx: RenderContext, *, key: str, initial: Any) -> Any:
    """Raw: grade id, ``"na"`` or ``None``; 优秀/称职/... as one row of buttons across the width.

    A 民主测评 grid asks grades × cadres of each voter, often on a phone: one tap-row per grade
    item keeps a 15-cadre ballot about a third shorter than wrapped radio buttons.
    """
    labels = _labels(item.grade_options(), ctx)
    if item.allow_na:
        labels[NA] = ctx.na_label()
    options = list(labels)
    return st.segmented_control(
        ctx.label(item),
        options,
        default=initial if initial in options else None,
        format_func=labels.__getitem__,
        key=key,
        width="stretch",
    )


def render_single_choice(item: Any, ctx: RenderContext, *, key: str, initial: Any) -> Any:
    """Raw: option id or ``None``."""
    labels = _labels(item.options, ctx)
    options = list(labels)
    return st.radio(
        ctx.label(item),
        options,
        index=index_of(options, initial),
        format_func=labels.__getitem__,
        horizontal=len(options) <= 4,
        key=key,
    )


def render_multiple_choice(item: Any, ctx: RenderContext, *, key: str, initial: Any) -> list[str]:
    """Raw: ``list[str]`` of option ids (pills: big touch targets)."""
    labels = _labels(item.options, ctx)
    hints = []
    if item.min_select > 1:
        hints.append(form_text("form.select_at_least", ctx.lang, n=item.min_select))
    if item.max_select is not None:
        hints.append(form_text("form.select_at_most", ctx.lang, n=item.max_select))
    chosen = st.pills(
        ctx.label(item),
        list(labels),
        selection_mode="multi",
        default=[v for v in initial or [] if v in labels],
        format_func=labels.__getitem__,
        key=key,
        help=plain("; ".join(hints)) if hints else None,
    )
    return list(chosen or [])


def render_checklist(item: Any, ctx: RenderContext, *, key: str, initial: Any) -> list[str]:
    """Raw: ``list[str]`` of ticked option ids; polarity is never shown to the rater."""
    st.markdown(ctx.label(item))
    st.caption(plain(form_text("form.tick_all", ctx.lang)))
    ticked = set(initial or [])
    return [
        option.id
        for option in item.options
        if st.checkbox(ctx.t(option.label), value=option.id in ticked, key=f"{key}:{option.id}")
    ]


def render_ranking(item: Any, ctx: RenderContext, *, key: str, initial: Any) -> list[str]:
    """Raw: ``list[str]`` of option ids in the order picked (first = rank 1)."""
    # a multiselect shows its options as text, not Markdown: the labels stay unescaped
    labels = {option.id: option.label.get(ctx.lang) for option in item.options}
    n = item.rank_count()
    chosen = st.multiselect(
        ctx.label(item),
        list(labels),
        default=[v for v in initial or [] if v in labels][:n],
        format_func=labels.__getitem__,
        max_selections=n,
        key=key,
        help=plain(form_text("form.rank_top", ctx.lang, n=n)),
        placeholder=choose(True, ctx.lang),
    )
    return list(chosen)
