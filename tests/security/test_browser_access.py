"""Access through a real server in a real browser: typed addresses as a visitor, as a rater with
and without a code, and as each role; sign-out. A full page load is a new session, so a typed
address is always asked for by a session that nobody signed in to."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from campaign.tokens import load_server_key
from security.passwords import hash_password
from storage.accounts import create_account
from storage.db import Database
from tests.browser.conftest import PHONE, new_page, open_page, shoot, sign_in, wait_for_app
from tests.world import build_small_world

PASSWORD = "browser-test-pass"
HEADINGS = {
    "designer": "问卷设计", "campaigns": "测评活动", "people": "人员导入", "invitations": "邀请码",
    "meeting": "会议测评", "paper": "纸质票录入", "monitor": "进度监控", "results": "评价结果",
    "tallies": "民主测评计票", "reliability": "信度与一致性", "data": "数据管理",
    "accounts": "账户与权限", "audit": "审计日志",
}  # fmt: skip
ROLE_PAGES = {
    "organizer": {"designer", "campaigns", "people", "invitations", "meeting", "paper", "monitor"},
    "reviewer": {"results", "tallies", "reliability"},
    "admin": {"data", "accounts", "audit"},
}


@pytest.fixture(scope="module")
def world(server_factory, tmp_path_factory):
    path = tmp_path_factory.mktemp("access") / "access.duckdb"
    db = Database(path)
    codes = build_small_world(db, load_server_key(db.path)).tokens
    digest = hash_password(PASSWORD)
    for role in ROLE_PAGES:
        create_account(db, f"only-{role}", display_name=role, password_hash=digest,
                       roles=[(role, "")])  # fmt: skip
    db.close()
    return server_factory(path, QUANJING_DEMO="0"), codes


def _nav_paths(page) -> set[str]:
    links = page.locator('[data-testid="stSidebarNavLink"]')
    return {h.rsplit("/", 1)[-1] for h in links.evaluate_all("els => els.map(e => e.href)")}


def _shows(page, name: str) -> bool:
    return page.get_by_role("heading", name=HEADINGS[name], exact=True).count() > 0


def test_a_visitor_typing_any_address_reaches_no_restricted_page(world, browser):
    server, _ = world
    page = new_page(browser)
    for name in HEADINGS:
        page.goto(f"{server.url}/{name}")
        wait_for_app(page)
        assert not _shows(page, name), name
        assert _nav_paths(page) <= {"", "home", "fill", "signin"}
    shoot(page, "security-visitor-typed-address")
    page.context.close()


@pytest.mark.parametrize("with_code", [True, False])
def test_a_rater_sees_only_the_filling_page_whatever_address_follows(world, browser, with_code):
    server, codes = world
    page = new_page(browser, PHONE)
    page.goto(f"{server.url}/fill?token={codes['r1']}" if with_code else f"{server.url}/fill")
    wait_for_app(page)
    assert page.locator('[data-testid="stSidebarNav"]').count() == 0 or not with_code
    for name in ("results", "monitor", "invitations", "campaigns", "data", "audit"):
        page.goto(f"{server.url}/{name}")
        wait_for_app(page)
        assert not _shows(page, name), name
    page.context.close()


@pytest.mark.parametrize("role", sorted(ROLE_PAGES))
def test_each_role_is_offered_exactly_its_pages_and_opens_them(world, browser, role):
    """The menu offers the role's pages and no other; one of them opens here, and every page
    of every role opens in tests/browser/test_pages.py (AppTest: tests/security/test_access)."""
    server, _ = world
    page = new_page(browser)
    sign_in(page, server.url, f"only-{role}", PASSWORD)
    offered = _nav_paths(page) - {"", "home", "fill", "account"}
    assert offered == ROLE_PAGES[role]
    name = sorted(ROLE_PAGES[role])[-1]
    open_page(page, name)
    expect(page.get_by_role("heading", name=HEADINGS[name], exact=True)).to_be_visible()
    assert page.locator('[data-testid="stException"]').count() == 0
    shoot(page, f"security-{role}-{name}")
    page.context.close()


def test_a_wrong_password_is_refused_and_signing_out_ends_the_session(world, browser):
    server, _ = world
    page = new_page(browser)
    page.goto(f"{server.url}/signin")
    wait_for_app(page)
    page.locator('[data-testid="stTextInput"] input[type="text"]').first.fill("only-reviewer")
    page.locator('[data-testid="stTextInput"] input[type="password"]').first.fill("wrong-one")
    page.locator('[data-testid="stFormSubmitButton"] button').first.click()
    expect(page.get_by_text("账户名或密码不正确")).to_be_visible()
    sign_in(page, server.url, "only-reviewer", PASSWORD)
    open_page(page, "results")
    page.get_by_role("button", name="退出登录").click()
    wait_for_app(page)
    assert _nav_paths(page) <= {"", "home", "fill", "signin"}
    assert not _shows(page, "results")
    page.context.close()
