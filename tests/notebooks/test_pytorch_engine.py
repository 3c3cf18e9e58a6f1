"""Notebooks 00 and 06 run unchanged on DJL's PyTorch engine (kernel `java-pytorch`), offline.

The set-up installs that kernel with `--with-pytorch` (bin/test and CI ask for it) or
`--engine pytorch`. The notebook's metadata names `java`; the runner overrides the kernel.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import nbformat
import pytest

import engines
import series

pytestmark = pytest.mark.notebook

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "build" / "test-notebooks" / "pytorch"
# Lines that mean DJL tried to download something or a cell failed quietly.
BAD_STDERR = ("Exception", "SLF4J(W)", "Offline mode is enabled", "Failed to download", "Downloading")


def _pytorch_outcome(prefix: str):
    wanted = os.environ.get("RESNET_TEST_PYTORCH")  # bin/test sets it: "0" means MXNet only
    if wanted == "0":
        pytest.skip("RESNET_TEST_PYTORCH=0: PyTorch is not tested")
    if series.kernel_spec(engines.PYTORCH_KERNEL) is None:
        if wanted or os.environ.get("CI"):
            pytest.fail(f"kernel {engines.PYTORCH_KERNEL} is not installed: run bin/setup --with-pytorch")
        pytest.skip(f"kernel {engines.PYTORCH_KERNEL} not installed (bin/setup --with-pytorch)")
    path = next(p for p in series.notebooks() if p.name.startswith(prefix))
    return series.execute(path, OUT, mode="fast", cell_timeout=900, kernel=engines.PYTORCH_KERNEL)


@pytest.fixture(scope="module")
def outcome():
    return _pytorch_outcome("00")


@pytest.fixture(scope="module")
def training_outcome():
    return _pytorch_outcome("06")


def test_notebook_00_runs_on_pytorch_offline(outcome):
    assert outcome.status == "ok", f"{outcome.name} failed on PyTorch: {outcome.error} (see {outcome.executed})"
    nb = nbformat.read(outcome.executed, as_version=4)
    assert series.error_outputs(nb) == []
    assert series.stderr_with(nb, BAD_STDERR) == []


def test_reports_pytorch_its_version_and_the_device(outcome):
    r = outcome.results
    assert r["engine"] == "PyTorch"
    assert r["engine_version"] == engines.pytorch_version(ROOT)
    assert r["device"] in ("cpu()", "gpu(0)")
    assert float(r["matmul_max_abs_error"]) < 1e-3
    nb = nbformat.read(outcome.executed, as_version=4)
    text = "\n".join(str(o) for c in nb.cells for o in c.get("outputs", []))
    assert "PyTorch native library" in text
    assert not re.search(r"MXNet 1\.9", text), "the report must not describe MXNet when PyTorch runs"


def test_notebook_06_trains_resnet20_on_pytorch(training_outcome):
    from test_06_training import FAST_ACCURACY_AT_LEAST
    o = training_outcome
    assert o.status == "ok", f"{o.name} failed on PyTorch: {o.error} (see {o.executed})"
    nb = nbformat.read(o.executed, as_version=4)
    assert series.stderr_with(nb, BAD_STDERR) == []
    r = o.results
    assert r["start_epoch"] == 1 and r["last_completed_epoch"] == 2
    # The same recipe reaches the same accuracy band on either engine.
    assert r["test_accuracy"] > FAST_ACCURACY_AT_LEAST
    assert r["reloaded_agreement"] == 1.0
