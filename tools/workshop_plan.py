#!/usr/bin/env python3
"""The workshop's schedules, computed from the notebooks (instructor/workshop-guide.md).

A learner's time on a notebook = reading + compute + the exercises done in class:
- reading: the notebook's prose (tools/notebook_facts.py counts it) at READING_WPM words a minute;
- compute: the time the notebook states for a 2-core laptop in the session's mode; for notebook 06
  with the shipped model, the committed run's own cell times (it was run that way);
- exercises: minutes per kind (EXERCISE_MINUTES), plus EXTRA_MINUTES for those that train a net.
The sum is conservative: a learner reads while a cell computes. Each block of the schedule is
rounded up to whole minutes; the total is the sum of the blocks.

    python3 tools/workshop_plan.py            print the tables
    python3 tools/workshop_plan.py --write    rewrite them in instructor/workshop-guide.md
    python3 tools/workshop_plan.py --check    exit 1 if the guide's tables are stale

The tables sit in the guide between `<!-- workshop-plan:NAME:begin -->` and `...:end -->`
markers; tests/tools/test_workshop_guide.py fails when they differ from what this computes.
"""
from __future__ import annotations

import argparse
import math
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import notebook_facts
from notebook_facts import NotebookFacts

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "instructor" / "workshop-guide.md"

READING_WPM = 200
EXERCISE_MINUTES = {"by hand": 4, "code": 5, "experiment": 4}
# Experiments that train a net in their cell: "about a minute" each, as their notebooks say.
EXTRA_MINUTES = {"03.4": 1, "07.4": 1}
# Showing a notebook on the projector (what it asks, its chart, its takeaways), besides the
# learners' reading of its takeaways.
SHOW_MINUTES = 4


@dataclass
class Item:
    """One block of a schedule: a notebook the learners run, one the instructor shows, or a fixed item."""
    label: str = ""                 # fixed items: what happens
    minutes: float = 0              # fixed items
    notebook: str = ""              # "01": a notebook's number
    how: str = "run"                # "run": learners run it; "show": the instructor shows it and
                                    # learners read its takeaways; "before": done before the day;
                                    # "home": left for after the workshop
    exercises: list[str] = field(default_factory=list)
    plan: str = ""                  # notebook 06: "shipped"


@dataclass
class Variant:
    key: str                        # marker name in the guide
    title: str
    budget: int                     # minutes
    mode: str                       # "default" or "fast": one mode for the whole session
    launch: str                     # how the room starts JupyterLab
    items: list[Item]


VARIANTS = [
    Variant("3h", "3 hours", 180, "default", "RESNET_PLAN=shipped bin/lab --dir build/workshop/learner", [
        Item("Opening: the question of the afternoon, how a notebook, an exercise and its check work", 5),
        Item(notebook="00"),
        Item(notebook="01", exercises=["01.1", "01.2"]),
        Item(notebook="02", exercises=["02.1", "02.3"]),
        Item(notebook="03", exercises=["03.1", "03.4"]),
        Item("Break", 10),
        Item(notebook="04", exercises=["04.1"]),
        Item(notebook="05", exercises=["05.1"]),
        Item(notebook="06", plan="shipped", exercises=["06.2"]),
        Item(notebook="07", exercises=["07.1"]),
        Item("Closing: the eight takeaways side by side, the exercises left for home, questions", 5),
    ]),
    Variant("90min", "90 minutes", 90, "fast", "RESNET_MODE=fast RESNET_PLAN=shipped bin/lab --dir build/workshop/learner", [
        Item(notebook="00", how="before"),
        Item("Opening: the question, how exercises and checks work; every screen shows 00's summary", 3),
        Item(notebook="01", exercises=["01.2"]),
        Item(notebook="02", exercises=["02.1"]),
        Item(notebook="03"),
        Item(notebook="04", how="show"),
        Item(notebook="06", plan="shipped", exercises=["06.2"]),
        Item(notebook="07", how="show"),
        Item(notebook="05", how="home"),
        Item("Closing: the takeaways, the exercises left for home", 3),
    ]),
]


@dataclass
class Block:
    label: str
    what: str
    reading: float = 0.0
    compute: float = 0.0
    exercises: float = 0.0
    show: float = 0.0
    fixed: float = 0.0
    counted: bool = True            # False: before or after the day, not in the total

    @property
    def minutes(self) -> int:
        return math.ceil(self.reading + self.compute + self.exercises + self.show + self.fixed - 1e-9)


def exercise_minutes(exercise) -> float:
    return EXERCISE_MINUTES[exercise.kind] + EXTRA_MINUTES.get(exercise.id, 0)


def reading_minutes(words: int) -> float:
    return words / READING_WPM


def compute_minutes(facts: NotebookFacts, mode: str, plan: str = "") -> float:
    if plan == "shipped":
        if facts.measured_plan != "shipped" or facts.measured_minutes is None:
            raise ValueError(f"{facts.name}: the committed run did not load the shipped model, so its "
                             "time with the shipped model is unknown; execute it with RESNET_PLAN=shipped")
        return facts.measured_minutes
    minutes = facts.stated_fast_minutes if mode == "fast" else facts.stated_minutes
    if minutes is None:
        raise ValueError(f"{facts.name} states no compute time for {mode} mode "
                         "('*Runs in about N minutes on a 2-core laptop (fast mode: M)*')")
    return minutes


def by_number(facts: list[NotebookFacts]) -> dict[str, NotebookFacts]:
    return {f.number: f for f in facts}


def blocks(variant: Variant, facts: list[NotebookFacts]) -> list[Block]:
    found = by_number(facts)
    out = []
    for item in variant.items:
        if not item.notebook:
            out.append(Block(item.label, "", fixed=item.minutes))
            continue
        f = found.get(item.notebook)
        if f is None:
            raise ValueError(f"{variant.title}: no notebook {item.notebook} in notebooks/")
        ids = {e.id: e for e in f.exercises}
        unknown = [x for x in item.exercises if x not in ids]
        if unknown:
            raise ValueError(f"{variant.title}: {f.name} has no exercise {unknown}")
        label = f"{f.number} {f.short_title}"
        if item.how in ("before", "home"):
            continue   # listed under the table, not a block of the day
        if item.how == "show":
            out.append(Block(label, "the instructor shows it; learners read its takeaways",
                             reading=reading_minutes(f.takeaway_words), show=SHOW_MINUTES))
            continue
        how = "shipped model" if item.plan == "shipped" else f"{variant.mode} mode"
        what = f"run ({how}), read" + (
            f"; exercise{'s' if len(item.exercises) > 1 else ''} {', '.join(item.exercises)}" if item.exercises else "")
        out.append(Block(label, what, reading=reading_minutes(f.words),
                         compute=compute_minutes(f, variant.mode, item.plan),
                         exercises=sum(exercise_minutes(ids[x]) for x in item.exercises)))
    return out


def total(variant: Variant, facts: list[NotebookFacts]) -> int:
    return sum(b.minutes for b in blocks(variant, facts) if b.counted)


def total_on_one_cpu(variant: Variant, facts: list[NotebookFacts]) -> int | None:
    """The plan's total with the committed run's compute times (a one-CPU session) in place of the
    2-core laptop's; None when that run used another mode than the plan."""
    if variant.mode != "default":
        return None
    found = by_number(facts)
    minutes = 0
    for item, block in zip([i for i in variant.items if i.how not in ("before", "home")], blocks(variant, facts)):
        if item.notebook and item.how == "run":
            f = found[item.notebook]
            if f.measured_minutes is None or f.measured_mode != "full":
                return None
            block.compute = f.measured_minutes
        minutes += block.minutes
    return minutes


def left_for_home(variant: Variant, facts: list[NotebookFacts]) -> tuple[list[str], list[str]]:
    """(notebooks not run in class, exercises not done in class)."""
    run = {i.notebook for i in variant.items if i.notebook and i.how in ("run", "before")}
    shown = {i.notebook for i in variant.items if i.notebook and i.how == "show"}
    done = {x for i in variant.items for x in i.exercises}
    notebooks = [f"{f.number} {f.short_title}" + (" (shown in class)" if f.number in shown else "")
                 for f in facts if f.number not in run]
    exercises = [e.id for f in facts for e in f.exercises if e.id not in done]
    return notebooks, exercises


def clock(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


def fmt(x: float) -> str:
    return "" if x == 0 else f"{x:.1f}"


def schedule_table(variant: Variant, facts: list[NotebookFacts]) -> str:
    rows = ["| starts | block | what the learners do | reading | compute | exercises | shown | minutes |",
            "|---|---|---|---:|---:|---:|---:|---:|"]
    at = 0
    for b in blocks(variant, facts):
        rows.append(f"| {clock(at)} | {b.label} | {b.what} | {fmt(b.reading)} | {fmt(b.compute)} | "
                    f"{fmt(b.exercises)} | {fmt(b.show)} | {b.minutes} |")
        at += b.minutes
    rows.append(f"| {clock(at)} | **end** | | | | | | **{at} of {variant.budget}** |")
    homework_notebooks, homework_exercises = left_for_home(variant, facts)
    lines = ["\n".join(rows), "",
             f"Launch: `{variant.launch}` ({variant.mode} mode for every notebook"
             + ("; notebook 06 loads the shipped model" if any(i.plan == "shipped" for i in variant.items) else "")
             + ")."]
    before = [f"{f.number} {f.short_title}" for f in facts
              if any(i.notebook == f.number and i.how == "before" for i in variant.items)]
    if before:
        lines.append(f"Before the day, on every laptop: `bin/setup`, then notebook {'; '.join(before)} "
                     "(see *Before the day*).")
    if homework_notebooks:
        lines.append(f"Left for home: {'; '.join(homework_notebooks)}.")
    slow = total_on_one_cpu(variant, facts)
    if slow is not None:
        lines.append(f"With the committed run's compute times instead (one CPU; see the facts table), "
                     f"this plan takes {slow} minutes.")
    lines.append(f"Exercises left for home ({len(homework_exercises)}): {', '.join(homework_exercises) or 'none'}.")
    return "\n".join(lines)


def facts_table(facts: list[NotebookFacts]) -> str:
    rows = ["| notebook | words | reading (min) | exercises: kind, minutes | compute, 2-core laptop: default (fast) | compute, committed run |",
            "|---|---:|---:|---|---:|---:|"]
    for f in facts:
        ex = "; ".join(f"{e.id} {e.kind} {exercise_minutes(e):g}" for e in f.exercises) or "none"
        stated = "—" if f.stated_minutes is None else f"{f.stated_minutes:g} ({f.stated_fast_minutes:g})"
        run = "—" if f.measured_minutes is None else (
            f"{f.measured_minutes:.1f}" + (" (shipped model)" if f.measured_plan == "shipped" else ""))
        rows.append(f"| {f.number} {f.short_title} | {f.words:,} | {reading_minutes(f.words):.1f} | {ex} | {stated} | {run} |")
    words = sum(f.words for f in facts)
    exercises = [e for f in facts for e in f.exercises]
    stated = [f.stated_minutes for f in facts if f.stated_minutes is not None]
    stated_fast = [f.stated_fast_minutes for f in facts if f.stated_fast_minutes is not None]
    measured = [f.measured_minutes for f in facts if f.measured_minutes is not None]
    rows.append(f"| **all** | **{words:,}** | **{reading_minutes(words):.0f}** | "
                f"**{len(exercises)} exercises, {sum(exercise_minutes(e) for e in exercises):g} min** | "
                f"**{sum(stated):g} ({sum(stated_fast):g})** without 06 | **{sum(measured):.1f}** |")
    kinds = {k: sum(1 for e in exercises if e.kind == k) for k in EXERCISE_MINUTES}
    session = notebook_facts.first_session(facts)
    modes = sorted({f.measured_mode for f in facts if f.measured_mode})
    return "\n".join(rows + [
        "",
        f"Reading at {READING_WPM} words a minute: the markdown up to and including each notebook's takeaways "
        "(code cells, references and the note for the tests are not counted). Exercises: "
        + ", ".join(f"{n} {k} ({EXERCISE_MINUTES[k]} min each)" for k, n in kinds.items())
        + "; " + ", ".join(f"{x} +{m} min" for x, m in EXTRA_MINUTES.items()) + " for the net it trains. "
        "Compute on a 2-core laptop: what each notebook's introduction states (the README's table); "
        "06 has no such line: its fast recipe's full run took about 11 minutes on a quiet 2-core machine and 20–30 on "
        "slower ones (notebook 06). The committed run: the sum of the "
        f"cells' times saved in the committed notebooks ({', '.join(modes) or 'unknown'} mode"
        + (f"; the session: {session}" if session else "") + ")."])


def tables(facts: list[NotebookFacts] | None = None) -> dict[str, str]:
    facts = notebook_facts.read_all() if facts is None else facts
    out = {"facts": facts_table(facts)}
    for v in VARIANTS:
        out[v.key] = schedule_table(v, facts)
    return out


def marker(name: str, end: bool = False) -> str:
    return f"<!-- workshop-plan:{name}:{'end' if end else 'begin'} -->"


def replace_tables(text: str, generated: dict[str, str]) -> str:
    for name, table in generated.items():
        pattern = re.compile(re.escape(marker(name)) + r".*?" + re.escape(marker(name, end=True)), re.S)
        if not pattern.search(text):
            raise ValueError(f"the guide has no {marker(name)} ... {marker(name, end=True)} markers")
        text = pattern.sub(lambda _: f"{marker(name)}\n{table}\n{marker(name, end=True)}", text)
    return text


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true", help="rewrite the tables in the guide")
    parser.add_argument("--check", action="store_true", help="exit 1 if the guide's tables are stale")
    parser.add_argument("--guide", type=Path, default=GUIDE)
    args = parser.parse_args(argv)
    generated = tables()
    if not (args.write or args.check):
        for name, table in generated.items():
            print(f"== {name} ==\n{table}\n")
        return 0
    old = args.guide.read_text(encoding="utf-8")
    new = replace_tables(old, generated)
    if args.check:
        if new != old:
            print(f"{args.guide} is stale: run python3 tools/workshop_plan.py --write", file=sys.stderr)
            return 1
        print(f"{args.guide}: tables up to date")
        return 0
    args.guide.write_text(new, encoding="utf-8")
    print(f"{'rewrote' if new != old else 'unchanged:'} the tables in {args.guide}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
