"""Learners' laptops: the platform (as the JDK reports it) picks the engine and its native library.

Every platform is faked here: os.name / os.arch as real JVMs report them, a fake `java` for the
command line, a fake `mvn` for the engine step. kit/pom.xml's per-platform profiles are checked
against kernel-setup/platforms.py's table. Whether the artifacts exist on Maven Central is
tests/setup/test_platform_artifacts.py's question (it needs the network).
"""
from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from argparse import Namespace
from pathlib import Path
from types import SimpleNamespace

import pytest

import engines
import platforms
import setup
from errors import SetupError
from test_engine_choice import fake_setup_project, mvn_calls
from test_prerequisite_errors import assert_fails_with, fake_java, run_check, tool_dir

ROOT = Path(__file__).resolve().parents[2]

# What `java -XshowSettings:properties` says on each platform (os.name, os.arch).
JAVA_REPORTS = {
    "linux-x86_64": ("Linux", "amd64"),
    "linux-aarch64": ("Linux", "aarch64"),
    "osx-x86_64": ("Mac OS X", "x86_64"),
    "osx-aarch64": ("Mac OS X", "aarch64"),
    "win-x86_64": ("Windows 11", "amd64"),
}


# ------------------------------------------------------------------ the table
@pytest.mark.parametrize("key", list(JAVA_REPORTS))
def test_each_jvm_report_names_its_platform(key):
    os_name, os_arch = JAVA_REPORTS[key]
    assert platforms.identify(os_name, os_arch).key == key


def test_mxnet_where_its_native_library_exists_pytorch_elsewhere():
    engine = {k: p.default_engine for k, p in platforms.PLATFORMS.items()}
    assert engine == {"linux-x86_64": "mxnet", "linux-aarch64": "pytorch", "osx-x86_64": "mxnet",
                      "osx-aarch64": "pytorch", "win-x86_64": "mxnet"}
    # MXNet 1.9.1's native jar exists for three platforms only; PyTorch 2.7.1 has no Intel-Mac build.
    assert [k for k, p in platforms.PLATFORMS.items() if p.mxnet] == ["linux-x86_64", "osx-x86_64", "win-x86_64"]
    assert [k for k, p in platforms.PLATFORMS.items() if not p.pytorch] == ["osx-x86_64"]
    for key in ("osx-aarch64", "linux-aarch64"):
        note = platforms.PLATFORMS[key].engine_note()
        assert "MXNet has no native library" in note and "PyTorch" in note and key in note
    assert platforms.PLATFORMS["linux-x86_64"].engine_note() == ""


@pytest.mark.parametrize("os_name, os_arch, phrase", [
    ("FreeBSD", "amd64", "neither DJL's MXNet nor its PyTorch engine"),
    ("Linux", "ppc64le", "neither DJL's MXNet nor its PyTorch engine"),
    ("Linux", "s390x", "neither DJL's MXNet nor its PyTorch engine"),
    ("Linux", "riscv64", "neither DJL's MXNet nor its PyTorch engine"),
    ("Windows 10", "x86", "32-bit"),
    ("Linux", "arm", "32-bit"),
    ("", "", "did not say which OS"),
])
def test_unsupported_platforms_are_refused_with_what_exists(os_name, os_arch, phrase):
    with pytest.raises(SetupError) as err:
        platforms.identify(os_name, os_arch, java="/opt/jdk/bin/java")
    assert phrase in err.value.what
    if "neither" in phrase:
        assert "macOS (Apple Silicon)" in err.value.what and "Linux (x86-64)" in err.value.what
        assert f"{os_name} on {os_arch}" in err.value.what and "/opt/jdk/bin/java" in err.value.what
    if phrase == "32-bit":
        assert "64-bit JDK" in err.value.fix


def test_native_windows_is_refused_with_the_wsl_path():
    with pytest.raises(SetupError) as err:
        platforms.for_java({"os.name": "Windows 11", "os.arch": "amd64"})
    assert "never run on Windows" in err.value.what
    assert "wsl --install" in err.value.fix and "README 'Windows'" in err.value.fix
    with pytest.raises(SetupError):
        platforms.check_python_host("nt")
    platforms.check_python_host("posix")


def test_an_intel_jdk_on_apple_silicon_is_refused_with_the_fix():
    props = {"os.name": "Mac OS X", "os.arch": "x86_64"}
    with pytest.raises(SetupError) as err:
        platforms.for_java(props, arm64_hardware=True)
    assert "Rosetta 2" in err.value.what and "arm64 JDK" in err.value.fix
    assert platforms.for_java(props, arm64_hardware=False).key == "osx-x86_64"   # a real Intel Mac
    assert platforms.for_java({"os.name": "Mac OS X", "os.arch": "aarch64"}).key == "osx-aarch64"


# ------------------------------------------------------------------ the engine choice per platform
P = platforms.PLATFORMS


def test_apple_silicon_and_linux_arm_get_pytorch_and_keep_it():
    for key in ("osx-aarch64", "linux-aarch64"):
        c = engines.decide(None, platform=P[key])
        assert c.engine == "pytorch" and c.pytorch_needed and c.pytorch_flavor == "cpu"
        assert engines.decide(c, platform=P[key]) == c
        assert engines.decide(None, platform=P[key], with_pytorch=True).engine == "pytorch"
        # A choice recorded on another machine (build/ copied over) falls back to what runs here.
        assert engines.decide(engines.Choice(engine="mxnet"), platform=P[key]).engine == "pytorch"


def test_intel_mac_keeps_mxnet_and_cannot_have_pytorch():
    assert engines.decide(None, platform=P["osx-x86_64"]) == engines.Choice(engine="mxnet")
    for options in ({"engine": "pytorch"}, {"with_pytorch": True}):
        with pytest.raises(SetupError) as err:
            engines.decide(None, platform=P["osx-x86_64"], **options)
        assert "no CPU build for osx-x86_64" in err.value.what and "--engine mxnet" in err.value.fix
    # A recorded --with-pytorch (from another machine) is dropped, not an error.
    assert not engines.decide(engines.Choice(with_pytorch=True), platform=P["osx-x86_64"]).pytorch_needed


def test_asking_for_mxnet_on_apple_silicon_says_why_not():
    with pytest.raises(SetupError) as err:
        engines.decide(None, platform=P["osx-aarch64"], engine="mxnet")
    assert "MXNet 1.9.1 has no native library for osx-aarch64" in err.value.what
    assert "--engine pytorch" in err.value.fix


def test_the_cuda_flavour_only_where_djl_has_it():
    assert engines.decide(None, platform=P["linux-x86_64"], engine="pytorch", pytorch_flavor="cu128").pytorch_flavor == "cu128"
    with pytest.raises(SetupError) as err:
        engines.decide(None, platform=P["osx-aarch64"], pytorch_flavor="cu128")
    assert "--pytorch-flavor cpu" in err.value.fix


def test_linux_x86_64_is_unchanged():
    assert engines.decide(None, platform=P["linux-x86_64"]) == engines.decide(None) == engines.Choice()


# ------------------------------------------------------------------ the set-up's steps on a faked platform
@pytest.fixture
def faked(tmp_path, monkeypatch):
    venv = fake_setup_project(tmp_path, monkeypatch, setup)

    def run(key: str, **options):
        args = Namespace(use_current_python=False, engine=None, with_pytorch=None, pytorch_flavor=None, **options)
        tools = SimpleNamespace(java_home="/opt/jdk-17", platform=P[key])
        return args, setup.step_engine(args, tools), setup.step_kernel(args, tools)

    return SimpleNamespace(run=run, tmp=tmp_path, kernels=venv / "share" / "jupyter" / "kernels")


def test_setup_on_apple_silicon_runs_pytorch_and_says_so(faked):
    args, engine_msg, _ = faked.run("osx-aarch64")
    assert "kernel `java` runs PyTorch" in engine_msg
    assert "MXNet has no native library for osx-aarch64" in engine_msg
    calls = (faked.tmp / "mvn-calls").read_text()
    assert "-Ddjl.platform=osx-aarch64" in calls, "the PyTorch POM must get this platform's classifier"
    spec = json.loads((faked.kernels / "java" / "kernel.json").read_text())
    assert spec["env"]["DJL_DEFAULT_ENGINE"] == "PyTorch" and "JJAVA_CLASSPATH" in spec["env"]
    # The doctor checks only the engines this platform has: no MXNet run on Apple Silicon.
    assert [engine for engine, _, _ in setup.doctor_runs(args, P["osx-aarch64"])] == ["pytorch"]
    assert [engine for engine, _, _ in setup.doctor_runs(args, P["linux-x86_64"])] == ["mxnet", "pytorch"]


def test_setup_on_an_intel_mac_runs_mxnet_without_maven_for_pytorch(faked):
    args, engine_msg, _ = faked.run("osx-x86_64")
    assert "kernel `java` runs MXNet" in engine_msg and "[" not in engine_msg
    assert mvn_calls(faked.tmp) == 0
    assert [engine for engine, _, _ in setup.doctor_runs(args, P["osx-x86_64"])] == ["mxnet"]


def test_the_kit_classpath_must_hold_this_platforms_native_library():
    jar = "/r/ai/djl/mxnet/mxnet-native-mkl/1.9.1/mxnet-native-mkl-1.9.1-{}.jar"
    setup.check_native_on_classpath(P["osx-x86_64"], os.pathsep.join(["/r/a.jar", jar.format("osx-x86_64")]))
    with pytest.raises(SetupError) as err:
        setup.check_native_on_classpath(P["osx-x86_64"], jar.format("linux-x86_64"))
    assert "osx-x86_64" in err.value.what and "JAVA_HOME" in err.value.fix
    setup.check_native_on_classpath(P["osx-aarch64"], "/r/a.jar")   # PyTorch comes through the kernelspec


# ------------------------------------------------------------------ the command line, with a fake JDK
@pytest.mark.parametrize("os_name, os_arch, phrases", [
    ("Windows 10", "amd64", ["does not run on native Windows (x86-64)", "wsl --install"]),
    ("Linux", "ppc64le", ["Linux on ppc64le", "neither DJL's MXNet"]),
])
def test_setup_refuses_with_a_clear_message(tmp_path, os_name, os_arch, phrases):
    jdk = fake_java(tmp_path / "jdk17", "17", os_name=os_name, os_arch=os_arch)
    proc = run_check([jdk, tool_dir(tmp_path, ["mvn", "node", "npm"])])
    assert_fails_with(proc, *phrases)


def test_setup_names_the_platform_it_found(tmp_path):
    jdk = fake_java(tmp_path / "jdk17", "17", os_name="Linux", os_arch="aarch64")
    proc = run_check([jdk, tool_dir(tmp_path, ["mvn", "node", "npm"])])
    assert proc.returncode == 0, proc.stderr
    assert "(linux-aarch64)" in proc.stdout


# ------------------------------------------------------------------ kit/pom.xml agrees with the table
NS = {"m": "http://maven.apache.org/POM/4.0.0"}


def maven_os_matches(activation: ET.Element, os_name: str, os_arch: str) -> bool:
    """Maven's <os> activation (name: equals, family: mac/windows/unix, arch: equals; all ignoring case)."""
    def text(tag):
        e = activation.find(f"m:os/m:{tag}", NS)
        return e.text.strip().lower() if e is not None else None
    name, family, arch = text("name"), text("family"), text("arch")
    n, a = os_name.lower(), os_arch.lower()
    families = {"mac": "mac" in n, "windows": "windows" in n}   # the two families kit/pom.xml uses
    return ((name is None or name == n) and (family is None or families.get(family, False))
            and (arch is None or arch == a))


def kit_profiles() -> dict[str, ET.Element]:
    pom = ET.parse(ROOT / "kit" / "pom.xml").getroot()
    return {p.find("m:id", NS).text: p for p in pom.findall("m:profiles/m:profile", NS)}


def deps(element: ET.Element) -> dict[str, tuple[str | None, str | None]]:
    out = {}
    for d in element.findall("m:dependencies/m:dependency", NS):
        get = lambda tag: (d.find(f"m:{tag}", NS).text if d.find(f"m:{tag}", NS) is not None else None)
        out[get("artifactId")] = (get("classifier"), get("scope"))
    return out


def test_kit_pom_has_one_profile_per_platform_matching_the_table():
    profiles = kit_profiles()
    for key, platform in platforms.PLATFORMS.items():
        profile = profiles[key]
        os_name, os_arch = JAVA_REPORTS[key]
        # Activated on its own platform's JVM, and on no other's.
        active_on = [k for k, (n, a) in JAVA_REPORTS.items()
                     if maven_os_matches(profile.find("m:activation", NS), n, a)]
        assert active_on == [key], f"profile {key} is active on {active_on}"
        assert profile.find("m:properties/m:djl.platform", NS).text == key
        d = deps(profile)
        if platform.mxnet:
            assert d == {"mxnet-native-mkl": (key, "runtime")}
        else:
            assert d["pytorch-native-cpu"] == (key, "test"), "PyTorch reaches the kernel through its kernelspec"
            assert {"pytorch-engine", "pytorch-jni"} <= set(d)
            env = profile.find(".//m:environmentVariables/m:DJL_DEFAULT_ENGINE", NS)
            assert env is not None and env.text == "PyTorch", "the kit's unit tests must run on PyTorch there"
    pom = ET.parse(ROOT / "kit" / "pom.xml").getroot()
    assert "mxnet-native-mkl" not in deps(pom), "the native library comes from the platform's profile only"
    assert deps(profiles["pytorch"])["pytorch-native-cpu"] == ("${djl.platform}", "test")


def test_readme_table_says_what_the_set_up_does():
    """README's 'Learners' laptops' rows name the engine platforms.py chooses, and only Linux x86-64 as run."""
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Learners' laptops", 1)[1].split("\n## ", 1)[0]
    rows = {line.split("|")[1].strip(): line for line in section.splitlines() if line.startswith("| ")}
    label = {"linux-x86_64": "Linux x86-64", "linux-aarch64": "Linux aarch64 (ARM)", "osx-x86_64": "macOS Intel",
             "osx-aarch64": "macOS Apple Silicon", "win-x86_64": "Windows, native"}
    for key, platform in platforms.PLATFORMS.items():
        row = rows[label[key]]
        engine_cell, run_cell = row.split("|")[2], row.split("|")[3]
        if not platform.setup_runs:
            assert "refuses" in engine_cell and "WSL 2" in engine_cell
        else:
            first = "MXNet" if platform.default_engine == "mxnet" else "PyTorch"
            assert engine_cell.strip().startswith(first), row
        assert ("**run**" in run_cell) == (key == "linux-x86_64"), row
