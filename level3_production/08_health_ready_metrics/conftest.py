import contextlib
import os
import signal
import tempfile

import pytest
from app import create_app

from shared.services.redis_db import redis_server_binary
from shared.testing import HOST, free_port, running


@pytest.fixture
def app(postgres, redis_url):
    """The app on the shared PostgreSQL database and this test's Redis db: everything up."""
    return create_app({"TESTING": True, "DATABASE_URL": postgres.url, "REDIS_URL": redis_url})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def dead_url():
    """A URL on a free port where nothing listens: a dependency that is down."""
    return lambda scheme: f"{scheme}://{HOST}:{free_port()}/0"


@pytest.fixture
def own_redis():
    """own_redis(port=None): start a redis-server of this test's own (stopped at the end).

    Returns (url, process). Only these may be stopped or killed: the shared Redis (or the
    machine's, with REDIS_URL set) is never touched.
    """
    with contextlib.ExitStack() as stack:
        workdir = stack.enter_context(tempfile.TemporaryDirectory(prefix="redis-"))

        def start(port=None):
            port = port or free_port()
            cmd = [
                redis_server_binary(), "--port", str(port), "--bind", HOST,
                "--save", "", "--appendonly", "no", "--dir", workdir,
            ]  # fmt: skip
            proc = stack.enter_context(running(cmd, port=port, timeout=10))
            return f"redis://{HOST}:{port}/0", proc

        yield start


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
