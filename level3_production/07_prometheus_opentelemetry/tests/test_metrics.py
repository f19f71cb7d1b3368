"""prometheus-flask-exporter's request histogram by endpoint and status, and the business metric."""

import pytest

HISTOGRAM = "flask_http_request_duration_seconds_count"


def test_requests_are_counted_by_endpoint_and_status(client, metric):
    created = dict(endpoint="orders.create_order", method="POST", status="201")
    refused = dict(endpoint="orders.create_order", method="POST", status="422")
    before, before_refused = metric(HISTOGRAM, **created), metric(HISTOGRAM, **refused)
    for _ in range(3):
        assert client.post("/orders", json={"item": "tea", "quantity": 1}).status_code == 201
    assert client.post("/orders", json={"item": "gin", "quantity": 1}).status_code == 422
    assert metric(HISTOGRAM, **created) == before + 3
    assert metric(HISTOGRAM, **refused) == before_refused + 1


def test_the_business_counter_counts_created_orders_only(client, metric):
    before = metric("orders_created_total", item="coffee")
    assert client.post("/orders", json={"item": "coffee", "quantity": 5}).status_code == 201
    assert client.post("/orders", json={"item": "coffee", "quantity": 0}).status_code == 422
    assert metric("orders_created_total", item="coffee") == before + 1


def test_metrics_is_prometheus_text(client):
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/plain; version=")


@pytest.mark.parametrize(
    "body",
    [
        {"item": "tea"},
        {"item": "tea", "quantity": "2"},
        {"item": "tea", "quantity": True},
        {"item": "tea", "quantity": 10**30},
        {"item": "tea\x00", "quantity": 1},
        {"item": ["tea"], "quantity": 1},
        {"item": "x" * 10_000, "quantity": 1},
    ],
    ids=["missing", "string", "bool", "huge", "nul", "list", "long"],
)
def test_bad_orders_are_422_and_count_nothing(client, metric, body):
    before = metric("orders_created_total", item="tea")
    response = client.post("/orders", json=body)
    assert response.status_code == 422
    assert response.get_json()["status"] == 422
    assert metric("orders_created_total", item="tea") == before


@pytest.mark.parametrize(
    ("data", "content_type", "status"),
    [
        ("[1, 2]", "application/json", 400),
        ("[" * 100_000 + "]" * 100_000, "application/json", 413),
        ('{"item": "\\ud800", "quantity": 1}', "application/json", 422),
        ("item=tea", "application/x-www-form-urlencoded", 415),
        ("{", "application/json", 400),
    ],
    ids=["not-an-object", "deep", "lone-surrogate", "form", "broken"],
)
def test_hostile_bodies_get_the_json_error_shape(client, data, content_type, status):
    response = client.post("/orders", data=data, content_type=content_type)
    assert response.status_code == status
    assert response.get_json()["status"] == status
