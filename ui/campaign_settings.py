"""The campaign settings form (anonymity thresholds, group weights, tally rules)."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from campaign.settings import (
    MIN_THRESHOLD,
    RATER_GROUPS,
    CampaignSettings,
    SettingsError,
    load_campaign_settings,
    update_campaign_settings,
)
from security.audit import record
from ui.access import principal
from ui.i18n import t


def settings_form(db, campaign_id: str, current: CampaignSettings, launched: bool) -> None:
    """The settings of one campaign; saving after launch refuses any lowered threshold."""
    if launched:
        st.info(t("campaigns.settings.locked"))
    key = f"campaigns_settings_{campaign_id}"
    with st.form(key, border=False):
        thresholds = _threshold_inputs(key, current)
        show_self = st.toggle(
            t("campaigns.settings.show_self"), current.show_self, key=f"{key}_show_self"
        )
        show_superior = st.toggle(
            t("campaigns.settings.show_superior"), current.show_superior, key=f"{key}_show_superior"
        )
        weights = _weight_inputs(key, current)
        rules = _rules_editor(key, current)
        sure = st.checkbox(t("campaigns.settings.confirm"), key=f"{key}_sure")
        if st.form_submit_button(t("campaigns.settings.save"), type="primary"):
            if not sure:
                st.error(t("campaigns.settings.unconfirmed"))
                return
            _save_settings(db, campaign_id, thresholds, show_self, show_superior, weights, rules)
            _audit_change(db, campaign_id, current)


def _section(name: str) -> None:
    st.markdown(f"**{t(f'campaigns.settings.{name}')}**")
    st.caption(t(f"campaigns.settings.{name}_help"))


def _threshold_inputs(key: str, current: CampaignSettings) -> dict[str, int]:
    _section("thresholds")
    cols = st.columns(3)
    thresholds = {}
    for i, group in enumerate((*RATER_GROUPS, "comments")):
        is_group = group != "comments"
        thresholds[group] = cols[i % 3].number_input(
            t(f"group.{group}") if is_group else t("campaigns.settings.comments"),
            MIN_THRESHOLD,
            1000,
            current.thresholds.for_group(group) if is_group else current.thresholds.comments,
            key=f"{key}_min_{group}",
        )
    return thresholds


def _weight_inputs(key: str, current: CampaignSettings) -> dict[str, float]:
    _section("weights")
    cols = st.columns(3)
    return {
        g: cols[i % 3].number_input(
            t(f"group.{g}"),
            0.0,
            100.0,
            float(current.group_weights.get(g, 0.0)),
            0.05,
            key=f"{key}_w_{g}",
        )
        for i, g in enumerate(RATER_GROUPS)
    }


METRICS = ("excellent_share", "competent_or_better_share", "incompetent_share")
ALL_GROUPS = "all"  # a rule over every rater group: stored as no group


def _rules_editor(key: str, current: CampaignSettings) -> pd.DataFrame:
    """The tally rules as a table: metric, action and rater group chosen from lists in the
    interface's language (no field names to type), "all" for a rule over every group."""
    _section("rules")
    frame = pd.DataFrame(
        [r.model_dump() for r in current.tally_rules],
        columns=["metric", "op", "value", "action", "rater_group"],
    )
    frame["rater_group"] = frame["rater_group"].fillna(ALL_GROUPS)
    metrics = list(dict.fromkeys([*METRICS, *frame["metric"]]))
    actions = list(dict.fromkeys(["flag", *frame["action"]]))
    return st.data_editor(
        frame,
        num_rows="dynamic",
        width="stretch",
        key=f"{key}_rules",
        column_config={
            "metric": st.column_config.SelectboxColumn(
                t("campaigns.rule.metric"), options=metrics, required=True,
                format_func=lambda m: t(f"tallies.metric.{m}") if m in METRICS else m,
            ),
            "op": st.column_config.SelectboxColumn(
                t("campaigns.rule.op"), options=[">", ">=", "<", "<=", "==", "!="], required=True
            ),
            "value": st.column_config.NumberColumn(
                t("campaigns.rule.value"), required=True, help=t("campaigns.rule.value_help")
            ),
            "action": st.column_config.SelectboxColumn(
                t("campaigns.rule.action"), options=actions, default="flag", required=True,
                format_func=lambda a: t(f"tallies.action.{a}") if a == "flag" else a,
            ),
            "rater_group": st.column_config.SelectboxColumn(
                t("campaigns.rule.group"), options=[ALL_GROUPS, *RATER_GROUPS],
                default=ALL_GROUPS, required=True, format_func=lambda g: t(f"group.{g}"),
            ),
        },
    )  # fmt: skip


def _audit_change(db, campaign_id: str, old: CampaignSettings) -> None:
    """An audit entry per changed part: thresholds/weights/visibility, and the tally rules."""
    new = load_campaign_settings(db, campaign_id)
    if new == old:
        return
    actor = principal().account_id if principal() else "?"
    before, after = old.model_dump(mode="json"), new.model_dump(mode="json")
    changed = sorted(k for k in after if k != "tally_rules" and before.get(k) != after[k])
    if changed:
        record(db, actor, "campaign.settings", campaign_id,
               **{k: {"from": before.get(k), "to": after[k]} for k in changed})  # fmt: skip
    if before.get("tally_rules") != after.get("tally_rules"):
        record(db, actor, "campaign.rules", campaign_id, rules=after.get("tally_rules"))


def _save_settings(
    db, campaign_id, thresholds, show_self, show_superior, weights, rules: pd.DataFrame
) -> None:
    rule_rows = [
        {
            k: v
            for k, v in row.items()
            if not (v is None or (isinstance(v, float) and pd.isna(v)) or v in ("", ALL_GROUPS))
        }
        for row in rules.to_dict("records")
    ]
    try:
        new = CampaignSettings.model_validate(
            {
                "thresholds": {g: int(n) for g, n in thresholds.items()},
                "show_self": show_self,
                "show_superior": show_superior,
                "group_weights": {g: float(w) for g, w in weights.items() if w > 0},
                "tally_rules": [r for r in rule_rows if r],
            }
        )
    except ValidationError as err:
        st.error(t("campaigns.settings.invalid"))
        for e in err.errors():
            st.text(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}")
        return
    try:
        update_campaign_settings(db, campaign_id, new)
    except SettingsError as err:
        st.error(t("campaigns.settings.refused"))
        st.text(str(err))
        return
    st.success(t("campaigns.settings.saved"))
