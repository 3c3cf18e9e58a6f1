"""The Python-side pins live in environment.yml's `pip:` list, nowhere else.

A tiny reader for that one list, so the set-up needs no YAML library.
"""
from __future__ import annotations

import subprocess
from pathlib import Path


def pip_requirements(environment_yml: Path) -> list[str]:
    """The entries of the `- pip:` sub-list, e.g. ['jupyterlab==4.5.6', ...]."""
    reqs, in_pip, pip_indent = [], False, 0
    for raw in environment_yml.read_text().splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        item = line.strip()
        if item in ("- pip:", "-pip:"):
            in_pip, pip_indent = True, indent
            continue
        if in_pip:
            if indent <= pip_indent:
                break
            if item.startswith("- "):
                reqs.append(item[2:].strip())
    if not reqs:
        raise ValueError(f"{environment_yml} has no '- pip:' list")
    for r in reqs:
        if "==" not in r:
            raise ValueError(f"{environment_yml}: '{r}' is not pinned with '=='")
    return reqs


def missing_in(python: Path, reqs: list[str]) -> list[str]:
    """Pins that the given interpreter does not have at exactly that version."""
    code = ("import sys, importlib.metadata as m\n"
            "for r in sys.argv[1:]:\n"
            "    n, v = r.split('==')\n"
            "    try:\n"
            "        ok = m.version(n) == v\n"
            "    except m.PackageNotFoundError:\n"
            "        ok = False\n"
            "    print(r if not ok else '')\n")
    out = subprocess.run([str(python), "-c", code, *reqs], capture_output=True, text=True, check=True)
    return [line for line in out.stdout.splitlines() if line]
