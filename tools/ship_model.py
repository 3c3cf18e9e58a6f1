#!/usr/bin/env python3
"""Make the model that notebook 06 can load instead of training: data/models/resnet20-fashion-mnist/.

    python3 tools/ship_model.py                 # run notebook 06 in default mode (a full run of
                                                # its default recipe), then ship its model
    python3 tools/ship_model.py --from-run DIR  # ship the model of a full run already made:
                                                # DIR is the runner's output folder of that run

It copies the trained parameters next to a record.json that says how they were made (seed, epochs,
engine, test accuracy, run time, date, commit, the metrics of every epoch) and holds their
SHA-256, which the kit's ShippedModel checks before loading them. Only a complete default-mode
run on Fashion-MNIST is accepted.
"""
from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from provenance import commit, cpu_name  # noqa: E402

MODEL_ID = "resnet20-fashion-mnist"
TARGET = ROOT / "data" / "models" / MODEL_ID
PREFIX = "resnet20"
NOTEBOOK = ROOT / "notebooks" / "06-training-a-resnet.ipynb"


class ShipError(Exception):
    pass


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def record_for(results: dict, checkpoint_dir: Path, params: Path, engine: str, trained: str) -> dict:
    """record.json for the parameters of a finished run, from what the run recorded."""
    latest = (checkpoint_dir / "LATEST").read_text().strip()
    state = json.loads((checkpoint_dir / latest / "state.json").read_text())
    epochs = int(results.get("last_completed_epoch", state["epoch"]))
    return {
        "id": MODEL_ID,
        "description": "ResNet-20 (option A shortcuts, the kit's Nets.residual(3, A_ZERO_PAD))",
        "dataset": results.get("dataset", "fashion-mnist"),
        "depth": 20,
        "seed": int(results["seed"]),
        "epochs": epochs,
        "engine": engine,
        "testAccuracy": float(results["test_accuracy"]),
        "trained": trained,
        "commit": commit(),
        "paramsPrefix": PREFIX,
        "paramsFile": params.name,
        "sha256": sha256(params),
        "bytes": params.stat().st_size,
        "trainingMinutes": round(float(results["training_minutes"]), 1),
        "machine": f"{os.cpu_count()} cores of an {cpu_name()}",
        "command": "python3 tools/ship_model.py",
        "metrics": state["metrics"],
        "recipe": results.get("recipe", "paper"),
    }


def ship(run_dir: Path, engine: str | None, target: Path = TARGET) -> Path:
    results_file = run_dir / f"{NOTEBOOK.stem}.results.json"
    if not results_file.exists():
        raise ShipError(f"{results_file} does not exist: pass the output folder of a finished run of notebook 06")
    results = json.loads(results_file.read_text())
    if results.get("mode", "full") not in ("full", "default") or results.get("dataset", "fashion-mnist") != "fashion-mnist":
        raise ShipError(f"the run in {run_dir} is not a default-mode Fashion-MNIST run: {results}")
    checkpoint_dir = Path(results["checkpoint_dir"])
    if not (checkpoint_dir / "LATEST").exists():
        raise ShipError(f"no checkpoint in {checkpoint_dir}: the run's checkpoints were moved or deleted")
    params = checkpoint_dir / "final-model" / f"{PREFIX}-0000.params"
    if not params.exists():
        raise ShipError(f"{params} does not exist: the run did not reach its save-and-reload section")
    if int(results.get("last_completed_epoch", 0)) < int(results.get("epochs", 1 << 30)):
        raise ShipError(f"the run stopped after epoch {results.get('last_completed_epoch')} of {results.get('epochs')}")
    trained = datetime.date.fromtimestamp(params.stat().st_mtime).isoformat()
    record = record_for(results, checkpoint_dir, params, engine or results.get("engine", "unknown engine"), trained)
    tmp = target.with_name(target.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    shutil.copy2(params, tmp / params.name)
    (tmp / "record.json").write_text(json.dumps(record, indent=1) + "\n")
    shutil.rmtree(target, ignore_errors=True)
    os.replace(tmp, target)
    return target


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--from-run", type=Path, help="the runner's output folder of a finished default run of 06")
    p.add_argument("--engine", help="engine name and version, if the run did not record it (e.g. 'MXNet 1.9.0')")
    args = p.parse_args(argv)
    run_dir = args.from_run
    if run_dir is None:
        import series
        run_dir = ROOT / "build" / "ship-model"
        checkpoints = run_dir / "checkpoints"
        shutil.rmtree(checkpoints, ignore_errors=True)
        os.environ["RESNET_CHECKPOINT_DIR"] = str(checkpoints)   # a fresh run, not a resumed one
        print(f"[ship-model] running {NOTEBOOK.name} in default mode (a full run) ...", flush=True)
        outcome = series.execute(NOTEBOOK, run_dir, mode="default")
        if outcome.status != "ok":
            print(f"[ship-model] FAILED: the run failed: {outcome.error}", file=sys.stderr)
            return 1
    try:
        target = ship(run_dir.resolve(), args.engine)
    except (ShipError, KeyError, OSError, ValueError) as e:
        print(f"[ship-model] FAILED: {e}", file=sys.stderr)
        return 1
    record = json.loads((target / "record.json").read_text())
    print(f"[ship-model] {target}: test accuracy {100 * record['testAccuracy']:.2f} %, "
          f"{record['bytes'] / 1e6:.2f} MB, sha256 {record['sha256'][:12]}...")
    return 0


if __name__ == "__main__":
    sys.exit(main())
