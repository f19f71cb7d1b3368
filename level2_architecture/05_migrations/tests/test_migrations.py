"""The committed migrations build, change and undo the schema of a fresh PostgreSQL database."""

import flask_migrate
import pytest
from alembic.autogenerate import produce_migrations
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from app import db
from sqlalchemy.exc import IntegrityError

FINAL = {"id": False, "title": False, "body": False, "slug": False}


def upgrade(app, revision="head"):
    with app.app_context():
        flask_migrate.upgrade(revision=revision)


def downgrade(app, revision):
    with app.app_context():
        flask_migrate.downgrade(revision=revision)


# --- The migrations folder --------------------------------------------------------------------


def test_three_revisions_in_one_line(app):
    with app.app_context():
        script = ScriptDirectory.from_config(flask_migrate.Migrate().get_config())
        chain = [(r.revision, r.down_revision) for r in script.walk_revisions("base", "heads")]

    assert list(reversed(chain)) == [("0001", None), ("0002", "0001"), ("0003", "0002")]
    assert script.get_heads() == ["0003"]


# --- The real `flask db` command line ---------------------------------------------------------


def test_flask_db_upgrade_reaches_the_models_with_no_autogenerate_diff(
    flask_db, columns, autogenerate_diff
):
    result = flask_db("upgrade")

    assert result.returncode == 0, result.stderr
    assert "Running upgrade  -> 0001, create article table" in result.stderr
    assert "Running upgrade 0002 -> 0003, fill article slugs" in result.stderr
    assert columns() == (
        {"alembic_version": {"version_num": False}, "article": FINAL},
        {"uq_article_slug"},
    )
    assert autogenerate_diff() == []  # alembic's compare_metadata: models == database

    check = flask_db("check")  # what CI would run: fails if a migration is missing
    assert check.returncode == 0
    assert "No new upgrade operations detected." in check.stdout + check.stderr


def test_flask_db_downgrade_to_base_and_back(app, flask_db, columns, autogenerate_diff):
    upgrade(app)

    down = flask_db("downgrade", "base")

    assert down.returncode == 0, down.stderr
    assert "Running downgrade 0001 -> , create article table" in down.stderr
    assert columns() == ({"alembic_version": {"version_num": False}}, set())

    upgrade(app)
    assert columns()[0]["article"] == FINAL
    assert autogenerate_diff() == []


def test_flask_db_check_fails_when_the_database_is_behind(app, flask_db):
    upgrade(app, "0002")

    check = flask_db("check")

    assert check.returncode != 0
    assert "Target database is not up to date." in check.stderr


# --- Step by step, with the Python API (flask_migrate.upgrade / downgrade) ---------------------


def test_each_revision_changes_the_schema_and_undoes_it(app, columns, autogenerate_diff):
    assert columns() == ({}, set())  # create_app() made no table: migrations own the schema

    upgrade(app, "0001")
    assert columns()[0]["article"] == {"id": False, "title": False, "body": False}
    upgrade(app, "0002")
    assert columns()[0]["article"] == {"id": False, "title": False, "body": False, "slug": True}
    assert columns()[1] == set()
    # the models are ahead of revision 0002: autogenerate would add NOT NULL and the constraint
    changes = [c[0][0] if isinstance(c, list) else c[0] for c in autogenerate_diff()]
    assert sorted(changes) == ["add_constraint", "modify_nullable"]
    upgrade(app, "0003")
    assert columns() == (
        {"alembic_version": {"version_num": False}, "article": FINAL},
        {"uq_article_slug"},
    )
    with app.app_context(), db.engine.connect() as conn:
        assert produce_migrations(
            MigrationContext.configure(conn), db.metadata
        ).upgrade_ops.is_empty()

    downgrade(app, "0002")
    assert columns() == (
        {"alembic_version": {"version_num": False}, "article": {**FINAL, "slug": True}},
        set(),
    )
    downgrade(app, "0001")
    assert "slug" not in columns()[0]["article"]
    downgrade(app, "base")
    assert columns() == ({"alembic_version": {"version_num": False}}, set())


# --- The data migration (0003) -----------------------------------------------------------------

TITLES = ["Hello, World!", "hello world", "Crème brûlée", "???", "Hello World"]


@pytest.fixture
def old_rows(app, sql):
    """Articles written at revision 0002, before any slug existed."""
    upgrade(app, "0002")
    for title in TITLES:
        sql("INSERT INTO article (title, body) VALUES (:title, :body)", title=title, body=title[:3])
    assert sql("SELECT count(*) FROM article WHERE slug IS NULL") == [(5,)]


def test_the_data_migration_fills_every_slug_from_the_title(app, sql, old_rows):
    upgrade(app, "0003")

    assert sql("SELECT id, title, body, slug FROM article ORDER BY id") == [
        (1, "Hello, World!", "Hel", "hello-world"),
        (2, "hello world", "hel", "hello-world-2"),  # the same slug would break UNIQUE
        (3, "Crème brûlée", "Crè", "creme-brulee"),
        (4, "???", "???", "article"),
        (5, "Hello World", "Hel", "hello-world-3"),
    ]


def test_after_the_data_migration_slug_is_required_and_unique(app, sql, old_rows):
    upgrade(app, "0003")

    with pytest.raises(IntegrityError, match="null value in column"):
        sql("INSERT INTO article (title, body) VALUES ('No slug', '')")
    with pytest.raises(IntegrityError, match="uq_article_slug"):
        sql("INSERT INTO article (title, body, slug) VALUES ('Dup', '', 'hello-world')")
    assert sql("SELECT count(*) FROM article") == [(5,)]


def test_downgrading_the_data_migration_keeps_the_rows_and_upgrading_again_works(
    app, sql, old_rows
):
    upgrade(app, "0003")
    before = sql("SELECT id, title, slug FROM article ORDER BY id")

    downgrade(app, "0002")
    assert sql("SELECT id, title, slug FROM article ORDER BY id") == before  # nothing lost
    sql("INSERT INTO article (title, body) VALUES ('Hello world', '')")  # NULL is allowed again

    upgrade(app, "0003")
    assert sql("SELECT id, title, slug FROM article ORDER BY id") == [
        *before,
        (6, "Hello world", "hello-world-4"),  # only the new row was filled, next to the others
    ]


# --- The app on the migrated schema --------------------------------------------------------------


def test_health_is_503_until_the_database_is_migrated(app):
    client = app.test_client()

    response = client.get("/health")
    assert response.status_code == 503
    assert response.get_json() == {"revision": None, "head": "0003"}

    upgrade(app, "0002")
    assert client.get("/health").status_code == 503

    upgrade(app)
    response = client.get("/health")
    assert response.status_code == 200
    assert response.get_json() == {"revision": "0003", "head": "0003"}


def test_the_app_writes_and_reads_articles_with_slugs(app, sql):
    upgrade(app)
    client = app.test_client()

    first = client.post("/articles", json={"title": " Hello, World! ", "body": "Hi"})
    second = client.post("/articles", json={"title": "Hello world"})

    assert first.status_code == 201
    assert first.get_json() == {
        "id": 1,
        "title": "Hello, World!",
        "slug": "hello-world",
        "body": "Hi",
    }
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
def test_bad_input_is_a_400_and_writes_nothing(app, sql, body, message):
    upgrade(app)

    response = app.test_client().post("/articles", json=body)

    assert response.status_code == 400
    assert response.get_json() == {"error": message}
    assert sql("SELECT count(*) FROM article") == [(0,)]
