"""What the probes answer with every dependency up, down, and with bad requests."""

import pytest
from prometheus_client.parser import text_string_to_metric_families


def ready_values(response):
    """{"postgres": 1.0, "redis": 1.0} from a /metrics answer."""
    families = text_string_to_metric_families(response.get_data(as_text=True))
    family = next(f for f in families if f.name == "app_dependency_ready")
    return {s.labels["dependency"]: s.value for s in family.samples}


def test_healthz_is_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_readyz_is_ready_when_everything_answers(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ready", "checks": {"postgres": "ok", "redis": "ok"}}


@pytest.mark.parametrize("down", ["postgres", "redis"])
def test_readyz_is_503_naming_what_is_down_and_healthz_stays_200(app, client, dead_url, down):
    where = {"postgres": ("DATABASE_URL", "postgresql"), "redis": ("REDIS_URL", "redis")}
    key, scheme = where[down]
    app.config[key] = dead_url(scheme)
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["failed"] == [down]
    assert body["checks"][down] == "unreachable"
    assert client.get("/healthz").status_code == 200
    assert ready_values(client.get("/metrics"))[down] == 0.0


def test_metrics_has_a_ready_gauge_per_dependency(client):
    response = client.get("/metrics")
    assert response.headers["Content-Type"].startswith("text/plain; version=")
    assert ready_values(response) == {"postgres": 1.0, "redis": 1.0}


def test_metrics_count_checks_by_result(app, client, dead_url):
    client.get("/readyz")
    app.config["REDIS_URL"] = dead_url("redis")
    client.get("/readyz")
    families = text_string_to_metric_families(client.get("/metrics").get_data(as_text=True))
    family = next(f for f in families if f.name == "app_readiness_checks")
    counts = {
        (s.labels["dependency"], s.labels["result"]): s.value
        for s in family.samples
        if s.name.endswith("_total")
    }
    # /readyz twice, /metrics once: postgres ok three times, redis ok once then unreachable twice
    assert counts == {("postgres", "ok"): 3, ("redis", "ok"): 1, ("redis", "unreachable"): 2}


def test_two_apps_have_their_own_registries(app, client):
    from app import create_app

    other = create_app({"DATABASE_URL": app.config["DATABASE_URL"], "REDIS_URL": "redis://x"})
    assert other.extensions["metrics"].registry is not app.extensions["metrics"].registry


@pytest.mark.parametrize("path", ["/healthz", "/readyz", "/metrics"])
def test_probes_are_read_only(client, path):
    response = client.post(path, data="x")
    assert response.status_code == 405
    assert response.get_json()["status"] == 405


def test_unknown_path_is_a_json_404(client):
    response = client.get("/healthz/extra")
    assert response.status_code == 404
    assert response.get_json()["status"] == 404
