"""Two checkouts on one machine each load their own kit, and a checkout in a path with spaces and
non-ASCII characters sets up and runs under the C locale.

The second checkout ("my dir/ünï/checkout b") gets a copy of this one's kit and set-up with one
class added to its kit. Its set-up's kit and doctor steps build and check that kit under LC_ALL=C.
Then a kernel started through each checkout's launcher must load its own checkout's jar: before
build/kit-repo, both set-ups installed the same ~/.m2 jar, and the kernel of one checkout loaded
whichever kit was built last.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import kit_repo
import kernelspec
import series
from kernel_driver import Kernel

pytestmark = pytest.mark.notebook

ROOT = Path(__file__).resolve().parents[2]
MARKER = "package org.resnetnotebooks.kit;\npublic final class CheckoutB { public static final String NAME = \"b\"; }\n"
WHERE = ('System.out.println(org.resnetnotebooks.kit.Doctor.class.getProtectionDomain().getCodeSource()'
         '.getLocation().toURI().getPath());\nSystem.out.println(org.resnetnotebooks.kit.Doctor.kitSource());')
HAS_B = ('try { Class.forName("org.resnetnotebooks.kit.CheckoutB"); System.out.println("B-class: yes"); }'
         ' catch (ClassNotFoundException e) { System.out.println("B-class: no"); }')

# Runs B's own set-up steps (prerequisites, engine, kit, doctor) as bin/setup runs them.
STEPS = """
import argparse, os, sys
sys.path.insert(0, sys.argv[1])
import checks, kernel_launch, setup
os.environ.update(kernel_launch.utf8_locale(dict(os.environ)))
args = argparse.Namespace(engine="mxnet", with_pytorch=False, pytorch_flavor=None, use_current_python=True)
tools = checks.prerequisites(setup.ROOT)
for name in ("engine", "kit", "doctor"):
    print(f"[setup] {name}:", dict(setup.STEPS)[name](args, tools), flush=True)
"""


def c_locale() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_")}
    env.update(LC_ALL="C", LANG="C")
    return env


def second_checkout(tmp_path: Path) -> Path:
    other = tmp_path / "my dir" / "ünï" / "checkout b"
    shutil.copytree(ROOT / "kit", other / "kit", ignore=shutil.ignore_patterns("target"))
    shutil.copytree(ROOT / "kernel-setup", other / "kernel-setup", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "build" / "vendor" / "plotly", other / "build" / "vendor" / "plotly")
    (other / "kit" / "src" / "main" / "java" / "org" / "resnetnotebooks" / "kit" / "CheckoutB.java").write_text(MARKER)
    (other / "notebooks").mkdir()
    return other


def kernelspec_for(checkout: Path, jupyter_path: Path) -> str:
    """This checkout's `java` kernelspec, with the launcher of `checkout` (as its set-up writes it)."""
    spec = series.kernel_spec()
    assert spec is not None, "run bin/setup first"
    argv = [str(checkout / "kernel-setup" / "kernel_launch.py") if a.endswith("kernel_launch.py") else a
            for a in spec["argv"]]
    resource_dir = ROOT / ".venv" / "share" / "jupyter" / "kernels" / series.KERNEL
    spec = dict(spec, argv=[a.replace("{resource_dir}", str(resource_dir)) for a in argv])
    name = "java-checkout-b"
    (jupyter_path / "kernels" / name).mkdir(parents=True)
    (jupyter_path / "kernels" / name / "kernel.json").write_text(json.dumps(spec))
    return name


def run_in(kernel_name: str, env: dict[str, str], cwd: Path) -> str:
    kernel = Kernel(env, cwd, kernel_name=kernel_name)
    try:
        printed = []
        for code in (f"%maven org.resnetnotebooks:resnet-kit:{kernelspec.kit_version(ROOT / 'kit')}", WHERE, HAS_B):
            status, text = kernel.run(code, timeout=300)
            assert status == "ok", text
            printed.append(text)
        return "".join(printed)
    finally:
        kernel.close()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_two_checkouts_each_load_their_own_kit(tmp_path, monkeypatch):
    version = kernelspec.kit_version(ROOT / "kit")
    own_jar = kit_repo.jar(ROOT, version)
    assert own_jar.exists(), "run bin/setup first"
    own_hash = sha256(own_jar)
    other = second_checkout(tmp_path)

    setup = subprocess.run([sys.executable, "-c", STEPS, str(other / "kernel-setup")], env=c_locale(),
                           capture_output=True, text=True, timeout=900)
    assert setup.returncode == 0, setup.stdout + setup.stderr
    assert "[setup] kit: built resnet-kit" in setup.stdout, setup.stdout
    assert "[setup] doctor: engine works: MXNet" in setup.stdout, setup.stdout
    other_jar = kit_repo.jar(other, version)
    assert other_jar.exists() and sha256(other_jar) != own_hash
    assert sha256(own_jar) == own_hash, "building the other checkout's kit left this one's alone"

    jupyter_path = tmp_path / "jupyter"
    monkeypatch.setenv("JUPYTER_PATH", str(jupyter_path))
    name = kernelspec_for(other, jupyter_path)
    seen_b = run_in(name, c_locale(), other / "notebooks")
    assert str(other_jar) in seen_b, seen_b
    assert "from this checkout's build/kit-repo" in seen_b and "B-class: yes" in seen_b, seen_b

    seen_a = run_in(series.KERNEL, dict(os.environ), ROOT / "notebooks")
    assert str(own_jar) in seen_a, seen_a
    assert "from this checkout's build/kit-repo" in seen_a and "B-class: no" in seen_a, seen_a
