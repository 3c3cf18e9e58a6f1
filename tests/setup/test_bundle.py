"""The offline bundle's checks and placement, on small bundles written here (no network, seconds).

A missing, damaged, foreign or mismatched bundle is refused before anything is installed, with a
message that says what is wrong and names the command that makes a bundle. The real thing (make a
bundle, install it on a fresh machine with no network, run a cell) is
tests/setup/test_offline_bundle_install.py.
"""
from __future__ import annotations

import io
import json
import subprocess
import sys
import sysconfig
import tarfile
from pathlib import Path

import pytest

import bundle
import bundle_make
from errors import SetupError

ROOT = Path(__file__).resolve().parents[2]
SETUP = ROOT / "kernel-setup" / "setup.py"


def small_bundle(tmp_path: Path, name: str = "b.tar", *, tamper: bool = False, **manifest_changes) -> Path:
    """A bundle in the real format with one small file per part (a fake jar, wheel, tarball, data)."""
    top = tmp_path / "staging" / name / bundle.TOP
    files = {
        "wheels/demo-1.0-py3-none-any.whl": b"wheel",
        "m2/org/demo/demo/1.0/demo-1.0.jar": b"new jar",
        "m2/org/demo/kept/1.0/kept-1.0.jar": b"jar from the bundle",
        "npm/demo-1.0.tgz": b"tarball",
        "data/fashion-mnist/train-images-idx3-ubyte.gz": b"images",
        "data/fashion-mnist/MANIFEST.json": b"{}",
    }
    for rel, data in files.items():
        (top / rel).parent.mkdir(parents=True, exist_ok=True)
        (top / rel).write_bytes(data)
    manifest = {"format": bundle.FORMAT, "project": bundle.PROJECT, "made": "today", "commit": "abc123def456",
                "platform": "linux-x86_64", "python": bundle.python_version(),
                "python_platform": sysconfig.get_platform(), "engines": ["mxnet"],
                "choice": {"engine": "mxnet", "with_pytorch": False}, "inputs": bundle.inputs(ROOT),
                "sizes": {p: 1 for p in bundle.PARTS}, "seconds": {}, "files": bundle_make.file_list(top)}
    manifest.update(manifest_changes)
    (top / bundle.MANIFEST).write_text(json.dumps(manifest))
    if tamper:
        (top / "m2/org/demo/demo/1.0/demo-1.0.jar").write_bytes(b"changed after the manifest")
    target = tmp_path / name
    bundle_make.write_archive(top, target)
    return target


def refused(fn, *args, **kwargs) -> SetupError:
    with pytest.raises(SetupError) as err:
        fn(*args, **kwargs)
    return err.value


# ------------------------------------------------------------------ a good bundle
@pytest.mark.parametrize("name", ["b.tar", "b.tar.gz"])
def test_a_bundle_reads_back_and_verifies(tmp_path, name):
    path = small_bundle(tmp_path, name)
    with tarfile.open(path) as tar:
        assert tar.getnames()[0] == f"{bundle.TOP}/{bundle.MANIFEST}", "the manifest comes first"
        assert all(m.uid == 0 and m.uname == "" for m in tar.getmembers())
    manifest = bundle.read_manifest(path)
    bundle.check_fits(manifest, ROOT, "linux-x86_64")
    top = bundle.unpack(path, tmp_path / "out", manifest)
    assert (top / "wheels" / "demo-1.0-py3-none-any.whl").read_bytes() == b"wheel"
    assert not list(tmp_path.glob(".*.part")), "no half-written bundle is left beside it"


def test_install_puts_each_part_where_a_first_setup_would_download_it(tmp_path):
    path = small_bundle(tmp_path)
    root, build, m2 = tmp_path / "checkout", tmp_path / "checkout" / "build", tmp_path / "home" / ".m2" / "repository"
    kept = m2 / "org/demo/kept/1.0/kept-1.0.jar"
    kept.parent.mkdir(parents=True)
    kept.write_bytes(b"the learner's own copy")
    installed = bundle.install(path, root, build, bundle.read_manifest(path), m2)
    try:
        assert (m2 / "org/demo/demo/1.0/demo-1.0.jar").read_bytes() == b"new jar"
        assert kept.read_bytes() == b"the learner's own copy", "files already in ~/.m2 are kept"
        assert (build / "downloads" / "demo-1.0.tgz").read_bytes() == b"tarball"
        assert (root / "data" / "fashion-mnist" / "train-images-idx3-ubyte.gz").read_bytes() == b"images"
        assert (installed.wheels / "demo-1.0-py3-none-any.whl").exists()
        assert "1 already there, kept" in installed.summary
    finally:
        installed.cleanup()
    assert not installed.scratch.exists() and not list(build.glob("bundle-*"))


def test_maven_bookkeeping_is_left_out(tmp_path):
    repo = tmp_path / "m2"
    for name in ("a-1.jar", "_remote.repositories", "a-1.pom.lastUpdated", "resolver-status.properties"):
        (repo / "g" / "a" / "1").mkdir(parents=True, exist_ok=True)
        (repo / "g" / "a" / "1" / name).write_text("x")
    assert bundle_make.drop_bookkeeping(repo) == 3
    assert [p.name for p in repo.rglob("*") if p.is_file()] == ["a-1.jar"]


# ------------------------------------------------------------------ refused, with what to do
def test_missing_bundle(tmp_path):
    err = refused(bundle.read_manifest, tmp_path / "nowhere.tar")
    assert "There is no bundle at" in err.what and "bin/setup --make-bundle FILE" in err.fix
    err = refused(bundle.read_manifest, tmp_path)
    assert "not a file" in err.what


def test_a_file_that_is_no_tar(tmp_path):
    junk = tmp_path / "junk.tar"
    junk.write_bytes(b"\x00\x01 not a tar file at all " * 100)
    err = refused(bundle.read_manifest, junk)
    assert "not a readable bundle" in err.what and "Copy it again" in err.fix and "--make-bundle" in err.fix


def test_a_tar_of_something_else(tmp_path):
    other = tmp_path / "other.tar"
    with tarfile.open(other, "w") as tar:
        info = tarfile.TarInfo("notes.txt")
        info.size = 5
        tar.addfile(info, io.BytesIO(b"hello"))
    err = refused(bundle.read_manifest, other)
    assert "not a bundle of this project" in err.what and "--make-bundle" in err.fix


def test_a_truncated_bundle(tmp_path):
    path = small_bundle(tmp_path)
    data = path.read_bytes()
    cut = tmp_path / "cut.tar"
    cut.write_bytes(data[:len(data) // 2])   # a copy that stopped early: the manifest still reads
    manifest = bundle.read_manifest(cut)
    err = refused(bundle.unpack, cut, tmp_path / "out", manifest)
    assert ("could not be read to its end" in err.what or "is damaged" in err.what), err.what
    assert "--make-bundle" in err.fix


def test_a_changed_file_is_named(tmp_path):
    path = small_bundle(tmp_path, tamper=True)
    err = refused(bundle.unpack, path, tmp_path / "out", bundle.read_manifest(path))
    assert "is damaged" in err.what and "m2/org/demo/demo/1.0/demo-1.0.jar (differs)" in err.what


def test_an_entry_outside_the_bundle_folder_is_refused(tmp_path):
    path = small_bundle(tmp_path)
    evil = tmp_path / "evil.tar"
    with tarfile.open(path) as src, tarfile.open(evil, "w") as dst:
        first = src.next()
        dst.addfile(first, src.extractfile(first))
        info = tarfile.TarInfo(f"{bundle.TOP}/../../escaped.txt")
        info.size = 3
        dst.addfile(info, io.BytesIO(b"bad"))
    err = refused(bundle.unpack, evil, tmp_path / "out", bundle.read_manifest(evil))
    assert "unexpected entry" in err.what
    assert not (tmp_path / "escaped.txt").exists()


def test_another_platform(tmp_path):
    manifest = bundle.read_manifest(small_bundle(tmp_path, platform="osx-aarch64"))
    err = refused(bundle.check_fits, manifest, ROOT, "linux-x86_64")
    assert "made for osx-aarch64; this machine is linux-x86_64" in err.what
    assert "--make-bundle" in err.fix and "linux-x86_64" in err.fix


def test_another_python(tmp_path):
    manifest = bundle.read_manifest(small_bundle(tmp_path, python="3.9"))
    err = refused(bundle.check_fits, manifest, ROOT, "linux-x86_64")
    assert "Python 3.9" in err.what and "PYTHON=python3.9" in err.fix


def test_the_macos_version_of_a_python_build_does_not_matter():
    assert bundle.python_platform("macosx-14.0-arm64") == bundle.python_platform("macosx-15.2-arm64")
    assert bundle.python_platform("macosx-14.0-arm64") != bundle.python_platform("macosx-14.0-x86_64")
    assert bundle.python_platform("linux-x86_64") == "linux-x86_64"


def test_another_version_of_the_project(tmp_path):
    inputs = dict(bundle.inputs(ROOT), **{"Maven: kit/pom.xml": "0" * 64})
    manifest = bundle.read_manifest(small_bundle(tmp_path, inputs=inputs))
    err = refused(bundle.check_fits, manifest, ROOT, "linux-x86_64")
    assert "another version of the project" in err.what and "Maven: kit/pom.xml" in err.what
    assert "git checkout abc123def456" in err.fix and "--make-bundle" in err.fix


def test_engines_the_bundle_does_not_hold(tmp_path):
    manifest = bundle.read_manifest(small_bundle(tmp_path))
    for options in ({"engine": "pytorch", "with_pytorch": None}, {"engine": None, "with_pytorch": True}):
        err = refused(bundle.check_engines, manifest, flavor=None, **options)
        assert "no PyTorch engine" in err.what and "--make-bundle FILE --with-pytorch" in err.fix
    err = refused(bundle.check_engines, manifest, engine=None, with_pytorch=None, flavor="cu128")
    assert "no bundle can carry it" in err.what
    bundle.check_engines(manifest, engine=None, with_pytorch=False, flavor=None)


def test_the_bundle_choice_is_used_when_no_engine_option_is_given(tmp_path):
    manifest = bundle.read_manifest(small_bundle(
        tmp_path, engines=["mxnet", "pytorch"], choice={"engine": "mxnet", "with_pytorch": True}))
    assert bundle.bundle_choice(manifest) == ("mxnet", True)


# ------------------------------------------------------------------ the command line
@pytest.mark.parametrize("content, phrase", [(None, "There is no bundle at"), (b"garbage" * 50, "not a readable bundle")],
                         ids=["missing", "garbage"])
def test_setup_refuses_a_bad_bundle_before_doing_anything(tmp_path, content, phrase):
    path = tmp_path / "resnet-bundle.tar"
    if content is not None:
        path.write_bytes(content)
    proc = subprocess.run([sys.executable, str(SETUP), "--from-bundle", str(path)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert phrase in proc.stderr and "bin/setup --make-bundle FILE" in proc.stderr
    assert "[setup] prerequisites" not in proc.stdout, "the bundle is checked first"


def test_make_and_from_bundle_exclude_each_other():
    proc = subprocess.run([sys.executable, str(SETUP), "--make-bundle", "a.tar", "--from-bundle", "b.tar"],
                          capture_output=True, text=True)
    assert proc.returncode == 2 and "not allowed with" in proc.stderr
