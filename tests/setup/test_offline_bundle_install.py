"""A learner's laptop in a room with no network: `bin/setup --from-bundle FILE` on a fresh checkout.

The bundle is the one in RESNET_BUNDLE, else build/bundles/resnet-bundle.tar (.ci/run makes it
while online, with PyTorch); when that is missing or made from another version of the project, the
test makes it (needs the network, about 1.5 minutes and 350 MB; without PyTorch when
RESNET_TEST_PYTORCH=0) or, offline, is skipped saying so.

Then, as root, in a mount and network namespace (tests/setup/fresh_machine.py): a copy of the
checkout without anything git ignores (no .venv, build/, data), an empty home folder (so empty
~/.m2 as Maven and Java see it, pip, npm and DJL caches), only a loopback interface. The set-up
must finish from the bundle alone, and the Java kernel it configured must run a notebook cell that
loads the kit with %maven and computes on the engine (DJL_OFFLINE=true: a download attempt fails
loudly), on each kernel the bundle installs. The times are written to build/bundles/offline-install.json.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import bundle
import fresh_machine

ROOT = Path(__file__).resolve().parents[2]
DEFAULT = ROOT / "build" / "bundles" / "resnet-bundle.tar"

CELL_RUNNER = r"""
import sys, nbformat, nbclient
kernel = sys.argv[1]
nb = nbformat.v4.new_notebook()
nb.metadata["kernelspec"] = {"name": kernel, "display_name": kernel, "language": "java"}
nb.cells = [nbformat.v4.new_code_cell("%maven org.resnetnotebooks:resnet-kit:0.1.0\nimport org.resnetnotebooks.kit.*;"),
            nbformat.v4.new_code_cell(
                "try (var m = ai.djl.ndarray.NDManager.newBaseManager()) {\n"
                "  System.out.println(\"engine \" + ai.djl.engine.Engine.getInstance().getEngineName()\n"
                "    + \" sum \" + m.ones(new ai.djl.ndarray.types.Shape(2, 2)).sum().getFloat());\n}")]
nbclient.NotebookClient(nb, timeout=600, kernel_name=kernel).execute()
print("".join(o.get("text", "") for c in nb.cells for o in c.outputs if o.get("output_type") == "stream"))
"""


def the_bundle() -> Path:
    given = os.environ.get("RESNET_BUNDLE")
    if given:
        assert Path(given).is_file(), f"RESNET_BUNDLE={given}: no such file"
        return Path(given)
    if DEFAULT.is_file():
        manifest = bundle.read_manifest(DEFAULT)
        if manifest["inputs"] == bundle.inputs(ROOT) and manifest["python"] == bundle.python_version():
            return DEFAULT
    pytorch = [] if os.environ.get("RESNET_TEST_PYTORCH") == "0" else ["--with-pytorch"]
    made = subprocess.run([str(ROOT / "bin" / "setup"), "--make-bundle", str(DEFAULT), *pytorch],
                          capture_output=True, text=True, timeout=3600)
    if made.returncode != 0:
        said = (made.stdout + made.stderr).strip().splitlines()
        pytest.skip(f"no bundle for this version at {DEFAULT}, and making one failed (offline?): "
                    + " / ".join(said[-3:])[:400])
    return DEFAULT


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    reason = fresh_machine.why_not()
    if reason:
        pytest.skip(f"the offline install test {reason}")
    path = the_bundle()
    manifest = bundle.read_manifest(path)
    base = tmp_path_factory.mktemp("fresh-laptop")
    checkout = fresh_machine.fresh_checkout(ROOT, base / "resnet-notebooks")
    home = base / "home"
    load_before = os.getloadavg()[0]
    proc, seconds = fresh_machine.run(["bin/setup", "--from-bundle", str(path)], cwd=checkout, home=home,
                                      network=False, keep=(path.parent,))
    record = {"bundle": str(path), "bundle_mb": round(path.stat().st_size / 1e6), "parts_mb":
              {k: round(v / 1e6) for k, v in manifest["sizes"].items()}, "engines": manifest["engines"],
              "install_seconds": round(seconds, 1), "load_average_before": load_before,
              "load_average_after": os.getloadavg()[0], "date": time.strftime("%Y-%m-%d %H:%M")}
    print(f"\n[offline install] {json.dumps(record)}\n{proc.stdout}{proc.stderr}")
    return {"proc": proc, "seconds": seconds, "checkout": checkout, "home": home, "manifest": manifest,
            "record": record}


def test_setup_from_the_bundle_with_no_network(fresh):
    proc = fresh["proc"]
    assert proc.returncode == 0, f"bin/setup --from-bundle failed on a fresh machine:\n{proc.stdout}\n{proc.stderr}"
    assert "(from the bundle, no network)" in proc.stdout and "npm not needed" in proc.stdout
    home = fresh["home"]
    assert (home / ".m2" / "repository" / "ai" / "djl" / "api" / "0.36.0").is_dir(), "jars went to the fresh ~/.m2"
    assert not list(fresh["checkout"].glob("build/bundle-*")), "the unpacked bundle is removed afterwards"
    out = ROOT / "build" / "bundles" / "offline-install.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(fresh["record"], indent=1) + "\n")


def test_the_kernels_run_a_cell_offline(fresh):
    if fresh["proc"].returncode != 0:
        pytest.skip("the set-up failed (see the test above)")
    kernels = ["java"] + (["java-pytorch"] if "pytorch" in fresh["manifest"]["engines"] else [])
    python = fresh["checkout"] / ".venv" / "bin" / "python"
    for kernel in kernels:
        proc, seconds = fresh_machine.run([str(python), "-c", CELL_RUNNER, kernel], cwd=fresh["checkout"],
                                          home=fresh["home"], network=False, env={"DJL_OFFLINE": "true"},
                                          timeout=900)
        assert proc.returncode == 0, f"kernel {kernel}:\n{proc.stdout}\n{proc.stderr[-3000:]}"
        engine = "PyTorch" if kernel == "java-pytorch" else fresh["manifest"]["choice"]["engine"].replace(
            "mxnet", "MXNet").replace("pytorch", "PyTorch")
        assert f"engine {engine} sum 4.0" in proc.stdout, proc.stdout
        print(f"[offline install] kernel {kernel}: a cell with %maven and the engine ran in {seconds:.1f} s")
