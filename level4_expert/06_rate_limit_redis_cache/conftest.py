import concurrent.futures
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
def make_app(redis_url):
    """make_app(**config): the app on this test's own Redis db (empty), forecasts instant."""

    def make(**config):
        return create_app({"TESTING": True, "REDIS_URL": redis_url, "SLOW_SECONDS": 0, **config})

    return make


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def redis_client(redis_url):
    """A plain redis-py client on the same db, to look at what the app wrote."""
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    yield client
    client.close()


@pytest.fixture
def computations(app):
    """How many forecasts the app computed, per city (read it after the requests)."""
    return lambda: dict(app.extensions.get("computations", {}))


@pytest.fixture
def own_redis():
    """A redis-server of this test's own, on a free port: the only one a test may stop or kill.

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
    """hung(process): SIGSTOP that process for the block, SIGCONT it afterwards.

    A stopped Redis still accepts connections (the kernel does) but never answers.
    """

    @contextlib.contextmanager
    def stopped(proc):
        os.kill(proc.pid, signal.SIGSTOP)
        try:
            yield
        finally:
            os.kill(proc.pid, signal.SIGCONT)

    return stopped


@pytest.fixture
def within():
    """within(seconds, fn, *args): fn's result, or the test fails if it takes longer (a hang)."""
    pool = concurrent.futures.ThreadPoolExecutor(4)

    def call(seconds, fn, *args):
        return pool.submit(fn, *args).result(timeout=seconds)

    yield call
    pool.shutdown(wait=False, cancel_futures=True)  # never wait for a hung call: SIGCONT comes next
