"""Executes each notebook once per test session (fast mode) and shares the outcome.

Executed copies, HTML handouts and recorded results are kept in
build/test-notebooks/ for inspection.
"""
from __future__ import annotations

from pathlib import Path

import pytest

import series

OUT = Path(__file__).resolve().parents[2] / "build" / "test-notebooks"
_outcomes: dict[str, series.Outcome] = {}


def run_notebook(prefix: str) -> series.Outcome:
    """The fast-mode outcome of the notebook whose name starts with `prefix`."""
    matches = [p for p in series.notebooks() if p.name.startswith(prefix)]
    assert len(matches) == 1, f"expected one notebook starting with {prefix!r}, found {matches}"
    path = matches[0]
    if path.name not in _outcomes:
        _outcomes[path.name] = series.execute(path, OUT, mode="fast", cell_timeout=900)
    return _outcomes[path.name]


@pytest.fixture(scope="session")
def notebook_outcome():
    return run_notebook
