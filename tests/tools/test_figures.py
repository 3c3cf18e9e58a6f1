"""The diagrams in notebooks/figures/ are small, self-contained SVG files that every viewer draws
the same way (no scripts, no external files, a white background for dark themes, a text
description for screen readers), and each one is shown by a notebook that finds it."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
NOTEBOOKS = ROOT / "notebooks"
FIGURES = sorted((NOTEBOOKS / "figures").glob("*.svg"))
SVG = "{http://www.w3.org/2000/svg}"
MAX_BYTES = 20_000
# A figure path in a markdown cell: ![alt](figures/x.svg) or <img src="figures/x.svg">.
REFERENCE = re.compile(r"""figures/[^)\s"'>]+""")


def _markdown_references() -> dict[str, list[str]]:
    """figures/... path -> the notebooks whose markdown cells show it."""
    found: dict[str, list[str]] = {}
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "markdown":
                source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
                for ref in REFERENCE.findall(source):
                    found.setdefault(ref, []).append(path.name)
    return found


def test_there_are_figures():
    assert len(FIGURES) >= 5, [p.name for p in FIGURES]


@pytest.mark.parametrize("path", FIGURES, ids=[p.stem for p in FIGURES])
def test_figure_is_a_small_self_contained_svg(path):
    assert path.stat().st_size < MAX_BYTES, f"{path.name}: {path.stat().st_size} bytes"
    root = ET.parse(path).getroot()       # raises if it is not well-formed XML
    assert root.tag == f"{SVG}svg"
    view_box = root.get("viewBox")
    assert view_box, "no viewBox: the figure would not scale"
    _, _, width, height = (float(v) for v in view_box.replace(",", " ").split())

    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and title.text and title.text.strip(), "no <title>"
    assert desc is not None and desc.text and len(desc.text.split()) >= 8, "no one-sentence <desc>"

    # A white rectangle under everything: on a dark theme black lines would otherwise vanish.
    backgrounds = [r for r in root.iter(f"{SVG}rect")
                   if r.get("fill", "").lower() in ("#fff", "#ffffff", "white")
                   and float(r.get("x", 0)) <= 0 and float(r.get("y", 0)) <= 0
                   and float(r.get("width", 0)) >= width and float(r.get("height", 0)) >= height]
    assert backgrounds, "no white background rectangle covering the viewBox"

    for element in root.iter():
        tag = element.tag.replace(SVG, "")
        assert tag not in ("script", "foreignObject", "image"), f"<{tag}> in {path.name}"
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), f"event handler {name} in {path.name}"
            if name.endswith("href"):
                assert value.startswith("#"), f"external reference {value!r} in {path.name}"
            for target in re.findall(r"url\(\s*['\"]?([^)'\"]*)", value):
                assert target.startswith("#"), f"external reference url({target}) in {path.name}"
            if name == "font-size":
                assert float(value.removesuffix("px")) >= 13, f"text of {value} px in {path.name}"
    assert "@import" not in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", FIGURES, ids=[p.stem for p in FIGURES])
def test_figure_is_shown_by_a_notebook(path):
    references = _markdown_references()
    assert f"figures/{path.name}" in references, f"no notebook's markdown shows figures/{path.name}"


def test_every_figure_a_notebook_shows_exists():
    missing = {ref: names for ref, names in _markdown_references().items() if not (NOTEBOOKS / ref).is_file()}
    assert not missing, f"notebooks show figures that do not exist: {missing}"
