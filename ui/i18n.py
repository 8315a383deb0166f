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


def localized_select(where, label: str, options, *, key: str, format_func, index: int | None = 0,
                     **kwargs):  # fmt: skip
    """A select box whose option labels depend on the language, keeping its choice across a
    language switch.

    The browser sends back the label it shows, not the option: after a switch the old
    language's label matched no new option, and Streamlit handed the page that label as if it
    were a value (#12). So the widget's key changes with the language (``key`` in Chinese,
    ``key:en`` in English: a fresh widget showing new labels), and the choice is remembered
    apart from it, under ``_choice:key``, and shown again. :func:`forget_choice` drops it.
    """
    options = list(options)
    memo = f"_choice:{key}"
    if st.session_state.get(memo) in options:
        index = options.index(st.session_state[memo])
    lang = current_lang()
    kwargs.setdefault("placeholder", t("chrome.choose"))
    value = where.selectbox(label, options, index=index, format_func=format_func,
                            key=key if lang == "zh" else f"{key}:{lang}", **kwargs)  # fmt: skip
    st.session_state[memo] = value
    return value


def forget_choice(key: str) -> None:
    """Let a :func:`localized_select` show its ``index`` again (call before it is drawn)."""
    st.session_state.pop(f"_choice:{key}", None)
    for lang in LANGS:
        st.session_state.pop(key if lang == "zh" else f"{key}:{lang}", None)
