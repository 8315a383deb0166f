"""Every page opens in a real browser against a real server, in both languages, without an error."""

import pytest

from tests.browser.conftest import DESKTOP, PHONE, new_page, shoot, wait_for_app

PAGES = [
    "",
    "designer",
    "campaigns",
    "people",
    "invitations",
    "meeting",
    "paper",
    "monitor",
    "results",
    "tallies",
    "reliability",
    "data",
]


@pytest.fixture(scope="module")
def server(server_factory):
    return server_factory()


@pytest.mark.parametrize("lang", ["zh-CN", "en-US"])
def test_every_page_renders_without_exception(server, browser, lang):
    page = new_page(browser, DESKTOP, locale=lang)
    for path in PAGES:
        page.goto(f"{server.url}/{path}")
        wait_for_app(page)
        assert page.locator('[data-testid="stException"]').count() == 0, path
        shoot(page, f"page-{path or 'home'}-{lang}")
    page.context.close()


def test_home_at_phone_width(server, browser):
    page = new_page(browser, PHONE)
    page.goto(server.url)
    wait_for_app(page)
    assert page.get_by_text("全景").first.is_visible()
    shoot(page, "home-phone-zh")
    page.context.close()
