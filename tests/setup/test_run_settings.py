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
    text = (KIT / "Settings.java").read_text()

    def listed(name: str) -> tuple[str, ...]:
        found = re.search(name + r" = List\.of\(([^)]*)\)", text).group(1)
        return tuple(found.replace('"', "").replace(" ", "").split(","))
    assert listed("MODES") == run_settings.MODES
    assert listed("DATASETS") == run_settings.DATASETS
    assert listed("PLANS") == run_settings.PLANS
    assert re.search(r'EPOCHS_PATTERN = Pattern\.compile\("\[1-9\]\[0-9\]\{0,3\}"\)', text)
    assert re.search(r'SEED_PATTERN = Pattern\.compile\("-\?\[0-9\]\{1,18\}"\)', text)
    # The kit says "is not accepted: use ..." in the same words as the terminal.
    assert "\"' is not accepted: use \"" in text


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
