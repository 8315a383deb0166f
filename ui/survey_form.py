"""One survey page as one ``st.form``: a renderer per visible item, errors beside the item.

The raw values returned are ``{subject_id: {item_id: raw value}}`` (shapes per item type in
``survey_engine.convert``); hand them to ``survey_engine.validate_submission``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import streamlit as st

from survey_engine import GRID_KEY, Survey, visible_items
from ui.plain import plain
from ui.renderers import RENDERERS, RenderContext
from ui.strings_form import form_text

Subjects = Sequence[tuple[str, str]]
RawBallot = dict[str, dict[str, Any]]

#: Item types whose one widget's value (read back from the session state) is the raw value itself:
#: a page made only of these can be read without drawing it again (:func:`read_submitted`).
_ONE_WIDGET_TYPES = frozenset({"grade", "likert", "single_choice"})


def button_key(key_prefix: str, page_index: int, name: str = "submit") -> str:
    """The session-state key of one of a page's form buttons (True in the run after it was
    pressed): ``submit`` (提交 or 下一页), or an extra one the caller named."""
    return f"{key_prefix}:{name}:{page_index}"


def pressed(key_prefix: str, page_index: int, names: Sequence[str] = ("submit",)) -> str | None:
    """Which of the page's form buttons was pressed in this run, if any."""
    return next((n for n in names if st.session_state.get(button_key(key_prefix, page_index, n))),
                None)  # fmt: skip


def _item_key(key_prefix: str, subject_id: str, item_id: str) -> str:
    return f"{key_prefix}:{subject_id}:{item_id}"


def render_page(
    survey: Survey,
    page_index: int,
    *,
    lang: str,
    rater_group: str,
    subjects: Subjects,
    key_prefix: str,
    initial: Mapping[str, Mapping[str, Any]] | None = None,
    errors: Mapping[str, Mapping[str, str]] | None = None,
    commitments: Mapping[str, Sequence[tuple[str, str]]] | None = None,
    submit_label: str | None = None,
    extra_buttons: Sequence[tuple[str, str]] = (),
) -> RawBallot | None:
    """Render page ``page_index`` inside ONE ``st.form`` with its submit button.

    ``extra_buttons`` are more ``(name, label)`` buttons of the same form (save and leave, back):
    a button outside the form would send none of the answers on screen. :func:`pressed` tells
    which one was pressed.

    ``subjects`` is ``[(subject_id, display_name)]`` (several in grid mode: one block each).
    ``initial`` holds the raw values so far, all pages: it prefills the widgets and decides
    show_if from earlier pages. ``errors`` is ``AnswerErrors.errors``. ``commitments`` maps a
    subject to its stated ``[(commitment_id, text)]`` for rate-mode commitment items.

    Returns the page's raw values when one of the form's buttons was pressed in this run, else
    ``None``.
    """
    initial = initial or {}
    errors = errors or {}
    last = page_index == len(survey.pages) - 1
    label = submit_label or form_text("form.submit" if last else "form.next", lang)
    raw: RawBallot = {}
    with st.form(key=f"{key_prefix}:form:{page_index}"):
        _page_header(survey, page_index, lang, errors)
        grid = survey.subject_mode == "grid" or len(subjects) > 1
        for subject_id, name in subjects:
            ctx = RenderContext(
                survey, lang, rater_group, tuple((commitments or {}).get(subject_id, ()))
            )
            block = st.container(border=True) if grid else st.container()
            with block:
                if grid:
                    st.text(name)  # a display name is user data: plain text
                raw[subject_id] = _render_subject(
                    survey,
                    page_index,
                    ctx,
                    subject_id,
                    key_prefix,
                    initial.get(subject_id, {}),
                    errors.get(subject_id, {}),
                )
        submitted = st.form_submit_button(
            plain(label), type="primary", width="stretch", key=button_key(key_prefix, page_index)
        )
        for column, (name, text) in zip(
            st.columns(len(extra_buttons)) if extra_buttons else (), extra_buttons, strict=True
        ):
            key = button_key(key_prefix, page_index, name)
            submitted |= column.form_submit_button(plain(text), width="stretch", key=key)
    return raw if submitted else None


def read_submitted(
    survey: Survey,
    page_index: int,
    *,
    rater_group: str,
    subject_ids: Sequence[str],
    key_prefix: str,
    initial: Mapping[str, Mapping[str, Any]] | None = None,
    buttons: Sequence[str] = ("submit",),
) -> RawBallot | None:
    """The raw values of page ``page_index`` just sent by one of its form ``buttons``, read from
    the session state before anything is drawn; None when none was pressed in this run, or the
    page has an item whose widgets do not hold its raw value one to one (then
    :func:`render_page` returns them).

    A submitted ballot is stored and the page moves on without drawing its 30 widgets once more
    for nothing: in a meeting hall that was half the server's work of a submit (#11).
    """
    if pressed(key_prefix, page_index, buttons) is None:
        return None
    initial = initial or {}
    raw: RawBallot = {}
    for subject_id in subject_ids:
        items = visible_items(
            survey, rater_group=rater_group, answers=initial.get(subject_id, {}),
            page_index=page_index,
        )  # fmt: skip
        if any(item.type not in _ONE_WIDGET_TYPES for item in items):
            return None
        keys = {item.id: _item_key(key_prefix, subject_id, item.id) for item in items}
        if not all(k in st.session_state for k in keys.values()):
            return None
        raw[subject_id] = {item_id: st.session_state[k] for item_id, k in keys.items()}
    return raw


def _page_header(
    survey: Survey, page_index: int, lang: str, errors: Mapping[str, Mapping[str, str]]
) -> None:
    """Title, page counter, description, and grid-wide (cap) errors."""
    page = survey.pages[page_index]
    st.subheader(plain(page.title.get(lang)))
    legend = ":red[\\*] " + plain(form_text("form.required", lang))
    if len(survey.pages) > 1:  # "page 1 of 1" says nothing
        pages = form_text("form.page_of", lang, page=page_index + 1, total=len(survey.pages))
        legend = f"{plain(pages)}  ·  {legend}"
    st.caption(legend)
    if page.description is not None:
        st.caption(plain(page.description.get(lang)))
    for message in errors.get(GRID_KEY, {}).values():
        st.error(plain(message))  # may quote an option label


def _render_subject(
    survey: Survey,
    page_index: int,
    ctx: RenderContext,
    subject_id: str,
    key_prefix: str,
    initial: Mapping[str, Any],
    errors: Mapping[str, str],
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    items = visible_items(
        survey, rater_group=ctx.rater_group, answers=initial, page_index=page_index
    )
    for item in items:
        renderer = RENDERERS[item.type]  # type: ignore[attr-defined]
        values[item.id] = renderer(
            item, ctx, key=_item_key(key_prefix, subject_id, item.id), initial=initial.get(item.id)
        )
        if item.help is not None:
            st.caption(ctx.t(item.help))
        if item.id in errors:
            st.error(plain(errors[item.id]))
    return values
