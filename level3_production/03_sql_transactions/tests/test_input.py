"""Hostile input: a 4xx in the app's own JSON shape, never a 500, and nothing written."""

import pytest
from bank import create_app
from bank.commands import add_demo_accounts
from bank.models import db

GOOD = {"from": 1, "to": 2, "amount_cents": 100, "reference": "ok"}


@pytest.fixture(scope="module")
def app(database):
    """One app for this module, seeded once: no test here may write anything."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database.sqlalchemy_url})
    with app.app_context():
        db.session.execute(db.text("TRUNCATE transfer, account RESTART IDENTITY"))
        add_demo_accounts()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def nothing_written(balances, references):
    yield
    assert balances() == {"alice": 10_000, "bob": 5_000}
    assert references() == []


@pytest.mark.parametrize(
    "change",
    [
        {"amount_cents": 0}, {"amount_cents": -5}, {"amount_cents": 2**63},
        {"amount_cents": 1.5}, {"amount_cents": "100"}, {"amount_cents": True},
        {"amount_cents": None}, {"amount_cents": [100]}, {"to": 1}, {"to": 2**64},
        {"from": "1"}, {"reference": "a\x00b"}, {"reference": "a\nb"}, {"reference": ""},
        {"reference": "r" * 65}, {"reference": 7}, {"reference": "\ud800"},
    ],
)  # fmt: skip
def test_hostile_fields_are_400(client, nothing_written, change):
    response = client.post("/api/transfers", json=GOOD | change)
    assert response.status_code == 400, response.get_json()
    assert response.get_json()["error"]["code"] == "bad_request"


def test_unknown_account_is_404(client, nothing_written):
    response = client.post("/api/transfers", json=GOOD | {"to": 999})
    assert response.status_code == 404
    assert client.get("/api/accounts/999").status_code == 404
    assert client.get(f"/api/accounts/{2**64}").status_code == 404


@pytest.mark.parametrize(
    "raw",
    [
        b'{"from": 1, "to": 2, "amount_cents": 1e400, "reference": "inf"}',  # float('inf')
        b'{"from": 1, "to": 2, "amount_cents": NaN, "reference": "nan"}',
        b'{"from": 1, "to": 2, "amount_cents": ' + b"9" * 5000 + b', "reference": "big"}',
        b'{"from": 1, "to": 2, "amount_cents": 100, "reference": "\\ud800"}',  # a lone surrogate
        b'{"from": 1, "to": 2, "amount_cents": 100, "reference": "\xff"}',  # not UTF-8
        b'{"from": 1, "to": 2, "amount_cents": 100, "reference": "cut',
        b"[1, 2]",
        b"null",
        b"",
    ],
    ids=["1e400", "NaN", "5000-digits", "lone-surrogate", "bad-utf8", "truncated", "list", "null",
         "empty"],
)  # fmt: skip
@pytest.mark.parametrize("path", ["/api/transfers", "/api/batches"])
def test_hostile_bodies_are_400(client, nothing_written, raw, path):
    response = client.post(path, data=raw, content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_request"


def test_nesting_past_the_recursion_limit_is_400(app, client, nothing_written):
    deep = b"[" * 6_000 + b"]" * 6_000  # Python's json gives up (RecursionError) near 1000 deep
    assert len(deep) < app.config["MAX_CONTENT_LENGTH"]  # the parser sees it, not the size cap
    response = client.post("/api/transfers", data=deep, content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_request"


def test_a_body_over_the_cap_is_413(app, client, nothing_written):
    huge = b"[" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = client.post("/api/batches", data=huge, content_type="application/json")
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "request_entity_too_large"


def test_wrong_content_type_is_415(client, nothing_written):
    response = client.post("/api/transfers", data="from=1", content_type="text/plain")
    assert response.status_code == 415
    assert response.get_json()["error"]["code"] == "unsupported_media_type"


def test_flask_errors_have_the_same_shape(client):
    assert client.get("/api/nowhere").get_json()["error"]["code"] == "not_found"
    response = client.delete("/api/transfers")
    assert response.status_code == 405
    assert response.get_json()["error"]["code"] == "method_not_allowed"
