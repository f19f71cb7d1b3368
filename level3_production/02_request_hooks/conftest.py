import sqlite3
from pathlib import Path

import api as api_module
import pytest
from app import create_app

from shared.services.wsgi import gunicorn

EXAMPLE = Path(__file__).resolve().parent
TOKEN = "test-token-1"


def make_app(database: Path, **config):
    """An app on its own SQLite file, the table created by its own `init-db`."""
    app = create_app({"TESTING": True, "DATABASE": str(database), "API_TOKENS": [TOKEN], **config})
    result = app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    return app


@pytest.fixture
def database(tmp_path):
    return tmp_path / "notes.db"


@pytest.fixture
def app(database):
    return make_app(database)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def auth():
    """The headers of a client that holds a valid token."""
    return {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def rows(database):
    """rows(): the note table as it is on disk, read without the app."""

    def read() -> list[tuple]:
        conn = sqlite3.connect(database)
        try:
            return conn.execute("SELECT id, text FROM note ORDER BY id").fetchall()
        finally:
            conn.close()

    return read


@pytest.fixture
def connections(monkeypatch):
    """Every connection api.py opens, recorded; is_closed(conn) tells whether it was closed."""
    opened = []
    real_connect = sqlite3.connect

    def connect(*args, **kwargs):
        conn = real_connect(*args, **kwargs)
        opened.append(conn)
        return conn

    monkeypatch.setattr(api_module.sqlite3, "connect", connect)
    return opened


@pytest.fixture
def is_closed():
    def check(conn: sqlite3.Connection) -> bool:
        try:
            conn.execute("SELECT 1")
        except sqlite3.ProgrammingError:
            return True
        return False

    return check


@pytest.fixture
def traced(app):
    """traced(): wrap every hook the app holds so that each call is recorded, in order.

    Returns the list the calls go to: ("before", "api", "require_token"), ...
    """
    calls = []

    def wrap(kind, scope, func):
        def recorder(*args, **kwargs):
            calls.append((kind, scope or "app", func.__name__))
            return func(*args, **kwargs)

        return recorder

    for kind, table in (
        ("before", app.before_request_funcs),
        ("after", app.after_request_funcs),
        ("teardown", app.teardown_request_funcs),
    ):
        for scope, funcs in table.items():
            table[scope] = [wrap(kind, scope, func) for func in funcs]
    return calls


@pytest.fixture
def error_of():
    """error_of(response, status): the error message, checking the one shape all errors share."""

    def read(response, status: int) -> str:
        assert response.status_code == status, response.get_data(as_text=True)
        assert response.mimetype == "application/json"
        body = response.get_json()
        assert list(body) == ["error"] and sorted(body["error"]) == ["message", "status"]
        assert body["error"]["status"] == status
        return body["error"]["message"]

    return read


@pytest.fixture(scope="session")
def live(tmp_path_factory):
    """The app under real gunicorn: 2 gthread workers of 4 threads, on its own SQLite file."""
    database = tmp_path_factory.mktemp("live") / "notes.db"
    make_app(database)
    config = {"DATABASE": str(database), "API_TOKENS": [TOKEN]}
    args = ("--worker-class", "gthread", "--workers", "2", "--threads", "4")
    with gunicorn(f"app:create_app({config!r})", cwd=EXAMPLE, args=args) as url:
        yield url
