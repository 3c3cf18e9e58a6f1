"""plotly.js and MathJax from npm (never a CDN), so charts and math draw offline."""
from __future__ import annotations

import base64
import hashlib
import os
import shutil
import tarfile
import tempfile
from pathlib import Path

from errors import SetupError, run_tool

# The cartesian bundle (scatter, bar, heatmap, box, histogram, ...) is a third
# the size of the full one and covers every chart the series draws.  2.x, not
# 3.x: plotly.js 3 dropped string titles, which tablesaw-jsplot 0.44 emits.
PLOTLY_PACKAGE = "plotly.js-cartesian-dist-min"
PLOTLY_VERSION = "2.35.3"
PLOTLY_INTEGRITY = "sha512-Bs3rf3VJrDgGBE5qBDpXtfBANzLeHLMOm4WGBaa++MRwQS+xuGKGv+IQYndBAOn1ZDFKabJfMz5UVVpjHX87pw=="
PLOTLY_JS_SHA256 = "1836dca6fbe9477c789e8a4affd2b2be59fabe8daf8df49c391809d65490c955"


def npm_integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def npm_pack(spec: str, dest: Path) -> Path:
    """Download a package tarball with the ordinary npm client into dest."""
    dest.mkdir(parents=True, exist_ok=True)
    out = run_tool(["npm", "pack", spec, "--pack-destination", str(dest), "--silent"],
                   f"download {spec} with npm", network="the npm registry")
    name = out.strip().splitlines()[-1].strip()
    return dest / name


def verified_package(build: Path, package: str, version: str, integrity: str) -> Path:
    """The package's tarball in build/downloads, downloaded with npm unless a copy with the pinned
    integrity hash is already there; a download that does not match is deleted, with a message."""
    downloads = build / "downloads"
    tgz = downloads / f"{package}-{version}.tgz"
    if not tgz.exists() or npm_integrity(tgz.read_bytes()) != integrity:
        tgz = npm_pack(f"{package}@{version}", downloads)
    if npm_integrity(tgz.read_bytes()) != integrity:
        tgz.unlink()
        raise SetupError(f"{tgz.name} does not match its pinned integrity hash (corrupt download?); deleted it.",
                         "Run the set-up again to download it afresh.")
    return tgz


def ensure_plotly(build: Path) -> str:
    target_dir = build / "vendor" / "plotly"
    target = target_dir / "plotly.min.js"
    if target.exists() and hashlib.sha256(target.read_bytes()).hexdigest() == PLOTLY_JS_SHA256:
        return f"already done ({PLOTLY_PACKAGE}@{PLOTLY_VERSION})"
    tgz = verified_package(build, PLOTLY_PACKAGE, PLOTLY_VERSION, PLOTLY_INTEGRITY)
    target_dir.mkdir(parents=True, exist_ok=True)
    with tarfile.open(tgz) as tar:
        for member, out_name in (("package/plotly-cartesian.min.js", "plotly.min.js"),
                                 ("package/LICENSE", "LICENSE")):
            payload = tar.extractfile(member).read()
            with tempfile.NamedTemporaryFile(dir=target_dir, delete=False) as tmp:
                tmp.write(payload)
            os.chmod(tmp.name, 0o644)  # temp files are created private
            os.replace(tmp.name, target_dir / out_name)
    if hashlib.sha256(target.read_bytes()).hexdigest() != PLOTLY_JS_SHA256:
        target.unlink()
        raise SetupError("plotly.min.js extracted from the package has an unexpected checksum.",
                         "Delete build/downloads and run the set-up again.")
    return f"installed {PLOTLY_PACKAGE}@{PLOTLY_VERSION} into {target_dir.relative_to(build.parent)}"


# MathJax 3 for the HTML handouts (tools/handouts.py): the one-file TeX-to-HTML build and its
# fonts, about 1.7 MB of a 6 MB package. nbconvert's default loads MathJax 2 from a CDN.
MATHJAX_PACKAGE = "mathjax"
MATHJAX_VERSION = "3.2.2"
MATHJAX_INTEGRITY = "sha512-Bt+SSVU8eBG27zChVewOicYs7Xsdt40qm4+UpHyX7k0/O9NliPc+x77k1/FEsPsjKPZGJvtRZM1vO+geW0OhGw=="
MATHJAX_FILES = ("package/es5/tex-chtml-full.js", "package/es5/output/chtml/fonts/woff-v2/", "package/LICENSE")


def ensure_mathjax(build: Path) -> str:
    target_dir = build / "vendor" / "mathjax"
    stamp = target_dir / "VERSION"
    if stamp.exists() and stamp.read_text().strip() == MATHJAX_VERSION and (target_dir / "tex-chtml-full.js").exists():
        return f"already done ({MATHJAX_PACKAGE}@{MATHJAX_VERSION})"
    tgz = verified_package(build, MATHJAX_PACKAGE, MATHJAX_VERSION, MATHJAX_INTEGRITY)
    # Build the folder next to its final place, then swap it in: never half a MathJax.
    target_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=target_dir.parent, prefix=".mathjax-"))
    try:
        with tarfile.open(tgz) as tar:
            for member in tar.getmembers():
                if not member.isfile() or not member.name.startswith(MATHJAX_FILES):
                    continue
                relative = member.name.removeprefix("package/").removeprefix("es5/")
                out = staging / relative
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_bytes(tar.extractfile(member).read())
                os.chmod(out, 0o644)
        (staging / "VERSION").write_text(MATHJAX_VERSION + "\n")
        os.chmod(staging, 0o755)
        shutil.rmtree(target_dir, ignore_errors=True)
        os.replace(staging, target_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return f"installed {MATHJAX_PACKAGE}@{MATHJAX_VERSION} into {target_dir.relative_to(build.parent)}"
