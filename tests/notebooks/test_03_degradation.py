"""Notebook 03 measures the degradation problem (He et al. 2015, Fig. 6) on a Fashion-MNIST subset:
(1) the deeper plain net ends with a higher training error than the shallower plain net;
(2) the deeper residual net does not: its training error is about equal to or below the
    shallower residual net's, and clearly below the deeper plain net's.

Fast mode: plain-8, ResNet-8, plain-26, ResNet-26; 1,000 training images, 16 epochs (128 SGD
steps), one recipe (SGD momentum 0.9, weight decay 1e-4, batch 128, linear warm-up to 0.1 over
the first tenth of the steps, then cosine decay to 0). Training error = wrong answers counted
during the steps of the last epoch, in %; gaps in percentage points (pp).

Calibration: the fast-mode recipe run with seeds 1, 2, 3 and 42 by the notebook's author (plain
Java, the notebook's code path and data, one thread) and with seeds 42, 4, 5, 6 as the notebook
itself on the Java kernel (2026-11-29); final training error in %:

    seed        plain-8  ResNet-8  plain-26  ResNet-26 | plain gap  ResNet gap  plain-26 - ResNet-26
       1           3.2      6.0      14.2       2.0    |  +11.0       -4.0          +12.2
       2           3.2      7.8      15.4       5.6    |  +12.2       -2.2           +9.8
       3           5.6      7.8       7.6       1.4    |   +2.0       -6.4           +6.2
      42           6.0      5.9      11.7       6.2    |   +5.7       +0.3           +5.5
      42 (kernel)  6.0      6.5      12.4       7.7    |   +6.4       +1.2           +4.7
       4 (kernel)  4.9      7.0      15.4       2.4    |  +10.5       -4.6          +13.0
       5 (kernel)  4.0      5.2      15.1       0.0    |  +11.1       -5.2          +15.1
       6 (kernel)  6.8      7.6      11.8       1.6    |   +5.0       -6.0          +10.2

(MXNet on the CPU is not bit-reproducible across thread counts, hence the two seed-42 rows.)
Spread: plain gap +2.0 .. +12.2 pp (mean +8.1); ResNet gap -6.4 .. +1.2 pp (mean -3.4);
plain-26 - ResNet-26 +4.7 .. +15.1 pp; plain gap - ResNet gap +5.2 .. +16.3 pp.

Every threshold below comes from that spread, not from a binomial error bar (which understates
run-to-run noise: the same seed gives different numbers on different thread counts). Each lies
just beyond every calibrated value in the direction of the claim's failure, so a seed that shows
the paper's findings passes, and a net without its shortcuts (its "ResNet" gap would be a plain
gap), a wrong recipe or a wrong error count fails.

The notebook itself words its conclusions to the default-mode spread in
notebooks/results/03-the-degradation-problem.seeds.json (tools/seed_spread.py); the tests below
check that its words follow its own numbers.
"""
from __future__ import annotations

import nbformat
import pytest

import series
from saved_charts import charts
from takeaways import assert_claims_hold

pytestmark = pytest.mark.notebook

NB = "03"

# plain-26 minus plain-8, pp: "higher". Measured +2.0 .. +12.2.
PLAIN_DEGRADES_BY_AT_LEAST = 1.0
# ResNet-26 minus ResNet-8, pp: "not worse in most runs". Measured -6.4 .. +1.2.
RESNET_DEEP_MINUS_SHALLOW_AT_MOST = 2.0
# plain-26 minus ResNet-26, pp: "lower than the deeper plain net's". Measured +4.7 .. +15.1.
PLAIN_DEEP_ABOVE_RESNET_DEEP_BY_AT_LEAST = 3.0
# (plain gap) minus (ResNet gap), pp: depth hurts the plain net more. Measured +5.2 .. +16.3.
PLAIN_GAP_ABOVE_RESNET_GAP_BY_AT_LEAST = 3.0

NETS = ("plain-8", "ResNet-8", "plain-26", "ResNet-26")


@pytest.fixture(scope="module")
def results(notebook_outcome):
    outcome = notebook_outcome(NB)
    assert outcome.status == "ok", outcome.error
    return outcome.results


def test_nets_have_the_papers_parameter_counts_and_plain_equals_residual(results):
    assert results["resnet20_parameters"] == 269_434  # rounds to 0.27 M (He et al. 2015, Table 6)
    assert results["resnet56_parameters"] == 852_730  # rounds to 0.85 M
    assert results["plain_and_residual_same_parameter_count"] == 1


def test_fast_mode_compares_8_and_26_layers(results):
    assert (results["shallow_depth"], results["deep_depth"]) == (8, 26)


def test_recorded_gaps_are_the_differences_of_the_recorded_errors(results):
    r = results
    for name in NETS:
        assert 0 <= r[f"train_error_{name}"] <= 100
        assert 0 <= r[f"test_error_{name}"] <= 100
        # Every net learned: far below the 90 % error of guessing (calibrated finals: 1.4 .. 15.4).
        assert r[f"train_error_{name}"] < 40, name
    assert r["plain_deep_minus_shallow_train_error"] == pytest.approx(r["train_error_plain-26"] - r["train_error_plain-8"])
    assert r["res_deep_minus_shallow_train_error"] == pytest.approx(r["train_error_ResNet-26"] - r["train_error_ResNet-8"])
    assert r["plain_deep_minus_res_deep_train_error"] == pytest.approx(r["train_error_plain-26"] - r["train_error_ResNet-26"])


def test_finding_1_the_deeper_plain_net_has_higher_training_error(results):
    assert results["plain_deep_minus_shallow_train_error"] >= PLAIN_DEGRADES_BY_AT_LEAST


def test_finding_2_the_deeper_resnet_does_not_degrade(results):
    assert results["res_deep_minus_shallow_train_error"] <= RESNET_DEEP_MINUS_SHALLOW_AT_MOST
    assert results["plain_deep_minus_res_deep_train_error"] >= PLAIN_DEEP_ABOVE_RESNET_DEEP_BY_AT_LEAST


def test_depth_hurts_the_plain_net_more_than_the_resnet(results):
    gap = results["plain_deep_minus_shallow_train_error"] - results["res_deep_minus_shallow_train_error"]
    assert gap >= PLAIN_GAP_ABOVE_RESNET_GAP_BY_AT_LEAST


def test_outputs_show_the_curves_and_the_comparison_with_the_paper(notebook_outcome):
    nb = nbformat.read(notebook_outcome(NB).executed, as_version=4)
    text = "\n".join(str(o) for c in nb.cells for o in c.get("outputs", []))
    assert len(charts(nb)) >= 2, "the training-error chart and the responses chart"
    for name in NETS:
        assert name in text
    assert "He et al. 2015, CIFAR-10" in text and "8.75" in text and "6.97" in text
    assert "training error (%)" in text


def test_conclusions_are_worded_to_the_spread_over_seeds(notebook_outcome, results):
    """The notebook reads the committed seed runs and counts, over them and this run, how often each
    finding points the paper's way; its takeaway says exactly those counts, with no binomial band."""
    nb = nbformat.read(notebook_outcome(NB).executed, as_version=4)
    text = "\n".join(str(o) for c in nb.cells for o in c.get("outputs", []))
    runs = int(results["spread_runs"])
    assert runs >= 4, "at least three seed runs beside this one"
    assert "runs in the paper's direction" in text
    assert "two standard errors" not in text
    plain, res_ok = int(results["spread_plain_degrades"]), int(results["spread_res_deep_not_worse"])
    if plain == runs:
        assert f"the deeper plain net ended with the higher training error in all {runs} runs" in text
    else:
        assert f"in {plain} of {runs} runs only" in text
    if res_ok < runs:
        assert f"not worse than the shallower one in {res_ok} of {runs} runs" in text
        assert "the data do not say that depth helps the ResNet" in text


# The takeaways (markdown) and the numbers that must back them. "Every run" means the committed
# seed runs and this one, as the notebook counts them (spread_*).
CLAIMS = [
    ("have identical parameter counts (ResNet-20: 269,434, the paper's 0.27 M)",
     lambda r: r["plain_and_residual_same_parameter_count"] == 1 and r["resnet20_parameters"] == 269_434),
    ("In every run we have (the committed seed runs and this one), the 26-layer plain net ended with a higher"
     " training error than the 8-layer one",
     lambda r: r["deep_depth"] == 26 and r["shallow_depth"] == 8 and r["spread_plain_degrades"] == r["spread_runs"] >= 4
     and r["plain_deep_minus_shallow_train_error"] >= PLAIN_DEGRADES_BY_AT_LEAST),
    ("In every run, the 26-layer ResNet ended below the 26-layer plain net",
     lambda r: r["spread_res_deep_below_plain_deep"] == r["spread_runs"]
     and r["plain_deep_minus_res_deep_train_error"] >= PLAIN_DEEP_ABOVE_RESNET_DEEP_BY_AT_LEAST),
    ("In no run was the 26-layer ResNet more than 2 points worse than the 8-layer one, and in most runs it was better",
     lambda r: r["spread_res_gap_max"] <= RESNET_DEEP_MINUS_SHALLOW_AT_MOST
     and r["spread_res_deep_not_worse"] > r["spread_runs"] / 2),
]


def test_the_takeaways_hold(results):
    assert_claims_hold(series.notebooks("03-")[0], results, CLAIMS)
