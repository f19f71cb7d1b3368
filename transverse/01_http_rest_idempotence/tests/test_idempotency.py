"""Idempotency-Key on POST: a retry replays the first response (same status, body, Location)
and creates nothing; the same key with another body is a 422; a key is scoped to its client,
bounded in length and charset, required, and forgotten after IDEMPOTENCY_KEY_TTL seconds."""

import json

import pytest

KEY = "5f0c7d1e-8a2b-4c3d-9e4f-0a1b2c3d4e5f"
ORDER = {"product": "green tea", "quantity": 2}


def test_a_retry_replays_the_first_response_and_creates_nothing(post, orders, keys):
    first = post(ORDER, key=KEY)
    after_first = orders()

    retries = [post(ORDER, key=KEY) for _ in range(3)]

    assert first.status_code == 201 and "Idempotent-Replayed" not in first.headers
    for retry in retries:
        assert retry.status_code == 201
        assert retry.data == first.data
        assert retry.headers["Location"] == first.headers["Location"] == "/api/v1/orders/1"
        assert retry.mimetype == "application/json"
        assert retry.headers["Idempotent-Replayed"] == "true"
    assert orders() == after_first == [(1, "green tea", 2, 1)]
    assert keys() == [("POST /api/v1/orders anonymous", KEY, 201, "/api/v1/orders/1")]


def test_the_same_json_written_differently_is_the_same_request(client, post, orders):
    first = post(ORDER, key=KEY)

    respaced = client.post(
        "/api/v1/orders",
        data='{ "quantity" : 2,\n  "product": "green tea" }',
        headers={"Idempotency-Key": KEY, "Content-Type": "application/json"},
    )

    assert (respaced.status_code, respaced.data) == (201, first.data)
    assert len(orders()) == 1


def test_the_replay_is_the_first_response_even_after_the_order_changed(client, post):
    first = post(ORDER, key=KEY)
    client.put("/api/v1/orders/1", json={**ORDER, "quantity": 9}, headers={"If-Match": '"v1"'})

    retry = post(ORDER, key=KEY)

    assert retry.data == first.data  # what the first POST answered, as the draft says


@pytest.mark.parametrize(
    "other", [{**ORDER, "quantity": 3}, {**ORDER, "product": "Green tea"}], ids=["qty", "product"]
)
def test_the_same_key_with_another_body_is_a_422_and_changes_nothing(
    post, orders, keys, problem_of, other
):
    post(ORDER, key=KEY)
    before = (orders(), keys())

    response = post(other, key=KEY)

    assert "Idempotency-Key" in problem_of(response, 422)["errors"]
    assert (orders(), keys()) == before


def test_keys_are_scoped_to_the_client(post, orders):
    alice = post(ORDER, key=KEY, **{"X-Client-ID": "alice"})
    bob = post({**ORDER, "product": "coffee"}, key=KEY, **{"X-Client-ID": "bob"})

    assert (alice.status_code, bob.status_code) == (201, 201)
    assert alice.get_json()["id"] != bob.get_json()["id"]
    assert post(ORDER, key=KEY, **{"X-Client-ID": "alice"}).data == alice.data
    assert post({**ORDER, "product": "coffee"}, key=KEY, **{"X-Client-ID": "bob"}).data == bob.data
    assert len(orders()) == 2  # each client its own order, and each replay its own


def test_a_key_expires_after_its_ttl_and_may_then_be_used_again(post, orders, keys, sql, app):
    ttl = app.config["IDEMPOTENCY_KEY_TTL"]
    assert ttl == 24 * 3600  # the README documents 24 hours
    post(ORDER, key=KEY)
    sql("UPDATE idempotency_key SET created_at = created_at - ?", ttl - 60)  # 23 h 59 min ago

    assert post(ORDER, key=KEY).headers.get("Idempotent-Replayed") == "true"

    sql("UPDATE idempotency_key SET created_at = created_at - 120")  # 24 h 1 min ago
    again = post(ORDER, key=KEY)

    assert again.status_code == 201 and "Idempotent-Replayed" not in again.headers
    assert again.get_json()["id"] == 2
    assert [key[1] for key in keys()] == [KEY]  # the expired row is gone, the new one is there
    assert len(orders()) == 2


def test_expired_keys_are_purged_from_the_table(post, keys, sql):
    post(ORDER, key="old-1")
    post(ORDER, key="old-2")
    sql("UPDATE idempotency_key SET created_at = created_at - 90000")

    post(ORDER, key="fresh")

    assert [key[1] for key in keys()] == ["fresh"]


def test_a_post_without_a_key_is_a_400_and_creates_nothing(client, orders, keys, problem_of):
    response = client.post("/api/v1/orders", json=ORDER)

    assert "Idempotency-Key" in problem_of(response, 400)["detail"]
    assert (orders(), keys()) == ([], [])


@pytest.mark.parametrize(
    "key",
    ["", "k" * 65, "a b", "clé", "a/b", '"unclosed', 'x"', "\t", "a,b", "k" * 10_000],
    ids=[
        "empty",
        "65-chars",
        "space",
        "non-ascii",
        "slash",
        "open-quote",
        "close-quote",
        "tab",
        "comma",
        "10k-chars",
    ],
)
def test_a_malformed_key_is_a_400_and_creates_nothing(client, orders, keys, problem_of, key):
    response = client.post(
        "/api/v1/orders",
        data=json.dumps(ORDER),
        headers={"Idempotency-Key": key.encode("utf-8").decode("latin-1"),
                 "Content-Type": "application/json"},
    )  # fmt: skip

    assert "Idempotency-Key" in problem_of(response, 400)["detail"]
    assert (orders(), keys()) == ([], [])


@pytest.mark.parametrize("key", ["k", "k" * 64, KEY, f'"{KEY}"', "a.b:c_d-e"])
def test_a_well_formed_key_is_accepted_quoted_or_bare(post, keys, key):
    assert post(ORDER, key=key).status_code == 201
    assert keys()[0][1] == key.strip('"')


def test_the_quoted_and_the_bare_form_are_one_key(post, orders):
    first = post(ORDER, key=KEY)

    assert post(ORDER, key=f'"{KEY}"').data == first.data
    assert len(orders()) == 1


@pytest.mark.parametrize("client_id", ["", "a" * 65, "a b", "x;y"])
def test_a_malformed_client_id_is_a_400(post, orders, problem_of, client_id):
    problem_of(post(ORDER, **{"X-Client-ID": client_id}), 400)
    assert orders() == []


def test_a_refused_request_is_not_remembered_so_it_can_be_fixed(post, orders, keys, problem_of):
    problem_of(post({"product": "green tea", "quantity": 0}, key=KEY), 422)
    assert keys() == []

    fixed = post(ORDER, key=KEY)

    assert fixed.status_code == 201 and "Idempotent-Replayed" not in fixed.headers
    assert len(orders()) == 1
