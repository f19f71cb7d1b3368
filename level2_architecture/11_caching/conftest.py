import contextlib
import os
import signal
import tempfile

import pytest
import redis
from app import create_app

from shared.services.redis_db import redis_server_binary
from shared.testing import HOST, free_port, running


@pytest.fixture
def app(redis_url):
    """The app on this test's own Redis db (empty at the start), with no artificial slowness."""
    return create_app({"TESTING": True, "CACHE_REDIS_URL": redis_url, "SLOW_SECONDS": 0})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def calls(app):
    """How many times the slow work really ran: {"search": n, "report": n}."""
    return app.extensions["catalogue"].calls


@pytest.fixture
def redis_client(redis_url):
    """A plain redis-py client on the same db, to look at what the app wrote."""
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    yield client
    client.close()


@pytest.fixture
def cache_keys(redis_client):
    """The app's keys in Redis (without the "shop:" prefix), sorted."""
    return lambda: sorted(key.removeprefix("shop:") for key in redis_client.keys("shop:*"))


@pytest.fixture(params=[False, True], ids=["production", "debug"])
def app_without_redis(request):
    """Redis is "down": nothing listens on that port. In debug mode too, nothing may raise."""
    dead = f"redis://127.0.0.1:{free_port()}/0"
    app = create_app({"TESTING": True, "CACHE_REDIS_URL": dead, "SLOW_SECONDS": 0})
    app.debug = request.param
    return app


@pytest.fixture
def own_redis():
    """A redis-server of this test's own, on a free port: the one fault tests may SIGSTOP.

    Yields (url, process). Even with REDIS_URL set, the machine's Redis is never touched.
    """
    port = free_port()
    cmd = [
        redis_server_binary(), "--port", str(port), "--bind", HOST,
        "--save", "", "--appendonly", "no",
    ]  # fmt: skip
    with (
        tempfile.TemporaryDirectory(prefix="redis-") as workdir,
        running([*cmd, "--dir", workdir], port=port, timeout=10) as proc,
    ):
        yield f"redis://{HOST}:{port}/0", proc


@pytest.fixture
def hung():
    """hung(process): a context manager that SIGSTOPs that process, and SIGCONTs it at the end.

    A stopped Redis still accepts connections (the kernel does), but never answers: the worst case.
    """

    @contextlib.contextmanager
    def stopped(proc):
        os.kill(proc.pid, signal.SIGSTOP)
        try:
            yield
        finally:
            os.kill(proc.pid, signal.SIGCONT)

    return stopped
