"""A bad RESNET_* value is refused before any kernel starts (bin/lab, bin/series), naming the
variable and what it accepts; the accepted values are the kit's own."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import run_settings

ROOT = Path(__file__).resolve().parents[2]
KIT = ROOT / "kit" / "src" / "main" / "java" / "org" / "resnetnotebooks" / "kit"


@pytest.mark.parametrize("name,value", [
    ("RESNET_MODE", "quick"), ("RESNET_EPOCHS", "abc"), ("RESNET_EPOCHS", "0"), ("RESNET_PLAN", "Shipped model"),
    ("RESNET_DATASET", "mnist"), ("RESNET_SEED", "4.2"), ("RESNET_HEAP", "lots")])
def test_a_bad_value_is_named_with_what_is_accepted(name, value):
    [message] = run_settings.problems({name: value})
    assert message.startswith(f"{name}={value!r} is not accepted: use ")


@pytest.mark.parametrize("name,value", [
    ("RESNET_MODE", " Fast "), ("RESNET_MODE", "default"), ("RESNET_EPOCHS", "15"), ("RESNET_PLAN", "shipped"),
    ("RESNET_DATASET", "Fashion_MNIST"), ("RESNET_DATASET", "cifar10"), ("RESNET_SEED", "-3"),
    ("RESNET_HEAP", "1500m"), ("RESNET_MODE", "")])
def test_good_and_empty_values_pass(name, value):
    assert run_settings.problems({name: value}) == []


def test_the_accepted_values_are_the_kits():
    def listed(java: str) -> tuple[str, ...]:
        text = (KIT / java).read_text()
        return tuple(re.search(r"VALID_VALUES = List\.of\(([^)]*)\)", text).group(1).replace('"', "").replace(" ", "").split(","))
    assert listed("RunMode.java") == run_settings.MODES
    assert listed("DatasetChoice.java") == run_settings.DATASETS


def test_bin_series_refuses_before_starting_a_kernel():
    env = dict(os.environ, RESNET_MODE="fsat")
    proc = subprocess.run([sys.executable, str(ROOT / "tools" / "series.py"), "--only", "00"], env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert "RESNET_MODE='fsat' is not accepted: use fast, full or default" in proc.stderr
    assert "[series]" not in proc.stdout, "no notebook was started"


def test_the_script_bin_lab_runs_exits_2_with_the_fix():
    env = dict(os.environ, RESNET_PLAN="shiped")
    proc = subprocess.run([sys.executable, str(ROOT / "kernel-setup" / "run_settings.py")], env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert "RESNET_PLAN='shiped' is not accepted: use train or shipped" in proc.stderr
    assert "README.md 'Settings'" in proc.stderr
