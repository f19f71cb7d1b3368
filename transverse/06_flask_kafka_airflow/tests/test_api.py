"""The API alone: an order is accepted only once the broker has it, bad input publishes nothing,
and the totals callback counts a batch once."""

import json
from concurrent.futures import ThreadPoolExecutor

import pytest

BATCH = {
    "batch": "orders:0@0-2",
    "totals": {"green-tea": 3, "oolong": 1},
    "orders": 3,
    "skipped": 0,
}


def test_an_order_is_published_and_the_202_says_where(client, on_topic):
    response = client.post("/api/orders", json={"product": "green-tea", "quantity": 2})

    assert response.status_code == 202, response.get_data(as_text=True)
    body = response.get_json()
    [(partition, offset, key, value)] = on_topic()
    assert (body["partition"], body["offset"]) == (partition, offset)
    assert key == b"green-tea"
    assert json.loads(value) == {"id": body["id"], "product": "green-tea", "quantity": 2}


@pytest.mark.parametrize(
    "data",
    [
        b"{not json",
        b"[1, 2]",
        b'{"product": "green-tea"}',
        b'{"product": "green-tea", "quantity": 2, "price": 1}',
        b'{"product": "Green Tea", "quantity": 2}',
        b'{"product": "green-tea\\u0000", "quantity": 2}',
        b'{"product": "\\ud800", "quantity": 2}',
        b'{"product": "green-tea", "quantity": true}',
        b'{"product": "green-tea", "quantity": "2"}',
        b'{"product": "green-tea", "quantity": 0}',
        b'{"product": "green-tea", "quantity": 99999999999999999999999}',
        b'{"product": "green-tea", "quantity": 2.5}',
        b'{"product": "green-tea", "quantity": ' + b"9" * 5000 + b"}",
        b'{"product": "green-tea", "quantity": NaN}',
        b"[" * 100_000 + b"]" * 100_000,
        b'{"product": "green-tea", "quantity": 2}\xff',
        '{"product": "th\u00e9", "quantity": 2}'.encode(),
    ],
    ids=lambda d: d[:40].decode(errors="replace"),
)
def test_a_bad_order_is_a_400_and_nothing_is_published(client, on_topic, data):
    response = client.post("/api/orders", data=data, content_type="application/json")

    assert response.status_code in (400, 413), response.get_data(as_text=True)
    assert "error" in response.get_json()
    assert on_topic() == []


@pytest.mark.parametrize("path", ["/api/orders", "/api/totals"])
def test_not_json_is_a_415_and_nothing_happens(client, on_topic, path):
    response = client.post(path, data="product=tea&quantity=2")

    assert (response.status_code, response.get_json()) == (415, {"error": "send application/json"})
    assert on_topic() == [] and client.get("/api/totals").get_json()["batches"] == 0


def test_a_batch_is_counted_once(client):
    first = client.post("/api/totals", json=BATCH)
    again = client.post("/api/totals", json=BATCH)
    other = client.post("/api/totals", json={**BATCH, "totals": {"green-tea": 30}})

    assert (first.status_code, first.get_json()["status"]) == (201, "counted")
    assert (again.status_code, again.get_json()["status"]) == (200, "already counted")
    assert other.status_code == 409
    assert client.get("/api/totals").get_json() == {
        "totals": {"green-tea": 3, "oolong": 1}, "batches": 1, "orders": 3, "skipped": 0,
    }  # fmt: skip


def test_two_batches_add_up(client):
    client.post("/api/totals", json=BATCH)
    client.post("/api/totals", json={**BATCH, "batch": "orders:0@3-4", "totals": {"oolong": 5},
                                     "orders": 1, "skipped": 1})  # fmt: skip

    assert client.get("/api/totals").get_json() == {
        "totals": {"green-tea": 3, "oolong": 6}, "batches": 2, "orders": 4, "skipped": 1,
    }  # fmt: skip


@pytest.mark.parametrize(
    "change",
    [
        {"batch": "orders; DROP TABLE batch"},
        {"batch": 12},
        {"totals": {"green-tea": -3}},
        {"totals": {"green-tea": True}},
        {"totals": {"Green Tea": 3}},
        {"totals": [["green-tea", 3]]},
        {"orders": 2**63},
        {"skipped": "0"},
        {"extra": 1},
    ],
    ids=str,
)
def test_a_bad_batch_is_a_400_and_nothing_is_counted(client, change):
    response = client.post("/api/totals", json={**BATCH, **change})

    assert response.status_code == 400, response.get_data(as_text=True)
    assert client.get("/api/totals").get_json()["batches"] == 0


@pytest.mark.parametrize("path", ["/api/orders", "/api/totals"])
def test_an_oversize_body_is_a_413_and_nothing_happens(client, on_topic, path):
    response = client.post(path, data=b" " * (65 * 1024), content_type="application/json")

    assert response.status_code == 413
    assert "error" in response.get_json()
    assert on_topic() == [] and client.get("/api/totals").get_json()["batches"] == 0


def test_concurrent_orders_on_the_live_server_are_all_published(live_api, on_topic):
    import requests

    def place(n):
        body = {"product": f"tea-{n}", "quantity": 1 + n}
        return requests.post(f"{live_api}/api/orders", json=body, timeout=30)

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(place, range(16)))

    assert [a.status_code for a in answers] == [202] * 16
    placed = {(a.json()["partition"], a.json()["offset"]) for a in answers}
    assert placed == {(p, o) for p, o, *_ in on_topic()}  # none lost, none doubled


def test_one_batch_posted_by_8_clients_at_once_is_counted_once(live_api):
    import requests

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(
            lambda _: requests.post(f"{live_api}/api/totals", json=BATCH, timeout=30), range(8)
        ))  # fmt: skip

    assert sorted(a.status_code for a in answers) == [200] * 7 + [201]
    assert requests.get(f"{live_api}/api/totals", timeout=10).json()["totals"] == BATCH["totals"]
