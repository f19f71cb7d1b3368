import os
import subprocess
import sys
import threading
from pathlib import Path

import flask_migrate
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from articles import create_app
from articles.extensions import db
from sqlalchemy import create_engine, inspect, text
from werkzeug.serving import make_server

from shared.services.postgres import fresh_database

EXAMPLE = Path(__file__).resolve().parent
ROOT = EXAMPLE.parents[1]  # the repository root, where the README's commands run
PACKAGE = EXAMPLE.relative_to(ROOT) / "articles"  # level2_architecture/05_migrations/articles


def drop_every_table(url):
    engine = create_engine(url)
    with engine.begin() as conn:
        for table in inspect(conn).get_table_names():
            conn.execute(text(f'DROP TABLE "{table}" CASCADE'))
    engine.dispose()


@pytest.fixture
def database(postgres):
    """This run's PostgreSQL database, emptied for this test: no table, not even alembic_version.

    Dropping the tables of one database is much cheaper than making a new database per test.
    """
    drop_every_table(postgres.sqlalchemy_url)
    return postgres


@pytest.fixture(scope="session")
def migrated_database(postgres_server):
    """A second database for the run, upgraded to head once: for the tests of the API itself."""
    with fresh_database(postgres_server) as database:
        app = create_app({"SQLALCHEMY_DATABASE_URI": database.sqlalchemy_url})
        with app.app_context():
            flask_migrate.upgrade()
            db.engine.dispose()
        yield database


@pytest.fixture
def app(database):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database.sqlalchemy_url})
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def live_server(app):
    """The app under werkzeug's threaded server on a free loopback port: real concurrent requests.

    Yields its URL. Each request runs in a thread of its own, with its own database session.
    """
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
    server.server_close()


@pytest.fixture
def runner(app):
    """`flask db ...` in this process, on this test's app: runner.invoke(args=["db", "check"])."""
    return app.test_cli_runner()


class Migrations:
    """Move this test's database to a revision with Flask-Migrate's Python API."""

    def __init__(self, app):
        self._app = app

    def upgrade(self, revision="head"):
        with self._app.app_context():
            flask_migrate.upgrade(revision=revision)

    def downgrade(self, revision):
        with self._app.app_context():
            flask_migrate.downgrade(revision=revision)


@pytest.fixture
def migrations(app):
    return Migrations(app)


@pytest.fixture
def flask_db(database):
    """The real `flask --app .../articles db ...` command line, in a process of its own."""

    def run(*args):
        env = {**os.environ, "DATABASE_URL": database.url, "FLASK_SKIP_DOTENV": "1"}
        return subprocess.run(
            [sys.executable, "-m", "flask", "--app", str(PACKAGE), "db", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )

    return run


@pytest.fixture
def columns(app):
    """{table: {column: nullable}} and the unique constraints, as PostgreSQL has them now."""

    def read():
        with app.app_context():
            inspector = inspect(db.engine)
            tables = {
                table: {c["name"]: c["nullable"] for c in inspector.get_columns(table)}
                for table in inspector.get_table_names()
            }
            uniques = {u["name"] for t in tables for u in inspector.get_unique_constraints(t)}
            return tables, uniques

    return read


@pytest.fixture
def autogenerate_diff(app):
    """What `flask db migrate` would write now: [] when the database matches the models."""

    def diff():
        with app.app_context(), db.engine.connect() as conn:
            return compare_metadata(MigrationContext.configure(conn), db.metadata)

    return diff


@pytest.fixture
def sql(app):
    """Run SQL straight on the database, in its own transaction; return the rows if any."""

    def run(statement, **params):
        with app.app_context(), db.engine.begin() as conn:
            result = conn.execute(db.text(statement), params)
            return [tuple(row) for row in result] if result.returns_rows else None

    return run
