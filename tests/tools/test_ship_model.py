"""tools/ship_model.py: the shipped model's record says what the run recorded, and only a finished
full-mode Fashion-MNIST run is shipped."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

import ship_model


def fake_run(tmp: Path, **results) -> Path:
    run = tmp / "run"
    ckpt = tmp / "checkpoints" / "06-resnet20-full-seed42"
    (ckpt / "epoch-0015").mkdir(parents=True)
    (ckpt / "final-model").mkdir()
    (ckpt / "final-model" / "resnet20-0000.params").write_bytes(b"weights" * 100)
    (ckpt / "LATEST").write_text("epoch-0015")
    metrics = [{"epoch": float(e), "train loss": 1.0 / e, "train error": 0.5 / e, "test error": 0.4 / e}
               for e in range(1, 16)]
    (ckpt / "epoch-0015" / "state.json").write_text(json.dumps({"epoch": 15, "metrics": metrics}))
    run.mkdir()
    base = {"dataset": "fashion-mnist", "mode": "full", "seed": 42.0, "epochs": 15.0, "last_completed_epoch": 15.0,
            "test_accuracy": 0.9361, "checkpoint_dir": str(ckpt), "training_minutes": 38.2, "engine": "MXNet 1.9.0"}
    base.update(results)
    (run / "06-training-a-resnet.results.json").write_text(json.dumps(base))
    return run


def test_ships_the_parameters_with_their_checksum_and_the_runs_record(tmp_path):
    run = fake_run(tmp_path)
    target = ship_model.ship(run, None, target=tmp_path / "models" / "resnet20-fashion-mnist")
    params = target / "resnet20-0000.params"
    record = json.loads((target / "record.json").read_text())
    assert record["sha256"] == hashlib.sha256(params.read_bytes()).hexdigest()
    assert record["bytes"] == params.stat().st_size
    assert (record["seed"], record["epochs"], record["testAccuracy"]) == (42, 15, 0.9361)
    assert record["engine"] == "MXNet 1.9.0" and record["trainingMinutes"] == 38.2
    assert record["paramsPrefix"] == "resnet20" and record["command"] == "python3 tools/ship_model.py"
    assert len(record["metrics"]) == 15 and record["metrics"][-1]["epoch"] == 15.0
    assert len(record["commit"]) == 40


@pytest.mark.parametrize("change, why", [
    ({"mode": "fast"}, "not a default-mode Fashion-MNIST run"),
    ({"dataset": "cifar10"}, "not a default-mode Fashion-MNIST run"),
    ({"last_completed_epoch": 7.0}, "stopped after epoch 7.0 of 15.0"),
])
def test_refuses_a_run_that_is_not_a_finished_full_run(tmp_path, change, why):
    run = fake_run(tmp_path, **change)
    with pytest.raises(ship_model.ShipError, match=why):
        ship_model.ship(run, None, target=tmp_path / "models" / "m")
    assert not (tmp_path / "models" / "m").exists()
