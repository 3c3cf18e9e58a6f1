"""The set-up's data step names the real cause: a problem on this machine (disk, permissions) gets
no advice about the network, an interruption says so, and only other failures mention the
network (the first run downloads the data package)."""
from __future__ import annotations

import subprocess

import pytest

import setup
from errors import SetupError


@pytest.mark.parametrize("code, says, never", [
    (setup.LOCAL_PROBLEM, "fix the permissions", "network"),
    (130, "interrupted", "network"),
    (2, "network connection", "permissions"),
])
def test_each_failure_gets_its_own_advice(monkeypatch, code, says, never):
    def fake_run(cmd, *args, **kwargs):
        if "--verify" in cmd:
            return subprocess.CompletedProcess(cmd, 1, "", "")          # not prepared yet
        return subprocess.CompletedProcess(cmd, code)                   # the preparation's exit code

    monkeypatch.setattr(setup.subprocess, "run", fake_run)
    with pytest.raises(SetupError) as e:
        setup.step_data(None, None)
    text = (e.value.what + " " + e.value.fix).lower()
    assert says in text and never not in text, text


def test_jupyterlab_asks_no_news_question_and_keeps_other_overrides(tmp_path):
    overrides = tmp_path / "settings" / "overrides.json"
    overrides.parent.mkdir()
    overrides.write_text('{"@jupyterlab/apputils-extension:themes": {"theme": "JupyterLab Dark"}}')
    assert setup.quiet_lab(overrides) is True
    import json
    data = json.loads(overrides.read_text())
    assert data["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"
    assert data["@jupyterlab/apputils-extension:themes"]["theme"] == "JupyterLab Dark"
    assert setup.quiet_lab(overrides) is False, "a second set-up changes nothing"
