"""The app tried as production would: concurrent clients, database limits, hostile bodies."""

from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

CLIENTS = 20


# --- Concurrent clients on a live threaded server -------------------------------------------------


def test_concurrent_posts_creating_the_same_new_tag_all_succeed(live_server, query):
    # 20 clients at once, each adding a book with the same two new tags: every request sees no
    # tag "concurrency" yet, and all try to INSERT it. One wins; the others must reuse its row.
    def post(n):
        body = {"title": f"Book {n}", "year": 2000, "author_id": 1,
                "tags": ["concurrency", "race", "math"]}  # fmt: skip
        return requests.post(f"{live_server}/books", json=body, timeout=30)

    with ThreadPoolExecutor(CLIENTS) as pool:
        responses = list(pool.map(post, range(CLIENTS)))

    assert [r.status_code for r in responses] == [201] * CLIENTS, [r.text for r in responses]
    assert all(r.json()["tags"] == ["concurrency", "math", "race"] for r in responses)
    assert query("SELECT name, count(*) FROM tag WHERE name IN ('concurrency', 'race', 'math')"
                 " GROUP BY name ORDER BY name") == [
        ("concurrency", 1), ("math", 1), ("race", 1),
    ]  # fmt: skip
    assert query("SELECT count(*) FROM book") == [(7 + CLIENTS,)]
    assert query(
        "SELECT count(*) FROM book_tags bt JOIN tag t ON t.id = bt.tag_id"
        " WHERE t.name = 'concurrency'"
    ) == [(CLIENTS,)]


# --- Database limits: 400 with a message, nothing written -----------------------------------------

BOOK = {"title": "T", "year": 2000, "author_id": 1, "tags": ["new-tag"]}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"tags": ["x" * 51]}, "each tag must be a non-empty string of at most 50 characters."),
        ({"tags": ["İ" * 26]}, "each tag must be"),  # 26 characters, 52 once lowercased
        ({"title": "x" * 201}, "title must be a non-empty string of at most 200 characters."),
        ({"year": 99999999999}, "year must be an integer from 1 to 9999."),
        ({"year": 2**31}, "year must be an integer from 1 to 9999."),
        ({"year": -5}, "year must be an integer from 1 to 9999."),
        ({"author_id": 2**63}, "No author with id 9223372036854775808."),
        ({"author_id": 2**31}, "No author with id 2147483648."),
        ({"author_id": True}, "No author with id True."),  # bool is an int in Python: not an id
        ({"title": "Nul\x00byte"}, "title must be text without NUL bytes or lone surrogates."),
        ({"tags": ["nul\x00"]}, "each tag must be text without NUL bytes or lone surrogates."),
    ],
    ids=["tag-51", "tag-longer-once-lowercased", "title-201", "year-huge", "year-2-31",
         "year-negative", "author-2-63", "author-2-31", "author-true", "nul-title", "nul-tag"],
)  # fmt: skip
def test_values_beyond_their_column_are_a_400_and_write_nothing(client, query, change, message):
    response = client.post("/books", json={**BOOK, **change})

    assert response.status_code == 400, response.text
    assert response.get_json()["error"].startswith(message)
    assert query("SELECT count(*) FROM book") == [(7,)]
    assert query("SELECT count(*) FROM tag") == [(4,)]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/stats/tags?min_books=²", "min_books must be a whole number of at least 1."),
        ("/stats/tags?min_books=٣", "min_books must be a whole number of at least 1."),
        ("/stats/tags?min_books=" + "9" * 5000, "min_books must be a whole number"),
        ("/stats/tags?min_books=99999999999", "min_books must be a whole number"),
        ("/books?tag=ma%00th", "Query and URL values cannot contain NUL bytes."),
        ("/stats/tags?min_books=2%00", "Query and URL values cannot contain NUL bytes."),
    ],
    ids=["superscript-two", "arabic-three", "5000-digits", "beyond-integer", "nul-tag",
         "nul-min-books"],
)  # fmt: skip
def test_bad_query_parameters_are_a_400(client, url, message):
    response = client.get(url)

    assert response.status_code == 400, response.text
    assert response.get_json()["error"].startswith(message)


# --- Hostile bodies: the app's own JSON error, never a 500 ----------------------------------------


@pytest.mark.parametrize(
    ("data", "content_type", "status", "message"),
    [
        ("[" * 100_000 + "]" * 100_000, "application/json", 400, "Send a JSON object."),
        ('{"title": "\\ud800", "year": 2000, "author_id": 1}', "application/json", 400,
         "title must be text without NUL bytes or lone surrogates."),
        ('{"title": "T", "year": 2000, "author_id": 1, "tags": ["\\udfff"]}', "application/json",
         400, "each tag must be text without NUL bytes or lone surrogates."),
        ('{"title": "T", "year": 1' + "0" * 5000 + ', "author_id": 1}', "application/json", 400,
         "Send a JSON object."),  # more digits than Python's int() accepts: a ValueError
        ('{"title": "T", "year": 1e999, "author_id": 1}', "application/json", 400,
         "year must be an integer"),  # inf
        ('{"title": ["T"], "year": 2000, "author_id": 1}', "application/json", 400,
         "title must be a non-empty string"),
        ('{"title": "T", "year": 2000, "author_id": 1, "tags": [1, 2]}', "application/json", 400,
         "tags must be a list of strings."),
        ('{"title": "T", "year": 2000, "author_id": "1"}', "application/json", 400,
         "No author with id '1'."),
        ('["T", 2000, 1]', "application/json", 400, "Send a JSON object."),
        ("{not json", "application/json", 400, "Send a JSON object."),
        ('{"title": "T", "year": 2000, "author_id": 1}', "text/plain", 415,
         "Send JSON, with Content-Type: application/json."),
        ("title=T&year=2000", "application/x-www-form-urlencoded", 415, "Send JSON, with"),
        ('{"title": "' + "x" * 1024 * 1024 + '"}', "application/json", 413,
         "The data value transmitted exceeds the capacity limit."),  # MAX_CONTENT_LENGTH
    ],
    ids=["nested-100000", "lone-surrogate-title", "lone-surrogate-tag", "huge-integer",
         "infinity", "title-list", "tags-numbers", "author-string", "array", "not-json",
         "text-plain", "form", "oversize"],
)  # fmt: skip
def test_hostile_bodies_get_the_apps_json_error(client, query, data, content_type, status, message):
    response = client.post("/books", data=data, content_type=content_type)

    assert response.status_code == status, response.text
    assert response.is_json
    assert response.get_json()["error"].startswith(message)
    assert query("SELECT count(*) FROM book") == [(7,)]
