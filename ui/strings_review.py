"""UI strings for the review pages, in zh-CN and English."""

STRINGS: dict[str, dict[str, str]] = {}
