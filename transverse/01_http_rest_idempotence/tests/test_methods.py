"""What each method promises, shown by its effect on the database (RFC 9110, 9.2): GET and HEAD
are safe (nothing changes), PUT and DELETE idempotent (the second identical request changes
nothing more), and HEAD and OPTIONS are answered as the RFC says, with Allow kept on a 405."""

import pytest

ITEM_METHODS = {"GET", "HEAD", "OPTIONS", "PUT", "DELETE"}
COLLECTION_METHODS = {"GET", "HEAD", "OPTIONS", "POST"}
REPLAYED = "Idempotent-Replayed"


def allow(response) -> set[str]:
    return {method.strip() for method in response.headers["Allow"].split(",")}


def test_get_and_head_are_safe_they_change_nothing(client, created, orders, keys, sql):
    created()
    created(product="black tea", quantity=1)
    before = (orders(), keys(), sql("SELECT count(*) FROM idempotency_key"))

    for _ in range(3):
        assert client.get("/api/v1/orders").status_code == 200
        assert client.get("/api/v1/orders/1").status_code == 200
        assert client.head("/api/v1/orders/2").status_code == 200
        assert client.get("/api/v1/orders/99").status_code == 404
        # A GET carrying a key or a body is still a GET: it creates nothing.
        client.get("/api/v1/orders", json={"product": "x"}, headers={"Idempotency-Key": "k-1"})

    assert (orders(), keys(), sql("SELECT count(*) FROM idempotency_key")) == before


def test_a_repeated_put_leaves_the_state_of_the_first_one(client, created, orders):
    order = created()
    body = {"product": "oolong", "quantity": 3}

    first = client.put("/api/v1/orders/1", json=body, headers={"If-Match": '"v1"'})
    after_first = orders()
    second = client.put("/api/v1/orders/1", json=body, headers={"If-Match": '"v1"'})  # a retry
    third = client.put("/api/v1/orders/1", json=body, headers={"If-Match": '"v2"'})

    assert after_first == [(order["id"], "oolong", 3, 2)]
    for response in (first, second, third):
        assert response.status_code == 200
        assert response.get_json() == {"id": 1, **body}
        assert response.headers["ETag"] == '"v2"'
    assert orders() == after_first  # the same state, the same version: nothing more changed


def test_put_replaces_the_whole_order_a_missing_field_is_a_422(client, created, orders, problem_of):
    created()

    response = client.put("/api/v1/orders/1", json={"quantity": 9}, headers={"If-Match": '"v1"'})

    assert problem_of(response, 422)["errors"] == {"product": "is required"}
    assert orders() == [(1, "green tea", 2, 1)]


def test_put_on_an_order_that_does_not_exist_is_a_404_and_creates_nothing(
    client, orders, problem_of
):
    body = {"product": "oolong", "quantity": 3}

    for if_match in ('"v1"', "*"):
        response = client.put("/api/v1/orders/7", json=body, headers={"If-Match": if_match})
        assert problem_of(response, 404)["detail"] == "order 7 does not exist"
    assert orders() == []


def test_a_repeated_delete_removes_nothing_more(client, created, orders, problem_of):
    created()
    created(product="black tea")

    first = client.delete("/api/v1/orders/1")
    after_first = orders()
    second = client.delete("/api/v1/orders/1")
    third = client.delete("/api/v1/orders/1")

    assert (first.status_code, first.data) == (204, b"")
    assert after_first == [(2, "black tea", 2, 1)]
    for response in (second, third):
        assert problem_of(response, 404)["detail"] == "order 1 does not exist"
    assert orders() == after_first
    assert client.get("/api/v1/orders/1").status_code == 404


def test_a_deleted_id_is_never_given_again(client, created):
    created()
    assert client.delete("/api/v1/orders/1").status_code == 204

    assert created()["id"] == 2  # else a client's old ETag "v1" could match the new order 1


@pytest.mark.parametrize("path", ["/api/v1/orders", "/api/v1/orders/1"])
def test_head_has_the_headers_of_get_and_no_body(client, created, path):
    created()

    got, head = client.get(path), client.head(path)

    assert head.status_code == got.status_code == 200
    assert head.data == b"" and got.data
    assert {k: v for k, v in head.headers if k != "Date"} == {
        k: v for k, v in got.headers if k != "Date"
    }
    assert head.headers["Content-Length"] == str(len(got.data))
    assert head.headers["ETag"] == got.headers["ETag"]


def test_head_of_a_missing_order_is_a_404_without_a_body(client):
    response = client.head("/api/v1/orders/5")

    assert response.status_code == 404 and response.data == b""
    assert response.mimetype == "application/problem+json"


@pytest.mark.parametrize(
    ("path", "methods"),
    [("/api/v1/orders", COLLECTION_METHODS), ("/api/v1/orders/1", ITEM_METHODS)],
)
def test_options_lists_the_methods_of_the_url(client, path, methods):
    response = client.options(path)

    assert response.status_code == 200
    assert allow(response) == methods
    assert response.data == b""


@pytest.mark.parametrize(
    ("method", "path", "methods"),
    [
        ("DELETE", "/api/v1/orders", COLLECTION_METHODS),
        ("PUT", "/api/v1/orders", COLLECTION_METHODS),
        ("POST", "/api/v1/orders/1", ITEM_METHODS),
        ("PATCH", "/api/v1/orders/1", ITEM_METHODS),
    ],
)
def test_a_405_keeps_allow_in_the_app_s_error_shape(
    client, created, orders, problem_of, method, path, methods
):
    created()

    response = client.open(path, method=method, json={"product": "x", "quantity": 1})

    problem_of(response, 405)
    assert allow(response) == methods
    assert orders() == [(1, "green tea", 2, 1)]


def test_post_answers_201_with_the_location_of_the_new_order(client, post):
    response = post({"product": "matcha", "quantity": 1})

    assert response.status_code == 201
    assert response.headers["Location"] == "/api/v1/orders/1"
    assert client.get(response.headers["Location"]).get_json() == response.get_json()
    assert REPLAYED not in response.headers
