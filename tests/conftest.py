"""Shared fixtures: the repository root and the notebook runner."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "kernel-setup"))
sys.path.insert(0, str(ROOT / "tests" / "browser"))   # lab.py: JupyterLab and Chromium for tests


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT
