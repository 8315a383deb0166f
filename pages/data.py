"""Data: the demo world (regenerate, remove before real use) and what the database holds."""

import streamlit as st

import demo
from security.audit import record
from storage.overview import overview_counts
from ui.access import guard
from ui.chrome import choose
from ui.i18n import t
from ui.plain import plain
from ui.state import get_db

who = guard(__file__)

db = get_db()
st.title(t("page.data"))
st.caption(f"{t('data.db_path')}: {plain(db.path)}")
counts = overview_counts(db)
st.dataframe(
    {t(f"count.{k}"): [f"{v:,}"] for k, v in counts.items()}, hide_index=True, width="stretch"
)

present = demo.is_present(db)
(st.info if present else st.success)(t("data.demo_present" if present else "data.demo_absent"))

with st.form("regenerate"):
    st.subheader(t("data.regenerate"))
    size_col, seed_col, locale_col = st.columns(3)
    size = size_col.selectbox(
        t("data.size"),
        ["tiny", "default", "large"],
        index=1,
        format_func=lambda s: t(f"data.size.{s}"),
        placeholder=choose(),
    )
    seed = seed_col.number_input(t("data.seed"), min_value=0, max_value=2**31 - 1, value=20241029)
    locale = locale_col.selectbox(
        t("data.locale"),
        ["zh_CN", "en"],
        format_func={"zh_CN": "中文（zh_CN）", "en": "English (en)"}.get,
        placeholder=choose(),
    )
    replace = st.checkbox(t("data.regenerate.confirm")) if present else True
    submitted = st.form_submit_button(t("data.generate"), type="primary")
    if submitted and not replace:
        st.error(t("data.regenerate.unconfirmed"))
    elif submitted:
        bar = st.progress(0.0)
        if present:
            demo.remove(db)
        summary = demo.generate(
            db,
            size=size,
            seed=int(seed),
            locale=locale,
            progress=lambda f, m: bar.progress(min(max(f, 0.0), 1.0), text=m),
        )
        bar.empty()
        record(db, who.account_id, "data.demo_generated", size=size, seed=int(seed))
        st.success(t("data.generated", summary=str(summary)))

if present:
    with st.form("remove_demo"):
        st.subheader(t("data.remove"))
        st.caption(t("data.remove.help"))
        sure = st.checkbox(t("data.remove.confirm"))
        if st.form_submit_button(t("data.remove"), disabled=False) and sure:
            demo.remove(db)
            record(db, who.account_id, "data.demo_removed")
            st.success(t("data.removed"))
            st.rerun()
