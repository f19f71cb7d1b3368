"""Hostile bodies: what does not parse is a 400 problem, what parses but is no book a 422 problem
naming the field, too big a 413, not JSON a 415; never a 500, in JSON or HTML; nothing added."""

import json

import pytest

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
BOOK = {"isbn": "9781449372620", "title": "Designing Data-Intensive Applications", "author": "MK"}
TEXT = "must not contain a NUL character or a lone surrogate"

UNPARSABLE = {
    "array-5000-deep": b"[" * 5_000 + b"]" * 5_000,  # deeper than the recursion limit
    "object-2000-deep": b'{"a":' * 2_000 + b"1" + b"}" * 2_000,
    "5000-digit-number": b'{"year": 1' + b"0" * 5_000 + b"}",  # int() refuses 4,300 digits
    "raw-nul-byte": b'{"title": "a\x00b"}',  # a control character inside a string: not JSON
    "not-utf8": b'{"title": "\xff"}',
    "empty": b"",
    "single-quotes": b"{'title': 'x'}",
}


@pytest.fixture
def books(client):
    """books(): the list as the API gives it, to check that a refused request added nothing."""
    return lambda: client.get("/api/v1/books").get_json()["books"]


@pytest.mark.parametrize("body", UNPARSABLE.values(), ids=UNPARSABLE)
def test_a_body_that_does_not_parse_is_a_400_problem(client, problem_of, books, body):
    before = books()

    response = client.post("/api/v1/books", data=body, content_type="application/json")

    problem = problem_of(response, 400, path="/api/v1/books")
    assert problem["detail"] == "the request body is not valid JSON"
    assert books() == before


@pytest.mark.parametrize("body", UNPARSABLE.values(), ids=UNPARSABLE)
def test_a_browser_gets_the_400_as_a_page(client, page_of, body):
    response = client.post(
        "/api/v1/books", data=body, content_type="application/json", headers={"Accept": BROWSER}
    )

    assert "the request body is not valid JSON" in page_of(response, 400)


WRONG = [
    ([], "", "must be an object, got an array"),
    ("book", "", "must be an object, got a string"),
    (None, "", "must be an object, got null"),
    (12, "", "must be an object, got a number"),
    (BOOK | {"title": {"text": "x"}}, "/title", "must be a string of 1 to 200 characters"),
    (BOOK | {"title": ["x"]}, "/title", "must be a string of 1 to 200 characters"),
    (BOOK | {"isbn": 9781449372620}, "/isbn", "must be a string of 13 digits"),
    (BOOK | {"year": "2008"}, "/year", "must be an integer from 1450 to 2100, or null"),
    (BOOK | {"year": True}, "/year", "must be an integer from 1450 to 2100, or null"),
    (BOOK | {"year": 10**30}, "/year", "must be an integer from 1450 to 2100, or null"),
    (BOOK | {"year": float("nan")}, "/year", "must be an integer from 1450 to 2100, or null"),
    (BOOK | {"year": 1e400}, "/year", "must be an integer from 1450 to 2100, or null"),  # inf
    (BOOK | {"title": "a\x00b"}, "/title", TEXT),  # sent escaped, "\u0000": valid JSON
    (BOOK | {"author": "\ud800"}, "/author", TEXT),  # a lone surrogate
    (BOOK | {"\ud800": 1}, "/\\ud800", "unknown field"),  # a key that is no text at all
    (BOOK | {"a" * 1000: 1}, "/" + "a" * 1000, "unknown field"),
]


@pytest.mark.parametrize(("body", "pointer", "detail"), WRONG)
def test_valid_json_that_is_no_book_is_a_422_problem_naming_the_field(
    client, problem_of, books, body, pointer, detail
):
    before = books()
    data = json.dumps(body)  # escapes NUL and lone surrogates as \u0000 and \ud800

    response = client.post("/api/v1/books", data=data, content_type="application/json")

    problem = problem_of(response, 422, path="/api/v1/books")
    assert problem["errors"] == [{"pointer": pointer, "detail": detail}]
    assert books() == before


@pytest.mark.parametrize(("body", "pointer", "detail"), WRONG)
def test_a_browser_gets_the_422_as_a_page(client, page_of, body, pointer, detail):
    response = client.post(
        "/api/v1/books",
        data=json.dumps(body),
        content_type="application/json",
        headers={"Accept": BROWSER},
    )

    assert detail in page_of(response, 422)


@pytest.mark.parametrize(
    "body",
    [b"[" * 100_000 + b"]" * 100_000, json.dumps(BOOK | {"title": "x" * 20_000}).encode()],
    ids=["array-100000-deep", "20-kB-title"],
)
@pytest.mark.parametrize("accept", [None, BROWSER])
def test_a_body_over_max_content_length_is_a_413(client, app, books, body, accept):
    assert len(body) > app.config["MAX_CONTENT_LENGTH"]

    response = client.post(
        "/api/v1/books", data=body, content_type="application/json", headers={"Accept": accept}
    )

    assert response.status_code == 413
    assert response.mimetype == ("text/html" if accept else "application/problem+json")
    assert len(books()) == 2


@pytest.mark.parametrize(
    "content_type",
    [None, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"],
)
def test_a_body_not_sent_as_json_is_a_415_problem(client, problem_of, books, content_type):
    response = client.post("/api/v1/books", data=json.dumps(BOOK), content_type=content_type)

    problem_of(response, 415, path="/api/v1/books")
    assert len(books()) == 2


@pytest.mark.parametrize("url", ["/api/v1/books/١", "/api/v1/books/" + "9" * 5000, "/api/v1/%00"])
def test_hostile_urls_are_404_problems(client, problem_of, url):
    """١ (ARABIC-INDIC DIGIT ONE) would be book 1 for Werkzeug's <int:>; a 5000-digit id is no
    book either."""
    problem_of(client.get(url), 404)
