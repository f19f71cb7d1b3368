"""The API of version 1.1.1 does what openapi.json says, and refuses hostile input with a 4xx in
flask-smorest's error shape, never a 500, adding nothing."""

import json

import pytest

BOOK = {"isbn": "9781449372620", "title": "Designing Data-Intensive Applications",
        "author": "Martin Kleppmann", "year": 2017}  # fmt: skip


@pytest.fixture
def error_of(client):
    """error_of(response, status): the error body, checked; and the books still the two samples."""
    samples = client.get("/api/v1/books").get_json()

    def read(response, status: int) -> dict:
        assert response.status_code == status
        assert response.mimetype == "application/json"
        body = response.get_json()
        assert body["code"] == status and set(body) <= {"code", "status", "message", "errors"}
        assert client.get("/api/v1/books").get_json() == samples
        return body

    return read


def test_list_create_and_read_as_documented(client):
    assert [b["id"] for b in client.get("/api/v1/books").get_json()] == [1, 2]
    created = client.post("/api/v1/books", json=BOOK)
    assert (created.status_code, created.get_json()) == (201, {"id": 3, **BOOK})
    assert client.get("/api/v1/books/3").get_json() == {"id": 3, **BOOK}


def test_year_is_optional_since_1_1_0(client):
    book = {k: v for k, v in BOOK.items() if k != "year"}
    assert client.post("/api/v1/books", json=book).get_json() == {"id": 3, **book, "year": None}


def test_a_duplicate_isbn_is_409_and_a_missing_book_404(client, error_of):
    assert error_of(client.post("/api/v1/books", json=BOOK | {"isbn": "9780132350884"}), 409)
    assert error_of(client.get("/api/v1/books/99"), 404)["message"] == "book 99 does not exist"


@pytest.mark.parametrize("book_id", ["١", "１", "-1", "1.0", "99999999999999999999999"])
def test_an_id_that_is_not_an_existing_ascii_number_is_404(client, error_of, book_id):
    assert error_of(client.get(f"/api/v1/books/{book_id}"), 404)


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/x-www-form-urlencoded"])
def test_a_body_not_sent_as_json_is_415(client, error_of, content_type):
    response = client.post("/api/v1/books", data=json.dumps(BOOK), content_type=content_type)
    assert error_of(response, 415)["message"] == "Content-Type must be application/json"


@pytest.mark.parametrize(
    "body",
    [b"[" * 5_000 + b"]" * 5_000, b'{"year": 1' + b"0" * 5_000 + b"}", b'{"title": "\xff"}', b"{"],
    ids=["5000-deep", "5000-digit-number", "not-utf8", "truncated"],
)
def test_a_body_the_parser_cannot_read_is_400(client, error_of, body):
    response = client.post("/api/v1/books", data=body, content_type="application/json")
    assert error_of(response, 400)["errors"] == {"json": ["Invalid JSON body."]}


def test_a_body_over_max_content_length_is_413(app, client, error_of):
    body = json.dumps(BOOK | {"title": "x" * 20_000}).encode()
    assert len(body) > app.config["MAX_CONTENT_LENGTH"]
    response = client.post("/api/v1/books", data=body, content_type="application/json")
    assert error_of(response, 413)


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"year": "2017"}, "year", "Not a valid integer."),
        ({"year": 10**30}, "year", "Must be greater than or equal to 1450 and less than or equal"),
        ({"title": ["a"]}, "title", "Not a valid string."),
        ({"title": "a\u0000b"}, "title", "Must not contain a NUL character."),
        ({"author": "\ud800"}, "author", "Not a valid utf-8 string."),
        ({"isbn": "9781449372620\n"}, "isbn", "Length must be 13."),
        ({"pages": 616}, "pages", "Unknown field."),
    ],
    ids=["year-string", "huge-year", "title-list", "nul", "surrogate", "isbn-newline", "unknown"],
)  # fmt: skip
def test_a_body_that_breaks_the_schema_is_422(client, error_of, change, field, message):
    response = client.post("/api/v1/books", json=BOOK | change)
    assert error_of(response, 422)["errors"]["json"][field][0].startswith(message)
