"""The runner's summary shows the failing cell's own message, not the last frame of a stack."""
from __future__ import annotations

import nbformat
import pytest

import series

pytestmark = pytest.mark.notebook


def test_a_failing_cell_is_summarised_by_its_message(tmp_path):
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "java", "language": "java", "display_name": "Java"}})
    nb.cells = [nbformat.v4.new_code_cell('int x = 1;'),
                nbformat.v4.new_code_cell('throw new IllegalStateException("plan must be train or shipped");')]
    path = tmp_path / "broken.ipynb"
    nbformat.write(nb, path)
    outcome = series.execute(path, tmp_path / "out", mode="fast")
    assert outcome.status == "error"
    assert outcome.error.startswith("cell 1: ")
    assert "IllegalStateException" in outcome.error and "plan must be train or shipped" in outcome.error, outcome.error
    assert ".java:" not in outcome.error, "no stack frame in the summary"
    assert "plan must be train or shipped" in series.summary_table([outcome])
