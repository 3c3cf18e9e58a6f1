"""Exercises: a blank answer gets a plain-words 'no answer yet' (never a crash), and the
reference solutions in instructor/solutions/ pass their own check cells."""
from __future__ import annotations

import nbformat
import pytest

import series
from conftest import OUT

pytestmark = pytest.mark.notebook

WITH_EXERCISES = [p for p in series.notebooks() if series.exercise_ids(nbformat.read(p, as_version=4))]


@pytest.mark.parametrize("path", WITH_EXERCISES, ids=[p.stem for p in WITH_EXERCISES])
def test_every_exercise_has_a_reference_solution(path):
    ids = series.exercise_ids(nbformat.read(path, as_version=4))
    assert len(ids) >= 2, f"{path.name}: a workshop notebook needs two or more exercises"
    missing = set(ids) - set(series.load_solutions(path.stem))
    assert not missing, f"no reference solution for {sorted(missing)} in instructor/solutions/{path.stem}.jsh"


@pytest.mark.parametrize("path", WITH_EXERCISES, ids=[p.stem for p in WITH_EXERCISES])
def test_blank_answers_get_no_answer_yet(path, notebook_outcome):
    outcome = notebook_outcome(path.name[:3])
    for exercise in series.exercise_ids(nbformat.read(path, as_version=4)):
        assert outcome.results.get(f"exercise:{exercise}") == "blank", exercise


@pytest.mark.parametrize("path", WITH_EXERCISES, ids=[p.stem for p in WITH_EXERCISES])
def test_reference_solutions_pass_the_checks(path):
    outcome = series.execute(path, OUT, mode="fast", cell_timeout=900, use_solutions=True)
    assert outcome.status == "ok", f"{path.name} with solutions failed: {outcome.error}"
    for exercise in series.exercise_ids(nbformat.read(path, as_version=4)):
        assert outcome.results.get(f"exercise:{exercise}") == "right", exercise


def test_the_readme_counts_the_exercises_there_are(root):
    import re
    total = sum(len(series.exercise_ids(nbformat.read(p, as_version=4))) for p in series.notebooks())
    assert total >= 19
    stated = re.search(r"Notebooks have (\d+) workshop exercises", (root / "README.md").read_text())
    assert stated and int(stated.group(1)) == total, "README.md states another number of exercises"
    # The experiments' checks record through Exercises.experiment; the README names each one.
    kit = root / "kit" / "src" / "main" / "java" / "org" / "resnetnotebooks" / "kit"
    experiments = sorted(set(re.findall(r'Exercises\.experiment\("(\d\d\.\d)"', "".join(
        f.read_text() for f in kit.glob("Checks0*.java")))))
    assert len(experiments) >= 4
    readme = (root / "README.md").read_text()
    for e in experiments:
        assert e in readme, f"experiment {e} is not named in README.md"
