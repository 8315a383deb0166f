"""AppTest of the review pages (results, tallies, reliability) from the real entry point.

The world is built here through the services and the bulk path, so the answers are known by
construction: a 360 campaign with two phases (s4 has only two peer ballots: suppressed; s3's
two subordinates are merged with the superiors) and a 民主测评 campaign where 不称职 5/12 of s1
is over one third (flag) and 4/12 of s2 is exactly one third (no flag).
"""

from __future__ import annotations

import json
import math
import uuid
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from analytics import cronbach_alpha, icc
from campaign.settings import CampaignSettings
from storage import campaigns, definitions
from storage.db import Database, bulk_insert
from survey_engine import dumps_definition, items_frame, load_template
from tests.world import world_copy

PAGES = ("pages/results.py", "pages/tallies.py", "pages/reliability.py")
LIKERT = ["pol_line", "pol_show", "dev_vanity", "dev_long", "style_field", "style_formalism",
          "party_duty", "live_needs"]  # fmt: skip
LEDGER = ["visible_results", "visible_real", "latent_groundwork", "latent_future"]
HIDDEN_VALUE = 1.0  # every answer of s4's two peers: far below anyone else


@dataclass
class ReviewWorld:
    c360: str
    phases: list[str]
    cgrid: str
    grid_phase: str


def _publish(db: Database, template_id: str) -> int:
    body = json.loads(dumps_definition(load_template(template_id)))
    version = definitions.save_definition(db, template_id, body).version
    definitions.publish_definition(db, template_id, version)
    return version


def _ballot(rows, answers, *, phase, definition, version, group, cells):
    ballot_id = uuid.uuid4().hex
    rows.append({"ballot_id": ballot_id, "phase_id": phase, "definition_id": definition,
                 "definition_version": version, "rater_group": group,
                 "source": "online"})  # fmt: skip
    for cell in cells:
        answers.append(
            {
                "ballot_id": ballot_id,
                "row_id": None,
                "option_id": None,
                "value_num": None,
                "value_text": None,
                "is_na": False,
                **cell,
            }
        )
    return ballot_id


def _rating_cells(subject: str, rng, low: int = 3, const: float | None = None, comment=None):
    value = (lambda: const) if const is not None else (lambda: float(rng.integers(low, 6)))
    cells = [{"subject_id": subject, "item_id": i, "value_num": value()} for i in LIKERT]
    cells += [{"subject_id": subject, "item_id": "ledger", "row_id": r, "value_num": value()}
              for r in LEDGER]  # fmt: skip
    if comment:
        cells.append({"subject_id": subject, "item_id": "comment", "value_text": comment})
    return cells


def build_review_world(db: Database, seed: int = 7) -> ReviewWorld:
    rng = np.random.default_rng(seed)
    v360, vgrid = _publish(db, "achievement_view_360"), _publish(db, "democratic_assessment")
    subjects = ["s1", "s2", "s3", "s4"]
    with db.transaction() as cur:
        bulk_insert(
            cur,
            "unit",
            pd.DataFrame(
                {
                    "unit_id": ["u1"],
                    "name_zh": ["和平街道"],
                    "name_en": ["Heping"],
                    "kind": ["street"],
                }
            ),
        )
        bulk_insert(cur, "subject", pd.DataFrame({
            "subject_id": subjects, "name": ["王一", "李二", "张三", "赵四"], "unit_id": "u1",
            "position": "副主任", "level": "副科"}))  # fmt: skip
    settings = CampaignSettings().to_json()
    c360 = campaigns.create_campaign(db, name="360 测评", year=2026, settings_json=settings)
    phases = [campaigns.add_phase(db, campaign_id=c360, kind=k,
                                  definition_id="achievement_view_360", definition_version=v360)
              for k in ("mid_year", "year_end")]  # fmt: skip
    ballots, answers = [], []
    for phase in phases:
        campaigns.open_phase(db, phase)
        kw = {"phase": phase, "definition": "achievement_view_360", "version": v360}
        for s in subjects:
            plan = {"peer": 5, "superior": 3, "self": 1}
            if s == "s3":
                plan["subordinate"] = 2
            if s == "s4":
                plan = {"peer": 2, "self": 1}
            for group, n in plan.items():
                for i in range(n):
                    const = HIDDEN_VALUE if s == "s4" and group == "peer" else None
                    words = f"意见{s}{i}号:工作扎实" if s == "s1" and group == "peer" else None
                    _ballot(
                        ballots,
                        answers,
                        group=group,
                        **kw,
                        cells=_rating_cells(s, rng, const=const, comment=words),
                    )
    cgrid = campaigns.create_campaign(db, name="民主测评", year=2026, settings_json=settings)
    grid_phase = campaigns.add_phase(db, campaign_id=cgrid, kind="single",
                                     definition_id="democratic_assessment",
                                     definition_version=vgrid)  # fmt: skip
    campaigns.open_phase(db, grid_phase)
    score = {"excellent": 4.0, "competent": 3.0, "basically_competent": 2.0, "incompetent": 1.0}
    votes = {  # subject -> group -> grades of its ballots, in ballot order
        "s1": {"peer": ["incompetent"] * 4 + ["competent"] * 5,
               "subordinate": ["incompetent", "competent", "excellent"]},
        "s2": {"peer": ["incompetent"] * 4 + ["excellent"] * 5,
               "subordinate": ["competent"] * 3},
        "s3": {"peer": ["excellent"] * 3 + ["competent"] * 6,
               "subordinate": ["competent", "excellent", "basically_competent"]},
    }  # fmt: skip
    grade_items = [i.id for i in load_template("democratic_assessment").all_items()]
    for group, n in (("peer", 9), ("subordinate", 3)):
        for i in range(n):
            cells = [{"subject_id": s, "item_id": item, "option_id": votes[s][group][i],
                      "value_num": score[votes[s][group][i]]}
                     for s in votes for item in grade_items]  # fmt: skip
            _ballot(
                ballots,
                answers,
                phase=grid_phase,
                definition="democratic_assessment",
                version=vgrid,
                group=group,
                cells=cells,
            )
    with db.transaction() as cur:
        bulk_insert(cur, "ballot", pd.DataFrame(ballots))
        frame = pd.DataFrame(answers)[
            [
                "ballot_id",
                "subject_id",
                "item_id",
                "row_id",
                "option_id",
                "value_num",
                "value_text",
                "is_na",
            ]
        ]
        bulk_insert(cur, "answer", frame)
    for phase in [*phases, grid_phase]:  # results are shown only for closed phases
        campaigns.close_phase(db, phase)
    return ReviewWorld(c360, phases, cgrid, grid_phase)


# -- helpers ---------------------------------------------------------------------------------------
def _texts(at) -> str:
    """Every value the page shows: text elements, metrics, every table cell, chart data."""
    out = []

    def walk(node):
        for child in getattr(node, "children", {}).values():
            walk(child)
        value = getattr(node, "value", None)
        if isinstance(value, pd.DataFrame):
            out.append(" | ".join(map(str, value.columns)))
            out.extend(" | ".join(map(str, row)) for row in value.itertuples(index=False))
        elif value is not None:
            out.append(str(value))
        proto = getattr(node, "proto", None)
        if proto is not None:
            out.append(str(proto))
            for dataset in getattr(proto, "datasets", None) or []:
                out.append(_arrow(dataset.data.data))

    walk(at._tree)
    return "\n".join(out)


def _arrow(raw: bytes) -> str:
    import pyarrow as pa

    frame = pa.ipc.open_stream(raw).read_all().to_pandas()
    return "\n".join(" | ".join(map(str, row)) for row in frame.itertuples(index=False))


def _open(app, page: str, lang: str = "zh"):
    app.session_state["lang"] = lang
    at = app.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture
def world(app_db) -> ReviewWorld:
    return world_copy(app_db, ("review",), build_review_world)


def _key(at, key: str) -> str:
    """A localized select box's widget key (ui.i18n.localized_select): ``key:en`` in English."""
    lang = at.session_state["lang"] if "lang" in at.session_state else "zh"
    return key if lang == "zh" else f"{key}:{lang}"


def _pick(at, prefix: str, campaign_id: str, phase_id: str | None = None):
    at.selectbox(key=_key(at, f"{prefix}_campaign")).set_value(campaign_id).run()
    if phase_id:
        at.selectbox(key=_key(at, f"{prefix}_phase_{campaign_id}")).set_value(phase_id).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


# -- tests -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pages_say_no_data_yet_on_an_empty_database(app, page, lang):
    at = _open(app, page, lang)
    assert any("数据" in i.value or "data" in i.value for i in at.info)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pages_render_in_both_languages_for_both_campaigns(world, app, page, lang):
    at = _open(app, page, lang)
    for campaign_id in (world.c360, world.cgrid):
        _pick(at, page.split("/")[1][:-3], campaign_id)


def test_results_show_others_scores_for_subjects_with_enough_ballots(world, app):
    at = _pick(_open(app, "pages/results.py"), "results", world.c360, world.phases[1])
    shown = _texts(at)
    for name in ("王一", "李二", "张三"):
        assert name in shown
    assert len(at.get("vega_lite_chart")) == 5  # heat map, dumbbell, ranks, drill-down, trend
    at.selectbox(key=f"results_subject_{world.phases[1]}").set_value("s1").run()
    comments = at.dataframe[-1].value
    # five peer comments on s1: released, as plain text in a table
    assert sorted(comments.iloc[:, 1]) == [f"意见s1{i}号:工作扎实" for i in range(5)]


def test_a_suppressed_group_is_grey_with_its_threshold_and_its_value_appears_nowhere(world, app):
    at = _pick(_open(app, "pages/results.py"), "results", world.c360, world.phases[1])
    at.selectbox(key=f"results_subject_{world.phases[1]}").set_value("s4").run()
    shown = _texts(at)
    assert "评价人数不足" in shown and "门槛" in shown and " 3" in shown
    # s4's peers answered 1 everywhere: on 0..100 their overall is 23.3 and their development
    # score 16.7 (reverse items count 100). Neither appears, and the heat map rows of s4 carry
    # no number at all.
    for token in ("23.3", "16.7", "23.33"):
        assert token not in shown
    heat = at.get("vega_lite_chart")[0].proto
    frame = __import__("pyarrow").ipc.open_stream(heat.datasets[0].data.data).read_all()
    rows = frame.to_pandas()
    s4 = rows[rows["subject"] == "赵四"]
    assert len(s4) == 6 and s4["hidden"].all() and s4["score"].isna().all()
    assert set(s4["shown_as"]) == {"评价人数不足，不显示"}
    assert not rows.loc[rows["subject"] != "赵四", "hidden"].any()


def test_tallies_flag_more_than_one_third_incompetent_with_its_arithmetic(world, app):
    at = _pick(_open(app, "pages/tallies.py"), "tallies", world.cgrid)
    shown = _texts(at)
    assert "不称职 5 / 12 = 41.7 % > 33.3 %？是" in shown
    assert "不称职 4 / 12 = 33.3 % > 33.3 %？否" in shown  # exactly one third: not more
    assert at.error and "1" in at.error[0].value
    # what fired comes first and every row says its result in words (#12)
    table = next(df.value for df in at.dataframe if "计算过程" in df.value.columns)
    assert table["结果"].iloc[0] == "⚑ 触发"
    assert (table["结果"].iloc[1:] != "⚑ 触发").all()
    assert set(table["结果"]) <= {"⚑ 触发", "未触发", "未判定（票数不足）"}
    assert "flag" not in " ".join(table["规则"])
    at = _open(app, "pages/tallies.py", "en")
    at = _pick(at, "tallies", world.cgrid)
    assert "Incompetent 5 / 12 = 41.7 % > 33.3 %? yes" in _texts(at)


def _expected_inputs(app_db, world):
    """The others' ballots behind published cells of the year-end phase, built by hand: every
    subject but s4 (its peers are suppressed), self excluded, reverse items turned round."""
    from storage.results import answers_frame

    db = Database(app_db)
    a = answers_frame(db, phase_id=world.phases[1])
    a = a[(a["subject_id"] != "s4") & (a["rater_group"] != "self")]
    items = items_frame(load_template("achievement_view_360"))
    return a, items


def test_reliability_numbers_equal_the_analytics_called_directly(world, app, app_db):
    at = _pick(_open(app, "pages/reliability.py"), "reliability", world.c360, world.phases[1])
    assert not at.exception
    a, items = _expected_inputs(app_db, world)
    pol = a[a["item_id"].isin(["pol_line", "pol_show"])].copy()
    pol["v"] = np.where(pol["item_id"] == "pol_show", 6 - pol["value_num"], pol["value_num"])
    wide = pol.pivot_table(index=["ballot_id", "subject_id"], columns="item_id", values="v")
    alpha = cronbach_alpha(wide).alpha
    table = at.dataframe[0].value
    assert _shown(table["α"].iloc[0], alpha)

    from analytics import ballot_overall

    scored = items[items["dimension"].notna()]
    overall = ballot_overall(a, scored)
    expected = icc(overall, targets="subject_id", raters="ballot_id", ratings="score")
    icc1 = [m for m in at.metric if m.label == "ICC1"][0]
    assert icc1.value == f"{expected.loc['ICC1', 'ICC']:.3f}"
    shown = at.dataframe[1].value.set_index("形式")
    assert _shown(shown.loc["ICC1k", "ICC"], expected.loc["ICC1k", "ICC"])
    assert not shown.loc["ICC2", "适用于本设计"] and shown.loc["ICC2", "原因"]


def _shown(cell, expected: float) -> bool:
    """A table cell holds the value itself, or its text at 3 decimals in a column with a "—"."""
    if isinstance(cell, str):
        return cell == f"{expected:.3f}"
    return math.isclose(cell, expected, rel_tol=1e-12)


def test_ballot_overall_matches_the_scoring_of_analytics(world, app, app_db):
    from analytics import ballot_overall, score_subjects

    a, items = _expected_inputs(app_db, world)
    scored = items[items["dimension"].notna()]
    mine = ballot_overall(a, scored).groupby(["subject_id", "rater_group"])["score"].mean()
    ref = score_subjects(a, scored, percent=True)
    ref = ref[(ref["dimension"] == "overall") & (ref["status"] == "shown")]
    for row in ref.itertuples():
        if row.rater_group in ("peer", "superior"):
            assert math.isclose(mine[(row.subject_id, row.rater_group)], row.score)


def _with_open_year_start(db: Database) -> tuple[ReviewWorld, str, int]:
    """The review world and a year-start phase of its 360 campaign, opened (not closed)."""
    world = build_review_world(db)
    version = int(campaigns.get_phase(db, world.phases[-1])["definition_version"])
    phase = campaigns.add_phase(db, campaign_id=world.c360, kind="year_start",
                                definition_id="achievement_view_360",
                                definition_version=version)  # fmt: skip
    campaigns.open_phase(db, phase)
    return world, phase, version


def test_an_open_phase_shows_no_results_only_a_note(app, app_db):
    world, early, _ = _with_open_year_start(Database(app_db))
    at = app.switch_page("pages/results.py").run()
    at.selectbox(key="results_campaign").set_value(world.c360).run()
    at.selectbox(key=f"results_phase_{world.c360}").set_value(early).run()
    assert not at.exception
    assert any("阶段结束后" in i.value for i in at.info)
    assert not at.get("vega_lite_chart")


def test_the_trend_leaves_out_a_phase_still_open(app, app_db):
    """An open phase's scores stay hidden in the trend as on its own page: while it is open, a
    reviewer who also sees who has just finished could tie a change to that person."""
    db = Database(app_db)
    world, late, version = _with_open_year_start(db)
    ballots, answers, rng = [], [], np.random.default_rng(3)
    for group, n in (("peer", 5), ("superior", 3)):
        for _ in range(n):
            _ballot(ballots, answers, phase=late, definition="achievement_view_360",
                    version=version, group=group,
                    cells=_rating_cells("s1", rng, low=5))  # fmt: skip
    with db.transaction() as cur:
        bulk_insert(cur, "ballot", pd.DataFrame(ballots))
        bulk_insert(cur, "answer", pd.DataFrame(answers)[list(answers[0])])
    at = _pick(_open(app, "pages/results.py"), "results", world.c360, world.phases[0])
    at.selectbox(key=f"results_subject_{world.phases[0]}").set_value("s1").run()
    trend = at.get("vega_lite_chart")[-1].proto
    points = pd.concat(pa.ipc.open_stream(d.data.data).read_all().to_pandas()
                       for d in trend.datasets)  # fmt: skip
    assert set(points["phase"]) == {"年中亮效问政", "年底亮绩评议"}, set(points["phase"])
    assert any("年初亮诺" in c.value and "尚未结束" in c.value for c in at.caption)


def test_ballot_overall_averages_rated_commitments_like_the_scores():
    from analytics import ballot_overall, score_subjects

    items = items_frame(load_template("commitment_yearend"))
    items = items[items["dimension"].notna()].reset_index(drop=True)
    rows = []
    for b, ratings in enumerate([[5, 4, None], [3, 3, 2], [4, 5, 5]]):
        for k, r in enumerate(ratings):
            rows.append({"campaign_id": "c", "phase_id": "p", "phase_kind": "year_end",
                         "ballot_id": f"b{b}", "rater_group": "peer",
                         "subject_id": "s1", "item_id": "commitment_results", "row_id": f"k{k}",
                         "option_id": None, "value_num": None if r is None else float(r),
                         "value_text": None, "is_na": r is None})  # fmt: skip
    answers = pd.DataFrame(rows)
    per_ballot = ballot_overall(answers, items)
    assert len(per_ballot) == 3
    scores = score_subjects(answers, items, percent=True)
    peer = scores[(scores["rater_group"] == "peer") & (scores["dimension"] == "overall")]
    assert per_ballot["score"].mean() == pytest.approx(peer["score"].iloc[0], abs=1e-9)


def test_a_number_column_with_a_gap_is_handed_over_as_text_not_as_numbers(world, app):
    """#12: "—" in a column still configured as numbers was drawn with an error mark in every
    such cell (pandas 3 keeps text as ``str``, not ``object``)."""
    at = _pick(_open(app, "pages/reliability.py"), "reliability", world.c360, world.phases[1])
    icc_table = at.dataframe[1]  # α per dimension, then the ICC forms
    config = json.loads(icc_table.proto.columns)
    gaps = [c for c in icc_table.value.columns if (icc_table.value[c] == "—").any()]
    assert gaps, "the ICC table of a nested design has forms it cannot estimate"
    assert {config[c]["type_config"]["type"] for c in gaps} == {"text"}, config
