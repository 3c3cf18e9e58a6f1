"""Run a kernel inside a hosted session's limits, and measure what it used.

mybinder.org-style sessions give about 2 GiB of memory (a kernel above 2 GB is restarted) and
about one CPU. A container gets those limits from a cgroup; so does a kernel here when the
machine lets us create one (root on cgroup v1, or a delegated cgroup v2 subtree):

    limits = SessionLimits.create("02-the-residual-block", memory_bytes=2 << 30, cpus=1.0)
    prefix = limits.command_prefix()    # put before the kernel's argv: the kernel starts inside
    ...
    limits.remove()

Where no cgroup can be made, `limits.applied` is False and `limits.why_not` says why. The peak is
measured by sampling the kernel's processes (`RssSampler`) either way: the cgroup's own figure
counts the page cache too, which is not the kernel's memory.
"""
from __future__ import annotations

import os
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

CGROUP_ROOT = Path("/sys/fs/cgroup")
ENTER = Path(__file__).resolve().parent / "enter_cgroup.py"
GIB = 1 << 30
HOSTED_MEMORY = 2 * GIB   # mybinder.org: "a kernel above 2 GB is restarted"


@dataclass
class SessionLimits:
    name: str
    memory_bytes: int | None
    cpus: float | None
    applied: bool = False
    why_not: str = ""
    version: int = 0                       # 1 or 2 when applied
    dirs: list[Path] = field(default_factory=list)

    @classmethod
    def create(cls, name: str, memory_bytes: int | None = HOSTED_MEMORY, cpus: float | None = None,
               root: Path = CGROUP_ROOT) -> "SessionLimits":
        limits = cls(name=f"resnet-notebooks-{os.getpid()}-{_safe(name)}", memory_bytes=memory_bytes, cpus=cpus)
        try:
            if (root / "cgroup.controllers").exists():
                limits._create_v2(root)
            elif (root / "memory").is_dir():
                limits._create_v1(root)
            else:
                raise OSError(f"no cgroup file system at {root}")
            limits.applied = True
        except OSError as e:
            limits.remove()
            limits.why_not = (f"could not create a cgroup ({e.strerror or e}); creating one needs root "
                              f"on cgroup v1, or a delegated cgroup v2 subtree")
        return limits

    def _create_v1(self, root: Path) -> None:
        self.version = 1
        memory = root / "memory" / self.name
        memory.mkdir()
        self.dirs.append(memory)
        if self.memory_bytes:
            (memory / "memory.limit_in_bytes").write_text(str(self.memory_bytes))
            # No swap beyond the limit: a container on a host without swap behaves like this.
            swap = memory / "memory.memsw.limit_in_bytes"
            if swap.exists():
                swap.write_text(str(self.memory_bytes))
        if self.cpus:
            cpu = root / "cpu" / self.name
            cpu.mkdir()
            self.dirs.append(cpu)
            period = 100_000
            (cpu / "cpu.cfs_period_us").write_text(str(period))
            (cpu / "cpu.cfs_quota_us").write_text(str(int(self.cpus * period)))

    def _create_v2(self, root: Path) -> None:
        self.version = 2
        group = root / self.name
        group.mkdir()
        self.dirs.append(group)
        if self.memory_bytes:
            (group / "memory.max").write_text(str(self.memory_bytes))
            (group / "memory.swap.max").write_text("0")
        if self.cpus:
            (group / "cpu.max").write_text(f"{int(self.cpus * 100_000)} 100000")

    def command_prefix(self) -> list[str]:
        """What to put before a command so that it starts inside these limits ([] if none)."""
        if not self.applied:
            return []
        return [sys.executable, str(ENTER)] + [str(d / "cgroup.procs") for d in self.dirs] + ["--"]

    def describe(self) -> str:
        wanted = []
        if self.memory_bytes:
            wanted.append(f"{self.memory_bytes / GIB:.1f} GiB of memory")
        if self.cpus:
            wanted.append(f"{self.cpus:g} CPU")
        what = " and ".join(wanted) or "no limit"
        if self.applied:
            return f"kernel limited to {what} (cgroup v{self.version})"
        return f"limit of {what} NOT applied: {self.why_not}"

    def oom_killed(self) -> bool:
        """True if the kernel hit the limit and the out-of-memory killer acted."""
        if not self.applied:
            return False
        try:
            events = "memory.oom_control" if self.version == 1 else "memory.events"
            return _stat(self.dirs[0] / events).get("oom_kill", 0) > 0
        except OSError:
            return False

    def remove(self) -> None:
        for d in reversed(self.dirs):
            for _ in range(50):   # the kernel's processes may take a moment to leave
                try:
                    d.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    time.sleep(0.1)
        self.dirs = []


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name)[:60]


def _stat(path: Path) -> dict[str, int]:
    found = {}
    for line in path.read_text().splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[1].lstrip("-").isdigit():
            found[parts[0]] = int(parts[1])
    return found


def process_tree(pid: int) -> list[int]:
    """pid and all its descendants that are alive now."""
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        try:
            for task in Path(f"/proc/{p}/task").iterdir():
                children = (task / "children").read_text().split()
                todo.extend(int(c) for c in children)
        except OSError:
            pass
    return found


def resident_bytes(pid: int) -> tuple[int, int]:
    """(resident now, peak resident) of one process, from /proc/<pid>/status; (0, 0) if gone."""
    now = peak = 0
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                now = int(line.split()[1]) * 1024
            elif line.startswith("VmHWM:"):
                peak = int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return now, peak


class RssSampler:
    """Samples a kernel's process tree: the peak of its summed resident memory.

    Each process's own peak (VmHWM) is exact; the sum over processes is sampled, so a peak
    shorter than the interval can be missed. The JJava launcher is a small JVM that starts the
    kernel's JVM: both are counted, as a container counts both."""

    def __init__(self, interval: float = 0.25):
        self.interval = interval
        self.pid: int | None = None
        self.peak_sum = 0
        self.peak_single = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.by_cell: list[tuple[int, int, int]] = []   # (cell index, resident after it, peak so far)

    def start(self, pid: int) -> None:
        self.pid = pid
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def sample(self) -> None:
        if self.pid is None:
            return
        total = 0
        for p in process_tree(self.pid):
            now, peak = resident_bytes(p)
            total += now
            self.peak_single = max(self.peak_single, peak)
        self.peak_sum = max(self.peak_sum, total)

    def after_cell(self, cell_index: int) -> None:
        """Notes the resident memory after a cell: where memory grows, cell by cell."""
        if self.pid is None:
            return
        self.sample()
        now = sum(resident_bytes(p)[0] for p in process_tree(self.pid))
        self.by_cell.append((cell_index, now, max(self.peak_sum, self.peak_single)))

    def stop(self) -> int:
        """Stops sampling; the peak resident memory in bytes (the larger of the two measures)."""
        self.sample()
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        return max(self.peak_sum, self.peak_single)
