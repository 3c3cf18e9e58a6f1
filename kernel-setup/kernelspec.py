"""Configure the JJava kernelspecs for this project: `java`, and `java-pytorch` on request.

JJava finds Java only through PATH and reads its JVM options from
JJAVA_JVM_OPTS, so both go into kernel.json's `env` (GUIDE section 1). The
engine is selected there too (engines.engine_env): extra jars through
JJAVA_CLASSPATH, the engine through DJL_DEFAULT_ENGINE.
"""
from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

from errors import SetupError

KERNEL_NAME = "java"
DISPLAY_NAME = "Java (ResNet notebooks)"
MARKER = "RESNET_KERNEL"  # an env key only our kernelspecs have


def kit_version(kit_dir: Path) -> str:
    pom = (kit_dir / "pom.xml").read_text()
    m = re.search(r"<artifactId>resnet-kit</artifactId>\s*<version>([^<]+)</version>", pom)
    if not m:
        raise SetupError("kit/pom.xml has no resnet-kit version.", "Restore kit/pom.xml from git.")
    return m.group(1)


def display_name(engine_name: str | None = None, kernel: str = KERNEL_NAME) -> str:
    """`Java (ResNet notebooks)` for MXNet; the engine is named when it is another one."""
    if kernel != KERNEL_NAME:
        return f"Java (ResNet notebooks, {engine_name} engine, {kernel})"
    if engine_name and engine_name != "MXNet":
        return f"Java (ResNet notebooks, {engine_name} engine)"
    return DISPLAY_NAME


LAUNCHER = Path(__file__).resolve().parent / "kernel_launch.py"


def kernel_env(java_home: str, root: Path, engine_env: dict[str, str] | None = None) -> dict[str, str]:
    env = {
        # JJava runs `java` from PATH: the checked JDK goes first.
        "PATH": f"{java_home}/bin:${{PATH}}",
        "JAVA_HOME": java_home,
        # The JVM sizes its heap from the container's memory limit (25 % of it: 512 MB in a 2 GiB
        # session). OMP_NUM_THREADS is not here: kernel_launch.py sets it at each kernel start
        # from the session's CPU quota.
        # SerialGC commits heap only as it is needed; G1 grew to its whole 512 MB in a 2 GiB
        # session and kept it resident (notebook 03, measured). RESNET_HEAP=4g sets -Xmx instead
        # (kernel_launch.py).
        "JJAVA_JVM_OPTS": "-XX:MaxRAMPercentage=25 -XX:+UseSerialGC -Dfile.encoding=UTF-8",
        # glibc gives each thread that allocates its own malloc arena; with the engine's OpenMP
        # threads that multiplies freed-but-kept memory. Two arenas are enough here.
        "MALLOC_ARENA_MAX": "2",
        # Measured fastest on 2 cores (GUIDE section 3; see benchmarks/).
        "MXNET_ENGINE_TYPE": "NaiveEngine",
        # Idle OpenMP threads sleep instead of spinning. Alone on the machine it costs at most a few
        # per cent (bin/benchmark: 0.98x and 0.95x of spinning in two runs, inside the +-8 %
        # round-to-round noise); with other programs on the cores, spinning threads made training
        # 25-45x slower here (a 3-6 s run took 138 s).
        "OMP_WAIT_POLICY": "PASSIVE",
        # Otherwise DJL's Engine probes a cloud metadata address at start-up.
        "OPT_OUT_TRACKING": "true",
        "RESNET_DATA_DIR": str(root / "data" / "fashion-mnist"),
        "RESNET_KERNEL": "JJava 1.0a8 (configured by kernel-setup)",
    }
    env.update(engine_env or {})
    return env


def java_of(spec: dict) -> str:
    """The `java` a kernelspec runs (after the launcher, when there is one)."""
    return next(a for a in spec["argv"] if a.endswith("/bin/java") or a == "java")


def desired_spec(installed: dict, java_home: str, root: Path, python: Path, *,
                 engine_env: dict[str, str] | None = None, name: str = DISPLAY_NAME,
                 resource_dir: Path | None = None) -> dict:
    """kernel.json for this project, derived from JJava's own.

    `resource_dir` replaces `{resource_dir}` in argv: a second kernelspec (java-pytorch)
    runs the jars of the `java` one instead of a copy of them.
    """
    spec = dict(installed)
    argv = list(spec["argv"])
    argv = argv[argv.index(java_of(spec)):]            # JJava's own command (without an old launcher)
    argv[0] = str(Path(java_home) / "bin" / "java")  # absolute: no PATH lookup at launch
    if resource_dir is not None:
        argv = [a.replace("{resource_dir}", str(resource_dir)) for a in argv]
    # kernel_launch.py fits the settings to the session's limits at every start, then runs java.
    spec["argv"] = [str(python), str(LAUNCHER)] + argv
    # On POSIX the stop button arrives as a signal, which kernel_launch.py turns into a request a
    # training loop can finish cleanly (see its docstring); elsewhere JJava's message mode.
    spec["interrupt_mode"] = "signal" if os.name == "posix" else "message"
    spec["display_name"] = name
    spec["env"] = kernel_env(java_home, root, engine_env)
    return spec



def read_jjava_spec(spec_dir: Path) -> dict:
    path = spec_dir / "kernel.json"
    if not path.exists():
        raise SetupError(f"The JJava kernelspec is missing ({path}).",
                         "Re-install the kernel package (the set-up's `python` step does it: delete "
                         "build/setup-stamps/python.stamp and run the set-up again).")
    installed = json.loads(path.read_text())
    if "jjava-launcher.jar" not in " ".join(installed.get("argv", [])):
        raise SetupError(f"{path} is not a JJava kernelspec.", "Re-install jjava with pip.")
    return installed


def write_if_changed(spec_dir: Path, wanted: dict) -> bool:
    """Write kernel.json atomically unless it already says exactly this; True if written."""
    path = spec_dir / "kernel.json"
    if path.exists():
        try:
            if json.loads(path.read_text()) == wanted:
                return False
        except ValueError:
            pass  # a broken file is replaced
    spec_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=spec_dir, delete=False) as tmp:
        json.dump(wanted, tmp, indent=2)
        tmp.write("\n")
    os.chmod(tmp.name, 0o644)  # temp files are created private
    os.replace(tmp.name, path)
    return True


def configure(spec_dir: Path, *, java_home: str, root: Path, python: Path,
              engine_env: dict[str, str] | None = None, name: str = DISPLAY_NAME) -> bool:
    """Rewrite the `java` kernel.json if needed; returns True when it changed."""
    installed = read_jjava_spec(spec_dir)
    wanted = desired_spec(installed, java_home, root, python, engine_env=engine_env, name=name)
    return write_if_changed(spec_dir, wanted)


def configure_sibling(base_dir: Path, spec_dir: Path, *, java_home: str, root: Path, python: Path,
                      engine_env: dict[str, str], name: str) -> bool:
    """A second kernelspec (e.g. java-pytorch) next to `java`, running the same JJava jars."""
    base = read_jjava_spec(base_dir)
    wanted = desired_spec(base, java_home, root, python, engine_env=engine_env, name=name,
                          resource_dir=base_dir.resolve())
    return write_if_changed(spec_dir, wanted)


def remove_sibling(spec_dir: Path) -> bool:
    """Remove a kernelspec this set-up wrote (never one it did not); True if removed."""
    path = spec_dir / "kernel.json"
    if not path.exists():
        return False
    try:
        ours = MARKER in json.loads(path.read_text()).get("env", {})
    except ValueError:
        ours = False
    if not ours:
        return False
    path.unlink()
    try:
        spec_dir.rmdir()
    except OSError:
        pass  # something else lives there: leave it
    return True
