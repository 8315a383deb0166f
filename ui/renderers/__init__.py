"""One renderer per item type, found through the explicit ``RENDERERS`` registry."""

from __future__ import annotations

from ui.renderers.base import RenderContext, Renderer, escape_markdown
from ui.renderers.choices import (
    render_checklist,
    render_grade,
    render_multiple_choice,
    render_ranking,
    render_single_choice,
)
from ui.renderers.freeform import render_numeric, render_text
from ui.renderers.scales import render_commitment, render_likert, render_matrix

RENDERERS: dict[str, Renderer] = {
    "likert": render_likert,
    "grade": render_grade,
    "single_choice": render_single_choice,
    "multiple_choice": render_multiple_choice,
    "checklist": render_checklist,
    "numeric": render_numeric,
    "text": render_text,
    "matrix": render_matrix,
    "ranking": render_ranking,
    "commitment": render_commitment,
}

__all__ = ["RENDERERS", "RenderContext", "Renderer", "escape_markdown"]
