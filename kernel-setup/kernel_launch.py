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
And one setting of yours: RESNET_HEAP (e.g. `RESNET_HEAP=4g bin/lab`) gives the JVM that much heap
(-Xmx) instead of 25 % of the session's memory. The kernelspec's own JJAVA_JVM_OPTS would
override a JJAVA_JVM_OPTS of yours, so this is the way to change the heap that survives set-up.
Then it replaces itself with the kernel (same process id), so Jupyter's interrupt and shutdown
reach the kernel itself. It prints nothing: the kernel's output belongs to the notebook.
"""
from __future__ import annotations

import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import container_limits  # noqa: E402


HEAP = re.compile(r"[1-9][0-9]*[mMgG]")


def settings(env: dict[str, str], limits: container_limits.Limits) -> dict[str, str]:
    """The variables to add to `env` (none that it already has), and RESNET_HEAP applied."""
    wanted = {
        "OMP_NUM_THREADS": str(limits.usable_cores),
        "RESNET_SESSION_LIMITS": limits.describe(),
    }
    added = {k: v for k, v in wanted.items() if not env.get(k)}
    heap = env.get("RESNET_HEAP", "").strip()
    if heap:
        if not HEAP.fullmatch(heap):
            raise ValueError(f"RESNET_HEAP={heap!r} is not a heap size: use e.g. 2g or 1500m")
        added["JJAVA_JVM_OPTS"] = (env.get("JJAVA_JVM_OPTS", "") + f" -Xmx{heap}").strip()
    return added


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: kernel_launch.py COMMAND [ARG...]  (the kernel's command line)", file=sys.stderr)
        return 2
    env = dict(os.environ)
    try:
        env.update(settings(env, container_limits.current()))
    except ValueError as e:
        print(f"kernel_launch: {e}", file=sys.stderr)   # the kernel starts with its usual heap
    os.execvpe(argv[0], argv, env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
