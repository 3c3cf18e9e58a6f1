"""One failure type for the set-up, and a runner for external tools.

Every foreseeable failure becomes a SetupError carrying *what* happened and
*what to do*; setup.py prints both without a traceback.
"""
from __future__ import annotations

import subprocess


class SetupError(Exception):
    def __init__(self, what: str, fix: str):
        super().__init__(what)
        self.what = what
        self.fix = fix


def network_advice(network: str) -> str:
    """What to do when a step that downloads on its first run fails."""
    return (f"This step downloads from {network} the first time. Check the network "
            "connection (and proxy settings), then run the set-up again; once the set-up "
            "has completed, everything runs offline.")


def run_tool(cmd, doing: str, *, network: str | None = None, fix: str | None = None,
             env=None, show_output: bool = False) -> str:
    """Run an external command; on failure raise a SetupError with its output tail.

    `network` names the registry the command downloads from on a first run, so
    that an offline first set-up gets a message that says so.
    """
    try:
        proc = subprocess.run(cmd, env=env, text=True,
                              stdout=None if show_output else subprocess.PIPE,
                              stderr=subprocess.STDOUT if not show_output else None)
    except FileNotFoundError:
        raise SetupError(f"Could not {doing}: the program '{cmd[0]}' was not found.",
                         fix or f"Install '{cmd[0]}' and run the set-up again.")
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout or "").strip().splitlines()[-15:])
        what = f"Could not {doing} (exit code {proc.returncode})."
        if tail:
            what += "\n" + "\n".join("    " + line for line in tail.splitlines())
        if fix is None and network:
            fix = network_advice(network)
        raise SetupError(what, fix or "Read the output above, fix the cause, run the set-up again.")
    return proc.stdout or ""
