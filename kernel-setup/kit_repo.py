"""This checkout's own Maven repository for the kit: build/kit-repo.

Why: every notebook loads the kit with `%maven org.resnetnotebooks:resnet-kit:<version>`. When
the set-up installed the kit into ~/.m2, two checkouts on one machine (an instructor's copy and a
learner's copy, or two branches) shared that one jar: a kernel started in one checkout loaded the
kit last built by the other. Now the set-up publishes the kit into build/kit-repo of its own
checkout only, and kernel_launch.py starts every kernel with that folder as Maven's local
repository and ~/.m2/repository behind it as a read-only "tail" (Maven Resolver's chained local
repository, which JJava's resolver reads from `maven.repo.local` and `maven.repo.local.tail`).
The kit comes from this checkout; DJL, Tablesaw and the rest still come from ~/.m2.

Publishing is atomic: the new version folder is written beside the old one and renamed over it,
so a running kernel keeps reading the jar it opened (a jar rewritten in place kills it).
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

GROUP = "org.resnetnotebooks"
ARTIFACT = "resnet-kit"
FOLDER = Path("build") / "kit-repo"


def repo(root: Path) -> Path:
    """The checkout's kit repository."""
    return root / FOLDER


def version_dir(root: Path, version: str) -> Path:
    return repo(root) / Path(*GROUP.split(".")) / ARTIFACT / version


def jar(root: Path, version: str) -> Path:
    return version_dir(root, version) / f"{ARTIFACT}-{version}.jar"


def publish(root: Path, version: str, built_jar: Path, pom: Path) -> Path:
    """Copies the built jar and its pom into build/kit-repo, replacing an older build atomically."""
    target = version_dir(root, version)
    target.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=".new-", dir=target.parent))
    shutil.copyfile(built_jar, fresh / f"{ARTIFACT}-{version}.jar")
    shutil.copyfile(pom, fresh / f"{ARTIFACT}-{version}.pom")
    # Maven Resolver's record of where a file came from; ">=" means "installed locally", which
    # every resolver accepts without asking a remote repository.
    (fresh / "_remote.repositories").write_text(
        f"{ARTIFACT}-{version}.jar>=\n{ARTIFACT}-{version}.pom>=\n")
    os.chmod(fresh, 0o755)   # mkdtemp makes it private
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=".old-", dir=target.parent))
        os.replace(target, old / "v")
    os.replace(fresh, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)   # a running kernel keeps its open file
    return target / f"{ARTIFACT}-{version}.jar"


def maven_user_repo() -> Path:
    """~/.m2/repository as Java sees it: Java's user.home is the account's home folder, not $HOME."""
    if os.name == "posix":
        import pwd

        return Path(pwd.getpwuid(os.getuid()).pw_dir) / ".m2" / "repository"
    return Path.home() / ".m2" / "repository"


def tail_of(jvm_opts: str) -> Path:
    """The repository behind the kit's: one the kernel was already told to use, else ~/.m2's."""
    for option in jvm_opts.split():
        if option.startswith("-Dmaven.repo.local="):
            return Path(option.split("=", 1)[1])
    return maven_user_repo()


def kernel_settings(root: Path, env: dict[str, str]) -> dict[str, str]:
    """The variables that make a kernel's `%maven` find this checkout's kit first.

    JJava's launcher splits JJAVA_JVM_OPTS at spaces, so a checkout whose path has a space gets
    its two options through JDK_JAVA_OPTIONS instead, where the java launcher reads quotes."""
    jvm_opts = env.get("JJAVA_JVM_OPTS", "")
    head, tail = repo(root), tail_of(jvm_opts)
    if not any(c.isspace() for c in f"{head}{tail}"):
        return {"JJAVA_JVM_OPTS": f"{jvm_opts} -Dmaven.repo.local={head} -Dmaven.repo.local.tail={tail}".strip()}
    quoted = f'"-Dmaven.repo.local={head}" "-Dmaven.repo.local.tail={tail}"'
    if '"' in f"{head}{tail}":
        print(f"kernel_launch: a quote in the path {head} cannot be passed to Java; the kernel may load "
              "another checkout's kit. Move the checkout to a folder without quotes.", file=sys.stderr)
        return {}
    return {"JDK_JAVA_OPTIONS": f"{env.get('JDK_JAVA_OPTIONS', '')} {quoted}".strip()}
