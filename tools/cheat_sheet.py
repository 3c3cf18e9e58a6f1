#!/usr/bin/env python3
"""The DJL cheat sheet (docs/djl-cheat-sheet.md): its pointers, and its printable HTML.

Each idiom in the markdown ends with a line

    *First in:* [01](../notebooks/01-the-identity-mapping.ipynb) §2, code cell 1 <!-- find: \\.attach\\( -->

The regular expression in the comment is searched for in the notebooks' code cells (notebooks
in order, cells in order); the text before it names where it first matches: the notebook, its
section (the `## N.` heading above the cell, or the heading's name when it has no number) and
the code cell's place within that section, counted from 1.

    python3 tools/cheat_sheet.py            the printable page: build/cheat-sheet/djl-cheat-sheet.html
                                            (A4, self-contained: no network, no CDN, no script)
    python3 tools/cheat_sheet.py --write    rewrite the pointers in the markdown
    python3 tools/cheat_sheet.py --check    exit 1 if a pointer is stale or a pattern matches nothing
"""
from __future__ import annotations

import argparse
import html
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from notebook_facts import NOTEBOOKS, notebooks, source

ROOT = Path(__file__).resolve().parent.parent
SHEET = ROOT / "docs" / "djl-cheat-sheet.md"
OUT = ROOT / "build" / "cheat-sheet" / "djl-cheat-sheet.html"

POINTER_LINE = re.compile(r"^(\*First in:\*) (.*?) ?<!-- find: (.+?) -->\s*$", re.M)


@dataclass(frozen=True)
class Pointer:
    notebook: str        # file name
    cell: int            # index in the notebook
    section: str         # "§2", "Set-up", "Exercises"
    code_cell: int       # the code cell's place in its section, from 1

    def markdown(self) -> str:
        return f"[{self.notebook[:2]}](../notebooks/{self.notebook}) {self.section}, code cell {self.code_cell}"


def section_label(heading: str) -> str:
    title = heading.lstrip("#").strip()
    number = re.match(r"(\d+)\.", title)
    return f"§{number.group(1)}" if number else title.split(" · ")[0].strip()


def find(pattern: str, folder: Path = NOTEBOOKS) -> Pointer | None:
    """Where `pattern` first matches a code cell of the notebooks."""
    regex = re.compile(pattern)
    for path in notebooks(folder):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        section, ordinal = "top", 0
        for i, cell in enumerate(cells):
            if cell["cell_type"] == "markdown":
                h2 = [line for line in source(cell).splitlines() if re.match(r"##\s", line)]
                if h2:
                    section, ordinal = section_label(h2[-1]), 0
                continue
            if cell["cell_type"] != "code":
                continue
            ordinal += 1
            if regex.search(source(cell)):
                return Pointer(path.name, i, section, ordinal)
    return None


def pointers(text: str) -> list[tuple[str, str, Pointer | None]]:
    """(the pointer as written, its pattern, where the pattern first matches) per idiom."""
    return [(m.group(2), m.group(3), find(m.group(3))) for m in POINTER_LINE.finditer(text)]


def rewrite(text: str) -> str:
    def one(m):
        found = find(m.group(3))
        if found is None:
            raise ValueError(f"the pattern {m.group(3)!r} matches no code cell of the notebooks")
        return f"{m.group(1)} {found.markdown()} <!-- find: {m.group(3)} -->"
    return POINTER_LINE.sub(one, text)


CSS = """
@page { size: A4; margin: 9mm 10mm; }
* { box-sizing: border-box; }
body { font: 7.6pt/1.28 "DejaVu Sans", "Helvetica", "Arial", sans-serif; color: #111; margin: 0; }
h1 { font-size: 12pt; margin: 0 0 1.5mm; }
body > p { margin: 0 0 2mm; color: #333; }
main { column-count: 2; column-gap: 6mm; }
section { break-inside: avoid; page-break-inside: avoid; margin: 0 0 2.2mm; }
h3 { font-size: 8.6pt; margin: 0 0 0.8mm; border-bottom: 0.4pt solid #999; }
pre { font: 6.9pt/1.22 "DejaVu Sans Mono", "Courier New", monospace; background: #f3f3f3;
      padding: 1mm 1.4mm; margin: 0.6mm 0; white-space: pre-wrap; }
code { font-family: "DejaVu Sans Mono", "Courier New", monospace; }
section p { margin: 0.5mm 0; }
a { color: inherit; text-decoration: none; }
.first { color: #444; font-style: italic; }
@media screen { body { max-width: 190mm; margin: 8mm auto; } }
"""


def render(text: str) -> str:
    """The sheet as one HTML page: inline CSS, no script, nothing fetched from anywhere."""
    import mistune   # installed with nbconvert (environment.yml pins nbconvert)

    body = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    # The pointers are for the screen (links into notebooks/); on paper, the words are enough.
    body = re.sub(r"\[(\d\d)\]\([^)]*\)", r"\1", body)
    parts = re.split(r"(?m)^(?=### )", body)
    to_html = mistune.create_markdown(escape=True)
    head = to_html(parts[0])
    sections = []
    for part in parts[1:]:
        piece = to_html(part)
        piece = piece.replace("<p><em>First in:</em>", '<p class="first"><em>First in:</em>')
        sections.append(f"<section>\n{piece}</section>")
    title = re.search(r"^# (.+)$", text, re.M)
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{html.escape(title.group(1) if title else 'DJL cheat sheet')}</title>\n"
            f"<style>{CSS}</style>\n</head>\n<body>\n{head}<main>\n" + "\n".join(sections)
            + "\n</main>\n</body>\n</html>\n")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true", help="rewrite the pointers in the markdown")
    parser.add_argument("--check", action="store_true", help="exit 1 if a pointer is stale")
    parser.add_argument("--out", type=Path, default=OUT, help="where to write the HTML")
    args = parser.parse_args(argv)
    text = SHEET.read_text(encoding="utf-8")
    if args.write:
        new = rewrite(text)
        SHEET.write_text(new, encoding="utf-8")
        print(f"{'rewrote' if new != text else 'unchanged:'} the pointers in {SHEET}")
        return 0
    stale = [(written, pattern, found) for written, pattern, found in pointers(text)
             if found is None or found.markdown() != written]
    for written, pattern, found in stale:
        print(f"stale pointer for {pattern!r}: says {written!r}, "
              f"{'matches nothing' if found is None else 'first match: ' + found.markdown()}", file=sys.stderr)
    if args.check:
        if not stale:
            print(f"{SHEET}: every pointer is up to date")
        return 1 if stale else 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(render(text), encoding="utf-8")
    print(f"wrote {args.out} (print it on A4)"
          + (f"; {len(stale)} stale pointer(s): run python3 tools/cheat_sheet.py --write" if stale else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
