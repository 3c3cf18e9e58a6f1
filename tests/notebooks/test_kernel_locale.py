"""The kernel opens paths with spaces and non-ASCII characters even when Jupyter runs under the
C locale (a minimal container, an ssh session without LANG): the launcher gives Java a UTF-8
locale when the session's is not."""
from __future__ import annotations

import os

import pytest

import series
from kernel_driver import Kernel

pytestmark = pytest.mark.notebook


def test_a_non_ascii_path_under_the_c_locale(tmp_path):
    folder = tmp_path / "dir with spaces" / "résumé ü"
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_")}
    env.update({"LC_ALL": "C", "LANG": "C"})
    kernel = Kernel(env, series.NOTEBOOKS)
    try:
        status, text = kernel.run(
            f'var d = java.nio.file.Path.of("{folder}");\n'
            'java.nio.file.Files.createDirectories(d);\n'
            'java.nio.file.Files.writeString(d.resolve("a.txt"), "ok ‖F(x)‖");\n'
            'System.out.println(java.nio.file.Files.readString(d.resolve("a.txt")));')
    finally:
        kernel.close()
    assert status == "ok", text
    assert "ok ‖F(x)‖" in text
    assert (folder / "a.txt").read_text(encoding="utf-8") == "ok ‖F(x)‖"
