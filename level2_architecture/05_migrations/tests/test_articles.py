"""The articles API on the newest schema: slugs, lookups by slug, bad input, concurrency."""

from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from sqlalchemy import create_engine, text


@pytest.fixture
def database(migrated_database):
    """The run's migrated database, its rows deleted (ids start at 1 again).

    These tests need the newest schema, not the way there: it is migrated once per run, and
    each test gets empty tables instead of a new database. It overrides conftest's `database`,
    so `app`, `client` and `sql` use it.
    """
    engine = create_engine(migrated_database.sqlalchemy_url)
    with engine.begin() as conn:
        conn.execute(text("TRUNCATE article RESTART IDENTITY"))
    engine.dispose()
    return migrated_database


def test_the_database_is_at_the_newest_revision(client):
    response = client.get("/health")

    assert response.status_code == 200
    assert response.get_json() == {"revision": "0003", "head": "0003"}


def test_the_app_writes_and_reads_articles_with_slugs(client):
    first = client.post("/articles", json={"title": " Hello, World! ", "body": "Hi"})
    second = client.post("/articles", json={"title": "Hello world"})

    assert first.status_code == 201
    assert first.get_json() == {
        "id": 1,
        "title": "Hello, World!",
        "slug": "hello-world",
        "body": "Hi",
    }
    assert second.status_code == 201
    assert second.get_json()["slug"] == "hello-world-2"
    assert client.get("/articles/hello-world-2").get_json()["title"] == "Hello world"
    assert client.get("/articles").get_json() == [
        {"id": 1, "title": "Hello, World!", "slug": "hello-world"},
        {"id": 2, "title": "Hello world", "slug": "hello-world-2"},
    ]
    missing = client.get("/articles/nope")
    assert missing.status_code == 404
    assert missing.get_json() == {"error": "No article with slug 'nope'."}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"title": ""}, "title must be a non-empty string of at most 200 characters."),
        ({"title": "x" * 201}, "title must be a non-empty string of at most 200 characters."),
        ({"title": "T", "body": 3}, "body must be a string."),
        (["not", "an", "object"], "Send a JSON object."),
    ],
    ids=["empty", "too-long", "body-number", "not-an-object"],
)
def test_bad_input_is_a_400_and_writes_nothing(client, sql, body, message):
    response = client.post("/articles", json=body)

    assert response.status_code == 400
    assert response.get_json() == {"error": message}
    assert sql("SELECT count(*) FROM article") == [(0,)]


# --- Tried as production would: concurrent clients, database limits, hostile bodies -------------

CLIENTS = 30


def test_concurrent_posts_of_one_title_all_get_their_own_slug(live_server, sql):
    # 30 clients at once post the same title: each request reads the slugs taken so far, and
    # several pick the same "next" one. The UNIQUE constraint refuses all but one; the others
    # must try the next slug, never answer a 500.
    def post(n):
        body = {"title": "Hello, World!", "body": f"client {n}"}
        return requests.post(f"{live_server}/articles", json=body, timeout=30)

    with ThreadPoolExecutor(CLIENTS) as pool:
        responses = list(pool.map(post, range(CLIENTS)))

    assert [r.status_code for r in responses] == [201] * CLIENTS, [r.text for r in responses]
    slugs = {r.json()["slug"] for r in responses}
    assert slugs == {"hello-world"} | {f"hello-world-{n}" for n in range(2, CLIENTS + 1)}
    assert sql("SELECT count(*), count(DISTINCT slug) FROM article") == [(CLIENTS, CLIENTS)]


def test_when_every_attempt_loses_the_answer_is_a_clean_409(client, sql, monkeypatch):
    client.post("/articles", json={"title": "Taken"})
    monkeypatch.setattr("articles.views.unique_slug", lambda title: "taken")  # always lose

    response = client.post("/articles", json={"title": "Taken"})

    assert response.status_code == 409
    assert response.get_json() == {"error": "Too many articles with this title at once: try again."}
    assert sql("SELECT count(*) FROM article") == [(1,)]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"title": "x" * 201}, "title must be a non-empty string of at most 200 characters."),
        ({"title": "Nul\x00byte"}, "title must be text without NUL bytes or lone surrogates."),
        ({"title": "T", "body": "nul\x00"}, "body must be text without NUL bytes"),
    ],
    ids=["title-201", "nul-title", "nul-body"],
)
def test_values_beyond_their_column_are_a_400_and_write_nothing(client, sql, body, message):
    response = client.post("/articles", json=body)

    assert response.status_code == 400, response.text
    assert response.get_json()["error"].startswith(message)
    assert sql("SELECT count(*) FROM article") == [(0,)]


def test_a_long_title_posted_twice_gets_a_suffixed_slug_that_fits_the_column(client):
    title = "a" * 200  # its slug alone fills String(200): "...-2" would not fit
    first = client.post("/articles", json={"title": title})
    second = client.post("/articles", json={"title": title})

    assert (first.status_code, second.status_code) == (201, 201), second.text
    slugs = [first.get_json()["slug"], second.get_json()["slug"]]
    assert slugs[1] == slugs[0] + "-2"
    assert all(len(slug) <= 200 for slug in slugs)


@pytest.mark.parametrize(
    "url", ["/articles/a%00b", "/articles?x=%00"], ids=["nul-slug", "nul-query"]
)
def test_nul_bytes_in_the_url_are_a_400(client, url):
    response = client.get(url)

    assert response.status_code == 400, response.text
    assert response.get_json() == {"error": "Query and URL values cannot contain NUL bytes."}


@pytest.mark.parametrize(
    ("data", "content_type", "status", "message"),
    [
        ("[" * 100_000 + "]" * 100_000, "application/json", 400, "Send a JSON object."),
        ('{"title": "\\ud800"}', "application/json", 400,
         "title must be text without NUL bytes or lone surrogates."),
        ('{"title": "T", "body": "\\udfff"}', "application/json", 400,
         "body must be text without NUL bytes or lone surrogates."),
        ('{"title": 1' + "0" * 5000 + "}", "application/json", 400, "Send a JSON object."),
        ('{"title": 1e999}', "application/json", 400, "title must be a non-empty string"),
        ('{"title": ["T"]}', "application/json", 400, "title must be a non-empty string"),
        ('{"title": "T", "body": {"text": "B"}}', "application/json", 400,
         "body must be a string."),
        ("{not json", "application/json", 400, "Send a JSON object."),
        ('{"title": "T"}', "text/plain", 415, "Send JSON, with Content-Type: application/json."),
        ("title=T", "application/x-www-form-urlencoded", 415, "Send JSON, with"),
        ('{"title": "T", "body": "' + "x" * 1024 * 1024 + '"}', "application/json", 413,
         "The data value transmitted exceeds the capacity limit."),  # MAX_CONTENT_LENGTH
    ],
    ids=["nested-100000", "lone-surrogate-title", "lone-surrogate-body", "huge-integer",
         "infinity", "title-list", "body-object", "not-json", "text-plain", "form", "oversize"],
)  # fmt: skip
def test_hostile_bodies_get_the_apps_json_error(client, sql, data, content_type, status, message):
    response = client.post("/articles", data=data, content_type=content_type)

    assert response.status_code == status, response.text
    assert response.is_json
    assert response.get_json()["error"].startswith(message)
    assert sql("SELECT count(*) FROM article") == [(0,)]
