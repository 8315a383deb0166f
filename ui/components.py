"""Small shared page parts."""

from __future__ import annotations

import streamlit as st

from storage.meta import get_meta
from ui.i18n import t
from ui.tables import table


def demo_banner(db) -> None:
    """A visible mark on every organizer/reviewer page while demo data is present."""
    if get_meta(db, "demo") == "true":
        st.warning(t("demo.banner"), icon=":material/science:")


_TO_TOP = """<script>
for (const el of window.parent.document.querySelectorAll('[data-testid="stMain"], section.main')) {
  el.scrollTo({top: 0});
}
window.parent.scrollTo(0, 0);
</script>"""


def scroll_to_top() -> None:
    """Bring the top of the page into view: after a page turn of a long form on a phone, the
    browser kept the old scroll position and the new page's first questions were above it."""
    import streamlit.components.v1 as components

    components.html(_TO_TOP, height=0)


def localized_table(frame, prefix: str, *, key: str, count: bool = False) -> None:
    """A read-only table whose column ``c`` is headed ``t(f"{prefix}.{c}")``.

    User-written cells stay data (st.dataframe never renders Markdown or HTML).
    """
    if count:
        st.caption(t("common.count", n=len(frame)))
    headers = {c: t(f"{prefix}.{c}") for c in frame.columns}
    table(frame.rename(columns=headers), key=key)  # a missing value reads "—", not "None"


def demo_accounts(db) -> None:
    """While the demo world is present: its accounts, one per role, to try each (sign-in page)."""
    from demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD

    if get_meta(db, "demo") != "true":
        return
    with st.container(border=True):
        st.caption(t("signin.demo", password=DEMO_PASSWORD))
        for account_id, role, _units in DEMO_ACCOUNTS:
            st.text(f"{account_id} · {t(f'role.{role}')}")
