"""Hostile input: ids and strings the database cannot hold, bodies that break the JSON parser or
are too big. Each is a 400, 404, 413 or 422 in the API's error shape, never a 500, and nothing is
written."""

import json

import pytest

BOOK = {"isbn": "9780132350884", "title": "Clean Code", "author": "Robert C. Martin", "year": 2008}
OTHER = {"isbn": "9781491991732", "title": "Flask Web Development", "author": "Miguel Grinberg"}
TEXT = "must not contain a NUL character or a lone surrogate"


@pytest.fixture
def one_book(add_book, rows):
    add_book()
    return rows()


@pytest.mark.parametrize("method", ["get", "put", "patch", "delete"])
@pytest.mark.parametrize(
    "book_id",
    [
        str(2**63),  # one more than SQLite's (and PostgreSQL's BIGINT's) largest integer
        str(10**30),
        "١",  # ARABIC-INDIC DIGIT ONE: int() reads it as 1, Werkzeug's <int:> accepts it
        "１",  # FULLWIDTH DIGIT ONE
    ],
    ids=["2**63", "10**30", "arabic-indic-1", "fullwidth-1"],
)
def test_an_id_the_database_cannot_hold_is_a_404(client, one_book, rows, error_of, method, book_id):
    response = getattr(client, method)(f"/api/v1/books/{book_id}", json=OTHER)

    assert error_of(response, 404)["code"] == "not_found"
    assert rows() == one_book


def test_the_largest_id_is_an_ordinary_404(client, error_of):
    error = error_of(client.get(f"/api/v1/books/{2**63 - 1}"), 404)

    assert error["message"] == f"book {2**63 - 1} does not exist"


@pytest.mark.parametrize(
    ("fields", "details"),
    [
        ({"title": "x" * 201}, {"title": "must be a string of 1 to 200 characters"}),
        ({"author": "x" * 101}, {"author": "must be a string of 1 to 100 characters"}),
        ({"title": "Clean\x00Code"}, {"title": TEXT}),
        ({"author": "\x00"}, {"author": TEXT}),
        ({"title": "\ud800"}, {"title": TEXT}),  # sent as "\ud800": valid JSON, not valid text
        ({"author": "Bob \udfff"}, {"author": TEXT}),
        ({"year": 10**30}, {"year": "must be an integer from 1450 to 2100, or null"}),
        ({"year": float("inf")}, {"year": "must be an integer from 1450 to 2100, or null"}),
        ({"title": {"text": "x"}}, {"title": "must be a string of 1 to 200 characters"}),
    ],
)
@pytest.mark.parametrize(("method", "url"), [("post", "/api/v1/books"), ("put", "/api/v1/books/1")])
def test_a_value_the_column_cannot_hold_is_422(
    client, one_book, rows, error_of, method, url, fields, details
):
    body = json.dumps(OTHER | fields)  # json.dumps escapes a lone surrogate as \ud800

    response = getattr(client, method)(url, data=body, content_type="application/json")

    error = error_of(response, 422)
    assert error["details"] == details
    assert rows() == one_book


def test_text_as_long_as_its_column_is_accepted(client, rows):
    response = client.post("/api/v1/books", json=OTHER | {"title": "x" * 200, "author": "y" * 100})

    assert response.status_code == 201
    assert rows()[0][2:4] == ("x" * 200, "y" * 100)


def test_a_surrogate_pair_is_one_character_and_is_accepted(client):
    response = client.post(
        "/api/v1/books", data=json.dumps(OTHER | {"title": "Emoji \U0001f600"}),
        content_type="application/json",
    )  # fmt: skip

    assert response.status_code == 201
    assert response.get_json()["title"] == "Emoji \U0001f600"


@pytest.mark.parametrize(
    "body",
    [
        b"[" * 5_000 + b"]" * 5_000,  # deeper than Python's recursion limit: RecursionError
        b'{"a":' * 5_000 + b"1" + b"}" * 5_000,
        b'{"isbn": "9781491991732", "year": 1' + b"0" * 5_000 + b"}",  # int() refuses 4,300 digits
        b'{"title": "\xff"}',  # not UTF-8
    ],
    ids=["array-5000-deep", "object-5000-deep", "5000-digit-number", "not-utf8"],
)
@pytest.mark.parametrize("method", ["post", "patch"])
def test_a_body_the_parser_cannot_read_is_400(client, one_book, rows, error_of, method, body):
    url = "/api/v1/books" if method == "post" else "/api/v1/books/1"

    response = getattr(client, method)(url, data=body, content_type="application/json")

    assert error_of(response, 400)["code"] == "invalid_json"
    assert rows() == one_book


@pytest.mark.parametrize(
    "body",
    [
        b"[" * 100_000 + b"]" * 100_000,
        json.dumps(OTHER | {"title": "x" * 100_000}).encode(),
    ],
    ids=["array-100000-deep", "100-kB-title"],
)
def test_a_body_bigger_than_max_content_length_is_413(client, app, rows, error_of, body):
    assert len(body) > app.config["MAX_CONTENT_LENGTH"]

    response = client.post("/api/v1/books", data=body, content_type="application/json")

    assert error_of(response, 413)["code"] == "request_entity_too_large"
    assert rows() == []


def test_a_204_has_no_content_type(client, add_book):
    book = add_book()

    response = client.delete(f"/api/v1/books/{book['id']}")

    assert response.status_code == 204
    assert "Content-Type" not in response.headers
