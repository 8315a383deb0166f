"""Every review page renders every closed phase of every demo campaign without an error."""

import pytest

import demo
from storage.campaigns import list_campaigns, list_phases
from storage.db import Database


@pytest.fixture
def demo_world(app_db):
    db = Database(app_db)
    demo.generate(db, size="tiny", seed=5, locale="zh_CN")
    plan = []
    for campaign_id in list_campaigns(db)["campaign_id"]:
        phases = list_phases(db, campaign_id)
        plan += [(campaign_id, p) for p in phases.loc[phases["status"] == "closed", "phase_id"]]
    db.close()
    return plan


@pytest.mark.parametrize("page", ["results", "tallies", "reliability"])
def test_each_closed_demo_phase_renders(app, demo_world, page):
    assert demo_world, "the demo world has closed phases"
    at = app.switch_page(f"pages/{page}.py").run()
    for campaign_id, phase_id in demo_world:
        at.selectbox(key=f"{page}_campaign").set_value(campaign_id).run()
        at.selectbox(key=f"{page}_phase_{campaign_id}").set_value(phase_id).run()
        assert not at.exception, (page, campaign_id, phase_id, [e.value for e in at.exception])
