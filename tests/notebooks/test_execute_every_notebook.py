"""Every notebook in notebooks/ runs top to bottom on the Java kernel, fast mode.

New notebooks are picked up automatically (parametrised over the folder).
"""
from __future__ import annotations

import nbformat
import pytest

import series

NOTEBOOKS = series.notebooks()
# Lines that mean something went wrong even if the cell did not raise.
BAD_STDERR = ("Exception", "SLF4J(W)", "Offline mode is enabled", "Failed to download")


def test_there_are_notebooks():
    assert NOTEBOOKS, "notebooks/ has no .ipynb files"


@pytest.mark.notebook
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_without_errors(path, notebook_outcome):
    outcome = notebook_outcome(path.name[:3])
    assert outcome.status == "ok", f"{path.name} failed: {outcome.error} (see {outcome.executed})"
    nb = nbformat.read(outcome.executed, as_version=4)
    assert series.error_outputs(nb) == []
    assert series.stderr_with(nb, BAD_STDERR) == []
    assert outcome.html.stat().st_size > 10_000
