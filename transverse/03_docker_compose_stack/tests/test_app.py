"""GET /stack: every server variable that is set is tried for real; 503 names the one down."""

import time

import pytest

from shared.testing import free_port

VARIABLES = [
    "CELERY_BROKER_URL", "DATABASE_URL", "KAFKA_BOOTSTRAP_SERVERS", "REDIS_URL",
    "TEST_DATABASE_URL",
]  # fmt: skip


@pytest.fixture
def env(monkeypatch):
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def by_variable(response):
    return {entry["variable"]: entry for entry in response.get_json()["servers"]}


def test_every_server_that_answers_is_up(
    client, env, postgres_server, redis_url, celery_broker_url
):
    env.setenv("DATABASE_URL", postgres_server.url)
    env.setenv("REDIS_URL", redis_url)
    env.setenv("CELERY_BROKER_URL", celery_broker_url)
    response = client.get("/stack")
    assert response.status_code == 200, response.get_json()
    servers = by_variable(response)
    assert sorted(servers) == VARIABLES
    assert {name: s["up"] for name, s in servers.items()} == {
        "CELERY_BROKER_URL": True,
        "DATABASE_URL": True,
        "KAFKA_BOOTSTRAP_SERVERS": None,
        "REDIS_URL": True,
        "TEST_DATABASE_URL": None,
    }
    assert response.get_json()["ready"] is True
    assert servers["REDIS_URL"]["server"] == redis_url.split("//")[1].split("/")[0]  # host:port
    assert "@" not in str(response.get_json())  # no user nor password shown


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://postgres:secret@127.0.0.1:{port}/app",
        "redis://127.0.0.1:{port}/0",
        "amqp://guest:guest@127.0.0.1:{port}//",
        "127.0.0.1:{port}",
    ],
    ids=["postgres", "redis", "amqp", "host-port"],
)
def test_a_server_that_refuses_is_down_fast_and_named(client, env, url):
    env.setenv("TEST_DATABASE_URL", url.format(port=free_port()))
    started = time.monotonic()
    response = client.get("/stack")
    assert time.monotonic() - started < 5
    assert response.status_code == 503
    body = response.get_json()
    assert body["ready"] is False
    down = by_variable(response)["TEST_DATABASE_URL"]
    assert down["up"] is False and down["error"]
    assert "secret" not in str(body)


def test_nothing_set_means_the_tests_start_their_own(client, env):
    response = client.get("/stack")
    assert response.status_code == 200
    assert {s["up"] for s in by_variable(response).values()} == {None}
