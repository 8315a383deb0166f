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


_CJK = r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]"
_HALF = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？"}


def half_width_marks(text: str) -> list[str]:
    """ASCII , : ; ! ? written against a Chinese character, and ASCII brackets around Chinese
    text (where full-width marks belong); a mark inside {placeholders}, or between ASCII
    (12:30, a,b, http://, (n = 3)) is left alone."""
    import re

    bare = re.sub(r"\{[^{}]*\}", "x", text)
    marks = "".join(map(re.escape, _HALF))
    brackets = re.findall(r"\([^()]*[\u3400-\u9fff][^()]*\)", bare)  # (中文) wants （中文）
    touching = re.findall(rf"{_CJK}\(|\){_CJK}", bare)  # 评价人({groups}) wants 评价人（…）
    return re.findall(rf"{_CJK}[{marks}]|[{marks}]{_CJK}", bare) + brackets + touching


def test_chinese_text_uses_full_width_punctuation():
    """#12: Chinese screens showed ASCII ':' and ',' where '：' and '，' belong."""
    assert half_width_marks("您的评价身份:{group}") == ["份:"]
    assert half_width_marks("时间 12:30, a,b {x:y} (n = 3)") == []
    assert half_width_marks("票数(活动设置)") == ["(活动设置)", "数("]
    assert half_width_marks("评价人({groups})。") == ["人(", ")。"]
    wrong = {k: half_width_marks(v["zh"]) for k, v in ALL_STRINGS.items()}
    assert {k: v for k, v in wrong.items() if v} == {}


def test_engine_messages_and_built_in_templates_use_full_width_punctuation():
    import json

    from survey_engine.messages import MESSAGES
    from survey_engine.templates import TEMPLATE_DIR

    def zh_texts(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "zh" and isinstance(value, str):
                    yield value
                else:
                    yield from zh_texts(value)
        elif isinstance(node, list):
            for value in node:
                yield from zh_texts(value)

    from campaign.import_fields import MESSAGES as IMPORT_MESSAGES
    from survey_engine.loader import JSON_ERRORS_ZH

    texts = [m["zh"] for m in MESSAGES.values()]
    texts += [zh for zh, _ in IMPORT_MESSAGES.values()] + list(JSON_ERRORS_ZH.values())
    for path in sorted(TEMPLATE_DIR.glob("*.json")):
        texts += list(zh_texts(json.loads(path.read_text(encoding="utf-8"))))
    assert len(texts) > 100
    assert [(text, half_width_marks(text)) for text in texts if half_width_marks(text)] == []
