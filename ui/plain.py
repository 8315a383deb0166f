"""User-written text shown through Streamlit's Markdown, as the text itself.

Nearly every Streamlit call that shows a string renders it as Markdown (GitHub-flavoured, with
Streamlit's own ``:red[…]`` colours, ``:material/…:`` icons, ``:smile:`` emoji and ``$…$`` maths):
``st.markdown``/``write``/``caption``, the alerts (``success``/``info``/``warning``/``error``),
``toast``, ``title``/``header``/``subheader``, the labels of every widget, ``expander``, ``tabs``,
``popover``, ``status``, ``metric`` (label, value and delta), buttons, ``page_link``, the ``help``
tooltips, the options of ``radio``, ``segmented_control``, ``pills`` and ``select_slider``, and the
cells and headers of ``st.table``. A definition title, an item text, an option label, a cadre or
unit name, a sheet number or an error quoting one of them, passed there as is, would turn
``**x**`` bold, show ``![t](http://host/x.png)`` as an image fetched by every browser that opens
the page, colour ``:red[x]`` and make ``www.example.cn`` a link.

``plain(text)`` returns a string that such a call shows exactly as ``text`` reads:

* every ASCII punctuation character gets a backslash (CommonMark lets any of them be escaped, and
  the escaped character is shown without the backslash), so no emphasis, link, image, code,
  heading, list, quote, table, HTML, entity (``&amp;``), maths or Streamlit directive can start;
* runs of white space, line breaks included, become one space: a label is one line, and no line
  can start with an indent (a code block) or a ``===`` underline (a heading);
* a WORD JOINER (U+2060, invisible, zero width) goes between ``:`` and ``//``, after ``www``
  before the dot, and before ``@``. Checked in Chromium against Streamlit 1.67: GFM's autolink
  literals are found in the *text* once the Markdown is parsed (remark-gfm's find-and-replace),
  after the backslashes are gone, so ``http\\:\\/\\/x\\.cn``, ``www\\.x\\.cn`` and ``a\\@b\\.cn``
  still became ``<a>`` links; with the joiner none of the three patterns matches any more.
  The joiner shows as nothing, but is copied with the text.

Text must NOT go through ``plain`` where Streamlit shows it as text anyway, or the backslashes
would show: ``st.text``, ``st.code``, ``st.dataframe`` cells and ``column_config`` titles, the
options of ``selectbox`` and ``multiselect``, input placeholders and values, file names.
HTML is never enabled (``unsafe_allow_html``) for user text.

Altair/Vega tooltips: Streamlit's vega-tooltip handler escapes ``&`` and ``<`` in every key and
value (its default ``sanitize``); chart marks, axes and legends draw text in SVG/canvas. Only a
tooltip *field title* ``image`` (shown as ``<img>``) or ``title`` is special, and the charts' field
titles are the app's own strings, never user text.
"""

from __future__ import annotations

import re
import string

WORD_JOINER = "\u2060"
_SPECIALS = frozenset(string.punctuation)
# Python's str.splitlines() line ends and the ASCII blanks; U+3000 (the CJK full-width space) and
# U+00A0 are text, not Markdown white space, and stay.
_WHITE = re.compile(r"[ \t\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]+")
# Where GFM would start an autolink literal: "http://" / "https://", "www." (any case), "x@y.z".
_LINK_START = re.compile(r"(?<=:)(?=//)|(?<=[wW]{3})(?=\.)|(?=@)")


def plain(text: object) -> str:
    """``text`` made safe for any Streamlit call that renders Markdown: it is shown as written
    (white space folded to single spaces), with no markup, link, image, colour or icon.

    ``None`` gives ``""``; anything else is ``str()``-ed first.

    >>> print(plain("**bold** ![t](http://host/x.png)").replace(WORD_JOINER, "|"))
    \\*\\*bold\\*\\* \\!\\[t\\]\\(http\\:|\\/\\/host\\/x\\.png\\)
    >>> plain("张三\\n  :red[x]")
    '张三 \\\\:red\\\\[x\\\\]'
    >>> plain("www.a.cn a@b.cn").replace(WORD_JOINER, "|")
    'www|\\\\.a\\\\.cn a|\\\\@b\\\\.cn'
    >>> plain(None), plain(12)
    ('', '12')
    """
    if text is None:
        return ""
    folded = _LINK_START.sub(WORD_JOINER, _WHITE.sub(" ", str(text)))
    return "".join("\\" + ch if ch in _SPECIALS else ch for ch in folded)
