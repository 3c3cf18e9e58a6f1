#!/usr/bin/env python3
"""What a workshop needs to know about each notebook, read from the notebooks themselves.

For every notebook in notebooks/ this finds:
- the words of prose a learner reads: the markdown cells up to and including the takeaways
  (the references and the "For the tests" note after them are left out), LaTeX commands and
  link targets not counted;
- the exercises (cells tagged `exercise-<id>`), each with its kind: `experiment` (the kit checks
  it with `Exercises.experiment`: change, run, type the number), `code` (the learner writes a
  method, a lambda, a block or an NDArray expression) or `by hand` (a number worked out on paper);
- the compute time the notebook states for a 2-core laptop ("*Runs in about N minutes on a 2-core
  laptop (fast mode: M)*"), in default and in fast mode;
- the compute time of the committed run, from the cells' execution times in the notebook's
  metadata, with the mode and (for 06) the plan that run used, and the session it ran in (the
  device report's "This session" line);
- the takeaways cell's text.

Standard library only: `python3 tools/notebook_facts.py` prints the table.
"""
from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
KIT_SOURCES = ROOT / "kit" / "src" / "main" / "java" / "org" / "resnetnotebooks" / "kit"

EXERCISE_TAG = "exercise-"
PRIMITIVES = {"double", "float", "int", "long", "boolean", "short", "byte", "char"}
# A word: letters or digits, with inner apostrophes, hyphens, points or commas (93.61, 1,024, it's).
WORD = re.compile(r"[^\W_]+(?:[’'.,\-][^\W_]+)*")
STATED = re.compile(r"Runs in about ([\d.]+) minutes? on a 2-core laptop(.*?)\*", re.S)
STATED_FAST = re.compile(r"fast mode: (the same|about ([\d.]+))")


@dataclass
class Exercise:
    id: str
    kind: str        # "by hand", "code" or "experiment"
    cell: int        # index of the learner's cell
    title: str       # the heading's title after "Exercise NN.N ·", or ""


@dataclass
class NotebookFacts:
    path: Path
    title: str
    words: int                      # prose read, up to and including the takeaways
    takeaway_words: int
    takeaways: str                  # the takeaways cell's markdown
    takeaways_cell: int | None
    exercises: list[Exercise] = field(default_factory=list)
    stated_minutes: float | None = None        # default mode, 2-core laptop (the notebook says)
    stated_fast_minutes: float | None = None   # fast mode, 2-core laptop (the notebook says)
    measured_minutes: float | None = None      # the committed run: sum of its cells' times
    measured_mode: str | None = None           # "full" or "fast", from the set-up cell's output
    measured_plan: str | None = None           # notebook 06: "train" or "shipped"
    session: str | None = None                 # the device report's "This session ..." line

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def number(self) -> str:
        return self.path.name[:2]

    @property
    def short_title(self) -> str:
        """The title without its number and without the question after a colon."""
        return re.sub(r"^\d\d\s*·\s*", "", self.title).split(":")[0].strip()


def count_words(markdown: str) -> int:
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", markdown)       # pictures: looked at, not read
    text = re.sub(r"\]\([^)]*\)", "] ", text)                   # link targets
    text = re.sub(r"<[^>]+>", " ", text)                        # HTML tags
    text = re.sub(r"\\[A-Za-z]+", " ", text)                    # LaTeX commands (\frac, \partial)
    return len(WORD.findall(text))


def source(cell) -> str:
    s = cell.get("source", "")
    return "".join(s) if isinstance(s, list) else s


def tags(cell) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def experiment_ids() -> set[str]:
    """Exercises the kit checks as experiments (`Exercises.experiment("01.3", ...)`)."""
    found = set()
    for f in KIT_SOURCES.glob("Checks*.java"):
        found.update(re.findall(r'Exercises\.experiment\(\s*"(\d\d\.\d+)"', f.read_text(encoding="utf-8")))
    return found


def exercise_kind(exercise_id: str, placeholder: str, experiments: set[str]) -> str:
    if exercise_id in experiments:
        return "experiment"
    code = re.sub(r"//[^\n]*", "", placeholder)
    declares_method = re.search(r"\)\s*\{", code) is not None
    first_type = re.match(r"\s*([\w.<>, ]+?)\s+\w+\s*=", code)
    object_type = first_type is not None and first_type.group(1).strip() not in PRIMITIVES
    if declares_method or object_type or "your code" in placeholder:
        return "code"
    return "by hand"


def exercise_title(markdown_before: str, exercise_id: str) -> str:
    m = re.search(r"Exercise " + re.escape(exercise_id) + r"\b\s*(?:·\s*([^\n*]+))?", markdown_before)
    return (m.group(1) or "").strip() if m else ""


def cell_seconds(cell) -> float:
    e = cell.get("metadata", {}).get("execution") or {}
    start, end = e.get("iopub.execute_input"), e.get("shell.execute_reply")
    if not start or not end:
        return 0.0
    parse = lambda s: datetime.fromisoformat(s.replace("Z", "+00:00"))
    return max(0.0, (parse(end) - parse(start)).total_seconds())


def outputs_text(cell) -> str:
    parts = []
    for out in cell.get("outputs", []):
        if "text" in out:
            parts.append(source({"source": out["text"]}))
        plain = out.get("data", {}).get("text/plain")
        if plain:
            parts.append(source({"source": plain}))
    return "\n".join(parts)


def read(path: Path, experiments: set[str] | None = None) -> NotebookFacts:
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = nb["cells"]
    experiments = experiment_ids() if experiments is None else experiments
    title = source(cells[0]).splitlines()[0].lstrip("# ").strip() if cells else path.stem
    words = takeaway_words = 0
    takeaways, takeaways_cell = "", None
    exercises = []
    seconds, timed = 0.0, False
    everything = []
    for i, cell in enumerate(cells):
        text = source(cell)
        if cell["cell_type"] == "markdown":
            everything.append(text)
            if takeaways_cell is None:
                words += count_words(text)
            if "takeaways" in tags(cell):
                takeaways, takeaways_cell = text, i
                takeaway_words = count_words(text)
        for tag in tags(cell):
            if tag.startswith(EXERCISE_TAG):
                eid = tag[len(EXERCISE_TAG):]
                before = "\n".join(source(c) for c in cells[max(0, i - 3):i] if c["cell_type"] == "markdown")
                exercises.append(Exercise(eid, exercise_kind(eid, text, experiments), i,
                                          exercise_title(before, eid)))
        if cell["cell_type"] == "code" and cell.get("metadata", {}).get("execution"):
            seconds += cell_seconds(cell)
            timed = True
    facts = NotebookFacts(path=path, title=title, words=words, takeaway_words=takeaway_words,
                          takeaways=takeaways, takeaways_cell=takeaways_cell, exercises=exercises)
    stated = STATED.search("\n".join(everything))
    if stated:
        facts.stated_minutes = float(stated.group(1))
        fast = STATED_FAST.search(stated.group(2))
        if fast:
            facts.stated_fast_minutes = facts.stated_minutes if fast.group(1) == "the same" else float(fast.group(2))
    if timed:
        facts.measured_minutes = seconds / 60
    printed = "\n".join(outputs_text(c) for c in cells if c["cell_type"] == "code")
    if "Full mode: the sizes the text talks about" in printed:
        facts.measured_mode = "full"
    elif "Fast mode (RESNET_MODE=fast)" in printed:
        facts.measured_mode = "fast"
    if "Loaded the shipped model" in printed:
        facts.measured_plan = "shipped"
    elif re.search(r"Plan: train\b", printed):
        facts.measured_plan = "train"
    session = re.search(r"^This session (.+)$", printed, re.M)
    if session:
        facts.session = session.group(1).strip()
    return facts


def notebooks(folder: Path = NOTEBOOKS) -> list[Path]:
    return sorted(p for p in folder.glob("*.ipynb") if not p.name.startswith("."))


def read_all(folder: Path = NOTEBOOKS) -> list[NotebookFacts]:
    experiments = experiment_ids()
    return [read(p, experiments) for p in notebooks(folder)]


def first_session(facts: list[NotebookFacts]) -> str | None:
    return next((f.session for f in facts if f.session), None)


def main(argv=None) -> int:
    facts = read_all()
    rows = [("notebook", "words", "exercises", "laptop min (fast)", "committed run min")]
    for f in facts:
        kinds = ", ".join(f"{e.id} {e.kind}" for e in f.exercises) or "-"
        stated = "-" if f.stated_minutes is None else f"{f.stated_minutes:g} ({f.stated_fast_minutes:g})"
        measured = "-" if f.measured_minutes is None else \
            f"{f.measured_minutes:.1f} {f.measured_mode or ''} {f.measured_plan or ''}".strip()
        rows.append((f.name, str(f.words), kinds, stated, measured))
    for r in rows:
        print(" | ".join(r))
    print(f"total: {sum(f.words for f in facts)} words, {sum(len(f.exercises) for f in facts)} exercises;"
          f" committed run's session: {first_session(facts)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
