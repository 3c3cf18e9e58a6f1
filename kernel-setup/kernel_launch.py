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
- LC_ALL=C.UTF-8, only when the locale's character set is not UTF-8 (C, POSIX): Java needs it to
  open paths with non-ASCII characters.
- Maven's local repository: this checkout's build/kit-repo, with ~/.m2/repository behind it, so
  `%maven org.resnetnotebooks:resnet-kit` loads the kit built from this checkout (kit_repo.py).
And one setting of yours: RESNET_HEAP (e.g. `RESNET_HEAP=4g bin/lab`) gives the JVM that much heap
(-Xmx) instead of 25 % of the session's memory. The kernelspec's own JJAVA_JVM_OPTS would
override a JJAVA_JVM_OPTS of yours, so this is the way to change the heap that survives set-up.
The stop button (POSIX: Linux, macOS). The kernelspec asks Jupyter to interrupt by signal, and
this launcher stays as the kernel's parent to receive it. A SIGINT creates the file named in
RESNET_STOP_FILE. A loop of the kit that watches for it (StopButton: notebook 06's training)
takes the file within a tenth of a second and ends at its next batch, with a short message and
its checkpoint, as a finished cell. If nothing takes the file within STOP_GRACE seconds, the
launcher sends the kernel the interrupt request that a message-mode stop would have sent, so any
other cell is interrupted as usual. The JVM starts with SIGINT ignored, so the signal never
reaches it. On Windows the launcher replaces itself with the kernel, whose kernelspec then asks
for message-mode interrupts. It prints nothing: the kernel's output belongs to the notebook.
"""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import container_limits  # noqa: E402
import kit_repo  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


HEAP = re.compile(r"[1-9][0-9]*[mMgG]")


def utf8_locale(env: dict[str, str]) -> dict[str, str]:
    """LC_ALL for a UTF-8 character set when the environment's locale has another (C, POSIX).

    Java takes the encoding of file names from the locale: under C it cannot open a path with
    "é" or "ü" in it (InvalidPathException), such as a checkout in a home folder with an accented
    name. Nothing is changed when the locale already uses UTF-8."""
    current = env.get("LC_ALL") or env.get("LC_CTYPE") or env.get("LANG") or "C"
    if re.search(r"utf-?8", current, re.IGNORECASE):
        return {}
    return {"LC_ALL": "en_US.UTF-8" if sys.platform == "darwin" else "C.UTF-8"}


def settings(env: dict[str, str], limits: container_limits.Limits) -> dict[str, str]:
    """The variables to add to `env` (none that it already has), and RESNET_HEAP applied."""
    wanted = {
        "OMP_NUM_THREADS": str(limits.usable_cores),
        "RESNET_SESSION_LIMITS": limits.describe(),
    }
    added = {k: v for k, v in wanted.items() if not env.get(k)}
    added.update(utf8_locale(env))
    heap = env.get("RESNET_HEAP", "").strip()
    if heap:
        if not HEAP.fullmatch(heap):
            raise ValueError(f"RESNET_HEAP={heap!r} is not a heap size: use e.g. 2g or 1500m")
        added["JJAVA_JVM_OPTS"] = (env.get("JJAVA_JVM_OPTS", "") + f" -Xmx{heap}").strip()
    added.update(kit_repo.kernel_settings(ROOT, {**env, **added}))
    return added


STOP_GRACE = 2.0   # seconds a watching loop has to take a stop request


def stop_file_for(pid: int) -> Path:
    return Path(tempfile.gettempdir()) / f"resnet-stop-{pid}"


def send_interrupt_request(connection_file: str) -> None:
    """The kernel's own interrupt, as JupyterLab sends it in message mode."""
    try:
        from jupyter_client import BlockingKernelClient

        client = BlockingKernelClient()
        client.load_connection_file(connection_file)
        client.start_channels(shell=False, iopub=False, stdin=False, hb=False, control=True)
    except Exception:   # no connection file or no jupyter_client: nothing to interrupt
        return
    try:
        client.control_channel.send(client.session.msg("interrupt_request", {}))
        client.control_channel.get_msg(timeout=5)
    except Exception:   # the kernel may be busy or gone; the stop was best effort
        pass
    finally:
        client.stop_channels()


def run_as_parent(argv: list[str], env: dict[str, str]) -> int:
    stop_file = stop_file_for(os.getpid())
    stop_file.unlink(missing_ok=True)
    env["RESNET_STOP_FILE"] = str(stop_file)
    connection_file = argv[-1]

    def fallback() -> None:
        try:
            stop_file.unlink()          # still there: nothing watched for it
        except FileNotFoundError:
            return                      # a loop took it and is stopping by itself
        send_interrupt_request(connection_file)

    def on_interrupt(signum, frame) -> None:
        stop_file.touch()
        threading.Timer(STOP_GRACE, fallback).start()

    def on_terminate(signum, frame) -> None:
        child.send_signal(signum)

    # Ignored at exec, SIGINT stays ignored in the JVM (it installs no handler for it).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    child = subprocess.Popen(argv, env=env)
    signal.signal(signal.SIGINT, on_interrupt)
    signal.signal(signal.SIGTERM, on_terminate)
    try:
        while True:
            try:
                return child.wait()
            except InterruptedError:
                continue
    finally:
        stop_file.unlink(missing_ok=True)


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: kernel_launch.py COMMAND [ARG...]  (the kernel's command line)", file=sys.stderr)
        return 2
    env = dict(os.environ)
    limits = container_limits.current()
    try:
        env.update(settings(env, limits))
    except ValueError as e:
        print(f"kernel_launch: {e}", file=sys.stderr)   # the kernel starts with its usual heap
        del env["RESNET_HEAP"]
        env.update(settings(env, limits))
    if os.name == "posix":
        return run_as_parent(argv, env)
    os.execvpe(argv[0], argv, env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
