"""What one rater costs the server: CPU per ballot opened and per ballot submitted, one at a time.

The hall (``bench/load_meeting.py``) measures waiting under load, which moves with the machine's
other work; this measures the work itself, rater after rater on an otherwise idle server, so two
versions of the app (or the app and the floor) compare on a busy machine too:

- script runs the server started and messages it sent to open a ballot (the invitation link
  ``/fill?token=CODE``);
- server CPU milliseconds per open, and per submit (the thank-you page included), as means
  (``/proc`` counts CPU time in 10 ms ticks);
- the same for the bare one-form floor of ``bench/load_meeting.py``.

One extra session stays connected throughout: Streamlit empties its compiled-script cache when the
last session leaves, which a hall never does.

Usage::

    .venv/bin/python bench/ballot_page.py                 # 40 raters each
    .venv/bin/python bench/ballot_page.py --app /tmp/old  # another checkout's app (same schema)
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import hall  # noqa: E402
from bench.load_meeting import FLOOR_APP  # noqa: E402


async def _one(port: int, code: str, path: str, rng: random.Random, server: hall.Server):
    """Open, then submit; the server's CPU seconds for each, the runs and messages to open."""
    async with hall.Browser(port) as tab:
        tab.path, tab.query = path, f"token={code}"
        received = _count_messages(tab)
        cpu0 = server.cpu_seconds()
        page = await tab.rerun()
        cpu1 = server.cpu_seconds()
        runs, messages = tab.runs, received()
        await tab.submit_form(page, rng)
        cpu2 = server.cpu_seconds()
    return cpu1 - cpu0, cpu2 - cpu1, runs, messages


def _count_messages(tab: hall.Browser):
    """Wrap the tab's receive to count the server's messages; returns the counter's reader."""
    seen = [0]
    recv = tab.ws.recv

    async def counting():
        seen[0] += 1
        return await recv()

    tab.ws.recv = counting
    return lambda: seen[0]


async def _raters(server: hall.Server, codes, path: str) -> list[tuple]:
    rng = random.Random(7)
    async with hall.Browser(server.port) as holder:  # keeps the script cache (see above)
        holder.path, holder.query = path, f"token={codes[0]}"
        await holder.rerun()
        for code in codes[1:4]:  # warm-up: imports, caches
            await _one(server.port, code, path, rng, server)
        return [await _one(server.port, code, path, rng, server) for code in codes[4:]]


def _report(name: str, rows: list[tuple]) -> None:
    opens, submits, runs, messages = zip(*rows, strict=True)
    ms = [1000 * statistics.fmean(v) for v in (opens, submits)]  # /proc ticks are 10 ms
    sent = statistics.median(messages)
    print(f"{name:<28} {len(rows):>4}  {sorted(set(runs))!s:>6}  {sent:>8.0f}"
          f"  {ms[0]:>9.1f}  {ms[1]:>11.1f}")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raters", type=int, default=40)
    parser.add_argument("--app", type=Path, default=ROOT, help="checkout whose app.py is run")
    args = parser.parse_args(argv)
    n = args.raters + 4  # one kept open, three to warm up
    print(f"{'server':<28} {'n':>4}  {'runs':>6}  {'messages':>8}  {'open ms':>9}"
          f"  {'submit ms':>11}")  # fmt: skip
    print("(runs and messages to open a ballot; mean server CPU ms per open and per submit)")
    with tempfile.TemporaryDirectory(prefix="ballot-page-") as tmp:
        tmp = Path(tmp)
        room = hall.build_meeting(tmp / "hall.duckdb", n)
        env = {"QUANJING_DB": str(room.db_path)}
        app = args.app.resolve()
        with hall.Server(app / "app.py", env=env, cwd=app, log=tmp / "app.log") as server:
            _report(f"quanjing ({app.name})", asyncio.run(_raters(server, room.codes, "fill")))
        script = tmp / "floor_app.py"
        script.write_text(FLOOR_APP, encoding="utf-8")
        codes = [f"floor-{i:04d}" for i in range(n)]
        with hall.Server(script, env={"FLOOR_DB": str(tmp / "floor.duckdb")}) as server:
            _report("bare one-form floor", asyncio.run(_raters(server, codes, "")))
    print(f"machine load (1/5/15 min): {Path('/proc/loadavg').read_text().split()[:3]}"
          f" at {time.strftime('%H:%M:%S')}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
