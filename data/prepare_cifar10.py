#!/usr/bin/env python3
"""Optional: install CIFAR-10 (the binary version) for the Java notebooks.

The notebooks train on Fashion-MNIST by default (data/prepare_fashion_mnist.py);
nothing here is needed for them. CIFAR-10 is the data set of He et al. (2015).
No package registry ships it, so this script downloads the official archive
cifar-10-binary.tar.gz (about 162 MB) from Alex Krizhevsky's page at the
University of Toronto, but only when you run it. It checks the archive's
published MD5, checks every extracted file (size, record layout, labels),
and writes data/cifar-10/ with the six .bin files and MANIFEST.json (written
last). It never touches data/fashion-mnist/. See data/README.md.

Usage (from the repository root):
    python3 data/prepare_cifar10.py                        # download once and install
    python3 data/prepare_cifar10.py --from-archive PATH    # install offline from a copy
    python3 data/prepare_cifar10.py --verify               # only check; exit 2 if not ready
    python3 data/prepare_cifar10.py --force                # reinstall even if it verifies

Exit codes: 0 ok, 2 a problem you can fix (message on stderr),
1 an unexpected internal error, 130/143 interrupted (Ctrl-C / kill).
Standard library only; Python 3.10+.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import http.client
import math
import os
import re
import shutil
import socket
import sys
import tarfile
import time
import urllib.error
import urllib.request
import zlib
from pathlib import Path
from typing import Iterator

# The helpers shared with prepare_fashion_mnist.py live beside this file, in prepare_common.py
# (Python puts a script's own folder on the import path; the tests put data/ there).
from prepare_common import (
    PrepareError, adopt_shared_download, argument_parser, atomic_output, clean_temp_files,
    downloads_dir as own_downloads_dir, fsync_dir, hash_file, new_temp_file, read_manifest, run_lock,
    run_script, say, sha256_hex, shown, summary, write_json_atomic)
from prepare_common import LOCAL_PROBLEM, LOCK_NAME, TEMP_PREFIX  # noqa: F401  (names of this module too)

# ---------------------------------------------------------------- constants

PAGE = "https://www.cs.toronto.edu/~kriz/cifar.html"
URL = "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"
ARCHIVE_NAME = "cifar-10-binary.tar.gz"
ARCHIVE_MD5 = "c32a1d4ab5d03f1284b67883e8d87530"  # published on PAGE
ARCHIVE_APPROX_BYTES = 170 * 1024 * 1024  # "about 162 MB"; only for the disk-space check
MEMBER_DIR = "cifar-10-batches-bin"

TRAIN_FILES = [f"data_batch_{i}.bin" for i in range(1, 6)]
TEST_FILES = ["test_batch.bin"]
SPLIT_OF = {**{name: "train" for name in TRAIN_FILES}, **{name: "test" for name in TEST_FILES}}
FILE_NAMES = TRAIN_FILES + TEST_FILES

RECORDS_PER_FILE = 10_000
IMAGE_SIDE = 32
CHANNEL_BYTES = IMAGE_SIDE * IMAGE_SIDE  # 1024: one colour plane, row-major
CHANNELS = ["red", "green", "blue"]
IMAGE_BYTES = len(CHANNELS) * CHANNEL_BYTES  # 3072
RECORD_BYTES = 1 + IMAGE_BYTES  # 3073: one label byte, then the red, green, blue planes
NUM_CLASSES = 10
LABEL_NAMES = ["airplane", "automobile", "bird", "cat", "deer",
               "dog", "frog", "horse", "ship", "truck"]

MANIFEST_NAME = "MANIFEST.json"
MANIFEST_FORMAT = 1
DOWNLOAD_TIMEOUT_S = 60  # per network operation, not for the whole download
DOWNLOAD_BLOCK = 1 << 20

DATA_DIR = Path(__file__).resolve().parent
DOWNLOADS_DIR = own_downloads_dir(DATA_DIR, "cifar10")
OUT_DIR = DATA_DIR / "cifar-10"

COMMAND = "python3 data/prepare_cifar10.py"
DEFAULT_STAYS = ("CIFAR-10 is optional: the notebooks train on Fashion-MNIST by default, "
                 "which is not affected.")
OFFLINE_HINT = (f"To install it without network here, download {ARCHIVE_NAME} (the \"CIFAR-10 "
                f"binary version\", MD5 {ARCHIVE_MD5}) from {PAGE} on another machine, copy it "
                f"here and run: {COMMAND} --from-archive PATH")

RECORD_FORMAT = ("each record is 3073 bytes: 1 label byte (0..9), then 1024 red, 1024 green "
                 "and 1024 blue bytes, each plane a 32x32 image row by row")


# ------------------------------------------------------------ output helpers

def megabytes(n: int) -> str:
    return f"{n / 1e6:,.0f} MB"


# ------------------------------------------------------------ hashing

def md5_of_file(path: Path) -> str:
    """The archive's MD5, the checksum its page publishes."""
    return hash_file(path, "md5").hexdigest()


# ------------------------------------------------------------ files, atomically

def write_temp(directory: Path, final_name: str, data: bytes) -> Path:
    """Write data to a synced temp file; the caller renames it into place."""
    fd, tmp = new_temp_file(directory, final_name)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return tmp


def ensure_free_space(directory: Path, needed: int, what: str) -> None:
    free = shutil.disk_usage(directory).free
    if free < needed:
        raise PrepareError(
            f"Not enough disk space in {shown(directory)}: {megabytes(free)} free, but {what} "
            f"needs about {megabytes(needed)}. Free some space and rerun {COMMAND}.")


# ------------------------------------------------------------ the archive

def archive_problem(path: Path, expected_md5: str) -> str | None:
    """None if the archive has the expected MD5, else a short reason."""
    actual = md5_of_file(path)
    if actual != expected_md5:
        return f"MD5 {actual}, expected {expected_md5}"
    return None


def no_network_message(what_failed: str, url: str) -> str:
    return (f"Could not download CIFAR-10 from {url}: {what_failed}. This optional download "
            f"(about 162 MB, once) needs the network, and there seems to be none here, or the "
            f"host cannot be reached (check the connection or proxy settings). "
            f"{DEFAULT_STAYS} {OFFLINE_HINT}")


def download(url: str, target: Path, expected_md5: str,
             timeout: float = DOWNLOAD_TIMEOUT_S) -> Path:
    """Download url to target through a temp file; checked against expected_md5 before renaming."""
    target.parent.mkdir(parents=True, exist_ok=True)
    say(f"Downloading {url} (about 162 MB) ...")
    h = hashlib.md5(usedforsecurity=False)
    received = 0
    with atomic_output(target) as out:  # any exception below deletes the temp file
        try:
            with urllib.request.urlopen(url, timeout=timeout) as response:
                length = int(response.headers.get("Content-Length") or 0)
                ensure_free_space(target.parent, (length or ARCHIVE_APPROX_BYTES) + (1 << 20),
                                  "the download")
                next_report = 0.1
                for block in iter(lambda: response.read(DOWNLOAD_BLOCK), b""):
                    out.write(block)
                    h.update(block)
                    received += len(block)
                    if length and received / length >= next_report:
                        say(f"  {megabytes(received)} of {megabytes(length)} "
                            f"({100 * received // length}%)")
                        next_report += 0.1
                if length and received != length:
                    raise PrepareError(no_network_message(
                        f"the connection ended after {received:,} of {length:,} bytes", url))
        except urllib.error.HTTPError as exc:
            raise PrepareError(
                f"Could not download CIFAR-10 from {url}: the server answered HTTP "
                f"{exc.code} ({exc.reason}). The file may have moved: look for the "
                f"\"CIFAR-10 binary version\" on {PAGE}. {DEFAULT_STAYS} "
                f"{OFFLINE_HINT}") from None
        except (urllib.error.URLError, http.client.HTTPException, socket.timeout,
                ConnectionError, TimeoutError) as exc:
            reason = getattr(exc, "reason", None) or exc
            raise PrepareError(no_network_message(f"{reason}", url)) from None
        actual = h.hexdigest()
        if actual != expected_md5:
            raise PrepareError(
                f"The downloaded {ARCHIVE_NAME} ({received:,} bytes) does not match the "
                f"published MD5 (got {actual}, expected {expected_md5}); it was deleted. The "
                f"download was probably cut short or altered on the way (e.g. by a proxy). "
                f"Rerun {COMMAND} to download it again. {DEFAULT_STAYS}")
    say(f"Downloaded {shown(target)} ({received:,} bytes, MD5 verified).")
    return target


def obtain_archive(given: Path | None, downloads_dir: Path, expected_md5: str,
                   force: bool, url: str | None = None) -> tuple[Path, bool]:
    """Return a verified archive and whether it was the user's own copy (never deleted)."""
    if given is not None:
        if not given.is_file():
            raise PrepareError(f"--from-archive {given}: no such file.")
        say(f"Checking the MD5 of {given} ...")
        problem = archive_problem(given, expected_md5)
        if problem is not None:
            raise PrepareError(
                f"--from-archive {given} is not the official {ARCHIVE_NAME}, or it is incomplete "
                f"or damaged ({problem}); it was left in place. Download it again from {PAGE} "
                f"(the \"CIFAR-10 binary version\"; the Python and MATLAB versions do not fit), "
                f"then rerun {COMMAND} --from-archive PATH.")
        say(f"Using {given} (MD5 verified).")
        return given, True
    adopt_shared_download(downloads_dir, ARCHIVE_NAME)
    downloads_dir.mkdir(parents=True, exist_ok=True)
    clean_temp_files(downloads_dir)
    cached = downloads_dir / ARCHIVE_NAME
    if cached.is_file():
        problem = archive_problem(cached, expected_md5)
        if problem is None:
            say(f"Using {shown(cached)} (MD5 verified).")
            return cached, False
        if not force:
            raise PrepareError(
                f"{shown(cached)} is corrupt or incomplete ({problem}). Delete it and rerun "
                f"with --force to download it again: {COMMAND} --force")
        cached.unlink()
        say(f"{shown(cached)} did not verify ({problem}); deleted it, downloading again.")
    return download(url or URL, cached, expected_md5), False


# ------------------------------------------------------------ reading and checking

def corrupt_archive_hint(archive: Path, users_copy: bool) -> str:
    if users_copy:
        return (f"Download {ARCHIVE_NAME} again from {PAGE} and rerun "
                f"{COMMAND} --from-archive PATH --force.")
    return (f"Delete it and rerun with --force: rm {shown(archive)} && {COMMAND} --force")


def read_batches(archive: Path, records: int, users_copy: bool) -> Iterator[tuple[str, bytes]]:
    """Yield (file name, content) for each of the six .bin files, in archive order."""
    expected_size = records * RECORD_BYTES
    found: set[str] = set()
    other_versions: set[str] = set()
    try:
        with tarfile.open(archive, mode="r|gz") as tar:
            for member in tar:
                top = member.name.split("/", 1)[0]
                if top.startswith("cifar-10-batches-") and top != MEMBER_DIR:
                    other_versions.add(top)
                directory, _, name = member.name.rpartition("/")
                if directory != MEMBER_DIR or name not in SPLIT_OF:
                    continue
                if not member.isfile():
                    raise PrepareError(f"{member.name} in {shown(archive)} is not a regular file. "
                                       + corrupt_archive_hint(archive, users_copy))
                if member.size != expected_size:
                    raise PrepareError(
                        f"{member.name} in {shown(archive)} is {member.size:,} bytes, expected "
                        f"{expected_size:,} ({records:,} records of {RECORD_BYTES} bytes). "
                        + corrupt_archive_hint(archive, users_copy))
                handle = tar.extractfile(member)
                assert handle is not None  # regular files always have content
                data = handle.read()
                found.add(name)
                yield name, data
    except (tarfile.TarError, EOFError, zlib.error) as exc:
        raise PrepareError(
            f"{shown(archive)} could not be read as a gzip tar archive ({exc}): it is corrupt. "
            + corrupt_archive_hint(archive, users_copy)) from None
    missing = [f"{MEMBER_DIR}/{name}" for name in FILE_NAMES if name not in found]
    if missing:
        which = (f" It holds {', '.join(sorted(other_versions))}: another version of CIFAR-10; "
                 f"these notebooks read the binary version ({ARCHIVE_NAME})."
                 if other_versions else "")
        raise PrepareError(f"{shown(archive)} lacks {', '.join(missing)}.{which} "
                           + corrupt_archive_hint(archive, users_copy))


def check_records(where: str, data: bytes, records: int) -> list[int]:
    """Check size and labels of one .bin file's content; return its class counts."""
    expected = records * RECORD_BYTES
    if len(data) != expected:
        whole, extra = divmod(len(data), RECORD_BYTES)
        detail = (f"the record at byte offset {whole * RECORD_BYTES:,} is cut off" if extra
                  else f"{whole:,} whole records")
        raise PrepareError(f"{where} is {len(data):,} bytes, expected {expected:,} "
                           f"({records:,} records of {RECORD_BYTES} bytes; {detail}).")
    labels = data[0::RECORD_BYTES]
    if labels and max(labels) >= NUM_CLASSES:
        index = next(i for i, label in enumerate(labels) if label >= NUM_CLASSES)
        raise PrepareError(f"{where} has label {labels[index]} at byte offset "
                           f"{index * RECORD_BYTES:,} (record {index:,}); CIFAR-10 labels are 0..9.")
    return [labels.count(c) for c in range(NUM_CLASSES)]


# v*v split into its high and low byte, so bytes.translate + sum() (both in C)
# give the exact sum of squares.
_SQUARE_HI = bytes((v * v) >> 8 for v in range(256))
_SQUARE_LO = bytes((v * v) & 0xFF for v in range(256))


def channel_sums(data: bytes, records: int) -> list[tuple[int, int, int]]:
    """Per channel: (pixel count, sum, sum of squares) over the records, exact integers."""
    sums = []
    for c in range(len(CHANNELS)):
        start = 1 + c * CHANNEL_BYTES
        plane = b"".join(data[o + start:o + start + CHANNEL_BYTES]
                         for o in range(0, records * RECORD_BYTES, RECORD_BYTES))
        square = 256 * sum(plane.translate(_SQUARE_HI)) + sum(plane.translate(_SQUARE_LO))
        sums.append((len(plane), sum(plane), square))
    return sums


def channel_stats(totals: list[tuple[int, int, int]]) -> tuple[list[float], list[float]]:
    """Mean and population standard deviation of pixel/255, per channel."""
    means, stds = [], []
    for n, total, square in totals:
        means.append(total / (255 * n))
        stds.append(math.sqrt(n * square - total * total) / (255 * n))
    return means, stds


# ------------------------------------------------------------ verification

def verify_outputs(out_dir: Path = OUT_DIR,
                   records: int = RECORDS_PER_FILE) -> tuple[list[str], dict | None]:
    """Return (problems, manifest). No problems means all six files are complete and intact."""
    problems, manifest = read_manifest(out_dir / MANIFEST_NAME, MANIFEST_FORMAT, set(FILE_NAMES),
                                       "not installed yet")
    if manifest is None:
        return problems, None
    for name in FILE_NAMES:
        problems += check_output_file(out_dir / name, manifest["files"][name], records)
    return problems, manifest


def check_output_file(path: Path, info: dict, records: int) -> list[str]:
    if not path.is_file():
        return [f"{shown(path)} is missing."]
    size = path.stat().st_size
    expected = records * RECORD_BYTES
    if size != expected or size != info.get("bytes"):
        return [f"{shown(path)} is corrupt (size {size:,} bytes, expected {expected:,})."]
    data = path.read_bytes()
    if sha256_hex(data) != info.get("sha256"):
        return [f"{shown(path)} is corrupt (sha256 does not match MANIFEST.json)."]
    try:
        check_records(shown(path), data, records)
    except PrepareError as exc:
        return [f"{exc}"]
    return []


def verify_failure_message(problems: list[str]) -> str:
    return (f"CIFAR-10 is not ready: {' '.join(problems)} Repair with: {COMMAND} (downloads "
            f"the archive unless data/downloads/cifar10/{ARCHIVE_NAME} is there), or offline with "
            f"{COMMAND} --from-archive PATH. {DEFAULT_STAYS}")


# ------------------------------------------------------------ installing

def build_manifest(archive_md5: str, archive_bytes: int, records: int, counts: dict,
                   means: list[float], stds: list[float], files: dict) -> dict:
    """Everything a reader needs to trust and use the files; no timestamps."""
    return {
        "format_version": MANIFEST_FORMAT,
        "dataset": "CIFAR-10",
        "generated_by": "data/prepare_cifar10.py",
        "source": {"page": PAGE, "url": URL, "archive": ARCHIVE_NAME,
                   "archive_md5": archive_md5, "archive_bytes": archive_bytes,
                   "official_md5": archive_md5 == ARCHIVE_MD5},
        "labels": LABEL_NAMES,
        "image_shape": [len(CHANNELS), IMAGE_SIDE, IMAGE_SIDE],
        "record_format": RECORD_FORMAT,
        "records_per_file": records,
        "split": {"train": TRAIN_FILES, "test": TEST_FILES},
        "class_counts": counts,
        "normalization": {"mean": means, "std": stds, "channels": CHANNELS,
                          "computed_on": "train split (data_batch_1..5), pixel/255, per "
                                         "channel, population std"},
        "files": files,
    }


def prepare(archive: Path, out_dir: Path = OUT_DIR, records: int = RECORDS_PER_FILE,
            users_copy: bool = False, archive_md5: str | None = None) -> dict:
    """Check and install the six .bin files, then MANIFEST.json.

    Every file is first written and checked under a temp name; only when all six are
    complete are they renamed into place, so a failure leaves the previous copy as it was.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    ensure_free_space(out_dir, len(FILE_NAMES) * records * RECORD_BYTES + (1 << 20),
                      "the extracted files")
    say(f"Reading {shown(archive)} ...")
    staged: dict[str, Path] = {}
    files: dict[str, dict] = {}
    counts = {"train": [0] * NUM_CLASSES, "test": [0] * NUM_CLASSES}
    totals = [(0, 0, 0)] * len(CHANNELS)
    try:
        for name, data in read_batches(archive, records, users_copy):
            split = SPLIT_OF[name]
            per_class = check_records(f"{MEMBER_DIR}/{name} in {shown(archive)}", data, records)
            counts[split] = [a + b for a, b in zip(counts[split], per_class)]
            if split == "train":
                totals = [tuple(a + b for a, b in zip(t, s))
                          for t, s in zip(totals, channel_sums(data, records))]
            staged[name] = write_temp(out_dir, name, data)
            files[name] = {"split": split, "records": records, "bytes": len(data),
                           "sha256": sha256_hex(data)}
            say(f"  {name}: {records:,} records, labels 0..9, {len(data):,} bytes")
        means, stds = channel_stats(totals)
        say("  train mean (R, G, B) " + ", ".join(f"{m:.4f}" for m in means)
            + "; std " + ", ".join(f"{s:.4f}" for s in stds) + " (of pixel/255)")
        md5 = archive_md5 or md5_of_file(archive)
        manifest = build_manifest(md5, archive.stat().st_size, records, counts, means, stds,
                                  {name: files[name] for name in FILE_NAMES})
        # All six are complete: from here on the copy reads as "not installed" until the
        # new manifest is written last.
        with contextlib.suppress(FileNotFoundError):
            (out_dir / MANIFEST_NAME).unlink()
        for name in FILE_NAMES:
            os.replace(staged.pop(name), out_dir / name)
        fsync_dir(out_dir)
    finally:
        for tmp in staged.values():
            with contextlib.suppress(OSError):
                tmp.unlink()
    write_json_atomic(out_dir / MANIFEST_NAME, manifest)
    return manifest


# ------------------------------------------------------------ CLI

def md5_hex(value: str) -> str:
    if not re.fullmatch(r"[0-9a-fA-F]{32}", value):
        raise argparse.ArgumentTypeError(f"not an MD5 (32 hex digits): {value!r}")
    return value.lower()


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argument_parser(
        "Optional: install CIFAR-10 (binary version) into data/cifar-10/. Without options: "
        "download the official archive (about 162 MB) once if needed, check it and install; "
        "or confirm the installed copy verifies. The notebooks use Fashion-MNIST by default "
        "and do not need this.", "install",
        "reinstall even if the files verify; a corrupt downloaded archive in "
        "data/downloads/cifar10/ is deleted and downloaded again")
    p.add_argument("--from-archive", type=Path, metavar="PATH",
                   help=f"install offline from this copy of {ARCHIVE_NAME} (checked, never "
                        f"deleted)")
    p.add_argument("--expected-md5", type=md5_hex, metavar="HEX", default=ARCHIVE_MD5,
                   help="FOR TESTS ONLY: accept an archive with this MD5 instead of the "
                        "published one (tests build small archives in the real layout)")
    return p.parse_args(argv)


def run(args: argparse.Namespace, out_dir: Path, downloads_dir: Path, records: int) -> int:
    started = time.monotonic()
    if args.verify:
        problems, manifest = verify_outputs(out_dir, records)
        if problems:
            raise PrepareError(verify_failure_message(problems))
        say(f"CIFAR-10 verified ({summary(manifest, out_dir)}).")
        return 0
    out_dir.mkdir(parents=True, exist_ok=True)
    with run_lock(out_dir, f"Another run of {COMMAND} is working on {shown(out_dir)}; "
                           f"waiting for it to finish ..."):
        removed = clean_temp_files(out_dir)
        if removed:
            say(f"Removed {len(removed)} leftover temp file(s) of an interrupted run.")
        if not args.force:
            problems, manifest = verify_outputs(out_dir, records)
            if not problems:
                say(f"CIFAR-10 already installed ({summary(manifest, out_dir)}).")
                return 0
            say("Installing CIFAR-10: " + " ".join(problems))
        archive, users_copy = obtain_archive(args.from_archive, downloads_dir,
                                             args.expected_md5, args.force)
        manifest = prepare(archive, out_dir, records, users_copy, args.expected_md5)
    say(f"CIFAR-10 ready ({summary(manifest, out_dir)}) in "
        f"{time.monotonic() - started:.1f} s.")
    return 0


def main(argv: list[str] | None = None, out_dir: Path = OUT_DIR,
         downloads_dir: Path = DOWNLOADS_DIR, records: int = RECORDS_PER_FILE) -> int:
    args = parse_args(argv)
    return run_script(lambda: run(args, out_dir, downloads_dir, records), COMMAND, [out_dir, downloads_dir])


if __name__ == "__main__":
    sys.exit(main())
