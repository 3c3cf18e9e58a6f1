"""bin/benchmark's arithmetic: the machine's peak from /proc/cpuinfo, and the report's ratios."""
from __future__ import annotations

import argparse

import pytest

import benchmark

CPUINFO = """processor\t: 0
vendor_id\t: GenuineIntel
model name\t: Intel(R) Xeon(R) CPU @ 2.20GHz
cpu MHz\t\t: 2200.000
flags\t\t: fpu sse sse2 avx avx2 fma avx512f

processor\t: 1
model name\t: Intel(R) Xeon(R) CPU @ 2.20GHz
cpu MHz\t\t: 2200.000
flags\t\t: fpu sse sse2 avx avx2 fma avx512f
"""


def test_cpu_description_reads_the_first_processor():
    cpu = benchmark.cpu_description(CPUINFO)
    assert cpu["model"] == "Intel(R) Xeon(R) CPU @ 2.20GHz"
    assert cpu["mhz"] == 2200.0
    assert "avx512f" in cpu["flags"]


@pytest.mark.parametrize("flags, per_cycle", [
    ({"avx512f", "avx2", "fma", "avx"}, 64),
    ({"avx2", "fma", "avx"}, 32),
    ({"avx2", "avx"}, 16),          # AVX2 without FMA: no fused multiply-add
    ({"sse2"}, 8),
])
def test_flops_per_cycle_follows_the_widest_vector_instructions(flags, per_cycle):
    assert benchmark.flops_per_cycle(flags)[0] == per_cycle


def test_peak_is_cores_times_clock_times_flops_per_cycle():
    peak, how = benchmark.peak_gflops(CPUINFO, cores=2)
    assert peak == pytest.approx(2 * 2.2 * 64)
    assert "2 cores" in how and "2.20 GHz" in how and "AVX-512" in how
    # A known maximum clock (cpufreq) takes precedence over the current one.
    assert benchmark.peak_gflops(CPUINFO, cores=2, max_mhz=3000)[0] == pytest.approx(2 * 3.0 * 64)


def test_peak_without_a_clock_is_an_error():
    with pytest.raises(ValueError):
        benchmark.peak_gflops("model name: x\nflags: avx2 fma\n", cores=2)


def _run(ips, engine="MXNet 1.9.0"):
    return {"engine": engine, "device": "cpu()", "images_per_second": ips, "gflops": ips * 0.25}


def test_report_gives_medians_ratios_and_the_verdict_against_djl_defaults():
    args = argparse.Namespace(batch_size=128, rounds=3, warmup=5, batches=30)
    runs = {"mxnet-project": [_run(500), _run(520), _run(480)],
            "mxnet-defaults": [_run(400), _run(380), _run(420)],
            "pytorch": [_run(450, "PyTorch 2.7.1")], "torch-python": []}
    text = benchmark.render(args, runs, {"torch-python": "not installed"}, 2, "Test CPU", 281.6, "how")
    assert "| MXNet, project settings | MXNet 1.9.0 on cpu() | 500 | 500, 520, 480 | 1.00x | 125.0 | 44.4 % |" in text
    assert "| MXNet, DJL defaults | MXNet 1.9.0 on cpu() | 400 |" in text and "0.80x" in text
    assert "0.90x" in text                      # PyTorch 450 / 500
    assert "not installed" in text
    assert "not slower than DJL's defaults here (500 vs 400 images/s)" in text
    runs["mxnet-defaults"] = [_run(600)]
    assert "SLOWER than DJL's defaults" in benchmark.render(args, runs, {}, 2, "Test CPU", 281.6, "how")
