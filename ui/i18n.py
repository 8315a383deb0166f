"""UI strings in zh-CN and English, and the current-language helpers.

Strings are kept in plain dicts (``STRINGS`` here, ``FORM_STRINGS`` for the survey form) so a test
can check that every key has both languages and that every key the pages use exists.
"""

from __future__ import annotations

import streamlit as st

from ui.strings import STRINGS

LANGS = ("zh", "en")
LANG_NAMES = {"zh": "中文", "en": "English"}


def _all_strings() -> dict[str, dict[str, str]]:
    """Every string module merged; a key defined twice is an error, not a silent override."""
    from ui import (
        strings_fill,
        strings_meeting,
        strings_organize,
        strings_review,
        strings_security,
    )
    from ui.strings_form import FORM_STRINGS

    merged: dict[str, dict[str, str]] = {}
    for table in (
        STRINGS,
        FORM_STRINGS,
        strings_fill.STRINGS,
        strings_organize.STRINGS,
        strings_meeting.STRINGS,
        strings_review.STRINGS,
        strings_security.STRINGS,
    ):
        clash = merged.keys() & table.keys()
        if clash:
            raise KeyError(f"UI string keys defined twice: {sorted(clash)}")
        merged.update(table)
    return merged


ALL_STRINGS = _all_strings()


def current_lang() -> str:
    """The language chosen in this session (default: the browser's, else zh)."""
    if "lang" not in st.session_state:
        locale = (getattr(st.context, "locale", None) or "zh").lower()
        st.session_state["lang"] = "en" if locale.startswith("en") else "zh"
    return st.session_state["lang"]


def t(key: str, lang: str | None = None, **fmt: object) -> str:
    """The string ``key`` in the current language, formatted with ``fmt``."""
    entry = ALL_STRINGS.get(key)
    if entry is None:
        raise KeyError(f"no UI string {key!r} in ui/strings.py")
    text = entry[lang or current_lang()]
    return text.format(**fmt) if fmt else text


def _switched() -> None:
    choice = st.session_state.get("lang_switch")
    if choice in LANGS:
        st.session_state["lang"] = choice


def language_switch(where=None) -> None:
    """A zh / English switch. The language lives in ``session_state['lang']``, a plain value
    that Streamlit's widget clean-up cannot drop; the widget mirrors it and a click updates it."""
    target = where or st.sidebar
    lang = current_lang()
    if st.session_state.get("lang_switch") != lang:
        st.session_state["lang_switch"] = lang
    target.segmented_control(
        "语言 / Language",
        options=list(LANGS),
        format_func=LANG_NAMES.get,
        key="lang_switch",
        required=True,
        on_change=_switched,
    )
