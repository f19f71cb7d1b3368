"""Hostile input: a 4xx in the app's own JSON shape, never a 500, and nothing written."""

import pytest


@pytest.fixture
def alice(shop):
    return shop.user("alice@example.com", "Alice Martin")


@pytest.fixture
def nothing_written(alice, dump):
    before = dump()
    yield
    assert dump() == before


CONSENT = {"purpose": "newsletter", "granted": True}


@pytest.mark.parametrize(
    "change",
    [
        {"purpose": "everything"}, {"purpose": None}, {"purpose": ["newsletter"]},
        {"purpose": "newsletter\x00"}, {"granted": 1}, {"granted": "true"}, {"granted": None},
    ],
)  # fmt: skip
def test_hostile_consents_are_400(client, alice, nothing_written, change):
    response = client.post(f"/api/users/{alice}/consents", json=CONSENT | change)
    assert response.status_code == 400, response.get_json()
    assert response.get_json()["error"]["code"] == "bad_request"


@pytest.mark.parametrize("total", [-1, 100_000_001, 2**63, 1.5, "100", True, None, [100]])
def test_hostile_orders_are_400(client, alice, nothing_written, total):
    response = client.post(f"/api/users/{alice}/orders", json={"total_cents": total})
    assert response.status_code == 400


@pytest.mark.parametrize(
    "change",
    [
        {"email": "no-at-sign"}, {"email": "a@b@c"}, {"email": "@x"},
        {"email": "x" * 250 + "@b.cd"}, {"email": "a\x00@b.c"}, {"email": "\ud800@b.c"},
        {"email": 7}, {"name": ""}, {"name": "n" * 101}, {"name": "a\nb"},
    ],
)  # fmt: skip
def test_hostile_users_are_400(client, nothing_written, change):
    body = {"email": "new@example.com", "name": "New Person"} | change
    response = client.post("/api/users", json=body)
    assert response.status_code == 400


def test_a_duplicate_email_is_409(client, nothing_written):
    body = {"email": "alice@example.com", "name": "Other"}
    assert client.post("/api/users", json=body).status_code == 409


@pytest.mark.parametrize(
    "raw",
    [
        b'{"total_cents": 1e400}', b'{"total_cents": NaN}',
        b'{"total_cents": ' + b"9" * 2000 + b"}", b'{"total_cents": "\xff"}', b'{"total_cents": 1',
        b"[1]", b"null", b"", b"[" * 1500 + b"]" * 1500,
    ],
    ids=["1e400", "NaN", "2000-digits", "bad-utf8", "truncated", "list", "null",
         "empty", "nested-1500"],
)  # fmt: skip
@pytest.mark.parametrize("path", ["orders", "consents"])
def test_hostile_bodies_are_400(app, client, alice, nothing_written, raw, path):
    assert len(raw) < app.config["MAX_CONTENT_LENGTH"]  # the parser sees it, not the size cap
    response = client.post(f"/api/users/{alice}/{path}", data=raw, content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_request"


def test_a_body_over_the_cap_is_413(app, client, alice, nothing_written):
    huge = b'{"email": "' + b"a" * app.config["MAX_CONTENT_LENGTH"] + b'"}'
    response = client.post("/api/users", data=huge, content_type="application/json")
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "request_entity_too_large"


@pytest.mark.parametrize("path", ["/api/users", "/api/users/1/consents", "/api/users/1/orders"])
def test_a_body_that_is_not_json_is_415(client, alice, nothing_written, path):
    response = client.post(path, data="purpose=newsletter", content_type="text/plain")
    assert response.status_code == 415
    assert response.get_json()["error"]["code"] == "unsupported_media_type"


@pytest.mark.parametrize(
    "method, path, body",
    [
        ("post", "consents", CONSENT), ("get", "consents", None),
        ("post", "orders", {"total_cents": 100}), ("get", "export", None), ("post", "erase", None),
    ],
)  # fmt: skip
def test_an_unknown_user_is_404(client, nothing_written, method, path, body):
    for user_id in (999, 2**63, 2**64):  # past BIGINT too: no such row, not a database error
        response = getattr(client, method)(f"/api/users/{user_id}/{path}", json=body)
        assert response.status_code == 404, user_id
        assert response.get_json()["error"]["code"] == "not_found"


def test_flask_errors_have_the_same_shape(client, alice):
    assert client.get("/api/nowhere").get_json()["error"]["code"] == "not_found"
    assert client.get("/api/users/abc/export").status_code == 404
    response = client.delete(f"/api/users/{alice}/export")
    assert response.status_code == 405
    assert response.get_json()["error"]["code"] == "method_not_allowed"
