"""Notebook 04 (gradient flow): the claims its prose makes, asserted on the fast-mode run.

Thresholds come from fast-mode runs with RESNET_SEED = 1, 2, 3, 4, 5 and the default seed 42
(2 probe batches of 128 images, 8 SGD steps per net); the observed range of each number over
those six seeds is noted next to its assertion (the probe losses were recorded for 3 of them). Every threshold leaves a wide margin (several-fold on ratios that span
orders of magnitude), because the claims are about orders of magnitude, not about exact values.
"""
from __future__ import annotations

import math

import nbformat
import pytest

import series
from saved_charts import axis_titles, charts, log_y
from takeaways import assert_claims_hold

pytestmark = pytest.mark.notebook


@pytest.fixture(scope="module")
def r(notebook_outcome):
    outcome = notebook_outcome("04")
    assert outcome.status == "ok", f"notebook 04 failed: {outcome.error}"
    return {k: (float(v) if isinstance(v, (int, float)) else v) for k, v in outcome.results.items()}


def test_toy_chain_autograd_matches_the_formulas(r):
    # "The autograd values match the formulas: the plain chain passes on only a tiny fraction of
    # the gradient, the residual chain passes on a factor of order one."
    assert math.isclose(r["toy_plain_derivative"], r["toy_plain_formula"], rel_tol=1e-4)
    assert math.isclose(r["toy_residual_derivative"], r["toy_residual_formula"], rel_tol=1e-4)
    assert abs(r["toy_plain_derivative"]) < 1e-3            # seeds: 2.8e-9 .. 1.3e-5 in size
    assert 0.05 < r["toy_residual_derivative"] < 20         # seeds: 0.56 .. 3.9


def test_plain_and_residual_nets_start_from_identical_weights(r):
    assert r["same_init_max_abs_diff"] == 0.0


def test_at_init_the_plain_net_gradient_grows_toward_the_input_geometrically(r):
    # "falling from the input side to the output side ... roughly the same factor at every block"
    # factor per block = 10^(-slope) of a least-squares line through log10 g_b against b
    assert r["init_factor_per_block_plain_20"] > 1.1                     # seeds: 1.16 .. 1.27
    assert r["init_factor_per_block_plain_56"] > 1.2                     # seeds: 1.28 .. 1.35
    assert r["init_factor_per_block_resnet_56"] < 1.1                    # seeds: 1.015 .. 1.037
    # "a similar factor per block at both depths"
    assert 0.9 < r["init_factor_per_block_plain_56"] / r["init_factor_per_block_plain_20"] < 1.25  # seeds: 1.03 .. 1.13
    assert r["init_first_over_last_plain_56"] > 100                      # seeds: 314 .. 1,777
    assert r["init_loglinear_r2_plain_56"] > 0.9                         # seeds: 0.963 .. 0.994
    assert r["init_smallest_block_plain_56"] > 18, "smallest gradient should sit in the last stage"  # seeds: 25, 26


def test_at_init_depth_widens_the_plain_spread_far_more_than_the_residual_one(r):
    plain_growth = r["init_spread_plain_56"] / r["init_spread_plain_20"]    # seeds: 117 .. 378
    residual_growth = r["init_spread_resnet_56"] / r["init_spread_resnet_20"]  # seeds: 2.0 .. 3.2
    assert plain_growth > 20
    assert plain_growth > 5 * residual_growth
    assert r["init_spread_resnet_56"] < 12                                   # seeds: 4.0 .. 5.6
    assert r["init_spread_plain_56"] > 20 * r["init_spread_resnet_56"]       # seeds: 142× .. 376×


def test_after_training_the_deep_plain_net_starves_its_first_stage(r):
    # "its first stage ... now gets the smallest ones, while the residual net's profile stays
    # within a factor of a few"
    assert r["trained_smallest_block_plain_56"] <= 9, "the smallest gradient should now sit in stage 1"  # seeds: 2 .. 9
    assert r["trained_first_over_last_plain_56"] < 1                         # seeds: 0.05 .. 0.45
    assert r["trained_first_over_last_plain_56"] < r["trained_first_over_last_resnet_56"]  # resnet: 0.38 .. 1.35
    assert r["trained_spread_resnet_56"] < 15                                # seeds: 2.3 .. 7.1
    # "the gradients' dynamic range across layers is much smaller than at initialisation"
    assert r["trained_spread_plain_56"] < r["init_spread_plain_56"] / 10      # seeds: 28× .. 122× smaller


def test_resnet56_starts_with_a_larger_loss(r):
    # "ResNet-56 starts with a larger loss than plain-56"
    assert r["probe_loss_init_resnet_56"] > 1.3 * r["probe_loss_init_plain_56"]  # seeds 4, 5, 42: 4.2 .. 7.9 vs 2.4 .. 2.6


def test_the_initial_gradients_inflate_the_plain_nets_early_weights(r):
    # "Huge gradients in the first SGD steps make the early weights of the plain net much larger"
    assert r["block1_weight_growth_plain_56"] > 5                            # seeds: 17 .. 40
    assert r["block1_weight_growth_resnet_56"] < 1.5                         # seeds: 1.027 .. 1.045
    for key in ("train_loss_plain_56", "train_loss_resnet_56", "train_loss_plain_20", "train_loss_resnet_20"):
        assert math.isfinite(r[key]), key


def test_charts_are_log_scale_with_titles_and_legends(notebook_outcome):
    nb = nbformat.read(notebook_outcome("04").executed, as_version=4)
    figures = charts(nb)
    assert len(figures) >= 4
    assert sum(log_y(f) for f in figures) >= 4, "the gradient charts must use a log y axis"
    assert any(t.startswith("block index (1 = next to the input") for f in figures for t in axis_titles(f))


# The takeaways (markdown) and the numbers that must back them; thresholds as in the tests above.
CLAIMS = [
    ("the plain chain passed on less than a thousandth of the gradient, the residual chain a factor of order one"
     " (between 0.05 and 20); autograd and the formula agree",
     lambda r: abs(r["toy_plain_derivative"]) < 1e-3 and 0.05 < r["toy_residual_derivative"] < 20
     and math.isclose(r["toy_plain_derivative"], r["toy_plain_formula"], rel_tol=1e-4)),
    ("(above 1.2 at 56 layers; a straight line on the log scale explains over 90 % of the variation)",
     lambda r: r["init_factor_per_block_plain_56"] > 1.2 and r["init_loglinear_r2_plain_56"] > 0.9),
    ("block 1 of plain-56 gets more than 100× its last block's gradient", lambda r: r["init_first_over_last_plain_56"] > 100),
    ("The residual nets' factor per block stays below 1.1",
     lambda r: r["init_factor_per_block_resnet_56"] < 1.1 and r["init_factor_per_block_resnet_20"] < 1.1),
    ("From 20 to 56 layers the plain net's spread across blocks grows more than 20×; at 56 layers it is more than"
     " 20× the residual net's",
     lambda r: r["init_spread_plain_56"] / r["init_spread_plain_20"] > 20
     and r["init_spread_plain_56"] > 20 * r["init_spread_resnet_56"]),
    ("its first stage now gets the smallest gradients (block 1 less than its last block)",
     lambda r: r["trained_smallest_block_plain_56"] <= 9 and r["trained_first_over_last_plain_56"] < 1),
    ("inflated its early weights more than 5×", lambda r: r["block1_weight_growth_plain_56"] > 5),
    ("ResNet-56's block-1 weights grew less than 1.5×", lambda r: r["block1_weight_growth_resnet_56"] < 1.5),
]


def test_the_takeaways_hold(r):
    assert_claims_hold(series.notebooks("04-")[0], r, CLAIMS)
