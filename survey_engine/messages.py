"""Answer-validation messages in zh and en (engine side; the form's own strings are in ui/)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "required": {"zh": "此题必答。", "en": "This question is required."},
    "na_not_allowed": {
        "zh": "此题不能选“无法评价”。",
        "en": "'Not applicable' is not allowed here.",
    },
    "not_a_point": {
        "zh": "请选择 {min}–{max} 之间的分值。",
        "en": "Choose a value from {min} to {max}.",
    },
    "unknown_option": {"zh": "选项无效：{value}。", "en": "Unknown option: {value}."},
    "select_min": {"zh": "请至少选择 {n} 项。", "en": "Select at least {n}."},
    "select_max": {"zh": "最多选择 {n} 项。", "en": "Select at most {n}."},
    "duplicate": {"zh": "选项重复。", "en": "An option was given twice."},
    "not_a_number": {"zh": "请输入数字。", "en": "Enter a number."},
    "integer": {"zh": "请输入整数。", "en": "Enter a whole number."},
    "min": {"zh": "不能小于 {n}。", "en": "Must be at least {n}."},
    "max": {"zh": "不能大于 {n}。", "en": "Must be at most {n}."},
    "too_long": {"zh": "最多 {n} 个字。", "en": "At most {n} characters."},
    "unstorable": {
        "zh": "含有无法保存的字符（{char}，控制字符或不成对的代理字符），请删除后再提交。",
        "en": "Contains a character that cannot be stored ({char}: a control character or an "
        "unpaired surrogate); please remove it.",
    },
    "wrong_shape": {"zh": "答案格式无效。", "en": "The answer has the wrong shape."},
    "all_rows": {"zh": "请回答每一行（缺：{rows}）。", "en": "Answer every row (missing: {rows})."},
    "unknown_row": {"zh": "未知的行：{value}。", "en": "Unknown row: {value}."},
    "rank_count": {"zh": "请排出前 {n} 项。", "en": "Rank exactly {n} options."},
    "too_many": {"zh": "最多填写 {n} 项承诺。", "en": "At most {n} commitments."},
    "unknown_item": {"zh": "未知题目。", "en": "Unknown question."},
    "unknown_subject": {"zh": "未知的评价对象。", "en": "Unknown subject."},
    "cap": {
        "zh": "“{option}”最多 {allowed} 人（共 {n} 人，比例 {share}），当前 {count} 人。",
        "en": "At most {allowed} of {n} subjects may get '{option}' ({share}); you chose {count}.",
    },
}


def message(key: str, lang: str, **params: object) -> str:
    """The message ``key`` in ``lang`` (English when the language is unknown), formatted."""
    texts = MESSAGES[key]
    return texts.get(lang, texts["en"]).format(**params)
