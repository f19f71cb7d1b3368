"""Real gunicorn (2 workers, 8 threads each): one refresh token sent 16 times at once works once,
in each of 5 rounds."""

import contextlib
import http.client
import json
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from shared.services.wsgi import gunicorn

SECRET = "test-secret-long-enough-for-hs256-and-for-hs512-forgeries-0123456789"
CLIENTS = 16  # as many as the server has threads: all of them in the race at once
ROUNDS = 5
# gunicorn imports `app` from the example folder, wherever pytest was started from.
EXAMPLE = Path(__file__).resolve().parent.parent


@pytest.fixture
def server(redis_url):
    env = {"REDIS_URL": redis_url, "JWT_SECRET_KEY": SECRET}
    # --keep-alive: the connections are opened ahead of the race; on a busy machine they may sit
    # idle longer than gunicorn's default 2 s, and must not be closed before their request.
    args = ("--workers", "2", "--threads", "8", "--worker-class", "gthread", "--keep-alive", "30")
    with gunicorn("app:create_app()", cwd=EXAMPLE, env=env, args=args) as url:
        yield urlsplit(url)


def connect(server):
    """A connection opened ahead of time, so the requests themselves leave together."""
    connection = http.client.HTTPConnection(server.hostname, server.port, timeout=10)
    connection.connect()
    return connection


def post(connection, path, token=None, body=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    connection.request("POST", path, body=json.dumps(body or {}), headers=headers)
    response = connection.getresponse()
    return response.status, json.loads(response.read())


def race(server, refresh_token):
    """CLIENTS requests to /auth/refresh with one token, sent together: their results."""
    connections = [connect(server) for _ in range(CLIENTS)]
    start = threading.Barrier(CLIENTS)
    results = []

    def refresh(connection):
        with contextlib.closing(connection):
            start.wait(timeout=10)
            results.append(post(connection, "/auth/refresh", refresh_token))

    threads = [threading.Thread(target=refresh, args=(c,)) for c in connections]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    return results


def test_a_refresh_token_replayed_concurrently_is_accepted_once(server):
    with contextlib.closing(connect(server)) as connection:
        status, tokens = post(
            connection, "/auth/login", body={"username": "bob", "password": "bob-secret"}
        )
    assert status == 200
    refresh_token = tokens["refresh_token"]
    # One race may happen to run one request at a time; ROUNDS of them do not (without the
    # atomic SET NX, most rounds have several 200s). Each round spends the last winner's token.
    for round_no in range(ROUNDS):
        results = race(server, refresh_token)
        statuses = sorted(status for status, _ in results)
        assert statuses == [200] + [401] * (CLIENTS - 1), f"round {round_no}: {statuses}"
        refused = [body for status, body in results if status == 401]
        assert all(body == {"error": "Token has been revoked"} for body in refused)
        (refresh_token,) = [body["refresh_token"] for status, body in results if status == 200]
