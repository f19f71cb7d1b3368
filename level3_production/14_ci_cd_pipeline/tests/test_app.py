"""The app the pipeline tests: each visit is a PostgreSQL row and a Redis INCR, nothing lost."""

from concurrent.futures import ThreadPoolExecutor

import pytest

from shared.testing import HOST, free_port


def test_healthz_reports_the_version(app, client):
    assert client.get("/healthz").json == {"status": "ok", "version": "dev"}
    app.config["VERSION"] = "0a1b2c3"
    assert client.get("/healthz").json["version"] == "0a1b2c3"


def test_a_visit_is_stored_and_counted(client):
    assert client.get("/api/visits").json == {"stored": 0, "counted": 0}
    first, second = client.post("/api/visits"), client.post("/api/visits")
    assert (first.status_code, second.status_code) == (201, 201)
    assert second.json["id"] > first.json["id"] and second.json["counted"] == 2
    assert client.get("/api/visits").json == {"stored": 2, "counted": 2}


def test_concurrent_visits_are_all_stored_and_counted(app):
    def visit(_):
        return app.test_client().post("/api/visits").status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert list(pool.map(visit, range(24))) == [201] * 24
    assert app.test_client().get("/api/visits").json == {"stored": 24, "counted": 24}


@pytest.mark.parametrize(
    ("key", "url"),
    [("REDIS_URL", "redis://{}:{}/0"), ("DATABASE_URL", "postgresql://postgres@{}:{}/test")],
    ids=["redis", "postgres"],
)
def test_a_dependency_that_is_down_is_a_503_in_the_json_shape(app, client, key, url):
    app.config[key] = url.format(HOST, free_port())  # nothing listens there
    response = client.post("/api/visits")
    assert response.status_code == 503
    assert response.json == {"error": "a dependency is unavailable, try again later", "status": 503}


def test_wrong_methods_and_urls_are_json_errors(client):
    assert client.delete("/api/visits").json["status"] == 405
    assert client.get("/nothing").json["status"] == 404


def test_init_db_starts_afresh(client, runner):
    client.post("/api/visits")
    result = runner.invoke(args=["init-db"])
    assert result.exit_code == 0 and "Initialised the visit table." in result.output
    assert client.get("/api/visits").json == {"stored": 0, "counted": 0}
