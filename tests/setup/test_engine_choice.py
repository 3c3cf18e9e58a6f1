"""The engine choice at set-up time (MXNet by default, DJL's PyTorch engine on request).

No network: Maven is replaced by a fake `mvn` that writes a classpath of fake jars laid
out like a Maven repository, and the kernelspecs are written into temporary folders.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

import engines
import kernelspec
from errors import SetupError

ROOT = Path(__file__).resolve().parents[2]
SETUP = ROOT / "kernel-setup" / "setup.py"
JAVA_HOME = "/opt/jdk-17"


# ------------------------------------------------------------------ helpers
def fake_repo(tmp_path: Path) -> list[Path]:
    """Empty jars at the paths Maven would give the PyTorch engine and its dependencies."""
    repo = tmp_path / "m2"
    coords = [("ai/djl", "api", "0.36.0"), ("ai/djl/pytorch", "pytorch-engine", "0.36.0"),
              ("ai/djl/pytorch", "pytorch-jni", "2.7.1-0.36.0"),
              ("ai/djl/pytorch", "pytorch-native-cpu", "2.7.1"), ("net/java/dev/jna", "jna", "5.17.0")]
    jars = []
    for group, artifact, version in coords:
        d = repo / group / artifact / version
        d.mkdir(parents=True)
        suffix = "-linux-x86_64" if artifact == "pytorch-native-cpu" else ""
        jar = d / f"{artifact}-{version}{suffix}.jar"
        jar.write_bytes(b"PK")
        jars.append(jar)
    return jars


def fake_mvn(tmp_path: Path, jars: list[Path]) -> Path:
    """A `mvn` that answers dependency:build-classpath with the fake jars and counts its calls."""
    bin_dir = tmp_path / "fake-bin"
    bin_dir.mkdir()
    mvn = bin_dir / "mvn"
    calls = tmp_path / "mvn-calls"
    cp = os.pathsep.join(str(j) for j in jars)
    mvn.write_text("#!/bin/sh\n"
                   f"echo \"$@\" >> '{calls}'\n"
                   "for a in \"$@\"; do case $a in -Dmdep.outputFile=*) out=${a#-Dmdep.outputFile=};; esac; done\n"
                   f"printf '%s' '{cp}' > \"$out\"\n")
    mvn.chmod(0o755)
    return mvn


def mvn_calls(tmp_path: Path) -> int:
    f = tmp_path / "mvn-calls"
    return len(f.read_text().splitlines()) if f.exists() else 0


def project_root(tmp_path: Path) -> Path:
    """A project root holding just the engine POM (what engines.py reads)."""
    root = tmp_path / "project"
    pom_dir = root / "kernel-setup" / "engines" / "pytorch"
    pom_dir.mkdir(parents=True)
    (pom_dir / "pom.xml").write_text(engines.pytorch_pom(ROOT).read_text())
    return root


def jjava_spec(kernels: Path) -> Path:
    """A kernelspec folder as `pip install jjava` leaves it."""
    d = kernels / "java"
    d.mkdir(parents=True)
    (d / "kernel.json").write_text(json.dumps({
        "argv": ["java", "-jar", "{resource_dir}/jjava-launcher.jar", "{resource_dir}/jjava.jar",
                 "{connection_file}"],
        "display_name": "Java (jjava)", "language": "java", "interrupt_mode": "message",
        "env": {}, "metadata": {}}))
    return d

def fake_setup_project(tmp_path: Path, monkeypatch, setup) -> Path:
    """Points setup.py at a temporary project with a fake Maven; returns the venv's path."""
    root = project_root(tmp_path)
    build = root / "build"
    venv = tmp_path / "venv"
    jjava_spec(venv / "share" / "jupyter" / "kernels")
    mvn = fake_mvn(tmp_path, fake_repo(tmp_path))
    monkeypatch.setenv("PATH", f"{mvn.parent}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(setup, "ROOT", root)
    monkeypatch.setattr(setup, "BUILD", build)
    monkeypatch.setattr(setup, "VENV", venv)
    monkeypatch.setattr(setup, "CHOICE_FILE", build / engines.CHOICE_FILE)
    return venv


# ------------------------------------------------------------------ the choice
def test_default_is_mxnet_without_pytorch():
    c = engines.decide(None)
    assert (c.engine, c.with_pytorch, c.pytorch_flavor) == ("mxnet", False, "cpu")
    assert not c.pytorch_needed


def test_options_win_then_the_recorded_choice_is_kept():
    first = engines.decide(None, engine="pytorch")
    assert first.pytorch_needed and first.engine == "pytorch"
    # bin/lab, bin/series, bin/test run the set-up without --engine: the choice stays.
    assert engines.decide(first) == first
    assert engines.decide(first, with_pytorch=True).engine == "pytorch"
    back = engines.decide(first, engine="mxnet")
    assert back.engine == "mxnet" and not back.pytorch_needed
    tests = engines.decide(back, with_pytorch=True)
    assert tests.engine == "mxnet" and tests.pytorch_needed
    assert engines.decide(tests).pytorch_needed, "--with-pytorch is remembered"
    assert not engines.decide(tests, with_pytorch=False).pytorch_needed
    gpu = engines.decide(tests, engine="pytorch", pytorch_flavor="cu128")
    assert engines.decide(gpu).pytorch_flavor == "cu128"


def test_unknown_values_are_refused_with_what_to_do():
    with pytest.raises(SetupError) as err:
        engines.decide(None, engine="tensorflow")
    assert "mxnet" in err.value.fix and "pytorch" in err.value.fix
    with pytest.raises(SetupError):
        engines.decide(None, pytorch_flavor="cu118")


def test_choice_is_saved_and_loaded(tmp_path):
    path = tmp_path / "build" / "engine.json"
    assert engines.load(path) is None
    c = engines.Choice(engine="pytorch", with_pytorch=True, pytorch_flavor="cpu")
    engines.save(path, c)
    assert engines.load(path) == c
    assert json.loads(path.read_text())["engine"] == "pytorch"


def test_corrupt_choice_file_says_how_to_recover(tmp_path):
    path = tmp_path / "engine.json"
    path.write_text("{not json")
    with pytest.raises(SetupError) as err:
        engines.load(path)
    assert "Delete" in err.value.fix and str(path) in err.value.fix


def test_cli_rejects_unknown_engine_and_contradictory_options():
    bad = subprocess.run([sys.executable, str(SETUP), "--engine", "tensorflow", "--check-only"],
                         capture_output=True, text=True)
    assert bad.returncode == 2 and "invalid choice" in bad.stderr
    both = subprocess.run([sys.executable, str(SETUP), "--with-pytorch", "--without-pytorch", "--check-only"],
                          capture_output=True, text=True)
    assert both.returncode == 2 and "not allowed with" in both.stderr


# ------------------------------------------------------------------ the environment
def test_engine_env_mxnet_and_pytorch(tmp_path):
    assert engines.engine_env("mxnet") == {"DJL_DEFAULT_ENGINE": "MXNet"}
    jars = fake_repo(tmp_path)
    env = engines.engine_env("pytorch", jars=jars, flavor="cpu", version="2.7.1")
    assert env["DJL_DEFAULT_ENGINE"] == "PyTorch"
    assert env["JJAVA_CLASSPATH"].split(os.pathsep) == [str(j) for j in jars]
    assert env["PYTORCH_VERSION"] == "2.7.1" and env["PYTORCH_FLAVOR"] == "cpu"
    gpu = engines.engine_env("pytorch", jars=jars, flavor="cu128", version="2.7.1")
    # With the CPU jar on the classpath DJL would ignore PYTORCH_FLAVOR: it must be left out.
    assert "pytorch-native-cpu" not in gpu["JJAVA_CLASSPATH"]
    assert "pytorch-jni" in gpu["JJAVA_CLASSPATH"] and gpu["PYTORCH_FLAVOR"] == "cu128"


# ------------------------------------------------------------------ resolving the jars
def test_pytorch_jars_are_resolved_once(tmp_path):
    root, build = project_root(tmp_path), tmp_path / "build"
    jars = fake_repo(tmp_path)
    mvn = fake_mvn(tmp_path, jars)
    assert engines.resolve_pytorch(root, build, mvn=str(mvn)) == jars
    assert mvn_calls(tmp_path) == 1
    assert "dependency:build-classpath" in (tmp_path / "mvn-calls").read_text()
    assert engines.resolve_pytorch(root, build, mvn=str(mvn)) == jars
    assert mvn_calls(tmp_path) == 1, "a second set-up must not run Maven again"
    jars[3].unlink()  # e.g. ~/.m2 was cleaned: Maven runs again
    with pytest.raises(SetupError):  # the fake Maven cannot bring it back: incomplete is refused
        engines.resolve_pytorch(root, build, mvn=str(mvn))
    assert mvn_calls(tmp_path) == 2


def test_pom_change_resolves_again(tmp_path):
    root, build = project_root(tmp_path), tmp_path / "build"
    mvn = fake_mvn(tmp_path, fake_repo(tmp_path))
    engines.resolve_pytorch(root, build, mvn=str(mvn))
    pom = engines.pytorch_pom(root)
    pom.write_text(pom.read_text() + "<!-- changed -->\n")
    engines.resolve_pytorch(root, build, mvn=str(mvn))
    assert mvn_calls(tmp_path) == 2


def test_incomplete_resolution_is_refused(tmp_path):
    root, build = project_root(tmp_path), tmp_path / "build"
    jars = [j for j in fake_repo(tmp_path) if "pytorch-jni" not in str(j)]
    with pytest.raises(SetupError) as err:
        engines.resolve_pytorch(root, build, mvn=str(fake_mvn(tmp_path, jars)))
    assert "pytorch-jni" in err.value.what


def test_versions_match_djl_of_the_kit():
    """DJL artifacts must all have one version (GUIDE section 2); the JNI is built per DJL release."""
    kit = (ROOT / "kit" / "pom.xml").read_text()
    djl = re.search(r"<artifactId>api</artifactId>\s*<version>([^<]+)<", kit).group(1)
    pom = engines.pytorch_pom(ROOT).read_text()
    version = lambda text, a: re.search(rf"<artifactId>{a}</artifactId>\s*<version>([^<]+)<", text).group(1)
    native = engines.pytorch_version(ROOT)
    assert version(pom, "api") == djl
    assert version(pom, "pytorch-engine") == djl
    assert version(pom, "pytorch-jni") == f"{native}-{djl}"
    # The kit's -Ppytorch test profile uses the same versions.
    for artifact in ("pytorch-engine", "pytorch-jni", "pytorch-native-cpu"):
        assert version(kit, artifact) == version(pom, artifact), artifact


# ------------------------------------------------------------------ kernelspecs
def test_java_kernel_runs_the_chosen_engine_and_java_pytorch_reuses_its_jars(tmp_path):
    kernels = tmp_path / "kernels"
    java = jjava_spec(kernels)
    jars = fake_repo(tmp_path)
    pt_env = engines.engine_env("pytorch", jars=jars, flavor="cpu", version="2.7.1")
    python = tmp_path / "venv" / "bin" / "python"
    common = dict(java_home=JAVA_HOME, root=ROOT, python=python)
    assert kernelspec.configure(java, engine_env=pt_env, name=kernelspec.display_name("PyTorch"), **common)
    spec = json.loads((java / "kernel.json").read_text())
    assert spec["display_name"] == "Java (ResNet notebooks, PyTorch engine)"
    assert spec["env"]["DJL_DEFAULT_ENGINE"] == "PyTorch"
    assert spec["env"]["JJAVA_CLASSPATH"] == pt_env["JJAVA_CLASSPATH"]
    assert spec["env"]["OPT_OUT_TRACKING"] == "true"
    # The launcher fits OMP_NUM_THREADS to the session at each start, so the spec does not fix it.
    assert "OMP_NUM_THREADS" not in spec["env"]
    assert spec["argv"][:2] == [str(python), str(kernelspec.LAUNCHER)]
    assert spec["argv"][2] == f"{JAVA_HOME}/bin/java" and "{resource_dir}/jjava.jar" in spec["argv"]

    sibling = kernels / engines.PYTORCH_KERNEL
    name = kernelspec.display_name("PyTorch", engines.PYTORCH_KERNEL)
    assert kernelspec.configure_sibling(java, sibling, engine_env=pt_env, name=name, **common)
    pt = json.loads((sibling / "kernel.json").read_text())
    assert pt["argv"][4] == f"{java.resolve()}/jjava-launcher.jar", "runs the java kernel's own jars"
    assert "{resource_dir}" not in " ".join(pt["argv"])
    assert pt["env"]["DJL_DEFAULT_ENGINE"] == "PyTorch" and pt["display_name"] == name
    assert not (sibling / "jjava.jar").exists()

    # Idempotent: the same request writes nothing.
    assert not kernelspec.configure(java, engine_env=pt_env, name=kernelspec.display_name("PyTorch"), **common)
    assert not kernelspec.configure_sibling(java, sibling, engine_env=pt_env, name=name, **common)

    # Back to MXNet: the PyTorch classpath leaves the `java` kernel.
    assert kernelspec.configure(java, engine_env=engines.engine_env("mxnet"), **common)
    back = json.loads((java / "kernel.json").read_text())
    assert "JJAVA_CLASSPATH" not in back["env"] and back["env"]["DJL_DEFAULT_ENGINE"] == "MXNet"
    assert back["display_name"] == kernelspec.DISPLAY_NAME


def test_only_our_sibling_kernelspec_is_removed(tmp_path):
    kernels = tmp_path / "kernels"
    java = jjava_spec(kernels)
    sibling = kernels / engines.PYTORCH_KERNEL
    kernelspec.configure_sibling(java, sibling, java_home=JAVA_HOME, root=ROOT, python=tmp_path / "python",
                                 engine_env={"DJL_DEFAULT_ENGINE": "PyTorch"}, name="x")
    assert kernelspec.remove_sibling(sibling) and not sibling.exists()
    assert not kernelspec.remove_sibling(sibling)
    foreign = kernels / "someone-elses"
    foreign.mkdir()
    (foreign / "kernel.json").write_text(json.dumps({"argv": [], "env": {}}))
    assert not kernelspec.remove_sibling(foreign) and (foreign / "kernel.json").exists()


# ------------------------------------------------------------------ the set-up steps together
@pytest.fixture
def offline_setup(tmp_path, monkeypatch):
    """setup.py's engine and kernel steps on a temporary project, with the fake Maven."""
    import setup

    venv = fake_setup_project(tmp_path, monkeypatch, setup)
    tools = SimpleNamespace(java_home=JAVA_HOME)

    def run(*options):
        args = setup.argparse.Namespace(use_current_python=False, engine=None, with_pytorch=None,
                                        pytorch_flavor=None)
        for opt in options:
            if opt == "--with-pytorch":
                args.with_pytorch = True
            elif opt == "--without-pytorch":
                args.with_pytorch = False
            else:
                key, value = opt.lstrip("-").split("=")
                setattr(args, key.replace("-", "_"), value)
        return setup.step_engine(args, tools), setup.step_kernel(args, tools)

    kernels = venv / "share" / "jupyter" / "kernels"
    return SimpleNamespace(run=run, build=setup.BUILD, tmp=tmp_path, kernels=kernels)


def spec_env(kernels: Path, name: str) -> dict:
    return json.loads((kernels / name / "kernel.json").read_text())["env"]


def test_setup_engine_pytorch_then_a_second_setup_is_a_no_op(offline_setup):
    s = offline_setup
    engine_msg, kernel_msg = s.run("--engine=pytorch")
    assert "PyTorch" in engine_msg and "configured" in kernel_msg
    assert json.loads((s.build / "engine.json").read_text())["engine"] == "pytorch"
    assert spec_env(s.kernels, "java")["DJL_DEFAULT_ENGINE"] == "PyTorch"
    assert spec_env(s.kernels, engines.PYTORCH_KERNEL)["DJL_DEFAULT_ENGINE"] == "PyTorch"
    # What bin/lab does next: the set-up without options.
    engine_msg, kernel_msg = s.run()
    assert engine_msg.startswith("already done") and kernel_msg == "already done"
    assert mvn_calls(s.tmp) == 1
    assert spec_env(s.kernels, "java")["DJL_DEFAULT_ENGINE"] == "PyTorch"


def test_setup_with_pytorch_keeps_mxnet_as_the_default(offline_setup):
    s = offline_setup
    s.run()  # a learner's first set-up: MXNet, nothing of PyTorch
    assert mvn_calls(s.tmp) == 0
    assert spec_env(s.kernels, "java")["DJL_DEFAULT_ENGINE"] == "MXNet"
    assert not (s.kernels / engines.PYTORCH_KERNEL).exists()
    s.run("--with-pytorch")  # what bin/test asks for
    assert spec_env(s.kernels, "java")["DJL_DEFAULT_ENGINE"] == "MXNet"
    assert "JJAVA_CLASSPATH" not in spec_env(s.kernels, "java")
    assert "pytorch-native-cpu" in spec_env(s.kernels, engines.PYTORCH_KERNEL)["JJAVA_CLASSPATH"]
    assert s.run("--with-pytorch") == (s.run()[0], "already done")
    s.run("--without-pytorch")
    assert not (s.kernels / engines.PYTORCH_KERNEL).exists()
    assert engines.load(s.build / "engine.json") == engines.Choice()


def test_failed_download_keeps_the_previous_choice(offline_setup, monkeypatch):
    s = offline_setup
    s.run()
    monkeypatch.setenv("PATH", "/nonexistent")  # no `mvn`: resolving PyTorch fails
    with pytest.raises(SetupError):
        s.run("--engine=pytorch")
    assert engines.load(s.build / "engine.json").engine == "mxnet"


# ------------------------------------------------------------------ this checkout
def test_installed_kernelspecs_match_the_recorded_choice():
    import series

    choice = engines.load(ROOT / "build" / engines.CHOICE_FILE)
    if choice is None:
        pytest.skip("this checkout's set-up has not recorded an engine yet")
    assert series.kernel_engine("java") == engines.DJL_NAME[choice.engine]
    assert (series.kernel_spec(engines.PYTORCH_KERNEL) is not None) == choice.pytorch_needed
