"""The test's own Redis hung (SIGSTOP), killed, and back: /readyz follows, /healthz never moves.

The shared Redis (or the machine's, with REDIS_URL) is never stopped: only own_redis's.
"""

import concurrent.futures

import pytest


@pytest.fixture
def fault_app(app, own_redis):
    url, proc = own_redis()
    app.config.update(REDIS_URL=url, READINESS_TIMEOUT=0.5)
    return app, proc


def readyz_within(client, deadline=15):
    """GET /readyz in a thread; a readiness check that hangs past the deadline fails the test."""
    pool = concurrent.futures.ThreadPoolExecutor(1)
    try:
        return pool.submit(client.get, "/readyz").result(timeout=deadline)
    finally:
        pool.shutdown(wait=False)  # never wait here for a hung check: fail, then SIGCONT


def test_hung_redis_makes_readyz_503_by_its_timeout_and_healthz_stays_200(fault_app, hung):
    app, proc = fault_app
    client = app.test_client()
    assert readyz_within(client).status_code == 200
    with hung(proc):
        response = readyz_within(client)
        assert response.status_code == 503
        # "timeout": the socket timeout ended the wait, the check did not hang
        assert response.get_json()["checks"] == {"postgres": "ok", "redis": "timeout"}
        assert response.get_json()["failed"] == ["redis"]
        assert client.get("/healthz").status_code == 200
    assert readyz_within(client).status_code == 200  # continued: ready again


def test_killed_redis_makes_readyz_503_and_a_restart_makes_it_200(fault_app, own_redis):
    app, proc = fault_app
    client = app.test_client()
    assert readyz_within(client).status_code == 200
    proc.kill()
    proc.wait(5)
    response = readyz_within(client)
    assert response.status_code == 503
    assert response.get_json()["checks"]["redis"] == "unreachable"
    assert client.get("/healthz").get_json() == {"status": "ok"}
    own_redis(port=int(app.config["REDIS_URL"].rsplit(":", 1)[1].split("/")[0]))
    assert readyz_within(client).status_code == 200
