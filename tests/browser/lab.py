"""JupyterLab 4 on loopback, driven by Debian's Chromium through Playwright: what a learner sees.

Each `Lab` starts its own server in a temporary copy of the notebooks, with its own Jupyter data
folder, so no notebook is trusted (a fresh clone is not) and nothing touches the learner's files.
Screenshots go to build/browser/.
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "build" / "browser"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 # No network: every host name fails to resolve, except the loopback JupyterLab uses.
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def require_chromium() -> str:
    """Debian's Chromium, or skip the test (fail in CI, where .ci/run installs it)."""
    import pytest

    browser = chromium()
    if browser is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is required in CI (.ci/run installs it)")
        pytest.skip("chromium not installed (Debian: apt-get install chromium)")
    return browser


def require_playwright() -> str:
    """require_chromium(), and Playwright from tests/requirements.txt (bin/test installs it)."""
    import pytest

    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("playwright is required in CI (tests/requirements.txt; .ci/run installs it)")
        pytest.skip("playwright not installed (bin/test installs tests/requirements.txt)")
    return require_chromium()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Lab:
    """A JupyterLab server on 127.0.0.1 serving `root`."""

    def __init__(self, root: Path, env: dict[str, str] | None = None):
        self.root = root
        self.port = free_port()
        self.token = "resnet-browser-test"
        data_dir = root / ".jupyter-data"
        data_dir.mkdir(parents=True, exist_ok=True)
        settings = root / ".jupyterlab-settings"
        # Every cell rendered (no virtual scrolling), so a test can find any output; no news pop-up.
        for name, value in (("notebook-extension/tracker", {"windowingMode": "none"}),
                            ("apputils-extension/notification", {"fetchNews": "false"})):
            file = settings / "@jupyterlab" / f"{name}.jupyterlab-settings"
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_text(json.dumps(value))
        environment = dict(os.environ)
        environment.update({
            # Our own trust database: nothing here has been trusted.
            "JUPYTER_DATA_DIR": str(data_dir),
            "JUPYTER_PATH": str(ROOT / ".venv" / "share" / "jupyter"),
            "JUPYTER_CONFIG_DIR": str(root / ".jupyter-config"),
            "JUPYTERLAB_SETTINGS_DIR": str(settings),
            "JUPYTERLAB_WORKSPACES_DIR": str(root / ".jupyterlab-workspaces"),
        })
        environment.update(env or {})
        self.log = open(root / "jupyterlab.log", "w")
        self.process = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "jupyter"), "lab", "--no-browser", "--ip=127.0.0.1",
             f"--port={self.port}", f"--IdentityProvider.token={self.token}", f"--ServerApp.root_dir={root}",
             "--ServerApp.disable_check_xsrf=True", "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
            + (["--allow-root"] if os.geteuid() == 0 else []),
            cwd=root, env=environment, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{self.url}/api/status?token={self.token}", timeout=2)
                break
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"JupyterLab did not start; see {root / 'jupyterlab.log'}")
                time.sleep(0.5)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def notebook_url(self, relative: str) -> str:
        return f"{self.url}/lab/tree/{relative}?token={self.token}&reset"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def shot(page, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path
