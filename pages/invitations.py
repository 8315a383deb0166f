"""Invitations (邀请码): issue one token per rater of a phase, revoke one, re-issue one.

A token exists in plain text only in the run that creates it: it is shown once, with the CSV and
the printable QR sheet to download, and never stored (only its keyed hash is). Nothing here keeps
a token in the session.
"""

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from campaign.sheets import invitation_cards, invitation_link, invitations_csv, qr_sheet_html
from campaign.tokens import issue_phase_tokens, load_server_key, reissue, revoke_invitation
from security.audit import record
from storage.campaigns import list_campaigns, list_phases
from storage.db import StorageError
from storage.organize import phase_invitations, phase_rater_counts
from ui.access import guard, scope
from ui.chrome import choose
from ui.components import demo_banner
from ui.i18n import current_lang, localized_select, t
from ui.organize import end_of_day
from ui.public_url import fill_address_input, warn_sheet
from ui.state import get_db
from ui.units import localize_units

who = guard(__file__)

db = get_db()
lang = current_lang()
st.title(t("page.invitations"))
demo_banner(db)

campaigns = list_campaigns(db)
if campaigns.empty:
    st.info(t("invitations.no_campaign"))
    st.page_link("pages/campaigns.py", label=t("page.campaigns"), icon=":material/event_note:")
    st.stop()
names = dict(zip(campaigns["campaign_id"], campaigns["name"], strict=True))
pick_campaign, pick_phase = st.columns(2)
campaign_id = pick_campaign.selectbox(
    t("invitations.campaign"),
    list(names),
    format_func=names.get,
    key="invitations_campaign",
    placeholder=choose(),
)
phases = list_phases(db, campaign_id)
if phases.empty:
    st.info(t("invitations.no_phase"))
    st.stop()
phase_rows = {r["phase_id"]: r for _, r in phases.iterrows()}


def _phase_label(phase_id: str) -> str:
    row = phase_rows[phase_id]
    return t(
        "invitations.phase_label",
        phase=t(f"phase.{row['kind']}"),
        status=t(f"campaigns.status.{row['status']}"),
    )


open_first = [i for i, r in enumerate(phase_rows.values()) if r["status"] == "open"][:1]
phase_id = localized_select(
    pick_phase,
    t("invitations.phase"),
    list(phase_rows),
    index=open_first[0] if open_first else 0,  # codes are issued for the open phase
    key=f"invitations_phase_{campaign_id}",
    format_func={p: _phase_label(p) for p in phase_rows}.get,
)
status = phase_rows[phase_id]["status"]
if status == "closed":
    st.info(t("invitations.sealed"))
    st.stop()
if status != "open":
    st.info(t("invitations.phase_not_open", status=t(f"campaigns.status.{status}")))

base_url = fill_address_input(t("invitations.base_url"), "invitations_base_url")
key = load_server_key(db.path)


def _show_once(issued, expires) -> None:
    """Show freshly issued tokens with their downloads; they cannot be shown again."""
    cards = invitation_cards(db, issued, expires)
    st.warning(t("invitations.once"), icon=":material/warning:")
    warn_sheet(base_url)
    st.dataframe(
        pd.DataFrame(
            {
                t("invitations.col.name"): [c.name or "" for c in cards],
                t("invitations.col.unit"): [c.unit or "" for c in cards],
                t("invitations.col.token"): [c.token for c in cards],
                t("invitations.col.link"): [invitation_link(base_url, c.token) for c in cards],
            }
        ),
        hide_index=True,
        width="stretch",
        key="invitations_tokens",
    )
    left, right = st.columns(2)
    left.download_button(
        t("invitations.csv"),
        invitations_csv(cards, base_url, lang=lang),
        file_name=f"invitations_{date.today():%Y%m%d}.csv",
        mime="text/csv",
        on_click="ignore",
        key="invitations_csv",
        width="stretch",
    )
    right.download_button(
        t("invitations.qr"),
        qr_sheet_html(cards, base_url, lang=lang).encode("utf-8"),
        file_name=f"invitations_{date.today():%Y%m%d}.html",
        mime="text/html",
        on_click="ignore",
        key="invitations_qr",
        width="stretch",
    )


units = scope("organizer")  # None: every unit; else only these units' raters are shown


def _mine(frame: pd.DataFrame) -> pd.DataFrame:
    """The invitations of raters in this organizer's units (all for an organizer of every unit)."""
    return frame if units is None else frame[frame["unit_id"].isin(units)]


# -- issue -----------------------------------------------------------------------------------------
st.subheader(t("invitations.issue"))
if units is not None:  # issuing covers the whole phase: an organizer of every unit does it
    st.info(t("invitations.scoped"), icon=":material/filter_alt:")
counts = phase_rater_counts(db, phase_id)
pending = counts["raters"] - counts["invited"]
st.caption(
    t("invitations.counts", raters=counts["raters"], invited=counts["invited"], pending=pending)
)
expires_day = st.date_input(
    t("invitations.expires"),
    date.today() + timedelta(days=30),
    min_value=date.today(),
    key="invitations_expires",
)
if pending == 0 and counts["raters"] == 0:
    st.info(t("invitations.no_relationships"))
if (
    st.button(
        t("invitations.issue_button", n=pending),
        type="primary",
        disabled=pending == 0 or units is not None,
        key="invitations_issue",
    )
    and units is None
):
    expires = end_of_day(expires_day)
    issued = issue_phase_tokens(db, key, phase_id, expires_at=expires)
    record(db, who.account_id, "invitation.issued", phase_id, n=len(issued))
    st.success(t("invitations.issued", n=len(issued)))
    _show_once(issued, expires)

# -- existing invitations: revoke and re-issue ----------------------------------------------------
st.subheader(t("invitations.existing"))
if flash := st.session_state.pop("invitations_flash", None):
    st.success(flash)
invitations = localize_units(db, _mine(phase_invitations(db, phase_id)))
if invitations.empty:
    st.info(t("invitations.none"))
    st.stop()


def _state(row) -> str:
    if row["revoked"]:
        return t("invitations.state.revoked")
    if row["finished"]:
        return t("invitations.state.finished")
    if pd.Timestamp(row["expires_at"]) <= pd.Timestamp.now():
        return t("invitations.state.expired")
    return t("invitations.state.active")


labels = {
    r["invitation_id"]: f"{r['name'] or r['rater_id']} · {r['unit_name'] or ''} · {_state(r)}"
    for _, r in invitations.iterrows()
}
revoke_tab, reissue_tab = st.tabs([t("invitations.revoke"), t("invitations.reissue")])
with revoke_tab:
    revocable = invitations[~invitations["revoked"].astype(bool)]["invitation_id"].tolist()
    if not revocable:
        st.info(t("invitations.nothing_to_revoke"))
    else:
        target = st.selectbox(
            t("invitations.pick"),
            revocable,
            format_func=labels.get,
            key="invitations_revoke_pick",
            placeholder=choose(),
        )
        st.caption(t("invitations.revoke_help"))
        sure = st.checkbox(t("invitations.revoke_confirm"), key="invitations_revoke_sure")
        clicked = st.button(t("invitations.revoke_button"), key="invitations_revoke")
        if clicked and not sure:
            st.error(t("invitations.unconfirmed"))
        elif clicked and target not in labels:  # a value from outside this organizer's units
            st.error(t("access.denied"))
        elif clicked:
            try:
                revoke_invitation(db, target)
                record(db, who.account_id, "invitation.revoked", target, phase=phase_id)
            except StorageError as err:
                st.error(t("invitations.failed"))
                st.text(str(err))
            else:
                st.session_state["invitations_flash"] = t("invitations.revoked")
                st.rerun()
with reissue_tab:
    target = st.selectbox(
        t("invitations.pick"),
        list(labels),
        format_func=labels.get,
        key="invitations_reissue_pick",
        placeholder=choose(),
    )
    st.caption(t("invitations.reissue_help"))
    new_day = st.date_input(
        t("invitations.expires"),
        date.today() + timedelta(days=30),
        min_value=date.today(),
        key="invitations_reissue_expires",
    )
    sure = st.checkbox(t("invitations.reissue_confirm"), key="invitations_reissue_sure")
    clicked = st.button(t("invitations.reissue_button"), key="invitations_reissue")
    if clicked and not sure:
        st.error(t("invitations.unconfirmed"))
    elif clicked and target not in labels:
        st.error(t("access.denied"))
    elif clicked:
        try:
            fresh = reissue(db, key, target, expires_at=end_of_day(new_day))
            record(db, who.account_id, "invitation.reissued", target, phase=phase_id)
        except StorageError as err:
            st.error(t("invitations.failed"))
            st.text(str(err))
        else:
            st.success(t("invitations.reissued"))
            _show_once([fresh], end_of_day(new_day))

invitations = localize_units(db, _mine(phase_invitations(db, phase_id)))
st.dataframe(
    pd.DataFrame(
        {
            t("invitations.col.name"): invitations["name"].fillna("").tolist(),
            t("invitations.col.unit"): invitations["unit_name"].fillna("").tolist(),
            t("invitations.col.expires"): invitations["expires_at"].tolist(),
            t("invitations.col.state"): [_state(r) for _, r in invitations.iterrows()],
        }
    ),
    hide_index=True,
    width="stretch",
    key="invitations_list",
)
