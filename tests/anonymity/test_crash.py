"""kill -9 while ballots are submitted: every acknowledged ballot is in the box exactly once.

Twenty rounds on one database file. Each round starts a worker process (``WORKER`` below, run
with ``python -c``) that opens the database and submits raters one after another through
``respondent.submit``, printing ``ACK`` once ``submit`` has returned. The test waits until the
worker has acknowledged a seeded random number (1-6) of submissions, lets a seeded random few
milliseconds pass so the kill lands at varied points of the next submission, and kills the
worker with SIGKILL. The next round skips the rater that was in flight and goes on.

Afterwards: every acknowledged comment is in the ballot box exactly once, nothing is there
twice, and the only unacknowledged ballots are those of in-flight raters, whole or not at all,
with the register agreeing (an invitation is finished iff its ballots are in the box). After
sealing, every acknowledged comment is in ``answer`` exactly once.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from storage import ballot_box, campaigns
from storage.db import Database
from tests.anonymity._load import build, comment_of

SEED = 99
ROUNDS = 20
ROOT = Path(__file__).resolve().parents[2]

# The worker: argv = database path, plan file, offset. Minimal imports (a start costs ~1-2 s).
WORKER = """
import json, sys
from campaign import respondent, tokens
from storage.db import Database
from survey_engine.answer import Answer

path, plan_file, offset = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open(plan_file, encoding="utf-8") as handle:
    plan = json.load(handle)
db = Database(path)
key = tokens.load_server_key(path)
for rater, token, subjects, comments in plan[offset:]:
    answers = []
    for subject, comment in zip(subjects, comments):
        answers.append(Answer(subject, "q_overall", option_id="competent", value_num=4.0))
        answers.append(Answer(subject, "q_comment", value_text=comment))
    result = respondent.submit(db, key, token, subjects, answers)
    print("ACK", result.status, rater, *comments, flush=True)
print("DONE", flush=True)
"""


def run_round(db_path: Path, plan_file: Path, offset: int, acks: int, pause: float, log: Path):
    """Start a worker at ``offset``, read until it acknowledged ``acks`` submissions, wait
    ``pause`` seconds, kill it; returns every acknowledged submission ``(status, rater,
    comments)``, including those printed after our read and before the kill."""
    with open(log, "ab") as err:
        proc = subprocess.Popen(
            [sys.executable, "-c", WORKER, str(db_path), str(plan_file), str(offset)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
            env=dict(os.environ),
        )
        lines = []
        try:
            while len(lines) < acks:
                line = proc.stdout.readline()
                if not line:  # the worker ended early: an error, or the plan ran out
                    break
                lines.append(line)
            time.sleep(pause)
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            lines += proc.stdout.readlines()  # acknowledged between our read and the kill
        finally:
            proc.kill()
            proc.wait()
            proc.stdout.close()
    seen = []
    for line in lines:
        assert line.startswith("ACK "), f"{line!r}: the plan is too short or the worker failed"
        _, status, rater, *comments = line.split()
        seen.append((status, rater, comments))
    assert len(seen) >= acks, f"worker stopped after {len(seen)} ACKs: {log.read_text()[-2000:]}"
    return seen


def test_kill_9_keeps_every_acknowledged_ballot_once(tmp_path):
    rng = random.Random(SEED)
    acks_per_round = [rng.randint(1, 6) for _ in range(ROUNDS)]
    pauses = [rng.uniform(0.0, 0.06) for _ in range(ROUNDS)]
    # Room for the planned ACKs, the skipped in-flight raters and those acknowledged late.
    load = build(tmp_path / "q.duckdb", raters=sum(acks_per_round) + 5 * ROUNDS, seed=SEED)
    db_path, phase_id = Path(load.db.path), load.phase_id
    order = sorted(load.subjects)
    rng.shuffle(order)
    comments = {r: [comment_of(r, s, "k") for s in load.subjects[r]] for r in order}
    plan = [[r, load.tokens[r], load.subjects[r], comments[r]] for r in order]
    invitations = load.invitations
    load.db.close()  # one process at a time holds the file
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(json.dumps(plan), encoding="utf-8")

    acked: list[str] = []  # raters whose submit returned
    in_flight: list[str] = []  # per round, the rater being submitted when the kill came
    offset = extra = 0
    for n, pause in zip(acks_per_round, pauses, strict=True):
        seen = run_round(db_path, plan_file, offset, n, pause, tmp_path / "worker.log")
        k = len(seen)
        assert [r for _, r, _ in seen] == order[offset : offset + k]
        assert all(status == "submitted" for status, _, _ in seen), seen
        assert all(c == comments[r] for _, r, c in seen)
        acked += [r for _, r, _ in seen]
        extra += k - n
        in_flight.append(order[offset + k])
        offset += k + 1  # the in-flight rater is skipped: its ballot is there or not at all

    db = Database(db_path)
    try:
        with db.read() as cur:
            payloads = ballot_box.filled_payloads(cur, phase_id)
            finished = dict(
                cur.execute(
                    "SELECT invitation_id, finished FROM invitation WHERE phase_id = ?",
                    [phase_id],
                ).fetchall()
            )
            open_assignments = Counter(
                i
                for (i,) in cur.execute(
                    "SELECT invitation_id FROM assignment WHERE phase_id = ? AND NOT done",
                    [phase_id],
                ).fetchall()
            )
        _, answers = ballot_box.decode(phase_id, payloads)
        boxed = Counter(t for t in answers["value_text"] if isinstance(t, str))

        assert max(boxed.values()) == 1, [c for c, k in boxed.items() if k > 1]
        for r in acked:
            assert all(boxed[c] == 1 for c in comments[r]), r
        rater_of = {c: r for r, cs in comments.items() for c in cs}
        unacked = {rater_of[c] for c in boxed} - set(acked)
        assert unacked <= set(in_flight), sorted(unacked - set(in_flight))
        # An in-flight submission is atomic: all its ballots or none; at most one per round.
        for r in in_flight:
            present = [boxed[c] for c in comments[r]]
            assert present in ([1] * len(present), [0] * len(present)), r
        # Register and box agree: an invitation is finished iff its ballots are in the box.
        for r in order:
            in_box = boxed[comments[r][0]] == 1
            assert finished[invitations[r]] is in_box, r
            assert (open_assignments[invitations[r]] == 0) is in_box, r

        sealed = campaigns.close_phase(db, phase_id)
        texts = Counter(
            db.query_df(
                "SELECT a.value_text FROM answer a JOIN ballot b ON b.ballot_id = a.ballot_id"
                " WHERE b.phase_id = ? AND a.item_id = 'q_comment'",
                [phase_id],
            )["value_text"]
        )
    finally:
        db.close()
    assert texts == boxed
    assert len(payloads) <= sealed <= len(boxed)  # a ballot holds one subject, or a slate
    for r in acked:
        assert all(texts[c] == 1 for c in comments[r]), r
    print(
        f"kill -9: {ROUNDS} rounds, {len(acked)} acknowledged submissions"
        f" ({sum(len(comments[r]) for r in acked)} ballots) all present once;"
        f" ({extra} of them acknowledged after the planned count, before the kill);"
        f" in-flight submissions committed before the kill: {len(unacked)} of {len(in_flight)}"
    )
