"""Fixtures of the security tests: the app's (a throw-away database, sessions signed in or not)
and the browser's (a real ``streamlit run`` server, headless Chromium)."""

from tests.app.conftest import app, app_db, visitor  # noqa: F401 - fixtures used by name
from tests.browser.conftest import browser, server_factory  # noqa: F401
