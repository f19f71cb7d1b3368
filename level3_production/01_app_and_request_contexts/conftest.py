import sqlite3
import time
from pathlib import Path

import db as db_module
import pytest
from app import create_app

from shared.services.wsgi import gunicorn

EXAMPLE = Path(__file__).resolve().parent


def make_app(database: Path):
    """An app on its own SQLite file, with the tables created by its own `init-db`."""
    app = create_app({"TESTING": True, "DATABASE": str(database)})
    result = app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    return app


@pytest.fixture
def database(tmp_path):
    return tmp_path / "contexts.db"


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
def rows(database):
    """rows(sql): read the SQLite file directly, without the app."""

    def read(sql: str) -> list[tuple]:
        conn = sqlite3.connect(database)
        try:
            return conn.execute(sql).fetchall()
        finally:
            conn.close()

    return read


@pytest.fixture
def connections(monkeypatch):
    """Every connection db.py opens, recorded: is_closed(conn) tells whether it was closed."""
    opened = []
    real_connect = sqlite3.connect

    def connect(*args, **kwargs):
        conn = real_connect(*args, **kwargs)
        opened.append(conn)
        return conn

    monkeypatch.setattr(db_module.sqlite3, "connect", connect)
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
def wait_for():
    """wait_for(check, seconds): poll `check()` until it returns something true, or fail."""

    def poll(check, seconds: float = 10.0):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            value = check()
            if value:
                return value
            time.sleep(0.02)
        raise AssertionError(f"not true within {seconds} s: {check}")

    return poll


@pytest.fixture(scope="session")
def live(tmp_path_factory):
    """The app under real gunicorn: 2 gthread workers of 4 threads, on its own SQLite file."""
    database = tmp_path_factory.mktemp("live") / "contexts.db"
    make_app(database)
    factory = f"app:create_app({{'DATABASE': {str(database)!r}}})"
    args = ("--worker-class", "gthread", "--workers", "2", "--threads", "4")
    with gunicorn(factory, cwd=EXAMPLE, args=args) as url:
        yield url
