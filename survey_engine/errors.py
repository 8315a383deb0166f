"""Definition problems that say WHERE (file, JSON path, line/column) and WHAT."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from survey_engine.textsafe import shown


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a definition. ``path`` is a JSON path like ``$.pages[0].items[3]``."""

    file: str
    path: str
    message: str
    message_zh: str = ""
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}:{self.column}"
        return f"{where}: {self.path}: {self.message}"


class DefinitionError(ValueError):
    """The definition is invalid; ``problems`` lists every problem found."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems: list[Problem] = list(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in survey definition:\n{lines}")


def json_path(loc: Sequence[str | int]) -> str:
    """``("pages", 0, "items", 3)`` -> ``$.pages[0].items[3]``.

    A key from hostile input is shown safely: unstorable characters escaped, cut after 60
    characters (see :func:`survey_engine.textsafe.shown`).
    """
    out = "$"
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else f".{shown(part)}"
    return out
