"""Helpers of the organizer pages (campaigns, people, invitations): sample files, problem tables,
assignment-rule inputs, invitation expiry (the survey address is decided in ui/public_url.py)."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, time

import pandas as pd

from campaign.assignment import expand, parse_rules
from campaign.export_safety import safe_row
from campaign.imports import ImportPreview
from storage import organize as org_store
from storage.campaigns import relationships
from storage.db import Database

PHASE_KINDS_THREE = ("year_start", "mid_year", "year_end")
#: The definition each phase of the three-phase year starts from, if it is published.
PHASE_DEFAULT_DEFINITION = {
    "year_start": "commitment_pledge",
    "mid_year": "commitment_midyear",
    "year_end": "commitment_yearend",
    "single": "achievement_view_360",
}
RULE_TYPES = (
    "peers_in_unit",
    "superior_rates_team",
    "subordinates_rate_head",
    "self",
    "public_served_by",
)
#: Cadre levels from the highest; the head of a unit is its highest-level cadre.
LEVEL_ORDER = ("正部", "副部", "正厅", "副厅", "正处", "副处", "正科", "副科", "科员", "办事员")

# -- sample import files ---------------------------------------------------------------------------
#: Sample rows per import kind, Chinese headers (accepted by campaign.imports).
SAMPLES: dict[str, tuple[tuple[str, ...], list[tuple[str, ...]]]] = {
    "unit": (
        ("单位编号", "单位名称", "英文名称", "单位类型", "上级单位编号"),
        [
            ("U01", "示例区发展改革局", "Sample Development Bureau", "局", ""),
            ("U02", "示例街道", "Sample Street", "街道", ""),
            ("U03", "示例社区", "Sample Community", "社区", "U02"),
        ],
    ),
    "subject": (
        ("干部编号", "姓名", "单位", "职务", "职级"),
        [
            ("S001", "张三", "U01", "局长", "正处"),
            ("S002", "李四", "U01", "副局长", "副处"),
            ("S003", "王五", "U02", "街道党工委书记", "正处"),
        ],
    ),
    "rater": (
        ("评价人编号", "姓名", "单位", "联系方式", "对应干部编号"),
        [
            ("R001", "张三", "U01", "13800000001", "S001"),
            ("R002", "李四", "U01", "13800000002", "S002"),
            ("R003", "赵六", "U01", "zhao@example.cn", ""),
        ],
    ),
    "relationship": (
        ("评价人编号", "被评价人编号", "评价关系"),
        [
            ("R001", "S002", "上级"),
            ("R002", "S001", "下级"),
            ("R003", "S001", "下级"),
            ("R001", "S001", "本人"),
        ],
    ),
}


def sample_csv(kind: str) -> bytes:
    """A sample import file for ``kind``: CSV, Chinese headers, UTF-8 with BOM (opens in Excel)."""
    header, rows = SAMPLES[kind]
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(safe_row(header))
    writer.writerows(safe_row(row) for row in rows)
    return out.getvalue().encode("utf-8-sig")


def problems_frame(preview: ImportPreview, lang: str) -> pd.DataFrame:
    """Every problem of a preview as rows: file, row (header = 1), field, message in ``lang``."""
    return pd.DataFrame(
        {
            "file": [p.file for p in preview.problems],
            "row": pd.array([p.row for p in preview.problems], dtype="Int64"),
            "field": [p.field or "" for p in preview.problems],
            "message": [p.message[lang] for p in preview.problems],
        }
    )


# -- assignment rules ------------------------------------------------------------------------------
def unit_heads(subjects: pd.DataFrame) -> pd.DataFrame:
    """The head of each unit: its highest-level cadre by ``LEVEL_ORDER`` (unknown levels last,
    ties by subject id). Columns ``unit_id, subject_id``.

    >>> s = pd.DataFrame({"subject_id": ["a", "b", "c"], "unit_id": ["u", "u", "v"],
    ...                   "level": ["副处", "正处", "科员"]})
    >>> unit_heads(s).values.tolist()
    [['u', 'b'], ['v', 'c']]
    """
    if subjects.empty:
        return pd.DataFrame({"unit_id": pd.Series(dtype=str), "subject_id": pd.Series(dtype=str)})
    rank = {lv: i for i, lv in enumerate(LEVEL_ORDER)}
    ranked = subjects.assign(_rank=subjects["level"].map(rank).fillna(len(LEVEL_ORDER)))
    ranked = ranked.sort_values(["unit_id", "_rank", "subject_id"])
    heads = ranked.drop_duplicates("unit_id")[["unit_id", "subject_id"]]
    return heads.reset_index(drop=True)


def expand_rules(
    db: Database, rule_names: list[str], *, with_child_heads: bool, public_raters: bool
) -> pd.DataFrame:
    """Expand the chosen rules over everyone in the database (``campaign.assignment.expand``).

    ``public_raters``: raters who are not cadres are service recipients of their unit (used only
    by ``public_served_by``); otherwise they are staff of their unit (peers and subordinates).
    """
    subjects = org_store.subjects_table(db)
    raters = org_store.raters_table(db)
    cadre_raters = raters["subject_id"].notna()
    staff = raters if not public_raters else raters[cadre_raters]
    served = raters[~cadre_raters & raters["unit_id"].notna()] if public_raters else raters.iloc[:0]
    units = org_store.units_table(db)[["unit_id", "parent_id"]]
    rules = parse_rules(
        [
            {
                "rule": name,
                **(
                    {"include_child_unit_heads": with_child_heads}
                    if name in ("superior_rates_team", "subordinates_rate_head")
                    else {}
                ),
            }
            for name in rule_names
        ]
    )
    return expand(
        rules,
        subjects=subjects[["subject_id", "unit_id"]],
        raters=staff[["rater_id", "unit_id", "subject_id"]],
        units=units,
        unit_heads=unit_heads(subjects),
        served_by=served[["rater_id", "unit_id"]],
    )


def only_new(db: Database, campaign_id: str, expanded: pd.DataFrame) -> pd.DataFrame:
    """The expanded pairs not yet related in the campaign (a pair is never written twice)."""
    have = relationships(db, campaign_id)
    if have.empty or expanded.empty:
        return expanded
    keys = set(zip(have["rater_id"], have["subject_id"], strict=True))
    mask = [
        (r, s) not in keys
        for r, s in zip(expanded["rater_id"], expanded["subject_id"], strict=True)
    ]
    return expanded[mask].reset_index(drop=True)


def group_counts(frame: pd.DataFrame) -> pd.DataFrame:
    """``rater_group, n``: how many pairs per rater group (0 rows for an empty frame)."""
    if frame.empty:
        return pd.DataFrame({"rater_group": pd.Series(dtype=str), "n": pd.Series(dtype=int)})
    counts = frame.groupby("rater_group").size().rename("n").reset_index()
    return counts.sort_values("rater_group").reset_index(drop=True)


# -- invitations -----------------------------------------------------------------------------------
def end_of_day(day: date) -> datetime:
    """Invitations expire at the end of the chosen day."""
    return datetime.combine(day, time(23, 59, 59))
