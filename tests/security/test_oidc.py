"""OpenID Connect through st.login: offered only when secrets.toml configures it, and a provider's
e-mail address maps to exactly one enabled account (no account is made on the fly)."""

from __future__ import annotations

import pytest

from storage import accounts
from storage.db import Database
from tests.app.conftest import new_session

AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "a-cookie-secret-of-some-length",
    "client_id": "quanjing",
    "client_secret": "secret",
    "server_metadata_url": "https://idp.example.cn/.well-known/openid-configuration",
}


def _signin_page(with_auth: bool):
    at = new_session()
    if with_auth:
        at.secrets["auth"] = AUTH
    at.run()
    return at.switch_page("pages/signin.py").run()


@pytest.mark.parametrize("configured", [True, False])
def test_single_sign_on_is_offered_only_when_configured(app_db, configured):
    at = _signin_page(configured)
    assert not at.exception
    labels = [b.label for b in at.button]
    assert ("单点登录（OpenID Connect）" in labels) == configured


def test_an_email_maps_to_one_enabled_account_only():
    db = Database(":memory:")
    accounts.create_account(db, "li", display_name="Li", password_hash=None,
                            roles=[("reviewer", "")], email="Li@Example.cn")  # fmt: skip
    assert accounts.account_id_for_email(db, "li@example.cn") == "li"
    assert accounts.account_id_for_email(db, "wang@example.cn") is None
    accounts.set_disabled(db, "li", True)
    assert accounts.account_id_for_email(db, "li@example.cn") is None
    accounts.set_disabled(db, "li", False)
    accounts.create_account(db, "li2", display_name="Li", password_hash=None,
                            roles=[("reviewer", "")], email="li@example.cn")  # fmt: skip
    assert accounts.account_id_for_email(db, "li@example.cn") is None  # ambiguous: nobody
    db.close()
