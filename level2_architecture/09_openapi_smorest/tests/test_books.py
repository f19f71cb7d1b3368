"""The API does what its spec says, checked by hand on the cases that matter most."""

import pytest

BOOK = {
    "isbn": "9781449372620",
    "title": "Designing Data-Intensive Applications",
    "author": "Martin Kleppmann",
    "year": 2017,
}


def test_the_list_holds_the_sample_books(client):
    response = client.get("/api/v1/books")

    assert response.status_code == 200
    assert [book["title"] for book in response.get_json()] == [
        "Clean Code",
        "Flask Web Development",
    ]


def test_the_list_filters_by_author(client):
    response = client.get("/api/v1/books?author=grinBERG")

    assert [book["id"] for book in response.get_json()] == [2]


def test_post_creates_a_book(client):
    response = client.post("/api/v1/books", json=BOOK)

    assert response.status_code == 201
    assert response.get_json() == {"id": 3, **BOOK}
    assert client.get("/api/v1/books/3").get_json() == {"id": 3, **BOOK}


def test_each_new_book_gets_the_next_id_and_replaces_none(client):
    ids = [
        client.post("/api/v1/books", json=BOOK | {"isbn": isbn}).get_json()["id"]
        for isbn in ("9780000000003", "9780000000004", "9780000000005")
    ]

    assert ids == [3, 4, 5]
    assert [book["id"] for book in client.get("/api/v1/books").get_json()] == [1, 2, 3, 4, 5]


def test_year_defaults_to_null(client):
    response = client.post("/api/v1/books", json=BOOK | {"year": None})

    assert response.status_code == 201
    assert response.get_json()["year"] is None


def test_put_replaces_and_delete_removes(client):
    put = client.put("/api/v1/books/1", json={k: v for k, v in BOOK.items() if k != "year"})
    delete = client.delete("/api/v1/books/1")

    assert put.status_code == 200
    assert put.get_json() == {"id": 1, **BOOK, "year": None}
    assert (delete.status_code, delete.data) == (204, b"")
    assert client.get("/api/v1/books/1").status_code == 404


def test_a_missing_book_is_a_json_404(client):
    response = client.get("/api/v1/books/99")

    assert response.status_code == 404
    assert response.get_json() == {
        "code": 404,
        "status": "Not Found",
        "message": "book 99 does not exist",
    }


def test_a_duplicate_isbn_is_409_and_adds_nothing(client):
    response = client.post("/api/v1/books", json=BOOK | {"isbn": "9780132350884"})

    assert response.status_code == 409
    assert response.get_json()["message"] == "a book with ISBN 9780132350884 already exists"
    assert len(client.get("/api/v1/books").get_json()) == 2


MUST_BE_13 = "Length must be 13."
NO_MATCH = "String does not match expected pattern."
NOT_INT = "Not a valid integer."
OUT_OF_RANGE = "Must be greater than or equal to 1450 and less than or equal to 2100."


@pytest.mark.parametrize(
    ("change", "errors"),
    [
        ({"isbn": "978144937262"}, {"isbn": [NO_MATCH, MUST_BE_13]}),
        ({"isbn": "9781449372620\n"}, {"isbn": [MUST_BE_13]}),  # Python's `$` let this through
        ({"isbn": "٩٧٨١٤٤٩٣٧٢٦٢٠"}, {"isbn": [NO_MATCH]}),  # Arabic-Indic digits: [0-9] only
        ({"year": "2017"}, {"year": [NOT_INT]}),  # strict=True
        ({"year": 2017.0}, {"year": [NOT_INT]}),
        ({"year": True}, {"year": [NOT_INT]}),
        ({"year": 1066}, {"year": [OUT_OF_RANGE]}),
        ({"title": ""}, {"title": ["Length must be between 1 and 200."]}),
        ({"title": "\ud800"}, {"title": ["Not a valid utf-8 string."]}),  # a lone surrogate
        ({"author": "Bob \udfff"}, {"author": ["Not a valid utf-8 string."]}),
        ({"title": "Dune\x00"}, {"title": ["Must not contain a NUL character."]}),
        ({"author": "\x00"}, {"author": ["Must not contain a NUL character."]}),
        ({"id": 7}, {"id": ["Unknown field."]}),  # dump_only: the server picks ids
        ({"pages": 464}, {"pages": ["Unknown field."]}),
    ],
)
def test_a_body_that_breaks_the_schema_is_422_and_adds_nothing(client, change, errors):
    response = client.post("/api/v1/books", json=BOOK | change)

    assert response.status_code == 422
    assert response.get_json() == {
        "code": 422,
        "status": "Unprocessable Entity",
        "errors": {"json": errors},
    }
    assert len(client.get("/api/v1/books").get_json()) == 2


def test_a_405_says_which_methods_are_allowed(client):
    response = client.delete("/api/v1/books")

    assert response.status_code == 405
    assert response.get_json() == {"code": 405, "status": "Method Not Allowed"}
    assert response.headers["Allow"] == "GET, HEAD, OPTIONS, POST"
