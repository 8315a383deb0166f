"""UI strings for the organize pages, in zh-CN and English."""

STRINGS: dict[str, dict[str, str]] = {}
