"""Every notebook in notebooks/ runs top to bottom on the Java kernel, fast mode.

New notebooks are picked up automatically (parametrised over the folder).
"""
from __future__ import annotations

import nbformat
import pytest

import series
from session_limits import GIB

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


# A hosted session has 2 GiB; the Jupyter server and the browser's kernel connection need some of
# it, so each kernel must stay below 1.5 GiB resident (issue: hosted-session limits).
PEAK_BUDGET = 1.5 * GIB


@pytest.mark.notebook
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_kernel_fits_a_hosted_session(path, notebook_outcome):
    outcome = notebook_outcome(path.name[:3])
    if "NOT applied" in outcome.limits:
        pytest.skip(f"the 2 GiB limit could not be applied here ({outcome.limits}); peak measured "
                    f"without it: {outcome.peak_gib:.2f} GiB")
    top = sorted(outcome.memory_by_cell or [], key=lambda c: c[1], reverse=True)[:3]
    growth = ", ".join(f"cell {i}: {now / GIB:.2f} GiB" for i, now, _ in top)
    assert outcome.peak_bytes > 100 * 1024 * 1024, "the peak was not measured (no kernel process seen)"
    assert outcome.peak_bytes <= PEAK_BUDGET, (
        f"{path.name}: the kernel peaked at {outcome.peak_gib:.2f} GiB resident, above the "
        f"{PEAK_BUDGET / GIB:.1f} GiB budget of a hosted session ({outcome.limits}); largest after "
        f"{growth} (profile: {outcome.executed.with_suffix('.memory.json')})")
