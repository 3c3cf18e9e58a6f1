#!/usr/bin/env python3
"""Runs one notebook in default mode with several seeds and keeps every run's recorded results.

Why: a notebook that compares nets trains each net once, with one seed, and one run can point
either way when the effect is small. Where a notebook cannot afford several seeds in its own run
time (03 trains eight nets, 07 five), it reads the spread from the file this command writes, and
says so: `notebooks/results/<notebook>.seeds.json`, committed with the notebooks.

    python3 tools/seed_spread.py --only 03 --seeds 1 2 3 4

Each run is a normal default-mode execution with RESNET_SEED set (the notebooks take every random
choice from it), on the kernel bin/setup configured, one after another (several DJL runs at once
on a small machine slow each other down). Runs already in the file for the same seed are
replaced; the others are kept, so seeds can be added later.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import series
from provenance import commit, machine

RESULTS = series.NOTEBOOKS / "results"


def spread_file(stem: str) -> Path:
    return RESULTS / f"{stem}.seeds.json"


def run_seed(path: Path, seed: int, out_dir: Path) -> dict:
    saved = os.environ.get("RESNET_SEED")
    os.environ["RESNET_SEED"] = str(seed)
    try:
        outcome = series.execute(path, out_dir / f"seed-{seed}", "default")
    finally:
        if saved is None:
            os.environ.pop("RESNET_SEED", None)
        else:
            os.environ["RESNET_SEED"] = saved
    if outcome.status != "ok":
        raise RuntimeError(f"{path.name} with seed {seed} failed: {outcome.error}")
    return {"seed": seed, "minutes": round(outcome.seconds / 60, 2), "results": outcome.results}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", required=True, help="the notebook, e.g. 03")
    parser.add_argument("--seeds", type=int, nargs="+", required=True, help="seeds to run, e.g. 1 2 3 4")
    parser.add_argument("--out", type=Path, default=series.ROOT / "build" / "seed-spread",
                        help="where the executed notebooks go")
    args = parser.parse_args(argv)
    [path] = series.notebooks(args.only) or [None]
    if path is None:
        print(f"No single notebook matches {args.only!r}", file=sys.stderr)
        return 2
    target = spread_file(path.stem)
    record = json.loads(target.read_text()) if target.exists() else {"notebook": path.name, "runs": []}
    for seed in args.seeds:
        print(f"[seed-spread] {path.name}, seed {seed} ...", flush=True)
        t0 = time.monotonic()
        run = run_seed(path, seed, args.out)
        run.update(commit=commit(), machine=machine(), date=time.strftime("%Y-%m-%d"))
        record["runs"] = sorted([r for r in record["runs"] if r["seed"] != seed] + [run], key=lambda r: r["seed"])
        record["command"] = "python3 tools/seed_spread.py --only " + args.only + " --seeds " + " ".join(
            str(r["seed"]) for r in record["runs"])
        target.parent.mkdir(parents=True, exist_ok=True)
        series.write_atomically(target, json.dumps(record, indent=1, ensure_ascii=False) + "\n")
        print(f"[seed-spread] seed {seed}: {(time.monotonic() - t0) / 60:.1f} min, written to {target}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
