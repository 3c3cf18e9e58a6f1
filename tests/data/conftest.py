"""The data scripts import their shared helpers (data/prepare_common.py) as a script does: from
their own folder, which Python puts on the import path when it runs a script. The tests load the
scripts from their files, so they put that folder there themselves."""
from __future__ import annotations

import sys
from pathlib import Path

DATA = str(Path(__file__).resolve().parents[2] / "data")
if DATA not in sys.path:
    sys.path.insert(0, DATA)
