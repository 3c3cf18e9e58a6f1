"""Every notebook ends the same way: its takeaways as markdown, then one cell (tagged
`record-results`) that writes the numbers for the tests. No teaching cell records anything, so the
code a learner reads is the lesson, not the test plumbing. (The check cells of the exercises record
through the kit's Exercises class; they are not teaching cells.)"""
from __future__ import annotations

import nbformat
import pytest

import series
from takeaways import tagged, takeaways_text

NOTEBOOKS = series.notebooks()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_the_takeaways_are_written_and_the_record_cell_comes_last(path):
    nb = nbformat.read(path, as_version=4)
    text = takeaways_text(path)
    assert text.count("\n- ") >= 3, f"{path.name}: the takeaways should be a short list of claims"
    assert "{" not in text and "%" not in text.replace(" %", ""), "takeaways are prose, not a format string"
    record = tagged(nb, "record-results")
    assert len(record) == 1 and record[0].cell_type == "code"
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    assert code_cells[-1] is record[0], f"{path.name}: the record cell must be the last code cell"
    assert "Results.batch()" in record[0].source and ".save()" in record[0].source
    for cell in code_cells[:-1]:
        assert "Results." not in cell.source, f"{path.name}: a teaching cell records results:\n{cell.source[:300]}"
    assert "Notebook.show(summary)" not in "".join(c.source for c in code_cells), "the summary is markdown now"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_claim_test_file_holds_this_notebooks_takeaways(path, root):
    """Each notebook's test file checks its takeaways against the numbers (assert_claims_hold)."""
    tests = list((root / "tests" / "notebooks").glob(f"test_{path.name[:2]}_*.py"))
    assert len(tests) == 1, f"one claims test file for {path.name}: {tests}"
    body = tests[0].read_text()
    assert "assert_claims_hold(" in body and "CLAIMS" in body, f"{tests[0].name} does not hold the takeaways"


def test_a_claim_fails_when_its_words_or_its_numbers_are_gone(tmp_path):
    from takeaways import assert_claims_hold
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_markdown_cell("## Takeaways\n\n- the deep net is more than 4× worse\n- x\n- y")
    cell.metadata["tags"] = ["takeaways"]
    nb.cells.append(cell)
    path = tmp_path / "nb.ipynb"
    nbformat.write(nb, path)
    assert_claims_hold(path, {"ratio": 5}, [("more than 4× worse", lambda r: r["ratio"] > 4)])
    with pytest.raises(AssertionError, match="does not support"):
        assert_claims_hold(path, {"ratio": 3}, [("more than 4× worse", lambda r: r["ratio"] > 4)])
    with pytest.raises(AssertionError, match="not in the takeaways"):
        assert_claims_hold(path, {"ratio": 5}, [("more than 5× worse", lambda r: r["ratio"] > 4)])
