"""The very first request to a fresh server may be a deep link (a QR code to /fill?token=...):
it still goes through app.py, so a respondent sees no organizer menu and first start runs."""

from playwright.sync_api import expect

from campaign.tokens import load_server_key
from storage.db import Database
from tests.browser.conftest import PHONE, new_page, open_page, shoot, wait_for_app
from tests.world import build_small_world


def test_first_request_is_a_token_link_and_shows_only_the_filling_page(
    server_factory, browser, tmp_path
):
    db_path = tmp_path / "entry.duckdb"
    db = Database(db_path)
    token = build_small_world(db, load_server_key(db.path)).tokens["r2"]
    db.close()
    server = server_factory(db_path, QUANJING_DEMO="0")
    page = new_page(browser, PHONE)
    page.goto(f"{server.url}/fill?token={token}")
    wait_for_app(page)
    expect(page.get_by_text("已完成 0 / 2")).to_be_visible()
    assert page.get_by_text("Page not found").count() == 0, "an invitation link is a real page"
    assert page.url.endswith("/fill"), "the code has left the address"
    assert page.locator('[data-testid="stSidebarNav"]').count() == 0
    assert page.get_by_text("问卷设计").count() == 0
    shoot(page, "entry-token-link-phone")
    page.context.close()


def test_first_request_to_a_deep_page_still_runs_first_start(server_factory, browser):
    server = server_factory()
    page = new_page(browser)
    page.goto(f"{server.url}/results")
    wait_for_app(page)
    expect(page.get_by_role("heading", name="需要登录")).to_be_visible()  # not the results
    assert page.get_by_role("heading", name="评价结果").count() == 0
    nav = page.locator('[data-testid="stSidebarNavLink"]')
    expect(nav.filter(has_text="登录")).to_have_count(1)  # app.py's navigation, a visitor's
    open_page(page, "")
    expect(page.get_by_text("演示数据").first).to_be_visible()  # first start built the demo
    page.context.close()
