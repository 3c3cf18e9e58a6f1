"""The README's Settings table lists every RESNET_* variable the project reads, and no other.

Why: a setting nobody can find is a setting nobody uses (or one that surprises). The variables are
read in the kit, the notebooks, the scripts and the set-up; this test collects every name those
sources mention and compares it with the first column of the table under "## Settings".
"""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Where settings are read (or set for a kernel): the kit's main code, the notebooks and every script.
SOURCES = ("kit/src/main", "notebooks", "tools", "bin", "kernel-setup", "data", "instructor", ".ci")
SUFFIXES = {".java", ".ipynb", ".py", ".jsh", ".md", ""}
# A variable's name, not the end of a longer constant such as PLAIN_ABOVE_RESNET_GAP.
NAME = re.compile(r"(?<![A-Za-z0-9_])RESNET_[A-Z][A-Z0-9_]*")


def names_in(root: Path, sources=SOURCES) -> dict[str, str]:
    """Every RESNET_* name in the sources, with one file that mentions it."""
    found: dict[str, str] = {}
    for folder in sources:
        base = root / folder
        files = [base] if base.is_file() else sorted(p for p in base.rglob("*") if p.is_file())
        for f in files:
            if f.suffix not in SUFFIXES or "__pycache__" in f.parts:
                continue
            for name in NAME.findall(f.read_text(encoding="utf-8", errors="replace")):
                found.setdefault(name, f.relative_to(root).as_posix())
    return found


def table_names(readme: str) -> list[str]:
    """The first column of the table in the README's "## Settings" section."""
    section = readme.split("\n## Settings\n", 1)[1].split("\n## ", 1)[0]
    return [m.group(1) for m in re.finditer(r"^\| `(RESNET_[A-Z0-9_]+)` \|", section, re.M)]


def test_every_variable_read_anywhere_is_in_the_table():
    listed = table_names((ROOT / "README.md").read_text(encoding="utf-8"))
    used = names_in(ROOT)
    missing = {n: where for n, where in used.items() if n not in listed}
    assert not missing, "README.md 'Settings' lacks a row for: " + ", ".join(
        f"{n} (read in {where})" for n, where in sorted(missing.items()))
    stale = sorted(set(listed) - set(used))
    assert not stale, f"README.md 'Settings' lists variables nothing reads: {stale}"
    assert len(listed) == len(set(listed)), "a variable has two rows"


# A RESNET_* variable read directly: System.getenv("RESNET_..."), getOrDefault("RESNET_...", ...),
# env.get("RESNET_...").
DIRECT_READ = re.compile(r'(?:getenv|getOrDefault|get)\(\s*"RESNET_')


def test_only_the_kits_settings_class_reads_them_in_a_kernel():
    """The kit and the notebooks read RESNET_* variables only through Settings, which checks them."""
    kit = ROOT / "kit/src/main/java/org/resnetnotebooks/kit"
    direct = [f"{p.name}:{text[:m.start()].count(chr(10)) + 1}" for p in sorted(kit.glob("*.java"))
              if p.name != "Settings.java" for text in [p.read_text(encoding="utf-8")]
              for m in DIRECT_READ.finditer(text)]
    for nb in sorted((ROOT / "notebooks").glob("*.ipynb")):
        text = nb.read_text(encoding="utf-8")
        direct += [f"{nb.name}: {text[m.start():m.start() + 60]!r}"
                   for m in re.finditer(r'getenv\((?:\)\.getOrDefault\()?\\"RESNET_', text)]
    assert not direct, f"read without Settings: {direct}"
    defined = {n: p.name for p in kit.glob("*.java")
               for n in re.findall(r'= "(RESNET_[A-Z0-9_]+)";', p.read_text(encoding="utf-8"))}
    assert set(defined.values()) <= {"Settings.java"}, f"a variable's name is written outside Settings: {defined}"


def test_the_check_fails_for_a_variable_missing_from_the_table(tmp_path):
    (tmp_path / "tools").mkdir()
    (tmp_path / "tools" / "x.py").write_text('os.environ.get("RESNET_NEW_KNOB")\nPLAIN_ABOVE_RESNET_GAP = 3\n')
    readme = "# x\n\n## Settings\n| variable | what |\n|---|---|\n| `RESNET_MODE` | m |\n\n## Next\n| `RESNET_NEW_KNOB` | not here |\n"
    used = names_in(tmp_path, ("tools",))
    assert set(used) == {"RESNET_NEW_KNOB"}, "a longer constant is not a variable"
    assert table_names(readme) == ["RESNET_MODE"], "only the Settings section counts"
    assert [n for n in used if n not in table_names(readme)] == ["RESNET_NEW_KNOB"]
