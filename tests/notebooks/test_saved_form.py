"""The committed notebooks are stored as JupyterLab saves them (opening and saving one changes
nothing) and their outputs carry no path of the machine they ran on."""
from __future__ import annotations

import re

import nbformat
import pytest

import series
from saved_charts import PLOTLY_MIME

NOTEBOOKS = series.notebooks()
MACHINE_PATH = re.compile(r"(?<![\w.])(/work/|/root/|/home/\w|/tmp/|/Users/\w|[A-Z]:\\\\Users)")


def output_texts(cell):
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            yield out["text"]
        for mime, value in out.get("data", {}).items():
            if mime.startswith("text/") and isinstance(value, str):
                yield value
        if out.get("output_type") == "error":
            yield out.get("evalue", "")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_stored_as_jupyterlab_saves_it(path):
    text = path.read_text(encoding="utf-8")
    nb = nbformat.reads(text, as_version=4)
    nbformat.validate(nb)
    for i, cell in enumerate(nb.cells):
        outs = cell.get("outputs", [])
        for a, b in zip(outs, outs[1:]):
            assert not (a.output_type == b.output_type == "stream" and a.name == b.name), \
                f"cell {i}: two consecutive {a.name} outputs (JupyterLab would merge them on save)"
    assert nbformat.writes(nb) + "\n" == text or nbformat.writes(nb) == text, \
        "not in nbformat's canonical form: save it from JupyterLab, or bin/series --update-notebooks"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_outputs_carry_no_machine_paths(path):
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        for text in output_texts(cell):
            m = MACHINE_PATH.search(text)
            assert m is None, f"cell {i}: {text[max(0, m.start() - 60):m.end() + 60]!r}"


MAX_NOTEBOOK_BYTES = 500_000


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_small_enough_to_open_and_review(path):
    size = path.stat().st_size
    assert size <= MAX_NOTEBOOK_BYTES, \
        f"{path.name} is {size:,} bytes (limit {MAX_NOTEBOOK_BYTES:,}): which output is large? (plotly.js in an output?)"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_chart_draws_without_scripts(path):
    """Each chart: plotly JSON (JupyterLab draws it, trusted or not), a picture (GitHub and other
    script-less viewers show it) and a line of text; no output carries a script."""
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            assert "<script" not in str(data.get("text/html", "")), f"cell {i}: an output needs a script"
            if PLOTLY_MIME in data:
                assert "image/png" in data, f"cell {i}: a chart without its picture"
                assert data["text/plain"].startswith("Chart: "), f"cell {i}: {data['text/plain'][:80]!r}"
