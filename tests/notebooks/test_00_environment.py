"""Notebook 00 reports the engine, its version, the device and why; draws a chart;
and its HTML handout draws that chart in headless Chromium with no network."""
from __future__ import annotations

import base64
import re
import subprocess
import tempfile

import nbformat
import pytest

import series
from lab import CHROMIUM_ARGS, require_chromium
from saved_charts import PLOTLY_MIME
from takeaways import assert_claims_hold

pytestmark = pytest.mark.notebook
# The engine the `java` kernel was set up with (bin/setup --engine ...), and its version prefix.
ENGINE = series.kernel_engine()
VERSION_PREFIX = {"MXNet": "1.9", "PyTorch": "2.7"}[ENGINE]

def test_records_engine_version_device_and_reason(notebook_outcome):
    r = notebook_outcome("00").results
    assert r["engine"] == ENGINE
    # MXNet's native library reports 1.9.0 for the 1.9.1 artifact; PyTorch reports 2.7.1.
    assert r["engine_version"].startswith(VERSION_PREFIX)
    assert r["device"] in ("cpu()", "gpu(0)")
    if r["device"] == "cpu()":
        assert len(r["device_reason"]) > 20, "the CPU choice must come with a reason"
    assert float(r["matmul_max_abs_error"]) < 1e-3
    assert float(r["peak_matmul_gflops"]) > 0.5


CLAIMS = [
    ("agrees with plain Java to float rounding (a largest difference below 10⁻³",
     lambda r: r["matmul_max_abs_error"] < 1e-3),
    ("names the engine, its version, the device it runs on, and why that device",
     lambda r: r["engine"] == ENGINE and r["engine_version"].startswith(VERSION_PREFIX)
     and (r["device"] != "cpu()" or len(r["device_reason"]) > 20)),
    ("Fashion-MNIST with 60,000 training and 10,000 test images",
     lambda r: r["train_size"] == 60_000 and r["test_size"] == 10_000),
    ("the speed chart of section 5 was drawn", lambda r: r["peak_matmul_gflops"] > 0.5),
]


def test_the_takeaways_hold(notebook_outcome):
    assert_claims_hold(series.notebooks("00")[0], notebook_outcome("00").results, CLAIMS)


def test_saved_output_shows_engine_device_and_chart(notebook_outcome):
    nb = nbformat.read(notebook_outcome("00").executed, as_version=4)
    text = "\n".join(str(o) for c in nb.cells for o in c.get("outputs", []))
    assert f"{ENGINE} {VERSION_PREFIX}." in text and "cpu()" in text and "Why the CPU" in text
    assert "Kit:     resnet-kit-" in text and "from this checkout's build/kit-repo" in text, "the kernel loads this checkout's kit"
    outputs = [o["data"] for c in nb.cells for o in c.get("outputs", []) if PLOTLY_MIME in o.get("data", {})]
    assert outputs, "no plotly chart in the outputs"
    for data in outputs:
        figure = data[PLOTLY_MIME]
        assert isinstance(figure, dict) and figure["data"][0]["y"], "the chart is stored as a JSON object with data"
        assert base64.b64decode(data["image/png"])[:8] == b"\x89PNG\r\n\x1a\n", "a picture for script-less viewers"
        assert data["text/plain"].startswith("Chart: "), "a short text, not the chart's code"
    assert "<script" not in text, "no output needs a script (an untrusted notebook runs none)"


def test_handout_draws_the_chart_offline_in_chromium(notebook_outcome):
    browser = require_chromium()
    html = notebook_outcome("00").html
    with tempfile.TemporaryDirectory() as profile:
        base = [browser, *CHROMIUM_ARGS, f"--user-data-dir={profile}", "--virtual-time-budget=20000"]
        dom = subprocess.run(base + ["--dump-dom", html.as_uri()], capture_output=True, text=True,
                             timeout=180).stdout
        shot = html.with_suffix(".png")
        subprocess.run(base + ["--window-size=1280,9000", f"--screenshot={shot}", html.as_uri()],
                       capture_output=True, timeout=180)
    assert 'class="main-svg"' in dom, "plotly drew no SVG: the chart box is empty"
    # A drawn line trace has a path with real coordinates.
    lines = re.findall(r'class="js-line"[^>]*d="(M[^"]+)"', dom)
    assert lines and max(len(d) for d in lines) > 20, "the chart has no drawn line"
    assert 'data-chart-state="drawn"' in dom, "the kit's chart script did not mark the chart drawn"
    assert shot.exists() and shot.stat().st_size > 20_000
