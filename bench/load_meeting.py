"""Load test: a 民主测评 meeting hall on the real Streamlit server, against a one-form floor.

N raters open their invitation links (``/fill?token=CODE``) over Streamlit's websocket protocol,
arriving uniformly within ``--arrive`` s; each grades 5 cadres x 6 items and presses 提交 at a
random moment within ``--think`` s after the ballot appeared. Measured per server:

- open: connecting -> the run that shows the ballot finished (widgets received);
- submit: sending the form submit -> the thank-you page received;
- errors (a session that did not end on the thank-you page), lost (acknowledged but not stored),
  doubled (stored more often than acknowledged), server CPU seconds during the load, peak RSS;
- the organizer's side (``bench/organizer.py``): a signed-in organizer follows the meeting's live
  count during the load (a fragment run every 5 s, as the browser asks) and closes the meeting
  when the raters are done: each refresh and the close are timed.

The same load runs against a bare one-form app (30 segmented controls in one ``st.form``, a
DuckDB appender on submit) written to a temp dir: the floor of Streamlit itself. One warm-up rater
per server goes first (not timed, counted in the stored/acknowledged check). Only 127.0.0.1.

Usage::

    .venv/bin/python bench/load_meeting.py --quick                      # 20 raters, 3 s, 5 s
    .venv/bin/python bench/load_meeting.py --raters 300 --arrive 10 --think 120
"""

from __future__ import annotations

import argparse
import asyncio
import math
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import hall, organizer  # noqa: E402

FLOOR_APP = '''\
"""The floor: 30 segmented controls in one form; a submit appends one row (DuckDB appender)."""
import os
import threading

import duckdb
import pandas as pd
import streamlit as st

GRADES = ["优秀", "称职", "基本称职", "不称职"]


@st.cache_resource
def box():
    con = duckdb.connect(os.environ["FLOOR_DB"])
    cols = ", ".join(f"q{i} VARCHAR" for i in range(30))
    con.execute(f"CREATE TABLE IF NOT EXISTS ballot (token VARCHAR, {cols})")
    return con, threading.Lock()


if "token" in st.query_params:
    st.session_state["token"] = st.query_params["token"]
    del st.query_params["token"]
if st.session_state.get("done"):
    st.success("感谢您的参与!")
    st.stop()
with st.form("ballot"):
    answers = [st.segmented_control(f"第{i + 1}题", GRADES, key=f"q{i}") for i in range(30)]
    sent = st.form_submit_button("提交")
if sent:
    con, lock = box()
    row = {"token": [st.session_state["token"]], **{f"q{i}": [a] for i, a in enumerate(answers)}}
    with lock:
        cur = con.cursor()
        cur.append("ballot", pd.DataFrame(row))
        cur.close()
    st.session_state["done"] = True
    st.rerun()
'''


def quantile(values: list[float], q: float) -> float:
    """Nearest-rank quantile (nan for no values)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


def _ms(values: list[float]) -> str:
    return "/".join(f"{quantile(values, q) * 1000:.0f}" for q in (0.5, 0.95, 0.99, 1.0))


def _drive(
    server: hall.Server, codes, args, *, path: str, organized: bool = False
) -> tuple[list[hall.Outcome], hall.Outcome, tuple, organizer.Watch | None]:
    """One warm-up rater, then the load (with an organizer following it, if ``organized``);
    returns outcomes, warm-up, the CPU seconds of the server and of this driver (the 300
    browsers share the 2 cores with the server) in the load, and the organizer's figures."""
    warm = asyncio.run(hall.rater(server.port, codes[0], arrive=0, think=0, seed=-1, path=path))
    cpu0, mine0 = server.cpu_seconds(), time.process_time()
    load = {
        "arrive": args.arrive,
        "think": args.think,
        "path": path,
        "timeout": args.arrive + args.think + args.timeout,
    }
    watch = None
    if organized:
        outs, watch = asyncio.run(organizer.hall_with_organizer(server.port, codes[1:], **load))
    else:
        outs = asyncio.run(hall.hall_load(server.port, codes[1:], **load))
    return outs, warm, (server.cpu_seconds() - cpu0, time.process_time() - mine0), watch


def run_meeting(tmp: Path, args) -> dict:
    built = time.perf_counter()
    room = hall.build_meeting(tmp / "hall.duckdb", args.raters + 1)
    organizer.add_organizer(room.db_path)
    print(f"meeting: {args.raters + 1} codes built in {time.perf_counter() - built:.1f} s")
    env = {"QUANJING_DB": str(room.db_path)}
    flags = tuple(args.server_flags.split())
    with hall.Server(hall.ROOT / "app.py", env=env, log=tmp / "meeting.log", flags=flags) as server:
        outs, warm, cpu, watch = _drive(server, room.codes, args, path="fill", organized=True)
        rss = server.peak_rss_mb()
    counts = hall.count_meeting(room)
    acked = sum(o.thanked for o in (*outs, warm))
    row = _row("quanjing meeting", outs, warm, cpu, rss, acked=acked, stored=counts["stored"],
               extra_stored=max(0, counts["finished"] - acked) + counts["short"])  # fmt: skip
    row["watch"] = watch
    return row


def run_floor(tmp: Path, args) -> dict:
    import duckdb

    script = tmp / "floor_app.py"
    script.write_text(FLOOR_APP, encoding="utf-8")
    db_path = tmp / "floor.duckdb"
    codes = [f"floor-{i:05d}" for i in range(args.raters + 1)]
    with hall.Server(script, env={"FLOOR_DB": str(db_path)}, log=tmp / "floor.log") as server:
        outs, warm, cpu, _ = _drive(server, codes, args, path="")  # a one-page app
        rss = server.peak_rss_mb()
    with duckdb.connect(str(db_path), read_only=True) as con:
        rows, distinct = con.execute(
            "SELECT count(*), count(DISTINCT token) FROM ballot"
        ).fetchone()
    acked = sum(o.thanked for o in (*outs, warm))
    return _row("bare one-form floor", outs, warm, cpu, rss, acked=acked, stored=distinct,
                extra_stored=rows - distinct)  # fmt: skip


def _row(name, outs, warm, cpu, rss, *, acked, stored, extra_stored) -> dict:
    errors = Counter(o.error for o in outs if o.error)
    if warm.error:
        errors[f"warm-up: {warm.error}"] += 1
    return {
        "name": name,
        "n": len(outs),
        "open": [o.open_s for o in outs if o.open_s is not None],
        "submit": [o.submit_s for o in outs if o.submit_s is not None and o.thanked],
        "errors": sum(errors.values()),
        "error_kinds": errors,
        "acked": acked,
        "lost": max(0, acked - stored),
        "doubled": max(0, stored - acked) + extra_stored,
        "cpu": cpu[0],
        "driver_cpu": cpu[1],
        "rss": rss,
    }


def print_table(rows: list[dict]) -> None:
    head = (f"{'server':<20} {'n':>4}  {'open ms p50/p95/p99/max':>24}  "
            f"{'submit ms p50/p95/p99/max':>26}  {'err':>3} {'lost':>4} {'dbl':>3}"
            f"  {'CPU s':>6} {'RSS MB':>6} {'drv CPU s':>9}")  # fmt: skip
    print(head)
    print("-" * len(head))
    for r in rows:
        print(f"{r['name']:<20} {r['n']:>4}  {_ms(r['open']):>24}  {_ms(r['submit']):>26}  "
              f"{r['errors']:>3} {r['lost']:>4} {r['doubled']:>3}  {r['cpu']:>6.1f} "
              f"{r['rss']:>6.0f} {r['driver_cpu']:>9.1f}")  # fmt: skip
    for r in rows:
        for error, n in r["error_kinds"].most_common(5):
            print(f"  {r['name']}: {n} x {error}")
        if (watch := r.get("watch")) is not None:
            print_organizer(watch)


def print_organizer(watch: organizer.Watch) -> None:
    """The organizer's side of the same hall."""
    refresh = (
        f"{len(watch.refresh_s)} live-count refreshes, ms p50/p95/p99/max {_ms(watch.refresh_s)}"
    )
    close = "not closed" if watch.close_s is None else f"close {watch.close_s * 1000:.0f} ms"
    last = watch.counts[-1] if watch.counts else "-"
    print(f"organizer: {refresh}; last count {last}; {close}"
          f"{' (confirmed)' if watch.closed else ''}")  # fmt: skip
    if watch.error:
        print(f"  organizer error: {watch.error}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raters", type=int, default=300)
    parser.add_argument("--arrive", type=float, default=10.0, help="arrivals spread over s")
    parser.add_argument("--think", type=float, default=120.0, help="submit within s of opening")
    parser.add_argument("--timeout", type=float, default=300.0, help="s beyond arrive + think")
    parser.add_argument("--quick", action="store_true", help="20 raters, arrive 3 s, think 5 s")
    parser.add_argument("--only", choices=("meeting", "floor"), help="one server only")
    parser.add_argument(
        "--server-flags", default="",
        help='extra options for the meeting server, e.g. "--runner.postScriptGC true'
        ' --server.fileWatcherType auto" (the settings before #11)',
    )  # fmt: skip
    args = parser.parse_args(argv)
    if args.quick:
        args.raters, args.arrive, args.think = 20, 3.0, 5.0
    if not 1 <= args.raters <= 1999:
        parser.error("--raters must be between 1 and 1999")
    print(f"{args.raters} raters, arrive within {args.arrive:g} s, think up to {args.think:g} s;"
          f" server on {hall.HOST}, python {sys.version.split()[0]}")  # fmt: skip
    print(f"config in effect (.streamlit/config.toml): {hall.config_in_effect()}")
    rows = []
    with tempfile.TemporaryDirectory(prefix="hall-") as tmp:
        if args.only != "floor":
            rows.append(run_meeting(Path(tmp), args))
        if args.only != "meeting":
            rows.append(run_floor(Path(tmp), args))
    print_table(rows)
    ok = all(r["errors"] == r["lost"] == r["doubled"] == 0 for r in rows)
    watches = [r["watch"] for r in rows if r.get("watch") is not None]
    return 0 if ok and all(w.closed and not w.error for w in watches) else 1


if __name__ == "__main__":
    sys.exit(main())
