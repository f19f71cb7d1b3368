"""Skill checks: each says what is missing, through Flask's and prometheus_client's own objects."""

import ast
import inspect

import checks
from prometheus_client import Gauge
from prometheus_client.parser import text_string_to_metric_families


def rule_for(app, path):
    rules = [rule for rule in app.url_map.iter_rules() if rule.rule == path]
    return rules[0] if rules else None


def test_skill_healthz_is_a_get_route(app):
    rule = rule_for(app, "/healthz")
    assert rule is not None and "GET" in rule.methods, (
        'Skill missing: a `@bp.get("/healthz")` view that answers 200'
    )


def test_skill_healthz_touches_no_dependency(app, dead_url, monkeypatch):
    app.config.update(DATABASE_URL=dead_url("postgresql"), REDIS_URL=dead_url("redis"))
    ran = []
    monkeypatch.setattr(checks, "CHECKS", {"x": (lambda url, t: ran.append(url), "REDIS_URL")})
    response = app.test_client().get("/healthz")
    assert response.status_code == 200 and ran == [], (
        "Skill missing: /healthz must answer 200 without calling any dependency check"
    )


def test_skill_readyz_is_a_get_route(app):
    rule = rule_for(app, "/readyz")
    assert rule is not None and "GET" in rule.methods, (
        'Skill missing: a `@bp.get("/readyz")` view that runs the checks'
    )


def keywords_of_calls(function):
    tree = ast.parse(inspect.getsource(function).lstrip())
    return {kw.arg for node in ast.walk(tree) if isinstance(node, ast.Call) for kw in node.keywords}


def test_skill_postgres_check_has_timeouts():
    keywords = keywords_of_calls(checks.check_postgres)
    source = inspect.getsource(checks.check_postgres)
    assert "connect_timeout" in keywords and "statement_timeout" in source, (
        "Skill missing: psycopg.connect(url, connect_timeout=..., "
        'options="-c statement_timeout=...") in check_postgres'
    )


def test_skill_redis_check_has_timeouts():
    keywords = keywords_of_calls(checks.check_redis)
    assert {"socket_connect_timeout", "socket_timeout"} <= keywords, (
        "Skill missing: redis.Redis.from_url(url, socket_connect_timeout=..., socket_timeout=...) "
        "in check_redis"
    )


def test_skill_readiness_gauge_per_dependency(app):
    gauge = app.extensions["metrics"].ready
    assert isinstance(gauge, Gauge) and gauge._labelnames == ("dependency",), (
        "Skill missing: a prometheus_client Gauge labelled `dependency` in metrics.py"
    )


def test_skill_metrics_is_prometheus_text(client):
    response = client.get("/metrics")
    assert response.status_code == 200 and response.mimetype == "text/plain", (
        "Skill missing: /metrics returning generate_latest(registry) with CONTENT_TYPE_LATEST"
    )
    names = {family.name for family in text_string_to_metric_families(response.get_data(True))}
    assert "app_dependency_ready" in names, (
        "Skill missing: the app_dependency_ready gauge in /metrics' output"
    )
