"""Every generated ballot, turned back into raw form values, passes the survey engine's own
validation and gives back exactly the stored answer rows."""

from collections import defaultdict

import pytest

from storage import demo as demo_store
from survey_engine import load_template, validate_submission


def _raw(survey, rows, order):
    """Raw form values per subject, rebuilt from answer rows (the inverse of the engine)."""
    raw = defaultdict(dict)
    for r in rows.itertuples(index=False):
        item = survey.item(r.item_id)
        values = raw[r.subject_id]
        point = "na" if r.is_na else None if r.value_num != r.value_num else int(r.value_num)
        if item.type in ("likert",):
            values[r.item_id] = point
        elif item.type in ("grade", "single_choice"):
            values[r.item_id] = "na" if r.is_na else r.option_id
        elif item.type in ("checklist", "multiple_choice"):
            values.setdefault(r.item_id, []).append(r.option_id)
        elif item.type == "ranking":
            values.setdefault(r.item_id, []).append((r.value_num, r.option_id))
        elif item.type == "text":
            values[r.item_id] = r.value_text
        elif item.type == "matrix" or (item.type == "commitment" and item.mode == "rate"):
            values.setdefault(r.item_id, {})[r.row_id] = point
        elif item.type == "commitment":
            values.setdefault(r.item_id, []).append((order[r.row_id], r.value_text))
    for values in raw.values():
        for key, value in values.items():
            if isinstance(value, list) and value and isinstance(value[0], tuple):
                values[key] = [v for _, v in sorted(value)]
    return raw


def _key(a):
    return (a.subject_id, a.item_id, a.row_id, a.option_id, a.value_num, a.value_text, a.is_na)


@pytest.mark.parametrize(
    "definition_id",
    [
        "achievement_view_360",
        "democratic_assessment",
        "public_satisfaction",
        "commitment_pledge",
        "commitment_midyear",
        "commitment_yearend",
    ],
)
def test_ballots_round_trip_through_engine_validation(tiny, definition_id):
    db, _ = tiny
    survey = load_template(definition_id)
    answers = demo_store.ballot_answers(db)
    answers = answers[answers["definition_id"] == definition_id]
    commitments = demo_store.table_frame(db, "commitment").sort_values(["subject_id", "seq"])
    order = dict(zip(commitments["commitment_id"], commitments["seq"], strict=True))
    stated = {
        s: list(zip(g["commitment_id"], g["text"], strict=True))
        for s, g in commitments.groupby("subject_id")
    }
    subjects_of_unit = demo_store.table_frame(db, "subject").groupby("unit_id")["subject_id"]
    assert answers["ballot_id"].nunique() > 3
    for ballot_id, rows in answers.groupby("ballot_id"):
        subject_ids = sorted(rows["subject_id"].unique())
        if rows["source"].iloc[0] == "meeting":  # every cadre of the unit is on the sheet
            unit = [u for u, s in subjects_of_unit if subject_ids[0] in set(s)][0]
            assert set(subject_ids) == set(dict(list(subjects_of_unit))[unit])
        elif survey.subject_mode == "grid":  # a superior's personal grid: their cadres
            assert set(rows["rater_group"]) == {"superior"}
        typed = validate_submission(
            survey,
            _raw(survey, rows, order),
            rater_group=rows["rater_group"].iloc[0],
            subject_ids=subject_ids,
            lang="zh",
            commitments=stated,
        )
        expected = {_key(a) for a in rows.itertuples(index=False)}
        if definition_id == "commitment_pledge":  # the engine numbers stated rows c1, c2 ...
            expected = {k[:2] + (None,) + k[3:] for k in expected}
            typed_keys = {k[:2] + (None,) + k[3:] for k in map(_key, typed)}
        else:
            typed_keys = set(map(_key, typed))
        norm = lambda keys: {tuple(None if v != v else v for v in k) for k in keys}  # noqa: E731
        assert norm(typed_keys) == norm(expected), ballot_id
