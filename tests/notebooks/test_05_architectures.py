"""Notebook 05: the builders reproduce the paper's parameter and multiply-add counts."""
from __future__ import annotations

import pytest

import series
from takeaways import assert_claims_hold

pytestmark = pytest.mark.notebook

# He et al. (2015), Table 6: parameters of the CIFAR-10 ResNets, in millions (two digits).
PAPER_CIFAR = {20: 0.27, 32: 0.46, 44: 0.66, 56: 0.85, 110: 1.7}
# He et al. (2015), Table 1: multiply-adds at 224×224, in billions.
PAPER_IMAGENET = {"resnet18": 1.8, "resnet34": 3.6, "resnet50": 3.8}


def test_cifar_family_parameter_counts_match_table_6(notebook_outcome):
    r = notebook_outcome("05").results
    for depth, millions in PAPER_CIFAR.items():
        counted = r[f"cifar_resnet{depth}_params_A"]
        # The paper rounds to two significant digits; our 1-channel stem has 288 fewer weights.
        assert float(f"{counted / 1e6:.2g}") == millions, (depth, counted)
    assert r["cifar_resnet20_params_A"] == 269_434


def test_option_b_adds_only_the_two_projections(notebook_outcome):
    r = notebook_outcome("05").results
    # 1×1 convs 16→32 and 32→64 (512 + 2048 weights) with their batch norms (64 + 128).
    assert r["option_b_extra_params"] == 512 + 2048 + 64 + 128
    for depth in PAPER_CIFAR:
        assert r[f"cifar_resnet{depth}_params_B"] - r[f"cifar_resnet{depth}_params_A"] == 2752


def test_imagenet_multiply_adds_match_table_1(notebook_outcome):
    r = notebook_outcome("05").results
    for name, billions in PAPER_IMAGENET.items():
        assert abs(r[f"{name}_imagenet_gmacs"] - billions) / billions < 0.05, name


def test_stages_cost_about_the_same_and_bottleneck_pays(notebook_outcome):
    r = notebook_outcome("05").results
    assert 1.0 <= r["resnet20_stage_macs_max_over_min"] < 1.2
    # He et al. (2015, Fig. 5): the bottleneck on 256 channels costs about what a basic block on 64 does
    # (69,632 vs 73,728 conv weights), and ResNet-50 costs about what ResNet-34 does (Table 1).
    assert 0.9 < r["bottleneck_vs_basic64_params"] < 1.0
    assert 15 < r["basic256_vs_bottleneck_params"] < 18
    assert 1.0 < r["resnet50_vs_34_macs"] < 1.1
    assert 1.1 < r["resnet50_vs_34_params"] < 1.25


# The takeaways (markdown) and the numbers that must back them; thresholds as in the tests above.
CLAIMS = [
    ("has 269,434 … 1.7 million parameters, matching He et al. (2015), Table 6, to its two significant digits",
     lambda r: r["cifar_resnet20_params_A"] == 269_434
     and all(float(f"{r[f'cifar_resnet{d}_params_A'] / 1e6:.2g}") == m for d, m in PAPER_CIFAR.items())),
    ("adds the same 2,752 parameters at every depth",
     lambda r: all(r[f"cifar_resnet{d}_params_B"] - r[f"cifar_resnet{d}_params_A"] == 2752 for d in PAPER_CIFAR)),
    ("differ in multiply-adds by less than 20 %", lambda r: r["resnet20_stage_macs_max_over_min"] < 1.2),
    ("costs within 5 % of the paper's 1.8, 3.6 and 3.8 billion multiply-adds",
     lambda r: all(abs(r[f"{n}_imagenet_gmacs"] - b) / b < 0.05 for n, b in PAPER_IMAGENET.items())),
    ("costs slightly less than a basic block on 64 channels", lambda r: 0.9 < r["bottleneck_vs_basic64_params"] < 1.0),
    ("would cost 15 to 18 times as much", lambda r: 15 < r["basic256_vs_bottleneck_params"] < 18),
    ("needs only up to 10 % more multiply-adds than ResNet-34 (and up to 25 % more parameters)",
     lambda r: 1.0 < r["resnet50_vs_34_macs"] < 1.1 and 1.0 < r["resnet50_vs_34_params"] < 1.25),
]


def test_the_takeaways_hold(notebook_outcome):
    assert_claims_hold(series.notebooks("05-")[0], notebook_outcome("05").results, CLAIMS)
