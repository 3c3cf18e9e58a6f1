"""The kit's map (kit/README.md) names every class of the kit, the package documentation does too,
and the project's README links to the map: a newcomer finds a class by its concern."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KIT = ROOT / "kit" / "src" / "main" / "java" / "org" / "resnetnotebooks" / "kit"


def kit_classes() -> set[str]:
    return {p.stem for p in KIT.glob("*.java") if p.stem != "package-info"}


def named(text: str) -> set[str]:
    """The class names a text mentions; "Checks01 … Checks07" counts for the seven."""
    names = set(re.findall(r"\b[A-Z][A-Za-z0-9]+\b", text))
    if re.search(r"Checks01.{0,12}….{0,12}Checks07", text):
        names |= {f"Checks0{i}" for i in range(1, 8)}
    return names


def test_the_map_names_every_class():
    missing = kit_classes() - named((ROOT / "kit" / "README.md").read_text(encoding="utf-8"))
    assert not missing, f"kit/README.md does not place: {sorted(missing)}"


def test_the_package_documentation_names_every_class():
    missing = kit_classes() - named((KIT / "package-info.java").read_text(encoding="utf-8"))
    assert not missing, f"package-info.java does not place: {sorted(missing)}"


def test_the_readme_links_to_the_map():
    assert "](kit/README.md)" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_notebooks_keep_one_import_line():
    for nb in sorted((ROOT / "notebooks").glob("*.ipynb")):
        text = nb.read_text(encoding="utf-8")
        assert "import org.resnetnotebooks.kit.*;" in text, nb.name
        assert not re.search(r"import org\.resnetnotebooks\.kit\.\w+\.", text), f"{nb.name}: a sub-package import"
