"""Where a Streamlit server's time goes, from a py-spy raw profile: shares of named parts.

Record the server while ``bench/ballot_page.py`` sends it raters one after another, then read the
app server's samples (the floor's are left out)::

    .venv/bin/py-spy record --subprocesses -r 250 -f raw -o /tmp/ballot.txt -- \\
        .venv/bin/python bench/ballot_page.py --raters 150
    .venv/bin/python bench/profile_shares.py /tmp/ballot.txt

A part's share counts every sample with that function anywhere on its stack, so parts nest
(the ballot page holds the widgets). Idle threads (the event loop's select, thread pools
waiting for work, a polling watcher asleep) are left out.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

PARTS = {
    "script runs (all of app.py and the page)": "ScriptRunner._run_script_thread",
    "  the filling page": "<module> (fill.py",
    "    drawing the survey's widgets": "render_page (ui/survey_form.py",
    "      Streamlit's emoji lookup for option labels": "extract_leading_emoji",
    "    opening the invitation (code, queue)": "open_session (campaign/respondent.py",
    "    storing a submitted ballot": "_submit_page (fill.py",
    "      its transaction": "_submit_once (campaign/respondent.py",
    "      the WAL checkpoint after it": "Database.checkpoint (storage/db.py",
    "  the forward page '/' -> '/fill'": "forward (app.py",
    "  the language switch": "language_switch (ui/i18n.py",
    "sending messages to the browser (event loop)": "AppSession._handle_scriptrunner_event_on",
    "  the new-session message (theme, config)": "_create_new_session_message",
}
_IDLE = ("select (selectors.py", "polling_path_watcher.py:90", "thread.py:81)", "thread.py:83)",
         "wait (threading.py")  # fmt: skip


def shares(raw: Path, server: str = "/app.py ") -> tuple[int, Counter]:
    """Active samples of the process whose command line holds ``server``, and per-part counts."""
    total, hits = 0, Counter()
    for line in raw.read_text(encoding="utf-8").splitlines():
        stack, _, count = line.rpartition(" ")
        frames = stack.split(";")
        process = [f for f in frames if f.startswith("process ")][-1:]  # py-spy's own frame
        if not process or server not in process[0] or any(m in frames[-1] for m in _IDLE):
            continue
        total += int(count)
        for name, marker in PARTS.items():
            if any(marker in frame for frame in frames[1:]):
                hits[name] += int(count)
    return total, hits


def main(argv: list[str]) -> int:
    total, hits = shares(Path(argv[0]))
    if not total:
        print("no active samples of an app.py server in this profile")
        return 1
    print(f"{total} active samples of the app server")
    for name in PARTS:
        print(f"{100 * hits[name] / total:5.1f} %  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
