"""Configure the JJava kernelspec `java` for this project.

JJava finds Java only through PATH and reads its JVM options from
JJAVA_JVM_OPTS, so both go into kernel.json's `env` (GUIDE section 1).
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


def kit_version(kit_dir: Path) -> str:
    pom = (kit_dir / "pom.xml").read_text()
    m = re.search(r"<artifactId>resnet-kit</artifactId>\s*<version>([^<]+)</version>", pom)
    if not m:
        raise SetupError("kit/pom.xml has no resnet-kit version.", "Restore kit/pom.xml from git.")
    return m.group(1)


def kernel_env(java_home: str, root: Path, cores: int) -> dict[str, str]:
    return {
        # JJava runs `java` from PATH: the checked JDK goes first.
        "PATH": f"{java_home}/bin:${{PATH}}",
        "JAVA_HOME": java_home,
        "JJAVA_JVM_OPTS": "-XX:MaxRAMPercentage=25 -Dfile.encoding=UTF-8",
        # MXNet (OpenMP) assumes hyper-threading and uses half the cores unless told.
        "OMP_NUM_THREADS": str(cores),
        # Measured fastest on 2 cores (GUIDE section 3; see benchmarks/).
        "MXNET_ENGINE_TYPE": "NaiveEngine",
        # Otherwise DJL's Engine probes a cloud metadata address at start-up.
        "OPT_OUT_TRACKING": "true",
        "RESNET_DATA_DIR": str(root / "data" / "fashion-mnist"),
        "RESNET_KERNEL": "JJava 1.0a8 (configured by kernel-setup)",
    }


def desired_spec(installed: dict, java_home: str, root: Path, cores: int) -> dict:
    spec = dict(installed)
    argv = list(spec["argv"])
    argv[0] = str(Path(java_home) / "bin" / "java")  # absolute: no PATH lookup at launch
    spec["argv"] = argv
    spec["display_name"] = DISPLAY_NAME
    spec["env"] = kernel_env(java_home, root, cores)
    return spec


def configure(spec_dir: Path, *, java_home: str, root: Path, cores: int) -> bool:
    """Rewrite kernel.json if needed; returns True when it changed."""
    path = spec_dir / "kernel.json"
    if not path.exists():
        raise SetupError(f"The JJava kernelspec is missing ({path}).",
                         "Re-install the kernel package (the set-up's `python` step does it: delete "
                         "build/setup-stamps/python.stamp and run the set-up again).")
    installed = json.loads(path.read_text())
    if "jjava-launcher.jar" not in " ".join(installed.get("argv", [])):
        raise SetupError(f"{path} is not a JJava kernelspec.", "Re-install jjava with pip.")
    wanted = desired_spec(installed, java_home, root, cores)
    if wanted == installed:
        return False
    with tempfile.NamedTemporaryFile("w", dir=spec_dir, delete=False) as tmp:
        json.dump(wanted, tmp, indent=2)
        tmp.write("\n")
    os.chmod(tmp.name, 0o644)  # temp files are created private
    os.replace(tmp.name, path)
    return True
