"""Where a recorded result came from: the commit and the machine (tools/ship_model.py, seed_spread.py)."""
from __future__ import annotations

import os
import platform
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def commit() -> str:
    """The checkout's commit, or "unknown" outside git."""
    try:
        return subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def machine() -> str:
    """e.g. "2 cores of an Intel(R) Xeon(R) Processor, Linux 6.1"."""
    return f"{os.cpu_count()} cores of an {cpu_name()}, {platform.system()} {platform.release()}"
