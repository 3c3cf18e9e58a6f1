"""bin/benchmark --time-to-accuracy: runs saved epoch by epoch, resumed, and summarised honestly.

The measuring program (the kit's TimeToAccuracy, tested in the kit) is replaced here by a small
Python program that prints the same JSON lines, so these tests check the plumbing in seconds.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

import benchmark
import time_to_accuracy as tta

FAKE = r'''
import json, sys
recipe, seed, _, target, stop = sys.argv[1:6]
accuracies = {"fast": [0.90, 0.925, 0.935], "paper": [0.88, 0.91, 0.92]}[recipe]
die_after = int(sys.argv[6]) if len(sys.argv) > 6 else 99
elapsed, reached, reached_epoch = 0.0, None, 0
for epoch, acc in enumerate(accuracies, 1):
    if epoch > die_after:
        sys.exit(137)                       # killed, as by an out-of-memory killer
    elapsed += 60.0 + 6 * int(seed)
    print(json.dumps({"recipe": recipe, "seed": int(seed), "epoch": epoch, "learning_rate_at_start": 0.1,
                      "train_seconds": 50.0, "train_loss": 1.0, "train_error": 1 - acc, "test_accuracy": acc - 0.002,
                      "test_seconds": 5.0, "test_accuracy_flip": acc, "test_seconds_flip": 10.0,
                      "recipe_accuracy": acc, "elapsed_seconds": elapsed}), flush=True)
    if reached is None and acc >= float(target):
        reached, reached_epoch = elapsed, epoch
print(json.dumps({"done": True, "recipe": recipe, "describe": recipe + " recipe: 3 epochs, batch 128",
                  "seed": int(seed), "engine": "MXNet 1.9.1", "device": "cpu()", "epochs_planned": 3,
                  "epochs_run": 3, "target": float(target), "reached_epoch": reached_epoch,
                  "seconds_to_target": reached, "final_accuracy": accuracies[-1], "elapsed_seconds": elapsed}))
'''


@pytest.fixture
def fake_program(tmp_path, monkeypatch):
    """TimeToAccuracy replaced by FAKE; `die_after` makes the next runs stop after that many epochs."""
    script = tmp_path / "fake_tta.py"
    script.write_text(FAKE)
    settings = {"die_after": None, "calls": 0}

    def command(spec, drop, args, add=(), main_class=""):
        settings["calls"] += 1
        extra = [] if settings["die_after"] is None else [str(settings["die_after"])]
        return [sys.executable, str(script), *args, *extra], {}

    monkeypatch.setattr(benchmark, "kernel_spec", lambda name: {"argv": []})
    monkeypatch.setattr(benchmark, "jvm_command", command)
    monkeypatch.setattr(benchmark, "RESULTS_DIR", tmp_path / "results")
    monkeypatch.setattr(benchmark, "CLASSPATH_FILE", tmp_path / "classpath.txt")
    (tmp_path / "classpath.txt").write_text("")
    monkeypatch.setattr(tta, "ROOT", tmp_path)
    monkeypatch.setattr(tta, "NOTEBOOK_COPY", tmp_path / "notebooks" / "06-recipes.json")
    return settings


def state_file(tmp_path: Path, written: bool) -> Path:
    folder = tmp_path / ("results" if written else "build/time-to-accuracy")
    [path] = list(folder.glob("*-time-to-accuracy.json"))
    return path


def test_runs_every_recipe_and_seed_and_reports_the_spread(fake_program, tmp_path, capsys):
    assert tta.main(["--seeds", "1", "2", "3"]) == 0
    state = json.loads(state_file(tmp_path, False).read_text())
    assert [(r["recipe"], r["seed"]) for r in state["runs"]] == [
        ("fast", 1), ("paper", 1), ("fast", 2), ("paper", 2), ("fast", 3), ("paper", 3)]   # recipes take turns
    report = capsys.readouterr().out
    # fast: reached at epoch 3, after 3 x (60 + 6 x seed) s = 3.3, 3.6, 3.9 min
    assert "| 3.6 (3.3–3.9) | 3 (3–3) |" in report
    assert "| not reached by 3 of 3 seeds |" in report                    # the paper recipe's 92 % never gets there
    assert "| 1200 (1200–1200) |" in report                                  # 3 epochs x 60,000 images / 150 s of training
    assert not (tmp_path / "notebooks").exists()                 # without --write nothing is published


def test_a_killed_run_keeps_its_finished_epochs_and_is_redone_next_time(fake_program, tmp_path):
    fake_program["die_after"] = 2
    with pytest.raises(SystemExit, match="epochs it finished are in"):
        tta.main(["--recipes", "fast", "--seeds", "1"])
    [run] = json.loads(state_file(tmp_path, False).read_text())["runs"]
    assert [e["epoch"] for e in run["epochs"]] == [1, 2] and run["summary"] is None

    fake_program["die_after"] = None
    assert tta.main(["--recipes", "fast", "--seeds", "1"]) == 0
    [run] = json.loads(state_file(tmp_path, False).read_text())["runs"]
    assert [e["epoch"] for e in run["epochs"]] == [1, 2, 3] and run["summary"]["reached_epoch"] == 3


def test_complete_runs_are_not_run_again(fake_program, tmp_path):
    assert tta.main(["--recipes", "fast", "--seeds", "1"]) == 0
    assert tta.main(["--recipes", "fast", "paper", "--seeds", "1"]) == 0
    assert fake_program["calls"] == 2                            # fast seed 1 once, then only paper


def test_write_publishes_the_curves_notebook_06_reads(fake_program, tmp_path):
    assert tta.main(["--seeds", "1", "--write"]) == 0
    assert state_file(tmp_path, True).with_suffix(".md").exists()
    copy = json.loads((tmp_path / "notebooks" / "06-recipes.json").read_text())
    assert copy["made_by"] == "bin/benchmark --time-to-accuracy --write" and copy["target"] == 0.93
    fast = next(r for r in copy["runs"] if r["recipe"] == "fast")
    assert fast["minutes"] == [1.1, 2.2, 3.3]
    assert fast["test_accuracy"] == [0.90, 0.925, 0.935]          # the recipe's own view (flipped for fast)


def test_refuses_a_target_that_is_not_an_accuracy(fake_program, capsys):
    assert tta.main(["--target", "93"]) == 2
    assert "between 0 and 1" in capsys.readouterr().err


def test_spread_is_median_and_range():
    assert tta.spread([3.0, 1.0, 2.0], "{:.1f}") == "2.0 (1.0–3.0)"
    assert tta.spread([4.0], "{:.1f}") == "4.0"
    assert tta.spread([], "{:.1f}") == "-"
