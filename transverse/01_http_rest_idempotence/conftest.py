import shutil
import sqlite3
import uuid
from contextlib import closing
from pathlib import Path

import pytest
from app import create_app
from models import db

from shared.services.wsgi import gunicorn

EXAMPLE = Path(__file__).resolve().parent
ORDER = {"product": "green tea", "quantity": 2}


def make_app(database: Path, **config):
    """An app on its own SQLite file, its tables created by its own `init-db`."""
    app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}", **config}
    )
    result = app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    return app


@pytest.fixture(scope="session")
def empty_database(tmp_path_factory):
    """A database file with empty tables, made once by `init-db`; each test gets a copy."""
    database = tmp_path_factory.mktemp("schema") / "orders.db"
    make_app(database)
    return database


@pytest.fixture
def database(tmp_path, empty_database):
    return shutil.copy(empty_database, tmp_path / "orders.db")


@pytest.fixture
def app(database):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}"})
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def sql(database):
    """sql(query, *params): the rows of a query on the database file, read without the app."""

    def run(query: str, *params) -> list[tuple]:
        with closing(sqlite3.connect(database)) as conn, conn:
            return conn.execute(query, params).fetchall()

    return run


@pytest.fixture
def orders(sql):
    """orders(): the order table as it is on disk: (id, product, quantity, version)."""
    return lambda: sql("SELECT id, product, quantity, version FROM 'order' ORDER BY id")


@pytest.fixture
def keys(sql):
    """keys(): the idempotency keys on disk: (scope, key, status, location)."""
    return lambda: sql("SELECT scope, key, status, location FROM idempotency_key ORDER BY id")


@pytest.fixture
def post(client):
    """post(json, key=None, **headers): POST an order with an Idempotency-Key (a new one unless
    given); returns the response."""

    def send(json=ORDER, key=None, **headers):
        headers = {"Idempotency-Key": key or str(uuid.uuid4()), **headers}
        return client.post("/api/v1/orders", json=json, headers=headers)

    return send


@pytest.fixture
def created(post):
    """created(**fields): a new order (ORDER with `fields` changed); returns its JSON."""

    def create(**fields) -> dict:
        response = post(ORDER | fields)
        assert response.status_code == 201, response.get_data(as_text=True)
        return response.get_json()

    return create


@pytest.fixture
def problem_of():
    """problem_of(response, status): the error's JSON, checking the one shape all errors share."""

    def read(response, status: int) -> dict:
        assert response.status_code == status, response.get_data(as_text=True)
        assert response.mimetype == "application/problem+json"
        body = response.get_json(force=True)
        assert sorted(body) == ["detail", "errors", "status", "title"]
        assert body["status"] == status and isinstance(body["detail"], str)
        return body

    return read


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """The app under real gunicorn, 2 worker processes of 4 threads each, on one SQLite file:
    two processes share no Python object, so only the database can keep them in step."""
    database = tmp_path_factory.mktemp("live") / "orders.db"
    make_app(database)
    config = {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}"}
    # --preload: the app is imported once, before the workers fork (each still opens its own
    # connections); --keep-alive 0 and --graceful-timeout 1: the test stops it at once.
    args = ("--worker-class", "gthread", "--workers", "2", "--threads", "4", "--preload",
            "--keep-alive", "0", "--graceful-timeout", "1")  # fmt: skip
    with gunicorn(f"app:create_app({config!r})", cwd=EXAMPLE, args=args) as url:
        yield url, database
