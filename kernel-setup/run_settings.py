#!/usr/bin/env python3
"""Checks the RESNET_* settings before Jupyter or the runner starts a kernel.

Why: the notebooks read these variables inside the kernel, and a kernel cannot ask for a
correction. A typo there shows up as an error in one cell and, worse, as follow-on errors in every
later cell (e.g. a NullPointerException on `mode` after the set-up cell refused RESNET_MODE).
`bin/lab` and `bin/series` refuse a bad value here, in the terminal, with the variable, the value
and what is accepted, before anything starts. The kernel's own checks (the kit's Settings class,
which RunMode, DatasetChoice and notebook 06 read through) stay: they guard a kernel started some
other way.

Run as a script it prints the problems and exits 2 (bin/lab does that), or exits 0 silently.
"""
from __future__ import annotations

import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from kernel_launch import HEAP  # noqa: E402  (the launcher applies RESNET_HEAP)

# variable -> (test of its stripped value, what is accepted). Keep these in step with the kit's
# Settings class (every RESNET_* variable a kernel reads) and kernel_launch.py (RESNET_HEAP);
# tests/setup/test_run_settings.py checks that the lists and the words are the kit's.
MODES = ("fast", "full", "default")
DATASETS = ("fashion-mnist", "cifar10")
PLANS = ("train", "shipped")
RULES = {
    "RESNET_MODE": (lambda v: v.lower() in MODES, "fast, full or default (unset means full)"),
    "RESNET_DATASET": (lambda v: v.lower().replace("_", "").replace("-", "") in ("fashionmnist", "cifar10"),
                       "fashion-mnist or cifar10 (unset means fashion-mnist)"),
    "RESNET_EPOCHS": (lambda v: re.fullmatch(r"[1-9][0-9]{0,3}", v) is not None,
                      "a whole number of epochs from 1 to 9999 (unset: the notebook's own length)"),
    "RESNET_PLAN": (lambda v: v.lower() in PLANS, "train or shipped (unset means train)"),
    "RESNET_SEED": (lambda v: re.fullmatch(r"-?[0-9]{1,18}", v) is not None, "a whole number, e.g. 42"),
    "RESNET_HEAP": (lambda v: HEAP.fullmatch(v) is not None, "a heap size such as 2g or 1500m"),
}


def problems(env: dict[str, str]) -> list[str]:
    """One sentence per RESNET_* variable whose value the notebooks would refuse."""
    found = []
    for name, (ok, accepted) in RULES.items():
        value = env.get(name)
        if value is None or not value.strip():
            continue   # unset or empty: the default
        if not ok(value.strip()):
            found.append(f"{name}={value!r} is not accepted: use {accepted}.")
    return found


def main() -> int:
    found = problems(dict(os.environ))
    for line in found:
        print(line, file=sys.stderr)
    if found:
        print("Change or unset the variable in this terminal (e.g. `unset RESNET_MODE`) and start again; "
              "README.md 'Settings' lists every one.", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
