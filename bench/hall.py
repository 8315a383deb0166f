"""A 民主测评 hall against the real server: world building, server start/stop, browser sessions.

Used by ``bench/load_meeting.py`` (the load test) and ``tests/perf/test_meeting_hall.py``.

- ``build_meeting``: a fresh DuckDB file with the published "democratic_assessment" template,
  one unit, 5 cadres, an open phase and N single-use meeting codes (``campaign.meeting``).
- ``Server`` (``bench/server.py``): ``python -m streamlit run`` on 127.0.0.1 with the shipped
  ``.streamlit/config.toml``; its CPU seconds and peak RSS.
- ``rater``: one browser over Streamlit's websocket protocol: the invitation link
  ``/fill?token=CODE`` (the page name and the query, as a browser's first request sends them),
  the ballot's widgets from the element deltas, one grade per widget, the form submit exactly
  as the frontend sends it, then the thank-you page.
"""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import connect

from bench.server import HOST, ROOT, SECRET, Server, config_in_effect, free_port

__all__ = ["HOST", "ROOT", "SECRET", "Server", "config_in_effect", "free_port"]
SUBJECTS = [f"c{i}" for i in range(1, 6)]
THANKS = "感谢您的参与"
USED = "已经提交过"  # a code opened after it was used (ui/strings_fill.py, zh)
# what the filling page says when it refuses (ui/strings_fill.py, zh): a failure, not a wait
REFUSALS = (
    "邀请码无效",
    "已过期",
    "已作废",
    "输入错误次数过多",
    "请先修改标出的题目",
    "没有计入",
    USED,
)
_DONE = ForwardMsg.FINISHED_SUCCESSFULLY
_FRAGMENT_DONE = ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
_FAILED = ForwardMsg.FINISHED_WITH_COMPILE_ERROR


# -- the world --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Meeting:
    db_path: Path
    phase_id: str
    meeting_id: str
    codes: tuple[str, ...]


def build_meeting(db_path: Path, n_codes: int) -> Meeting:
    """A meeting hall in a fresh database file: 5 cadres of one unit, ``n_codes`` codes."""
    import pandas as pd

    from campaign import meeting
    from campaign.settings import CampaignSettings
    from storage import campaigns
    from storage.db import Database, bulk_insert
    from tests.world import publish_template

    db = Database(db_path)
    try:
        version = publish_template(db, "democratic_assessment")
        with db.transaction() as cur:
            unit = {"unit_id": ["u1"], "name_zh": ["和平街道"], "name_en": ["Heping"]}
            bulk_insert(cur, "unit", pd.DataFrame({**unit, "kind": ["street"]}))
            names = [f"干部{i}" for i in range(1, 6)]
            people = {"subject_id": SUBJECTS, "name": names, "unit_id": "u1"}
            bulk_insert(cur, "subject", pd.DataFrame({**people, "position": "副主任",
                                                      "level": "副科"}))  # fmt: skip
        cid = campaigns.create_campaign(
            db, name="2026 年度民主测评", year=2026, settings_json=CampaignSettings().to_json()
        )
        pid = campaigns.add_phase(db, campaign_id=cid, kind="single",
                                  definition_id="democratic_assessment",
                                  definition_version=version)  # fmt: skip
        campaigns.open_phase(db, pid)
        room = meeting.create_meeting(
            db,
            SECRET.encode(),
            phase_id=pid,
            rater_group="subordinate",
            subject_ids=SUBJECTS,
            n_tokens=n_codes,
            expires_at=datetime.now() + timedelta(hours=3),
        )
    finally:
        db.close()
    return Meeting(Path(db_path), pid, room.meeting_id, room.tokens)


def count_meeting(hall: Meeting) -> dict[str, int]:
    """After the server stopped: ballots in the phase's box, finished codes, answers per ballot."""
    import json

    from storage import ballot_box, filling
    from storage.db import Database

    db = Database(hall.db_path)
    try:
        with db.read() as cur:
            payloads = ballot_box.filled_payloads(cur, hall.phase_id)
        counts = filling.meeting_counts(db, hall.meeting_id)
    finally:
        db.close()
    sizes = {len(json.loads(p)["a"]) for p in payloads}
    return {"stored": len(payloads), "finished": counts["received"],
            "short": sum(1 for s in sizes if s != len(SUBJECTS) * 6)}  # fmt: skip


# -- one browser ------------------------------------------------------------------------------
@dataclass
class Page:
    """What one script run left on the screen: widgets by id, texts, the page shown."""

    widgets: dict[str, tuple[str, object]] = field(default_factory=dict)  # id -> (type, proto)
    texts: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    fragments: set[str] = field(default_factory=set)  # ids of st.fragment regions drawn

    def form(self) -> tuple[list[tuple[str, object]], str | None]:
        """The form's choice widgets and its submit button id (the primary one)."""
        choices, submit = [], None
        for wid, (kind, el) in self.widgets.items():
            if (
                kind == "button"
                and el.is_form_submitter
                and (submit is None or el.type == "primary")
            ):
                submit = wid  # the form's main button (save and leave is a second one)
            elif kind in ("button_group", "radio") and el.form_id:
                choices.append((wid, el))
        return choices, submit

    def says(self, text: str) -> bool:
        return any(text in t for t in self.texts)


_TEXT_FIELDS = {"markdown": "body", "alert": "body", "text": "body", "heading": "body",
                "metric": "body"}  # fmt: skip


class Browser:
    """One tab: a websocket to ``/_stcore/stream`` and the state the frontend keeps."""

    def __init__(self, port: int) -> None:
        self.url = f"ws://{HOST}:{port}/_stcore/stream"
        self.origin = f"http://{HOST}:{port}"
        self.ws = None
        self.page_hash = ""  # from the server's navigation message: the page actually shown
        self.path = ""  # the address's path on the first request ("fill" for /fill?token=...)
        self.query = ""
        self.runs = 0  # script runs the server started for this tab (new_session messages)
        self.values: dict[str, WidgetState] = {}  # what the frontend holds for each widget

    async def __aenter__(self) -> Browser:
        self.ws = await connect(self.url, subprotocols=["streamlit"], origin=self.origin,
                                max_size=None, open_timeout=60, ping_interval=None)  # fmt: skip
        return self

    async def __aexit__(self, *exc) -> None:
        await self.ws.close()

    async def rerun(
        self, extra: list[WidgetState] = (), timeout: float = 120, fragment_id: str = ""
    ) -> Page:
        """Send ``rerun_script`` with the widget states the frontend holds (plus ``extra``),
        then read ForwardMsgs until a run finishes successfully; return that run's page
        (with ``fragment_id``: only that fragment runs, as the frontend's ``run_every`` asks)."""
        msg = BackMsg()
        state = msg.rerun_script
        state.fragment_id = fragment_id
        state.query_string = self.query
        state.page_script_hash = self.page_hash
        state.page_name = "" if self.page_hash else self.path
        state.context_info.timezone = "Asia/Shanghai"
        state.context_info.timezone_offset = -480
        state.context_info.locale = "zh-CN"
        query = f"?{self.query}" if self.query else ""
        state.context_info.url = f"{self.origin}/{self.path}{query}"
        ids = {w.id for w in extra}
        state.widget_states.widgets.extend([*extra, *(w for i, w in self.values.items()
                                                      if i not in ids)])  # fmt: skip
        await self.ws.send(msg.SerializeToString())
        return await asyncio.wait_for(self._read_run(), timeout)

    async def _read_run(self) -> Page:
        page = Page()
        while True:
            fwd = ForwardMsg()
            fwd.ParseFromString(await self.ws.recv())
            kind = fwd.WhichOneof("type")
            if kind == "new_session":
                page = Page()
                self.runs += 1
            elif kind == "navigation":
                self.page_hash = fwd.navigation.page_script_hash
            elif kind == "page_info_changed":
                self.query = fwd.page_info_changed.query_string
            elif kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                self._element(page, fwd.delta.new_element)
                if fwd.delta.fragment_id:
                    page.fragments.add(fwd.delta.fragment_id)
            elif kind == "script_finished":
                if fwd.script_finished == _FAILED:
                    raise RuntimeError("the script did not compile")
                if fwd.script_finished in (_DONE, _FRAGMENT_DONE):
                    self._mount(page, whole=fwd.script_finished == _DONE)
                    return page

    def _element(self, page: Page, element) -> None:
        kind = element.WhichOneof("type")
        el = getattr(element, kind)
        if kind in _TEXT_FIELDS:
            page.texts.append(getattr(el, _TEXT_FIELDS[kind]))
        elif kind == "exception":
            page.exceptions.append(f"{el.type}: {el.message}")
        elif getattr(el, "id", "").startswith("$$ID"):
            page.widgets[el.id] = (kind, el)

    def _mount(self, page: Page, *, whole: bool = True) -> None:
        """What the frontend does on mount: every value widget reports its current value;
        widgets gone from the page are forgotten (not after a fragment's run, which redraws only
        its part); triggers are never kept."""
        values = {}
        for wid, (kind, el) in page.widgets.items():
            if kind == "button_group":
                w = WidgetState(id=wid)
                chosen = [el.options[i].content for i in el.default]
                current = list(el.raw_values) if el.set_value else chosen
                w.string_array_value.data.extend(current)
                values[wid] = self.values.get(wid, w)
            elif kind == "radio":
                w = WidgetState(id=wid)
                w.string_value = el.raw_value if el.set_value else el.options[el.default]
                values[wid] = self.values.get(wid, w)
        self.values = values if whole else {**self.values, **values}

    async def type_fields(self, page: Page, typed: dict[str, str]) -> Page:
        """Type into the text inputs with these keys (one form) and press that form's button."""
        boxes = {key: next(w for w in page.widgets if w.endswith(f"-{key}")) for key in typed}
        form_id = page.widgets[next(iter(boxes.values()))][1].form_id
        button = next(
            w for w, (kind, el) in page.widgets.items()
            if kind == "button" and el.is_form_submitter and el.form_id == form_id
        )  # fmt: skip
        for key, box in boxes.items():
            self.values[box] = WidgetState(id=box, string_value=typed[key])
        return await self.rerun([WidgetState(id=button, trigger_value=True)])

    async def type_code(self, page: Page, code: str, input_key: str) -> Page:
        """Type ``code`` into the text input with ``input_key`` and press its form's button."""
        return await self.type_fields(page, {input_key: code})

    async def submit_form(self, page: Page, rng: random.Random) -> Page:
        """Pick an option in every choice widget of the form, press its submit button.

        The first option (优秀) is never picked: the template caps it at 15 % of the grid, and a
        ballot sent back for correction would measure the validation, not the hall."""
        choices, submit = page.form()
        if submit is None or not choices:
            raise RuntimeError("no form with choices on the page")
        for wid, el in choices:
            w = WidgetState(id=wid)
            if hasattr(el, "click_mode"):  # segmented control / pills: formatted option labels
                w.string_array_value.data.append(rng.choice(el.options[1:]).content)
            else:
                w.string_value = rng.choice(list(el.options)[1:])
            self.values[wid] = w
        return await self.rerun([WidgetState(id=submit, trigger_value=True)])


# -- one rater ---------------------------------------------------------------------------------
@dataclass
class Outcome:
    code: str
    open_s: float | None = None
    submit_s: float | None = None
    thanked: bool = False
    error: str | None = None


async def rater(
    port: int, code: str, *, arrive: float, think: float, seed: int, path: str = "fill"
) -> Outcome:
    """Arrive after ``arrive`` s, open the invitation link, submit ``think`` s later (random)."""
    rng = random.Random(seed)
    out = Outcome(code)
    await asyncio.sleep(arrive)
    try:
        start = time.perf_counter()
        async with Browser(port) as tab:
            tab.path, tab.query = path, f"token={code}"  # the invitation link: /fill?token=CODE
            page = await tab.rerun()
            out.open_s = time.perf_counter() - start
            _check(page, want_form=True)
            await asyncio.sleep(rng.uniform(0, think))
            start = time.perf_counter()
            page = await tab.submit_form(page, rng)
            out.submit_s = time.perf_counter() - start
            _check(page, want_form=False)
            out.thanked = page.says(THANKS)
            if not out.thanked:
                out.error = "no thank-you: " + " | ".join(page.texts)[:200]
    except Exception as err:  # noqa: BLE001 (every failure is a counted outcome)
        out.error = f"{type(err).__name__}: {err}"[:300]
    return out


def _check(page: Page, *, want_form: bool) -> None:
    if page.exceptions:
        raise RuntimeError("exception on the page: " + page.exceptions[0])
    for text in page.texts:
        if any(r in text for r in REFUSALS):
            raise RuntimeError("refused: " + text[:120])
    if want_form and page.form()[1] is None:
        raise RuntimeError("no ballot: " + " | ".join(page.texts)[:200])


async def hall_load(
    port: int, codes, *, arrive: float, think: float, timeout: float, path: str = "fill"
):
    """All raters at once (arrivals uniform in ``arrive`` s); outcomes in code order."""
    rng = random.Random(11)
    tasks = [rater(port, c, arrive=rng.uniform(0, arrive), think=think, seed=i, path=path)
             for i, c in enumerate(codes)]  # fmt: skip
    return await asyncio.wait_for(asyncio.gather(*tasks), timeout)
