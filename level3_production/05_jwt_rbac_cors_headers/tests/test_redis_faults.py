"""When the blocklist's Redis is down or hung, the app fails closed: 503, never a 200.

Only Redis servers started by these tests are refused, hung (SIGSTOP) or resumed, by their PID.
"""

import time

import pytest

from shared.testing import free_port

FAIL_CLOSED = {"error": "The token store is unavailable; try again shortly."}


@pytest.fixture
def app_without_redis(app_on):
    return app_on(f"redis://127.0.0.1:{free_port()}/0")  # nothing listens there


def test_with_redis_down_a_valid_token_gets_503_not_200(app_without_redis, login, bearer):
    client = app_without_redis.test_client()
    tokens = login("alice", client)  # logging in needs no Redis
    for method, path, token in [
        ("GET", "/api/me", tokens["access_token"]),
        ("GET", "/api/admin/users", tokens["access_token"]),
        ("POST", "/auth/refresh", tokens["refresh_token"]),
        ("POST", "/auth/logout", tokens["access_token"]),
    ]:
        response = client.open(path, method=method, headers=bearer(token))
        assert response.status_code == 503, (method, path)
        assert response.get_json() == FAIL_CLOSED
        assert response.headers["Retry-After"] == "5"
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_with_redis_down_a_request_without_a_token_is_still_401(app_without_redis):
    response = app_without_redis.test_client().get("/api/reports")
    assert response.status_code == 401


def test_with_redis_hung_revoked_and_valid_tokens_get_503_then_the_truth(
    app_on, own_redis, hung, login, bearer
):
    url, proc = own_redis
    client = app_on(url).test_client()
    revoked, valid = login("bob", client)["access_token"], login("bob", client)["access_token"]
    assert client.post("/auth/logout", headers=bearer(revoked)).status_code == 200

    with hung(proc):  # accepts connections, never answers
        for token in (revoked, valid):
            began = time.monotonic()
            response = client.get("/api/me", headers=bearer(token))
            waited = time.monotonic() - began
            assert response.status_code == 503
            assert response.get_json() == FAIL_CLOSED
            # REDIS_TIMEOUT is 0.25 s; without a socket timeout this request would never end.
            # 5 s: 20 times the timeout, so a busy machine does not fail it; a hang would.
            assert waited < 5, f"a hung Redis held the request {waited:.1f} s"

    assert client.get("/api/me", headers=bearer(valid)).status_code == 200
    response = client.get("/api/me", headers=bearer(revoked))
    assert response.status_code == 401
    assert response.get_json() == {"error": "Token has been revoked"}


def test_the_blocklists_redis_client_gives_up_quickly(app):
    kwargs = app.extensions["blocklist"].client.connection_pool.connection_kwargs
    assert kwargs["socket_timeout"] == kwargs["socket_connect_timeout"] == 0.25
