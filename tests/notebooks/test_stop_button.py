"""The stop button, as JupyterLab presses it (an interrupt by signal, per the kernelspec), on a
real kernel: a loop that watches the kit's StopButton ends cleanly, as a finished cell with its
own message; any other cell is interrupted as the kernel always did, and the kernel lives on."""
from __future__ import annotations

import os
import time

import pytest

import series
from kernel_driver import Kernel

pytestmark = pytest.mark.notebook

SETUP = """%maven org.resnetnotebooks:resnet-kit:0.1.0
import org.resnetnotebooks.kit.*;
"""
WATCHING_LOOP = """int rounds = 0;
try (StopButton stop = StopButton.watch()) {
    while (!stop.pressed() && rounds < 1200) { Thread.sleep(50); rounds++; }
}
System.out.println(rounds < 1200 ? "stopped cleanly after " + rounds + " rounds" : "never stopped");
"""


@pytest.fixture(scope="module")
def kernel(tmp_path_factory):
    if os.name != "posix":
        pytest.skip("the stop button's launcher side is POSIX-only (Windows uses message mode)")
    env = dict(os.environ)
    env.update(series.kernel_environment("fast", tmp_path_factory.mktemp("stop") / "results.json"))
    k = Kernel(env, series.NOTEBOOKS)
    status, text = k.run(SETUP)
    assert status == "ok", text
    yield k
    k.close()


def interrupt_after(kernel: Kernel, code: str, seconds: float) -> tuple[dict, str, float]:
    """Starts `code`, presses the stop button after `seconds`: the reply, what the cell printed,
    and how long the cell took to end after the press."""
    msg_id = kernel.start(code)
    time.sleep(seconds)
    pressed = time.monotonic()
    kernel.km.interrupt_kernel()
    printed = kernel.printed(msg_id, timeout=60)
    ended = time.monotonic() - pressed
    return kernel.reply(msg_id, timeout=60), printed, ended


def test_a_watching_loop_ends_as_a_finished_cell(kernel):
    reply, _, _ = interrupt_after(kernel, WATCHING_LOOP, 3)
    assert reply["status"] == "ok", f"the stop must not be an error: {reply}"
    status, text = kernel.run('System.out.println("alive");')
    assert status == "ok" and "alive" in text


def test_the_loops_own_message_reaches_the_notebook(kernel):
    _, text, _ = interrupt_after(kernel, WATCHING_LOOP, 2)
    assert "stopped cleanly" in text, text
    assert "Evaluation interrupted" not in text


def test_any_other_cell_is_interrupted_as_usual_and_the_kernel_lives(kernel):
    reply, _, seconds = interrupt_after(kernel, "Thread.sleep(60_000);", 2)
    assert reply["status"] == "error", reply
    assert seconds < 15, f"the launcher's fallback took {seconds:.1f} s"
    status, text = kernel.run('System.out.println("still here");')
    assert status == "ok" and "still here" in text
