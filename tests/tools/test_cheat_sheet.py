"""docs/djl-cheat-sheet.md: every idiom points at the notebook cell where it first appears (so the
pointers cannot go stale), and its printable HTML needs no network and fits one A4 page."""
from __future__ import annotations

import re
import subprocess

import pytest

import cheat_sheet

IDIOMS = ["NDManager", "Shape", "scope", "attach", "duplicate", "In-place", "GradientCollector",
          "ParameterStore", "children"]   # what the sheet must cover (issue 15)


@pytest.fixture(scope="module")
def text():
    return cheat_sheet.SHEET.read_text(encoding="utf-8")


def test_every_idiom_points_where_it_first_appears(text):
    found = cheat_sheet.pointers(text)
    headings = re.findall(r"^### ", text, re.M)
    assert len(found) == len(headings) >= 10, "each idiom ends with one '*First in:*' line"
    for written, pattern, pointer in found:
        assert pointer is not None, f"{pattern!r} matches no code cell of the notebooks"
        assert written == pointer.markdown(), (
            f"stale pointer for {pattern!r}: run python3 tools/cheat_sheet.py --write")


def test_the_idioms_come_in_the_order_a_learner_meets_them(text):
    places = [(p.notebook, p.cell) for _, _, p in cheat_sheet.pointers(text)]
    assert places == sorted(places)


def test_the_sheet_covers_the_idioms_the_notebooks_use(text):
    headings = " ".join(re.findall(r"^### (.+)$", text, re.M))
    for idiom in IDIOMS:
        assert idiom in headings, f"no section on {idiom}"


def test_a_pointer_names_the_section_and_its_code_cell(tmp_path):
    nb = ('{"cells": ['
          '{"cell_type": "markdown", "source": "## Set-up"}, {"cell_type": "code", "source": "int a;"},'
          '{"cell_type": "markdown", "source": "Text.\\n\\n## 2. Second"}, {"cell_type": "code", "source": "x.muli(2);"},'
          '{"cell_type": "markdown", "source": "### A subsection"}, {"cell_type": "code", "source": "y.attach(sub);"}'
          '], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}')
    (tmp_path / "09-test.ipynb").write_text(nb)
    assert cheat_sheet.find(r"int a", tmp_path) == cheat_sheet.Pointer("09-test.ipynb", 1, "Set-up", 1)
    assert cheat_sheet.find(r"\.attach\(", tmp_path) == cheat_sheet.Pointer("09-test.ipynb", 5, "§2", 2)
    assert cheat_sheet.find(r"nowhere", tmp_path) is None


def test_the_printable_page_is_self_contained(text, tmp_path):
    page = cheat_sheet.render(text)
    assert "@page { size: A4" in page
    assert "<script" not in page and "<link" not in page and "@import" not in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page), "the page fetches something"
    assert "url(" not in page
    assert "<!--" not in page and "find:" not in page
    for heading in re.findall(r"^### (.+)$", text, re.M):
        assert f"<h3>{heading.replace('&', '&amp;')}</h3>" in page.replace("&#x27;", "'")
    assert page.count("<section>") == len(re.findall(r"^### ", text, re.M))
    assert page.count('class="first"') == page.count("<section>")


def test_the_printable_page_fits_one_a4_sheet(text, tmp_path):
    """Printed by Chromium (as a browser would print it): one page."""
    from lab import require_chromium
    browser = require_chromium()
    page = tmp_path / "sheet.html"
    page.write_text(cheat_sheet.render(text), encoding="utf-8")
    pdf = tmp_path / "sheet.pdf"
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", page.as_uri()], check=True, capture_output=True, timeout=120)
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes()))
    assert pages == 1, f"the cheat sheet prints on {pages} pages"
