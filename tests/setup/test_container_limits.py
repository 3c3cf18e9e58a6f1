"""The kernel's settings follow the session's limits: CPU quota and memory limit read from faked
cgroup trees (v1 and v2), and the launcher that applies them at each kernel start."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import container_limits as cl
import kernel_launch

GIB = 1 << 30


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + "\n")


def v1_tree(tmp_path: Path, quota_us: int, memory: int, path: str = "/kubepods/pod1/c1") -> tuple[Path, str]:
    """A cgroup v1 hierarchy as a container sees it, limits on the container's own cgroup."""
    root = tmp_path / "v1"
    cpu = root / "cpu,cpuacct" / path.lstrip("/")
    write(cpu / "cpu.cfs_quota_us", str(quota_us))
    write(cpu / "cpu.cfs_period_us", "100000")
    write(root / "cpu,cpuacct" / "cpu.cfs_quota_us", "-1")
    write(root / "cpu,cpuacct" / "cpu.cfs_period_us", "100000")
    mem = root / "memory" / path.lstrip("/")
    write(mem / "memory.limit_in_bytes", str(memory))
    write(root / "memory" / "memory.limit_in_bytes", "9223372036854771712")   # v1's "no limit"
    proc = f"12:memory:{path}\n4:cpu,cpuacct:{path}\n1:name=systemd:{path}\n"
    return root, proc


def v2_tree(tmp_path: Path, cpu_max: str, memory_max: str, path: str = "/user.slice/session") -> tuple[Path, str]:
    root = tmp_path / "v2"
    write(root / "cgroup.controllers", "cpu memory pids")
    write(root / path.lstrip("/") / "cpu.max", cpu_max)
    write(root / path.lstrip("/") / "memory.max", memory_max)
    return root, f"0::{path}\n"


def test_v1_binder_like_session_one_cpu_two_gib(tmp_path):
    root, proc = v1_tree(tmp_path, quota_us=100_000, memory=2 * GIB)
    limits = cl.current(root, proc, affinity=16)
    assert limits.cpus == 1.0 and limits.memory_bytes == 2 * GIB
    assert limits.usable_cores == 1
    assert "16 CPU(s) visible, CPU quota 1, memory limit 2.0 GiB" == limits.describe()


def test_v1_no_limits_means_all_visible_cpus(tmp_path):
    root, proc = v1_tree(tmp_path, quota_us=-1, memory=9223372036854771712)
    limits = cl.current(root, proc, affinity=4)
    assert limits.cpus is None and limits.memory_bytes is None and limits.usable_cores == 4


def test_v1_fractional_quota_rounds_up_and_never_exceeds_affinity(tmp_path):
    root, proc = v1_tree(tmp_path, quota_us=150_000, memory=GIB)
    assert cl.current(root, proc, affinity=8).usable_cores == 2
    root, proc = v1_tree(tmp_path / "b", quota_us=800_000, memory=GIB)
    assert cl.current(root, proc, affinity=2).usable_cores == 2
    root, proc = v1_tree(tmp_path / "c", quota_us=20_000, memory=GIB)
    assert cl.current(root, proc, affinity=2).usable_cores == 1, "at least one thread"


def test_v1_limit_on_an_ancestor_counts(tmp_path):
    root, proc = v1_tree(tmp_path, quota_us=-1, memory=9223372036854771712, path="/pod/c1")
    write(root / "memory" / "pod" / "memory.limit_in_bytes", str(3 * GIB))
    write(root / "cpu,cpuacct" / "pod" / "cpu.cfs_quota_us", "200000")
    write(root / "cpu,cpuacct" / "pod" / "cpu.cfs_period_us", "100000")
    limits = cl.current(root, proc, affinity=8)
    assert limits.memory_bytes == 3 * GIB and limits.cpus == 2.0


def test_v1_container_that_mounts_only_its_own_cgroup(tmp_path):
    """/proc/self/cgroup names the host's path, but the container's cgroup is mounted at the root."""
    root = tmp_path / "v1"
    write(root / "cpu,cpuacct" / "cpu.cfs_quota_us", "100000")
    write(root / "cpu,cpuacct" / "cpu.cfs_period_us", "100000")
    write(root / "memory" / "memory.limit_in_bytes", str(2 * GIB))
    proc = "12:memory:/docker/abc123\n4:cpu,cpuacct:/docker/abc123\n"
    limits = cl.current(root, proc, affinity=32)
    assert limits.usable_cores == 1 and limits.memory_bytes == 2 * GIB


def test_v2_quota_and_memory(tmp_path):
    root, proc = v2_tree(tmp_path, "100000 100000", str(2 * GIB))
    limits = cl.current(root, proc, affinity=2)
    assert limits.cpus == 1.0 and limits.usable_cores == 1 and limits.memory_bytes == 2 * GIB


def test_v2_unlimited(tmp_path):
    root, proc = v2_tree(tmp_path, "max 100000", "max")
    limits = cl.current(root, proc, affinity=2)
    assert limits.cpus is None and limits.memory_bytes is None and limits.usable_cores == 2


def test_v2_smallest_limit_on_the_path_wins(tmp_path):
    root, proc = v2_tree(tmp_path, "max 100000", "max", path="/a/b")
    write(root / "a" / "memory.max", str(GIB))
    write(root / "a" / "cpu.max", "50000 100000")
    limits = cl.current(root, proc, affinity=4)
    assert limits.memory_bytes == GIB and limits.cpus == 0.5 and limits.usable_cores == 1


def test_no_cgroup_file_system_at_all(tmp_path):
    limits = cl.current(tmp_path / "nothing", "", affinity=3)
    assert limits == cl.Limits(cpus=None, memory_bytes=None, affinity=3)


def test_launcher_sets_threads_from_the_quota_but_keeps_what_the_user_set(tmp_path):
    root, proc = v1_tree(tmp_path, quota_us=100_000, memory=2 * GIB)
    limits = cl.current(root, proc, affinity=16)
    added = kernel_launch.settings({"PATH": "/bin"}, limits)
    assert added["OMP_NUM_THREADS"] == "1"
    assert "memory limit 2.0 GiB" in added["RESNET_SESSION_LIMITS"]
    assert "OMP_NUM_THREADS" not in kernel_launch.settings({"OMP_NUM_THREADS": "4"}, limits)


CHILD = """
import os, signal, sys, time
print(os.getppid(), os.environ['OMP_NUM_THREADS'], signal.getsignal(signal.SIGINT) == signal.SIG_IGN, flush=True)
stop = os.environ['RESNET_STOP_FILE']
for _ in range(100):
    if os.path.exists(stop):
        print('stop requested', flush=True)
        os.remove(stop)
        break
    time.sleep(0.05)
"""


@pytest.mark.skipif(os.name != "posix", reason="the launcher stays the parent on POSIX only")
def test_launcher_runs_the_kernel_with_the_settings_and_turns_sigint_into_a_stop_request(tmp_path):
    """The kernel is the launcher's child with OMP_NUM_THREADS set and SIGINT ignored (the JVM then
    installs no handler for it); a SIGINT to the launcher (Jupyter's interrupt, sent to the process
    group) becomes the stop-request file that the kit's StopButton takes."""
    env = {k: v for k, v in os.environ.items() if k != "OMP_NUM_THREADS"}
    launcher = subprocess.Popen([sys.executable, str(kernel_launch.__file__), sys.executable, "-c", CHILD],
                                stdout=subprocess.PIPE, text=True, env=env)
    first = launcher.stdout.readline().split()
    launcher.send_signal(signal.SIGINT)
    rest = launcher.communicate(timeout=30)[0]
    assert int(first[0]) == launcher.pid, "the kernel runs as the launcher's child"
    assert first[1] == str(cl.current().usable_cores)
    assert first[2] == "True", "the kernel starts with SIGINT ignored"
    assert "stop requested" in rest
    assert launcher.returncode == 0, "the launcher ends with its kernel's exit code"
    assert not kernel_launch.stop_file_for(launcher.pid).exists(), "no request file left behind"


def test_resnet_heap_sets_the_jvm_heap_and_a_bad_value_is_named(tmp_path):
    limits = cl.Limits(cpus=None, memory_bytes=None, affinity=2)
    added = kernel_launch.settings({"JJAVA_JVM_OPTS": "-XX:MaxRAMPercentage=25", "RESNET_HEAP": "3g"}, limits)
    assert added["JJAVA_JVM_OPTS"].startswith("-XX:MaxRAMPercentage=25 -Xmx3g "), "a later -Xmx wins over the percentage"
    assert "-Xmx" not in kernel_launch.settings({"JJAVA_JVM_OPTS": "-Xss1m"}, limits)["JJAVA_JVM_OPTS"]
    try:
        kernel_launch.settings({"RESNET_HEAP": "lots"}, limits)
    except ValueError as e:
        assert "RESNET_HEAP='lots' is not a heap size: use e.g. 2g or 1500m" in str(e)
    else:
        raise AssertionError("a bad RESNET_HEAP was accepted")


def test_a_c_locale_gets_utf8_for_the_kernel_and_a_utf8_one_is_kept():
    assert kernel_launch.utf8_locale({"LANG": "C"})["LC_ALL"].upper().endswith("UTF-8")
    assert kernel_launch.utf8_locale({"LC_ALL": "POSIX", "LANG": "de_DE.UTF-8"})   # LC_ALL wins
    assert kernel_launch.utf8_locale({}) != {}
    assert kernel_launch.utf8_locale({"LANG": "de_DE.UTF-8"}) == {}
    assert kernel_launch.utf8_locale({"LC_CTYPE": "en_US.utf8"}) == {}
