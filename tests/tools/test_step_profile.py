"""bin/benchmark --profile's arithmetic: operator groups and the rendered table (tools/step_profile.py)."""
from __future__ import annotations

import step_profile


def run(ips, parts, ops):
    return {"images_per_second": ips, "ms_per_step": parts,
            "operators": {k: {"calls_per_step": 1.0, "ms_per_step": v} for k, v in ops.items()}}


def test_operators_fall_into_their_groups_and_unknown_ones_are_kept():
    g = step_profile.grouped({
        "Convolution": {"calls_per_step": 19, "ms_per_step": 10.0},
        "_backward_Convolution": {"calls_per_step": 19, "ms_per_step": 20.0},
        "BatchNorm": {"calls_per_step": 19, "ms_per_step": 5.0},
        "SomethingNew": {"calls_per_step": 2, "ms_per_step": 1.5},
    })
    assert g == {"convolution": 30.0, "batch norm": 5.0, "other operators": 1.5}
    assert list(g) == ["convolution", "batch norm", "other operators"], "largest first"


def test_the_table_shows_medians_per_configuration():
    results = {
        "a": [run(100, {"forward": 10.0, "backward": 20.0}, {"Convolution": 8.0}),
              run(300, {"forward": 30.0, "backward": 40.0}, {"Convolution": 9.0}),
              run(200, {"forward": 20.0, "backward": 30.0}, {"Convolution": 10.0})],
        "b": [],
    }
    text = step_profile.render(results, {"a": "config A", "b": "config B"}, ["# title"])
    assert "config B" not in text, "a configuration that never ran gets no column"
    assert "| forward | 20 |" in text and "| backward | 30 |" in text
    assert "| **images/s while profiled** | 200 |" in text
    assert "| convolution | 9 |" in text
    assert "| operator calls per step | 1 |" in text


def test_nothing_profiled_says_so():
    assert "No configuration could be profiled." in step_profile.render({"a": []}, {"a": "A"}, ["# t"])
