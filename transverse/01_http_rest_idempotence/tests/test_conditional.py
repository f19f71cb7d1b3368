"""Conditional requests (RFC 9110, section 13): an ETag on every order and on the list,
If-None-Match -> 304 without a body, If-Match -> 412 when stale (the lost update is refused),
no If-Match on a PUT -> 428, and a retried PUT already applied -> 200."""

import pytest

NEW = {"product": "oolong", "quantity": 3}


@pytest.fixture
def order(created):
    return created()


def test_an_order_has_a_strong_etag_that_changes_with_it(client, order):
    first = client.get("/api/v1/orders/1")
    client.put("/api/v1/orders/1", json=NEW, headers={"If-Match": '"v1"'})
    second = client.get("/api/v1/orders/1")

    assert first.headers["ETag"] == '"v1"'
    assert second.headers["ETag"] == '"v2"'


@pytest.mark.parametrize("method", ["GET", "HEAD"])
@pytest.mark.parametrize("if_none_match", ['"v1"', 'W/"v1"', '"v0", "v1"', "*"])
def test_if_none_match_with_the_current_etag_is_a_304_without_a_body(
    client, order, method, if_none_match
):
    response = client.open(
        "/api/v1/orders/1", method=method, headers={"If-None-Match": if_none_match}
    )

    assert response.status_code == 304
    assert response.data == b""
    assert response.headers["ETag"] == '"v1"'  # a 304 still says which version the client has


def test_if_none_match_with_an_old_etag_gets_the_order(client, order):
    client.put("/api/v1/orders/1", json=NEW, headers={"If-Match": '"v1"'})

    response = client.get("/api/v1/orders/1", headers={"If-None-Match": '"v1"'})

    assert response.status_code == 200
    assert response.get_json() == {"id": 1, **NEW}


def test_the_list_has_an_etag_too_that_changes_with_any_order(client, created):
    created()
    etag = client.get("/api/v1/orders").headers["ETag"]

    unchanged = client.get("/api/v1/orders", headers={"If-None-Match": etag})
    created(product="black tea")
    changed = client.get("/api/v1/orders", headers={"If-None-Match": etag})

    assert (unchanged.status_code, unchanged.data) == (304, b"")
    assert changed.status_code == 200 and len(changed.get_json()["orders"]) == 2
    assert changed.headers["ETag"] != etag


def test_a_put_from_a_stale_copy_is_a_412_and_the_other_change_survives(
    client, order, orders, problem_of
):
    """The lost update: Alice and Bob both read v1; Alice saves first; Bob's save is refused."""
    alice = client.get("/api/v1/orders/1").headers["ETag"]
    bob = client.get("/api/v1/orders/1").headers["ETag"]

    saved = client.put("/api/v1/orders/1", json=NEW, headers={"If-Match": alice})
    refused = client.put(
        "/api/v1/orders/1", json={"product": "coffee", "quantity": 1}, headers={"If-Match": bob}
    )

    assert saved.status_code == 200
    assert "has changed" in problem_of(refused, 412)["detail"]
    assert orders() == [(1, "oolong", 3, 2)]  # Alice's change is kept


def test_a_put_without_if_match_is_a_428_and_changes_nothing(client, order, orders, problem_of):
    response = client.put("/api/v1/orders/1", json=NEW)

    assert 'If-Match: \\"v1\\"' in response.get_data(as_text=True)  # it says what to send
    problem_of(response, 428)
    assert orders() == [(1, "green tea", 2, 1)]


@pytest.mark.parametrize(
    "if_match", ['W/"v1"', '"1"', '"V1"', '"v2"'], ids=["weak", "no-v", "case", "future"]
)
def test_if_match_uses_the_strong_comparison(client, order, orders, problem_of, if_match):
    response = client.put("/api/v1/orders/1", json=NEW, headers={"If-Match": if_match})

    problem_of(response, 412)  # If-Match never matches a weak tag (RFC 9110, 13.1.1)
    assert orders() == [(1, "green tea", 2, 1)]


@pytest.mark.parametrize("if_match", ['"v1"', '"v0", "v1"', "*"])
def test_if_match_with_the_current_etag_or_a_star_replaces_the_order(
    client, order, orders, if_match
):
    response = client.put("/api/v1/orders/1", json=NEW, headers={"If-Match": if_match})

    assert response.status_code == 200 and response.headers["ETag"] == '"v2"'
    assert orders() == [(1, "oolong", 3, 2)]


def test_a_put_that_changes_nothing_keeps_the_version(client, order, orders):
    response = client.put("/api/v1/orders/1", json={"product": "green tea", "quantity": 2},
                          headers={"If-Match": '"v1"'})  # fmt: skip

    assert response.status_code == 200 and response.headers["ETag"] == '"v1"'
    assert orders() == [(1, "green tea", 2, 1)]


def test_a_delete_from_a_stale_copy_is_a_412_and_deletes_nothing(client, order, orders, problem_of):
    client.put("/api/v1/orders/1", json=NEW, headers={"If-Match": '"v1"'})

    response = client.delete("/api/v1/orders/1", headers={"If-Match": '"v1"'})

    problem_of(response, 412)
    assert orders() == [(1, "oolong", 3, 2)]
    assert client.delete("/api/v1/orders/1", headers={"If-Match": '"v2"'}).status_code == 204
    assert orders() == []


def test_preconditions_do_not_hide_a_404(client, problem_of):
    for method in ("PUT", "DELETE"):
        response = client.open(
            "/api/v1/orders/1", method=method, json=NEW, headers={"If-Match": '"v1"'}
        )
        problem_of(response, 404)
