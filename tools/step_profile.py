"""Where one training step's time goes: `bin/benchmark --profile`.

Runs the kit's StepProfile (notebook 06's ResNet-20 step, timed part by part; on MXNet also
MXNet's own operator profiler) once per configuration, alternating the configurations for
several rounds, and writes a table: milliseconds per step for each part of the step and for
each group of operators, median over the rounds.

The parts are timed in Java. With the project's MXNET_ENGINE_TYPE=NaiveEngine every operator has
finished when its Java call returns, so the parts add up to the step; the operator groups come
from MXNet's aggregate statistics and are the engine's own view of the same time.
"""
from __future__ import annotations

import statistics

# Operator name -> group, for MXNet 1.9's operator names as DJL 0.36 calls them.
GROUPS = [
    ("convolution", ("Convolution", "_backward_Convolution")),
    ("batch norm", ("BatchNorm", "_backward_BatchNorm")),
    ("ReLU", ("Activation", "_backward_Activation")),
    ("shortcut additions", ("_npi_add", "add_n", "_backward_npi_broadcast_add", "elemwise_add")),
    ("optimizer (fused SGD with momentum)", ("sgd_mom_update", "sgd_update")),
    ("option-A shortcut (slice, zero channels, concatenate)",
     ("slice", "_backward_slice", "_npi_concatenate", "_backward_np_concat", "_npi_zeros")),
    ("head (pooling, fully connected, softmax loss)",
     ("Pooling", "_backward_Pooling", "FullyConnected", "_backward_FullyConnected", "log_softmax",
      "_backward_log_softmax", "pick", "_backward_pick", "_npi_mean", "_backward_np_mean")),
]


def group_of(operator: str) -> str:
    for name, members in GROUPS:
        if operator in members:
            return name
    return "other operators"


def grouped(operators: dict[str, dict[str, float]]) -> dict[str, float]:
    """Milliseconds per step by operator group, largest first."""
    out: dict[str, float] = {}
    for op, row in operators.items():
        out[group_of(op)] = out.get(group_of(op), 0.0) + row["ms_per_step"]
    return dict(sorted(out.items(), key=lambda kv: -kv[1]))


def median_table(runs: list[dict], key) -> dict[str, float]:
    """Median over runs of each entry of key(run) (a name -> ms mapping)."""
    names: list[str] = []
    for r in runs:
        for name in key(r):
            if name not in names:
                names.append(name)
    return {n: statistics.median(key(r).get(n, 0.0) for r in runs) for n in names}


def render(results: dict[str, list[dict]], descriptions: dict[str, str], header: list[str]) -> str:
    """The profile as markdown: one column per configuration that ran."""
    ran = [name for name, runs in results.items() if runs]
    if not ran:
        return "\n".join(header + ["", "No configuration could be profiled."]) + "\n"
    cols = " | ".join(descriptions[n] for n in ran)
    lines = header + ["", "## The step, part by part (ms per step, median)", "",
                      f"| part | {cols} |", "|---|" + "---|" * len(ran)]
    parts = {n: median_table(results[n], lambda r: r["ms_per_step"]) for n in ran}
    for part in parts[ran[0]]:
        lines.append(f"| {part} | " + " | ".join(f"{parts[n].get(part, 0.0):.0f}" for n in ran) + " |")
    lines.append("| **images/s while profiled** | "
                 + " | ".join(f"{statistics.median(r['images_per_second'] for r in results[n]):.0f}" for n in ran)
                 + " |")
    with_ops = [n for n in ran if all("operators" in r for r in results[n])]
    if with_ops:
        groups = {n: median_table(results[n], lambda r: grouped(r["operators"])) for n in with_ops}
        cols = " | ".join(descriptions[n] for n in with_ops)
        lines += ["", "## MXNet's operators, grouped (ms per step, median; MXNet's profiler)", "",
                  f"| operators | {cols} |", "|---|" + "---|" * len(with_ops)]
        for g in groups[with_ops[0]]:
            lines.append(f"| {g} | " + " | ".join(f"{groups[n].get(g, 0.0):.0f}" for n in with_ops) + " |")
        calls = {n: statistics.median(sum(o["calls_per_step"] for o in r["operators"].values())
                                      for r in results[n]) for n in with_ops}
        lines.append("| operator calls per step | " + " | ".join(f"{calls[n]:.0f}" for n in with_ops) + " |")
    return "\n".join(lines) + "\n"
