import sqlite3
from contextlib import closing

import pytest
from app import create_app
from models import db

BOOK = {"isbn": "9780132350884", "title": "Clean Code", "author": "Robert C. Martin", "year": 2008}


@pytest.fixture
def database(tmp_path):
    return tmp_path / "books.db"


@pytest.fixture
def app(database):
    """A fresh app on its own SQLite file, with an empty book table."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}"})
    with app.app_context():
        db.create_all()
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
def rows(database):
    """rows(): the book table as it is on disk, read without the app."""

    def read() -> list[tuple]:
        with closing(sqlite3.connect(database)) as conn:
            return conn.execute(
                "SELECT id, isbn, title, author, year FROM book ORDER BY id"
            ).fetchall()

    return read


@pytest.fixture
def add_book(client):
    """add_book(**fields): POST a book (BOOK with `fields` changed) and return its JSON."""

    def add(**fields) -> dict:
        response = client.post("/api/v1/books", json=BOOK | fields)
        assert response.status_code == 201, response.get_data(as_text=True)
        return response.get_json()

    return add


@pytest.fixture
def error_of():
    """error_of(response, status): the "error" object, checking the one shape all errors share."""

    def read(response, status: int) -> dict:
        assert response.status_code == status
        assert response.mimetype == "application/json"
        body = response.get_json()
        assert list(body) == ["error"]
        error = body["error"]
        assert sorted(error) == ["code", "details", "message", "status"]
        assert error["status"] == status
        assert isinstance(error["code"], str) and isinstance(error["message"], str)
        assert isinstance(error["details"], dict)
        return error

    return read
