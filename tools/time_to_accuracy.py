#!/usr/bin/env python3
"""Time to accuracy: how long notebook 06's training takes to reach a test accuracy, by engine and
recipe, over several seeds (`bin/benchmark --time-to-accuracy`).

Each run is one JVM running the kit's TimeToAccuracy (ResNet-20 on all of Fashion-MNIST, the
recipe's optimizer, schedule and loss, the test set evaluated after every epoch). Runs go one at a
time, seed by seed with the recipes taking turns, so slow drift of the machine hits both recipes.
The wall time of a run counts its training and the evaluations its recipe uses, not the loading of
the data or the JVM's start.

Every finished epoch is written to the state file at once, so an interrupted benchmark loses at
most one epoch; started again with the same options it skips the runs that are complete.

    bin/benchmark --time-to-accuracy                       fast and paper recipes, seeds 1 2 3, MXNet
    bin/benchmark --time-to-accuracy --engines mxnet pytorch --recipes fast --seeds 1
    bin/benchmark --time-to-accuracy --write               also into benchmarks/results/ and
                                                            notebooks/results/06-recipes.json
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import benchmark  # noqa: E402  (kernel specs, JVM command, machine description)
from provenance import commit, machine  # noqa: E402

ENGINE_KERNELS = {"mxnet": "java", "pytorch": "java-pytorch"}
NOTEBOOK_COPY = ROOT / "notebooks" / "results" / "06-recipes.json"
MAIN_CLASS = "org.resnetnotebooks.kit.TimeToAccuracy"


def state_path(results_dir: Path, cores: int) -> Path:
    stem = benchmark.result_stem(Path("/proc/cpuinfo").read_text(), cores)
    return results_dir / f"{stem}-time-to-accuracy.json"


def load_state(path: Path) -> dict:
    if path.exists():
        return json.loads(path.read_text())
    return {"machine": machine(), "commit": commit(), "runs": []}


def save_state(state: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(state, indent=1) + "\n")
    os.replace(tmp, path)   # a reader never sees half a file


def find_run(state: dict, engine: str, recipe: str, seed: int, target: float) -> dict | None:
    for run in state["runs"]:
        if (run["engine"], run["recipe"], run["seed"], run["target"]) == (engine, recipe, seed, target):
            return run
    return None


def run_one(state: dict, path: Path, engine: str, recipe: str, seed: int, target: float, stop: bool) -> dict:
    """Runs (or re-runs, if unfinished) one engine x recipe x seed, saving after every epoch."""
    spec = benchmark.kernel_spec(ENGINE_KERNELS[engine])
    if spec is None:
        raise SystemExit(f"The `{ENGINE_KERNELS[engine]}` kernel is not installed: run bin/setup"
                         + (" --with-pytorch" if engine == "pytorch" else "") + " first.")
    old = find_run(state, engine, recipe, seed, target)
    if old is not None:
        state["runs"].remove(old)
    run = {"engine": engine, "recipe": recipe, "seed": seed, "target": target, "stop_at_target": stop,
           "epochs": [], "summary": None}
    state["runs"].append(run)
    cmd, env = benchmark.jvm_command(spec, (), [recipe, str(seed), "0", str(target), "1" if stop else "0"],
                                     main_class=MAIN_CLASS)
    with subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, text=True) as proc:
        for line in proc.stdout:
            if not line.startswith("{"):
                continue
            record = json.loads(line)
            if record.get("done"):
                run["summary"] = record
            else:
                run["epochs"].append(record)
            save_state(state, path)
    if proc.returncode != 0 or run["summary"] is None:
        raise SystemExit(f"[time-to-accuracy] {engine} {recipe} seed {seed} failed (exit {proc.returncode}); "
                         f"the epochs it finished are in {path.relative_to(ROOT)}")
    return run


# ---------------------------------------------------------------- what the runs say

def images_per_second(run: dict) -> float:
    """Training throughput over the whole run (evaluation excluded)."""
    seconds = sum(e["train_seconds"] for e in run["epochs"])
    return sum(e.get("train_images", 60_000) for e in run["epochs"]) / seconds


def minutes_to_target(run: dict) -> float | None:
    s = run["summary"]["seconds_to_target"]
    return None if s is None else s / 60


def group(runs: list[dict]) -> dict[tuple[str, str], list[dict]]:
    out: dict[tuple[str, str], list[dict]] = {}
    for run in runs:
        if run["summary"] is not None:
            out.setdefault((run["engine"], run["recipe"]), []).append(run)
    return out


def spread(values: list[float], fmt: str) -> str:
    """"median (min–max)" of the values, or the one value."""
    if not values:
        return "-"
    if len(values) == 1:
        return fmt.format(values[0])
    return f"{fmt.format(statistics.median(values))} ({fmt.format(min(values))}–{fmt.format(max(values))})"


def render(state: dict, target: float) -> str:
    lines = [
        "# Time to accuracy: ResNet-20 on Fashion-MNIST, notebook 06's recipes",
        "",
        f"- Machine: {state['machine']}; commit {state['commit'][:10]}; `bin/benchmark --time-to-accuracy` "
        "(kit classes TimeToAccuracy and Recipe, tools/time_to_accuracy.py)",
        "- Each run: all 60,000 training images per epoch, the 10,000 test images after each epoch; wall time = "
        "training + the evaluations the recipe uses (the fast recipe classifies each test image and its mirror "
        "image), not data loading or JVM start. Runs one at a time.",
        f"- Time to {100 * target:.0f} %: the wall time at the end of the first epoch whose test accuracy "
        "(the recipe's own way of testing) reached it.",
        "",
        f"| engine | recipe | seeds | images/s (training) | minutes to {100 * target:.0f} % | epoch reached | "
        "final test accuracy | whole run, minutes |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for (engine, recipe), runs in sorted(group(state["runs"]).items()):
        reached = [m for m in (minutes_to_target(r) for r in runs) if m is not None]
        missed = len(runs) - len(reached)
        to_target = (spread(reached, "{:.1f}") + "; " if reached else "") + \
            (f"not reached by {missed} of {len(runs)} seeds" if missed else "")
        to_target = to_target.rstrip("; ")
        lines.append(
            f"| {runs[0]['summary']['engine']} | {recipe}: {runs[0]['summary']['describe'].split(': ', 1)[1]} | "
            f"{', '.join(str(r['seed']) for r in runs)} | {spread([images_per_second(r) for r in runs], '{:.0f}')} | "
            f"{to_target} | {spread([r['summary']['reached_epoch'] for r in runs if r['summary']['reached_epoch']], '{:.0f}')} | "
            f"{spread([100 * r['summary']['final_accuracy'] for r in runs], '{:.2f} %')} | "
            f"{spread([r['summary']['elapsed_seconds'] / 60 for r in runs], '{:.1f}')} |")
    lines += ["", "## Every run, epoch by epoch", "",
              "| engine | recipe | seed | epoch | learning rate at start | train error | test accuracy | "
              "flipped view too | minutes so far |",
              "|---|---|---|---|---|---|---|---|---|"]
    for run in state["runs"]:
        for e in run["epochs"]:
            lines.append(f"| {run['engine']} | {run['recipe']} | {run['seed']} | {e['epoch']} | "
                         f"{e['learning_rate_at_start']:.4f} | {100 * e['train_error']:.2f} % | "
                         f"{100 * e['test_accuracy']:.2f} % | {100 * e['test_accuracy_flip']:.2f} % | "
                         f"{e['elapsed_seconds'] / 60:.1f} |")
    return "\n".join(lines) + "\n"


def notebook_copy(state: dict) -> dict:
    """What notebook 06 reads: the MXNet runs' curves (minutes, test accuracy) and how they were made."""
    runs = [{"recipe": r["recipe"], "seed": r["seed"], "describe": r["summary"]["describe"],
             "engine": r["summary"]["engine"],
             "minutes": [round(e["elapsed_seconds"] / 60, 3) for e in r["epochs"]],
             "test_accuracy": [e["recipe_accuracy"] for e in r["epochs"]],
             "test_accuracy_plain": [e["test_accuracy"] for e in r["epochs"]],
             "images_per_second": round(images_per_second(r), 1)}
            for r in state["runs"] if r["summary"] is not None and r["engine"] == "mxnet"]
    return {"made_by": "bin/benchmark --time-to-accuracy --write", "machine": state["machine"],
            "commit": state["commit"], "target": state["runs"][0]["target"] if state["runs"] else None,
            "runs": runs}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--time-to-accuracy", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--engines", nargs="+", default=["mxnet"], choices=sorted(ENGINE_KERNELS))
    p.add_argument("--recipes", nargs="+", default=["fast", "paper"], choices=["fast", "paper"])
    p.add_argument("--seeds", nargs="+", type=int, default=[1, 2, 3])
    p.add_argument("--target", type=float, default=0.93, help="test accuracy to reach (0.93)")
    p.add_argument("--stop-at-target", action="store_true",
                   help="end each run at the epoch that reaches the target (its time to the target is the same)")
    p.add_argument("--write", action="store_true",
                   help="keep the results in benchmarks/results/ and notebooks/results/06-recipes.json")
    a = p.parse_args(argv)
    if not benchmark.CLASSPATH_FILE.exists():
        print("The kit is not built: run bin/setup first.", file=sys.stderr)
        return 2
    if not 0 < a.target < 1:
        print(f"--target is a test accuracy between 0 and 1 (e.g. 0.93), not {a.target}.", file=sys.stderr)
        return 2
    cores = benchmark.usable_cores()
    path = state_path(benchmark.RESULTS_DIR if a.write else ROOT / "build" / "time-to-accuracy", cores)
    state = load_state(path)
    for seed in a.seeds:
        for engine in a.engines:
            for recipe in a.recipes:
                done = find_run(state, engine, recipe, seed, a.target)
                if done is not None and done["summary"] is not None:
                    print(f"[time-to-accuracy] {engine} {recipe} seed {seed}: already in {path.relative_to(ROOT)}",
                          flush=True)
                    continue
                run = run_one(state, path, engine, recipe, seed, a.target, a.stop_at_target)
                m = minutes_to_target(run)
                print(f"[time-to-accuracy] {engine} {recipe} seed {seed}: "
                      f"{'%.1f min to target' % m if m is not None else 'target not reached'}, "
                      f"final {100 * run['summary']['final_accuracy']:.2f} %", flush=True)
    report = render(state, a.target)
    print(report)
    md = path.with_suffix(".md")
    md.write_text(report)
    print(f"[time-to-accuracy] written to {md.relative_to(ROOT)} and {path.relative_to(ROOT)}")
    if a.write:
        save_state(notebook_copy(state), NOTEBOOK_COPY)
        print(f"[time-to-accuracy] curves for notebook 06 in {NOTEBOOK_COPY.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
