"""Every generated ballot, sealed or waiting in an open phase's ballot box, turned back into raw
form values, passes the survey engine's own validation and gives back exactly its answer rows."""

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


# definition -> where its ballots are: sealed (closed phases), in a box (open phases) or both
WHERE = {
    "achievement_view_360": {True, False},
    "democratic_assessment": {True},
    "public_satisfaction": {True, False},
    "commitment_pledge": {True},
    "commitment_midyear": {True},
    "commitment_yearend": {False},
}


@pytest.mark.parametrize("definition_id", sorted(WHERE))
def test_ballots_round_trip_through_engine_validation(tiny, definition_id):
    db, _ = tiny
    survey = load_template(definition_id)
    answers = demo_store.ballot_answers(db)
    answers = answers[answers["definition_id"] == definition_id]
    assert set(answers["sealed"]) == WHERE[definition_id]
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
        if rows["source"].iloc[0] == "meeting":  # the unit's sheet, or one cadre of it (split)
            unit = [u for u, s in subjects_of_unit if subject_ids[0] in set(s)][0]
            whole = set(dict(list(subjects_of_unit))[unit])
            assert set(subject_ids) == whole or len(subject_ids) == 1
        elif survey.subject_mode == "grid":  # a superior's personal grid, one ballot per cadre
            assert set(rows["rater_group"]) == {"superior"} and len(subject_ids) == 1
        else:
            assert len(subject_ids) == 1
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
