"""tools/session_limits.py: the hosted-session limits the notebook tests run kernels in, and the
peak-memory measurement their results record."""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path


import session_limits as sl

GIB = 1 << 30


def fake_v1(tmp_path: Path) -> Path:
    root = tmp_path / "cgroup"
    (root / "memory").mkdir(parents=True)
    (root / "cpu").mkdir()
    return root


def test_v1_limits_are_written_where_a_container_has_them(tmp_path):
    root = fake_v1(tmp_path)
    limits = sl.SessionLimits.create("02 the block", memory_bytes=2 * GIB, cpus=1.0, root=root)
    assert limits.applied and limits.version == 1
    memory, cpu = limits.dirs
    assert (memory / "memory.limit_in_bytes").read_text() == str(2 * GIB)
    assert (cpu / "cpu.cfs_quota_us").read_text() == "100000"
    assert (cpu / "cpu.cfs_period_us").read_text() == "100000"
    prefix = limits.command_prefix()
    assert prefix[1] == str(sl.ENTER) and prefix[-1] == "--"
    assert prefix[2:-1] == [str(memory / "cgroup.procs"), str(cpu / "cgroup.procs")]
    assert limits.describe() == "kernel limited to 2.0 GiB of memory and 1 CPU (cgroup v1)"
    (memory / "memory.oom_control").write_text("oom_kill_disable 0\nunder_oom 0\noom_kill 1\n")
    assert limits.oom_killed()
    for f in list(memory.iterdir()) + list(cpu.iterdir()):
        f.unlink()   # a real cgroup folder has no files to delete: rmdir is enough
    limits.remove()
    assert not memory.exists() and not cpu.exists()


def test_v2_limits(tmp_path):
    root = tmp_path / "cgroup"
    root.mkdir()
    (root / "cgroup.controllers").write_text("cpu memory\n")
    limits = sl.SessionLimits.create("x", memory_bytes=GIB, cpus=0.5, root=root)
    assert limits.applied and limits.version == 2
    (group,) = limits.dirs
    assert (group / "memory.max").read_text() == str(GIB)
    assert (group / "cpu.max").read_text() == "50000 100000"
    (group / "memory.events").write_text("low 0\nhigh 0\nmax 3\noom 1\noom_kill 0\n")
    assert not limits.oom_killed()


def test_no_cgroup_says_why_and_prefixes_nothing(tmp_path):
    limits = sl.SessionLimits.create("x", memory_bytes=2 * GIB, root=tmp_path / "absent")
    assert not limits.applied and limits.command_prefix() == []
    assert limits.describe().startswith("limit of 2.0 GiB of memory NOT applied: could not create a cgroup")


def test_enter_cgroup_moves_itself_then_runs_the_command(tmp_path):
    procs = tmp_path / "cgroup.procs"
    out = subprocess.run([sys.executable, str(sl.ENTER), str(procs), "--", sys.executable, "-c",
                          "import os; print(os.getpid())"], capture_output=True, text=True, check=True)
    assert procs.read_text() == out.stdout.strip(), "the command runs in the process that entered"


def test_enter_cgroup_refuses_clearly(tmp_path):
    missing = tmp_path / "no" / "cgroup.procs"
    proc = subprocess.run([sys.executable, str(sl.ENTER), str(missing), "--", "true"], capture_output=True, text=True)
    assert proc.returncode == 1 and f"cannot enter {missing}" in proc.stderr


def test_sampler_sees_a_child_process_peak():
    """A child that holds 200 MB for a moment: the sampler's peak covers it (VmHWM is exact)."""
    code = "import time; b = bytearray(200 * 1024 * 1024); b[::4096] = b'x' * len(b[::4096]); time.sleep(0.5)"
    parent = subprocess.Popen([sys.executable, "-c",
                               f"import subprocess, sys; subprocess.run([sys.executable, '-c', {code!r}])"])
    sampler = sl.RssSampler(interval=0.05)
    sampler.start(parent.pid)
    time.sleep(0.3)
    sampler.after_cell(1)
    parent.wait()
    peak = sampler.stop()
    assert peak >= 200 * 1024 * 1024, f"peak {peak / 2**20:.0f} MB"
    assert sampler.by_cell and sampler.by_cell[0][0] == 1
