"""The invitation code a rater types, on the home page or the filling page.

``app.py`` takes a typed code (:func:`typed_code`) before it builds any page, from the values the
browser sent with the form: the same run then shows the ballot, as an invitation link does. The
forms' own pages never see the press (they are not run); if they did, they would do the same.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st


@dataclass(frozen=True)
class CodeForm:
    page: str  # the page the form is on
    form: str  # form key
    box: str  # text input key
    button: str  # submit button key


FILL = CodeForm("fill", "fill_token_form", "fill_token_input", "fill_token_go")
HOME = CodeForm("home", "home_token", "home_token_input", "home_token_go")


@dataclass(frozen=True)
class TypedCode:
    code: str
    page: str  # where it was typed


def typed_code() -> TypedCode | None:
    """A code sent with its form's button in this run (whitespace around it dropped)."""
    for form in (FILL, HOME):
        if st.session_state.get(form.button):
            code = str(st.session_state.get(form.box) or "").strip()
            if code:
                return TypedCode(code, form.page)
    return None


def code_form(
    form: CodeForm,
    label: str,
    button: str,
    *,
    help: str | None = None,
    secret: bool = False,
    border: bool = True,
    width: str = "stretch",
) -> str | None:
    """Draw the form; what was typed (stripped, maybe "") when its button was pressed in this
    run, else None."""
    with st.form(form.form, border=border):
        kind = "password" if secret else "default"
        code = st.text_input(label, key=form.box, help=help, type=kind)
        sent = st.form_submit_button(button, type="primary", width=width, key=form.button)
    return code.strip() if sent else None
