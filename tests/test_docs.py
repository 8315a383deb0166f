"""The examples in docs/ANALYTICS.md run, so the notebook guide stays true."""

import doctest
from pathlib import Path

DOC = Path(__file__).resolve().parents[1] / "docs" / "ANALYTICS.md"


def test_analytics_guide_examples_run() -> None:
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    result = doctest.testfile(str(DOC), module_relative=False, optionflags=flags, verbose=False)
    assert result.attempted > 20
    assert result.failed == 0
