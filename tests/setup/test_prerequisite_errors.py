"""The set-up's prerequisite checks fail with a clear, actionable message.

Each test builds a PATH holding fake tools, runs `setup.py --check-only` and
asserts on what the user would read. Removing a check makes its test fail.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SETUP = ROOT / "kernel-setup" / "setup.py"


def fake_java(home: Path, spec_version: str | None, with_jshell: bool = True,
              os_name: str = "Linux", os_arch: str = "amd64") -> Path:
    """A fake JDK home whose `java` prints what a real one of that version prints (on that platform)."""
    bin_dir = home / "bin"
    bin_dir.mkdir(parents=True)
    if spec_version is None:  # Java 8 style: no properties listing
        body = 'echo \'java version "1.8.0_292"\' >&2'
    else:
        body = (f"echo 'Property settings:' >&2\n"
                f"echo '    java.home = {home}' >&2\n"
                f"echo '    java.specification.version = {spec_version}' >&2\n"
                f"echo '    java.version = {spec_version}.0.1' >&2\n"
                f"echo '    os.arch = {os_arch}' >&2\n"
                f"echo '    os.name = {os_name}' >&2\n"
                f"echo 'openjdk version \"{spec_version}.0.1\"' >&2")
    java = bin_dir / "java"
    java.write_text(f"#!/bin/sh\n{body}\n")
    java.chmod(0o755)
    if with_jshell:
        (bin_dir / "jshell").write_text("#!/bin/sh\n")
        (bin_dir / "jshell").chmod(0o755)
    return bin_dir


def tool_dir(tmp_path: Path, tools: list[str]) -> Path:
    """A bin folder holding links to the named real tools (and nothing else)."""
    d = tmp_path / "tools"
    d.mkdir()
    for name in tools:
        real = shutil.which(name)
        assert real, f"{name} must exist on the test machine"
        (d / name).symlink_to(real)
    for name in ("sh", "bash", "env", "uname", "cat", "dirname"):
        if shutil.which(name) and not (d / name).exists():
            (d / name).symlink_to(shutil.which(name))
    return d


def run_check(path_dirs: list[Path], setup: Path = SETUP, **extra_env) -> subprocess.CompletedProcess:
    env = {"PATH": os.pathsep.join(str(p) for p in path_dirs), "HOME": os.environ["HOME"]}
    env.update(extra_env)
    return subprocess.run([sys.executable, str(setup), "--check-only"], env=env,
                          capture_output=True, text=True, timeout=300)


def assert_fails_with(proc, *phrases):
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    assert "What to do:" in proc.stderr
    for phrase in phrases:
        assert phrase in proc.stderr, proc.stderr


def test_no_java(tmp_path):
    proc = run_check([tool_dir(tmp_path, ["mvn", "node", "npm"])])
    assert_fails_with(proc, "No Java found", "JDK 17")


def test_java_8_is_too_old(tmp_path):
    jdk = fake_java(tmp_path / "jdk8", None)
    proc = run_check([jdk, tool_dir(tmp_path, ["mvn", "node", "npm"])])
    assert_fails_with(proc, "too old", "Java 17")


def test_java_11_is_too_old(tmp_path):
    jdk = fake_java(tmp_path / "jdk11", "11")
    proc = run_check([jdk, tool_dir(tmp_path, ["mvn", "node", "npm"])])
    assert_fails_with(proc, "Java 11 found", "Java 17 or newer")


def test_java_home_wins_over_path(tmp_path):
    old = fake_java(tmp_path / "jdk11", "11")
    proc = run_check([tool_dir(tmp_path, ["mvn", "node", "npm"])], JAVA_HOME=str(old.parent))
    assert_fails_with(proc, "Java 11 found")


def test_jre_without_jshell(tmp_path):
    jre = fake_java(tmp_path / "jre17", "17", with_jshell=False)
    proc = run_check([jre, tool_dir(tmp_path, ["mvn", "node", "npm"])])
    assert_fails_with(proc, "without `jshell`", "full JDK")


def fresh_copy(tmp_path: Path) -> Path:
    """The set-up's own files in an otherwise empty checkout: a first set-up, which needs npm."""
    root = tmp_path / "fresh"
    shutil.copytree(ROOT / "kernel-setup", root / "kernel-setup", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copyfile(ROOT / "environment.yml", root / "environment.yml")
    return root


@pytest.mark.parametrize("missing", ["mvn", "npm"])
def test_missing_build_tool(tmp_path, missing):
    jdk = fake_java(tmp_path / "jdk17", "17")
    present = [t for t in ["mvn", "node", "npm"] if t != missing]
    proc = run_check([jdk, tool_dir(tmp_path, present)], setup=fresh_copy(tmp_path) / "kernel-setup" / "setup.py")
    assert_fails_with(proc, f"`{missing}` was not found")


def test_npm_is_not_needed_once_its_packages_are_in_place(tmp_path):
    root = fresh_copy(tmp_path)
    for ready in ("build/vendor/plotly/plotly.min.js", "build/vendor/mathjax/VERSION", "data/fashion-mnist/MANIFEST.json"):
        (root / ready).parent.mkdir(parents=True, exist_ok=True)
        (root / ready).write_text("x")
    jdk = fake_java(tmp_path / "jdk17", "17")
    proc = run_check([jdk, tool_dir(tmp_path, ["mvn"])], setup=root / "kernel-setup" / "setup.py")
    assert proc.returncode == 0, proc.stderr
    assert "npm not needed" in proc.stdout


def test_too_little_disk(tmp_path):
    jdk = fake_java(tmp_path / "jdk17", "17")
    proc = run_check([jdk, tool_dir(tmp_path, ["mvn", "node", "npm"])], RESNET_MIN_FREE_GB="1000000")
    assert_fails_with(proc, "GB free", "Free some disk space")


def test_everything_present_passes(tmp_path):
    jdk = fake_java(tmp_path / "jdk17", "17")
    proc = run_check([jdk, tool_dir(tmp_path, ["mvn", "node", "npm"])])
    assert proc.returncode == 0, proc.stderr
    assert "Java 17.0.1" in proc.stdout


def test_missing_python_in_wrapper(tmp_path):
    proc = subprocess.run([str(ROOT / "bin" / "setup")], env={"PATH": os.environ["PATH"],
                          "PYTHON": "no-such-python3"}, capture_output=True, text=True)
    assert proc.returncode == 2
    assert "Python 3 was not found" in proc.stderr and "What to do" in proc.stderr
