"""Executes each notebook once per test session (fast mode) and shares the outcome.

Each kernel runs inside a hosted session's memory limit (2 GiB, as mybinder.org) where this
machine lets the tests create a cgroup (root on cgroup v1, or a delegated v2 subtree); the
outcome records the kernel's peak resident memory either way, and says when the limit could not
be applied and why. Executed copies, HTML handouts, recorded results and memory profiles
(<notebook>.memory.json) are kept in build/test-notebooks/ for inspection.
"""
from __future__ import annotations

from pathlib import Path

import pytest

import series
from session_limits import HOSTED_MEMORY

OUT = Path(__file__).resolve().parents[2] / "build" / "test-notebooks"
_outcomes: dict[str, series.Outcome] = {}


def run_notebook(prefix: str) -> series.Outcome:
    """The fast-mode outcome of the notebook whose name starts with `prefix`."""
    matches = [p for p in series.notebooks() if p.name.startswith(prefix)]
    assert len(matches) == 1, f"expected one notebook starting with {prefix!r}, found {matches}"
    path = matches[0]
    if path.name not in _outcomes:
        _outcomes[path.name] = series.execute(path, OUT, mode="fast", cell_timeout=900,
                                              memory_bytes=HOSTED_MEMORY)
    return _outcomes[path.name]


@pytest.fixture(scope="session")
def notebook_outcome():
    return run_notebook
