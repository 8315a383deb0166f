"""The filling page's address on the Invitations and Meeting pages: the field and its warnings.

The address is decided by :func:`campaign.public_url.fill_address` (``$QUANJING_PUBLIC_URL``,
else the browser's address, else localhost); the organizer may still edit it. Beside the field
the page says where it came from and warns when phones in the hall cannot use it.
"""

from __future__ import annotations

import os

import streamlit as st

from campaign.public_url import ENV_PUBLIC_URL, fill_address, reach
from ui.i18n import t
from ui.plain import plain


def browser_url() -> str | None:
    """``st.context.url``: the address the organizer's browser shows (``None`` without one)."""
    try:
        return st.context.url
    except Exception:  # noqa: BLE001 - no browser context (bare mode)
        return None


def fill_address_input(label: str, key: str) -> str:
    """The address field, prefilled by ``fill_address``, with its source and warnings."""
    choice = fill_address(os.environ.get(ENV_PUBLIC_URL), browser_url())
    if choice.setting_error is not None:  # the operator's value, shown as text
        st.error(t("public_url.bad_setting", value=plain(choice.setting_error)), icon="⚙️")
    url = st.text_input(label, choice.url, key=key, help=t("public_url.help")).strip()
    if url == choice.url:
        st.caption(t(f"public_url.source.{choice.source}"))
    warn_reach(url)
    return url


def warn_reach(url: str) -> None:
    """A warning when phones in the hall cannot open ``url`` (local), or only unencrypted."""
    verdict = reach(url)
    if verdict != "ok":
        st.warning(t(f"public_url.{verdict}"), icon=":material/phonelink_off:")


def warn_sheet(url: str) -> None:
    """Beside the downloads: the QR sheet points at an address only the server can open."""
    if reach(url) == "local":
        st.warning(t("public_url.sheet_local"), icon=":material/phonelink_off:")
