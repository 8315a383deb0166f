"""The cached emoji lookup in front of Streamlit's (ui/streamlit_speed.py) changes no answer."""

from __future__ import annotations

import functools

import pytest
from streamlit import string_util

from ui import streamlit_speed

LABELS = [
    "优秀",
    "基本称职",
    "🚨 Error occurred",
    "🚨Error",
    "👍🏽 称职",
    "✅ 完成",
    ":material/thumb_up: 好",
    "No icon here",
    "",
    "1️⃣ 第一",
    "🇨🇳 中国",
    "称职 🚨",
]


@pytest.fixture
def original():
    """Streamlit's own function, whatever the process state, and the state restored after."""
    current = string_util.extract_leading_emoji
    plain = getattr(current, "__wrapped__", current)
    string_util.extract_leading_emoji = plain
    yield plain
    string_util.extract_leading_emoji = current


def test_the_cache_answers_as_streamlit_does(original):
    expected = {text: original(text) for text in LABELS}
    expected_icons = {text: string_util.extract_leading_icon(text) for text in LABELS}
    assert streamlit_speed.apply()
    assert streamlit_speed.applied()
    for _ in range(2):  # the second round answers from the cache
        assert {text: string_util.extract_leading_emoji(text) for text in LABELS} == expected
        assert {text: string_util.extract_leading_icon(text) for text in LABELS} == expected_icons
    assert string_util.extract_leading_emoji.cache_info().hits >= len(LABELS)
    # the emoji really were found (a cache of a function that finds nothing would pass too)
    assert expected["🚨 Error occurred"] == ("🚨", "Error occurred")
    assert expected["👍🏽 称职"] == ("👍🏽", "称职")


def test_applying_twice_wraps_once(original):
    streamlit_speed.apply()
    first = string_util.extract_leading_emoji
    streamlit_speed.apply()
    assert string_util.extract_leading_emoji is first
    assert first.__wrapped__ is original


def test_the_app_applies_it(app_db):
    """The entry point puts the cache in front before any page renders a widget."""
    from streamlit.testing.v1 import AppTest

    from tests.app.conftest import ROOT

    string_util.extract_leading_emoji = functools.partial(string_util.extract_leading_emoji)
    try:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
        assert not at.exception
        assert streamlit_speed.applied()
    finally:
        func = string_util.extract_leading_emoji
        while hasattr(func, "__wrapped__") or isinstance(func, functools.partial):
            func = func.__wrapped__ if hasattr(func, "__wrapped__") else func.func
        string_util.extract_leading_emoji = func
