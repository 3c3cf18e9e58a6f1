"""One set-up at a time per checkout, and a set-up that ends with its children on SIGTERM."""
from __future__ import annotations

import fcntl
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SETUP = ROOT / "kernel-setup" / "setup.py"


def test_a_second_set_up_waits_for_the_first_and_says_so():
    import setup

    setup.BUILD.mkdir(parents=True, exist_ok=True)
    with open(setup.LOCK, "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)                 # the "first" set-up
        second = subprocess.Popen([sys.executable, str(SETUP), "--check-only"], stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True)
        time.sleep(3)
        assert second.poll() is None, "the second set-up must wait, not run alongside"
        fcntl.flock(held, fcntl.LOCK_UN)
    out, _ = second.communicate(timeout=120)
    assert "another set-up is running in this checkout" in out, out
    assert second.returncode == 0, out


MARK = "37.4242"   # a sleep no other process runs


def test_sigterm_ends_the_set_up_and_its_running_child_with_one_line():
    code = ("import sys, subprocess; sys.path.insert(0, 'kernel-setup'); import setup; "
            f"setup.STEPS = [('slow', lambda a, t: subprocess.run(['sleep', '{MARK}']))]; "
            "sys.exit(setup.main([]))")
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if subprocess.run(["pgrep", "-f", f"sleep {MARK}"], capture_output=True).returncode == 0:
            break
        time.sleep(0.2)
    proc.send_signal(signal.SIGTERM)
    out, _ = proc.communicate(timeout=30)
    assert proc.returncode == 143, out
    assert "[setup] stopped by a signal; nothing half-written is kept. Run bin/setup again to continue." in out
    time.sleep(0.5)
    assert subprocess.run(["pgrep", "-f", f"sleep {MARK}"], capture_output=True).returncode == 1, \
        "the step's child must not outlive the set-up"
