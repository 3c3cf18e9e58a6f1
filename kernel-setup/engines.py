"""Which deep-learning engine the Java kernels use: MXNet (default) or DJL's PyTorch engine.

The notebooks never name an engine: they load the kit (which depends on MXNet) with
`%maven` and use DJL's engine-neutral API. The engine is chosen at set-up time, in the
kernelspec's environment:

* `java` (the kernel the notebooks' metadata name) runs the chosen engine;
* `java-pytorch` is installed as well whenever PyTorch is wanted (`--engine pytorch` or
  `--with-pytorch`), so one notebook can be run on PyTorch while MXNet stays the default
  (the tests do this).

For PyTorch the kernelspec gets `JJAVA_CLASSPATH` (JJava puts those jars on the kernel's
classpath before any `%maven` line runs) with DJL's PyTorch engine, its JNI bridge and the
PyTorch CPU native library, and `DJL_DEFAULT_ENGINE=PyTorch` (DJL 0.36.0 reads that variable,
or the system property `ai.djl.default_engine`, when more than one engine is on the classpath;
without it MXNet ranks first). With the CPU native jar on the classpath DJL downloads nothing
at run time. The CUDA flavour (`--pytorch-flavor cu128`) is on no Maven repository: DJL
downloads it from its own server on the first start, which the set-up's doctor step does
while online, and `PYTORCH_FLAVOR=cu128` lets later starts find it in DJL's cache offline.

The choice is recorded in build/engine.json, so later set-ups (bin/lab, bin/series and
bin/test run the set-up without options) keep it, and a second set-up is a no-op.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

import platforms
from errors import SetupError, run_tool
from platforms import LINUX_X86_64, Platform

ENGINES = ("mxnet", "pytorch")
DJL_NAME = {"mxnet": "MXNet", "pytorch": "PyTorch"}
PYTORCH_FLAVORS = ("cpu", "cu128")
PYTORCH_KERNEL = "java-pytorch"
CHOICE_FILE = "engine.json"
# The jars the PyTorch kernel needs, by artifactId (see kernel-setup/engines/pytorch/pom.xml).
PYTORCH_ARTIFACTS = ("pytorch-engine", "pytorch-jni", "pytorch-native-cpu")
OFFLINE_FIX = ("The bundle lacks what this needs: make a bundle from this version of the project "
               "(bin/setup --make-bundle FILE, on a machine with network) and install from it.")


@dataclass(frozen=True)
class Choice:
    engine: str = "mxnet"          # the engine of the `java` kernel
    with_pytorch: bool = False     # also install the `java-pytorch` kernel
    pytorch_flavor: str = "cpu"    # "cpu" (offline, from Maven Central) or "cu128"

    @property
    def pytorch_needed(self) -> bool:
        return self.engine == "pytorch" or self.with_pytorch

    def describe(self) -> str:
        text = f"kernel `java` runs {DJL_NAME[self.engine]}"
        if self.engine == "pytorch":
            text += f" ({self.pytorch_flavor})"
        if self.pytorch_needed:
            text += f"; kernel `{PYTORCH_KERNEL}` runs PyTorch ({self.pytorch_flavor})"
        return text


def load(path: Path) -> Choice | None:
    """The recorded choice, or None before the first set-up."""
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text())
        choice = Choice(engine=data["engine"], with_pytorch=bool(data["with_pytorch"]),
                        pytorch_flavor=data["pytorch_flavor"])
    except (ValueError, KeyError, TypeError) as e:
        raise SetupError(f"{path} is not a valid engine choice ({e}).",
                         f"Delete {path} and run the set-up again with the engine you want "
                         "(e.g. bin/setup --engine mxnet).")
    validate(choice, path)
    return choice


def validate(choice: Choice, source) -> None:
    if choice.engine not in ENGINES:
        raise SetupError(f"Unknown engine '{choice.engine}' in {source}.",
                         f"Choose one of: {', '.join(ENGINES)} (bin/setup --engine mxnet).")
    if choice.pytorch_flavor not in PYTORCH_FLAVORS:
        raise SetupError(f"Unknown PyTorch flavour '{choice.pytorch_flavor}' in {source}.",
                         f"Choose one of: {', '.join(PYTORCH_FLAVORS)} (bin/setup --pytorch-flavor cpu).")


def decide(previous: Choice | None, *, platform: Platform = LINUX_X86_64, engine: str | None = None,
           with_pytorch: bool | None = None, pytorch_flavor: str | None = None) -> Choice:
    """The choice for this set-up: options given now win, then the recorded choice, then defaults.

    `with_pytorch` is True for --with-pytorch, False for --without-pytorch, None when not given.
    The platform's default engine is MXNet where its native library exists, else PyTorch
    (kernel-setup/platforms.py). An option asking for an engine the platform has no native
    library for is refused; a recorded choice that does not fit (a build/ folder copied from
    another machine) falls back to the platform's default.
    """
    base = previous or Choice(engine=platform.default_engine)
    recorded = Choice(engine=base.engine if base.engine in platform.engines else platform.default_engine,
                      with_pytorch=base.with_pytorch and platform.pytorch,
                      pytorch_flavor=base.pytorch_flavor if platform.cuda else "cpu")
    choice = Choice(engine=engine or recorded.engine,
                    with_pytorch=recorded.with_pytorch if with_pytorch is None else with_pytorch,
                    pytorch_flavor=pytorch_flavor or recorded.pytorch_flavor)
    validate(choice, "the set-up options")
    if engine:
        platforms.check_engine(platform, engine, asked_by=f"--engine {engine}")
    if with_pytorch:
        platforms.check_engine(platform, "pytorch", asked_by="--with-pytorch")
    if choice.pytorch_needed:
        platforms.check_flavor(platform, choice.pytorch_flavor)
    return choice


def save(path: Path, choice: Choice) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, suffix=".tmp") as tmp:
        json.dump(asdict(choice), tmp, indent=2, sort_keys=True)
        tmp.write("\n")
    os.chmod(tmp.name, 0o644)
    os.replace(tmp.name, path)


def pytorch_pom(root: Path) -> Path:
    return root / "kernel-setup" / "engines" / "pytorch" / "pom.xml"


def pytorch_version(root: Path) -> str:
    """The PyTorch native version pinned in the engine POM (e.g. 2.7.1)."""
    pom = pytorch_pom(root).read_text()
    m = re.search(r"<artifactId>pytorch-native-cpu</artifactId>\s*<version>([^<]+)</version>", pom)
    if not m:
        raise SetupError(f"{pytorch_pom(root)} pins no pytorch-native-cpu version.",
                         "Restore it from git.")
    return m.group(1)


def _artifact(jar: Path) -> str:
    """artifactId of a jar in a Maven repository layout: .../<artifactId>/<version>/<file>."""
    return jar.parent.parent.name


def resolve_pytorch(root: Path, build: Path, *, platform: Platform = LINUX_X86_64, mvn: str = "mvn",
                    offline: bool = False) -> list[Path]:
    """The PyTorch engine's jars (and their dependencies) in ~/.m2, resolved once.

    Runs `mvn dependency:build-classpath` on kernel-setup/engines/pytorch/pom.xml the first
    time (downloads about 115 MB from Maven Central; `offline`: Maven's -o, from a bundle's
    jars) with the platform's native classifier, and again whenever that POM or the platform
    changes; later calls only check that the recorded jars still exist.
    """
    pom = pytorch_pom(root)
    out_dir = build / "engines" / "pytorch"
    cp_file = out_dir / "classpath.txt"
    key_file = out_dir / "classpath.key"
    key = hashlib.sha256(pom.read_bytes() + platform.key.encode()).hexdigest()
    if cp_file.exists() and key_file.exists() and key_file.read_text() == key:
        jars = [Path(p) for p in cp_file.read_text().strip().split(os.pathsep) if p]
        if jars and all(j.is_file() for j in jars):
            return jars
    out_dir.mkdir(parents=True, exist_ok=True)
    run_tool([mvn, "-B", "-q", *(["-o"] if offline else []), "-f", str(pom), "dependency:build-classpath",
              f"-Ddjl.platform={platform.key}", f"-Dmdep.outputFile={cp_file}"],
             f"{'resolve' if offline else 'download'} DJL's PyTorch engine for {platform.key} (about 115 MB)",
             network=None if offline else "Maven Central",
             fix=OFFLINE_FIX if offline else None)
    jars = [Path(p) for p in cp_file.read_text().strip().split(os.pathsep) if p]
    missing = [a for a in PYTORCH_ARTIFACTS if a not in {_artifact(j) for j in jars}]
    if missing or not all(j.is_file() for j in jars):
        raise SetupError(f"Maven resolved an incomplete PyTorch engine (missing: {', '.join(missing) or 'files'}).",
                         f"Delete {out_dir} and run the set-up again.")
    key_file.write_text(key)
    return jars


def kernel_jars(jars: list[Path], flavor: str) -> list[Path]:
    """The jars for the kernel: the CPU native jar only for the CPU flavour.

    With any pytorch-native jar on the classpath DJL uses that build and ignores
    PYTORCH_FLAVOR, so the CUDA flavour must leave the CPU jar out.
    """
    if flavor == "cpu":
        return list(jars)
    return [j for j in jars if _artifact(j) != "pytorch-native-cpu"]


def engine_env(engine: str, *, jars: list[Path] | None = None, flavor: str = "cpu",
               version: str | None = None) -> dict[str, str]:
    """The kernelspec (and doctor) environment that selects the engine."""
    if engine == "mxnet":
        return {"DJL_DEFAULT_ENGINE": "MXNet"}
    if not jars or not version:
        raise ValueError("the PyTorch environment needs its jars and version")
    return {
        "DJL_DEFAULT_ENGINE": "PyTorch",
        "JJAVA_CLASSPATH": os.pathsep.join(str(j) for j in kernel_jars(jars, flavor)),
        # Pinned so that a PYTORCH_VERSION / PYTORCH_FLAVOR in the user's shell cannot make DJL
        # download another build; with the CPU jar on the classpath DJL loads that jar.
        "PYTORCH_VERSION": version,
        "PYTORCH_FLAVOR": flavor,
    }
