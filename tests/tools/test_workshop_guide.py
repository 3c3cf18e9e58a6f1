"""instructor/workshop-guide.md: its tables are what tools/workshop_plan.py computes from the
notebooks now, both schedules fit their time, and every number it tells the instructor to point
at is still in that notebook's takeaways."""
from __future__ import annotations

import re

import pytest

import notebook_facts
import workshop_plan

GUIDE = workshop_plan.GUIDE


@pytest.fixture(scope="module")
def facts():
    return notebook_facts.read_all()


def test_the_guides_tables_are_up_to_date(facts):
    text = GUIDE.read_text(encoding="utf-8")
    assert workshop_plan.replace_tables(text, workshop_plan.tables(facts)) == text, (
        "instructor/workshop-guide.md is stale: run python3 tools/workshop_plan.py --write and commit it")


@pytest.mark.parametrize("variant", workshop_plan.VARIANTS, ids=[v.key for v in workshop_plan.VARIANTS])
def test_each_schedule_fits_its_time(variant, facts):
    total = workshop_plan.total(variant, facts)
    assert total <= variant.budget, f"the {variant.title} plan takes {total} minutes"
    assert total >= 0.8 * variant.budget, f"the {variant.title} plan leaves most of its time unused ({total} min)"


@pytest.mark.parametrize("variant", workshop_plan.VARIANTS, ids=[v.key for v in workshop_plan.VARIANTS])
def test_each_schedule_decides_about_every_notebook(variant, facts):
    """A new notebook must be placed in each schedule (run, shown, before the day or left for
    home), and no exercise is planned twice."""
    placed = [i.notebook for i in variant.items if i.notebook]
    assert sorted(placed) == sorted(f.number for f in facts)
    planned = [x for i in variant.items for x in i.exercises]
    assert len(planned) == len(set(planned))
    assert all(i.how in ("run", "show", "before", "home") for i in variant.items)


def test_the_counts_come_from_the_notebooks(facts):
    assert sum(len(f.exercises) for f in facts) >= 19
    assert {e.kind for f in facts for e in f.exercises} == set(workshop_plan.EXERCISE_MINUTES)
    for f in facts:
        assert f.words > 500 and 0 < f.takeaway_words < f.words, f.name
        assert f.measured_mode == "full", f"{f.name}: the committed notebooks are a default-mode run"
        if f.number != "06":
            assert f.stated_minutes and f.stated_fast_minutes, f"{f.name} states no run time in its introduction"
    assert next(f for f in facts if f.number == "06").measured_plan == "shipped"


def test_exercise_kinds_and_word_counts():
    assert notebook_facts.count_words("![a figure](figures/x.svg) The $\\frac{a}{b}$ [paper](https://x.org/y) "
                                      "reached 93.61 % on 10,000 images") == 9
    experiments = {"09.3"}
    kind = notebook_facts.exercise_kind
    assert kind("09.1", "double myCount = Double.NaN;   // your answer here", experiments) == "by hand"
    assert kind("09.1", "Block b = null;   // your block", experiments) == "code"
    assert kind("09.1", "long f(NDArray x) {\n    return -1;   // your code here\n}", experiments) == "code"
    assert kind("09.1", "double r = Double.NaN;   // your code: a mean", experiments) == "code"
    assert kind("09.3", "float x = 0.1f;", experiments) == "experiment"


def talking_points(text: str) -> dict[str, str]:
    """The guide's talking-points sections, by notebook number."""
    part = text.split("## Talking points", 1)[1].split("\n## ", 1)[0]
    return {m.group(1): m.group(2) for m in re.finditer(r"^### (\d\d) · [^\n]*\n(.*?)(?=^### |\Z)", part, re.S | re.M)}


def test_every_notebook_has_talking_points(facts):
    sections = talking_points(GUIDE.read_text(encoding="utf-8"))
    assert sorted(sections) == sorted(f.number for f in facts)
    for number, body in sections.items():
        for part in ("**Key idea.**", "**The number to point at:**", "**The usual confusion.**"):
            assert part in body, f"talking points of {number} lack {part}"


def test_every_number_to_point_at_is_in_the_takeaways(facts):
    """The quoted words are on the learners' screens: the notebook's takeaways cell."""
    squash = lambda s: " ".join(s.replace("**", "").split())
    by_number = {f.number: f for f in facts}
    sections = talking_points(GUIDE.read_text(encoding="utf-8"))
    for number, body in sections.items():
        point = body.split("**The number to point at:**", 1)[1].split("\n- **", 1)[0]
        quotes = re.findall(r"“([^”]+)”", point)
        assert quotes, f"{number}: the number to point at is not quoted"
        for quote in quotes:
            assert squash(quote) in squash(by_number[number].takeaways), (
                f"{number}: “{quote}” is no longer in the notebook's takeaways")


def test_the_readme_and_the_instructor_readme_link_the_guide(root):
    assert "instructor/workshop-guide.md" in (root / "README.md").read_text()
    assert "workshop-guide.md" in (root / "instructor" / "README.md").read_text()
