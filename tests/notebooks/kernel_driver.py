"""One JJava kernel driven cell by cell, as a learner drives it (tests of stop and resume)."""
from __future__ import annotations

import queue
import time
from pathlib import Path

from jupyter_client.manager import KernelManager

import series


class Kernel:
    """One JJava kernel that runs code cells and collects what they print."""

    def __init__(self, env: dict[str, str], cwd: Path, kernel_name: str = series.KERNEL):
        self.km = KernelManager(kernel_name=kernel_name)
        self.km.start_kernel(env=env, cwd=str(cwd))
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=120)

    def run(self, code: str, timeout: float = 900) -> tuple[str, str]:
        """Runs code to the end; returns (status, text it printed)."""
        out: list[str] = []

        def hook(msg):
            c = msg["content"]
            if msg["msg_type"] == "stream":
                out.append(c["text"])
            elif msg["msg_type"] == "error":
                out.append(f"{c['ename']}: {c['evalue']}")

        reply = self.kc.execute_interactive(code, timeout=timeout, output_hook=hook, store_history=False)
        return reply["content"]["status"], "".join(out)

    def start(self, code: str) -> str:
        return self.kc.execute(code, store_history=False)

    @staticmethod
    def _answers(get, msg_id: str, timeout: float):
        """The messages of one channel (`get`) that answer the request `msg_id`, until `timeout`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                msg = get(timeout=1)
            except queue.Empty:
                continue
            if msg["parent_header"].get("msg_id") == msg_id:
                yield msg

    def reply(self, msg_id: str, timeout: float) -> dict:
        for msg in self._answers(self.kc.get_shell_msg, msg_id, timeout):
            return msg["content"]
        raise TimeoutError("no reply from the kernel")

    def printed(self, msg_id: str, timeout: float) -> str:
        """What a started cell prints (streams and errors), until the kernel is idle again."""
        out: list[str] = []
        for msg in self._answers(self.kc.get_iopub_msg, msg_id, timeout):
            c = msg["content"]
            if msg["msg_type"] == "stream":
                out.append(c["text"])
            elif msg["msg_type"] == "error":
                out.append(f"{c['ename']}: {c['evalue']}\n" + "\n".join(c.get("traceback", [])))
            elif msg["msg_type"] == "status" and c["execution_state"] == "idle":
                return "".join(out)
        raise TimeoutError("the cell did not finish")

    def close(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)
