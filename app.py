"""Quanjing entry point: page config, the database, first start, navigation. Nothing else."""

from __future__ import annotations

import streamlit as st

from ui.entry import entry_point
from ui.first_start import ensure_world
from ui.i18n import language_switch, t
from ui.state import get_db


def _pages() -> dict[str, list]:
    page = st.Page
    return {
        t("nav.fill"): [
            page("pages/home.py", title=t("page.home"), icon=":material/home:", default=True),
            page(
                "pages/fill.py", title=t("page.fill"), icon=":material/edit_note:", url_path="fill"
            ),
        ],
        t("nav.organize"): [
            page("pages/designer.py", title=t("page.designer"), icon=":material/design_services:"),
            page("pages/campaigns.py", title=t("page.campaigns"), icon=":material/event_note:"),
            page("pages/people.py", title=t("page.people"), icon=":material/group_add:"),
            page("pages/invitations.py", title=t("page.invitations"), icon=":material/qr_code_2:"),
            page("pages/meeting.py", title=t("page.meeting"), icon=":material/how_to_vote:"),
            page("pages/paper.py", title=t("page.paper"), icon=":material/keyboard:"),
            page("pages/monitor.py", title=t("page.monitor"), icon=":material/monitoring:"),
        ],
        t("nav.review"): [
            page("pages/results.py", title=t("page.results"), icon=":material/insights:"),
            page("pages/tallies.py", title=t("page.tallies"), icon=":material/ballot:"),
            page("pages/reliability.py", title=t("page.reliability"), icon=":material/rule:"),
        ],
        t("nav.system"): [
            page("pages/data.py", title=t("page.data"), icon=":material/database:"),
        ],
    }


def _respondent_pages() -> list:
    """A respondent with a token sees only the filling page: no organizer menus on their phone.

    The default page of a navigation answers at "/", so the filling page is not the default
    (an invitation link to /fill would otherwise be "not found"); "/" forwards to it.
    """
    fill = st.Page("pages/fill.py", title=t("page.fill"), url_path="fill")

    def forward() -> None:
        st.switch_page(fill)

    return [st.Page(forward, title=t("page.fill"), url_path="start", default=True), fill]


def main() -> None:
    st.set_page_config(page_title="Quanjing 全景", page_icon=":material/panorama:", layout="wide")
    db = get_db()
    if "token" in st.query_params:  # an invitation link: the code leaves the address at once
        st.session_state["pending_token"] = st.query_params["token"]
        del st.query_params["token"]
        st.session_state["respondent_mode"] = True
    if st.session_state.get("respondent_mode", False):
        language_switch(st.container())
        with entry_point():
            st.navigation(_respondent_pages(), position="hidden").run()
        return
    language_switch()
    ensure_world(db)
    with entry_point():
        st.navigation(_pages(), expanded=True).run()


if __name__ == "__main__":
    main()
