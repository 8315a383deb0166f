"""The examples in docs/ANALYTICS.md run, and docs/ANONYMITY.md and docs/SECURITY.md name only
tests that exist."""

import doctest
import re
from pathlib import Path

DOC = Path(__file__).resolve().parents[1] / "docs" / "ANALYTICS.md"


def test_analytics_guide_examples_run() -> None:
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    result = doctest.testfile(str(DOC), module_relative=False, optionflags=flags, verbose=False)
    assert result.attempted > 20
    assert result.failed == 0


ANONYMITY = DOC.with_name("ANONYMITY.md")
TEST_REF = re.compile(r"`(tests/[\w/]+\.py)(?:::(\w+))?`")


def _names_tests_that_exist(doc: Path, unclaimed: tuple[str, ...]) -> None:
    """Each test reference of ``doc`` names a test file (and function) that is really there, and
    every section of claims (all but those starting with ``unclaimed``) names at least one."""
    text = doc.read_text(encoding="utf-8")
    refs = TEST_REF.findall(text)
    assert len(refs) > 20
    root = DOC.parents[1]
    for path, func in refs:
        source = (root / path).read_text(encoding="utf-8")
        assert "def test_" in source or not Path(path).name.startswith("test_"), path
        if func:
            assert re.search(rf"^def {func}\(", source, re.M), f"{path}::{func}"
    sections = re.split(r"^## ", text, flags=re.M)[1:]
    claims = [s for s in sections if not s.startswith(unclaimed)]
    assert all(TEST_REF.search(s) for s in claims), [s.splitlines()[0] for s in claims]


def test_every_anonymity_claim_names_a_test_that_exists() -> None:
    """docs/ANONYMITY.md promises nothing without a test."""
    _names_tests_that_exist(ANONYMITY, ("What is NOT", "The demo world"))


def test_every_security_claim_names_a_test_that_exists() -> None:
    """docs/SECURITY.md likewise (the production steps, known limits and reporting aside)."""
    _names_tests_that_exist(DOC.with_name("SECURITY.md"), ("Running", "Known", "Reporting"))
