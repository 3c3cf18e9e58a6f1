"""Notebook 07 re-runs the argument of He et al. (2016), *Identity Mappings in Deep Residual
Networks*, at small scale: seven 56-layer nets (the original unit, five shortcut variants of the
paper's Table 1, and the full pre-activation unit), one recipe, Fashion-MNIST. The nets have 56
layers (n = 9, 27 units); a stride-2 first convolution makes the stages work on 14x14, 7x7 and 4x4
maps, which keeps seven 56-layer nets affordable on a laptop CPU.

Fast mode: 1,000 training images, 8 epochs (64 SGD steps of 128; default mode 12 epochs), SGD
momentum 0.9, weight decay 1e-4, linear warm-up to 0.05 over the first quarter of the steps, then
cosine decay to 0; training error = wrong answers counted during the steps of the last epoch, in %;
gaps in percentage points. (The calibration below was made with an earlier fast mode of 16 epochs;
the thresholds keep a wide margin for that reason.)

Calibration (2026-11-29, MXNet on the CPU, the notebook on the Java kernel): six seeds with the
three nets the claim is about, final training error in %; then the gaps in percentage points (pp):

    seed   original  pre-act  const. 0.5 | const - original  const - pre-act | grad first/last at init:
                                          |                                  | original  pre-act  const
      42      9.6       9.9      47.2    |      +37.6            +37.3       |   4.50     7.44    233
       1      9.4      11.7      51.8    |      +42.4            +40.1       |   5.54     9.01    248
       2      9.4      15.5      52.4    |      +43.0            +36.9       |   4.35     5.95     73
       3      7.8      15.0      59.0    |      +51.2            +44.0       |   5.61     8.33    325
       4     10.2      17.0      48.3    |      +38.1            +31.3       |   5.05     8.31    134
       5      9.1      12.0      60.2    |      +51.1            +48.2       |   3.85     5.57    135

Mean branch/shortcut norm ratio after training: original 0.416 .. 0.443, pre-activation
0.367 .. 0.402. The full notebook at seed 42 (all seven nets, 3.4 min) also gave: exclusive gating
66.7 %, shortcut-only gating 11.4 %, 1x1 conv shortcut 29.1 %, dropout shortcut 73.7 %.

How the margins were chosen: from the spread above, not from a binomial error bar (one seed on
two thread counts already differs by more than that bar). The smallest measured gap between
constant scaling and an identity net is 31.3 pp; the threshold of 10 pp is far below every
measured gap and far above the run-to-run spread of the identity nets (7.8 .. 17.0 %), so a seed
that shows the paper's finding passes, while nets whose shortcuts are all scaled (or all
identities) would fail. Pre-activation had the HIGHER training error than the original in 6 of 6
calibration runs: the notebook must not call it better, and says so from its own seed runs
(notebooks/results/07-identity-mappings.seeds.json).

Before this recipe (peak learning rate 0.1, warm-up over a tenth of the steps) the original
56-layer net sometimes failed to start converging within 64 steps (training error 31, 50 and 62 %
for seeds 2, 3, 42); at 26 layers (n = 4) the gap between original and constant scaling was within
the noise (+2.2 and +0.9 pp at 128 steps, -0.6 pp at 64 steps). Hence 56 layers and the gentler
warm-up that He et al. (2015, section 4.2) also needed for their 110-layer net.
"""
from __future__ import annotations

import math

import nbformat
import pytest

import series
from saved_charts import charts, log_y
from takeaways import assert_claims_hold

pytestmark = pytest.mark.notebook

NB = "07"

VARIANTS = ("original", "constant_scaling", "exclusive_gating", "shortcut_only_gating", "conv_shortcut",
            "dropout_shortcut", "full_preactivation")

# constant scaling minus original / minus pre-activation, pp. Measured +31.3 .. +51.2.
IDENTITY_BELOW_SCALED_BY_AT_LEAST = 10.0
# Nets that should learn (everything but the two the paper found failing or far worse): training
# error below this, %. Measured at most 60.2 (constant scaling) and 29.1 (1x1 conv); guessing: 90 %.
LEARNED_BELOW = 75.0
# The two that may fail, as in the paper: exclusive gating (g starts at 0.0025, so the branch
# barely trains in 64 steps) and dropout on the shortcut ("fails to converge").
MAY_FAIL = ("exclusive_gating", "dropout_shortcut")


@pytest.fixture(scope="module")
def results(notebook_outcome):
    outcome = notebook_outcome(NB)
    assert outcome.status == "ok", outcome.error
    return outcome.results


def test_the_direct_path_arithmetic_of_section_1(results):
    assert results["units"] == 27  # 56 layers = 6n + 2 with n = 9: 3n units
    assert results["direct_path_constant_scaling"] == pytest.approx(0.5 ** 27, rel=1e-12)


def test_the_original_unit_builds_the_kits_resnet_56(results):
    # The notebook's own original unit and the kit's BasicBlock (notebooks 03-06) give the same
    # parameters (the stride of the first convolution changes no parameter count).
    assert results["original_parameters"] == results["kit_resnet_parameters"] == 852_730


def test_only_the_preactivation_unit_is_an_exact_identity_when_its_branch_is_zero(results):
    assert results["preact_identity_max_error"] == 0.0
    # The original unit computes ReLU(x): on N(0, 1) input about half the values change, and the
    # largest change is the most negative of 100,352 standard normal values (|x| > 3.5 in practice).
    assert results["original_identity_max_error"] > 3.0
    assert 0.45 < results["original_identity_changed_fraction"] < 0.55


def test_every_net_trained_and_all_but_the_failing_variants_learned(results):
    for v in VARIANTS:
        err = results[f"train_error_{v}"]
        assert 0 <= err <= 100 and 0 <= results[f"test_error_{v}"] <= 100, v
        if v not in MAY_FAIL:
            assert err < LEARNED_BELOW, v


def test_main_claim_identity_shortcuts_train_to_lower_error_than_constant_scaling(results):
    for v in ("original", "full_preactivation"):
        gap = results[f"scaled_minus_{v}_train_error"]
        assert gap == pytest.approx(results["train_error_constant_scaling"] - results[f"train_error_{v}"])
        assert gap >= IDENTITY_BELOW_SCALED_BY_AT_LEAST, v
        # Over the committed seed runs and this run, the identity net is lower in every one.
        assert results[f"spread_identity_lower_than_scaled_{v}"] == results["spread_runs"], v


def test_preactivation_is_never_called_better_without_every_run_saying_so(notebook_outcome, results):
    """Pre-activation had the higher training error in 6 of 6 calibration runs: the direction table
    may call it "better" only if every run (the seeds and this one) had it lower."""
    nb = nbformat.read(notebook_outcome(NB).executed, as_version=4)
    text = "\n".join(str(o) for c in nb.cells for o in c.get("outputs", []))
    assert "two standard errors" not in text
    assert f"judged over {int(results['spread_runs'])} runs each" in text
    if results["spread_preact_above_original"] > 0:
        row = [line for line in text.splitlines() if "full pre-activation" in line and "6.37" in line]
        assert row and "better" not in row[0], row


def test_gradients_at_initialisation(results):
    original = results["grad_first_over_last_original"]
    preact = results["grad_first_over_last_full_preactivation"]
    scaled = results["grad_first_over_last_constant_scaling"]
    # "The identity nets keep their first and last units within a factor of about ten."
    # Measured: original 3.85 .. 5.61, pre-activation 5.57 .. 9.01.
    assert 1 / 15 < original < 15 and 1 / 15 < preact < 15
    # Constant scaling: no vanishing at initialisation (0.5^27 would be 7.5e-9); it grows toward the
    # input. Measured 73 .. 325, i.e. 16.7 .. 58x the original's ratio.
    assert scaled > 0.1
    assert scaled > 5 * original


def test_response_ratios_after_training(results):
    # "both nets' units make corrections smaller than their input". Measured 0.367 .. 0.443.
    for v in ("original", "full_preactivation"):
        assert 0 < results[f"mean_response_ratio_{v}"] < 0.8, v


def test_outputs_show_the_tables_and_charts(notebook_outcome):
    nb = nbformat.read(notebook_outcome(NB).executed, as_version=4)
    text = "\n".join(str(o) for c in nb.cells for o in c.get("outputs", []))
    figures = charts(nb)
    # The error bars, the training curves, the gradient profile (log axis), the response ratios.
    assert len(figures) >= 4
    assert sum(log_y(f) for f in figures) == 1, "the gradient chart, and only it, uses a log y axis"
    for label in ("original", "constant scaling 0.5", "exclusive gating", "shortcut-only gating",
                  "1×1 conv shortcut", "dropout shortcut", "full pre-activation"):
        assert label in text
    for paper in ("6.61", "12.35", "8.7", "6.91", "12.22", "6.37", "fails to converge"):
        assert paper in text


# The takeaways (markdown) and the numbers that must back them; thresholds as in the tests above.
CLAIMS = [
    ("With F = 0 a pre-activation unit returns x exactly; an original unit returns ReLU(x), which changes about"
     " half the values of a normal input",
     lambda r: r["preact_identity_max_error"] == 0.0 and 0.45 < r["original_identity_changed_fraction"] < 0.55),
    ("the 27 units of a 56-layer net pass on 0.5²⁷ ≈ 7·10⁻⁹ of the signal",
     lambda r: r["units"] == 27 and f"{r['direct_path_constant_scaling']:.0e}" == "7e-09"),
    ("In every run (the committed seed runs and this one), the original and the pre-activation nets ended more than"
     " 10 points of training error below the net whose shortcuts are scaled by 0.5",
     lambda r: all(r[f"spread_identity_lower_than_scaled_{v}"] == r["spread_runs"] >= 4
                   and r[f"scaled_minus_{v}_train_error"] >= IDENTITY_BELOW_SCALED_BY_AT_LEAST
                   for v in ("original", "full_preactivation"))),
    ("the scaled net's first unit gets more gradient than its last (a ratio more than 5× the original net's)",
     lambda r: r["grad_first_over_last_constant_scaling"] > 1
     and r["grad_first_over_last_constant_scaling"] > 5 * r["grad_first_over_last_original"]),
    ("the identity nets keep their first and last units within a factor of 15",
     lambda r: all(1 / 15 < r[f"grad_first_over_last_{v}"] < 15 for v in ("original", "full_preactivation"))),
    ("In at least one of our runs pre-activation ended with a higher training error than the original unit",
     lambda r: r["spread_preact_above_original"] >= 1),
    ("the branch adds on average less than 80 % of what the shortcut carries",
     lambda r: all(0 < r[f"mean_response_ratio_{v}"] < 0.8 for v in ("original", "full_preactivation"))),
]


def test_the_takeaways_hold(results):
    assert_claims_hold(series.notebooks("07-")[0], results, CLAIMS)
