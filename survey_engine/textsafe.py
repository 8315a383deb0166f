"""Characters that cannot be stored, and hostile values made safe to show in a message.

A lone surrogate (``"\\ud800"``, valid in a JSON escape and in a Python ``str``) cannot be
encoded as UTF-8, so DuckDB, the browser and the log all refuse it; C0 control characters other
than tab, line feed and carriage return (NUL above all) are never typed by a person and break
exports. Both are refused where text enters: in a definition and in an answer.

>>> first_unstorable("ok\\tfine")
>>> first_unstorable("bad\\ud800")
'U+D800'
>>> shown("x" * 100, limit=10)
'xxxxxxxxxx…'
>>> shown("a\\x00b")
'a\\\\x00b'
"""

from __future__ import annotations

import re

UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
"""C0 controls except tab, line feed and carriage return, and the surrogate code points."""


def first_unstorable(text: str) -> str | None:
    """The first character of ``text`` that cannot be stored, as ``U+XXXX``; ``None`` if none.

    Parameters
    ----------
    text
        Any string (a definition's text, a key, an answer).

    Returns
    -------
    str or None
        For example ``"U+D800"`` for a lone surrogate or ``"U+0000"`` for NUL.
    """
    found = UNSTORABLE.search(text)
    return None if found is None else f"U+{ord(found.group()):04X}"


def shown(value: object, limit: int = 60) -> str:
    """``value`` as text that is safe to put in a message: unstorable characters escaped
    (``\\x00``, ``\\ud800``) and cut after ``limit`` characters.

    Parameters
    ----------
    value
        Anything a respondent or an imported file supplied; a container is shown by its type
        only (its ``repr`` could be huge or nested too deep to build).
    limit
        Characters kept before the ellipsis.

    Returns
    -------
    str
        Storable text of at most ``limit + 1`` characters (the last may be ``…``).
    """
    if isinstance(value, str):
        text = value
    elif value is None or isinstance(value, bool | int | float):
        text = repr(value)
    else:
        text = f"<{type(value).__name__}>"
    escaped = UNSTORABLE.sub(_escape, text[:limit])
    return escaped[:limit] + ("…" if len(text) > limit or len(escaped) > limit else "")


def _escape(found: re.Match[str]) -> str:
    return found.group().encode("unicode_escape").decode("ascii")
