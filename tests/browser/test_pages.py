"""Every page opens in a real browser against a real server, in both languages, without an error."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    ROLE_ACCOUNT,
    english_chrome,
    new_page,
    open_page,
    shoot,
    sign_in,
    wait_for_app,
)

PAGES = {  # demo account's role -> its pages
    "organizer": ["designer", "campaigns", "people", "invitations", "meeting", "paper", "monitor"],
    "reviewer": ["results", "tallies", "reliability"],
    "admin": ["data", "accounts", "audit"],
}


@pytest.fixture(scope="module")
def server(server_factory):
    return server_factory()


@pytest.mark.parametrize("role", sorted(PAGES))
@pytest.mark.parametrize("lang", ["zh-CN", "en-US"])
def test_every_page_renders_without_exception(server, browser, lang, role):
    """Each demo account opens every page of its role; what a role may not open is held by
    tests/security (test_access, test_browser_access)."""
    page = new_page(browser, DESKTOP, locale=lang)
    sign_in(page, server.url, ROLE_ACCOUNT[role])
    for path in ["", *PAGES[role]]:
        open_page(page, path)
        assert page.locator('[data-testid="stException"]').count() == 0, path
        assert page.get_by_text("error id").count() + page.get_by_text("错误编号").count() == 0
        if lang == "zh-CN":  # #12: no English widget text, no raw None, in Chinese
            assert english_chrome(page) == [], path
        shoot(page, f"page-{path or 'home'}-{role}-{lang}")
    page.context.close()


def test_home_at_phone_width(server, browser):
    page = new_page(browser, PHONE)
    page.goto(server.url)
    wait_for_app(page)
    expect(page.get_by_text("全景").first).to_be_visible()
    shoot(page, "home-phone-zh")
    page.context.close()


def test_first_start_builds_the_demo_and_a_try_code_opens_the_filling_page(server, browser):
    page = new_page(browser, PHONE)
    page.goto(server.url)
    wait_for_app(page)
    expect(page.get_by_text("演示数据").first).to_be_visible()
    expect(page.get_by_text("demo-reviewer").first).to_be_visible()  # the demo accounts
    page.get_by_text("演示：用这些邀请码试填").click()
    page.get_by_role("button", name="用此码填写").first.click()
    wait_for_app(page)
    expect(page.get_by_text("背对背评价").first).to_be_visible()
    expect(page.get_by_text("已完成").first).to_be_visible()
    shoot(page, "try-code-fill-phone-zh")
    page.context.close()


def test_the_language_switch_changes_every_label_and_stays_across_pages(server, browser):
    page = new_page(browser, DESKTOP, locale="zh-CN")
    page.goto(server.url)
    wait_for_app(page)
    sign_in(page, server.url, ROLE_ACCOUNT["organizer"])
    page.get_by_text("English", exact=True).click()
    wait_for_app(page)
    expect(page.get_by_text("Where to start")).to_be_visible()
    page.get_by_role("link", name="Survey designer").first.click()
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Survey designer")).to_be_visible()
    page.get_by_text("中文", exact=True).click()
    wait_for_app(page)
    expect(page.get_by_role("heading", name="问卷设计")).to_be_visible()
    page.context.close()


def test_first_start_progress_is_gone_once_the_world_is_built(server_factory, browser):
    server = server_factory()
    page = new_page(browser)
    page.goto(server.url)
    wait_for_app(page)
    assert page.get_by_text("首次启动").count() == 0
    expect(page.get_by_text("从这里开始")).to_be_visible()
    page.context.close()


def test_a_language_switch_relabels_the_options_already_chosen(server, browser):
    """#12: after a switch, select boxes kept their choice in the old language (the browser
    sends back the label it shows, which matched no option of the new language)."""
    chinese = re.compile(r"[\u4e00-\u9fff]")
    page = new_page(browser, DESKTOP, locale="zh-CN")
    sign_in(page, server.url, ROLE_ACCOUNT["reviewer"])
    open_page(page, "tallies")
    boxes = page.locator('[data-testid="stSelectbox"] input')
    expect(boxes.nth(2)).to_have_value("总体评价")  # the item; 1 is the phase
    phase = boxes.nth(1).input_value()
    assert chinese.search(phase), phase
    page.get_by_text("English", exact=True).click()
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Ballot tallies")).to_be_visible()
    expect(boxes.nth(2)).to_have_value("Overall grade")
    expect(boxes.nth(1)).not_to_have_value(phase)
    assert not chinese.search(boxes.nth(1).input_value()), boxes.nth(1).input_value()
    page.context.close()
