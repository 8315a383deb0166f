"""Benchmark: how survey-definition validation grows with the number of items.

The designer validates the definition being edited on every rerun, so validation must stay
linear in the size of the definition. A generated definition of ``n`` items (pages of 20 items:
likert, grade, single and multiple choice, matrix and text, every fifth item with a show_if on
a likert item of an earlier page) is validated three ways, in the same run:

- ``full``: every stage of :func:`survey_engine.definition_from_dict` run to its end whatever
  it finds - the raw walk (:func:`survey_engine.rawinput.inspect`), the model, the cross-field
  checks and caps (:func:`survey_engine.checks.check_survey`). This is the validation whose
  growth matters: ``s`` wall time, ``cpu s`` CPU time (steadier on a shared machine),
  ``us/item`` CPU microseconds per item, ``in gc s`` the part spent in CPython's garbage
  collections (a full collection scans every live object, the definition itself included, so
  their share grows with the size), ``peak MB`` the memory it allocates (tracemalloc);
- ``dict``: :func:`survey_engine.definition_from_dict` as the app calls it: over the item, page
  or value caps it stops early with those problems;
- ``text``: :func:`survey_engine.loads_definition` on the JSON text (parsing, and a text over
  the size cap is refused before it is parsed).

``problems`` counts what each reported (0: the definition is accepted). The last line compares
the growth of the ``full`` CPU time with linear growth (largest over smallest size).

Usage::

    .venv/bin/python bench/definition_validation.py                      # 1,000 10,000 100,000
    .venv/bin/python bench/definition_validation.py --sizes 1000 8000 16000
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from survey_engine import DefinitionError, definition_from_dict, loads_definition  # noqa: E402
from survey_engine.checks import check_survey  # noqa: E402
from survey_engine.model import Survey  # noqa: E402
from survey_engine.rawinput import inspect  # noqa: E402

PER_PAGE = 20


def T(zh: str, en: str) -> dict[str, str]:
    return {"zh": zh, "en": en}


def _item(k: int, on_first_page: bool) -> dict[str, Any]:
    kind = ("likert", "grade", "single_choice", "multiple_choice", "matrix", "text")[k % 6]
    item: dict[str, Any] = {"type": kind, "id": f"q{k}", "text": T(f"问题 {k}", f"Question {k}")}
    options = [{"id": f"o{j}", "label": T(f"选项{j}", f"Option {j}")} for j in range(4)]
    if kind in ("likert", "matrix"):
        item.update(scale="s5", dimension=f"d{k % 5}")
    if kind == "matrix":
        item["rows"] = [{"id": f"r{j}", "label": T(f"行{j}", f"Row {j}")} for j in range(3)]
    if kind in ("single_choice", "multiple_choice"):
        item["options"] = options
    if kind == "text":
        item["required"] = False
    if k % 5 == 0 and not on_first_page:
        base = k - PER_PAGE
        source = base - base % 6  # a likert item on an earlier page
        item.update(show_if=f"q{source} >= 3", required=False)
    return item


def definition(n_items: int) -> dict[str, Any]:
    """A valid bilingual definition of ``n_items`` items (apart from the item and page caps)."""
    pages = [
        {
            "id": f"p{p}",
            "title": T(f"第 {p + 1} 页", f"Page {p + 1}"),
            "items": [_item(k, p == 0) for k in range(p * PER_PAGE, (p + 1) * PER_PAGE)],
        }
        for p in range(max(1, n_items // PER_PAGE))
    ]
    return {
        "schema_version": 1,
        "id": "bench",
        "version": 1,
        "languages": ["zh", "en"],
        "title": T("基准", "Benchmark"),
        "rater_groups": ["superior", "peer", "subordinate"],
        "dimensions": [{"id": f"d{j}", "label": T(f"维度{j}", f"Dimension {j}")} for j in range(5)],
        "scales": [{"id": "s5", "min": 1, "max": 5}],
        "pages": pages,
    }


class _GcClock:
    """Seconds spent in CPython's garbage collections while active (``gc.callbacks``)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._start = 0.0

    def __call__(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._start


def validate_in_full(data: dict[str, Any]) -> int:
    """Every validation stage run to its end, caps or not; the number of problems found."""
    problems = inspect(data, "bench.json")
    survey = Survey.model_validate(data)
    return len(problems) + len(check_survey(survey, "bench.json"))


def _problems(call) -> int:
    try:
        call()
    except DefinitionError as err:
        return len(err.problems)
    return 0


def _timed(call) -> tuple[float, float, float, int]:
    """Wall seconds, CPU seconds, seconds in garbage collection, and the number of problems
    of ``call``; the heap is collected first."""
    gc.collect()
    clock = _GcClock()
    gc.callbacks.append(clock)
    start, cpu = time.perf_counter(), time.process_time()
    try:
        problems = call()
    finally:
        gc.callbacks.remove(clock)
    return time.perf_counter() - start, time.process_time() - cpu, clock.seconds, problems


def _peak_mb(call) -> float:
    tracemalloc.start()
    call()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1e6


def measure(n_items: int) -> dict[str, Any]:
    """The figures of one size (see the module docstring)."""
    data = definition(n_items)
    text = json.dumps(data, ensure_ascii=False)
    wall, cpu, gc_seconds, problems = _timed(lambda: validate_in_full(data))
    dict_seconds, *_, dict_problems = _timed(
        lambda: _problems(lambda: definition_from_dict(data, file="bench.json"))
    )
    text_seconds, *_, text_problems = _timed(
        lambda: _problems(lambda: loads_definition(text, file="bench.json"))
    )
    return {
        "n": n_items,
        "seconds": wall,
        "cpu": cpu,
        "gc_seconds": gc_seconds,
        "peak_mb": _peak_mb(lambda: validate_in_full(data)),
        "problems": problems,
        "dict_seconds": dict_seconds,
        "dict_problems": dict_problems,
        "text_mb": len(text) / 1e6,
        "text_seconds": text_seconds,
        "text_problems": text_problems,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    args = parser.parse_args()
    validate_in_full(definition(100))  # warm up: first calls fill caches and lazy imports
    rows = [measure(n) for n in args.sizes]
    print(f"definition validation, pages of {PER_PAGE} items, one run per size")
    print(
        f"{'':8} | {'full':^49} | {'dict':^16} | {'text':^24}\n"
        f"{'items':>8} | {'s':>7} {'cpu s':>7} {'us/item':>7} {'in gc s':>7} {'peak MB':>8}"
        f" {'problems':>8} | {'s':>7} {'problems':>8} | {'MB':>7} {'s':>7} {'problems':>8}"
    )
    for r in rows:
        print(
            f"{r['n']:>8,} | {r['seconds']:7.3f} {r['cpu']:7.3f} {r['cpu'] / r['n'] * 1e6:7.1f}"
            f" {r['gc_seconds']:7.3f} {r['peak_mb']:8.1f} {r['problems']:>8} |"
            f" {r['dict_seconds']:7.3f} {r['dict_problems']:>8} |"
            f" {r['text_mb']:7.1f} {r['text_seconds']:7.3f} {r['text_problems']:>8}"
        )
    first, last = rows[0], rows[-1]
    if len(rows) > 1:
        growth = last["n"] / first["n"]
        ratio = last["cpu"] / first["cpu"]
        own = (last["cpu"] - last["gc_seconds"]) / (first["cpu"] - first["gc_seconds"])
        print(
            f"full cpu time {last['n']:,} / {first['n']:,} items: x{ratio:.1f} against "
            f"x{growth:.0f} for linear growth (x{ratio / growth:.2f} of linear; "
            f"x{own / growth:.2f} without the time in garbage collection)"
        )


if __name__ == "__main__":
    main()
