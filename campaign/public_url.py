"""The address of the filling page that invitation links and QR codes point at.

:func:`fill_address` decides it in this order: the operator's setting ``$QUANJING_PUBLIC_URL``
(the app's public address, e.g. ``https://pj.example.cn/quanjing``; ``/fill`` is appended), the
address the organizer's browser used, then :data:`DEFAULT_FILL_URL`. :func:`reach` says whether
phones in a meeting hall can use an address: a loopback one (``localhost``, ``127.x``, ``::1``,
``0.0.0.0``) opens only on the server's own computer, and plain ``http`` to another host works
but sends codes and answers unencrypted. Pure standard library; the pages show the verdict
(``ui/public_url.py``) and the printed sheet prints the address (``campaign.sheets``).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit, urlunsplit

ENV_PUBLIC_URL = "QUANJING_PUBLIC_URL"
DEFAULT_FILL_URL = "http://localhost:8501/fill"
FILL_PAGE = "fill"
#: Pages whose own address the browser reports (``st.context.url`` ends with the page's path).
ORGANIZER_PAGES = ("invitations", "meeting", FILL_PAGE)

Source = Literal["setting", "browser", "default"]
Reach = Literal["ok", "local", "http", "invalid"]


class PublicUrlError(ValueError):
    """``$QUANJING_PUBLIC_URL`` is not an http(s) address with a host."""


@dataclass(frozen=True, slots=True)
class FillAddress:
    """The filling page's address, where it came from, and a refused setting (as written)."""

    url: str
    source: Source
    setting_error: str | None = None


def from_setting(value: str) -> str:
    """The filling page under the public address ``value``; :class:`PublicUrlError` if unusable.

    >>> from_setting("https://pj.example.cn/quanjing/")
    'https://pj.example.cn/quanjing/fill'
    >>> from_setting("pj.example.cn")
    Traceback (most recent call last):
    ...
    campaign.public_url.PublicUrlError: QUANJING_PUBLIC_URL must be an http:// or https:// ...
    """
    text = value.strip()
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not _valid_host(parts) or "@" in parts.netloc:
        raise PublicUrlError(
            f"{ENV_PUBLIC_URL} must be an http:// or https:// address with a host name,"
            f" not {text!r}"
        )
    path = parts.path.rstrip("/")
    if path.rsplit("/", 1)[-1] != FILL_PAGE:
        path += "/" + FILL_PAGE
    return urlunsplit((scheme, parts.netloc, path, parts.query, ""))


def from_page(page_url: str | None, pages: tuple[str, ...] = ORGANIZER_PAGES) -> str | None:
    """The filling page beside the page the browser shows (its last path part is one of
    ``pages``); ``None`` without a full address.

    >>> from_page("https://pj.example.cn/quanjing/invitations?x=1")
    'https://pj.example.cn/quanjing/fill'
    >>> from_page(None) is None
    True
    """
    if not page_url:
        return None
    parts = urlsplit(page_url)
    if not parts.scheme or not _valid_host(parts):
        return None
    path = parts.path.rstrip("/")
    head, _, last = path.rpartition("/")
    if last in pages:
        path = head
    return urlunsplit((parts.scheme, parts.netloc, path + "/" + FILL_PAGE, "", ""))


def fill_address(setting: str | None, page_url: str | None) -> FillAddress:
    """The address for links and QR codes: the setting, else the browser's, else localhost.

    A setting that is blank counts as none; an unusable one is skipped and returned as
    ``setting_error`` so the page can name the variable.

    >>> fill_address("https://pj.example.cn", "http://localhost:8501/meeting").url
    'https://pj.example.cn/fill'
    >>> fill_address(None, "http://10.0.0.5:8501/meeting")
    FillAddress(url='http://10.0.0.5:8501/fill', source='browser', setting_error=None)
    >>> fill_address(None, None).url
    'http://localhost:8501/fill'
    """
    refused = None
    if setting and setting.strip():
        try:
            return FillAddress(from_setting(setting), "setting")
        except PublicUrlError:
            refused = setting.strip()
    browser = from_page(page_url)
    if browser is not None:
        return FillAddress(browser, "browser", refused)
    return FillAddress(DEFAULT_FILL_URL, "default", refused)


def reach(url: str) -> Reach:
    """Can phones in the hall use ``url``? ``"local"``: only on the server itself; ``"http"``:
    yes, unencrypted; ``"invalid"``: not an http(s) address with a host; else ``"ok"``.

    >>> reach("https://pj.example.cn/fill"), reach("http://127.0.0.1:8501/fill")
    ('ok', 'local')
    >>> reach("http://pj.example.cn/fill"), reach("pj.example.cn/fill")
    ('http', 'invalid')
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not _valid_host(parts):
        return "invalid"
    if is_local_host(parts.hostname or ""):
        return "local"
    return "http" if scheme == "http" else "ok"


def is_local_host(host: str) -> bool:
    """A name or address that means "this computer": localhost, loopback, unspecified.

    >>> [is_local_host(h) for h in ("localhost", "127.0.1.1", "::1", "0.0.0.0", "10.0.0.5")]
    [True, True, True, True, False]
    """
    name = host.strip("[]").rstrip(".").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    if mapped is not None:
        address = mapped
    return address.is_loopback or address.is_unspecified


def _valid_host(parts) -> bool:
    """A host name, a valid port if any, and no white space in the address."""
    if not parts.hostname or any(c.isspace() for c in parts.geturl()):
        return False
    try:
        parts.port  # noqa: B018 - raises ValueError for a port out of range or not a number
    except ValueError:
        return False
    return True
