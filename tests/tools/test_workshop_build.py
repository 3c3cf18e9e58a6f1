"""bin/workshop (tools/workshop.py): learner copies carry no outputs and no solution text;
instructor copies run with the reference solutions and every check says "right"."""
from __future__ import annotations

import nbformat
import pytest

import series
import workshop

NOTEBOOKS = series.notebooks()
WITH_EXERCISES = [p for p in NOTEBOOKS if series.exercise_ids(nbformat.read(p, as_version=4))]


@pytest.fixture(scope="module")
def learner(tmp_path_factory):
    out = tmp_path_factory.mktemp("workshop") / "learner"
    built = workshop.build_learner(NOTEBOOKS, out)
    return out, built


def test_every_notebook_gets_a_learner_copy(learner):
    out, built = learner
    assert [b.status for b in built] == ["ok"] * len(NOTEBOOKS), [(b.notebook, b.problems) for b in built]
    assert sorted(p.name for p in out.glob("*.ipynb")) == [p.name for p in NOTEBOOKS]
    # The notebooks read figures/ and results/ by relative paths: they sit beside the copies.
    for name in workshop.BESIDE:
        assert sorted(f.name for f in (out / name).iterdir()) == sorted(f.name for f in (series.NOTEBOOKS / name).iterdir())


def test_learner_copies_have_no_outputs(learner):
    out, _ = learner
    for path in NOTEBOOKS:
        nb = nbformat.read(out / path.name, as_version=4)
        for i, cell in enumerate(nb.cells):
            assert "execution" not in cell.metadata, f"{path.name} cell {i}: execution times kept"
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, f"{path.name} cell {i} has outputs"


def test_learner_exercise_cells_hold_the_placeholders(learner):
    """The same cells as the committed notebooks (whose blank answers the notebook tests run to
    'no answer yet'), never a reference solution."""
    out, _ = learner
    for path in WITH_EXERCISES:
        committed = nbformat.read(path, as_version=4)
        copy_ = nbformat.read(out / path.name, as_version=4)
        solutions = series.load_solutions(path.stem)
        assert [c.source for c in copy_.cells] == [c.source for c in committed.cells]
        for cell in copy_.cells:
            exercise = workshop.exercise_tag(cell)
            if exercise:
                assert workshop.pieces(cell.source) != workshop.pieces(solutions[exercise]), exercise


def test_no_line_of_any_solution_is_in_a_learner_copy(learner):
    """Every answer line of instructor/solutions/*.jsh (code or comment, not what the learner's
    cell or the teaching code already holds) is searched for in every learner copy."""
    out, _ = learner
    scanned = 0
    for path in WITH_EXERCISES:
        committed = nbformat.read(path, as_version=4)
        placeholders = {workshop.exercise_tag(c): c.source for c in committed.cells if workshop.exercise_tag(c)}
        teaching = workshop.teaching_pieces(committed)
        text = workshop.notebook_text(nbformat.read(out / path.name, as_version=4))
        for exercise, solution in series.load_solutions(path.stem).items():
            lines = workshop.answer_lines(solution, placeholders[exercise], teaching)
            code = [x for x in lines if not x.startswith("//")]
            assert code, f"exercise {exercise}: no line of its solution is distinctive enough to search for"
            for line in lines:
                assert line not in text, f"{path.name}: solution of {exercise} found: {line!r}"
            scanned += len(lines)
    exercises = sum(len(series.exercise_ids(nbformat.read(p, as_version=4))) for p in WITH_EXERCISES)
    assert scanned >= 2 * exercises, f"only {scanned} solution lines searched for"


def _with(path, tmp_path, change):
    nb = nbformat.read(path, as_version=4)
    change(nb)
    changed = tmp_path / "in" / path.name
    changed.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, changed)
    return workshop.build_learner([changed], tmp_path / "out")[0]


def test_a_solution_pasted_into_an_exercise_cell_is_refused(tmp_path):
    path = WITH_EXERCISES[0]
    solutions = series.load_solutions(path.stem)

    def paste(nb):
        for cell in nb.cells:
            if workshop.exercise_tag(cell):
                cell.source = solutions[workshop.exercise_tag(cell)]
                return

    built = _with(path, tmp_path, paste)
    assert built.status == "refused" and any("holds the reference solution" in p for p in built.problems)
    assert not built.path.exists()


def test_a_solution_line_quoted_in_prose_or_kept_in_metadata_is_refused(tmp_path):
    path = WITH_EXERCISES[-1]
    committed = nbformat.read(path, as_version=4)
    placeholders = {workshop.exercise_tag(c): c.source for c in committed.cells if workshop.exercise_tag(c)}
    exercise, solution = next(iter(series.load_solutions(path.stem).items()))
    line = next(x for x in workshop.answer_lines(solution, placeholders[exercise], workshop.teaching_pieces(committed))
                if not x.startswith("//"))

    def quote(nb):
        nb.cells.insert(1, nbformat.v4.new_markdown_cell(f"Hint: `{line}`"))

    built = _with(path, tmp_path / "prose", quote)
    assert built.status == "refused" and any(line in p for p in built.problems), built.problems

    def keep_in_metadata(nb):   # outputs are cleared; metadata is not, so a line there must be found
        nb.cells[2].metadata["note"] = line

    built = _with(path, tmp_path / "metadata", keep_in_metadata)
    assert built.status == "refused", built.problems


def test_the_verdicts_are_read_from_the_check_boxes():
    right = '<div class="resnet-kit-exercise" data-verdict="right" style="x">✔ Exercise 05.1: right. You read 2.</div>'
    blank = '<div class="resnet-kit-exercise" data-verdict="blank" style="x">Exercise 05.2: no answer yet.</div>'
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(outputs=[
        nbformat.v4.new_output("display_data", data={"text/html": right}),
        nbformat.v4.new_output("display_data", data={"text/html": blank})])])
    assert workshop.check_verdicts(nb, ["05.1", "05.2", "05.3"]) == {"05.1": "right", "05.2": "blank", "05.3": "not shown"}


# One small notebook is enough to show the instructor build end to end (the notebook tests run
# every notebook's solutions already): 05 trains nothing and runs in well under a minute.
INSTRUCTOR_SAMPLE = [p for p in WITH_EXERCISES if p.name.startswith("05")]


@pytest.mark.notebook
def test_instructor_copies_run_with_the_solutions_and_every_check_says_right(tmp_path):
    out = tmp_path / "instructor"
    built = workshop.build_instructor(INSTRUCTOR_SAMPLE, out, mode="fast")
    for b in built:
        assert b.status == "ok", b.problems
        expected = series.exercise_ids(nbformat.read(series.NOTEBOOKS / b.notebook, as_version=4))
        assert b.verdicts == {e: "right" for e in expected}
        nb = nbformat.read(out / b.notebook, as_version=4)
        solutions = series.load_solutions(b.path.stem)
        for cell in nb.cells:
            exercise = workshop.exercise_tag(cell)
            if exercise:
                assert cell.source == solutions[exercise]
            if cell.cell_type == "code":
                assert cell.execution_count is not None
        assert not [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
        assert (out / f"{b.path.stem}.html").exists()
    summary = (out / "summary.md").read_text()
    assert "fast mode" in summary and "right" in summary and "wrong" not in summary


def test_a_learner_copy_with_work_in_it_is_kept_unless_forced(tmp_path):
    path = NOTEBOOKS[0]
    out = tmp_path / "learner"
    assert workshop.build_learner([path], out)[0].status == "ok"
    again = workshop.build_learner([path], out)[0]
    assert again.status == "ok", "an unchanged copy is simply made again"
    nb = nbformat.read(out / path.name, as_version=4)
    nb.cells[0].source += "\n\nMy notes."
    nbformat.write(nb, out / path.name)
    kept = workshop.build_learner([path], out)[0]
    assert kept.status == "kept" and "My notes." in (out / path.name).read_text()
    assert workshop.build_learner([path], out, force=True)[0].status == "ok"
    assert "My notes." not in (out / path.name).read_text()


def test_bin_lab_refuses_a_folder_that_is_not_there(root, tmp_path):
    import subprocess
    result = subprocess.run([str(root / "bin" / "lab"), "--dir", str(tmp_path / "no-such-folder")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "no folder" in result.stderr and "bin/workshop" in result.stderr
