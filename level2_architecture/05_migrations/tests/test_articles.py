"""The articles API on the newest schema: slugs, lookups by slug, and bad input."""

import pytest
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
