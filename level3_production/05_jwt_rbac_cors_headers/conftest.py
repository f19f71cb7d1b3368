import contextlib
import os
import signal
import tempfile
import time

import jwt as pyjwt
import pytest
import redis
from app import create_app

from shared.services.redis_db import redis_server_binary
from shared.testing import HOST, free_port, running

SECRET = "test-secret-long-enough-for-hs256-and-for-hs512-forgeries-0123456789"
FAST = "pbkdf2:sha256:1"  # one round: tests log in often; production keeps scrypt
PASSWORDS = {"alice": "alice-secret", "bob": "bob-secret", "carol": "carol-secret"}


def make_app(redis_url, **config):
    return create_app(
        {
            "TESTING": True,
            "JWT_SECRET_KEY": SECRET,
            "REDIS_URL": redis_url,
            "PASSWORD_HASH_METHOD": FAST,
            **config,
        }
    )


@pytest.fixture
def apps():
    """apps(redis_url, **config): an app whose Redis connections are closed after the test (left
    to the garbage collector, a socket to a hung Redis is a ResourceWarning, later, anywhere)."""
    made = []

    def make(redis_url, **config):
        made.append(make_app(redis_url, **config))
        return made[-1]

    yield make
    for app in made:
        app.extensions["blocklist"].client.close()


@pytest.fixture
def app(redis_url, apps):
    """The app on this test's own, empty Redis db."""
    return apps(redis_url)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def app_on(apps):
    """app_on(redis_url, **config): another app, e.g. on a Redis that is down or hung."""
    return apps


@pytest.fixture
def login(client):
    """login(name): the JSON of a successful POST /auth/login (access_token, refresh_token)."""

    def log_in(name, test_client=None):
        response = (test_client or client).post(
            "/auth/login", json={"username": name, "password": PASSWORDS[name]}
        )
        assert response.status_code == 200, response.get_data(as_text=True)
        return response.get_json()

    return log_in


@pytest.fixture
def bearer():
    return lambda token: {"Authorization": f"Bearer {token}"}


@pytest.fixture
def forge():
    """forge(secret=SECRET, algorithm="HS256", **claims): a token made by hand with PyJWT.

    With the right secret and claims it is a token the app would have made; change one thing
    (the secret, the algorithm, "none", an exp in the past) to play an attacker.
    """

    def make(secret=SECRET, algorithm="HS256", **claims):
        now = int(time.time())
        payload = {
            "sub": "carol", "jti": f"forged-{time.monotonic_ns()}", "type": "access",
            "fresh": False, "iat": now, "nbf": now, "exp": now + 600, "role": "viewer",
        } | claims  # fmt: skip
        if algorithm == "none":
            return pyjwt.encode(payload, None, algorithm="none")
        return pyjwt.encode(payload, secret, algorithm=algorithm)

    return make


@pytest.fixture
def set_cookies():
    """set_cookies(response): {name: (value, {attribute: value})} of its Set-Cookie headers.

    Flag attributes (Secure, HttpOnly) map to True; names are lower-cased: "samesite", "path".
    """

    def parse(response):
        cookies = {}
        for header in response.headers.getlist("Set-Cookie"):
            pair, *attributes = header.split("; ")
            name, _, value = pair.partition("=")
            flags = {}
            for attribute in attributes:
                key, sep, val = attribute.partition("=")
                flags[key.lower()] = val if sep else True
            cookies[name] = (value, flags)
        return cookies

    return parse


@pytest.fixture
def redis_client(redis_url):
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    yield client
    client.close()


@pytest.fixture
def own_redis():
    """A redis-server of this test's own, on a free port: the one the fault tests may SIGSTOP.

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
    """hung(process): SIGSTOP that process (by its PID) for the block, SIGCONT at the end."""

    @contextlib.contextmanager
    def stopped(proc):
        os.kill(proc.pid, signal.SIGSTOP)
        try:
            yield
        finally:
            os.kill(proc.pid, signal.SIGCONT)

    return stopped
