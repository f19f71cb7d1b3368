"""POST /api/orders against a real Kafka-protocol broker: published once confirmed, keyed by
customer, bad bodies refused with nothing published, a broker that is down a quick 503."""

import concurrent.futures
import json

import pytest

from shared.testing import HOST, free_port


def error_of(response, status):
    assert response.status_code == status, response.get_data(as_text=True)
    body = response.get_json()
    assert list(body) == ["error"] and isinstance(body["error"], str)
    return body["error"]


def test_an_order_is_published_and_the_answer_says_where(client, order, kafka_bootstrap,
                                                         kafka_topic, messages):  # fmt: skip
    response = client.post("/api/orders", json=order(quantity=2))
    assert response.status_code == 202
    body = response.get_json()
    assert body["status"] == "accepted" and len(body["id"]) == 32
    assert response.headers["Location"] == f"/api/orders/{body['id']}"
    [message] = messages(kafka_bootstrap, kafka_topic)
    assert (message.partition(), message.offset()) == (body["partition"], body["offset"])
    assert message.key() == b"alice"
    assert json.loads(message.value()) == {
        "id": body["id"], "customer": "alice", "sku": "book-42", "quantity": 2,
    }  # fmt: skip


def test_one_customers_orders_stay_in_order_on_one_partition(client, order, kafka_bootstrap,
                                                            kafka_topic, messages):  # fmt: skip
    sent = []
    for i in range(1, 9):
        customer = ["alice", "bob", "carol", "dave"][i % 4]
        body = client.post("/api/orders", json=order(customer, quantity=i)).get_json()
        sent.append((customer, body["partition"], body["offset"], i))
    for customer in {c for c, *_ in sent}:
        mine = [s for s in sent if s[0] == customer]
        assert len({p for _, p, _, _ in mine}) == 1  # one partition per customer
        assert [o for _, _, o, _ in mine] == sorted(o for _, _, o, _ in mine)
    found = messages(kafka_bootstrap, kafka_topic)
    assert len(found) == 8
    for message in found:  # each on the partition its key chose, in the order it was sent
        data = json.loads(message.value())
        assert (data["customer"], message.partition(), message.offset(), data["quantity"]) in sent


def test_concurrent_requests_each_get_their_own_delivery_report(app, order, kafka_bootstrap,
                                                               kafka_topic, messages):  # fmt: skip
    def post(i):
        with app.test_client() as client:
            return client.post("/api/orders", json=order(f"c{i}", quantity=i + 1))

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        responses = list(pool.map(post, range(16)))
    assert [r.status_code for r in responses] == [202] * 16
    where = {(r.get_json()["partition"], r.get_json()["offset"]): r.get_json() for r in responses}
    assert len(where) == 16  # no two requests were given the same report
    for message in messages(kafka_bootstrap, kafka_topic):
        assert (
            json.loads(message.value())["id"]
            == where[(message.partition(), message.offset())]["id"]
        )


DEEP = "[" * 100_000 + "]" * 100_000
BAD_BODIES = {
    "not JSON": "{customer: alice}",
    "nested 100,000 deep": DEEP,
    "a list": '[{"customer": "alice", "sku": "book-42", "quantity": 1}]',
    "a missing field": '{"customer": "alice", "sku": "book-42"}',
    "an id of the client's": '{"id": "ff", "customer": "a", "sku": "b", "quantity": 1}',
    "a lone surrogate": '{"customer": "\\ud800", "sku": "book-42", "quantity": 1}',
    "a NUL": '{"customer": "al\\u0000ice", "sku": "book-42", "quantity": 1}',
    "upper case": '{"customer": "Alice", "sku": "book-42", "quantity": 1}',
    "non-ASCII digits": '{"customer": "\\u0661\\u0662", "sku": "book-42", "quantity": 1}',
    "a name of 41": '{"customer": "' + "a" * 41 + '", "sku": "book-42", "quantity": 1}',
    "quantity a string": '{"customer": "alice", "sku": "book-42", "quantity": "1"}',
    "quantity true": '{"customer": "alice", "sku": "book-42", "quantity": true}',
    "quantity 0": '{"customer": "alice", "sku": "book-42", "quantity": 0}',
    "quantity 2^63": '{"customer": "alice", "sku": "book-42", "quantity": 9223372036854775808}',
    "quantity of 5000 digits": '{"customer": "alice", "sku": "book-42", "quantity": '
    + "9" * 5000
    + "}",
    "quantity 1e400": '{"customer": "alice", "sku": "book-42", "quantity": 1e400}',
    "not UTF-8": b'{"customer": "\xff", "sku": "book-42", "quantity": 1}',
}


@pytest.mark.parametrize("body", BAD_BODIES.values(), ids=BAD_BODIES.keys())
def test_a_bad_body_is_a_400_and_nothing_is_published(app, client, body, kafka_bootstrap,
                                                      kafka_topic, messages):  # fmt: skip
    app.config["MAX_CONTENT_LENGTH"] = 300_000  # room for the nested one: its 400 is the point
    response = client.post("/api/orders", data=body, content_type="application/json")
    error_of(response, 400)
    assert messages(kafka_bootstrap, kafka_topic) == []


def test_not_json_is_a_415_and_an_oversize_body_a_413(client, kafka_bootstrap, kafka_topic,
                                                      messages):  # fmt: skip
    assert "application/json" in error_of(client.post("/api/orders", data={"customer": "a"}), 415)
    big = json.dumps({"customer": "alice", "sku": "book-42", "quantity": 1, "x": "y" * 5000})
    error_of(client.post("/api/orders", data=big, content_type="application/json"), 413)
    assert messages(kafka_bootstrap, kafka_topic) == []


def test_a_broker_that_is_down_is_a_quick_503(make_app, order, waiting):
    app = make_app(KAFKA_BOOTSTRAP_SERVERS=f"{HOST}:{free_port()}", KAFKA_DELIVERY_TIMEOUT_MS=1500)
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        future = pool.submit(app.test_client().post, "/api/orders", json=order())
        response = future.result(timeout=30)  # not a hang: delivery.timeout.ms bounds it
    message = error_of(response, 503)
    assert "broker is unavailable" in message and "timed out" in message.lower()


@pytest.mark.parametrize("path", ["/api/orders/" + "0" * 32, "/api/orders/not-an-id"])
def test_an_order_not_processed_is_a_404(client, path):
    assert "processed" in error_of(client.get(path), 404)


def test_stock_of_a_bad_sku_is_a_400(client):
    error_of(client.get("/api/stock/Book%00"), 400)
    assert client.get("/api/stock/book-42").get_json() == {"sku": "book-42", "reserved": 0}
