"""Notebook 01 (the identity mapping): the claims its prose makes, asserted from the numbers it
records in its record-results cell (Results.batch), in fast mode (400 SGD steps per network).

Thresholds come from fast-mode runs with RESNET_SEED = 42 (the default), 1, 2, 3, 4, 5. The
measured range over those six seeds is in the comment next to each threshold; every threshold
leaves at least a factor of about 2 (usually far more) between it and the worst seed.
"""
from __future__ import annotations

import re

import nbformat
import pytest

import series
from saved_charts import charts, log_y, trace_names
from takeaways import assert_claims_hold

pytestmark = pytest.mark.notebook

DEPTHS = (2, 4, 8, 16, 32)  # weight layers, as in the notebook


@pytest.fixture(scope="module")
def results(notebook_outcome):
    outcome = notebook_outcome("01")
    assert outcome.status == "ok", outcome.error
    return outcome.results


def test_zero_last_layer_makes_the_block_and_the_stack_the_identity(results):
    # Section 4: "with the last weight layer of the branch set to zero, the block *is* the identity".
    assert results["identity_block_max_abs_error"] < 1e-6  # measured 0.0 for every seed
    assert results["identity_stack_max_abs_error"] < 1e-6  # measured 0.0 for every seed
    # "the random residual stack is much further from the identity than one random block"
    # (one block 6.4-7.7, 16 blocks 2.2e4-6.3e4)
    assert results["identity_stack_random_max_abs_error"] > 100 * results["identity_block_random_max_abs_error"]


def test_every_plain_stack_can_represent_the_identity(results):
    # Section 2: the hand-set weights reproduce x exactly at every depth (measured 0.0).
    assert results["plain_constructed_identity_max_abs_error"] < 1e-5


def test_deep_plain_stack_fits_clearly_worse_than_shallow(results):
    shallow, deep = results["plain_final_mse_L2"], results["plain_final_mse_L32"]
    assert shallow < 0.2  # measured 0.092-0.097
    assert deep > 0.5  # measured 0.77-0.83 (an all-zeros output scores about 1)
    assert results["plain_deep_over_shallow_mse_ratio"] > 4  # measured 8.0-8.9


def test_residual_stacks_stay_low_at_every_depth(results):
    for depth in DEPTHS:
        # measured 4.1e-4 (2 layers) up to 3.4e-3 (32 layers)
        assert results[f"residual_final_mse_L{depth}"] < 0.01, depth
        assert results[f"residual_final_mse_L{depth}"] < results[f"plain_final_mse_L{depth}"] / 10, depth
    assert results["residual_worst_final_mse"] < 0.01
    assert results["plain_over_residual_mse_ratio_deepest"] > 50  # measured 230-277


def test_why_residual_is_easier_numbers(results):
    # Section 6 says: the residual stack starts near the answer, the plain one far off ...
    assert results["residual_initial_mse_L32"] < results["plain_initial_mse_L32"] / 2  # 0.31-0.47 vs 1.7-3.1
    # ... the random plain stack maps different inputs to nearly parallel outputs, the residual one does not ...
    assert abs(results["input_cosine"]) < 0.05  # the inputs themselves: unrelated random vectors
    assert results["plain_output_cosine_deepest"] > 0.7  # measured 0.875-0.997
    assert results["residual_output_cosine_deepest"] < 0.4  # measured 0.06-0.14
    # ... He init keeps the plain signal's order of magnitude, a 1/fan-in init would shrink it to
    # almost nothing (a product of 31 random layer gains, so it varies a lot between seeds) ...
    assert 0.1 < results["plain_signal_size_he_deepest"] < 10  # measured 0.32-1.44
    assert results["plain_signal_size_half_variance_deepest"] < 1e-3  # measured 4.9e-6-2.2e-5
    # ... and without a small start for the branches the residual stack starts far off.
    assert results["residual_default_init_initial_mse_deepest"] > 100 * results["residual_initial_mse_L32"]  # 1.2e7-6e7


def test_block_trained_on_2x_learns_residual_x(results):
    # After exercise 01.2: "the branch learned F(x) ~ x" (branch outputs are about 1 in size).
    assert results["double_block_final_mse"] < 0.15  # measured 0.061-0.063
    assert results["double_block_branch_rms_error_vs_x"] < 0.4  # measured 0.246-0.251


# The takeaways (markdown) and the numbers that must back them; thresholds as in the tests above.
CLAIMS = [
    ("with hand-set weights its output equals x at every depth",
     lambda r: r["plain_constructed_identity_max_abs_error"] < 1e-5),
    ("the 32-layer plain stack ends more than 4× further from x (in MSE) than the 2-layer one, still above MSE 0.5",
     lambda r: r["plain_deep_over_shallow_mse_ratio"] > 4 and r["plain_final_mse_L32"] > 0.5),
    ("the block is exactly the identity, for one block and for a stack of sixteen",
     lambda r: r["identity_block_max_abs_error"] < 1e-6 and r["identity_stack_max_abs_error"] < 1e-6),
    ("residual stacks reach an MSE below 0.01 at every depth",
     lambda r: all(r[f"residual_final_mse_L{d}"] < 0.01 for d in DEPTHS)),
    ("at 32 weight layers that is more than 50× lower than the plain stack",
     lambda r: r["plain_over_residual_mse_ratio_deepest"] > 50),
    ("starts more than 100× further from x than with branches at a tenth",
     lambda r: r["residual_default_init_initial_mse_deepest"] > 100 * r["residual_initial_mse_L32"]),
    ("The residual stack starts at less than half the plain stack's MSE",
     lambda r: r["residual_initial_mse_L32"] < r["plain_initial_mse_L32"] / 2),
    ("(average cosine above 0.7; residual below 0.4)",
     lambda r: r["plain_output_cosine_deepest"] > 0.7 and r["residual_output_cosine_deepest"] < 0.4),
    ("keeps the plain signal's size (between 0.1× and 10× the input)",
     lambda r: 0.1 < r["plain_signal_size_he_deepest"] < 10),
    ("its output differs from x by less than 0.4 (root mean square)",
     lambda r: r["double_block_branch_rms_error_vs_x"] < 0.4),
    ("Training time grows with depth, for plain and residual stacks alike",
     lambda r: r["plain_train_seconds_L32"] > r["plain_train_seconds_L2"]
     and r["residual_train_seconds_L32"] > r["residual_train_seconds_L2"]),
]


def test_the_takeaways_hold(results):
    assert_claims_hold(series.notebooks("01-")[0], results, CLAIMS)


def output_text(output) -> str:
    """The text of one saved output: a stream's text, or an HTML / plain-text display."""
    if output.get("output_type") == "stream":
        return output.get("text", "")
    data = output.get("data", {})
    return str(data.get("text/html", "")) + str(data.get("text/plain", ""))


def test_saved_notebook_shows_log_charts_and_takeaway_lines(notebook_outcome):
    nb = nbformat.read(notebook_outcome("01").executed, as_version=4)
    text = "\n".join(output_text(o) for c in nb.cells for o in c.get("outputs", []))
    figures = charts(nb)
    assert len(figures) >= 4, "expected 4 charts (error and time by depth, twice)"
    assert any(log_y(f) for f in figures), "the error charts must use a log axis"
    names = [n for f in figures for n in trace_names(f)]
    assert "plain: MSE after training" in names and "residual: MSE after training" in names  # the legend
    assert re.search(r"Takeaway: at 32 weight layers the residual stack reaches MSE [0-9.e+-]+ against", text)
    assert "max |H(x) − x|" in text
    assert re.search(r"written to 01-the-identity-mapping\.results\.json|none written", text), "the record cell ran"
    assert "He et al." in "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
