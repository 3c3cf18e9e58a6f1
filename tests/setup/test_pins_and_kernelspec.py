"""environment.yml is the one list of Python pins, and the venv matches it;
the installed kernelspec is configured as the set-up promises."""
from __future__ import annotations

import importlib.metadata as md
import json
import re
from pathlib import Path

import kernelspec
import pins

ROOT = Path(__file__).resolve().parents[2]


def test_environment_yml_pins_are_what_the_venv_has():
    reqs = pins.pip_requirements(ROOT / "environment.yml")
    assert any(r.startswith("jjava==") for r in reqs)
    for r in reqs:
        name, version = r.split("==")
        assert md.version(name) == version, f"{name}: venv has {md.version(name)}, environment.yml pins {version}"


def test_pip_list_reader_rejects_unpinned(tmp_path):
    yml = tmp_path / "environment.yml"
    yml.write_text("dependencies:\n  - python=3.11\n  - pip:\n      - jupyterlab\n")
    try:
        pins.pip_requirements(yml)
    except ValueError as e:
        assert "not pinned" in str(e)
    else:
        raise AssertionError("an unpinned requirement was accepted")


def test_installed_kernelspec_is_configured():
    spec = json.loads((ROOT / ".venv/share/jupyter/kernels/java/kernel.json").read_text())
    env = spec["env"]
    launcher, java = spec["argv"][1], kernelspec.java_of(spec)
    assert Path(spec["argv"][0]).exists() and Path(launcher) == kernelspec.LAUNCHER and Path(launcher).exists()
    assert Path(java).is_absolute() and java.endswith("/bin/java")
    assert env["PATH"].startswith(env["JAVA_HOME"] + "/bin:")
    assert (Path(env["JAVA_HOME"]) / "bin" / "jshell").exists()
    assert "OMP_NUM_THREADS" not in env, "kernel_launch.py sets it from the session's CPU quota"
    assert env["OPT_OUT_TRACKING"] == "true"
    assert env["MXNET_ENGINE_TYPE"] == "NaiveEngine"
    assert env["OMP_WAIT_POLICY"] == "PASSIVE"
    assert Path(env["RESNET_DATA_DIR"], "MANIFEST.json").exists()


def test_notebooks_load_the_current_kit_version():
    version = kernelspec.kit_version(ROOT / "kit")
    for nb in sorted((ROOT / "notebooks").glob("*.ipynb")):
        text = nb.read_text()
        found = set(re.findall(r"%maven org\.resnetnotebooks:resnet-kit:([\w.\-]+)", text))
        assert found == {version}, f"{nb.name} loads kit {found}, the kit is {version}"
