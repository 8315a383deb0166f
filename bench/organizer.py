"""The organizer's side of the hall: the live count and closing the meeting, during the load.

An organizer account signs in through the sign-in page (over the same websocket protocol as the
raters, ``bench/hall.py``), opens the meeting page, and then does what the browser's tab does
while the hall fills its ballots: the live count is an ``st.fragment(run_every="5s")``, so every
5 seconds the tab asks for that fragment's run. Each refresh is timed. When the raters are done,
the organizer closes the meeting (the popover's confirm button) and that press is timed too.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from pathlib import Path

from streamlit.proto.WidgetStates_pb2 import WidgetState

from bench import hall

NAME = "hall-organizer"
PASSWORD = "hall-organizer-password-2026"  # noqa: S105 (a throw-away bench database)
PERIOD = 5.0  # the live count's run_every (pages/meeting.py)
CLOSED = "已结束"  # the note after closing (ui/strings_meeting.py, zh)


def add_organizer(db_path: Path) -> None:
    """An organizer over every unit, with a known password, in the hall's database."""
    from security.passwords import hash_password
    from storage.accounts import create_account
    from storage.db import Database

    db = Database(db_path)
    try:
        create_account(db, NAME, display_name=NAME, password_hash=hash_password(PASSWORD),
                       roles=[("organizer", "")])  # fmt: skip
    finally:
        db.close()


@dataclass
class Watch:
    refresh_s: list[float] = field(default_factory=list)  # each live-count refresh
    counts: list[str] = field(default_factory=list)  # what the count said ("received / issued")
    close_s: float | None = None
    closed: bool = False
    error: str | None = None


class Organizer:
    """One signed-in organizer tab on the meeting page; its figures go to ``watch``."""

    def __init__(self, port: int, watch: Watch) -> None:
        self.tab = hall.Browser(port)
        self.page: hall.Page | None = None
        self.watch = watch

    async def open(self) -> None:
        """Sign in through the sign-in page, then type the meeting page's address."""
        await self.tab.__aenter__()
        self.tab.path = "signin"
        page = await self.tab.rerun()
        await self.tab.type_fields(page, {"signin_name": NAME, "signin_password": PASSWORD})
        self.tab.page_hash, self.tab.path = "", "meeting"
        self.page = await self.tab.rerun()
        if not self.page.fragments:
            raise RuntimeError("no live count on the meeting page: " + " | ".join(self.page.texts))

    async def follow(self, done: asyncio.Event) -> None:
        """Refresh the live count every ``PERIOD`` s (as the browser does) until ``done``."""
        fragment = next(iter(self.page.fragments))
        while not done.is_set():
            try:
                await asyncio.wait_for(done.wait(), PERIOD)
            except TimeoutError:
                pass
            start = time.perf_counter()
            page = await self.tab.rerun(fragment_id=fragment)
            self.watch.refresh_s.append(time.perf_counter() - start)
            self.watch.counts.extend(t for t in page.texts if " / " in t)

    async def close_meeting(self) -> None:
        """Press the close popover's confirm button; time the press."""
        button = next(w for w in self.page.widgets if w.endswith("-meeting_close"))
        start = time.perf_counter()
        page = await self.tab.rerun([WidgetState(id=button, trigger_value=True)])
        self.watch.close_s = time.perf_counter() - start
        self.watch.closed = page.says(CLOSED)


async def _noting(step, watch: Watch) -> bool:
    """Run one organizer step; a failure is noted beside the raters' figures, not raised."""
    try:
        await step
        return True
    except Exception as err:  # noqa: BLE001
        watch.error = watch.error or f"{type(err).__name__}: {err}"[:300]
        return False


async def hall_with_organizer(port: int, codes, **load) -> tuple[list[hall.Outcome], Watch]:
    """The hall's load while an organizer follows the live count, then closes the meeting."""
    watch = Watch()
    organizer = Organizer(port, watch)
    ready = await _noting(organizer.open(), watch)
    done = asyncio.Event()
    following = asyncio.create_task(_noting(organizer.follow(done), watch)) if ready else None
    outcomes = await hall.hall_load(port, codes, **load)
    done.set()
    if following is not None and await following:
        await _noting(organizer.close_meeting(), watch)
    if organizer.tab.ws is not None:
        await organizer.tab.__aexit__(None, None, None)
    return outcomes, watch
