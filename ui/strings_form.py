"""UI strings of the survey form (zh-CN and English)."""

FORM_STRINGS: dict[str, dict[str, str]] = {
    "form.na": {"zh": "无法评价", "en": "N/A"},
    "form.required": {"zh": "为必答题", "en": "required"},
    "form.optional": {"zh": "（选填）", "en": " (optional)"},
    "form.select_at_most": {"zh": "最多选择 {n} 项", "en": "Select at most {n}"},
    "form.select_at_least": {"zh": "至少选择 {n} 项", "en": "Select at least {n}"},
    "form.rank_top": {
        "zh": "按先后顺序点选前 {n} 项（第一个为第1名）",
        "en": "Pick the top {n} in order (the first you pick ranks 1st)",
    },
    "form.commitment_n": {"zh": "承诺 {n}", "en": "Commitment {n}"},
    "form.no_commitments": {
        "zh": "该对象没有年初承诺。",
        "en": "No year-start commitments were stated.",
    },
    "form.tick_all": {"zh": "可多选", "en": "Tick all that apply"},
    "form.max_chars": {"zh": "最多 {n} 字", "en": "At most {n} characters"},
    "form.next": {"zh": "下一页", "en": "Next page"},
    "form.submit": {"zh": "提交", "en": "Submit"},
    "form.page_of": {"zh": "第 {page} / {total} 页", "en": "Page {page} of {total}"},
    "form.fix_errors": {
        "zh": "请修改标红的题目后再提交。",
        "en": "Please correct the marked answers.",
    },
}


def form_text(key: str, lang: str, **params: object) -> str:
    """``FORM_STRINGS[key]`` in ``lang`` (English for an unknown language), formatted."""
    texts = FORM_STRINGS[key]
    return texts.get(lang, texts["en"]).format(**params)
