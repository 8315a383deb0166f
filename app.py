"""Quanjing entry point: page config, the database, first start, who is signed in, navigation.

A session offers only the pages its account's roles open (``security.roles.PAGE_ROLES``); every
page checks again (``ui.access.guard``). A respondent's session (an invitation code) offers the
filling page and nothing else, whatever address is typed; a visitor sees home, sign-in and fill.
"""

from __future__ import annotations

import streamlit as st

from ui import first_start


def _page_config() -> None:
    st.set_page_config(page_title="Quanjing 全景", page_icon=":material/panorama:", layout="wide")


_FIRST_FRAME = None
if __name__ == "__main__":  # before the imports below: slow on a server's first run
    _page_config()  # the wide layout from the first frame
    _FIRST_FRAME = first_start.early_progress()  # a first start: see ui/first_start.py

from security.roles import PAGE_ROLES  # noqa: E402
from ui.access import PRINCIPAL_KEY, allowed, enter_respondent_mode, principal  # noqa: E402
from ui.auth import current_principal  # noqa: E402
from ui.chrome import hide_sidebar, localize_chrome  # noqa: E402
from ui.code_entry import typed_code  # noqa: E402
from ui.entry import entry_point  # noqa: E402
from ui.i18n import language_switch, t  # noqa: E402
from ui.sidebar import account_box  # noqa: E402
from ui.state import get_db  # noqa: E402
from ui.streamlit_speed import apply as cache_streamlit_hot_spots  # noqa: E402

_SECTIONS = {
    "nav.fill": [("home", ":material/home:"), ("fill", ":material/edit_note:")],
    "nav.organize": [
        ("designer", ":material/design_services:"), ("campaigns", ":material/event_note:"),
        ("people", ":material/group_add:"), ("invitations", ":material/qr_code_2:"),
        ("meeting", ":material/how_to_vote:"), ("paper", ":material/keyboard:"),
        ("monitor", ":material/monitoring:"),
    ],
    "nav.review": [
        ("results", ":material/insights:"), ("tallies", ":material/ballot:"),
        ("reliability", ":material/rule:"),
    ],
    "nav.system": [
        ("data", ":material/database:"), ("accounts", ":material/manage_accounts:"),
        ("audit", ":material/history:"),
    ],
    "nav.account": [("signin", ":material/login:"), ("account", ":material/person:")],
}  # fmt: skip
assert {p for pages in _SECTIONS.values() for p, _ in pages} == set(PAGE_ROLES)


def _page(name: str, icon: str, *, default: bool = False) -> st.Page:
    return st.Page(f"pages/{name}.py", title=t(f"page.{name}"), icon=icon, url_path=name,
                   default=default)  # fmt: skip


def _pages(who) -> dict[str, list]:
    """The sections this session may open; a signed-in account does not see "sign in".

    Every other page's address answers with a hidden stand-in that runs none of the page's code
    and says what opening it takes (instead of Streamlit's English "Page not found").
    """
    if who is not None and who.must_change:  # first sign-in: the new password comes first
        return {t("nav.account"): [_page("account", ":material/key:", default=True)]}
    out: dict[str, list] = {}
    closed = []
    for section, pages in _SECTIONS.items():
        shown = []
        for name, icon in pages:
            if allowed(name, who) and not (name == "signin" and who is not None):
                shown.append(_page(name, icon, default=name == "home"))
            elif name != "signin":
                closed.append(_closed_page(name))
        if shown:
            out[t(section)] = shown
    out.setdefault(t("nav.account"), []).extend(closed)
    return out


def _closed_page(name: str) -> st.Page:
    def closed() -> None:
        st.title(t("access.title"))
        st.error(t("access.denied"), icon=":material/lock:")
        if principal() is None:
            st.page_link("pages/signin.py", label=t("page.signin"), icon=":material/login:")

    return st.Page(closed, title=t(f"page.{name}"), url_path=name, visibility="hidden")


def _respondent_pages(*, from_elsewhere: bool = False) -> list:
    """A respondent with a token sees only the filling page: no organizer menus on their phone.

    The default page of a navigation answers at "/", so the filling page is not the default
    (an invitation link to /fill would otherwise be "not found"); "/" forwards to it. A code
    just typed on another page (home) makes the filling page the default for that one run: the
    browser asked for that other page, which falls back to the default with no second run.
    """
    if from_elsewhere:
        return [st.Page("pages/fill.py", title=t("page.fill"), url_path="fill", default=True)]
    fill = st.Page("pages/fill.py", title=t("page.fill"), url_path="fill")

    def forward() -> None:
        st.switch_page(fill)

    return [st.Page(forward, title=t("page.fill"), url_path="start", default=True), fill]


def main(progress: first_start.Progress | None = None, *, configured: bool = False) -> None:
    """``progress``: the first-start progress already drawn in this run (``early_progress``);
    ``configured``: the page config is set already in this run."""
    cache_streamlit_hot_spots()
    if not configured:
        _page_config()
    localize_chrome()
    db = get_db()
    first_start.ensure_first_admin(db)
    typed = typed_code()  # a code typed and sent: the ballot in this same run, as for a link
    if typed is not None:
        enter_respondent_mode(typed.code)
    if "token" in st.query_params:  # an invitation link: the code leaves the address at once
        token = st.query_params["token"]
        del st.query_params["token"]
        enter_respondent_mode(token)
    if st.session_state.get("respondent_mode", False):
        if progress is not None:
            progress.clear()
        st.session_state[PRINCIPAL_KEY] = None
        hide_sidebar()  # a rater's pages have no menu: no "»" opening an empty sidebar
        language_switch(st.container())
        pages = _respondent_pages(from_elsewhere=typed is not None and typed.page != "fill")
        with entry_point():
            st.navigation(pages, position="hidden").run()
        return
    if progress is None and first_start.will_build(db):  # before the menu, so it comes first
        progress = first_start.Progress()
    who = current_principal(db)
    st.session_state[PRINCIPAL_KEY] = who
    language_switch()
    account_box(db, who)
    first_start.sidebar_menu_on()
    navigation = st.navigation(_pages(who), expanded=True)  # the menu, also while building
    with entry_point():
        first_start.ensure_world(db, progress)
        navigation.run()


if __name__ == "__main__":
    main(_FIRST_FRAME, configured=True)
