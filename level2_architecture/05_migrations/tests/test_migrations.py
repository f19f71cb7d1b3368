"""The committed migrations build, change and undo the schema of an empty PostgreSQL database."""

import pytest
from alembic.autogenerate import produce_migrations
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from articles.extensions import db, migrate
from sqlalchemy.exc import IntegrityError

FINAL = {"id": False, "title": False, "body": False, "slug": False}


# --- The migrations folder --------------------------------------------------------------------


def test_three_revisions_in_one_line(app):
    with app.app_context():
        script = ScriptDirectory.from_config(migrate.get_config())
        chain = [(r.revision, r.down_revision) for r in script.walk_revisions("base", "heads")]

    assert list(reversed(chain)) == [("0001", None), ("0002", "0001"), ("0003", "0002")]
    assert script.get_heads() == ["0003"]


# --- The `flask db` command line ----------------------------------------------------------------


def test_flask_db_upgrade_reaches_the_models_with_no_autogenerate_diff(
    flask_db, runner, columns, autogenerate_diff
):
    result = flask_db("upgrade")  # the README's command, in a process of its own

    assert result.returncode == 0, result.stderr
    assert "Running upgrade  -> 0001, create article table" in result.stderr
    assert "Running upgrade 0002 -> 0003, fill article slugs" in result.stderr
    assert columns() == (
        {"alembic_version": {"version_num": False}, "article": FINAL},
        {"uq_article_slug"},
    )
    assert autogenerate_diff() == []  # alembic's compare_metadata: models == database

    # What CI would run: it exits with 1 when the database is behind or a migration is missing.
    check = runner.invoke(args=["db", "check"])
    assert check.exit_code == 0, check.output
    assert "Error" not in check.output


def test_flask_db_downgrade_to_base_and_back(runner, migrations, columns, autogenerate_diff):
    migrations.upgrade()

    down = runner.invoke(args=["db", "downgrade", "base"])

    assert down.exit_code == 0, down.output
    assert "Running downgrade 0001 -> , create article table" in down.stderr
    assert columns() == ({"alembic_version": {"version_num": False}}, set())

    up = runner.invoke(args=["db", "upgrade"])
    assert up.exit_code == 0, up.output
    assert columns()[0]["article"] == FINAL
    assert autogenerate_diff() == []


def test_flask_db_check_fails_when_the_database_is_behind(runner, migrations):
    migrations.upgrade("0002")

    check = runner.invoke(args=["db", "check"])

    assert check.exit_code != 0
    assert "Target database is not up to date." in check.stderr


# --- Step by step, with the Python API (flask_migrate.upgrade / downgrade) ---------------------


def test_each_revision_changes_the_schema_and_undoes_it(
    app, migrations, columns, autogenerate_diff
):
    assert columns() == ({}, set())  # create_app() made no table: migrations own the schema

    migrations.upgrade("0001")
    assert columns()[0]["article"] == {"id": False, "title": False, "body": False}
    migrations.upgrade("0002")
    assert columns()[0]["article"] == {"id": False, "title": False, "body": False, "slug": True}
    assert columns()[1] == set()
    # the models are ahead of revision 0002: autogenerate would add NOT NULL and the constraint
    changes = [c[0][0] if isinstance(c, list) else c[0] for c in autogenerate_diff()]
    assert sorted(changes) == ["add_constraint", "modify_nullable"]
    migrations.upgrade("0003")
    assert columns() == (
        {"alembic_version": {"version_num": False}, "article": FINAL},
        {"uq_article_slug"},
    )
    with app.app_context(), db.engine.connect() as conn:
        assert produce_migrations(
            MigrationContext.configure(conn), db.metadata
        ).upgrade_ops.is_empty()

    migrations.downgrade("0002")
    assert columns() == (
        {"alembic_version": {"version_num": False}, "article": {**FINAL, "slug": True}},
        set(),
    )
    migrations.downgrade("0001")
    assert "slug" not in columns()[0]["article"]
    migrations.downgrade("base")
    assert columns() == ({"alembic_version": {"version_num": False}}, set())


# --- The data migration (0003) -----------------------------------------------------------------

TITLES = ["Hello, World!", "hello world", "Crème brûlée", "???", "Hello World"]


@pytest.fixture
def old_rows(migrations, sql):
    """Articles written at revision 0002, before any slug existed."""
    migrations.upgrade("0002")
    for title in TITLES:
        sql("INSERT INTO article (title, body) VALUES (:title, :body)", title=title, body=title[:3])
    assert sql("SELECT count(*) FROM article WHERE slug IS NULL") == [(5,)]


def test_the_data_migration_fills_every_slug_from_the_title(migrations, sql, old_rows):
    migrations.upgrade("0003")

    assert sql("SELECT id, title, body, slug FROM article ORDER BY id") == [
        (1, "Hello, World!", "Hel", "hello-world"),
        (2, "hello world", "hel", "hello-world-2"),  # the same slug would break UNIQUE
        (3, "Crème brûlée", "Crè", "creme-brulee"),
        (4, "???", "???", "article"),
        (5, "Hello World", "Hel", "hello-world-3"),
    ]


def test_the_data_migration_keeps_slugs_that_rows_already_have(migrations, sql):
    migrations.upgrade("0002")
    sql("INSERT INTO article (title, body) VALUES ('First', '')")
    sql("INSERT INTO article (title, body, slug) VALUES ('Second', '', 'first')")
    sql("INSERT INTO article (title, body) VALUES ('Third', '')")

    migrations.upgrade("0003")

    assert sql("SELECT id, title, slug FROM article ORDER BY id") == [
        (1, "First", "first-2"),  # "first" was already taken, by a later row
        (2, "Second", "first"),  # a row that had a slug keeps it
        (3, "Third", "third"),
    ]


def test_after_the_data_migration_slug_is_required_and_unique(migrations, sql, old_rows):
    migrations.upgrade("0003")

    with pytest.raises(IntegrityError, match="null value in column"):
        sql("INSERT INTO article (title, body) VALUES ('No slug', '')")
    with pytest.raises(IntegrityError, match="uq_article_slug"):
        sql("INSERT INTO article (title, body, slug) VALUES ('Dup', '', 'hello-world')")
    assert sql("SELECT count(*) FROM article") == [(5,)]


def test_downgrading_the_data_migration_keeps_the_rows_and_upgrading_again_works(
    migrations, sql, old_rows
):
    migrations.upgrade("0003")
    before = sql("SELECT id, title, slug FROM article ORDER BY id")

    migrations.downgrade("0002")
    assert sql("SELECT id, title, slug FROM article ORDER BY id") == before  # nothing lost
    sql("INSERT INTO article (title, body) VALUES ('Hello world', '')")  # NULL is allowed again

    migrations.upgrade("0003")
    assert sql("SELECT id, title, slug FROM article ORDER BY id") == [
        *before,
        (6, "Hello world", "hello-world-4"),  # only the new row was filled, next to the others
    ]


# --- The app knows whether its database is migrated ------------------------------------------


def test_health_is_503_until_the_database_is_migrated(client, migrations):
    response = client.get("/health")
    assert response.status_code == 503
    assert response.get_json() == {"revision": None, "head": "0003"}

    migrations.upgrade("0002")
    assert client.get("/health").status_code == 503

    migrations.upgrade()
    response = client.get("/health")
    assert response.status_code == 200
    assert response.get_json() == {"revision": "0003", "head": "0003"}
