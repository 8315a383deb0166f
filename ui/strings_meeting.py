"""UI strings for the meeting pages, in zh-CN and English."""

STRINGS: dict[str, dict[str, str]] = {}
