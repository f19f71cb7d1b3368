"""Every error is JSON of one shape, with the status code that names the problem,
and a refused request changes nothing."""

import json

import pytest

BOOK = {"isbn": "9780132350884", "title": "Clean Code", "author": "Robert C. Martin", "year": 2008}
OTHER = {"isbn": "9781491991732", "title": "Flask Web Development", "author": "Miguel Grinberg"}
WRITES = [("post", "/api/v1/books"), ("put", "/api/v1/books/1"), ("patch", "/api/v1/books/1")]


@pytest.fixture
def one_book(add_book, rows):
    """One book in the table, and the rows as they are: a refused request must leave them so."""
    add_book()
    return rows()


@pytest.mark.parametrize(("method", "url"), WRITES)
@pytest.mark.parametrize("content_type", [None, "text/plain", "application/x-www-form-urlencoded"])
def test_a_body_not_sent_as_json_is_415(
    client, one_book, rows, error_of, method, url, content_type
):
    response = getattr(client, method)(url, data=json.dumps(OTHER), content_type=content_type)

    error = error_of(response, 415)
    assert error["code"] == "unsupported_media_type"
    assert error["message"] == "Content-Type must be application/json"
    assert rows() == one_book


@pytest.mark.parametrize(("method", "url"), WRITES)
@pytest.mark.parametrize("body", ['{"title": ', "", "{'title': 'x'}", "title=x"])
def test_a_body_that_is_not_json_is_400(client, one_book, rows, error_of, method, url, body):
    response = getattr(client, method)(url, data=body, content_type="application/json")

    error = error_of(response, 400)
    assert (error["code"], error["message"]) == (
        "invalid_json",
        "the request body is not valid JSON",
    )
    assert rows() == one_book


@pytest.mark.parametrize(
    ("body", "details"),
    [
        ({}, {"isbn": "is required", "title": "is required", "author": "is required"}),
        (BOOK | {"isbn": "978013235088"}, {"isbn": "must be a string of 13 digits"}),
        (BOOK | {"isbn": "978013235088X"}, {"isbn": "must be a string of 13 digits"}),
        (BOOK | {"isbn": 9780132350884}, {"isbn": "must be a string of 13 digits"}),
        (BOOK | {"isbn": "٩٧٨٠١٣٢٣٥٠٨٨٤"}, {"isbn": "must be a string of 13 digits"}),
        (BOOK | {"title": "   "}, {"title": "must be a string of 1 to 200 characters"}),
        (BOOK | {"title": "x" * 201}, {"title": "must be a string of 1 to 200 characters"}),
        (BOOK | {"title": None}, {"title": "must be a string of 1 to 200 characters"}),
        (BOOK | {"author": ["Bob"]}, {"author": "must be a string of 1 to 100 characters"}),
        (BOOK | {"year": "2008"}, {"year": "must be an integer from 1450 to 2100, or null"}),
        (BOOK | {"year": 2008.5}, {"year": "must be an integer from 1450 to 2100, or null"}),
        (BOOK | {"year": True}, {"year": "must be an integer from 1450 to 2100, or null"}),
        (BOOK | {"year": 1066}, {"year": "must be an integer from 1450 to 2100, or null"}),
        (BOOK | {"id": 5}, {"id": "unknown field"}),
        (
            {"isbn": "1", "title": "", "pages": 464},
            {
                "isbn": "must be a string of 13 digits",
                "title": "must be a string of 1 to 200 characters",
                "author": "is required",
                "pages": "unknown field",
            },
        ),
        ([BOOK], {"_schema": "must be an object, got an array"}),
        ("Clean Code", {"_schema": "must be an object, got a string"}),
        (None, {"_schema": "must be an object, got null"}),
        (2008, {"_schema": "must be an object, got a number"}),
    ],
)
def test_valid_json_that_is_not_a_valid_book_is_422_naming_each_field(
    client, rows, error_of, body, details
):
    response = client.post("/api/v1/books", data=json.dumps(body), content_type="application/json")

    error = error_of(response, 422)
    assert error["code"] == "validation_failed"
    assert error["details"] == details
    assert rows() == []


def test_put_needs_every_required_field_but_patch_does_not(client, one_book, rows, error_of):
    error = error_of(client.put("/api/v1/books/1", json={"title": "New"}), 422)

    assert error["details"] == {"isbn": "is required", "author": "is required"}
    assert rows() == one_book
    assert client.patch("/api/v1/books/1", json={"title": "New"}).status_code == 200


def test_patch_checks_the_fields_it_gets(client, one_book, rows, error_of):
    error = error_of(client.patch("/api/v1/books/1", json={"year": "soon", "title": "New"}), 422)

    assert error["details"] == {"year": "must be an integer from 1450 to 2100, or null"}
    assert rows() == one_book  # the valid title was not written either


def test_a_duplicate_isbn_is_409(client, one_book, rows, error_of):
    response = client.post("/api/v1/books", json=OTHER | {"isbn": BOOK["isbn"]})

    error = error_of(response, 409)
    assert error["code"] == "conflict"
    assert error["message"] == "a book with ISBN 9780132350884 already exists"
    assert error["details"] == {"isbn": "already used by another book"}
    assert rows() == one_book


@pytest.mark.parametrize("method", ["put", "patch"])
def test_taking_another_book_s_isbn_is_409_and_changes_nothing(
    client, one_book, add_book, rows, error_of, method
):
    second = add_book(**OTHER)
    before = rows()

    body = OTHER | {"isbn": BOOK["isbn"]} if method == "put" else {"isbn": BOOK["isbn"]}
    response = getattr(client, method)(f"/api/v1/books/{second['id']}", json=body)

    assert error_of(response, 409)["code"] == "conflict"
    assert rows() == before


@pytest.mark.parametrize("url", ["/api/v1/nothing", "/api/v1/books/abc", "/api/v1/books/1/x"])
def test_an_unknown_url_under_the_api_is_a_json_404(client, error_of, url):
    error = error_of(client.get(url), 404)

    assert error["code"] == "not_found"


@pytest.mark.parametrize(
    ("method", "url", "allowed"),
    [
        ("delete", "/api/v1/books", {"GET", "HEAD", "OPTIONS", "POST"}),
        ("put", "/api/v1/books", {"GET", "HEAD", "OPTIONS", "POST"}),
        ("post", "/api/v1/books/1", {"GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE"}),
    ],
)
def test_a_method_the_url_does_not_have_is_a_json_405_with_allow(
    client, one_book, rows, error_of, method, url, allowed
):
    response = getattr(client, method)(url, json=OTHER)

    error = error_of(response, 405)
    assert error["code"] == "method_not_allowed"
    assert set(response.headers["Allow"].split(", ")) == allowed
    assert rows() == one_book


def test_a_crash_under_the_api_is_a_json_500_that_hides_the_details(app, error_of):
    @app.get("/api/v1/crash")
    def crash():
        raise RuntimeError("secret database password in this message")

    app.config["PROPAGATE_EXCEPTIONS"] = False  # answer as in production, not raise into the test
    response = app.test_client().get("/api/v1/crash")

    error = error_of(response, 500)
    assert error["code"] == "internal_server_error"
    assert "secret" not in response.get_data(as_text=True)


def test_errors_outside_the_api_keep_flask_s_html_pages(client):
    response = client.get("/nothing")

    assert response.status_code == 404
    assert response.mimetype == "text/html"
