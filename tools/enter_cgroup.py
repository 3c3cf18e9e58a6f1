#!/usr/bin/env python3
"""enter_cgroup.py PROCS_FILE... -- COMMAND ARG...

Moves this process into each cgroup (by writing its pid to the cgroup's `cgroup.procs`), then
replaces itself with COMMAND: the command and every process it starts live inside the limits.
Used as the prefix of a kernel's argv by tools/session_limits.py.
"""
import os
import sys


def main(argv: list[str]) -> int:
    if "--" not in argv or argv.index("--") == len(argv) - 1:
        print(__doc__, file=sys.stderr)
        return 2
    split = argv.index("--")
    for procs in argv[:split]:
        try:
            with open(procs, "w") as f:
                f.write(str(os.getpid()))
        except OSError as e:
            print(f"enter_cgroup: cannot enter {procs}: {e}", file=sys.stderr)
            return 1
    command = argv[split + 1:]
    os.execvp(command[0], command)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
