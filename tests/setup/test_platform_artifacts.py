"""Each platform's native libraries exist on Maven Central, as kernel-setup/platforms.py says.

Needs the network (marked `network`; skipped with the reason when Maven cannot download). For
each platform, Maven resolves the kit's POM with that platform's profile, and the PyTorch engine's
POM with its classifier, into a throwaway local repository: nothing comes from ~/.m2. Maven then
resolves the kit once more, offline, with os.name / os.arch faked through MAVEN_OPTS, and must
pick the same profile by itself (Windows excepted: Maven's console library does not start with a
faked Windows, and the JDK's networking needs the real OS, hence offline). Then each
native jar is opened: its properties must name the platform and list libraries that are in it (a
jar without a classifier is a placeholder of a few KB). Where the table says "no", the artifact
must really be missing, so the table cannot drift either way.

About 430-500 MB is downloaded in about 1.5-3 minutes, so it runs only when asked:
RESNET_TEST_NETWORK=1 (.ci/run does, while online; bin/test then runs offline and skips it).
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import pytest

import engines
import platforms

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.network

# os.name / os.arch as each platform's JVM reports them (Windows: not faked, see above).
FAKE_OS = {
    "linux-x86_64": ("Linux", "amd64"),
    "linux-aarch64": ("Linux", "aarch64"),
    "osx-x86_64": ("Mac_OS_X", "x86_64"),   # MAVEN_OPTS is split at spaces; Maven's "mac" family matches
    "osx-aarch64": ("Mac_OS_X", "aarch64"),
    "win-x86_64": None,
}


def mvn(repo: Path, *args: str, maven_opts: str = "") -> subprocess.CompletedProcess:
    env = dict(os.environ, MAVEN_OPTS=maven_opts)
    return subprocess.run(["mvn", "-B", "--no-transfer-progress", f"-Dmaven.repo.local={repo}", *args],
                          env=env, capture_output=True, text=True, timeout=1800)


def tail(proc: subprocess.CompletedProcess, n: int = 12) -> str:
    return "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-n:])


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    """An empty local repository; the test is skipped when Maven cannot download into it."""
    if os.environ.get("RESNET_TEST_NETWORK") != "1":
        pytest.skip("downloads about 450 MB from Maven Central: run with RESNET_TEST_NETWORK=1 (.ci/run does)")
    if shutil.which("mvn") is None:
        pytest.skip("Maven is not installed")
    repo = tmp_path_factory.mktemp("m2-throwaway")
    probe = mvn(repo, "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:get",
                "-Dartifact=ai.djl:api:0.36.0:pom", "-Dtransitive=false")
    if probe.returncode != 0:
        pytest.skip("no network: Maven could not download into an empty repository:\n" + tail(probe, 4))
    started = time.monotonic()
    yield repo
    size = sum(f.stat().st_size for f in repo.rglob("*") if f.is_file())
    print(f"\n[platform artifacts] {size / 1e6:.0f} MB resolved in {time.monotonic() - started:.0f} s")
    shutil.rmtree(repo, ignore_errors=True)


def native_problem(jar: Path, key: str) -> str | None:
    """None if the jar holds a native build for `key`, else what is wrong."""
    with zipfile.ZipFile(jar) as z:
        names = set(z.namelist())
        props = [n for n in names if n.endswith(".properties") and ("native/" in n or "/lib/" in n)]
        for name in props:
            text = z.read(name).decode("utf-8", "replace")
            classifier = re.search(r"^classifier=(.*)$", text, re.M)
            libraries = re.search(r"^libraries=(.*)$", text, re.M)
            if classifier and libraries:
                if not classifier.group(1).strip().endswith(key):
                    return f"{jar.name}: {name} says classifier={classifier.group(1)}"
                # MXNet keeps them beside the properties, PyTorch under pytorch/<flavor>/<platform>/.
                missing = [lib for lib in libraries.group(1).split(",")
                           if lib.strip() and not any(n == lib.strip() or n.endswith("/" + lib.strip()) for n in names)]
                return f"{jar.name}: libraries missing: {missing}" if missing else None
    return f"{jar.name}: no native properties (a placeholder jar?)"


def classpath(out: Path) -> list[Path]:
    return [Path(p) for p in out.read_text().strip().split(os.pathsep) if p]


@pytest.mark.parametrize("key", list(platforms.PLATFORMS))
def test_platform_artifacts_resolve(repo, tmp_path, key):
    platform = platforms.PLATFORMS[key]
    kit = tmp_path / "kit"
    kit.mkdir()
    shutil.copyfile(ROOT / "kit" / "pom.xml", kit / "pom.xml")
    out = tmp_path / "kit-classpath.txt"
    others = ",".join(f"!{k}" for k in platforms.PLATFORMS if k != key)
    proc = mvn(repo, "-f", str(kit / "pom.xml"), f"-P{key},{others}", "dependency:build-classpath",
               f"-Dmdep.outputFile={out}")
    assert proc.returncode == 0, f"the kit's dependencies for {key} did not resolve:\n{tail(proc)}"
    if FAKE_OS[key]:
        # Maven on that platform picks the same profile by itself (offline: the JDK's networking
        # would look for the faked OS's classes).
        os_name, os_arch = FAKE_OS[key]
        activated = tmp_path / "kit-classpath-activated.txt"
        proc = mvn(repo, "-o", "-f", str(kit / "pom.xml"), "dependency:build-classpath",
                   f"-Dmdep.outputFile={activated}", maven_opts=f"-Dos.name={os_name} -Dos.arch={os_arch}")
        assert proc.returncode == 0, f"Maven with os.name={os_name} os.arch={os_arch}:\n{tail(proc)}"
        assert activated.read_text() == out.read_text(), f"os.name={os_name} os.arch={os_arch} activates another profile"
    jars = {p.name: p for p in classpath(out)}
    pytorch_version = engines.pytorch_version(ROOT)
    if platform.mxnet:
        g, a, v = platforms.MXNET_NATIVE
        name = f"{a}-{v}-{key}.jar"
    else:
        name = f"pytorch-native-cpu-{pytorch_version}-{key}.jar"
    assert name in jars, f"Maven's profile for {key} did not bring {name}: {sorted(jars)}"
    assert native_problem(jars[name], key) is None, native_problem(jars[name], key)

    if platform.pytorch:
        out = tmp_path / "pytorch-classpath.txt"
        proc = mvn(repo, "-f", str(engines.pytorch_pom(ROOT)), "dependency:build-classpath",
                   f"-Ddjl.platform={key}", f"-Dmdep.outputFile={out}")
        assert proc.returncode == 0, f"DJL's PyTorch engine for {key} did not resolve:\n{tail(proc)}"
        pt = {p.name: p for p in classpath(out)}
        native = f"pytorch-native-cpu-{pytorch_version}-{key}.jar"
        assert native in pt and native_problem(pt[native], key) is None, native_problem(pt[native], key)
        jni = next(p for n, p in pt.items() if n.startswith("pytorch-jni-"))
        with zipfile.ZipFile(jni) as z:
            assert any(n.startswith(f"jnilib/{key}/cpu/") for n in z.namelist()), f"{jni.name} has no JNI for {key}"
            if platform.cuda:
                assert any(n.startswith(f"jnilib/{key}/cu128/") for n in z.namelist())

    # What the table says is missing must be missing (else the table would deny learners an engine).
    absent = []
    if not platform.mxnet:
        g, a, v = platforms.MXNET_NATIVE
        absent.append(f"{g}:{a}:{v}:jar:{key}")
    if not platform.pytorch:
        g, a = platforms.PYTORCH_NATIVE
        absent.append(f"{g}:{a}:{pytorch_version}:jar:{key}")
    for coords in absent:
        proc = mvn(repo, "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:get",
                   f"-Dartifact={coords}", "-Dtransitive=false")
        assert proc.returncode != 0 and "Could not find artifact" in proc.stdout + proc.stderr, (
            f"{coords} exists after all: update kernel-setup/platforms.py and kit/pom.xml\n{tail(proc)}")
