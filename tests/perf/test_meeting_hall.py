"""A meeting hall on the real server: 20 browsers over Streamlit's websocket, all at once.

What a 民主测评 in a room needs of the server, with no timing asserted (see bench/load_meeting.py
for the figures): every rater reaches the thank-you page, every acknowledged ballot is stored,
and no code is accepted twice.
"""

from __future__ import annotations

import asyncio

from bench import hall

RATERS = 20


def test_twenty_raters_at_once_each_ballot_stored_once(tmp_path):
    """20 raters come in within 2 s, each submits within 3 s; then one used code is opened
    again. Counted after the server stopped. One test, one server (xdist would split tests)."""
    room = hall.build_meeting(tmp_path / "hall.duckdb", RATERS)
    env = {"QUANJING_DB": str(room.db_path)}
    with hall.Server(hall.ROOT / "app.py", env=env, log=tmp_path / "server.log") as server:
        outcomes = asyncio.run(
            hall.hall_load(server.port, room.codes, arrive=2, think=3, timeout=120)
        )
        again = asyncio.run(_reopen(server.port, room.codes[0]))
    counts = hall.count_meeting(room)

    assert [o.error for o in outcomes if o.error] == []
    assert all(o.thanked for o in outcomes)  # every rater saw the thank-you page
    acknowledged = sum(o.thanked for o in outcomes)
    assert acknowledged == RATERS
    # every acknowledged ballot stored, whole (5 cadres x 6 items), its code finished once
    assert counts == {"stored": acknowledged, "finished": acknowledged, "short": 0}
    # a used code opens no second ballot: the thank-you page, nothing to fill
    assert again.form()[1] is None
    assert again.says(hall.THANKS)


async def _reopen(port: int, code: str) -> hall.Page:
    async with hall.Browser(port) as tab:
        tab.query = f"token={code}"
        return await tab.rerun()
