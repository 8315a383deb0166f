"""Meeting mode (会议测评): a 民主测评 in a room with single-use ballot tokens, counts only.

Pick the phase, rater group, grid and head count N; the N tokens come back once, in random
order, as a printable QR sheet and a CSV; a live counter shows issued / received / remaining;
closing the batch revokes the unused tokens. See docs/ANONYMITY.md (meeting mode).
"""

from datetime import datetime, timedelta

import streamlit as st

from campaign import meeting
from campaign.tokens import load_server_key
from security.audit import record
from storage import meeting_ui
from ui.access import guard
from ui.chrome import choose
from ui.components import demo_banner
from ui.i18n import current_lang, forget_choice, localized_select, t
from ui.meeting import meeting_files, phase_survey, pick_campaign, pick_grid, pick_phase
from ui.plain import plain
from ui.public_url import fill_address_input, warn_sheet
from ui.state import get_db

who = guard(__file__)


MEETING_GROUPS = ("peer", "subordinate", "public", "observer")

db = get_db()
lang = current_lang()
st.title(t("page.meeting"))
st.caption(t("meeting.intro"))
demo_banner(db)

campaign_id = pick_campaign(db, "meeting_campaign", grid_first=True)
phase = pick_phase(db, campaign_id, "meeting_phase") if campaign_id else None
if phase is None:
    st.stop()
phase_id = phase["phase_id"]
survey = phase_survey(db, phase)
if survey.subject_mode != "grid":
    st.warning(t("meeting.not_grid"))
if phase["status"] == "closed":
    st.info(t("meeting.sealed"))
    st.stop()
if phase["status"] != "open":
    st.info(t("meeting.phase_not_open"))

create_tab, live_tab = st.tabs([t("meeting.tab.create"), t("meeting.tab.live")])

with create_tab:
    groups = [g for g in MEETING_GROUPS if g in survey.rater_groups] or list(MEETING_GROUPS)
    group = st.selectbox(
        t("meeting.group"),
        groups,
        format_func=lambda g: t(f"group.{g}"),
        key="meeting_group",
        placeholder=choose(),
    )
    subjects = pick_grid(db, phase_id, "meeting_grid")
    c1, c2 = st.columns(2)
    n_tokens = c1.number_input(
        t("meeting.n"),
        min_value=1,
        max_value=meeting.MAX_TOKENS,
        value=30,
        step=1,
        key="meeting_n",
        help=t("meeting.n_help"),
    )
    hours = c2.number_input(
        t("meeting.hours"), min_value=1, max_value=72, value=4, step=1, key="meeting_hours"
    )
    base_url = fill_address_input(t("meeting.base_url"), "meeting_base_url")
    st.caption(t("meeting.stuffing"))
    if st.button(t("meeting.create"), type="primary", key="meeting_create", disabled=not subjects):
        expires_at = (datetime.now() + timedelta(hours=int(hours))).replace(microsecond=0)
        try:
            batch = meeting.create_meeting(
                db,
                load_server_key(db.path),
                phase_id=phase_id,
                rater_group=group,
                subject_ids=subjects,
                n_tokens=int(n_tokens),
                expires_at=expires_at,
            )
        except ValueError as exc:
            st.error(t("meeting.refused", reason=plain(exc)))
        else:
            record(db, who.account_id, "meeting.opened", phase_id, group=group,
                   subjects=len(subjects), ballots=int(n_tokens))  # fmt: skip
            html, csv = meeting_files(
                batch.tokens, base_url, expires_at, t("meeting.sheet_title"), lang
            )
            st.session_state["meeting_issued"] = {
                "meeting_id": batch.meeting_id,
                "tokens": batch.tokens,
                "html": html,
                "csv": csv,
                "address": base_url,
            }
            st.session_state["meeting_watch"] = batch.meeting_id
            # the live count follows the new batch, not the one its picker showed before (#12)
            forget_choice("meeting_batch")

    issued = st.session_state.get("meeting_issued")
    if issued:
        with st.container(border=True):
            st.success(t("meeting.created", n=len(issued["tokens"])))
            st.warning(t("meeting.once"), icon=":material/warning:")
            warn_sheet(issued.get("address", ""))
            d1, d2 = st.columns(2)
            d1.download_button(
                t("meeting.download_html"),
                issued["html"].encode("utf-8"),
                file_name=f"meeting-{issued['meeting_id'][:8]}.html",
                mime="text/html",
                key="meeting_dl_html",
                width="stretch",
            )
            d2.download_button(
                t("meeting.download_csv"),
                issued["csv"],
                file_name=f"meeting-{issued['meeting_id'][:8]}.csv",
                mime="text/csv",
                key="meeting_dl_csv",
                width="stretch",
            )
            with st.expander(t("meeting.show_tokens")):
                st.dataframe(
                    {t("meeting.col.token"): list(issued["tokens"])},
                    hide_index=True,
                    width="stretch",
                    key="meeting_tokens_table",
                )
            if st.button(t("meeting.forget"), key="meeting_forget"):
                st.session_state.pop("meeting_issued", None)
                st.rerun()

with live_tab:
    batches = meeting_ui.meeting_batches(db, phase_id)
    if batches.empty:
        st.info(t("meeting.no_batches"))
        st.stop()
    labels = {
        b.meeting_id: t(
            "meeting.batch_label",
            date=b.created_on,
            group=t(f"group.{b.rater_group}"),
            n=b.issued,
            id=b.meeting_id[:6],
        )
        for b in batches.itertuples(index=False)
    }
    ids = list(labels)
    watch = st.session_state.get("meeting_watch")
    meeting_id = localized_select(
        st,
        t("meeting.batch"),
        ids,
        format_func=labels.get,
        index=ids.index(watch) if watch in ids else 0,
        key="meeting_batch",
    )

    @st.fragment(run_every="5s")
    def live_count() -> None:
        counts = meeting.live_count(db, meeting_id)
        issued_n, received = counts["issued"], counts["received"]
        st.metric(t("meeting.received"), f"{received} / {issued_n}")
        m1, m2, m3 = st.columns(3)
        m1.metric(t("meeting.issued"), issued_n)
        m2.metric(t("meeting.remaining"), counts["open"])
        m3.metric(t("meeting.revoked"), counts["revoked"])
        st.progress(received / issued_n if issued_n else 0.0)
        st.caption(t("meeting.live_help"))

    def close_batch() -> None:
        st.session_state["meeting_closed"] = meeting.close_meeting(db, meeting_id)
        record(db, who.account_id, "meeting.closed", meeting_id)

    if "meeting_closed" in st.session_state:
        st.success(t("meeting.closed", n=st.session_state.pop("meeting_closed")))
    live_count()
    with st.popover(t("meeting.close"), width="stretch"):
        st.caption(t("meeting.close_help"))
        st.button(
            t("meeting.close_confirm"), type="primary", key="meeting_close", on_click=close_batch
        )
