"""WSGI servers for tests: a Flask app under real gunicorn on a free loopback port.

    with gunicorn("app:create_app()", cwd=example) as url:
        requests.get(url + "/health")

(Room here for uvicorn and hypercorn, the ASGI servers Level 4 needs.)
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path

from shared.testing import HOST, free_port, running


@contextlib.contextmanager
def gunicorn(
    app: str,
    *,
    cwd: str | Path,
    env: dict[str, str] | None = None,
    args: tuple[str, ...] = (),
    port: int | None = None,
    python: str | None = None,
) -> Iterator[str]:
    """The WSGI app `app` ("module:object") under real gunicorn on 127.0.0.1; yields its URL."""
    port = port or free_port()
    # No control socket: gunicorn 27 puts one at ~/.gunicorn/gunicorn.ctl, shared by every gunicorn
    # on the machine, and two examples' tests may run at once.
    cmd = [
        python or sys.executable, "-m", "gunicorn", "--bind", f"{HOST}:{port}",
        "--no-control-socket", *args, app,
    ]  # fmt: skip
    with running(cmd, port=port, cwd=cwd, env=env, timeout=20):
        yield f"http://{HOST}:{port}"
