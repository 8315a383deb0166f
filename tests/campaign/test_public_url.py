"""The filling page's address (setting, then browser, then localhost), whether phones reach it,
and the printed sheet that shows it."""

from __future__ import annotations

import pytest

from campaign.public_url import (
    DEFAULT_FILL_URL,
    ENV_PUBLIC_URL,
    PublicUrlError,
    fill_address,
    from_page,
    from_setting,
    reach,
)
from campaign.sheets import InvitationCard, qr_sheet_html


def test_the_setting_wins_over_the_browser_and_gets_fill_appended():
    choice = fill_address("https://pj.example.cn/quanjing", "http://localhost:8501/invitations")
    assert (choice.url, choice.source, choice.setting_error) == (
        "https://pj.example.cn/quanjing/fill",
        "setting",
        None,
    )


@pytest.mark.parametrize(
    ("setting", "url"),
    [
        ("https://pj.example.cn", "https://pj.example.cn/fill"),
        ("https://pj.example.cn/", "https://pj.example.cn/fill"),
        ("  https://pj.example.cn/quanjing/  ", "https://pj.example.cn/quanjing/fill"),
        ("https://pj.example.cn/quanjing/fill", "https://pj.example.cn/quanjing/fill"),
        ("HTTPS://PJ.example.cn:8443/q#top", "https://PJ.example.cn:8443/q/fill"),
        ("https://pj.example.cn/q?lang=zh", "https://pj.example.cn/q/fill?lang=zh"),
        ("http://10.0.0.5:8501", "http://10.0.0.5:8501/fill"),
    ],
)
def test_a_setting_is_normalized_to_the_filling_page(setting, url):
    assert from_setting(setting) == url


@pytest.mark.parametrize(
    "setting",
    [
        "pj.example.cn/quanjing",  # no scheme
        "ftp://pj.example.cn",
        "https://",
        "https:///quanjing",
        "https://pj.example.cn:99999",
        "https://user:secret@pj.example.cn",  # a password would be printed on every sheet
        "https://pj example.cn",
        "javascript:alert(1)",
    ],
)
def test_an_unusable_setting_is_refused_naming_the_variable(setting):
    with pytest.raises(PublicUrlError, match=ENV_PUBLIC_URL):
        from_setting(setting)


def test_an_unusable_setting_falls_back_to_the_browser_and_says_so():
    choice = fill_address("pj.example.cn", "https://pj.example.cn/q/meeting")
    assert (choice.url, choice.source) == ("https://pj.example.cn/q/fill", "browser")
    assert choice.setting_error == "pj.example.cn"


@pytest.mark.parametrize("setting", [None, "", "   "])
def test_no_setting_takes_the_browser_address_without_its_page(setting):
    choice = fill_address(setting, "https://pj.example.cn/quanjing/invitations")
    assert (choice.url, choice.source, choice.setting_error) == (
        "https://pj.example.cn/quanjing/fill",
        "browser",
        None,
    )


@pytest.mark.parametrize(
    ("page_url", "url"),
    [
        ("https://pj.example.cn/meeting", "https://pj.example.cn/fill"),
        ("https://pj.example.cn/quanjing/meeting/", "https://pj.example.cn/quanjing/fill"),
        ("https://pj.example.cn/quanjing/invitations?x=1", "https://pj.example.cn/quanjing/fill"),
        ("https://pj.example.cn/quanjing", "https://pj.example.cn/quanjing/fill"),
        ("http://192.168.1.20:8501/", "http://192.168.1.20:8501/fill"),
        (None, None),
        ("", None),
        ("/invitations", None),
    ],
)
def test_the_browser_address_keeps_a_base_path(page_url, url):
    assert from_page(page_url) == url


def test_without_setting_or_browser_the_default_is_localhost():
    choice = fill_address(None, None)
    assert (choice.url, choice.source) == (DEFAULT_FILL_URL, "default")
    assert reach(choice.url) == "local"


@pytest.mark.parametrize(
    ("url", "verdict"),
    [
        ("https://pj.example.cn/fill", "ok"),
        ("https://10.0.0.5/fill", "ok"),
        ("http://localhost:8501/fill", "local"),
        ("https://LOCALHOST/fill", "local"),
        ("http://app.localhost/fill", "local"),
        ("http://127.0.0.1:8501/fill", "local"),
        ("http://127.8.9.1/fill", "local"),
        ("http://[::1]:8501/fill", "local"),
        ("http://0.0.0.0:8501/fill", "local"),
        ("http://[::ffff:127.0.0.1]/fill", "local"),
        ("http://pj.example.cn/fill", "http"),
        ("http://192.168.1.20:8501/fill", "http"),
        ("pj.example.cn/fill", "invalid"),
        ("", "invalid"),
        ("https://pj.example.cn:port/fill", "invalid"),
    ],
)
def test_reach_says_whether_phones_in_the_hall_can_use_it(url, verdict):
    assert reach(url) == verdict


# -- the printed sheet -----------------------------------------------------------------------------
CARDS = [InvitationCard("K7QX-M2PA-9RTE", "张伟", "和平区发改局"), InvitationCard("B4NC-TT8W")]


@pytest.mark.parametrize("meeting", [False, True])
def test_the_sheet_prints_the_address_to_type_on_every_card(meeting):
    page = qr_sheet_html(CARDS, "https://pj.example.cn/q/fill", meeting=meeting)
    # once in the heading's note, once on each card (a meeting sheet is cut into slips)
    assert page.count("https://pj.example.cn/q/fill</") == 1 + len(CARDS)
    assert "扫码" in page and "localhost" not in page
    assert 'class="local"' not in page


def test_the_sheet_note_follows_the_language():
    page = qr_sheet_html(CARDS, "https://pj.example.cn/fill", lang="en")
    assert "If scanning fails" in page and "扫码" not in page


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_sheet_for_a_local_address_says_phones_cannot_open_it(lang):
    page = qr_sheet_html(CARDS, "http://localhost:8501/fill", lang=lang)
    assert 'class="local"' in page and ENV_PUBLIC_URL in page
    assert "http://localhost:8501/fill</" in page
