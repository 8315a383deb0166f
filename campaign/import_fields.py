"""What an import file may hold: the columns per kind (with their Chinese and English headers),
the spellings accepted for rater groups and unit kinds, how a cell's text is normalised (NFKC, so
that a full-width ``ｒ００１`` is ``r001``), the characters refused in it (control and bidi
characters), and the bilingual problem messages."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

ImportKind = str  # "unit" | "subject" | "rater" | "relationship"
KINDS = ("unit", "subject", "rater", "relationship")
RATER_GROUPS = ("superior", "peer", "subordinate", "self", "public", "observer")


def _spellings(table: dict[str, str]) -> dict[str, str]:
    """``{"peer": "同级 同事"}`` -> every spelling (the value itself included) -> value."""
    return {alias: value for value, more in table.items() for alias in [value, *more.split()]}


#: Chinese (and English) spellings of the rater groups and unit kinds.
GROUP_ALIASES = _spellings({
    "superior": "上级 领导", "peer": "同级 同事", "subordinate": "下级", "self": "本人 自评",
    "public": "服务对象 群众", "observer": "观察员 政绩观察员",
})  # fmt: skip
UNIT_KINDS = _spellings(
    {"bureau": "局 部门 委办局", "street": "街道", "community": "社区", "other": "其他"}
)


@dataclass(frozen=True, slots=True)
class Field:
    """One import column: its canonical name, other headers accepted for it, and its limits."""

    name: str
    more: str  # other accepted headers, space-separated
    required: bool = True
    max_len: int = 100

    @property
    def aliases(self) -> tuple[str, ...]:
        return (self.name, *self.more.split())


_ID = 64
FIELDS: dict[str, tuple[Field, ...]] = {
    "unit": (
        Field("unit_id", "id 单位编号 编号 单位代码", max_len=_ID),
        Field("name_zh", "name unit_name 单位名称 名称 单位"),
        Field("name_en", "english_name 英文名称 英文名", required=False),
        Field("kind", "type 单位类型 类型 类别", required=False, max_len=20),
        Field("parent_id", "parent 上级单位编号 上级单位", required=False, max_len=_ID),
    ),
    "subject": (
        Field("subject_id", "id 干部编号 编号 工号", max_len=_ID),
        Field("name", "姓名 名字"),
        Field("unit", "unit_id 单位 所在单位 单位编号 工作单位"),
        Field("position", "title 职务 岗位", max_len=200),
        Field("level", "rank 职级 级别", max_len=50),
    ),
    "rater": (
        Field("rater_id", "id 评价人编号 编号 工号", max_len=_ID),
        Field("name", "姓名 名字"),
        Field("unit", "unit_id 单位 所在单位 单位编号", required=False),
        Field("contact", "phone email 联系方式 电话 手机 邮箱", required=False, max_len=200),
        Field("subject_id", "subject 干部编号 对应干部编号", required=False, max_len=_ID),
    ),
    "relationship": (
        Field("rater_id", "rater 评价人编号 评价人", max_len=_ID),
        Field("subject_id", "subject 被评价人编号 被评价人 干部编号", max_len=_ID),
        Field("rater_group", "group 评价关系 关系 评价人类别", max_len=20),
    ),
}

#: Characters never accepted in an imported cell: C0 and C1 controls (NUL, ESC, line breaks, ...),
#: DEL, bidirectional controls (they reorder how a name is shown) and invisible separators.
REFUSED_CHARACTERS = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060\u2066-\u2069\ufeff]"
)
_CONTROL_NAMES = {0x00: "NUL", 0x09: "TAB", 0x0A: "LF", 0x0D: "CR", 0x1B: "ESC", 0x7F: "DEL"}


def clean_text(raw: str) -> str:
    """A cell as imported: Unicode NFKC (full-width letters and digits become ASCII), stripped.

    >>> clean_text("\u3000ｒ００１ "), clean_text("Ｕ１"), clean_text("张伟")
    ('r001', 'U1', '张伟')
    """
    return unicodedata.normalize("NFKC", raw).strip()


def refused_character(text: str) -> str | None:
    """The first refused character as ``U+001B (ESC)``, or ``None`` when there is none.

    >>> refused_character("张\x1b[31m伟"), refused_character("abc\u202egpj.exe")
    ('U+001B (ESC)', 'U+202E (RIGHT-TO-LEFT OVERRIDE)')
    >>> refused_character("欧阳·娜娜") is None
    True
    """
    found = REFUSED_CHARACTERS.search(text)
    if found is None:
        return None
    code = ord(found.group())
    name = _CONTROL_NAMES.get(code) or unicodedata.name(found.group(), "")
    return f"U+{code:04X}" + (f" ({name})" if name else "")


#: Problem code -> (Chinese, English) message template.
MESSAGES: dict[str, tuple[str, str]] = {
    "empty_file": ("文件没有数据行", "the file has no data rows"),
    "unknown_header": ("无法识别的列名「{value}」{tip_zh}", "unknown column {value!r}{tip_en}"),
    "duplicate_header": ("列「{value}」重复", "column {value!r} appears twice"),
    "missing_header": (
        "缺少必需的列「{value}」（可用列名：{zh_list}）；是否应为「{hint}」？",
        "missing required column {value!r} (accepted: {en_list}); did you mean {hint!r}?",
    ),
    "control_character": (
        "含有控制字符 {value}，请删除后再导入",
        "contains a control character {value}; remove it and import again",
    ),
    "missing_required": ("「{value}」为必填项", "{value} is required"),
    "too_long": ("超过 {value} 个字符", "longer than {value} characters"),
    "duplicate_in_file": ("与第 {value} 行重复", "duplicate of row {value} in this file"),
    "duplicate_existing": ("与系统中已有记录重复", "already exists in the database"),
    "ambiguous_unit": (
        "单位名称「{value}」对应多个单位，请填单位编号",
        "unit name {value!r} matches several units; give the unit id",
    ),
    "unknown_unit": ("未知单位「{value}」", "unknown unit {value!r}"),
    "unknown_kind": (
        "未知单位类型「{value}」（局/街道/社区/其他）",
        "unknown unit kind {value!r} (bureau/street/community/other)",
    ),
    "unknown_subject": ("未知干部编号「{value}」", "unknown subject {value!r}"),
    "unknown_rater": ("未知评价人编号「{value}」", "unknown rater {value!r}"),
    "unknown_group": (
        "未知评价关系「{value}」（上级/同级/下级/本人/服务对象/群众/观察员）",
        "unknown rater group {value!r} (superior/peer/subordinate/self/public/observer)",
    ),
    "self_mismatch": (
        "「本人」关系要求评价人正是该干部，反之亦然",
        "'self' is required exactly when the rater is that subject",
    ),
    "unknown_campaign": (
        "请先选择一个已有的测评活动",
        "relationships need an existing campaign (got {value!r})",
    ),
}
