"""Every message a learner can read names a command or file that is really there.

Why: advice that names a script which never existed (the set-up was once said to be a shell
script in kernel-setup/; the entry point is bin/setup) sends a
learner nowhere, and nothing else fails when a script is renamed. This test reads the text a
user can see: the string literals of the kit's main code (exception messages, printed lines), and
the strings of the Python scripts and shell commands in data/, tools/, kernel-setup/ and bin/.
In each it looks for a path that starts with one of the project's top folders (bin/setup,
tools/ship_model.py, data/prepare_cifar10.py, ...) and checks that the repository has it. A path
that only a run creates (data/fashion-mnist/..., build/...) is accepted when git ignores it,
which is how the project marks generated files.
"""
from __future__ import annotations

import ast
import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# The folders at the top of the repository that messages point into.
TOP_FOLDERS = ("bin", "tools", "data", "kernel-setup", "notebooks", "kit", "instructor", "tests",
               "benchmarks", "build")
# A path: one of the folders, then names; not inside a longer path or a URL (no '/' or word
# character before it), ending on a name character (so "bin/setup." names bin/setup).
PATH = re.compile(r"(?<![\w./-])((?:%s)/(?:[\w.-]+/)*[\w.-]*\w)" % "|".join(map(re.escape, TOP_FOLDERS)))
# Where runs write, for a tree that is not a git checkout (the .gitignore files say the same).
MADE_BY_RUNS = ("build/", "data/fashion-mnist", "data/cifar-10", "data/downloads")
# A name no message may carry, wherever it points: the set-up script that never existed (written
# in two parts, so that no file of the project names it, this one included).
OLD_SETUP = "setup" + ".sh"
NEVER = re.compile(r"\b" + re.escape(OLD_SETUP) + r"\b")


@dataclass(frozen=True)
class Finding:
    where: str      # file:line
    text: str       # what the message names

    def __str__(self) -> str:
        return f"{self.where}: {self.text}"


# ------------------------------------------------------------ reading messages

def java_strings(source: str) -> list[tuple[int, str]]:
    """The string literals of Java source, with their line; comments are skipped.

    Literals joined by '+' (one message over several lines) are read as one text, so a path
    split between them is still seen whole, e.g. "run bin/" + "setup".
    """
    out: list[tuple[int, str]] = []
    i, line, n = 0, 1, len(source)
    last_end = -1
    while i < n:
        c = source[i]
        if c == "\n":
            line += 1
            i += 1
        elif source.startswith("//", i):
            end = source.find("\n", i)
            i = n if end < 0 else end
        elif source.startswith("/*", i):
            end = source.find("*/", i + 2)
            end = n if end < 0 else end + 2
            line += source.count("\n", i, end)
            i = end
        elif source.startswith('"""', i):     # text block
            end = source.find('"""', i + 3)
            end = n if end < 0 else end + 3
            out.append((line, source[i + 3:end - 3]))
            line += source.count("\n", i, end)
            i = end
        elif c == '"' or c == "'":
            j = i + 1
            while j < n and source[j] != c:
                j += 2 if source[j] == "\\" else 1
            text = source[i + 1:j]
            if c == '"':
                between = source[last_end:i] if last_end >= 0 else ""
                if out and last_end >= 0 and re.fullmatch(r"\s*\+\s*", between):
                    out[-1] = (out[-1][0], out[-1][1] + text)
                else:
                    out.append((line, text))
                last_end = j + 1
            i = j + 1
        else:
            i += 1
    return out


def python_strings(source: str) -> list[tuple[int, str]]:
    """Every string constant of a Python module (f-strings by their literal parts), with its line."""
    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.JoinedStr):
            text = "".join(v.value if isinstance(v, ast.Constant) and isinstance(v.value, str) else "{}"
                           for v in node.values)
            out.append((node.lineno, text))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            out.append((node.lineno, node.value))
    return out


def shell_lines(source: str) -> list[tuple[int, str]]:
    """The lines of a shell script, comments included: its usage lines are its help text.

    "$ROOT/tools/series.py" names tools/series.py: the variable is the repository's root.
    """
    return [(k, re.sub(r"\$\{?ROOT\}?/", " ", text)) for k, text in enumerate(source.splitlines(), 1)]


def notebook_cells(source: str) -> list[tuple[int, str]]:
    """The cells of a notebook (prose and code), numbered from 1 as a reader counts them."""
    cells = json.loads(source)["cells"]
    return [(k, "".join(c["source"])) for k, c in enumerate(cells, 1)]


def messages(path: Path) -> list[tuple[int, str]]:
    """(line, text) pairs; for a notebook the number is the cell's."""
    source = path.read_text(encoding="utf-8")
    if path.suffix == ".ipynb":
        return notebook_cells(source)
    if path.suffix == ".java":
        return java_strings(source)
    if path.suffix == ".py" or source.startswith("#!/usr/bin/env python"):
        return python_strings(source)
    return shell_lines(source)


def sources(root: Path) -> list[Path]:
    """The files whose messages a user reads: the kit's main code and the scripts."""
    files = sorted((root / "kit" / "src" / "main").rglob("*.java"))
    for folder in ("data", "tools", "kernel-setup"):
        files += sorted((root / folder).glob("*.py"))
    files += sorted(p for p in (root / "bin").iterdir() if p.is_file())
    files += sorted((root / "notebooks").glob("*.ipynb"))
    return files


# ------------------------------------------------------------ checking them

def ignored_by_git(root: Path, relative: list[str]) -> set[str]:
    """Which of these paths git ignores: files a run makes, not the repository's."""
    if not relative:
        return set()
    # A path that does not exist yet may be a folder ("data/cifar-10"): ask for it as one too.
    asked = [p for path in relative for p in (path, path + "/")]
    try:
        proc = subprocess.run(["git", "-C", str(root), "check-ignore", "--no-index", "--stdin"],
                              input="\n".join(asked), capture_output=True, text=True)
    except FileNotFoundError:
        proc = None
    if proc is None or proc.returncode not in (0, 1):   # no git, or not a checkout (a copied tree)
        return {p for p in relative if p.startswith(MADE_BY_RUNS)}
    return {p.rstrip("/") for p in proc.stdout.split()}


def problems(root: Path, files: list[Path]) -> list[Finding]:
    """The paths messages name that are neither in the repository nor made by a run."""
    missing: list[Finding] = []
    unknown: dict[str, list[str]] = {}
    for f in files:
        shown = f.relative_to(root) if f.is_relative_to(root) else f
        for line, text in messages(f):
            where = f"{shown}:{line}"
            if NEVER.search(text):
                missing.append(Finding(where, NEVER.search(text).group(0)))
            for path in PATH.findall(text):
                if not (root / path).exists():
                    unknown.setdefault(path, []).append(where)
    made_by_runs = ignored_by_git(root, sorted(unknown))
    for path, places in sorted(unknown.items()):
        if path not in made_by_runs:
            missing.extend(Finding(where, path) for where in places)
    return missing


# ------------------------------------------------------------ the tests

def test_every_message_names_a_path_that_exists():
    found = problems(ROOT, sources(ROOT))
    assert not found, "messages name commands or files the repository does not have:\n" + "\n".join(
        map(str, found))


def test_the_check_reads_the_sources_it_should():
    names = {p.relative_to(ROOT).as_posix() for p in sources(ROOT)}
    assert "kit/src/main/java/org/resnetnotebooks/kit/DataException.java" in names
    assert {"bin/setup", "data/prepare_fashion_mnist.py", "tools/series.py", "kernel-setup/setup.py",
            "notebooks/06-training-a-resnet.ipynb"} <= names
    texts = [t for _, t in messages(ROOT / "kit/src/main/java/org/resnetnotebooks/kit/DataException.java")]
    assert any("bin/setup" in t for t in texts), "the repair advice is read"
    lines = [t for _, t in messages(ROOT / "bin/series")]
    assert any("tools/series.py" in PATH.findall(t) for t in lines), "$ROOT/tools/... is read as tools/..."


def test_a_message_naming_a_missing_command_fails(tmp_path):
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "setup").write_text("#!/usr/bin/env bash\n")
    java = tmp_path / "Bad.java"
    java.write_text('class Bad {\n  // comments may say tools/nothing.py\n'
                    '  String fix = "Run `bin/setup` or "\n      + "`tools/no_such_tool.py`.";\n'
                    f'  String old = "run kernel-setup/{OLD_SETUP}";\n}}\n')
    py = tmp_path / "bad.py"
    py.write_text('import sys\nprint(f"repair with bin/lab --{sys.argv}", file=sys.stderr)\n')
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".gitignore").write_text("/build/\n")
    found = {(f.where, f.text) for f in problems(tmp_path, [java, py])}
    assert found == {("Bad.java:3", "tools/no_such_tool.py"), ("Bad.java:5", OLD_SETUP),
                     ("Bad.java:5", f"kernel-setup/{OLD_SETUP}"), ("bad.py:2", "bin/lab")}


def test_paths_a_run_makes_and_urls_are_not_findings(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".gitignore").write_text("/build/\n/data/fashion-mnist/\n")
    (tmp_path / "data").mkdir()
    java = tmp_path / "Fine.java"
    java.write_text('class Fine {\n  String a = "see build/series/index.html and data/fashion-mnist/MANIFEST.json";\n'
                    '  String b = "https://example.org/bin/none and org/x/kit/plotly.js";\n}\n')
    assert problems(tmp_path, [java]) == []
