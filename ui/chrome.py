"""Streamlit's own widget texts (its "chrome") in the interface's language.

Streamlit draws a few texts of its own in English, whatever the page's language: the file
uploader's button and size limit ("Upload", "50MB per file • JSON"), the hint under a text box
being typed in ("Press Enter to apply") and a select box's placeholder ("Choose an option").
Placeholders are passed by every select box (:func:`choose`); the others have no parameter, so in
Chinese a style sheet hides the English text and draws the Chinese one in its place (CSS
``content``). Nothing here touches what users wrote.
"""

from __future__ import annotations

import streamlit as st

from ui.i18n import current_lang, t

_UPLOAD_BUTTON = (
    '[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p'
)
_UPLOAD_LIMIT = '[data-testid="stFileUploaderDropzoneInstructions"] span'
_HINT = '[data-testid="InputInstructions"] > span:first-child'
_HINT_MULTILINE = f'[data-testid="stTextArea"] {_HINT}'


def _replace(selector: str, text: str) -> str:
    """CSS drawing ``text`` instead of what ``selector`` holds (kept in the DOM, at size 0)."""
    quoted = text.replace("\\", "\\\\").replace('"', '\\"')
    return (
        f"{selector}{{font-size:0 !important;}}"
        f'{selector}::after{{content:"{quoted}";font-size:0.875rem;}}'
    )


def chrome_css(lang: str, max_upload_mb: int) -> str:
    """The style sheet replacing Streamlit's English texts for ``lang`` ("" for English).

    >>> chrome_css("en", 50)
    ''
    >>> "单个文件不超过 50 MB" in chrome_css("zh", 50)
    True
    """
    if lang == "en":
        return ""
    return "".join(
        (
            _replace(_UPLOAD_BUTTON, t("chrome.upload", lang)),
            _replace(_UPLOAD_LIMIT, t("chrome.upload_limit", lang, mb=max_upload_mb)),
            _replace(_HINT, t("chrome.enter", lang)),
            _replace(_HINT_MULTILINE, t("chrome.enter_multiline", lang)),
        )
    )


def localize_chrome() -> None:
    """Draw Streamlit's widget texts in the current language (call once per run, any page)."""
    css = chrome_css(current_lang(), int(st.get_option("server.maxUploadSize")))
    if css:
        st.html(f"<style>{css}</style>")  # style only: takes no room on the page


def choose(many: bool = False, lang: str | None = None) -> str:
    """The placeholder of a select box (``many``: of a multiselect), in ``lang`` or the current
    language."""
    return t("chrome.choose_many" if many else "chrome.choose", lang)


def hide_sidebar() -> None:
    """No sidebar and no button to open it (a rater's pages, whose sidebar would be empty)."""
    st.html(
        '<style>[data-testid="stSidebar"],[data-testid="stExpandSidebarButton"],'
        '[data-testid="stSidebarCollapsedControl"]{display:none !important;}</style>'
    )
