"""Each checkout's kit lives in its own build/kit-repo (kernel-setup/kit_repo.py): published
atomically, and found first by the kernels that checkout's launcher starts."""
from __future__ import annotations

from pathlib import Path

import kit_repo


def test_a_plain_path_goes_into_jjava_jvm_opts_with_m2_behind_it(tmp_path):
    root = tmp_path / "course"
    added = kit_repo.kernel_settings(root, {"JJAVA_JVM_OPTS": "-XX:+UseSerialGC"})
    assert added == {"JJAVA_JVM_OPTS": f"-XX:+UseSerialGC -Dmaven.repo.local={root}/build/kit-repo"
                                       f" -Dmaven.repo.local.tail={kit_repo.maven_user_repo()}"}


def test_a_repository_the_kernel_was_given_stays_behind_the_kit(tmp_path):
    added = kit_repo.kernel_settings(tmp_path, {"JJAVA_JVM_OPTS": "-Dmaven.repo.local=/srv/m2"})
    assert added["JJAVA_JVM_OPTS"].endswith(f"-Dmaven.repo.local={tmp_path}/build/kit-repo"
                                            " -Dmaven.repo.local.tail=/srv/m2"), "the last -D wins in Java"


def test_a_path_with_spaces_goes_quoted_into_jdk_java_options(tmp_path):
    # JJava's launcher splits JJAVA_JVM_OPTS at every space; the java launcher reads quotes.
    root = tmp_path / "my dir" / "ünï"
    added = kit_repo.kernel_settings(root, {"JJAVA_JVM_OPTS": "-Xss1m", "JDK_JAVA_OPTIONS": "-Dx=1"})
    assert "JJAVA_JVM_OPTS" not in added
    assert added["JDK_JAVA_OPTIONS"] == (f'-Dx=1 "-Dmaven.repo.local={root}/build/kit-repo"'
                                         f' "-Dmaven.repo.local.tail={kit_repo.maven_user_repo()}"')


def test_publishing_replaces_the_jar_without_touching_an_open_one(tmp_path):
    built = tmp_path / "kit.jar"
    pom = tmp_path / "pom.xml"
    pom.write_text("<project/>")
    built.write_bytes(b"first build")
    jar = kit_repo.publish(tmp_path, "0.1.0", built, pom)
    assert jar == kit_repo.jar(tmp_path, "0.1.0")
    assert (jar.parent / "_remote.repositories").read_text() == "resnet-kit-0.1.0.jar>=\nresnet-kit-0.1.0.pom>=\n"
    with open(jar, "rb") as running_kernel:
        built.write_bytes(b"second build")
        kit_repo.publish(tmp_path, "0.1.0", built, pom)
        assert running_kernel.read() == b"first build", "a running kernel keeps the jar it opened"
    assert jar.read_bytes() == b"second build"
    assert sorted(p.name for p in jar.parent.parent.iterdir()) == ["0.1.0"], "no temporary folder left"
