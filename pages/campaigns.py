"""Campaigns (测评活动): list and create campaigns with their phases, edit the settings (anonymity
thresholds, weights, tally rules), expand assignment rules into relationships, open and close
phases."""

from datetime import date

import pandas as pd
import streamlit as st

from campaign.settings import (
    CampaignSettings,
    load_campaign_settings,
)
from security.audit import record
from storage.campaigns import (
    CampaignError,
    add_phase,
    close_phase,
    create_campaign,
    get_campaign,
    insert_relationships,
    list_campaigns,
    list_phases,
    open_phase,
)
from storage.organize import lone_rater_cells, published_versions, relationship_group_counts
from ui.access import guard
from ui.campaign_settings import settings_form
from ui.chrome import choose
from ui.components import demo_banner
from ui.i18n import current_lang, t
from ui.organize import (
    PHASE_DEFAULT_DEFINITION,
    PHASE_KINDS_THREE,
    RULE_TYPES,
    expand_rules,
    group_counts,
    only_new,
)
from ui.plain import plain
from ui.state import get_db

who = guard(__file__)

db = get_db()
lang = current_lang()
st.title(t("page.campaigns"))
demo_banner(db)

versions = published_versions(db)
version_options = [f"{r.definition_id}@{r.version}" for r in versions.itertuples(index=False)]


def _version_label(option: str) -> str:
    definition_id, version = option.rsplit("@", 1)
    return t("campaigns.version_label", id=definition_id, version=version)


def _default_index(kind: str) -> int:
    wanted = PHASE_DEFAULT_DEFINITION[kind] + "@"
    return next((i for i, o in enumerate(version_options) if o.startswith(wanted)), 0)


def _definition_picker(kind: str, key: str) -> str:
    return st.selectbox(
        t(f"phase.{kind}"),
        version_options,
        index=_default_index(kind),
        format_func={o: _version_label(o) for o in version_options}.get,
        key=key,
        placeholder=choose(),
    )


def _new_campaign() -> None:
    with st.expander(t("campaigns.new"), expanded=False):
        if not version_options:
            st.info(t("campaigns.no_published"))
            st.page_link(
                "pages/designer.py", label=t("page.designer"), icon=":material/design_services:"
            )
            return
        name = st.text_input(t("campaigns.name"), key="campaigns_new_name")
        year = st.number_input(
            t("campaigns.year"), 2000, 2100, date.today().year, key="campaigns_new_year"
        )
        mode = st.radio(
            t("campaigns.mode"),
            ["three", "single"],
            horizontal=True,
            format_func={m: t(f"campaigns.mode.{m}") for m in ("three", "single")}.get,
            key="campaigns_new_mode",
        )
        kinds = PHASE_KINDS_THREE if mode == "three" else ("single",)
        cols = st.columns(len(kinds))
        chosen = {}
        for col, kind in zip(cols, kinds, strict=True):
            with col:
                chosen[kind] = _definition_picker(kind, f"campaigns_new_def_{kind}")
        if st.button(t("campaigns.create"), type="primary", key="campaigns_create"):
            if not name.strip():
                st.error(t("campaigns.name_required"))
                return
            campaign_id = create_campaign(
                db, name=name.strip(), year=int(year), settings_json=CampaignSettings().to_json()
            )
            for kind, option in chosen.items():
                definition_id, version = option.rsplit("@", 1)
                add_phase(
                    db,
                    campaign_id=campaign_id,
                    kind=kind,
                    definition_id=definition_id,
                    definition_version=int(version),
                )
            st.session_state["campaigns_pick"] = campaign_id
            st.success(t("campaigns.created", n=len(chosen)))


# -- the list --------------------------------------------------------------------------------------
campaigns = list_campaigns(db)
_new_campaign()
campaigns = list_campaigns(db)
if campaigns.empty:
    st.info(t("campaigns.none"))
    st.stop()

st.subheader(t("campaigns.list"))
st.dataframe(
    campaigns[["name", "year", "launched", "created_on"]].rename(
        columns={
            "name": t("campaigns.col.name"),
            "year": t("campaigns.col.year"),
            "launched": t("campaigns.col.launched"),
            "created_on": t("campaigns.col.created_on"),
        }
    ),
    hide_index=True,
    width="stretch",
    key="campaigns_table",
)
names = dict(zip(campaigns["campaign_id"], campaigns["name"], strict=True))
years = dict(zip(campaigns["campaign_id"], campaigns["year"], strict=True))
ids = list(names)
if st.session_state.get("campaigns_pick") not in ids:
    st.session_state["campaigns_pick"] = ids[0]
campaign_id = st.selectbox(
    t("campaigns.pick"),
    ids,
    key="campaigns_pick",
    format_func=lambda c: f"{names[c]} ({years[c]})",
    placeholder=choose(),
)
campaign = get_campaign(db, campaign_id)
phases_tab, settings_tab, rules_tab = st.tabs(
    [t("campaigns.tab.phases"), t("campaigns.tab.settings"), t("campaigns.tab.rules")]
)


# -- phases ----------------------------------------------------------------------------------------
def _phase_action(phase_id: str, action, done_key: str) -> None:
    try:
        action(db, phase_id)
    except CampaignError as err:
        st.error(t("campaigns.phase.refused", reason=plain(str(err))))
        return
    kind = "phase.closed" if action is close_phase else "phase.opened"
    record(db, who.account_id, kind, phase_id, campaign=campaign_id)
    st.session_state["campaigns_flash"] = t(done_key)
    st.rerun()


def _phase_row(phase: pd.Series) -> None:
    with st.container(border=True):
        top, actions = st.columns([2, 1])
        top.markdown(
            t(
                "campaigns.phase.heading",
                phase=t(f"phase.{phase['kind']}"),
                status=t(f"campaigns.status.{phase['status']}"),
            )
        )
        top.caption(
            plain(_version_label(f"{phase['definition_id']}@{int(phase['definition_version'])}"))
        )
        pid = phase["phase_id"]
        if phase["status"] == "draft":
            if actions.button(
                t("campaigns.phase.open"), key=f"campaigns_open_{pid}", type="primary"
            ):
                _phase_action(pid, open_phase, "campaigns.phase.opened")
        elif phase["status"] == "open":
            top.caption(t("campaigns.phase.close_help"))
            sure = actions.checkbox(t("campaigns.phase.close_confirm"), key=f"campaigns_sure_{pid}")
            if actions.button(
                t("campaigns.phase.close"), key=f"campaigns_close_{pid}", disabled=not sure
            ):
                _phase_action(pid, close_phase, "campaigns.phase.closed")
        else:
            top.caption(t("campaigns.phase.sealed"))


def _add_missing_phase(phases: pd.DataFrame) -> None:
    kinds = set(phases["kind"])
    missing = [k for k in PHASE_KINDS_THREE if k not in kinds]
    if "single" in kinds or not missing or not version_options:
        return
    with st.expander(t("campaigns.phase.add")):
        kind = st.selectbox(
            t("campaigns.phase.kind"),
            missing,
            format_func={k: t(f"phase.{k}") for k in missing}.get,
            key="campaigns_add_kind",
            placeholder=choose(),
        )
        option = _definition_picker(kind, "campaigns_add_def")
        if st.button(t("campaigns.phase.add_button"), key="campaigns_add_phase"):
            definition_id, version = option.rsplit("@", 1)
            try:
                add_phase(
                    db,
                    campaign_id=campaign_id,
                    kind=kind,
                    definition_id=definition_id,
                    definition_version=int(version),
                )
            except CampaignError as err:
                st.error(t("campaigns.phase.refused", reason=plain(str(err))))
                return
            st.rerun()


with phases_tab:
    if flash := st.session_state.pop("campaigns_flash", None):
        st.success(flash)
    phases = list_phases(db, campaign_id)
    if phases.empty:
        st.info(t("campaigns.no_phases"))
    lone = lone_rater_cells(db, campaign_id)
    if not lone.empty:
        st.warning(
            t(
                "campaigns.lone_cells",
                n=int(lone["cells"].sum()),
                groups=" · ".join(
                    f"{t(f'group.{g}')} {int(n)}"
                    for g, n in zip(lone["rater_group"], lone["cells"], strict=True)
                ),
            )
        )
    for _, phase in phases.iterrows():
        _phase_row(phase)
    _add_missing_phase(phases)


with settings_tab:
    settings_form(
        db, campaign_id, load_campaign_settings(db, campaign_id), bool(campaign["launched"])
    )


# -- assignment rules ------------------------------------------------------------------------------
def _counts_table(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("campaigns.col.group"): [t(f"group.{g}") for g in frame["rater_group"]],
            t("campaigns.col.pairs"): frame["n"].astype(int).tolist(),
        }
    )


with rules_tab:
    st.caption(t("campaigns.rules.help"))
    existing = relationship_group_counts(db, campaign_id)
    st.markdown(f"**{t('campaigns.rules.existing')}**")
    if existing.empty:
        st.info(t("campaigns.rules.none_yet"))
    else:
        st.dataframe(_counts_table(existing), hide_index=True, width="stretch")
    chosen_rules = st.multiselect(
        t("campaigns.rules.pick"),
        list(RULE_TYPES),
        format_func={r: t(f"campaigns.rule_type.{r}") for r in RULE_TYPES}.get,
        key="campaigns_rules",
        placeholder=choose(True),
    )
    child_heads = st.toggle(t("campaigns.rules.child_heads"), True, key="campaigns_child_heads")
    public = st.toggle(
        t("campaigns.rules.public"),
        False,
        key="campaigns_rules_public",
        help=t("campaigns.rules.public_help"),
    )
    st.caption(t("campaigns.rules.heads_note"))
    if chosen_rules:
        try:
            expanded = expand_rules(
                db, chosen_rules, with_child_heads=child_heads, public_raters=public
            )
        except ValueError as err:
            st.error(t("campaigns.rules.failed"))
            st.text(str(err))
            expanded = None
        if expanded is not None:
            new_pairs = only_new(db, campaign_id, expanded)
            skipped = len(expanded) - len(new_pairs)
            st.markdown(t("campaigns.rules.preview", n=len(new_pairs), skipped=skipped))
            if not new_pairs.empty:
                st.dataframe(
                    _counts_table(group_counts(new_pairs)),
                    hide_index=True,
                    width="stretch",
                    key="campaigns_rules_counts",
                )
            if st.button(
                t("campaigns.rules.write"),
                type="primary",
                disabled=new_pairs.empty,
                key="campaigns_rules_write",
            ):
                written = insert_relationships(db, campaign_id, new_pairs)
                st.success(t("campaigns.rules.written", n=written))
