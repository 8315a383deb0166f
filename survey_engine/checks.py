"""Cross-field checks of a survey definition, each reported with its JSON path."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from survey_engine.cycles import find_cycles
from survey_engine.errors import Problem, json_path
from survey_engine.expr import ExpressionError, parse_show_if
from survey_engine.items import (
    CommitmentItem,
    GradeItem,
    MultipleChoiceItem,
    NumericItem,
    RankingItem,
    SingleChoiceItem,
)
from survey_engine.limits import (
    check_item_limits,
    check_survey_limits,
    check_text_length,
    scale_too_large,
)
from survey_engine.model import Survey
from survey_engine.walk import field as field_of
from survey_engine.walk import local_texts

Loc = tuple[str | int, ...]
SHOW_IF_SOURCES = (
    "likert",
    "grade",
    "single_choice",
    "multiple_choice",
    "checklist",
    "numeric",
    "text",
)


class _Report:
    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def add(self, loc: Loc, message: str, zh: str = "") -> None:
        self.problems.append(Problem(self.file, json_path(loc), message, zh))


class _Declared:
    """The ids an item may reference, collected once (not once per item)."""

    def __init__(self, survey: Survey) -> None:
        self.dimensions = set(survey.dimension_ids())
        self.scales = {scale.id for scale in survey.scales}
        self.groups = set(survey.rater_groups)


def check_survey(survey: Survey, file: str) -> list[Problem]:
    """Every cross-field problem of ``survey``, caps included (an empty list when it is valid).

    Linear in the size of the definition: every lookup by id goes through a dict or a set.

    Parameters
    ----------
    survey
        A definition that passed the shape checks of the model.
    file
        The file named in each problem.

    Returns
    -------
    list of Problem
        In the order: ids, scales, caps on sizes, items, show_if, grid caps, texts.
    """
    report = _Report(file)
    declared = _Declared(survey)
    _check_ids(survey, report)
    _check_scales(survey, report)
    check_survey_limits(survey, report.add)
    for loc, item in _items_with_loc(survey):
        _check_item_refs(declared, item, loc, report)
        _check_item_shape(item, loc, report)
        check_item_limits(item, loc, report.add)
    _check_show_if(survey, report)
    _check_caps(survey, report)
    _check_translations(survey, report)
    return report.problems


def _items_with_loc(survey: Survey) -> Iterator[tuple[Loc, Any]]:
    for p, page in enumerate(survey.pages):
        for i, item in enumerate(page.items):
            yield ("pages", p, "items", i), item


def _duplicates(entries: Sequence[Any], loc: Loc, what: str, report: _Report) -> None:
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        if entry.id in seen:
            report.add(
                (*loc, index, "id"),
                f"duplicate {what} id '{entry.id}'",
                f"{what} 编号 '{entry.id}' 重复",
            )
        seen.add(entry.id)


def _check_ids(survey: Survey, report: _Report) -> None:
    _duplicates(survey.dimensions, ("dimensions",), "dimension", report)
    _duplicates(survey.scales, ("scales",), "scale", report)
    _duplicates(survey.pages, ("pages",), "page", report)
    seen: set[str] = set()
    for loc, item in _items_with_loc(survey):
        if item.id in seen:
            report.add(
                (*loc, "id"),
                f"duplicate item id '{item.id}' (item ids are unique across all pages)",
                f"题目编号 '{item.id}' 重复",
            )
        seen.add(item.id)
        for field in ("options", "grades", "rows"):
            entries = field_of(item, field)
            if entries:
                _duplicates(
                    entries, (*loc, field), field.rstrip("s").replace("grade", "grade"), report
                )


def _check_scales(survey: Survey, report: _Report) -> None:
    for index, scale in enumerate(survey.scales):
        if scale.min >= scale.max:
            report.add(
                ("scales", index, "max"),
                f"scale min ({scale.min}) must be less than max ({scale.max})",
                "量表最小值必须小于最大值",
            )
        elif scale_too_large(scale):
            continue  # reported by the caps
        elif scale.labels is not None and len(scale.labels) != scale.max - scale.min + 1:
            report.add(
                ("scales", index, "labels"),
                f"labels must have one entry per point ({scale.max - scale.min + 1}), "
                f"found {len(scale.labels)}",
                "量表标签数量与刻度数不一致",
            )


def _check_item_refs(declared: _Declared, item: Any, loc: Loc, report: _Report) -> None:
    dims = declared.dimensions
    if item.dimension is not None and item.dimension not in dims:
        report.add(
            (*loc, "dimension"),
            f"undeclared dimension '{item.dimension}'",
            f"未声明的维度 '{item.dimension}'",
        )
    for r, row in enumerate(field_of(item, "rows") or []):
        if row.dimension is not None and row.dimension not in dims:
            report.add(
                (*loc, "rows", r, "dimension"),
                f"undeclared dimension '{row.dimension}'",
                f"未声明的维度 '{row.dimension}'",
            )
    scale = field_of(item, "scale")
    if isinstance(item, CommitmentItem) and item.mode == "rate" and scale is None:
        report.add(
            (*loc, "scale"), "a commitment item in mode 'rate' needs a scale", "评价承诺需要量表"
        )
    if scale is not None and scale not in declared.scales:
        report.add((*loc, "scale"), f"undeclared scale '{scale}'", f"未声明的量表 '{scale}'")
    groups = declared.groups
    for group in item.audience or []:
        if group not in groups:
            report.add(
                (*loc, "audience"),
                f"rater group '{group}' is not in the survey's rater_groups",
                f"评价主体 '{group}' 未在问卷中声明",
            )
    for group in item.text_for or {}:
        if group not in groups:
            report.add(
                (*loc, "text_for", group),
                f"rater group '{group}' is not in the survey's rater_groups",
                f"评价主体 '{group}' 未在问卷中声明",
            )


def _check_item_shape(item: Any, loc: Loc, report: _Report) -> None:
    if isinstance(item, MultipleChoiceItem):
        n = len(item.options)
        if item.max_select is not None and item.min_select > item.max_select:
            report.add(
                (*loc, "min_select"),
                f"min_select ({item.min_select}) is greater than max_select ({item.max_select})",
                "最少选择数大于最多选择数",
            )
        if item.min_select > n:
            report.add(
                (*loc, "min_select"),
                f"min_select ({item.min_select}) is greater than the number of options ({n})",
                "最少选择数大于选项数",
            )
        if item.max_select is not None and item.max_select > n:
            report.add(
                (*loc, "max_select"),
                f"max_select ({item.max_select}) is greater than the number of options ({n})",
                "最多选择数大于选项数",
            )
    if isinstance(item, RankingItem) and item.max_rank and item.max_rank > len(item.options):
        report.add(
            (*loc, "max_rank"),
            f"max_rank ({item.max_rank}) is greater than the number "
            f"of options ({len(item.options)})",
            "排序数大于选项数",
        )
    if isinstance(item, NumericItem) and None not in (item.min, item.max):
        if item.min >= item.max:  # type: ignore[operator]
            report.add(
                (*loc, "max"),
                f"numeric min ({item.min}) must be less than max ({item.max})",
                "数值最小值必须小于最大值",
            )
    if isinstance(item, CommitmentItem) and item.mode == "state" and item.scale is not None:
        report.add((*loc, "scale"), "a scale is used only in mode 'rate'", "仅评价模式使用量表")


def _check_show_if(survey: Survey, report: _Report) -> None:
    page_of = survey.index.page_of
    kinds = {key: item.type for key, item in survey.index.items.items()}  # type: ignore[attr-defined]
    refs: dict[str, frozenset[str]] = {}
    locs: dict[str, Loc] = {}
    for loc, item in _items_with_loc(survey):
        if item.show_if is None:
            continue
        locs[item.id] = (*loc, "show_if")
        try:
            refs[item.id] = parse_show_if(item.show_if).names
        except ExpressionError as exc:
            report.add(locs[item.id], f"invalid show_if: {exc}", f"显示条件无效:{exc}")
    in_cycle = _cycles(refs, locs, report)
    for item_id, names in refs.items():
        if item_id in in_cycle:
            continue
        for name in sorted(names):
            _check_reference(item_id, name, page_of, kinds, locs[item_id], report)


def _check_reference(
    item_id: str,
    name: str,
    page_of: dict[str, int],
    kinds: dict[str, str],
    loc: Loc,
    report: _Report,
) -> None:
    if name not in page_of:
        report.add(
            loc, f"show_if references unknown item '{name}'", f"显示条件引用了未知题目 '{name}'"
        )
    elif page_of[name] == page_of[item_id]:
        report.add(
            loc,
            f"show_if references '{name}' on the same page; a page is submitted as one "
            "form, so show_if may reference only items on EARLIER pages",
            f"显示条件引用了同一页的题目 '{name}';只能引用之前页面的题目",
        )
    elif page_of[name] > page_of[item_id]:
        report.add(
            loc,
            f"show_if references '{name}' on a later page; show_if may reference only "
            "items on EARLIER pages",
            f"显示条件引用了后面页面的题目 '{name}'",
        )
    elif kinds[name] not in SHOW_IF_SOURCES:
        report.add(
            loc,
            f"show_if cannot read '{name}': {kinds[name]} items have no single value",
            f"显示条件不能引用题目 '{name}'",
        )


def _cycles(refs: dict[str, frozenset[str]], locs: dict[str, Loc], report: _Report) -> set[str]:
    """Report each show_if cycle once (e.g. ``a -> b -> a``) at its first item in id order;
    return the ids on cycles. Linear in the references (see :mod:`survey_engine.cycles`)."""
    on_cycle: set[str] = set()
    for cycle in find_cycles(refs):
        on_cycle.update(cycle)
        shown = cycle if len(cycle) <= 12 else [*cycle[:10], f"… ({len(cycle)} items)"]
        report.add(
            locs[cycle[0]],
            "show_if cycle: " + " -> ".join([*shown, cycle[0]]),
            "显示条件循环引用",
        )
    return on_cycle


def _check_caps(survey: Survey, report: _Report) -> None:
    if survey.caps and survey.subject_mode != "grid":
        report.add(
            ("caps",), "caps apply only when subject_mode is 'grid'", "比例限制仅用于多人测评"
        )
    items = survey.index.items
    by_item: dict[str, list[tuple[int, Any]]] = {}
    for index, cap in enumerate(survey.caps):
        item = items.get(cap.item)
        if not isinstance(item, GradeItem | SingleChoiceItem):
            what = "unknown item" if item is None else f"a {item.type} item"  # type: ignore[attr-defined]
            report.add(
                ("caps", index, "item"),
                f"cap item '{cap.item}' is {what}; caps apply to grade or single_choice items",
                f"比例限制的题目 '{cap.item}' 无效",
            )
            continue
        option_ids = _option_ids(item)
        if cap.option not in option_ids:
            report.add(
                ("caps", index, "option"),
                f"option '{cap.option}' is not an option of "
                f"'{cap.item}' (options: {', '.join(option_ids)})",
                f"选项 '{cap.option}' 不存在",
            )
            continue
        by_item.setdefault(cap.item, []).append((index, cap))
    for item_id, caps in by_item.items():
        _check_cap_feasible(items[item_id], caps, report)


def _option_ids(item: GradeItem | SingleChoiceItem) -> list[str]:
    options = item.grade_options() if isinstance(item, GradeItem) else item.options
    return [o.id for o in options]


def _check_cap_feasible(item: Any, caps: list[tuple[int, Any]], report: _Report) -> None:
    capped = {cap.option for _, cap in caps}
    if len(capped) != len(caps):
        report.add(
            ("caps", caps[-1][0]),
            f"more than one cap on option of '{item.id}'",
            "同一选项有多个比例限制",
        )
        return
    na = getattr(item, "allow_na", False)
    if not item.required or na or capped != set(_option_ids(item)):
        return
    total = sum(cap.max_share for _, cap in caps)
    if total < 1:
        report.add(
            ("caps", caps[0][0]),
            f"impossible caps: '{item.id}' is required and every "
            f"option is capped with shares summing to {total:g} < 1, so large grids can "
            "never be completed",
            "比例限制无法满足",
        )


def _check_translations(survey: Survey, report: _Report) -> None:
    langs = tuple(survey.languages)
    for loc, value in local_texts(survey):
        check_text_length(value, loc, report.add)
        missing = value.missing(langs)
        if missing:
            report.add(
                loc,
                f"missing translation: {', '.join(missing)} (the survey declares "
                f"{', '.join(langs)})",
                f"缺少译文:{', '.join(missing)}",
            )


__all__ = ["check_survey"]
