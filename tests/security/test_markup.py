"""ui.plain: user-written text passed to a Streamlit call that renders Markdown reads as written.

What the browser really does with the output is checked in tests/browser/test_hostile_text.py;
here the string itself: every Markdown character escaped, white space folded, and the three
places GFM would start an autolink literal broken by an invisible WORD JOINER.
"""

from __future__ import annotations

import re
import string

import pytest

from ui.plain import WORD_JOINER, plain

HOSTILE = [
    "![t](http://host/x.png)",
    "**bold**",
    "__bold__ *em* _em_",
    ":red[x]",
    ":blue-background[x] :red-badge[y]",
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "[a](javascript:alert(1))",
    "[a][ref]\n\n[ref]: http://evil.example",
    "<http://evil.example>",
    "http://evil.example",
    "HTTPS://EVIL.EXAMPLE/path?q=1",
    "www.evil.example",
    "WWW.Evil.Example",
    "a@b.cn",
    "mailto:a@b.cn xmpp:a@b.cn",
    ":material/home:",
    ":smile:",
    "$x^2$",
    "$$\\int x$$",
    "# h",
    "## h",
    "1. list",
    "- item",
    "+ item",
    "> quote",
    "`code`",
    "```\nfenced\n```",
    "a | b\n--|--\nc | d",
    "~~strike~~",
    "line\n===",
    "    indented code",
    "\tindented code",
    "&lt;b&gt; &amp; &#x41;",
    "a\\b \\*",
    "[^1] footnote",
    "trailing two spaces  \nbreak",
    "张三 **测评** 【优秀】",
]
UNESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
# remark-gfm's autolink literals (mdast-util-gfm-autolink-literal), applied to the text that
# is left once the Markdown is parsed, i.e. with the backslashes gone.
GFM_URL = re.compile(r"(https?://|www(?=\.))([-.\w]+)", re.I)
GFM_EMAIL = re.compile(r"([-.\w+]+)@([-\w]+(?:\.[-\w]+)+)")


def rendered_text(escaped: str) -> str:
    """The text CommonMark shows for ``escaped`` (every backslash escape resolved)."""
    return UNESCAPE.sub(r"\1", escaped)


def folded(text: str) -> str:
    return re.sub(r"[ \t\n\r\f\v]+", " ", text)


@pytest.mark.parametrize("text", HOSTILE)
def test_every_markdown_character_is_escaped(text: str) -> None:
    out = plain(text)
    i = 0
    while i < len(out):
        if out[i] == "\\":
            assert i + 1 < len(out) and out[i + 1] in string.punctuation, (out, i)
            i += 2
            continue
        assert out[i] not in string.punctuation, (out, i, out[i])
        i += 1


@pytest.mark.parametrize("text", HOSTILE)
def test_it_reads_as_written_once_rendered(text: str) -> None:
    """The backslashes vanish in the browser; the joiner is invisible: the reader sees the text,
    white space folded (a label is one line)."""
    shown = rendered_text(plain(text))
    assert shown.replace(WORD_JOINER, "") == folded(text)
    assert "\n" not in shown and "\t" not in shown and "  " not in shown


@pytest.mark.parametrize("text", HOSTILE)
def test_no_autolink_literal_is_left(text: str) -> None:
    shown = rendered_text(plain(text))
    assert not GFM_URL.search(shown), shown
    assert not GFM_EMAIL.search(shown), shown


def test_no_line_can_start_a_block() -> None:
    """Headings, lists, quotes, fences, tables, setext underlines and indented code need a line
    start (or a leading indent): the output is one line whose first character is escaped or a
    single space."""
    for text in HOSTILE:
        out = plain(text)
        assert "\n" not in out
        assert not out.startswith("  ")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("http://evil.example", "http:\u2060//evil.example"),
        ("see www.a.cn", "see www\u2060.a.cn"),
        ("Www.a.cn", "Www\u2060.a.cn"),
        ("a@b.cn", "a\u2060@b.cn"),
        ("wwwx.cn", "wwwx.cn"),
        ("ftp://x", "ftp:\u2060//x"),
    ],
)
def test_the_joiner_goes_exactly_where_an_autolink_would_start(text: str, expected: str) -> None:
    assert rendered_text(plain(text)) == expected


def test_cjk_and_nonbreaking_spaces_are_text_and_stay() -> None:
    assert plain("张\u3000三\u00a0李") == "张\u3000三\u00a0李"


def test_none_and_non_strings() -> None:
    assert plain(None) == ""
    assert plain(7) == "7"
    assert plain(ValueError("sheet **1**")) == "sheet \\*\\*1\\*\\*"


def test_plain_text_is_unchanged() -> None:
    assert plain("张三 副主任 第3页") == "张三 副主任 第3页"


def test_the_old_name_is_the_same_helper() -> None:
    from ui.renderers import escape_markdown

    assert escape_markdown is plain
