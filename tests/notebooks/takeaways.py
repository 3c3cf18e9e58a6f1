"""A notebook's takeaways are markdown (the cell tagged `takeaways`), so a cleared notebook still
has them; each claim they make is held against the numbers of the run by the notebook's test file.

A test file lists its claims as (words, check): the words must stand in the takeaways verbatim,
and the check must hold on the run's results. Rewording a claim therefore means rewording its
check, and a claim the numbers stop supporting fails the tests.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable

import nbformat

Claim = tuple[str, Callable[[dict], bool]]


def tagged(nb, tag: str) -> list:
    return [c for c in nb.cells if tag in c.get("metadata", {}).get("tags", [])]


def takeaways_text(notebook: Path) -> str:
    cells = tagged(nbformat.read(notebook, as_version=4), "takeaways")
    assert len(cells) == 1 and cells[0].cell_type == "markdown", \
        f"{notebook.name}: expected one markdown cell tagged 'takeaways'"
    return cells[0].source


def assert_claims_hold(notebook: Path, results: dict, claims: Iterable[Claim]) -> None:
    text = " ".join(takeaways_text(notebook).split())
    failed = []
    for words, check in claims:
        if " ".join(words.split()) not in text:
            failed.append(f"not in the takeaways any more: {words!r}")
        elif not check(results):
            failed.append(f"the run does not support: {words!r}")
    assert not failed, "\n".join(failed)
