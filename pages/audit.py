"""Audit log (审计日志), admins only: read, filter, check the hash chain, export as CSV."""

import altair as alt
import streamlit as st

from security.audit import KINDS, chain_broken_at, events, record
from ui.access import guard
from ui.chart_draw import draw
from ui.chrome import choose
from ui.components import localized_table
from ui.exports import csv_bytes
from ui.i18n import t
from ui.state import get_db

who = guard(__file__)
db = get_db()
st.title(t("page.audit"))
st.caption(t("audit.intro"))

broken = chain_broken_at(db)
if broken is None:
    st.success(t("audit.chain_ok"), icon=":material/verified:")
else:
    st.error(t("audit.chain_broken", seq=broken), icon=":material/gpp_bad:")


def kind_label(kind: str) -> str:
    """An event kind in the interface's language (the CSV export keeps the code)."""
    return t(f"audit.kind.{kind}") if kind in KINDS else kind


left, right = st.columns([3, 1])
kinds = left.multiselect(t("audit.kinds"), list(KINDS), key="audit_kinds",
                         format_func=kind_label, placeholder=choose(True))  # fmt: skip
actor = right.text_input(t("audit.actor"), key="audit_actor", max_chars=64).strip()
frame = events(db, kinds=kinds or None, actor=actor or None, limit=5000)

ISO_DAY = "%Y-%m-%d"  # Vega's default ("Dec 02, 2026") is English in both languages
if not frame.empty:
    per_day = frame.assign(day=frame["logged_at"].dt.floor("D")).groupby(["day", "kind"]).size()
    per_day = per_day.rename("n").reset_index()
    per_day["kind"] = per_day["kind"].map(kind_label)
    chart = alt.Chart(per_day, title=t("audit.per_day")).mark_bar().encode(
        x=alt.X("yearmonthdate(day):O", title=None, axis=alt.Axis(format=ISO_DAY)),
        y=alt.Y("n:Q", title=None), color=alt.Color("kind:N", title=t("audit.col.kind")),
        tooltip=[alt.Tooltip("day:T", format=ISO_DAY), "kind:N", "n:Q"],
    )  # fmt: skip
    draw(chart.properties(height=180))
localized_table(frame.assign(kind=frame["kind"].map(kind_label)), "audit.col", key="audit_table",
                count=True)  # fmt: skip

data = csv_bytes(frame)
st.download_button(
    t("audit.export"), data, "quanjing-audit.csv", "text/csv", icon=":material/download:",
    on_click=record, args=(db, who.account_id, "audit.exported"), kwargs={"rows": len(frame)},
)  # fmt: skip
