"""Notebook 02 (the residual block in DJL): the claims its prose makes, checked on the fast-mode run.

Exact claims (structure, parameter counts, gamma = 0) are asserted exactly. The measured claims
(sizes of the residual, layer responses) get thresholds from fast-mode runs with several seeds
(RESNET_SEED); the spread is written next to each threshold.

SPREAD (fast mode, seeds 42, 1, 2, 3 on the Java kernel, 2026-11-28/29):
  mean ||F(x)|| / ||s(x)|| after training  0.849, 0.850, 0.858, 0.778   (threshold < 0.95)
  the same at initialisation               0.815, 0.836, 0.817, 0.815   (threshold < 0.95)
  blocks with a ratio below 1, trained     8, 8, 8, 8 of 9              (threshold >= 8)
  test accuracy ResNet-20 / plain-20       0.785/0.773, 0.755/0.781, 0.718/0.806, 0.810/0.779
                                           (threshold > 0.60; chance 0.10)
"""
from __future__ import annotations

import nbformat
import pytest

import series
from saved_charts import charts
from takeaways import assert_claims_hold

pytestmark = pytest.mark.notebook

N_BLOCKS = 9  # ResNet-20: 3 stages of 3 blocks


@pytest.fixture(scope="module")
def r(notebook_outcome):
    outcome = notebook_outcome("02")
    assert outcome.status == "ok", f"notebook 02 failed: {outcome.error}"
    return outcome.results


def test_block_shapes_and_parameter_counts(r):
    # 2 * 9 * 16 * 16 + 2 * 2 * 16: two 3x3 convs without bias, two BNs (gamma, beta)
    assert r["params_identity_block_16"] == 2 * 9 * 16 * 16 + 4 * 16 == 4672
    assert r["params_plain_block_16_32"] == 9 * 16 * 32 + 9 * 32 * 32 + 4 * 32
    # option A: zero-padding has no parameters at all
    assert r["optionA_extra_params"] == 0
    assert r["params_optionA_block_16_32"] == r["params_plain_block_16_32"]
    # option B: the 1x1 conv (16 * 32) and its BN (2 * 32)
    assert r["optionB_extra_params"] == 16 * 32 + 2 * 32 == 576


def test_zero_gamma_block_computes_relu_exactly(r):
    assert r["zero_gamma_relu_max_abs_error"] < 1e-6
    assert r["zero_gamma_identity_max_abs_error"] < 1e-6


def test_resnet20_size_matches_the_paper_and_the_kit(r):
    assert r["resnet20_params"] == r["plain20_params"] == 269_434  # He et al. 2015, Table 6: 0.27 M
    assert r["kit_matches_handwritten"] == 1
    assert r["kit_max_output_difference"] < 1e-5  # same weights copied in: the same outputs


def test_both_nets_learned(r):
    # "Both nets learned to classify clothing." See SPREAD above.
    assert r["resnet_test_accuracy"] > 0.60  # chance is 0.10
    assert r["plain_test_accuracy"] > 0.60


def test_residual_is_smaller_than_the_signal_it_is_added_to(r):
    # Takeaway of section 5: F(x) smaller than s(x) in most blocks, mean ratio below 1.
    assert r["ratio_blocks_below_1_trained"] >= N_BLOCKS - 1
    assert r["ratio_mean_trained"] < 0.95
    assert r["ratio_mean_init"] < 0.95



def test_structure_of_the_ratio_at_initialisation(r):
    # Prose: the first block is the exception (ratio above 1); the signal grows along a stage,
    # so within each stage the ratio falls from block to block.
    assert r["ratio_init_block_1"] > 1
    for i in range(2, N_BLOCKS + 1):
        assert r[f"ratio_init_block_{i}"] < 1, i
    for stage in range(3):
        first = 3 * stage + 1
        assert r[f"ratio_init_block_{first}"] > r[f"ratio_init_block_{first + 1}"] > r[f"ratio_init_block_{first + 2}"]
    # ... and jumps up at the first block of stages 2 and 3 (half of the option-A shortcut is zeros).
    assert r["ratio_init_block_4"] > r["ratio_init_block_3"]
    assert r["ratio_init_block_7"] > r["ratio_init_block_6"]


def test_layer_responses_at_initialisation_are_one(r):
    # BN with gamma = 1 and batch statistics: every response is 1 by construction.
    assert abs(r["response_std_mean_resnet_init"] - 1) < 0.01
    assert abs(r["response_std_mean_plain_init"] - 1) < 0.01


def test_resnet_responses_are_smaller_than_plain(r):
    # He et al. 2015, Fig. 7, and the notebook's takeaway: smaller in the ResNet, and the gap
    # sits in the second layer of each block (the one that outputs F(x)).
    plain, res = r["response_std_mean_plain_trained"], r["response_std_mean_resnet_trained"]
    plain2, res2 = r["response_std2_mean_plain_trained"], r["response_std2_mean_resnet_trained"]
    assert res < plain - 0.01
    assert res2 < plain2 - 0.025
    plain1, res1 = 2 * plain - plain2, 2 * res - res2
    assert plain2 - res2 > plain1 - res1
    assert r["response_second_layers_resnet_smaller"] >= N_BLOCKS - 1


def test_summary_and_key_figure_are_printed(notebook_outcome, r):
    nb = nbformat.read(notebook_outcome("02").executed, as_version=4)
    text = "\n".join(str(o) for c in nb.cells for o in c.get("outputs", []))
    assert charts(nb), "no chart in the outputs"
    assert "the direction of the paper's Fig. 7" in text and "NOT the direction" not in text
    # The text never presents the residual ratio as a training effect unless it fell during training.
    fell = r["ratio_mean_trained"] < r["ratio_mean_init"] - 0.02
    assert ("training made the residuals smaller" in text) == fell
    assert "smallest residual is in block" not in text, "exercise 02.3 used to ask for it: no spoilers"
    assert "a small effect after a short run" in text
    assert "every row matches" in text
    assert "ResNet-20" in r["key_figure"]


# The takeaways (markdown) and the numbers that must back them; thresholds as in the tests above.
CLAIMS = [
    ("has exactly 4,672 trainable parameters at 16 channels", lambda r: r["params_identity_block_16"] == 4672),
    ("option A (zero-padding) adds no parameters at all; option B (a 1×1 projection and its batch norm) adds 576",
     lambda r: r["optionA_extra_params"] == 0 and r["optionB_extra_params"] == 576),
    ("With the last batch norm's γ = 0 the block computes exactly ReLU(x)",
     lambda r: r["zero_gamma_relu_max_abs_error"] < 1e-6),
    ("has 269,434 parameters, the paper's \"0.27 M\", as many as its plain twin",
     lambda r: r["resnet20_params"] == r["plain20_params"] == 269_434),
    ("above 60 % test accuracy; chance is 10 %",
     lambda r: r["resnet_test_accuracy"] > 0.60 and r["plain_test_accuracy"] > 0.60),
    ("in at least 8 of the 9 blocks (mean ‖F(x)‖/‖s(x)‖ below 0.95)",
     lambda r: r["ratio_blocks_below_1_trained"] >= 8 and r["ratio_mean_trained"] < 0.95),
    ("It was already below 1 at initialisation", lambda r: r["ratio_mean_init"] < 1),
    ("The trained ResNet-20's layers respond less than plain-20's, and most of the gap sits in the second layer",
     lambda r: r["response_std_mean_resnet_trained"] < r["response_std_mean_plain_trained"] - 0.01
     and (r["response_std2_mean_plain_trained"] - r["response_std2_mean_resnet_trained"])
     > (r["response_std_mean_plain_trained"] - r["response_std_mean_resnet_trained"])),
    ("the same parameter counts, shapes and, with the same weights, the same outputs",
     lambda r: r["kit_matches_handwritten"] == 1 and r["kit_max_output_difference"] < 1e-5),
]


def test_the_takeaways_hold(r):
    assert_claims_hold(series.notebooks("02-")[0], r, CLAIMS)
