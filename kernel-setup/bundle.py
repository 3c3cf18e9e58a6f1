"""Install from an offline bundle: `bin/setup --from-bundle FILE` (no network at all).

A bundle (made by `bin/setup --make-bundle FILE`, kernel-setup/bundle_make.py) is one tar file:

    resnet-bundle/MANIFEST.json   what it holds, for which machine and which version of the project,
                                  and the size and SHA-256 of every file
    resnet-bundle/wheels/         the Python wheels of the venv (environment.yml's pins, all deps)
    resnet-bundle/m2/             a Maven local repository: everything the kit's build, its unit-test
                                  runner and the engines' jars need (Maven plugins included)
    resnet-bundle/npm/            the npm package tarballs (plotly.js, MathJax), as `npm pack` wrote them
    resnet-bundle/data/           Fashion-MNIST as the set-up prepares it (data/fashion-mnist)

Installing checks the bundle first (readable, this project's, made for this kind of machine and this
version of the project, every file's SHA-256), then puts each part where a first set-up would have
downloaded it: the jars into Maven's local repository (~/.m2/repository as Java sees it; files
already there are kept), the npm tarballs into build/downloads (the set-up verifies them against
their pinned integrity), the data into data/fashion-mnist (verified again by the data step). The
usual set-up steps then run with pip's --no-index and Maven's -o. Nothing asks the network.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import pins
import vendor
from errors import SetupError

FORMAT = 1
PROJECT = "resnet-notebooks"
TOP = "resnet-bundle"
MANIFEST = "MANIFEST.json"
PARTS = ("wheels", "m2", "npm", "data")
# Maven Resolver's bookkeeping, left out of a bundle: `_remote.repositories` ties each file to the
# repository id it came from, and a learner whose settings.xml names a mirror would then be told,
# offline, that the file "was cached from a remote repository ID that is not available"; without
# it a file in the local repository is simply used.
MAVEN_BOOKKEEPING = ("_remote.repositories", "resolver-status.properties")
MAVEN_BOOKKEEPING_SUFFIX = ".lastUpdated"

MISMATCH_FIX = ("The bundle does not fit this machine or this version of the project. Make a bundle from "
                "this version, on a machine of this kind (bin/setup --make-bundle FILE, with network), "
                "and install from that.")


COPY_AGAIN = "Copy it again from where it came from. Or: "


def make_hint(platform_key: str | None = None) -> str:
    where = f" of the same kind ({platform_key}, Python {python_version()})" if platform_key else ""
    return (f"Make a bundle on a machine with network{where}: bin/setup --make-bundle FILE "
            "(in the same version of the project), copy FILE here, then run bin/setup --from-bundle FILE.")


def python_version() -> str:
    return f"{sys.version_info.major}.{sys.version_info.minor}"


def python_platform(name: str | None = None) -> str:
    """The Python build's platform without the macOS version (macosx-14.0-arm64 -> macosx-arm64):
    wheels made for an older macOS install on a newer one, and pip checks the rest itself."""
    parts = (name or sysconfig.get_platform()).split("-")
    if parts[0] == "macosx" and len(parts) == 3:
        return f"macosx-{parts[2]}"
    return "-".join(parts)


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _sha(text: str | bytes) -> str:
    return hashlib.sha256(text.encode() if isinstance(text, str) else text).hexdigest()


def inputs(root: Path) -> dict[str, str]:
    """Digests of everything that decides what a bundle must hold. A bundle fits a checkout whose
    inputs are the same; otherwise the offline install would miss a package or a jar halfway."""
    return {
        "Python packages (environment.yml)": _sha("\n".join(pins.pip_requirements(root / "environment.yml"))),
        "Maven: kit/pom.xml": _sha((root / "kit" / "pom.xml").read_bytes()),
        "Maven: kernel-setup/engines/pytorch/pom.xml":
            _sha((root / "kernel-setup" / "engines" / "pytorch" / "pom.xml").read_bytes()),
        "npm packages (kernel-setup/vendor.py)": _sha(" ".join(" ".join(pin) for pin in npm_pins())),
        "Fashion-MNIST (data/fashion-mnist.sha256)": _sha((root / "data" / "fashion-mnist.sha256").read_bytes()),
    }


def npm_pins() -> list[tuple[str, str, str]]:
    """(package, version, integrity) of each npm package the set-up uses."""
    return [(vendor.PLOTLY_PACKAGE, vendor.PLOTLY_VERSION, vendor.PLOTLY_INTEGRITY),
            (vendor.MATHJAX_PACKAGE, vendor.MATHJAX_VERSION, vendor.MATHJAX_INTEGRITY)]


# ---------------------------------------------------------------- reading a bundle
def read_manifest(path: Path) -> dict:
    """The bundle's manifest (its first member), or a SetupError that says what is wrong and what to do."""
    path = Path(path)
    if not path.exists():
        raise SetupError(f"There is no bundle at {path}.", make_hint())
    if not path.is_file():
        raise SetupError(f"{path} is not a file: a bundle is one .tar file.", make_hint())
    try:
        with tarfile.open(path, "r|*") as tar:
            first = tar.next()
            if first is None or first.name != f"{TOP}/{MANIFEST}" or not first.isfile():
                raise SetupError(f"{path} is a tar file, but not a bundle of this project (it does not start "
                                 f"with {TOP}/{MANIFEST}).", make_hint())
            manifest = json.loads(tar.extractfile(first).read())
    except SetupError:
        raise
    except (tarfile.TarError, OSError, EOFError, zlib.error, ValueError, UnicodeDecodeError) as e:
        raise SetupError(f"{path} is not a readable bundle ({type(e).__name__}: {e}). It may be damaged or "
                         "incomplete (a copy that stopped early?).",
                         COPY_AGAIN + make_hint())
    if not isinstance(manifest, dict) or manifest.get("project") != PROJECT:
        raise SetupError(f"{path} is not a bundle of this project.", make_hint())
    if manifest.get("format") != FORMAT:
        raise SetupError(f"{path} is a bundle of format {manifest.get('format')}; this set-up reads format {FORMAT}.",
                         make_hint())
    return manifest


def describe(manifest: dict) -> str:
    engines = " + ".join({"mxnet": "MXNet", "pytorch": "PyTorch"}[e] for e in manifest["engines"])
    size = sum(manifest["sizes"].values()) / 1e6
    return (f"{manifest['platform']}, Python {manifest['python']}, engines {engines}, {size:.0f} MB, "
            f"made {manifest['made']} from commit {manifest.get('commit', '?')[:12]}")


def check_fits(manifest: dict, root: Path, platform_key: str) -> None:
    """Refuses a bundle made for another kind of machine or another version of the project."""
    if manifest["platform"] != platform_key:
        raise SetupError(
            f"This bundle was made for {manifest['platform']}; this machine is {platform_key} (as its JDK "
            "reports it). Its native libraries and Python wheels would not run here.", make_hint(platform_key))
    if manifest["python"] != python_version() or python_platform(manifest["python_platform"]) != python_platform():
        raise SetupError(
            f"This bundle's Python wheels are for Python {manifest['python']} on {manifest['python_platform']}; "
            f"the set-up runs Python {python_version()} on {sysconfig.get_platform()} ({sys.executable}).",
            f"Run the set-up with Python {manifest['python']} (e.g. PYTHON=python{manifest['python']} "
            f"bin/setup --from-bundle FILE). Or: {make_hint(platform_key)}")
    ours = inputs(root)
    differ = [k for k in ours if manifest["inputs"].get(k) != ours[k]]
    if differ:
        commit = manifest.get("commit") or "unknown"
        raise SetupError(
            f"This bundle was made from another version of the project (commit {commit[:12]}): "
            f"{', '.join(differ)} differ(s) from this checkout's, so it may lack what this version needs.",
            f"Make a bundle from this version (bin/setup --make-bundle FILE, with network), or check out "
            f"the version the bundle was made from (git checkout {commit[:12]}).")


def check_engines(manifest: dict, *, engine: str | None, with_pytorch: bool | None, flavor: str | None) -> None:
    wants_pytorch = engine == "pytorch" or bool(with_pytorch)
    if wants_pytorch and "pytorch" not in manifest["engines"]:
        raise SetupError("This bundle holds no PyTorch engine (it was made without --with-pytorch).",
                         "Run bin/setup --from-bundle FILE without --engine pytorch / --with-pytorch, or make a "
                         "bundle with it: bin/setup --make-bundle FILE --with-pytorch.")
    if engine == "mxnet" and "mxnet" not in manifest["engines"]:
        raise SetupError("This bundle holds no MXNet engine.", "Run bin/setup --from-bundle FILE without --engine.")
    if flavor not in (None, "cpu"):
        raise SetupError(f"PyTorch's {flavor} build is on no Maven repository (DJL downloads it on first use), "
                         "so no bundle can carry it.",
                         "Install from the bundle with the CPU build (no --pytorch-flavor); switch to "
                         f"--pytorch-flavor {flavor} later, online.")


def bundle_choice(manifest: dict) -> tuple[str, bool]:
    """The engine options the bundle was made with (used when --from-bundle is given none)."""
    choice = manifest.get("choice", {})
    return choice.get("engine", manifest["engines"][0]), bool(choice.get("with_pytorch", False))


# ---------------------------------------------------------------- unpacking
def _safe_members(tar: tarfile.TarFile, path: Path):
    for member in tar:
        name = member.name
        parts = Path(name).parts
        if (name.startswith("/") or ".." in parts or not parts or parts[0] != TOP
                or not (member.isfile() or member.isdir())):
            raise SetupError(f"{path} holds an unexpected entry ({name!r}); it is not a bundle this set-up made.",
                             make_hint())
        yield member


def unpack(path: Path, dest: Path, manifest: dict) -> Path:
    """Extracts the bundle into dest and checks every file's size and SHA-256; returns the bundle folder."""
    try:
        with tarfile.open(path, "r|*") as tar:
            for member in _safe_members(tar, path):
                if hasattr(tarfile, "data_filter"):
                    tar.extract(member, dest, filter="data")
                else:   # Python < 3.10.12 / 3.11.4: the names were checked above
                    tar.extract(member, dest)
    except SetupError:
        raise
    except (tarfile.TarError, OSError, EOFError, zlib.error) as e:
        if isinstance(e, OSError) and e.errno == 28:
            raise SetupError(f"The disk filled up while unpacking {path} into {dest}.",
                             "Free about twice the bundle's size and run the set-up again.")
        raise SetupError(f"{path} could not be read to its end ({type(e).__name__}: {e}): it is damaged or "
                         "incomplete (a copy that stopped early?).",
                         COPY_AGAIN + make_hint())
    top = dest / TOP
    bad = []
    for rel, (size, digest) in manifest["files"].items():
        f = top / rel
        if not f.is_file():
            bad.append(f"{rel} (missing)")
        elif f.stat().st_size != size or sha256_file(f) != digest:
            bad.append(f"{rel} (differs)")
    if bad:
        shown = ", ".join(bad[:5]) + (f" and {len(bad) - 5} more" if len(bad) > 5 else "")
        raise SetupError(f"{path} is damaged: {len(bad)} of its {len(manifest['files'])} files do not match its "
                         f"manifest: {shown}.",
                         COPY_AGAIN + make_hint())
    return top


# ---------------------------------------------------------------- putting the parts in place
def _copy_new(src_root: Path, dst_root: Path) -> tuple[int, int]:
    """Moves every file of src_root into dst_root unless one is already there; (added, kept)."""
    added = kept = 0
    for src in sorted(p for p in src_root.rglob("*") if p.is_file()):
        dst = dst_root / src.relative_to(src_root)
        if dst.exists():
            kept += 1
            continue
        dst.parent.mkdir(parents=True, exist_ok=True)
        tmp = dst.with_name(f".{dst.name}.bundle-tmp")
        shutil.move(str(src), tmp)
        os.replace(tmp, dst)   # a reader never sees half a jar
        added += 1
    return added, kept


def place_maven(top: Path, maven_repo: Path) -> str:
    added, kept = _copy_new(top / "m2", maven_repo)
    return f"{added} files into {maven_repo}" + (f" ({kept} already there, kept)" if kept else "")


def place_npm(top: Path, build: Path) -> str:
    downloads = build / "downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    names = []
    for tgz in sorted((top / "npm").glob("*.tgz")):
        shutil.copyfile(tgz, downloads / f".{tgz.name}.tmp")
        os.replace(downloads / f".{tgz.name}.tmp", downloads / tgz.name)
        names.append(tgz.name)
    return f"{', '.join(names)} into {downloads}"


def place_data(top: Path, root: Path) -> str:
    """Fashion-MNIST into data/fashion-mnist unless a verified copy is there; MANIFEST.json goes last."""
    script = root / "data" / "prepare_fashion_mnist.py"
    if subprocess.run([sys.executable, str(script), "--verify"], capture_output=True).returncode == 0:
        return "data/fashion-mnist already verified (kept)"
    src = top / "data" / "fashion-mnist"
    out = root / "data" / "fashion-mnist"
    out.mkdir(parents=True, exist_ok=True)
    files = sorted(src.iterdir(), key=lambda p: p.name == "MANIFEST.json")
    for f in files:
        shutil.copyfile(f, out / f".{f.name}.tmp")
        os.replace(out / f".{f.name}.tmp", out / f.name)
    return f"{len(files)} files into data/fashion-mnist (the data step verifies them)"


@dataclass
class Installed:
    top: Path                # the unpacked bundle folder
    scratch: Path            # what to delete at the end
    manifest: dict
    summary: str

    @property
    def wheels(self) -> Path:
        return self.top / "wheels"

    def cleanup(self) -> None:
        shutil.rmtree(self.scratch, ignore_errors=True)


def install(path: Path, root: Path, build: Path, manifest: dict, maven_repo: Path) -> Installed:
    """Unpacks and verifies the bundle, then puts its jars, npm tarballs and data in place.
    The wheels stay in the unpacked folder for the python step; cleanup() removes it."""
    build.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="bundle-", dir=build))
    try:
        top = unpack(path, scratch, manifest)
        done = [f"Maven: {place_maven(top, maven_repo)}", f"npm: {place_npm(top, build)}",
                f"data: {place_data(top, root)}"]
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    n, size = len(manifest["files"]), sum(manifest["sizes"].values()) / 1e6
    return Installed(top=top, scratch=scratch, manifest=manifest,
                     summary=f"verified {n} files ({size:.0f} MB); " + "; ".join(done))
