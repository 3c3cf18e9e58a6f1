#!/usr/bin/env python3
"""Learner and instructor copies of the notebooks for a workshop (bin/workshop).

build/workshop/learner/     the notebooks as a learner starts them: every output and execution
                            count cleared, every exercise cell at its placeholder, and no line of
                            a reference solution anywhere (each is checked, the build fails
                            otherwise); figures/ and results/ beside them, as in notebooks/.
build/workshop/instructor/  the notebooks executed with the reference solutions of
                            instructor/solutions/ in their exercise cells, each check cell showing
                            "right" (checked; the build fails otherwise), with an HTML handout of
                            each and summary.md.

Open either with `bin/lab --dir build/workshop/learner` (or .../instructor).

    bin/workshop                  both (the instructor copies run every notebook: default mode,
                                  notebook 06 with the shipped model unless RESNET_PLAN says train)
    bin/workshop --learner        only the learner copies (seconds, no kernel); a copy that a
                                  learner has changed is kept unless --force
    bin/workshop --instructor     only the instructor copies
    bin/workshop --fast           the instructor copies in fast mode (numbers rough; for checks)
    bin/workshop --only 05        only the notebooks whose name contains "05"
"""
from __future__ import annotations

import argparse
import copy
import os
import re
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

import series

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "build" / "workshop"
BESIDE = ("figures", "results")          # folders the notebooks read from relative paths
SHIPPED_RECORD = ROOT / "data" / "models" / "resnet20-fashion-mnist" / "record.json"
MIN_LINE = 12                            # shorter solution lines ("}", "else {") say nothing


def normalise(line: str) -> str:
    return " ".join(line.split())


def exercise_tag(cell) -> str | None:
    for tag in cell.get("metadata", {}).get("tags", []):
        if tag.startswith(series.EXERCISE_TAG):
            return tag[len(series.EXERCISE_TAG):]
    return None


def split_comment(line: str) -> tuple[str, str]:
    """A Java line's code and its `//` comment (a `//` inside a string literal is code)."""
    quote = None
    i = 0
    while i < len(line):
        ch = line[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
        elif line.startswith("//", i):
            return line[:i].strip(), line[i:].strip()
        i += 1
    return line.strip(), ""


def pieces(source: str) -> list[str]:
    """A cell's lines as comparable pieces: each line's code and its comment, spaces normalised."""
    out = []
    for raw in source.splitlines():
        out += [normalise(p) for p in split_comment(raw) if p]
    return out


def answer_lines(solution: str, placeholder: str, teaching: set[str]) -> list[str]:
    """The pieces of a reference solution that are the answer: its lines' code and comments,
    leaving out what its learner cell already holds (an experiment's solution repeats the
    unchanged lines of its cell) and what the notebook's other cells teach anyway (also where
    they hold it inside a longer line)."""
    given = set(pieces(placeholder)) | teaching
    lines = []
    for piece in pieces(solution):
        if len(piece) >= MIN_LINE and piece not in lines and not any(piece in g for g in given):
            lines.append(piece)
    return lines


def strings(value) -> list[str]:
    """Every string inside a notebook's JSON: sources, outputs, metadata."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


def notebook_text(nb) -> str:
    """Everything a notebook holds, line by line with its spaces normalised."""
    return "\n".join(normalise(line) for piece in strings(nb) for line in piece.splitlines())


def solution_leaks(nb, solutions: dict[str, str], placeholders: dict[str, str], teaching: set[str]) -> list[str]:
    """Each answer piece of each solution that appears anywhere in the notebook (sources,
    outputs, metadata), and each exercise cell that holds its solution rather than a placeholder.
    `teaching`: the pieces of the notebook's code cells other than the exercise cells."""
    found = []
    text = notebook_text(nb)
    for exercise, solution in solutions.items():
        if pieces(placeholders.get(exercise, "")) == pieces(solution):
            found.append(f"exercise {exercise}: its cell holds the reference solution")
        for line in answer_lines(solution, placeholders.get(exercise, ""), teaching):
            if line in text:
                found.append(f"exercise {exercise}: solution line found: {line!r}")
    return found


def teaching_pieces(nb) -> set[str]:
    """The pieces of every code cell that is not an exercise cell: teaching code may use the
    same calls as an answer. Prose may not quote an answer, so markdown is not among them."""
    return {p for c in nb.cells if c.cell_type == "code" and not exercise_tag(c) for p in pieces(c.source)}


def learner_copy(nb):
    """The notebook cleared for a learner: no outputs, no execution counts or times."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cell.get("metadata", {}).pop("execution", None)
        cell.get("metadata", {}).pop("scrolled", None)
    return nb


@dataclass
class Built:
    notebook: str
    path: Path
    status: str = "ok"
    problems: list[str] = field(default_factory=list)
    minutes: float = 0.0
    verdicts: dict[str, str] = field(default_factory=dict)


def copy_beside(out: Path) -> None:
    for name in BESIDE:
        source = series.NOTEBOOKS / name
        if source.is_dir():
            shutil.rmtree(out / name, ignore_errors=True)
            shutil.copytree(source, out / name)


def build_learner(paths: list[Path], out: Path, force: bool = False) -> list[Built]:
    """Learner copies in `out`. A copy already there that differs from a fresh one holds a
    learner's work: it is kept (status "kept") unless `force`."""
    out.mkdir(parents=True, exist_ok=True)
    copy_beside(out)
    built = []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        copy_ = learner_copy(nb)
        placeholders = {exercise_tag(c): c.source for c in copy_.cells if exercise_tag(c)}
        solutions = series.load_solutions(path.stem)
        b = Built(path.name, out / path.name)
        missing = sorted(set(placeholders) - set(solutions))
        if missing:
            b.problems.append(f"no reference solution for {missing} to check against")
        b.problems += solution_leaks(copy_, solutions, placeholders, teaching_pieces(nb))
        fresh = nbformat.writes(copy_)
        if b.problems:
            b.status = "refused"
            if force or not b.path.exists():
                b.path.unlink(missing_ok=True)
        elif b.path.exists() and not force and b.path.read_text(encoding="utf-8") != fresh:
            b.status = "kept"
            b.problems.append("this copy has changed since it was made (a learner's work?): kept; "
                              "--force replaces it, --out elsewhere makes a fresh one beside it")
        else:
            series.write_atomically(b.path, fresh)
        built.append(b)
    return built


def check_verdicts(nb, expected: list[str]) -> dict[str, str]:
    """Each exercise's verdict as its check cell shows it (the kit's box: data-verdict="...")."""
    verdicts = {}
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            html = out.get("data", {}).get("text/html", "")
            html = "".join(html) if isinstance(html, list) else html
            for verdict, exercise in re.findall(
                    r'data-verdict="(\w+)"[^>]*>[^<]*?Exercise (\d\d\.\d+)', html):
                verdicts[exercise] = verdict
    return {e: verdicts.get(e, "not shown") for e in expected}


def build_instructor(paths: list[Path], out: Path, mode: str) -> list[Built]:
    out.mkdir(parents=True, exist_ok=True)
    copy_beside(out)
    runs = out / ".runs"
    built = []
    saved = os.environ.get("RESNET_PLAN")
    if saved is None and SHIPPED_RECORD.exists():
        os.environ["RESNET_PLAN"] = "shipped"   # the room's plan (instructor/workshop-guide.md)
    saved_checkpoints = os.environ.get("RESNET_CHECKPOINT_DIR")
    if saved_checkpoints is None and mode != "fast":
        # Notebook 06's own place (../build/checkpoints from notebooks/), as bin/lab --dir sets it;
        # fast runs get a fresh folder from series.execute.
        os.environ["RESNET_CHECKPOINT_DIR"] = str(ROOT / "build" / "checkpoints")
    try:
        for path in paths:
            nb = nbformat.read(path, as_version=4)
            expected = series.exercise_ids(nb)
            print(f"[workshop] instructor copy of {path.name} ({mode} mode"
                  + (", with solutions" if expected else "") + ") ...", flush=True)
            started = time.monotonic()
            # Run the copy where it will sit, so its relative paths (figures/, results/) are the copies'.
            placed = out / path.name
            shutil.copyfile(path, placed)
            outcome = series.execute(placed, runs, mode, use_solutions=bool(expected))
            b = Built(path.name, out / path.name, minutes=(time.monotonic() - started) / 60)
            executed = nbformat.read(outcome.executed, as_version=4)
            b.verdicts = check_verdicts(executed, expected)
            if outcome.status != "ok":
                b.problems.append(outcome.error)
            recorded = {e: outcome.results.get(f"exercise:{e}", "not recorded") for e in expected}
            for e in expected:
                if b.verdicts[e] != "right" or recorded[e] != "right":
                    b.problems.append(f"exercise {e}: the check shows {b.verdicts[e]!r}, records {recorded[e]!r}")
            if b.problems:
                b.status = "error"
            series.write_atomically(b.path, nbformat.writes(executed))
            shutil.copyfile(outcome.html, out / f"{path.stem}.html")
            print(f"[workshop] {path.name}: {b.status} in {b.minutes:.1f} min"
                  + (f", checks: {', '.join(f'{e} {v}' for e, v in b.verdicts.items())}" if expected else "")
                  + (f" - {'; '.join(b.problems)}" if b.problems else ""), flush=True)
            built.append(b)
    finally:
        if saved is None:
            os.environ.pop("RESNET_PLAN", None)
        if saved_checkpoints is None:
            os.environ.pop("RESNET_CHECKPOINT_DIR", None)
    plan = saved or ("shipped" if SHIPPED_RECORD.exists() else "train")
    rows = ["| notebook | status | minutes | checks |", "|---|---|---:|---|"]
    rows += [f"| {b.notebook} | {b.status} | {b.minutes:.1f} | "
             f"{', '.join(f'{e}: {v}' for e, v in b.verdicts.items()) or '—'} |" for b in built]
    series.write_atomically(out / "summary.md",
                            f"Instructor copies: {mode} mode, notebook 06's plan {plan}, solutions from "
                            "instructor/solutions/.\n\n" + "\n".join(rows) + "\n")
    return built


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--learner", action="store_true", help="only the learner copies")
    parser.add_argument("--instructor", action="store_true", help="only the instructor copies")
    parser.add_argument("--fast", action="store_true", help="instructor copies in fast mode")
    parser.add_argument("--only", help="only the notebooks whose file name contains this text")
    parser.add_argument("--out", type=Path, default=OUT, help="output folder (build/workshop)")
    parser.add_argument("--force", action="store_true",
                        help="replace learner copies that were changed since they were made")
    args = parser.parse_args(argv)
    both = not (args.learner or args.instructor)
    paths = series.notebooks(args.only)
    if not paths:
        print(f"No notebooks match {args.only!r} in {series.NOTEBOOKS}", file=sys.stderr)
        return 2
    failed = False
    if args.learner or both:
        built = build_learner(paths, args.out / "learner", force=args.force)
        for b in built:
            print(f"[workshop] learner copy {b.notebook}: {b.status}"
                  + (":\n  " + "\n  ".join(b.problems) if b.problems else ""))
        failed |= any(b.status == "refused" for b in built)
        print(f"[workshop] learner copies: {args.out / 'learner'}  (open: bin/lab --dir {args.out / 'learner'})")
    if args.instructor or both:
        mode = "fast" if args.fast or os.environ.get("RESNET_MODE", "").strip().lower() == "fast" else "default"
        built = build_instructor(paths, args.out / "instructor", mode)
        failed |= any(b.status != "ok" for b in built)
        print(f"[workshop] instructor copies: {args.out / 'instructor'}  (open: bin/lab --dir {args.out / 'instructor'};"
              " summary.md lists every check)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
