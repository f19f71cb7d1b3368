"""The Flask driving adapter: the same use case over HTTP, on both repositories, and its answers
to bad input, to a payment gateway that fails (the live stub), and to its own errors."""

import json
import logging
import threading

import pytest
from checkout.web import create_app


def place(client, customer="ada@example.com", cents=1250, currency="EUR"):
    return client.post(
        "/api/orders", json={"customer": customer, "cents": cents, "currency": currency}
    )


def test_an_order_is_placed_then_read_back(any_app, stored, caplog):
    client = any_app.test_client()
    with caplog.at_level(logging.INFO, logger="checkout.events"):
        response = place(client, customer="Ada@Example.com")
    assert response.status_code == 201, response.get_data(as_text=True)
    order = response.get_json()
    assert response.headers["Location"] == f"/api/orders/{order['id']}"
    assert order == {
        "id": order["id"],
        "customer": "Ada@example.com",
        "total": {"cents": 1250, "currency": "EUR"},
        "payment": "fake-1",
    }
    assert client.get(response.headers["Location"]).get_json() == order
    assert stored(any_app) == 1
    assert [r.getMessage() for r in caplog.records] == [
        f"OrderPlaced order={order['id']} customer=Ada@example.com total=12.50 EUR"
    ]


def test_ten_clients_at_once_get_ten_orders(any_app, stored):
    """Ten threads through the app at once (more than the SQL pool's 5 connections): ten orders,
    ten distinct ids, each readable, nothing lost or mixed up."""
    start, answers = threading.Barrier(10), []

    def client_places(n):
        client = any_app.test_client()
        start.wait()
        answers.append((n, place(client, customer=f"c{n}@example.com", cents=100 + n)))

    threads = [threading.Thread(target=client_places, args=(n,)) for n in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert sorted(response.status_code for _, response in answers) == [201] * 10
    for n, response in answers:
        body = response.get_json()
        assert (body["customer"], body["total"]["cents"]) == (f"c{n}@example.com", 100 + n)
        assert any_app.test_client().get(f"/api/orders/{body['id']}").get_json() == body
    assert stored(any_app) == 10
    assert len({response.get_json()["payment"] for _, response in answers}) == 10


@pytest.mark.parametrize(
    "order_id", ["1b4e28ba-2fa1-41d2-883f-0016d3cca427", "nope", "1' OR '1'='1", "%00"]
)
def test_an_unknown_order_is_a_404(any_app, error_of, order_id):
    assert error_of(any_app.test_client().get(f"/api/orders/{order_id}"), 404) == (
        "order_not_found"
    )


@pytest.mark.parametrize(
    ("mode", "status", "code"),
    [
        ("decline", 402, "payment_declined"),
        ("error", 503, "payment_unavailable"),
        ("slow", 504, "payment_timed_out"),
        ("html", 502, "payment_gateway_broken"),
        ("no_id", 502, "payment_gateway_broken"),
    ],
)
def test_a_failing_gateway_is_its_status_and_nothing_is_stored(
    payment_stub, error_of, stored, mode, status, code
):
    app = create_app(
        {
            "SHOP_STORAGE": "memory",
            "SHOP_PAYMENT_URL": payment_stub.url,
            "SHOP_PAYMENT_TIMEOUT": 0.3,
        }
    )
    assert place(app.test_client()).status_code == 201  # the stub, answering "ok"
    payment_stub.mode = mode
    assert error_of(place(app.test_client()), status) == code
    assert stored(app) == 1


def test_a_gateway_that_is_down_is_a_503_and_nothing_is_stored(down_url, error_of, stored):
    app = create_app({"SHOP_STORAGE": "memory", "SHOP_PAYMENT_URL": down_url})
    assert error_of(place(app.test_client()), 503) == "payment_unavailable"
    assert stored(app) == 0


@pytest.mark.parametrize(
    ("customer", "cents", "currency"),
    [
        ("ada", 1250, "EUR"),
        ("ada@example.com\u0000", 1250, "EUR"),
        ("ada\ud800@example.com", 1250, "EUR"),
        ("a" * 300 + "@example.com", 1250, "EUR"),
        ("ada@example.com", -1, "EUR"),
        ("ada@example.com", 0, "EUR"),
        ("ada@example.com", 2**64, "EUR"),
        ("ada@example.com", 1250, "eur"),
        ("ada@example.com", 1250, "XBT"),
    ],
)
def test_a_value_the_domain_refuses_is_a_422(
    memory_app, error_of, stored, customer, cents, currency
):
    response = place(memory_app.test_client(), customer, cents, currency)
    assert error_of(response, 422) == "invalid_value"
    assert stored(memory_app) == 0


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        ('{"customer": "ada@example.com"}', "text/plain", 415),
        ("customer=ada@example.com", "application/x-www-form-urlencoded", 415),
        ('{"customer": ', "application/json", 400),
        ("", "application/json", 400),
        (b"\xff\xfe", "application/json", 400),
        ("[" * 900 + "]" * 900, "application/json", 400),  # deep, under MAX_CONTENT_LENGTH
        ("[" * 100_000 + "]" * 100_000, "application/json", 413),
        (
            json.dumps({"customer": "a" * 3000, "cents": 1, "currency": "EUR"}),
            "application/json",
            413,
        ),
        ("null", "application/json", 400),
        ('["ada@example.com", 1250, "EUR"]', "application/json", 400),
        ('{"customer": "ada@example.com", "cents": 1250}', "application/json", 400),
        (
            '{"customer": "ada@example.com", "cents": "1250", "currency": "EUR"}',
            "application/json",
            400,
        ),
        (
            '{"customer": "ada@example.com", "cents": 12.5, "currency": "EUR"}',
            "application/json",
            400,
        ),
        (
            '{"customer": "ada@example.com", "cents": 1e400, "currency": "EUR"}',
            "application/json",
            400,
        ),
        (
            '{"customer": "ada@example.com", "cents": true, "currency": "EUR"}',
            "application/json",
            400,
        ),
        ('{"customer": ["ada"], "cents": 1250, "currency": "EUR"}', "application/json", 400),
        (
            '{"customer": "ada@example.com", "cents": 1250, "currency": null}',
            "application/json",
            400,
        ),
    ],
    ids=lambda value: str(value)[:24],
)
def test_a_bad_body_is_refused_and_nothing_is_stored(
    memory_app, error_of, stored, body, content_type, status
):
    response = memory_app.test_client().post("/api/orders", data=body, content_type=content_type)
    error_of(response, status)
    assert stored(memory_app) == 0
    assert memory_app.extensions["checkout"].payments.charges == []


def test_other_errors_have_the_same_shape(memory_app, error_of):
    client = memory_app.test_client()
    assert error_of(client.delete("/api/orders"), 405) == "method_not_allowed"
    assert error_of(client.get("/nothing"), 404) == "not_found"


@pytest.mark.parametrize("storage", ["mongo", ""])
def test_an_unknown_storage_is_an_error_at_start_up(storage):
    with pytest.raises(ValueError, match="SHOP_STORAGE is"):
        create_app({"SHOP_STORAGE": storage})


def test_sql_storage_without_a_database_url_is_an_error_at_start_up():
    with pytest.raises(RuntimeError, match="set DATABASE_URL"):
        create_app({"SHOP_STORAGE": "sql", "DATABASE_URL": ""})
