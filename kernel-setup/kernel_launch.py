#!/usr/bin/env python3
"""Starts the Java kernel with settings that fit the session it starts in.

kernel.json runs `python kernel_launch.py java -jar ... jjava.jar {connection_file}` (the
set-up writes it). The limits are read here, at every kernel start, not at set-up time: a
hosted session (Binder) is set up while its image is built, with other limits than the session
that later runs it.

What it sets, each only when the environment does not already set it (yours wins):
- OMP_NUM_THREADS: the CPUs this session may use (affinity, capped by the cgroup's CPU quota).
  MXNet's OpenMP otherwise takes half of the *host's* CPUs, and on a one-CPU session those
  threads fight over the one CPU.
- RESNET_SESSION_LIMITS: what was found, in words, for the kit's device report.
Then it replaces itself with the kernel (same process id), so Jupyter's interrupt and shutdown
reach the kernel itself. It prints nothing: the kernel's output belongs to the notebook.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import container_limits  # noqa: E402


def settings(env: dict[str, str], limits: container_limits.Limits) -> dict[str, str]:
    """The variables to add to `env` (none that it already has)."""
    wanted = {
        "OMP_NUM_THREADS": str(limits.usable_cores),
        "RESNET_SESSION_LIMITS": limits.describe(),
    }
    return {k: v for k, v in wanted.items() if not env.get(k)}


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: kernel_launch.py COMMAND [ARG...]  (the kernel's command line)", file=sys.stderr)
        return 2
    env = dict(os.environ)
    env.update(settings(env, container_limits.current()))
    os.execvpe(argv[0], argv, env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
