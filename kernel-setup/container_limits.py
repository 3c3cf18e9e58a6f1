"""The CPU quota and memory limit this process really has, from its cgroup (v1 or v2).

A hosted session (mybinder.org: about 1 CPU and 2 GB) or a container shows the host's CPUs and
memory in `nproc` and `/proc/meminfo`; only its cgroup says what it may use. The limit can sit on
the process's own cgroup or on any ancestor, so the smallest one on the path counts.

Every function takes the file-system root and the contents of /proc/self/cgroup as arguments, so
the tests can hand it a faked cgroup tree (tests/setup/test_container_limits.py).
"""
from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

CGROUP_ROOT = Path("/sys/fs/cgroup")
UNLIMITED_V1 = 1 << 60     # cgroup v1 reports "no limit" as a huge number (e.g. 9223372036854771712)


@dataclass(frozen=True)
class Limits:
    cpus: float | None           # the CPU quota in CPUs (1.5 = 150 ms per 100 ms), None if none
    memory_bytes: int | None     # the memory limit, None if none
    affinity: int                # CPUs the scheduler lets this process run on

    @property
    def usable_cores(self) -> int:
        """Threads worth running: the affinity, capped by the quota rounded up (at least 1)."""
        cores = self.affinity
        if self.cpus is not None:
            cores = min(cores, max(1, math.ceil(self.cpus - 1e-9)))
        return max(1, cores)

    def describe(self) -> str:
        cpu = f"CPU quota {self.cpus:g}" if self.cpus is not None else "no CPU quota"
        mem = (f"memory limit {self.memory_bytes / (1 << 30):.1f} GiB" if self.memory_bytes is not None
               else "no memory limit")
        return f"{self.affinity} CPU(s) visible, {cpu}, {mem}"


def own_cgroups(proc_self_cgroup: str) -> dict[str, str]:
    """{controller: path} from /proc/self/cgroup; cgroup v2's single hierarchy is under ''."""
    found = {}
    for line in proc_self_cgroup.splitlines():
        parts = line.strip().split(":", 2)
        if len(parts) != 3:
            continue
        _, controllers, path = parts
        for c in (controllers.split(",") if controllers else [""]):
            found[c] = path
    return found


def _candidates(mount: Path, path: str) -> list[Path]:
    """The cgroup folder of `path` and each ancestor, under `mount`. Inside a container the
    path can name the host's hierarchy while only the container's own part is mounted, so the
    mount point itself is always a candidate too."""
    dirs = []
    p = PurePosixPath(path or "/")
    while True:
        dirs.append(mount / str(p).lstrip("/"))
        if p == p.parent:
            break
        p = p.parent
    return [d for d in dirs if d.is_dir()] or ([mount] if mount.is_dir() else [])


def _read(path: Path) -> str | None:
    try:
        return path.read_text().strip()
    except OSError:
        return None


def cpu_quota(root: Path, cgroups: dict[str, str]) -> float | None:
    """The smallest CPU quota on the cgroup path, in CPUs; None when there is none."""
    quotas = []
    if (root / "cgroup.controllers").exists():                       # v2
        for d in _candidates(root, cgroups.get("", "/")):
            text = _read(d / "cpu.max")
            if text and not text.startswith("max"):
                quota, period = text.split()[:2]
                quotas.append(int(quota) / int(period))
    else:                                                            # v1
        mount = next((root / m for m in ("cpu", "cpu,cpuacct", "cpuacct,cpu") if (root / m).is_dir()), None)
        path = cgroups.get("cpu", cgroups.get("cpuacct", "/"))
        for d in (_candidates(mount, path) if mount else []):
            quota, period = _read(d / "cpu.cfs_quota_us"), _read(d / "cpu.cfs_period_us")
            if quota and period and int(quota) > 0:
                quotas.append(int(quota) / int(period))
    return min(quotas) if quotas else None


def memory_limit(root: Path, cgroups: dict[str, str]) -> int | None:
    """The smallest memory limit on the cgroup path, in bytes; None when there is none."""
    limits = []
    if (root / "cgroup.controllers").exists():                       # v2
        for d in _candidates(root, cgroups.get("", "/")):
            text = _read(d / "memory.max")
            if text and text != "max":
                limits.append(int(text))
    else:                                                            # v1
        mount = root / "memory"
        for d in (_candidates(mount, cgroups.get("memory", "/")) if mount.is_dir() else []):
            text = _read(d / "memory.limit_in_bytes")
            if text and text.isdigit() and int(text) < UNLIMITED_V1:
                limits.append(int(text))
    return min(limits) if limits else None


def current(root: Path = CGROUP_ROOT, proc_self_cgroup: str | None = None,
            affinity: int | None = None) -> Limits:
    """This process's limits (the arguments exist for the tests)."""
    if proc_self_cgroup is None:
        proc_self_cgroup = _read(Path("/proc/self/cgroup")) or ""
    if affinity is None:
        affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    cgroups = own_cgroups(proc_self_cgroup)
    try:
        cpus = cpu_quota(root, cgroups)
    except (OSError, ValueError):
        cpus = None
    try:
        memory = memory_limit(root, cgroups)
    except (OSError, ValueError):
        memory = None
    return Limits(cpus=cpus, memory_bytes=memory, affinity=affinity)
