"""SQL in ids and names is data: imported through preview_import/commit_import it is stored
verbatim, looked up verbatim, and every table is still there with its rows."""

from __future__ import annotations

import csv
import io

import pytest

from campaign.imports import commit_import, preview_import
from storage import people
from tests.campaign._people_fixtures import people_db

SQL = [
    "x'); DROP TABLE subject; --",
    "' OR '1'='1",
    '"; DELETE FROM rater; --',
    "Robert'); DROP TABLE unit;--",
    "1; SELECT * FROM invitation",
    "%' OR unit_id LIKE '%",
    "\\'; DROP TABLE relationship; --",
    "$1 ? :name",
]
TABLES = ("unit", "subject", "rater", "relationship", "campaign", "phase")


@pytest.fixture
def db():
    database = people_db()
    yield database
    database.close()


def csv_file(*rows: list[str]) -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


def state(db) -> tuple[list[str], dict[str, int]]:
    tables = db.query_df(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
        " ORDER BY table_name"
    )["table_name"].tolist()
    counts = {
        t: int(db.query_df(f"SELECT count(*) AS n FROM {t}")["n"].iloc[0])  # noqa: S608
        for t in TABLES
    }
    return tables, counts


def imported(db, kind: str, data: bytes, **kwargs) -> int:
    preview = preview_import(db, kind, data, f"{kind}.csv", **kwargs)
    assert preview.ok, [str(p) for p in preview.problems]
    return commit_import(db, preview)


def test_sql_in_every_field_is_stored_verbatim_and_the_tables_are_intact(db):
    tables, before = state(db)
    n = len(SQL)
    units = csv_file(["单位编号", "单位名称", "英文名称"], *[[s, f"{s} 局", s] for s in SQL])
    assert imported(db, "unit", units) == n
    # subjects name their unit by its (hostile) Chinese name: the resolver looks it up as text
    subjects = csv_file(
        ["干部编号", "姓名", "单位", "职务", "职级"], *[[s, s, f"{s} 局", s, s[:50]] for s in SQL]
    )
    assert imported(db, "subject", subjects) == n
    raters = csv_file(
        ["评价人编号", "姓名", "单位", "联系方式", "对应干部编号"], *[[s, s, s, s, s] for s in SQL]
    )
    assert imported(db, "rater", raters) == n
    pairs = [[s, s, "本人"] for s in SQL] + [[SQL[i], SQL[i - 1], "同级"] for i in range(n)]
    relationships = csv_file(["评价人编号", "被评价人编号", "评价关系"], *pairs)
    assert imported(db, "relationship", relationships, campaign_id="C1") == 2 * n

    after_tables, after = state(db)
    assert after_tables == tables
    assert after == {
        **before,
        "unit": before["unit"] + n,
        "subject": before["subject"] + n,
        "rater": before["rater"] + n,
        "relationship": before["relationship"] + 2 * n,
    }
    units_frame = people.units_frame(db).set_index("unit_id")
    subjects_frame = people.subject_labels(db, SQL).set_index("subject_id")
    raters_frame = db.query_df("SELECT * FROM rater").set_index("rater_id")
    keys = people.relationship_keys(db, "C1")
    for i, s in enumerate(SQL):
        assert units_frame.loc[s, ["name_zh", "name_en"]].tolist() == [f"{s} 局", s]
        assert subjects_frame.loc[s, ["name", "unit_zh", "position", "level"]].tolist() == [
            s,
            f"{s} 局",
            s,
            s[:50],
        ]
        assert raters_frame.loc[s, ["name", "unit_id", "contact", "subject_id"]].tolist() == [
            s,
            s,
            s,
            s,
        ]
        assert (s, s) in keys and (s, SQL[i - 1]) in keys
    assert people.rater_subjects(db)["' OR '1'='1"] == "' OR '1'='1"
    assert people.rater_labels(db, ["' OR '1'='1"])["name"].tolist() == ["' OR '1'='1"]
    # the rows that were there before are untouched
    assert {"S1", "S2", "S3"} <= people.subject_ids(db)


def test_sql_as_a_lookup_matches_nothing_and_changes_nothing(db):
    before = state(db)
    bad_refs = csv_file(
        ["干部编号", "姓名", "单位", "职务", "职级"],
        *[[f"S9{i}", "甲", s, "科长", "正科"] for i, s in enumerate(SQL)],
    )
    preview = preview_import(db, "subject", bad_refs, "s.csv")
    assert {p.code for p in preview.problems} == {"unknown_unit"}
    assert len(preview.problems) == len(SQL)
    groups = [
        "' OR '1'='1",
        "$1 ? :name",
        "x');DROP TABLE t;--",
    ]  # a group is 20 characters at most
    rel = csv_file(
        ["评价人编号", "被评价人编号", "评价关系"],
        *[["R2", f"S{i}", g] for i, g in enumerate(groups, 1)],
    )
    preview = preview_import(db, "relationship", rel, "r.csv", campaign_id="C1")
    assert [p.code for p in preview.problems] == ["unknown_group"] * 3
    for campaign_id in SQL:
        preview = preview_import(db, "relationship", rel, "r.csv", campaign_id=campaign_id)
        assert [p.code for p in preview.problems] == ["unknown_campaign"]
        assert people.relationship_keys(db, campaign_id) == set()
        assert not people.campaign_exists(db, campaign_id)
    assert people.rater_labels(db, SQL).empty
    assert state(db) == before


def test_sql_in_sign_in_accounts_and_the_audit_filter_is_only_text(db):
    from security import audit
    from security.signin import authenticate, create_account
    from storage import accounts

    create_account(db, "li", "Li", [("reviewer", "")], actor="system")
    for text in SQL:
        assert authenticate(db, text, text).principal is None
        assert set(audit.events(db, actor=text)["actor"]) <= {text}  # an exact match, or none
        assert audit.events(db, kinds=[text]).empty
        assert accounts.account_id_for_email(db, text) is None
    accounts.create_account(db, "wang", display_name=SQL[0], password_hash=None,
                            roles=[("reviewer", "")], email=SQL[1])  # fmt: skip
    row = accounts.get_account(db, "wang")
    assert (row.display_name, row.email) == (SQL[0], SQL[1])
    with pytest.raises(accounts.AccountError):  # a sign-in name is letters, digits and ._-@
        create_account(db, SQL[0], "x", [("reviewer", "")], actor="system")
    assert accounts.get_account(db, "li") is not None
    assert len(accounts.list_accounts(db)) == 2
