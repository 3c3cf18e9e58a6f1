#!/usr/bin/env python3
"""Training throughput of notebook 06's ResNet-20 step, engine by engine, in one run.

Each configuration runs in its own JVM (engines read their threading settings once, at load),
and the configurations take turns for several rounds, so slow drift of the machine (other
programs, thermal limits) hits them all alike; the median of the rounds is reported, with the
ratios between configurations, which are what this machine can tell reliably.

Configurations:
  mxnet-project   MXNet with the project's kernel settings (kernel.json of the `java` kernel)
  mxnet-defaults  MXNet with DJL's defaults (the project's threading variables removed)
  mxnet-spinning  the project's settings without OMP_WAIT_POLICY=PASSIVE (OpenMP's spinning default)
  mxnet-1-thread  the project's settings with one OpenMP thread (what a one-CPU hosted session gets)
  mxnet-no-onednn the project's settings with MXNet's own CPU operators instead of oneDNN's
  pytorch         DJL's PyTorch engine, when the set-up installed it (`java-pytorch` kernel)
  torch-python    PyTorch for Python, when `import torch` works in the project's venv

Usage: bin/benchmark [--rounds 3] [--batches 30] [--warmup 5] [--write] [--profile]
       bin/benchmark --time-to-accuracy [...]   (tools/time_to_accuracy.py: minutes to 93 % by recipe)

--profile times the parts of the step instead (tools/step_profile.py): assembly, forward, backward,
update, and MXNet's operators grouped (convolution, batch norm, ...), per MXNet configuration.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import statistics
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KERNELS = ROOT / ".venv" / "share" / "jupyter" / "kernels"
RESULTS_DIR = ROOT / "benchmarks" / "results"
CLASSPATH_FILE = ROOT / "build" / "kit-classpath.txt"
# The variables by which the project's settings differ from DJL's defaults.
PROJECT_THREADING = ("OMP_NUM_THREADS", "MXNET_ENGINE_TYPE", "OMP_WAIT_POLICY")


@dataclass
class Config:
    name: str
    description: str
    kernel: str | None          # kernelspec whose env and classpath the JVM gets
    drop: tuple[str, ...] = ()  # variables removed from that env
    add: tuple[tuple[str, str], ...] = ()  # variables set on top


CONFIGS = [
    Config("mxnet-project", "MXNet, project settings", "java"),
    Config("mxnet-defaults", "MXNet, DJL defaults", "java", drop=PROJECT_THREADING),
    # The project's OMP_WAIT_POLICY=PASSIVE (idle OpenMP threads sleep) against OpenMP's default
    # of spinning: it must cost nothing on a quiet machine.
    Config("mxnet-spinning", "MXNet, project settings but OpenMP threads spinning (OMP_WAIT_POLICY unset)",
           "java", drop=("OMP_WAIT_POLICY",)),
    Config("mxnet-1-thread", "MXNet, project settings, one OpenMP thread", "java",
           add=(("OMP_NUM_THREADS", "1"),)),
    Config("mxnet-no-onednn", "MXNet, project settings, oneDNN off (MXNet's own CPU operators)", "java",
           add=(("MXNET_MKLDNN_ENABLED", "0"),)),
    Config("pytorch", "DJL PyTorch engine", "java-pytorch"),
    Config("torch-python", "PyTorch for Python (same net and batch)", None),
]


# ---------------------------------------------------------------- the machine's peak

def cpu_description(cpuinfo: str) -> dict:
    """Model name, clock (MHz) and instruction-set flags of the first processor in /proc/cpuinfo."""
    first = cpuinfo.split("\n\n")[0]
    fields = {}
    for line in first.splitlines():
        if ":" in line:
            k, v = line.split(":", 1)
            fields[k.strip()] = v.strip()
    return {
        "model": fields.get("model name", "unknown CPU"),
        "mhz": float(fields["cpu MHz"]) if "cpu MHz" in fields else None,
        "flags": set(fields.get("flags", "").split()),
    }


def flops_per_cycle(flags: set[str]) -> tuple[int, str]:
    """Single-precision FLOPs one core can issue per cycle, from its widest vector instructions.

    Assumes two vector FMA units per core, as on Intel and AMD server cores since Haswell/Zen 2;
    a core with one unit reaches half of this.
    """
    if "avx512f" in flags:
        return 64, "AVX-512 FMA: 16 floats x 2 (multiply+add) x 2 units"
    if "avx2" in flags and "fma" in flags:
        return 32, "AVX2 FMA: 8 floats x 2 (multiply+add) x 2 units"
    if "avx" in flags:
        return 16, "AVX without FMA: 8 floats, one add and one multiply per cycle"
    return 8, "SSE: 4 floats, one add and one multiply per cycle"


def peak_gflops(cpuinfo: str, cores: int, max_mhz: float | None = None) -> tuple[float, str]:
    """Theoretical single-precision peak = cores x clock x FLOPs per cycle, with how it was got."""
    cpu = cpu_description(cpuinfo)
    mhz = max_mhz or cpu["mhz"]
    if not mhz:
        raise ValueError("no clock frequency in /proc/cpuinfo")
    per_cycle, why = flops_per_cycle(cpu["flags"])
    peak = cores * mhz / 1000 * per_cycle
    return peak, f"{cores} cores x {mhz / 1000:.2f} GHz x {per_cycle} FLOP/cycle ({why})"


def max_clock_mhz() -> float | None:
    path = Path("/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq")
    try:
        return int(path.read_text()) / 1000
    except (OSError, ValueError):
        return None     # virtual machines often hide it: /proc/cpuinfo's current clock is used


def usable_cores() -> int:
    sys.path.insert(0, str(ROOT / "kernel-setup"))
    import checks  # the set-up's own count, which honours a cgroup CPU quota
    return checks.usable_cores()


# ---------------------------------------------------------------- running the configurations

def kernel_spec(name: str) -> dict | None:
    path = KERNELS / name / "kernel.json"
    return json.loads(path.read_text()) if path.exists() else None


def jvm_command(spec: dict, drop: tuple[str, ...], args: list[str],
                add: tuple[tuple[str, str], ...] = (),
                main_class: str = "org.resnetnotebooks.kit.ThroughputBenchmark") -> tuple[list[str], dict]:
    sys.path.insert(0, str(ROOT / "kernel-setup"))
    import container_limits, kernel_launch, kernelspec  # what a kernel start adds (OMP_NUM_THREADS)
    env = dict(os.environ)
    for k, v in spec.get("env", {}).items():
        env[k] = v.replace("${PATH}", os.environ.get("PATH", ""))
    env.update(kernel_launch.settings(env, container_limits.current()))
    for k in drop:
        env.pop(k, None)
    env.update(dict(add))
    env.update(OPT_OUT_TRACKING="true", DJL_OFFLINE="true")
    classpath = [str(ROOT / "kit" / "target" / "classes"), CLASSPATH_FILE.read_text().strip()]
    if env.get("JJAVA_CLASSPATH"):
        classpath.append(env["JJAVA_CLASSPATH"])
    java = kernelspec.java_of(spec)
    return [java, "-cp", os.pathsep.join(classpath), main_class, *args], env


TORCH_MISSING = ("`torch` is not importable by {python}. PyPI's torch wheel for Linux brings the CUDA "
                 "stack (nvidia-* packages, several GB); install it into a separate venv and pass "
                 "--torch-python that-venv/bin/python")


def run_once(config: Config, batches: int, warmup: int, batch_size: int, torch_python: str) -> dict | str:
    """One measurement as a dict, or the reason the configuration cannot run here."""
    args = [str(batches), str(warmup), str(batch_size), "3"]
    if config.kernel is None:
        if subprocess.run([torch_python, "-c", "import torch"], capture_output=True).returncode != 0:
            return TORCH_MISSING.format(python=torch_python)
        cmd = [torch_python, str(ROOT / "tools" / "torch_throughput.py"), *args]
        # The same threads as the project's kernel: one per usable core.
        env = dict(os.environ, OMP_NUM_THREADS=str(usable_cores()))
    else:
        spec = kernel_spec(config.kernel)
        if spec is None:
            return f"kernel `{config.kernel}` not installed (see README, 'Engines')"
        cmd, env = jvm_command(spec, config.drop, args, config.add)
    return json_line_of(cmd, env)


def json_line_of(cmd: list[str], env: dict) -> dict | str:
    """Runs a measuring program: its last JSON line on stdout, or why there is none."""
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    lines = [l for l in proc.stdout.splitlines() if l.startswith("{")]
    if proc.returncode != 0 or not lines:
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return f"failed (exit {proc.returncode}): {tail}"
    return json.loads(lines[-1])


def main() -> int:
    if "--time-to-accuracy" in sys.argv[1:]:
        import time_to_accuracy
        return time_to_accuracy.main(sys.argv[1:])
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--batches", type=int, default=30, help="timed batches per run")
    p.add_argument("--warmup", type=int, default=5, help="untimed batches first")
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--torch-python", default=str(ROOT / ".venv" / "bin" / "python"),
                   help="a Python that can import torch, for the PyTorch-for-Python column")
    p.add_argument("--write", action="store_true", help=f"also write the table into {RESULTS_DIR.relative_to(ROOT)}/")
    p.add_argument("--profile", action="store_true",
                   help="time the parts of the step and MXNet's operators instead of whole steps")
    a = p.parse_args()
    if not CLASSPATH_FILE.exists():
        print("The kit is not built: run bin/setup first.", file=sys.stderr)
        return 2
    if a.profile:
        return profile(a)

    runs: dict[str, list[dict]] = {c.name: [] for c in CONFIGS}
    skipped: dict[str, str] = {}
    for r in range(a.rounds):
        for c in CONFIGS:
            if c.name in skipped:
                continue
            got = run_once(c, a.batches, a.warmup, a.batch_size, a.torch_python)
            if isinstance(got, str):
                skipped[c.name] = got
                print(f"[benchmark] {c.description}: {got}", flush=True)
            else:
                runs[c.name].append(got)
                print(f"[benchmark] round {r + 1}: {c.description}: {got['images_per_second']:.0f} images/s", flush=True)

    cores = usable_cores()
    cpuinfo = Path("/proc/cpuinfo").read_text()
    peak, how = peak_gflops(cpuinfo, cores, max_clock_mhz())
    report = render(a, runs, skipped, cores, cpu_description(cpuinfo)["model"], peak, how)
    print(report)
    if a.write:
        write_result(report, cpuinfo, cores, "")
    baseline = runs["mxnet-project"]
    return 0 if baseline else 1


def result_stem(cpuinfo: str, cores: int) -> str:
    """A results file's name before its suffix: date, CPU model and cores, e.g. 2026-12-03-amd-epyc-2cores."""
    slug = re.sub(r"[^a-z0-9]+", "-", cpu_description(cpuinfo)["model"].lower()).strip("-")
    return f"{dt.date.today().isoformat()}-{slug}-{cores}cores"


def write_result(report: str, cpuinfo: str, cores: int, suffix: str) -> None:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    out = RESULTS_DIR / f"{result_stem(cpuinfo, cores)}{suffix}.md"
    tmp = out.with_suffix(".tmp")
    tmp.write_text(report)
    os.replace(tmp, out)
    print(f"[benchmark] written to {out.relative_to(ROOT)}")


def profile(a) -> int:
    """bin/benchmark --profile: the MXNet configurations' steps, part by part (tools/step_profile.py)."""
    import step_profile
    configs = [c for c in CONFIGS if c.kernel == "java"]
    spec = kernel_spec("java")
    if spec is None:
        print("The `java` kernel is not installed: run bin/setup first.", file=sys.stderr)
        return 2
    results: dict[str, list[dict]] = {c.name: [] for c in configs}
    for r in range(a.rounds):
        for c in configs:
            cmd, env = jvm_command(spec, c.drop, [str(a.batches), str(a.warmup), str(a.batch_size), "3"],
                                   c.add, main_class="org.resnetnotebooks.kit.StepProfile")
            got = json_line_of(cmd, env)
            if isinstance(got, str):
                print(f"[benchmark] {c.description}: {got}", flush=True)
                continue
            results[c.name].append(got)
            print(f"[benchmark] round {r + 1}: {c.description}: {got['images_per_second']:.0f} images/s while profiled",
                  flush=True)
    cores = usable_cores()
    cpuinfo = Path("/proc/cpuinfo").read_text()
    header = [f"# Where the time of a training step goes: ResNet-20 on Fashion-MNIST (28x28), batch {a.batch_size}",
              "",
              f"- Date: {dt.date.today().isoformat()}; machine: {cpu_description(cpuinfo)['model']}, {cores} usable cores, "
              f"{platform.system()} {platform.release()}",
              f"- {a.rounds} rounds, configurations alternating; each run: {a.warmup} untimed + {a.batches} profiled steps; "
              "`bin/benchmark --profile` (kit class StepProfile, tools/step_profile.py)",
              "- Parts are timed in Java; with the project's NaiveEngine each call returns when its work is done. "
              "Operator groups are MXNet's own profiler (its aggregate statistics); profiling adds a little time."]
    report = step_profile.render(results, {c.name: c.description for c in configs}, header)
    print(report)
    if a.write:
        write_result(report, cpuinfo, cores, "-profile")
    return 0 if results["mxnet-project"] else 1


def render(a, runs, skipped, cores, model, peak, how) -> str:
    medians = {k: statistics.median(r["images_per_second"] for r in v) for k, v in runs.items() if v}
    base = medians.get("mxnet-project")
    lines = [
        f"# Training throughput, ResNet-20 on Fashion-MNIST (28x28), batch {a.batch_size}",
        "",
        f"- Date: {dt.date.today().isoformat()}; machine: {model}, {cores} usable cores, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}",
        f"- {a.rounds} rounds, configurations alternating; each run: {a.warmup} untimed + {a.batches} timed "
        "training steps (forward, backward, SGD with momentum), median of the rounds shown",
        f"- Peak single precision: {peak:.0f} GFLOP/s = {how}",
        "- GFLOP/s achieved = images/s x 3 forward passes x 2 FLOPs per multiply-add x multiply-adds per image",
        "",
        "| configuration | engine | images/s (median) | all rounds | vs MXNet project settings | GFLOP/s | % of peak |",
        "|---|---|---|---|---|---|---|",
    ]
    for c in CONFIGS:
        if c.name in medians:
            rs = runs[c.name]
            med = medians[c.name]
            gf = statistics.median(r["gflops"] for r in rs)
            ratio = f"{med / base:.2f}x" if base else "n/a"
            rounds = ", ".join(f"{r['images_per_second']:.0f}" for r in rs)
            lines.append(f"| {c.description} | {rs[0]['engine']} on {rs[0]['device']} | {med:.0f} | {rounds} | "
                         f"{ratio} | {gf:.1f} | {100 * gf / peak:.1f} % |")
        else:
            lines.append(f"| {c.description} | - | - | - | - | - | {skipped.get(c.name, 'not run')} |")
    if "mxnet-defaults" in medians and base:
        verdict = ("not slower than" if base >= medians["mxnet-defaults"] * 0.97 else "SLOWER than")
        lines += ["", f"The project's MXNet settings are {verdict} DJL's defaults here "
                      f"({base:.0f} vs {medians['mxnet-defaults']:.0f} images/s)."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
