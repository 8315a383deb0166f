"""The survey form: every item type has a renderer; each template's first page renders in both
languages and a submitted raw value validates."""

from __future__ import annotations

from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from survey_engine import ITEM_TYPES, NA, list_templates, load_template, validate_submission
from ui.renderers import RENDERERS, escape_markdown
from ui.strings_form import FORM_STRINGS

SUBJECTS = [("s1", "张三 **Zhang**"), ("s2", "李四 [Li](x)")]
COMMITMENTS = {"s1": [("k1", "修好 *和平路*")], "s2": [("k2", "Fix _roads_")]}


def form_app(template_id: str, lang: str) -> None:
    import streamlit as st

    from survey_engine import load_template
    from ui.survey_form import render_page

    survey = load_template(template_id)
    subjects = [("s1", "张三 **Zhang**"), ("s2", "李四 [Li](x)")]
    if survey.subject_mode == "single":
        subjects = subjects[:1]
    commitments = {"s1": [("k1", "修好 *和平路*")], "s2": [("k2", "Fix _roads_")]}
    group = "self" if "self" in survey.rater_groups else survey.rater_groups[0]
    raw = render_page(
        survey,
        0,
        lang=lang,
        rater_group=group,
        subjects=subjects,
        key_prefix="t",
        commitments=commitments,
    )
    if raw is not None:
        st.session_state["raw"] = raw


def test_every_item_type_has_a_renderer() -> None:
    assert set(RENDERERS) == set(ITEM_TYPES)


def test_form_strings_are_bilingual() -> None:
    assert all(set(v) == {"zh", "en"} and all(v.values()) for v in FORM_STRINGS.values())


def test_escape_markdown_leaves_no_active_markup() -> None:
    escaped = escape_markdown("**a** <b>x</b> [l](u) :red[c] $x$\nline")
    assert "\n" not in escaped
    assert all(escaped[i - 1] == "\\" for i, ch in enumerate(escaped) if ch in "*<>[]():$")


def _fill(at: AppTest) -> None:
    """Choose a valid value in every widget the first page shows."""
    for radio in at.radio:
        radio.set_value(next(o for o in _radio_values(radio) if o != NA))
    for buttons in at.button_group:  # grade items: one row of segmented buttons
        buttons.set_value("competent")
    for box in at.checkbox[:1]:
        box.check()
    for text in at.text_input[:1]:
        text.input("第一项承诺")
    for area in at.text_area:
        area.input("ok")


def _radio_values(radio: Any) -> list[Any]:
    """The option values of a radio (its labels are formatted; probe via format_func)."""
    labels = radio.options
    candidates = [*range(-5, 11), "competent", "excellent", "correct", "once", "a", NA]
    return [c for c in candidates if _label(radio, c) in labels]


def _label(radio: Any, value: Any) -> str | None:
    try:
        return str(radio.format_func(value))
    except (KeyError, TypeError, ValueError):
        return None


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("template_id", [t.id for t in list_templates()])
def test_first_page_renders_and_submitted_values_validate(template_id: str, lang: str) -> None:
    at = AppTest.from_function(
        form_app, kwargs={"template_id": template_id, "lang": lang}, default_timeout=30
    )
    at.run()
    assert not at.exception
    survey = load_template(template_id)
    widgets = [
        *at.radio,
        *at.button_group,
        *at.text_input,
        *at.text_area,
        *at.checkbox,
        *at.multiselect,
    ]
    assert widgets, "the first page shows no widgets"
    title = survey.pages[0].title.get(lang)
    assert any(title in h.value.replace("\\", "") for h in at.subheader)
    _fill(at)
    at.button[0].click()
    at.run()
    assert not at.exception
    raw = at.session_state["raw"]
    subjects = [s for s, _ in SUBJECTS][: 2 if survey.subject_mode == "grid" else 1]
    group = "self" if "self" in survey.rater_groups else survey.rater_groups[0]
    answers = validate_submission(
        survey,
        raw,
        rater_group=group,
        subject_ids=subjects,
        lang=lang,
        page_index=0,
        commitments=COMMITMENTS,
    )
    assert answers


def test_subject_names_and_commitments_are_shown_as_plain_text() -> None:
    at = AppTest.from_function(form_app, kwargs={"template_id": "commitment_yearend", "lang": "en"})
    at.run()
    shown = [t.value for t in at.text]
    assert "1. 修好 *和平路*" in shown


def test_grid_shows_one_block_per_subject_and_cap_errors() -> None:
    at = AppTest.from_function(
        form_app, kwargs={"template_id": "democratic_assessment", "lang": "zh"}
    )
    at.run()
    assert [t.value for t in at.text][:2] == ["张三 **Zhang**", "李四 [Li](x)"]
    assert len(at.button_group) == 2 * 6
