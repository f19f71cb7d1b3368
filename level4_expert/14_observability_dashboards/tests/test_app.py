"""The orders API the dashboard watches: what it answers, counts, logs and traces, and the bad
bodies that must stay a clear 4xx in the API's error shape, counting nothing."""

import json

import pytest

COUNTER = "orders_created_total"


def test_an_order_is_created_counted_logged_and_traced(client, metric, logs, spans):
    before = metric(COUNTER, item="cocoa")
    response = client.post("/api/orders", json={"item": "cocoa", "quantity": 3})
    assert response.status_code == 201
    order = response.get_json()
    assert order == {"id": order["id"], "item": "cocoa", "quantity": 3}
    assert client.get(f"/api/orders/{order['id']}").get_json() == order
    assert metric(COUNTER, item="cocoa") == before + 1
    created = [r for _, r in logs() if r and r["message"] == "order created"]
    assert [(r["level"], r["service"], r["item"]) for r in created] == [("INFO", "shop", "cocoa")]
    (server,) = [(a, s) for _, a, s in spans() if s.name == "POST /api/orders"]
    attributes, span = server
    assert attributes["order.item"] == "cocoa" and attributes["http.status_code"] == 201
    assert created[0]["trace_id"] == span.trace_id.hex()


def test_an_unknown_order_is_a_json_404(client):
    for order_id in (999_999, 2**64):
        response = client.get(f"/api/orders/{order_id}")
        assert response.status_code == 404
        assert response.get_json()["status"] == 404


@pytest.mark.parametrize(
    "body",
    [
        {"item": "tea"},
        {"item": "tea", "quantity": 1, "price": 0},
        {"item": "gin", "quantity": 1},
        {"item": "Tea", "quantity": 1},
        {"item": "tea\x00", "quantity": 1},
        {"item": ["tea"], "quantity": 1},
        {"item": "tea", "quantity": "2"},
        {"item": "tea", "quantity": True},
        {"item": "tea", "quantity": 1.0},
        {"item": "tea", "quantity": 0},
        {"item": "tea", "quantity": 10**30},
        [{"item": "tea", "quantity": 1}],
    ],
    ids=[
        "missing",
        "extra",
        "unknown",
        "case",
        "nul",
        "list",
        "string",
        "bool",
        "float",
        "zero",
        "huge",
        "array",
    ],
)
def test_bad_orders_are_422_count_nothing_and_log_a_warning(client, metric, logs, body):
    before = metric(COUNTER, item="tea")
    response = client.post("/api/orders", json=body)
    assert response.status_code == 422
    assert response.get_json()["status"] == 422
    assert metric(COUNTER, item="tea") == before
    warnings = [r for _, r in logs() if r and r["level"] == "WARNING"]
    assert [(r["message"], r["status"]) for r in warnings] == [("order refused", 422)]
    assert len(warnings[0]["trace_id"]) == 32  # the Loki panel's link to the trace


@pytest.mark.parametrize(
    ("data", "content_type", "status"),
    [
        ("{", "application/json", 400),
        ("[" * 5000 + "]" * 5000, "application/json", 400),  # nested past Python's recursion
        ("[" * 100_000 + "]" * 100_000, "application/json", 413),  # over MAX_CONTENT_LENGTH
        ('{"item": "\\ud800", "quantity": 1}', "application/json", 422),  # a lone surrogate
        (b'{"item": "\xff", "quantity": 1}', "application/json", 400),  # not UTF-8
        ('{"item": "tea", "quantity": 1}', "text/plain", 415),
        ("item=tea&quantity=1", "application/x-www-form-urlencoded", 415),
    ],
    ids=["broken", "deep", "oversize", "lone-surrogate", "not-utf8", "text", "form"],
)
def test_hostile_bodies_get_the_json_error_shape(client, metric, data, content_type, status):
    before = sum(metric(COUNTER, item=item) for item in ("tea", "cocoa", "coffee"))
    response = client.post("/api/orders", data=data, content_type=content_type)
    assert response.status_code == status
    assert response.get_json()["status"] == status
    assert sum(metric(COUNTER, item=item) for item in ("tea", "cocoa", "coffee")) == before


def test_a_line_outside_a_request_has_a_null_trace_id(app, logs):
    with app.app_context():
        app.logger.info("outside")
    ((line, record),) = logs()
    assert record["trace_id"] is None and record["service"] == "shop"
    assert json.loads(line) == record
