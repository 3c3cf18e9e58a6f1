"""A handout is written to build/series/, not next to the notebooks, so the figures its markdown
shows (figures/*.svg, relative to notebooks/) are embedded in it as data: URIs."""
from __future__ import annotations

import base64
import re

import nbformat
import pytest

import handouts

FIGURE = "figures/plain-vs-residual.svg"


def _notebook(*markdown: str):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(text) for text in markdown]
    return nb


def test_a_markdown_figure_is_embedded_in_the_handout():
    svg = (handouts.NOTEBOOKS / FIGURE).read_bytes()
    html = handouts.export_html(_notebook(
        f"## The block\n\n![Plain block vs residual block]({FIGURE})\n\nThe shortcut adds x.",
        f'<img src="{FIGURE}" alt="the same, as HTML" width="400">',
        "![remote](https://example.org/a.png) ![inline](data:image/png;base64,iVBORw0KGgo=)"))
    embedded = re.findall(r'src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"', html)
    assert len(embedded) == 2, "both the markdown image and the <img> tag are embedded"
    assert all(base64.b64decode(data) == svg for data in embedded)
    assert 'alt="Plain block vs residual block"' in html
    assert not re.search(r"""src=["']figures/""", html), "a relative figure path is left in the handout"
    # URLs that work from any folder stay as they are.
    assert 'src="https://example.org/a.png"' in html
    assert 'src="data:image/png;base64,iVBORw0KGgo="' in html


def test_the_notebook_itself_is_not_changed():
    nb = _notebook(f"![figure]({FIGURE})")
    handouts.export_html(nb)
    assert nb.cells[0].source == f"![figure]({FIGURE})"


def test_a_missing_figure_is_an_error_that_names_it():
    with pytest.raises(FileNotFoundError, match=r"figures/no-such-figure\.svg"):
        handouts.export_html(_notebook("Text.", "![lost](figures/no-such-figure.svg)"))
