"""One measured hot spot of the pinned Streamlit, cut for a full meeting hall (#11).

Every option label of a choice widget goes through ``streamlit.string_util.
extract_leading_emoji``, which for a non-ASCII label (every Chinese grade) calls
``re.search(EMOJI_EXTRACTION_REGEX, text)`` with a compiled pattern: ``re`` then hashes the
pattern's compiled code (23,000 characters of emoji alternatives) to look up its cache, 80–110
µs a call. A 5 × 6 民主测评 grid calls it 180 times a run, so every phone opening its ballot paid
15–20 ms of server time for it alone (bench/README.md, "Where the time goes", with the command).

The function is pure (the same text gives the same result), so :func:`apply` puts an LRU cache in
front of it: the labels of a hall are a few dozen strings. ``tests/app/test_streamlit_speed.py``
checks the cached function answers exactly as Streamlit's own on emoji and plain text, and that
the app applies it; a Streamlit upgrade that moves the function fails that test, not the app.
"""

from __future__ import annotations

import functools

from streamlit import string_util

_CACHE_SIZE = 4096  # distinct label texts kept; a hall uses a few dozen


def apply() -> bool:
    """Cache ``extract_leading_emoji`` (once per process); False if this Streamlit lacks it."""
    current = getattr(string_util, "extract_leading_emoji", None)
    if current is None:
        return False
    if not hasattr(current, "cache_info"):
        string_util.extract_leading_emoji = functools.lru_cache(maxsize=_CACHE_SIZE)(current)
    return True


def applied() -> bool:
    """Whether the cache is in front of Streamlit's function in this process."""
    return hasattr(getattr(string_util, "extract_leading_emoji", None), "cache_info")
