"""A fresh learner's machine inside this one: a copy of the checkout, an empty home, optionally no network.

Used by tests/setup/test_offline_bundle_install.py (and by hand, to time a first set-up online).

`run(...)` starts a command in new Linux namespaces (root only, `unshare`):
  * mount: an empty folder is mounted over the account's home folder, so every cache is empty:
    Maven's ~/.m2 (Java reads `user.home` from the password database, not $HOME), pip's, npm's,
    DJL's ~/.djl.ai, Jupyter's. Tool folders that live in that home (e.g. ~/.pyenv holding
    python3) are mounted back, read-only, so the same Python, Java, Maven run;
  * network (when `network=False`): only a loopback interface, as on a laptop in a room with no
    Wi-Fi;
  * environment: only PATH, the locale and JAVA_HOME pass; no MAVEN_OPTS, PIP_*, npm_config_*,
    DJL_* or RESNET_* of the machine that runs the test.
"""
from __future__ import annotations

import os
import pwd
import shlex
import shutil
import subprocess
import time
from pathlib import Path

PASSED_ON = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TERM", "TZ", "JAVA_HOME")
PROXIES = ("http_proxy", "https_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY")
TOOLS = ("python3", "java", "mvn", "node", "npm", "git")


def account_home() -> Path:
    return Path(pwd.getpwuid(os.getuid()).pw_dir)


def why_not() -> str | None:
    """None when fresh machines can be made here, else the reason (for pytest.skip)."""
    if os.name != "posix" or os.geteuid() != 0:
        return "needs root (a mount namespace hides the real home and its caches)"
    if shutil.which("unshare") is None:
        return "needs `unshare` (util-linux)"
    probe = subprocess.run(["unshare", "-m", "-n", "--", "true"], capture_output=True, text=True)
    if probe.returncode != 0:
        return f"cannot create mount and network namespaces here ({probe.stderr.strip()})"
    if shutil.which("ip") is None:
        return "needs `ip` (iproute2) to bring up loopback in the namespace"
    return None


def tool_folders(home: Path) -> list[Path]:
    """Top-level folders of `home` that hold the tools the set-up runs (e.g. ~/.pyenv)."""
    found = set()
    for tool in TOOLS:
        where = shutil.which(tool)
        if not where:
            continue
        for path in (Path(where), Path(where).resolve()):
            if path.is_relative_to(home) and path != home:
                found.add(home / path.relative_to(home).parts[0])
    return sorted(found)


def fresh_checkout(root: Path, dest: Path) -> Path:
    """The checkout's files as a fresh clone has them: tracked and new files of the working tree
    (so uncommitted edits are tested too), nothing git ignores (no build/, .venv/, data)."""
    listed = subprocess.run(["git", "-C", str(root), "ls-files", "-z", "--cached", "--others",
                             "--exclude-standard"], capture_output=True, check=True).stdout
    dest.mkdir(parents=True)
    for rel in filter(None, listed.decode().split("\0")):
        src = root / rel
        if not src.is_file() and not src.is_symlink():
            continue   # deleted in the working tree
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, target, follow_symlinks=False)
    return dest


def run(cmd: list[str], *, cwd: Path, home: Path, network: bool, env: dict[str, str] | None = None,
        keep: tuple[Path, ...] = (), timeout: float = 3600) -> tuple[subprocess.CompletedProcess, float]:
    """Runs cmd on the fresh machine; returns the finished process (output captured) and its seconds.
    `keep`: folders (e.g. the bundle's) that stay visible, read-only, if they are in the real home."""
    real_home = account_home()
    home.mkdir(parents=True, exist_ok=True)
    lines = ["set -eu"]
    if not network:
        lines.append("ip link set lo up")
    kept = [Path(k).resolve() for k in keep if Path(k).resolve().is_relative_to(real_home)]
    for folder in tool_folders(real_home) + kept:
        inside = home / folder.relative_to(real_home)
        inside.mkdir(parents=True, exist_ok=True)
        lines.append(f"mount --bind {shlex.quote(str(folder))} {shlex.quote(str(inside))}")
        lines.append(f"mount -o remount,bind,ro {shlex.quote(str(inside))}")
    lines.append(f"mount --rbind {shlex.quote(str(home))} {shlex.quote(str(real_home))}")
    lines.append(f"cd {shlex.quote(str(cwd))}")
    lines.append("exec " + " ".join(shlex.quote(c) for c in cmd))
    passed = {k: os.environ[k] for k in PASSED_ON + (PROXIES if network else ()) if k in os.environ}
    passed.update(HOME=str(real_home), USER=pwd.getpwuid(os.getuid()).pw_name, **(env or {}))
    namespaces = ["-m"] + ([] if network else ["-n"])
    started = time.monotonic()
    proc = subprocess.run(["unshare", *namespaces, "--propagation", "private", "--", "bash", "-c", "\n".join(lines)],
                          env=passed, capture_output=True, text=True, timeout=timeout)
    return proc, time.monotonic() - started
