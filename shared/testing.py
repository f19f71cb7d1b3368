"""Small helpers for tests that start a real server process.

    from shared.testing import free_port, running

    port = free_port()
    with running(["flask", "--app", "app.py", "run", "--port", str(port)], port=port) as proc:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/")

The process is stopped by its own PID when the block ends, whatever happens inside it; what it
printed is then in `proc.output`.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

HOST = "127.0.0.1"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, proc: subprocess.Popen | None = None, timeout: float = 15.0) -> None:
    """Block until something accepts connections on 127.0.0.1:port.

    Raises RuntimeError if `proc` exits first, TimeoutError after `timeout` seconds.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with code {proc.returncode} before listening")
        with contextlib.suppress(OSError), socket.create_connection((HOST, port), timeout=0.2):
            return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listened on {HOST}:{port} within {timeout:.0f} s")


def stop(proc: subprocess.Popen, timeout: float = 5.0) -> None:
    """Stop a process we started, by its PID: SIGTERM, then SIGKILL if it does not exit."""
    if proc.poll() is not None:
        return
    os.kill(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout)


def _wait_for_text(text: str, log, proc: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        log.seek(0)
        if text in log.read():
            return
        if proc.poll() is not None:
            raise RuntimeError(f"exited with code {proc.returncode} before printing {text!r}")
        time.sleep(0.1)
    raise TimeoutError(f"{text!r} not printed within {timeout:.0f} s")


@contextlib.contextmanager
def running(
    cmd: Sequence[str],
    *,
    port: int | None = None,
    ready: str | None = None,
    cwd: str | Path | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 15.0,
) -> Iterator[subprocess.Popen]:
    """Start `cmd`, wait until it is ready, yield the process, stop it by PID afterwards.

    Ready means: something listens on `port`, and/or the process printed the text `ready`.
    Its output (stdout and stderr together) goes to a temp file, so a chatty server never blocks
    on a full pipe; it is in `proc.output` once the block has ended, and in the error if the
    process dies before it is ready.
    """
    with tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as log:
        proc = subprocess.Popen(
            list(cmd),
            cwd=cwd,
            env={**os.environ, **(env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            try:
                if port is not None:
                    wait_for_port(port, proc, timeout)
                if ready is not None:
                    _wait_for_text(ready, log, proc, timeout)
            except (RuntimeError, TimeoutError) as exc:
                log.seek(0)
                raise type(exc)(f"{exc}; `{' '.join(cmd)}` printed:\n{log.read()}") from None
            yield proc
        finally:
            stop(proc)
            log.seek(0)
            proc.output = log.read()
