"""People (人员导入): import units, cadres, raters and relationships from CSV/XLSX. Every row
problem is shown before anything is written; the import writes all rows or none."""

import streamlit as st

from campaign.imports import KINDS, ImportRefused, commit_import, preview_import
from security.audit import record
from storage.campaigns import list_campaigns
from storage.db import StorageError
from storage.organize import raters_table, subjects_table, units_table
from ui.access import guard
from ui.chrome import choose
from ui.components import demo_banner, localized_table
from ui.i18n import current_lang, t
from ui.organize import problems_frame, sample_csv
from ui.state import get_db

who = guard(__file__)

db = get_db()
lang = current_lang()
st.title(t("page.people"))
demo_banner(db)
st.caption(t("people.intro"))

kind = st.segmented_control(
    t("people.kind"),
    list(KINDS),
    default="unit",
    required=True,
    format_func={k: t(f"people.kind.{k}") for k in KINDS}.get,
    key="people_kind",
)
st.download_button(
    t("people.sample"),
    sample_csv(kind),
    file_name=f"sample_{kind}.csv",
    mime="text/csv",
    on_click="ignore",
    key=f"people_sample_{kind}",
    help=t("people.sample_help"),
)

campaign_id = None
if kind == "relationship":
    campaigns = list_campaigns(db)
    if campaigns.empty:
        st.warning(t("people.need_campaign"))
        st.page_link("pages/campaigns.py", label=t("page.campaigns"), icon=":material/event_note:")
        st.stop()
    names = dict(zip(campaigns["campaign_id"], campaigns["name"], strict=True))
    campaign_id = st.selectbox(
        t("people.campaign"),
        list(names),
        format_func=names.get,
        key="people_campaign",
        placeholder=choose(),
    )

upload = st.file_uploader(t("people.upload"), type=["csv", "xlsx"], key=f"people_upload_{kind}")
done: dict = st.session_state.setdefault("people_done", {})


def _preview_and_import(data: bytes, name: str, file_key: str) -> None:
    preview = preview_import(db, kind, data, name, campaign_id=campaign_id)
    st.markdown(f"**{t('people.preview', n=len(preview.rows))}**")
    if preview.encoding:
        st.caption(t("people.encoding", encoding=preview.encoding))
    st.dataframe(preview.rows, hide_index=True, width="stretch", key="people_preview")
    if preview.problems:
        st.error(t("people.problems", n=len(preview.problems)))
        frame = problems_frame(preview, lang).rename(
            columns={
                "file": t("people.col.file"),
                "row": t("people.col.row"),
                "field": t("people.col.field"),
                "message": t("people.col.message"),
            }
        )
        st.dataframe(frame, hide_index=True, width="stretch", key="people_problems")
    elif preview.ok:
        st.success(t("people.ready", n=len(preview.rows)))
    if not st.button(
        t("people.import"), type="primary", disabled=not preview.ok, key="people_import"
    ):
        return
    bar = st.progress(0.0, text=t("people.progress", pct=0))

    def progress(fraction: float, _message: str) -> None:
        value = min(max(fraction, 0.0), 1.0)
        bar.progress(value, text=t("people.progress", pct=round(100 * value)))

    try:
        written = commit_import(db, preview, progress)
    except (ImportRefused, StorageError) as err:
        st.error(t("people.failed"))
        st.text(str(err))
        return
    record(db, who.account_id, "data.imported", preview.kind, rows=written, file=preview.filename)
    done[file_key] = written
    st.rerun()


if upload is not None:
    file_key = f"{kind}:{campaign_id}:{upload.file_id}"
    if file_key in done:
        st.success(t("people.imported", n=done[file_key], kind=t(f"people.kind.{kind}")))
    else:
        _preview_and_import(upload.getvalue(), upload.name, file_key)

st.divider()
st.subheader(t("people.current"))
units_tab, subjects_tab, raters_tab = st.tabs(
    [t("people.kind.unit"), t("people.kind.subject"), t("people.kind.rater")]
)
with units_tab:
    localized_table(
        units_table(db).rename(columns={"kind": "unit_kind"}),
        "people.col",
        key="people_units",
        count=True,
    )
with subjects_tab:
    localized_table(subjects_table(db), "people.col", key="people_subjects", count=True)
with raters_tab:
    localized_table(raters_table(db), "people.col", key="people_raters", count=True)
