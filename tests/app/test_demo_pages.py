"""Review and organizer pages render every campaign and phase of the demo world without an error."""

import json
import re

import pytest

from storage.campaigns import list_campaigns, list_phases
from storage.db import Database
from tests.app.conftest import invalid_charts, missing_cells
from tests.world import demo_copy


@pytest.fixture
def demo_world(app_db):
    demo_copy(app_db, seed=5, locale="zh_CN")
    db = Database(app_db)
    plan = []
    for campaign_id in list_campaigns(db)["campaign_id"]:
        phases = list_phases(db, campaign_id)
        plan += [(campaign_id, p) for p in phases.loc[phases["status"] == "closed", "phase_id"]]
    db.close()
    return plan


@pytest.mark.parametrize("page", ["results", "tallies", "reliability"])
def test_each_closed_demo_phase_renders(demo_world, app, page):
    assert demo_world, "the demo world has closed phases"
    at = app.switch_page(f"pages/{page}.py").run()
    for campaign_id, phase_id in demo_world:
        at.selectbox(key=f"{page}_campaign").set_value(campaign_id).run()
        at.selectbox(key=f"{page}_phase_{campaign_id}").set_value(phase_id).run()
        assert not at.exception, (page, campaign_id, phase_id, [e.value for e in at.exception])
        assert missing_cells(at) == [], (page, campaign_id, phase_id)
        assert invalid_charts(at) == [], (page, campaign_id, phase_id)


@pytest.fixture
def demo_phases(app_db):
    demo_copy(app_db, seed=6, locale="en")
    db = Database(app_db)
    plan = [
        (campaign_id, phase_id)
        for campaign_id in list_campaigns(db)["campaign_id"]
        for phase_id in list_phases(db, campaign_id)["phase_id"]
    ]
    db.close()
    return plan


@pytest.mark.parametrize("page", ["monitor", "meeting", "paper"])
def test_each_demo_phase_renders_on_the_organizer_pages(demo_phases, app, page):
    at = app.switch_page(f"pages/{page}.py").run()
    for campaign_id, phase_id in demo_phases:
        at.selectbox(key=f"{page}_campaign").set_value(campaign_id).run()
        at.selectbox(key=f"{page}_phase_{campaign_id}").set_value(phase_id).run()
        assert not at.exception, (page, campaign_id, phase_id, [e.value for e in at.exception])
        assert missing_cells(at) == [], (page, campaign_id, phase_id)
        assert invalid_charts(at) == [], (page, campaign_id, phase_id)


def test_each_demo_campaign_renders_on_the_campaigns_page(demo_phases, app):
    at = app.switch_page("pages/campaigns.py").run()
    for campaign_id in dict.fromkeys(c for c, _ in demo_phases):
        at.selectbox(key="campaigns_pick").set_value(campaign_id).run()
        assert not at.exception, (campaign_id, [e.value for e in at.exception])
        assert missing_cells(at) == [], campaign_id


def test_english_pages_name_units_in_english(demo_phases, app):
    """#12: Monitor and Invitations showed Chinese unit names on English screens although every
    demo unit has an English name."""
    from tests.app.conftest import new_session, signed_in

    at = signed_in(new_session("en"), "tester").switch_page("pages/monitor.py").run()
    assert demo_phases  # the page opens on a campaign with an open phase, and on that phase
    shown = " ".join(str(v) for d in at.dataframe for v in d.value.to_numpy().ravel())
    assert "Bureau" in shown or "Street" in shown, shown[:300]
    assert not re.search(r"[\u4e00-\u9fff]+(局|街道|委员会|办公室)", shown), shown[:300]


@pytest.mark.parametrize(
    "page", ["people", "invitations", "accounts", "audit", "designer", "data", "campaigns"]
)
def test_no_table_of_the_organizer_and_admin_pages_shows_a_raw_none(demo_phases, app, page):
    """#12: the people page showed "None" for a unit without a parent unit."""
    at = app.switch_page(f"pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert missing_cells(at) == [], page
    assert invalid_charts(at) == [], page


def test_the_audit_log_names_event_kinds_in_the_interface_language(app, app_db):
    """#12: the Chinese audit page listed raw codes (signin.ok, report.viewed)."""
    from security.audit import record

    db = Database(app_db)
    record(db, "tester", "signin.ok", "tester")
    record(db, "tester", "report.viewed", "phase-1")
    db.close()
    at = app.switch_page("pages/audit.py").run()
    kinds = at.dataframe[0].value["事件"]
    assert len(at.get("vega_lite_chart")) == 1 and invalid_charts(at) == []  # events per day
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    assert spec["encoding"]["x"]["axis"]["format"] == "%Y-%m-%d"  # not "Dec 02, 2026" in Chinese
    assert {"登录成功", "查看报告"} <= set(kinds), set(kinds)
    assert not kinds.str.fullmatch(r"[a-z_]+(\.[a-z_]+)?").any(), set(kinds)
