"""Who opens what, checked on the server: every page as a visitor, as a respondent (by address,
with and without a code), as each role, after first sign-in, and across units.

AppTest runs the real app.py; a "typed address" is ``switch_page`` to the page's file, which is
what a full page load of ``/<page>`` asks Streamlit for.
"""

from __future__ import annotations

import time

import pytest
from streamlit.util import calc_hash

from security import audit
from security.roles import PAGE_ROLES
from storage.db import Database
from tests.app.conftest import add_account, new_session, signed_in
from tests.world import demo_copy

RESTRICTED = sorted(p for p, role in PAGE_ROLES.items() if role is not None)
ROLE_PAGES = {
    role: sorted(p for p, r in PAGE_ROLES.items() if r == role)
    for role in ("admin", "organizer", "reviewer")
}
TITLES = {  # the h1 each page draws once it runs (zh)
    "designer": "问卷设计", "campaigns": "测评活动", "people": "人员导入", "invitations": "邀请码",
    "meeting": "会议测评", "paper": "纸质票录入", "monitor": "进度监控", "results": "评价结果",
    "tallies": "民主测评计票", "reliability": "信度与一致性", "data": "数据管理",
    "accounts": "账户与权限", "audit": "审计日志", "account": "我的账户",
}  # fmt: skip


def _titles(at) -> list[str]:
    return [t.value for t in at.title]


def _open(at, page: str):
    """Ask for ``/<page>`` as a typed address does: the page hash of its URL path, registered in
    this session's navigation or not (``AppTest.switch_page`` refuses an unregistered page, which
    a real client can still name)."""
    at._page_hash = calc_hash(page)
    return at.run()


def _reached(at, page: str) -> bool:
    """The page ran past its guard: its own title is drawn and no denial is shown."""
    denied = any("需要相应角色" in e.value for e in at.error)
    return TITLES[page] in _titles(at) and not denied


@pytest.mark.parametrize("page", RESTRICTED)
def test_a_visitor_reaches_no_restricted_page_by_address(visitor, page):
    at = _open(visitor, page)
    assert not at.exception
    assert not _reached(at, page)
    assert "tester" not in str([e.value for e in at.text])


@pytest.mark.parametrize("page", ["results", "monitor", "invitations", "campaigns", "data"])
@pytest.mark.parametrize("with_code", [True, False])
def test_a_respondent_reaches_only_the_filling_page(app_db, page, with_code):
    at = new_session()
    at.query_params["token"] = "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG" if with_code else ""
    at.session_state["respondent_mode"] = True
    at.run()
    assert "评价填写" in _titles(at) or not _titles(at) or at.title[0].value
    at = _open(at, page)
    assert not at.exception
    assert not _reached(at, page)
    assert not at.sidebar.button  # no organizer menu, no account box


@pytest.mark.parametrize("role", ["admin", "organizer", "reviewer"])
def test_each_role_opens_its_pages_and_no_other(app_db, role):
    add_account(app_db, f"only-{role}", [(role, "")])
    for page in sorted(TITLES):
        at = _open(signed_in(new_session(), f"only-{role}").run(), page)
        assert not at.exception, page
        should = PAGE_ROLES[page] in (role, "signed_in")
        assert _reached(at, page) == should, (role, page)


def test_a_first_sign_in_opens_nothing_until_the_password_is_changed(app_db):
    add_account(app_db, "newbie", [("admin", "")], password="one-time-pass-1")
    db = Database(app_db)
    with db.transaction() as cur:  # what a one-time password leaves: must_change
        cur.execute("UPDATE account SET must_change = TRUE WHERE account_id = 'newbie'")
    at = signed_in(new_session(), "newbie").run()
    assert any("首次登录" in w.value for w in at.warning)
    for page in ROLE_PAGES["admin"]:
        assert not _reached(_open(at, page), page)
    at = _open(at, "account")
    at.text_input[0].input("one-time-pass-1")
    at.text_input[1].input("a-new-pass-phrase")
    at.text_input[2].input("a-new-pass-phrase")
    at.button[0].click().run()
    assert not at.exception
    assert _reached(_open(at, "accounts"), "accounts")
    assert "password.changed" in set(audit.events(db)["kind"])


def test_signing_out_ends_access_and_is_logged(app):
    assert _reached(_open(app, "results"), "results")
    app.sidebar.button(key="signout").click().run()
    assert "auth" not in app.session_state
    assert not _reached(_open(app, "results"), "results")
    db = Database(app.session_state["_principal"] and "" or _db_path(app))
    assert "signout" in set(audit.events(db)["kind"])


def _db_path(at) -> str:
    import os

    return os.environ["QUANJING_DB"]


def test_an_idle_session_expires(app_db):
    add_account(app_db, "sleepy", [("reviewer", "")])
    at = signed_in(new_session(), "sleepy")
    at.session_state["auth"]["seen"] = time.time() - 31 * 60
    at.run()
    assert "auth" not in at.session_state
    assert not _reached(_open(at, "results"), "results")
    assert "session.expired" in set(audit.events(Database(app_db))["kind"])


def test_a_disabled_account_loses_its_open_session_at_the_next_click(app_db):
    add_account(app_db, "leaver", [("reviewer", "")])
    at = _open(signed_in(new_session(), "leaver").run(), "results")
    assert _reached(at, "results")
    db = Database(app_db)
    with db.transaction() as cur:
        cur.execute("UPDATE account SET disabled = TRUE WHERE account_id = 'leaver'")
    at = _open(at, "results")
    assert not _reached(at, "results")


# -- scopes ----------------------------------------------------------------------------------------
@pytest.fixture
def demo_db(app_db):
    demo_copy(app_db, seed=11, locale="zh_CN")
    db = Database(app_db)
    return db


def _names_by_scope(db) -> tuple[set[str], set[str]]:
    from demo.accounts import scoped_unit
    from security.roles import expand_units
    from storage.accounts import unit_parents

    units = db.query_df("SELECT unit_id, kind FROM unit")
    inside = expand_units({scoped_unit(units)}, unit_parents(db))
    subjects = db.query_df("SELECT name, unit_id FROM subject")
    mine = set(subjects.loc[subjects["unit_id"].isin(inside), "name"])
    return mine, set(subjects["name"]) - mine


def _all_text(at) -> str:
    parts = []
    for kind in ("markdown", "text", "caption", "info", "warning", "selectbox", "dataframe"):
        for element in getattr(at, kind):
            value = getattr(element, "value", None)
            parts.append(value.to_csv() if hasattr(value, "to_csv") else str(value))
            parts.extend(str(o) for o in getattr(element, "options", []) or [])
    return "\n".join(parts)


@pytest.mark.parametrize("page", ["results", "tallies", "reliability"])
def test_a_scoped_reviewer_sees_only_the_subjects_of_their_units(demo_db, page):
    mine, others = _names_by_scope(demo_db)
    assert mine and others
    at = _open(signed_in(new_session(), "demo-reviewer-street").run(), page)
    assert not at.exception
    text = _all_text(at)
    assert not [n for n in others if n in text], page
    assert page != "results" or [n for n in mine if n in text]


def test_a_scoped_reviewer_cannot_pick_another_units_subject_by_session_state(demo_db):
    mine, others = _names_by_scope(demo_db)
    outsider = demo_db.query_df(
        "SELECT subject_id FROM subject WHERE list_contains(?, name)", [sorted(others)]
    )["subject_id"].tolist()
    at = _open(signed_in(new_session(), "demo-reviewer-street").run(), "results")
    pick = next(s for s in at.selectbox if s.key and s.key.startswith("results_subject_"))
    crafted = signed_in(new_session(), "demo-reviewer-street")
    crafted.session_state[pick.key] = outsider[0]  # the drill-down set to another unit's cadre
    crafted = _open(crafted.run(), "results")
    assert not [n for n in others if n in _all_text(crafted)]
    viewed = audit.events(demo_db, kinds=["report.viewed"])
    assert outsider[0] not in set(viewed["target"])


def test_a_scoped_organizer_follows_up_only_their_units_raters(demo_db):
    from demo.accounts import scoped_unit
    from security.roles import expand_units
    from storage.accounts import unit_parents

    units = demo_db.query_df("SELECT unit_id, kind FROM unit")
    inside = expand_units({scoped_unit(units)}, unit_parents(demo_db))
    raters = demo_db.query_df("SELECT name, unit_id FROM rater")
    outside = set(raters.loc[~raters["unit_id"].isin(inside), "name"]) - set(
        raters.loc[raters["unit_id"].isin(inside), "name"]
    )
    at = signed_in(new_session(), "demo-organizer-street").run()
    for page in ("campaigns", "designer", "people", "meeting", "paper"):
        assert not _reached(_open(at, page), page), page  # campaign-wide: every unit's organizer
    for page in ("invitations", "monitor"):
        at = _open(at, page)
        assert _reached(at, page)
        text = _all_text(at)
        assert not [n for n in outside if n in text], page
    cid, pid = demo_db.query_df(
        "SELECT campaign_id, phase_id FROM phase WHERE status = 'open' ORDER BY phase_id LIMIT 1"
    ).iloc[0]
    at = _open(at, "invitations")
    at.selectbox(key="invitations_campaign").select(cid).run()
    at.selectbox(key=f"invitations_phase_{cid}").select(pid).run()
    assert at.button(key="invitations_issue").disabled
    text = _all_text(at)
    assert not [n for n in outside if n in text]
    shown = at.selectbox(key="invitations_reissue_pick").options
    assert shown and all(n.split(" · ")[0] not in outside for n in shown)


def test_an_admin_creates_an_account_whose_one_time_password_works_once(app_db):
    from security.signin import authenticate

    add_account(app_db, "boss", [("admin", "")])
    at = _open(signed_in(new_session(), "boss").run(), "accounts")
    at.text_input[0].input("Zhao.Min")
    at.text_input[1].input("赵敏")
    at.multiselect[0].set_value(["reviewer"])
    next(b for b in at.button if b.label == "创建").click().run()
    assert not at.exception
    shown = next(c.value for c in at.code)
    account, password = shown.splitlines()
    assert account == "zhao.min"
    db = Database(app_db)
    first = authenticate(db, "zhao.min", password)
    assert first.principal is not None and first.principal.must_change
    assert "account.created" in set(audit.events(db)["kind"])
    at.run()
    assert not at.code  # shown once
