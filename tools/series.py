#!/usr/bin/env python3
"""Run the notebooks headless on the Java kernel and write the results.

For each notebook in notebooks/ (sorted by name) this writes, into the output
folder: the executed notebook, an HTML handout, and the measured results the
notebook recorded with the kit's `Results` class (<name>.results.json).
Then it prints a summary table.  The tests use the same `execute` function.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

from handouts import export_html, write_site
from session_limits import GIB, RssSampler, SessionLimits

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "kernel-setup"))
import run_settings  # noqa: E402  (kernel-setup/run_settings.py)

NOTEBOOKS = ROOT / "notebooks"
KERNEL = "java"


@dataclass
class Outcome:
    name: str
    status: str          # "ok" or "error"
    seconds: float
    key_figure: str
    error: str
    executed: Path
    html: Path
    results: dict
    peak_bytes: int = 0        # the kernel's peak resident memory (launcher + kernel JVM)
    limits: str = ""           # the limits it ran in, or why none were applied
    memory_by_cell: list = None  # [(cell index, resident bytes after it, peak so far)]

    @property
    def peak_gib(self) -> float:
        return self.peak_bytes / GIB

    @property
    def headline(self) -> str:
        """The summary's last column: the key figure, or what went wrong."""
        return self.key_figure if self.status == "ok" else self.error[:120]


def kernel_spec(kernel: str = KERNEL) -> dict | None:
    """The project's kernel.json for that kernelspec name, or None if it is not installed."""
    path = ROOT / ".venv" / "share" / "jupyter" / "kernels" / kernel / "kernel.json"
    return json.loads(path.read_text()) if path.exists() else None


def kernel_engine(kernel: str = KERNEL) -> str:
    """The DJL engine a kernelspec selects (set-up option --engine); MXNet if it names none."""
    spec = kernel_spec(kernel) or {}
    return spec.get("env", {}).get("DJL_DEFAULT_ENGINE", "MXNet")


def notebooks(only: str | None = None) -> list[Path]:
    found = sorted(p for p in NOTEBOOKS.glob("*.ipynb") if not p.name.startswith("."))
    return [p for p in found if only is None or only in p.name]


def limited_kernelspecs(kernel: str, limits: SessionLimits, where: Path) -> Path:
    """A copy of the kernelspec `kernel` whose argv starts inside `limits`, in `where`/kernels/.

    Put `where` first on JUPYTER_PATH: the notebook still asks for `java`, and gets this copy."""
    spec = kernel_spec(kernel)
    if spec is None:
        raise FileNotFoundError(f"kernelspec {kernel!r} is not installed: run bin/setup")
    resource_dir = ROOT / ".venv" / "share" / "jupyter" / "kernels" / kernel
    spec = dict(spec)
    spec["argv"] = limits.command_prefix() + [a.replace("{resource_dir}", str(resource_dir))
                                              for a in spec["argv"]]
    target = where / "kernels" / kernel
    target.mkdir(parents=True, exist_ok=True)
    (target / "kernel.json").write_text(json.dumps(spec, indent=2) + "\n")
    return where


def kernel_environment(mode: str, results_file: Path, checkpoints: Path | None = None,
                       jupyter_path: Path | None = None) -> dict[str, str]:
    env = {
        "RESNET_MODE": mode,
        "RESNET_RESULTS_FILE": str(results_file),
        # Nothing may download while a notebook runs: make an attempt fail loudly.
        "DJL_OFFLINE": "true",
        "OPT_OUT_TRACKING": "true",
        # Our kernelspec first, even if the user has another `java` kernel.
        "JUPYTER_PATH": os.pathsep.join(
            ([str(jupyter_path)] if jupyter_path else []) + [str(ROOT / ".venv" / "share" / "jupyter")]),
    }
    if checkpoints is not None:
        env["RESNET_CHECKPOINT_DIR"] = str(checkpoints)
    return env


SOLUTIONS = ROOT / "instructor" / "solutions"
EXERCISE_TAG = "exercise-"


def exercise_ids(nb) -> list[str]:
    """Ids of the learner cells, tagged `exercise-<id>` in the notebook."""
    return [t[len(EXERCISE_TAG):] for c in nb.cells for t in c.get("metadata", {}).get("tags", [])
            if t.startswith(EXERCISE_TAG)]


def load_solutions(stem: str) -> dict[str, str]:
    """instructor/solutions/<stem>.jsh: sections that start with `//== exercise <id> ==`."""
    path = SOLUTIONS / f"{stem}.jsh"
    if not path.exists():
        return {}
    solutions, current = {}, None
    for line in path.read_text(encoding="utf-8").splitlines():
        marker = line.strip()
        if marker.startswith("//== exercise ") and marker.endswith("=="):
            current = marker[len("//== exercise "):-2].strip()
            solutions[current] = []
        elif current is not None:
            solutions[current].append(line)
    return {k: "\n".join(v).strip("\n") for k, v in solutions.items()}


def with_solutions(nb, solutions: dict[str, str]):
    """The notebook with every tagged learner cell replaced by its reference solution."""
    for cell in nb.cells:
        for tag in cell.get("metadata", {}).get("tags", []):
            if tag.startswith(EXERCISE_TAG):
                exercise = tag[len(EXERCISE_TAG):]
                if exercise not in solutions:
                    raise KeyError(f"no reference solution for exercise {exercise} in {SOLUTIONS}")
                cell.source = solutions[exercise]
    return nb


def write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, encoding="utf-8",
                                     suffix=".tmp") as tmp:
        tmp.write(text)
    os.chmod(tmp.name, 0o644)  # temp files are created private
    os.replace(tmp.name, path)


def error_outputs(nb) -> list[str]:
    """Every error output in the executed notebook, as 'cell N: name: value'."""
    found = []
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                found.append(f"cell {i}: {out.get('ename')}: {out.get('evalue', '')[:500]}")
    return found


def stderr_with(nb, bad: tuple[str, ...]) -> list[str]:
    """Every stderr output that contains one of `bad`, as 'cell N: text': a cell can go wrong
    (an attempted download, a swallowed exception) without raising."""
    found = []
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                if any(b in out["text"] for b in bad):
                    found.append(f"cell {i}: {out['text'][:400]}")
    return found


def execute(path: Path, out_dir: Path, mode: str = "default", cell_timeout: int | None = None,
            use_solutions: bool = False, kernel: str = KERNEL,
            memory_bytes: int | None = None, cpus: float | None = None) -> Outcome:
    """Run one notebook; with use_solutions, its exercises get the reference solutions.

    `kernel` overrides the kernelspec the notebook's metadata names (e.g. java-pytorch).
    `memory_bytes` / `cpus` run the kernel inside those limits, as a hosted session would
    (tools/session_limits.py; where no cgroup can be made, Outcome.limits says why). The
    kernel's peak resident memory is measured either way (Outcome.peak_bytes).
    `cell_timeout` defaults to an hour per cell in fast mode (a hung test must end) and to no
    limit in default mode, where 06's training cell alone runs ~40 minutes on 2 cores and
    longer on a slower laptop or with RESNET_EPOCHS raised."""
    if cell_timeout is None and mode == "fast":
        cell_timeout = 3600
    out_dir = out_dir.resolve()  # the kernel runs in notebooks/, so relative paths would land there
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = path.stem + (".solutions" if use_solutions else "")
    results_file = out_dir / f"{stem}.results.json"
    if results_file.exists():
        results_file.unlink()
    nb = nbformat.read(path, as_version=4)
    if use_solutions:
        nb = with_solutions(nb, load_solutions(path.stem))
    # Fast (test) runs train from scratch in their own checkpoint folder unless told otherwise;
    # default runs use the notebooks' own folder, so a second run resumes instead of retraining.
    checkpoints = None
    if mode == "fast" and "RESNET_CHECKPOINT_DIR" not in os.environ:
        checkpoints = out_dir / "checkpoints" / stem
        shutil.rmtree(checkpoints, ignore_errors=True)
    limits = None
    jupyter_path = None
    if memory_bytes or cpus:
        limits = SessionLimits.create(stem, memory_bytes=memory_bytes, cpus=cpus)
        if limits.applied:
            jupyter_path = limited_kernelspecs(kernel, limits, out_dir / ".limited-kernels" / stem)
    saved_env = dict(os.environ)
    os.environ.update(kernel_environment(mode, results_file, checkpoints, jupyter_path))
    sampler = RssSampler()
    # coalesce_streams: consecutive outputs of one stream are stored as one, as JupyterLab saves them.
    client = NotebookClient(nb, kernel_name=kernel, timeout=cell_timeout, coalesce_streams=True,
                            resources={"metadata": {"path": str(path.parent)}},
                            on_notebook_start=lambda notebook: sampler.start(kernel_pid(client)),
                            on_cell_executed=lambda cell, cell_index, execute_reply: sampler.after_cell(cell_index))
    started = time.monotonic()
    error = ""
    # The kernel's own log (JJava's start-up lines, MXNet's native messages) goes to a file, not
    # between the runner's lines; what the notebook's cells print is in the notebook.
    kernel_log = out_dir / f"{stem}.kernel.log"
    try:
        with open(kernel_log, "w", encoding="utf-8") as log:
            client.execute(stdout=log, stderr=log)
    except CellExecutionError:
        error = "cell error"   # replaced below by the cell's own message (the exception ends in a stack frame)
    except (CellTimeoutError, DeadKernelError) as e:
        error = f"{type(e).__name__}: {e}"
    finally:
        os.environ.clear()
        os.environ.update(saved_env)
        peak = sampler.stop()
        if limits is not None:
            if limits.oom_killed():
                error = (f"killed by the out-of-memory killer at the {limits.memory_bytes / GIB:.1f} GiB limit "
                         f"(peak resident {peak / GIB:.2f} GiB): {error}")
            limits.remove()
    seconds = time.monotonic() - started
    errors = error_outputs(nb)
    if errors and (not error or error == "cell error"):
        error = errors[0]
    executed = out_dir / f"{stem}.ipynb"
    html = out_dir / f"{stem}.html"
    write_atomically(executed, nbformat.writes(nb))
    write_atomically(html, export_html(nb))
    results = json.loads(results_file.read_text()) if results_file.exists() else {}
    write_atomically(out_dir / f"{stem}.memory.json", json.dumps({
        "notebook": path.name, "mode": mode, "peak_resident_bytes": peak,
        "limits": limits.describe() if limits else "no limit",
        "by_cell": [{"cell": i, "resident_bytes": now, "peak_so_far_bytes": top}
                    for i, now, top in sampler.by_cell]}, indent=1) + "\n")
    return Outcome(name=path.name, status="error" if error else "ok", seconds=seconds,
                   key_figure=str(results.get("key_figure", "")), error=error,
                   executed=executed, html=html, results=results, peak_bytes=peak,
                   limits=limits.describe() if limits else "no limit", memory_by_cell=sampler.by_cell)


def kernel_pid(client: NotebookClient) -> int | None:
    """The pid of the kernel process nbclient started (the JJava launcher)."""
    process = getattr(getattr(client.km, "provisioner", None), "process", None)
    return getattr(process, "pid", None)


def summary_table(outcomes: list[Outcome]) -> str:
    rows = [("notebook", "status", "minutes", "peak memory (GiB)", "key figure")]
    for o in outcomes:
        rows.append((o.name, o.status, f"{o.seconds / 60:.1f}", f"{o.peak_gib:.2f}",
                     o.headline))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    line = lambda r: "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |"
    sep = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(rows[0]), sep] + [line(r) for r in rows[1:]])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--fast", action="store_true", help="the tests' fast mode (RESNET_MODE=fast)")
    parser.add_argument("--only", help="run only notebooks whose file name contains this text")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "series", help="output folder")
    parser.add_argument("--kernel", default=KERNEL,
                        help="kernelspec to run on (java-pytorch: DJL's PyTorch engine, "
                             "installed by bin/setup --with-pytorch)")
    parser.add_argument("--memory-gib", type=float,
                        help="run each kernel inside this memory limit (a hosted session: 2); needs a "
                             "cgroup this user may create (root on cgroup v1)")
    parser.add_argument("--cpus", type=float, help="and inside this CPU quota (a hosted session: 1)")
    parser.add_argument("--update-notebooks", action="store_true",
                        help="maintainers: copy the executed notebooks back into notebooks/ (saved outputs)")
    args = parser.parse_args(argv)

    chosen = notebooks(args.only)
    if not chosen:
        print(f"No notebooks match {args.only!r} in {NOTEBOOKS}", file=sys.stderr)
        return 2
    # One meaning for the run mode: --fast, or RESNET_MODE=fast in the environment (as the notebooks
    # read it). A bad value of any setting is refused here rather than in every notebook's kernel.
    refused = run_settings.problems(dict(os.environ))
    if refused:
        print("\n".join(refused) + "\n(bin/series --fast chooses fast mode; README.md 'Settings' lists"
              " every variable.)", file=sys.stderr)
        return 2
    from_env = os.environ.get("RESNET_MODE", "").strip().lower()
    mode = "fast" if args.fast or from_env == "fast" else "default"
    outcomes = []
    for path in chosen:
        print(f"[series] {path.name} ({mode} mode) ...", flush=True)
        o = execute(path, args.out, mode, kernel=args.kernel,
                    memory_bytes=int(args.memory_gib * GIB) if args.memory_gib else None, cpus=args.cpus)
        if args.memory_gib or args.cpus:
            print(f"[series] {o.limits}", flush=True)
        print(f"[series] {path.name}: {o.status} in {o.seconds / 60:.1f} min, peak memory {o.peak_gib:.2f} GiB"
              + (f" - {o.error}" if o.error else ""), flush=True)
        if args.update_notebooks and o.status == "ok":
            write_atomically(path, o.executed.read_text(encoding="utf-8"))
        outcomes.append(o)
    table = summary_table(outcomes)
    write_atomically(args.out / "summary.md", table + "\n")
    site = write_site(args.out, [(o.html.name, o.status, f"{o.seconds / 60:.1f}", o.headline) for o in outcomes])
    print("\n" + table + f"\n\nExecuted notebooks, HTML handouts and the kernels' logs (*.kernel.log): {args.out}"
          f"\nThe handouts' index, to open in a browser or copy with its folder: {site}")
    return 0 if all(o.status == "ok" for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
