import os
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from app import create_app, db
from sqlalchemy import inspect

EXAMPLE = Path(__file__).resolve().parent.parent


@pytest.fixture
def database(new_postgres_database):
    """A brand-new, empty PostgreSQL database for this test only."""
    return new_postgres_database()


@pytest.fixture
def app(database):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database.sqlalchemy_url})
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def flask_db(database):
    """Run the real `flask db ...` command line in the example folder, on this test's database."""

    def run(*args):
        env = {**os.environ, "DATABASE_URL": database.url}
        return subprocess.run(
            [sys.executable, "-m", "flask", "--app", "app.py", "db", *args],
            cwd=EXAMPLE,
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
