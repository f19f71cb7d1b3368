"""The app alone (Flask's test client, real PostgreSQL and Redis): probes, visits, bad input."""

import pytest

from shared.testing import free_port


def test_healthz_is_alive_without_touching_a_dependency(app):
    app.config.update(
        DATABASE_URL=f"postgresql://app@127.0.0.1:{free_port()}/app",
        REDIS_URL=f"redis://127.0.0.1:{free_port()}/0",
    )
    response = app.test_client().get("/healthz")
    assert (response.status_code, response.get_json()) == (200, {"status": "ok"})


def test_readyz_is_ok_when_postgres_and_redis_answer(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ready", "postgres": "ok", "redis": "ok"}


def test_readyz_is_503_when_redis_is_refused(app):
    app.config["REDIS_URL"] = f"redis://127.0.0.1:{free_port()}/0"
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "down", "postgres": "ok", "redis": "down"}


def test_readyz_is_503_when_postgres_is_refused(app):
    app.config["DATABASE_URL"] = f"postgresql://app@127.0.0.1:{free_port()}/app"
    response = app.test_client().get("/readyz")
    assert response.status_code == 503 and response.get_json()["postgres"] == "down"


def test_a_visit_is_a_row_and_a_count(client):
    first = client.post("/api/visits?path=/home")
    second = client.post("/api/visits")
    assert (first.status_code, second.status_code) == (201, 201)
    assert second.get_json()["id"] > first.get_json()["id"]
    assert client.get("/api/visits").get_json() == {"rows": 2, "counted": 2}


@pytest.mark.parametrize("path", ["x" * 201, "a\x00b"])
def test_a_bad_path_is_a_400_and_nothing_is_written(client, path):
    response = client.post("/api/visits", query_string={"path": path})
    assert response.status_code == 400
    assert response.get_json() == {"error": "path: at most 200 characters, no NUL", "status": 400}
    assert client.get("/api/visits").get_json() == {"rows": 0, "counted": 0}


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [("GET", "/nope", 404), ("DELETE", "/api/visits", 405), ("POST", "/healthz", 405)],
)
def test_http_errors_are_json_in_one_shape(client, method, path, status):
    response = client.open(path, method=method)
    assert response.status_code == status
    assert response.get_json()["status"] == status and response.get_json()["error"]


def test_through_proxyfix_the_app_sees_the_address_nginx_forwarded(client):
    headers = {
        "X-Forwarded-For": "203.0.113.9, 198.51.100.7",  # a forged entry, then nginx's
        "X-Forwarded-Proto": "https",
        "X-Forwarded-Host": "example.org",
    }
    seen = client.get("/whoami", headers=headers, environ_base={"REMOTE_ADDR": "10.0.0.2"})
    assert seen.get_json()["remote_addr"] == "198.51.100.7"  # x_for=1: the last hop only
    assert seen.get_json()["url"] == "https://example.org/whoami"


def test_init_db_is_idempotent(runner):
    for _ in range(2):
        result = runner.invoke(args=["init-db"])
        assert result.exit_code == 0 and result.output == "database ready\n"
