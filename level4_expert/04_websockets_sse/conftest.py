import concurrent.futures
import contextlib
import json
import tempfile
import time
from pathlib import Path

import httpx
import pytest
import realtime
import redis
from app import create_app

from shared.services.redis_db import redis_server_binary
from shared.services.wsgi import gunicorn
from shared.testing import HOST, free_port, running

EXAMPLE = Path(__file__).resolve().parent


@pytest.fixture
def make_app(redis_url):
    def make(**config):
        return create_app({"TESTING": True, "REDIS_URL": redis_url, **config})

    return make


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def redis_client(redis_url):
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    yield client
    client.close()


def gunicorn_app(redis_url, workers=1, **env):
    """The app under real gunicorn, gthread workers of 8 threads, at most 3 held by streams; a
    stuck stream cannot hold the shutdown past --graceful-timeout."""
    args = ("--worker-class", "gthread", "--workers", str(workers), "--threads", "8")
    args += ("--graceful-timeout", "1")
    env = {
        "REDIS_URL": redis_url, "HEARTBEAT_SECONDS": "0.2", "STALL_SECONDS": "3",
        "MAX_STREAMS": "3", **env,
    }  # fmt: skip
    return gunicorn("app:create_app()", cwd=EXAMPLE, env=env, args=args)


@pytest.fixture
def serve():
    """serve(redis_url, workers=1, **env): a gunicorn of this test's own (for a Redis it kills)."""
    with contextlib.ExitStack() as stack:
        yield lambda *args, **env: stack.enter_context(gunicorn_app(*args, **env))


@pytest.fixture(scope="session")
def shared_gunicorn(redis_db_url):
    """shared_gunicorn(workers): one gunicorn per worker count for the whole run, started when
    first asked for, on this run's Redis db (each test empties it: see `quiet`)."""
    with contextlib.ExitStack() as stack:
        started = {}

        def get(workers):
            if workers not in started:
                started[workers] = stack.enter_context(gunicorn_app(redis_db_url, workers))
            return started[workers]

        yield get


@pytest.fixture
def subscribers(redis_client):
    """subscribers(n, why): wait until exactly n clients listen on the channel (a stream is live
    once it has subscribed); the test fails after 10 s."""

    def wait(n, why=None):
        name = realtime.channel(redis_client)
        deadline = time.monotonic() + 10
        while (count := redis_client.pubsub_numsub(name)[0][1]) != n:
            assert time.monotonic() < deadline, why or f"{count} subscribers, never exactly {n}"
            time.sleep(0.02)

    return wait


@pytest.fixture
def live(shared_gunicorn, redis_url, subscribers):
    """The shared one-worker gunicorn, once the last test's streams have all ended."""
    url = shared_gunicorn(1)
    subscribers(0)
    return url


@pytest.fixture
def two_workers(shared_gunicorn, redis_url, subscribers):
    """The shared two-worker gunicorn, once the last test's streams have all ended."""
    url = shared_gunicorn(2)
    subscribers(0)
    return url


@pytest.fixture
def own_redis():
    """A redis-server of this test's own, on a free port: the only one a test may kill."""
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
def within():
    """within(seconds, fn, *args): fn's result, or the test fails if it takes longer (a hang)."""
    pool = concurrent.futures.ThreadPoolExecutor(8)

    def call(seconds, fn, *args):
        return pool.submit(fn, *args).result(timeout=seconds)

    yield call
    pool.shutdown(wait=False, cancel_futures=True)


@pytest.fixture
def sse_events():
    """sse_events(url, n, headers): the first n events of a real streaming HTTP client (httpx),
    each a dict of its fields ("id", "event", "data" parsed from JSON); bounded: 10 s per read,
    and what came in 8 s if fewer than n did (heartbeats would keep a short read alive)."""

    def read(url, n, headers=None):
        events, fields, deadline = [], {}, time.monotonic() + 8
        with httpx.stream("GET", url, headers=headers or {}, timeout=10) as response:
            assert response.status_code == 200, response.read()
            for line in response.iter_lines():
                if time.monotonic() > deadline:
                    return events
                if line == "":
                    if "data" in fields:
                        events.append({**fields, "data": json.loads(fields["data"])})
                        if len(events) == n:
                            return events
                    fields = {}
                elif not line.startswith(":"):
                    name, _, value = line.partition(":")
                    fields[name] = value.removeprefix(" ")
        return events

    return read
