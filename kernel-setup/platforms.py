"""Which engine and native libraries a learner's machine gets: its platform, as its JDK sees it.

The engine runs inside the kernel's JVM, so the platform is the one that JVM reports (`os.name`,
`os.arch`), not Python's: an Intel JDK on an Apple Silicon Mac runs under Rosetta 2 and would load
Intel libraries. DJL names platforms `<os>-<arch>` (linux-x86_64, osx-aarch64, win-x86_64), and so
do the classifiers of its native jars on Maven Central.

What exists on Maven Central for DJL 0.36.0 (checked by tests/setup/test_platform_artifacts.py):

| platform       | MXNet 1.9.1 (mxnet-native-mkl) | PyTorch 2.7.1 CPU (pytorch-native-cpu + JNI) |
|----------------|--------------------------------|----------------------------------------------|
| linux-x86_64   | yes                            | yes                                          |
| linux-aarch64  | no                             | yes                                          |
| osx-x86_64     | yes                            | no (PyTorch stopped Intel-Mac builds at 2.2) |
| osx-aarch64    | no                             | yes                                          |
| win-x86_64     | yes                            | yes                                          |

So the set-up keeps MXNet, the series' default, where its native library exists, and chooses
DJL's PyTorch engine where it does not (Apple Silicon, Linux on ARM), saying so. The kit's POM
selects the same native jar with one Maven profile per platform (kit/pom.xml, activated by
`os.name`/`os.arch`), and tests/setup/test_platforms.py holds the two tables together.

The set-up itself runs on Linux and macOS. Native Windows is refused with the WSL 2 path: the
native libraries exist for it, but the set-up (a bash entry point, POSIX paths, signals) was never
run there. Inside WSL 2 the platform is plain Linux.
"""
from __future__ import annotations

import subprocess
from dataclasses import dataclass

from errors import SetupError

MXNET_NATIVE = ("ai.djl.mxnet", "mxnet-native-mkl", "1.9.1")
# The CPU build; its version is pinned in kernel-setup/engines/pytorch/pom.xml (2.7.1 for DJL 0.36.0,
# which pytorch-engine-0.36.0.jar names in its pytorch-engine.properties).
PYTORCH_NATIVE = ("ai.djl.pytorch", "pytorch-native-cpu")


@dataclass(frozen=True)
class Platform:
    key: str                 # DJL's name and the native jars' classifier, e.g. "osx-aarch64"
    label: str               # for people
    mxnet: bool              # MXNet's native library exists on Maven Central
    pytorch: bool            # PyTorch's CPU native library and DJL's JNI library exist
    cuda: bool = False       # DJL's PyTorch JNI library has a cu128 build (the GPU route)
    setup_runs: bool = True  # the set-up runs here (native Windows: no, WSL 2 instead)

    @property
    def engines(self) -> tuple[str, ...]:
        return tuple(e for e, ok in (("mxnet", self.mxnet), ("pytorch", self.pytorch)) if ok)

    @property
    def default_engine(self) -> str:
        """MXNet, the series' engine, where it exists; DJL's PyTorch engine elsewhere."""
        return "mxnet" if self.mxnet else "pytorch"

    def engine_note(self) -> str:
        """What the set-up says about this platform's engine when it is not the usual MXNet."""
        if self.mxnet:
            return ""
        return (f"{self.label}: MXNet has no native library for {self.key}, so the Java kernel runs "
                "DJL's PyTorch engine (CPU); the notebooks are the same")


PLATFORMS = {p.key: p for p in (
    Platform("linux-x86_64", "Linux (x86-64)", mxnet=True, pytorch=True, cuda=True),
    Platform("linux-aarch64", "Linux (ARM, aarch64)", mxnet=False, pytorch=True),
    Platform("osx-x86_64", "macOS (Intel)", mxnet=True, pytorch=False),
    Platform("osx-aarch64", "macOS (Apple Silicon)", mxnet=False, pytorch=True),
    Platform("win-x86_64", "Windows (x86-64)", mxnet=True, pytorch=True, cuda=True, setup_runs=False),
)}
LINUX_X86_64 = PLATFORMS["linux-x86_64"]

WSL_FIX = ("Use WSL 2 (Windows Subsystem for Linux): in PowerShell `wsl --install -d Ubuntu`, restart, "
           "open Ubuntu, install the prerequisites there (sudo apt-get install openjdk-17-jdk-headless "
           "python3-venv maven nodejs npm git), clone the project inside the Linux home (not under "
           "/mnt/c) and run bin/setup there; bin/lab prints an address to open in your Windows browser. "
           "See README 'Windows'.")


def _os_part(os_name: str) -> str | None:
    name = os_name.strip().lower()
    if name.startswith("linux"):
        return "linux"
    if name.startswith(("mac", "darwin")):
        return "osx"
    if name.startswith("windows"):
        return "win"
    return None


def _arch_part(os_arch: str) -> str | None:
    arch = os_arch.strip().lower()
    if arch in ("amd64", "x86_64", "x86-64", "x64"):
        return "x86_64"
    if arch in ("aarch64", "arm64"):
        return "aarch64"
    return None


def supported_list() -> str:
    return ", ".join(p.label for p in PLATFORMS.values())


def identify(os_name: str, os_arch: str, *, java: str = "the JDK") -> Platform:
    """The platform of a JVM from its `os.name` and `os.arch`; a SetupError when DJL has nothing for it."""
    if not os_name.strip() or not os_arch.strip():
        raise SetupError(f"{java} did not say which OS and CPU it runs on (os.name, os.arch): is it a working JDK?",
                         "Install a JDK 17+ (e.g. Temurin or your system's openjdk-17-jdk), put it first on PATH "
                         "or set JAVA_HOME, and run the set-up again.")
    os_part, arch_part = _os_part(os_name), _arch_part(os_arch)
    seen = f"{os_name} on {os_arch} (as reported by {java})"
    if os_part and arch_part is None and os_arch.strip().lower() in ("x86", "i386", "i486", "i586", "i686", "arm"):
        raise SetupError(
            f"This Java is a 32-bit build: {seen}. DJL's native libraries exist for 64-bit Java only.",
            "Install a 64-bit JDK 17+ (x86-64 or aarch64), put it first on PATH or set JAVA_HOME, "
            "and run the set-up again.")
    platform = PLATFORMS.get(f"{os_part}-{arch_part}") if os_part and arch_part else None
    if platform is None:
        raise SetupError(
            f"This machine is {seen}: neither DJL's MXNet nor its PyTorch engine has a native "
            f"library for it on Maven Central. They exist for: {supported_list()}.",
            "Use a machine of one of those kinds, or a hosted notebook session (README 'Binder and "
            "other hosted sessions').")
    return platform


def check_python_host(os_name: str | None = None) -> None:
    """Native Windows is refused before anything else is looked for (bin/setup is a bash script;
    someone may still run kernel-setup/setup.py with a Windows Python)."""
    import os

    if (os_name or os.name) == "nt":
        check_setup_runs(PLATFORMS["win-x86_64"])


def check_setup_runs(platform: Platform) -> None:
    """Refuses platforms the set-up was never made to run on (native Windows), with the way that works."""
    if not platform.setup_runs:
        raise SetupError(
            f"This set-up does not run on native {platform.label}: it was written for Linux and "
            "macOS and never run on Windows (the native libraries exist for Windows, the set-up's "
            "scripts and kernel launcher do not).", WSL_FIX)


def rosetta_problem(platform: Platform, *, arm64_hardware: bool) -> SetupError | None:
    """An Intel JDK on an Apple Silicon Mac: refused, with the fix (an arm64 JDK).

    Under Rosetta 2 the JDK would load MXNet's Intel build, whose math kernels use AVX
    instructions that Rosetta 2 does not translate on most macOS versions; never tried here.
    """
    if platform.key == "osx-x86_64" and arm64_hardware:
        return SetupError(
            "This Mac has Apple Silicon, but the JDK found is an Intel (x86-64) build that runs under "
            "Rosetta 2; MXNet's Intel library is not expected to work there.",
            "Install an arm64 JDK 17+ (e.g. `brew install openjdk@17`, or an 'aarch64' download), "
            "put it first on PATH or set JAVA_HOME, and run the set-up again: on Apple Silicon the "
            "set-up then uses DJL's PyTorch engine natively.")
    return None


def mac_has_arm64_hardware() -> bool:
    """True on an Apple Silicon Mac, also when asked from an Intel process under Rosetta 2."""
    try:
        out = subprocess.run(["sysctl", "-n", "hw.optional.arm64"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return out.returncode == 0 and out.stdout.strip() == "1"


def for_java(props: dict[str, str], *, java: str = "the JDK", arm64_hardware=None) -> Platform:
    """The platform the kernel will run on, from the checked JDK's properties; refusals included."""
    platform = identify(props.get("os.name", ""), props.get("os.arch", ""), java=java)
    check_setup_runs(platform)
    if platform.key == "osx-x86_64":
        hardware = mac_has_arm64_hardware() if arm64_hardware is None else arm64_hardware
        problem = rosetta_problem(platform, arm64_hardware=hardware)
        if problem is not None:
            raise problem
    return platform


def check_engine(platform: Platform, engine: str, *, asked_by: str) -> None:
    """Refuses an engine that has no native library for this platform, naming the one that has."""
    if engine in platform.engines:
        return
    other = [e for e in platform.engines if e != engine]
    name = {"mxnet": "MXNet", "pytorch": "DJL's PyTorch engine"}[engine]
    why = {"mxnet": f"MXNet 1.9.1 has no native library for {platform.key}",
           "pytorch": f"PyTorch has no CPU build for {platform.key} in DJL 0.36.0 (PyTorch stopped "
                      "Intel-Mac builds after 2.2)"}[engine]
    raise SetupError(f"{asked_by} asks for {name}, but on {platform.label} {why}.",
                     f"Run the set-up with --engine {other[0]} (or without engine options)"
                     + (" and without --with-pytorch." if engine == "pytorch" else "."))


def check_flavor(platform: Platform, flavor: str) -> None:
    if flavor != "cpu" and not platform.cuda:
        raise SetupError(f"PyTorch's {flavor} (CUDA) build does not exist for {platform.label}.",
                         "Run the set-up with --pytorch-flavor cpu.")


def native_jars(platform: Platform, engine: str, pytorch_version: str) -> list[str]:
    """The Maven coordinates (g:a:jar:classifier:v) of an engine's native library for a platform."""
    if engine == "mxnet":
        g, a, v = MXNET_NATIVE
    else:
        (g, a), v = PYTORCH_NATIVE, pytorch_version
    return [f"{g}:{a}:jar:{platform.key}:{v}"]
