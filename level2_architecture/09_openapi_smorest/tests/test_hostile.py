"""Hostile requests: a body not sent as JSON, JSON the parser chokes on, a body too big, an id in
digits that are not ASCII. Each gets a 4xx in flask-smorest's error shape, never a 500, and adds
nothing."""

import json

import pytest

BOOK = {"isbn": "9781449372620", "title": "Designing Data-Intensive Applications",
        "author": "Martin Kleppmann", "year": 2017}  # fmt: skip
WRITES = [("post", "/api/v1/books"), ("put", "/api/v1/books/1")]


@pytest.fixture
def error_of(client):
    """error_of(response, status): the error body, checked for flask-smorest's one shape; and
    checks that the books are still the two samples, unchanged."""
    samples = client.get("/api/v1/books").get_json()

    def read(response, status: int) -> dict:
        assert response.status_code == status
        assert response.mimetype == "application/json"
        body = response.get_json()
        assert body["code"] == status and isinstance(body["status"], str)
        assert set(body) <= {"code", "status", "message", "errors"}
        assert client.get("/api/v1/books").get_json() == samples
        return body

    return read


@pytest.mark.parametrize(("method", "url"), WRITES)
@pytest.mark.parametrize("content_type", [None, "text/plain", "application/x-www-form-urlencoded"])
def test_a_body_not_sent_as_json_is_415(client, error_of, method, url, content_type):
    response = getattr(client, method)(url, data=json.dumps(BOOK), content_type=content_type)

    assert error_of(response, 415) == {
        "code": 415,
        "status": "Unsupported Media Type",
        "message": "Content-Type must be application/json",
    }


@pytest.mark.parametrize(("method", "url"), WRITES)
@pytest.mark.parametrize(
    "body",
    [
        b"[" * 5_000 + b"]" * 5_000,  # deeper than Python's recursion limit: RecursionError
        b'{"a":' * 5_000 + b"1" + b"}" * 5_000,
        b'{"year": 1' + b"0" * 5_000 + b"}",  # int() refuses a number of more than 4,300 digits
        b'{"title": "\xff"}',  # not UTF-8
        b'{"title": ',
    ],
    ids=["array-5000-deep", "object-5000-deep", "5000-digit-number", "not-utf8", "truncated"],
)
def test_a_body_the_parser_cannot_read_is_400(client, error_of, method, url, body):
    response = getattr(client, method)(url, data=body, content_type="application/json")

    assert error_of(response, 400) == {
        "code": 400,
        "status": "Bad Request",
        "errors": {"json": ["Invalid JSON body."]},
    }


@pytest.mark.parametrize(
    "body",
    [b"[" * 100_000 + b"]" * 100_000, json.dumps(BOOK | {"title": "x" * 100_000}).encode()],
    ids=["array-100000-deep", "100-kB-title"],
)
def test_a_body_bigger_than_max_content_length_is_413(app, client, error_of, body):
    assert len(body) > app.config["MAX_CONTENT_LENGTH"]

    response = client.post("/api/v1/books", data=body, content_type="application/json")

    assert error_of(response, 413)["status"] == "Request Entity Too Large"


@pytest.mark.parametrize("method", ["get", "put", "delete"])
@pytest.mark.parametrize(
    "book_id",
    ["١", "１", "𝟏"],  # ARABIC-INDIC, FULLWIDTH, MATHEMATICAL BOLD DIGIT ONE: int() reads 1
    ids=["arabic-indic-1", "fullwidth-1", "math-bold-1"],
)
def test_an_id_in_non_ascii_digits_is_404(client, error_of, method, book_id):
    response = getattr(client, method)(f"/api/v1/books/{book_id}", json=BOOK)

    assert error_of(response, 404) == {"code": 404, "status": "Not Found"}
