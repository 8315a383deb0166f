"""Every UI string exists in both languages, and every key the code asks for exists."""

import re
from pathlib import Path

from ui.i18n import ALL_STRINGS, LANGS

ROOT = Path(__file__).resolve().parents[2]
T_CALL = re.compile(r"""\bt\(\s*["']([a-z0-9_.]+)["']""")


def test_every_string_has_both_languages_and_no_blank():
    missing = [k for k, v in ALL_STRINGS.items() if set(v) != set(LANGS) or not all(v.values())]
    assert missing == []


def test_every_key_used_by_pages_and_ui_exists():
    used = set()
    for path in [ROOT / "app.py", *(ROOT / "pages").rglob("*.py"), *(ROOT / "ui").rglob("*.py")]:
        used |= set(T_CALL.findall(path.read_text(encoding="utf-8")))
    assert sorted(used - set(ALL_STRINGS)) == []
