"""Prerequisite checks: each failure says what is wrong and how to fix it."""
from __future__ import annotations

import math
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import container_limits
import platforms
from errors import SetupError

MIN_JAVA = 17          # the kit is compiled for Java 17 (DJL 0.36 needs 11+)
MIN_PYTHON = (3, 10)
JDK_HINT = ("Install a full JDK 17 or newer (Debian/Ubuntu: sudo apt-get install openjdk-17-jdk-headless; "
            "conda: conda install -c conda-forge openjdk=17), put its bin/ first on PATH or set "
            "JAVA_HOME, and run the set-up again.")


@dataclass
class Tools:
    java_home: str
    java_version: str
    mvn: str
    npm: str
    free_gb: float
    platform: platforms.Platform = platforms.LINUX_X86_64

    def summary(self) -> str:
        return (f"Java {self.java_version} at {self.java_home} ({self.platform.key}), Maven {self.mvn}, "
                f"npm {self.npm}, {self.free_gb:.0f} GB free")


def find_java() -> str:
    """JAVA_HOME wins when set (as Maven does); otherwise `java` on PATH."""
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").exists():
        return str(Path(home) / "bin" / "java")
    java = shutil.which("java")
    if not java:
        raise SetupError("No Java found: `java` is not on PATH and JAVA_HOME is not set.", JDK_HINT)
    return java


def java_properties(java: str) -> dict[str, str]:
    try:
        proc = subprocess.run([java, "-XshowSettings:properties", "-version"],
                              capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise SetupError(f"Could not run {java}: {e}", JDK_HINT)
    props = {}
    for line in (proc.stderr + proc.stdout).splitlines():
        m = re.match(r"\s*([\w.]+) = (.*)", line)
        if m:
            props[m.group(1)] = m.group(2).strip()
    if "java.specification.version" not in props:
        # Java 8 and older print no properties block in this form.
        first = (proc.stderr or proc.stdout).strip().splitlines()[:1]
        raise SetupError(f"{java} is too old or not a working Java ({' '.join(first) or 'no version output'}); "
                         f"Java {MIN_JAVA}+ is required.", JDK_HINT)
    return props


def check_java() -> tuple[str, str, platforms.Platform]:
    """The JDK's home, its version, and the platform it runs on (which picks the native libraries)."""
    java = find_java()
    props = java_properties(java)
    spec = props["java.specification.version"]
    major = int(spec.split(".")[1]) if spec.startswith("1.") else int(spec)
    if major < MIN_JAVA:
        raise SetupError(f"Java {spec} found at {java}; the notebooks need Java {MIN_JAVA} or newer.", JDK_HINT)
    home = props.get("java.home", str(Path(java).resolve().parent.parent))
    if not (Path(home) / "bin" / "jshell").exists():
        raise SetupError(f"The Java at {home} is a runtime (JRE) without `jshell`; the Java kernel runs "
                         "your cells in JShell, which only a full JDK has.", JDK_HINT)
    return home, props.get("java.version", spec), platforms.for_java(props, java=java)


def check_program(name: str, fix: str) -> str:
    path = shutil.which(name)
    if not path:
        raise SetupError(f"`{name}` was not found on PATH.", fix)
    try:
        out = subprocess.run([name, "--version"], capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired:
        return "unknown version"
    m = re.search(r"(\d+\.\d+(\.\d+)?)", out.stdout + out.stderr)
    return m.group(1) if m else "unknown version"


def check_disk(paths: list[Path]) -> float:
    need = float(os.environ.get("RESNET_MIN_FREE_GB", "3"))
    worst = math.inf
    for p in paths:
        probe = p if p.exists() else p.parent
        free = shutil.disk_usage(probe).free / 1e9
        if free < need:
            raise SetupError(f"Only {free:.1f} GB free at {probe}; the set-up needs about {need:.0f} GB "
                             "(Python packages, Maven libraries, the MXNet native library, the data).",
                             "Free some disk space (or set RESNET_MIN_FREE_GB lower if you know it fits) "
                             "and run the set-up again.")
        worst = min(worst, free)
    return worst


def check_python() -> None:
    if sys.version_info < MIN_PYTHON:
        raise SetupError(f"Python {sys.version.split()[0]} is too old; {MIN_PYTHON[0]}.{MIN_PYTHON[1]}+ is needed.",
                         "Install Python 3.10 or newer and run the set-up with it.")


def prerequisites(root: Path, *, need_npm: bool = True) -> Tools:
    """`need_npm`: False when installing from a bundle, which carries the npm packages itself."""
    check_python()
    platforms.check_python_host()
    java_home, version, platform = check_java()
    mvn = check_program("mvn", "Install Apache Maven 3.8+ (Debian/Ubuntu: sudo apt-get install maven; "
                               "macOS: brew install maven; conda: conda install -c conda-forge maven) "
                               "and run the set-up again.")
    npm = "not needed"
    if need_npm:
        check_program("node", "Install Node.js 18+ with npm (Debian/Ubuntu: sudo apt-get install nodejs npm; "
                              "macOS: brew install node).")
        npm = check_program("npm", "Install npm (Debian/Ubuntu: sudo apt-get install npm) and run the set-up again.")
    free = check_disk([root, Path.home()])
    return Tools(java_home=java_home, java_version=version, mvn=mvn, npm=npm, free_gb=free, platform=platform)


def usable_cores() -> int:
    """CPUs this process may really use: affinity, capped by a cgroup CPU quota (v1 or v2).

    Hosted notebooks (Binder) show the host's many CPUs but allow about one;
    OMP_NUM_THREADS must follow the quota or the threads fight each other.
    """
    return container_limits.current().usable_cores
