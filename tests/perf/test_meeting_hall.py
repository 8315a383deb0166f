"""A meeting hall on the real server: 20 browsers over Streamlit's websocket, all at once.

What a 民主测评 in a room needs of the server, with no timing asserted (see bench/load_meeting.py
for the figures): every rater reaches the thank-you page, every acknowledged ballot is stored,
and no code is accepted twice.
"""

from __future__ import annotations

import asyncio
import random

from bench import hall

RATERS = 20


def test_twenty_raters_at_once_each_ballot_stored_once(tmp_path):
    """20 raters come in within 2 s, each submits within 3 s; then one used code is opened
    again. Counted after the server stopped. One test, one server (xdist would split tests)."""
    room = hall.build_meeting(tmp_path / "hall.duckdb", RATERS + 3)
    hall_codes, link_code, typed_codes = (
        room.codes[:RATERS], room.codes[RATERS], room.codes[RATERS + 1 :]
    )  # fmt: skip
    env = {"QUANJING_DB": str(room.db_path)}
    with hall.Server(hall.ROOT / "app.py", env=env, log=tmp_path / "server.log") as server:
        outcomes = asyncio.run(
            hall.hall_load(server.port, hall_codes, arrive=2, think=3, timeout=120)
        )
        again = asyncio.run(_reopen(server.port, room.codes[0]))
        link_runs = asyncio.run(_runs_by_link(server.port, link_code))
        typed_runs = {
            path: asyncio.run(_runs_to_open_by_typing(server.port, path, box, code))
            for (path, box), code in zip(
                [("fill", "fill_token_input"), ("", "home_token_input")], typed_codes, strict=True
            )
        }
    counts = hall.count_meeting(room)

    assert [o.error for o in outcomes if o.error] == []
    assert all(o.thanked for o in outcomes)  # every rater saw the thank-you page
    acknowledged = sum(o.thanked for o in outcomes)
    assert acknowledged == RATERS
    # every acknowledged ballot stored, whole (5 cadres x 6 items), its code finished once (the
    # hall's and the one submitted by its link below)
    assert counts == {"stored": acknowledged + 1, "finished": acknowledged + 1, "short": 0}
    # a used code opens no second ballot: it says it was used, and thanks nobody
    assert again.form()[1] is None
    assert again.says(hall.USED) and not again.says(hall.THANKS)
    # an invitation link opens its ballot in one script run, and its submit is thanked in one;
    # a code typed on the filling page or on the home page costs no more once its button is
    # pressed (the ballot, not a forward page)
    assert link_runs == (1, 1)
    assert typed_runs == {"fill": 1, "": 1}


async def _reopen(port: int, code: str) -> hall.Page:
    async with hall.Browser(port) as tab:
        tab.path, tab.query = "fill", f"token={code}"
        return await tab.rerun()


async def _runs_by_link(port: int, code: str) -> tuple[int, int]:
    """Script runs to open the ballot by its link, and from pressing 提交 to the thank-you."""
    async with hall.Browser(port) as tab:
        tab.path, tab.query = "fill", f"token={code}"
        page = await tab.rerun()
        assert page.form()[0], page.texts  # the ballot's grade buttons
        opened = tab.runs
        page = await tab.submit_form(page, random.Random(5))
        assert page.says(hall.THANKS), page.texts
        return opened, tab.runs - opened


async def _runs_to_open_by_typing(port: int, path: str, box: str, code: str) -> int:
    """Open ``/path`` without a code, type ``code`` into ``box``, press the button: the runs
    the server started from the press to the ballot."""
    async with hall.Browser(port) as tab:
        tab.path = path
        page = await tab.rerun()
        assert not page.form()[0], "no ballot before a code"
        before = tab.runs
        page = await tab.type_code(page, code, box)
        assert page.form()[0], page.texts
        return tab.runs - before
