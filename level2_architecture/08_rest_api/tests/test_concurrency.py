"""Many clients at once, on a live threaded server as `flask run` serves the app: each 201 carries
the client's own book, nothing is lost, and a race for one ISBN is one 201 and 409s, never a 500."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from app import create_app
from flask import Flask
from models import db
from werkzeug.serving import make_server

CLIENTS = 20


@pytest.fixture
def live_url(tmp_path, monkeypatch):
    """The app with its own config (the SQLite file in its instance folder, here tmp_path), served
    by Werkzeug's threaded server (what `flask run` uses) on a free port; yields the books URL."""
    monkeypatch.setattr(Flask, "auto_find_instance_path", lambda self: str(tmp_path))
    app = create_app()
    with app.app_context():
        db.create_all()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,))
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/api/v1/books"
    server.shutdown()
    thread.join(timeout=5)
    server.server_close()
    with app.app_context():
        db.engine.dispose()


def post_all(url: str, books: list[dict]) -> list[requests.Response]:
    """POST each book from its own client thread, all at about the same moment."""
    start = threading.Barrier(len(books))

    def post(book: dict) -> requests.Response:
        start.wait(timeout=5)
        return requests.post(url, json=book, timeout=10)

    with ThreadPoolExecutor(len(books)) as pool:
        return list(pool.map(post, books))


def test_concurrent_posts_each_get_their_own_book_and_none_is_lost(live_url, rows):
    books = [
        {"isbn": f"{9780000000000 + n}", "title": f"Book {n}", "author": f"Bob {n}", "year": None}
        for n in range(CLIENTS)
    ]

    responses = post_all(live_url, books)

    assert [response.status_code for response in responses] == [201] * CLIENTS
    created = [response.json() for response in responses]
    assert [{k: v for k, v in body.items() if k != "id"} for body in created] == books
    created.sort(key=lambda body: body["id"])
    assert requests.get(live_url, timeout=10).json() == {"books": created}  # all there, once each
    assert rows() == [tuple(body[k] for k in ("id", *books[0])) for body in created]


def test_a_race_for_one_isbn_is_one_201_and_409s(live_url, rows):
    books = [
        {"isbn": "9780132350884", "title": f"Take {n}", "author": "Robert C. Martin"}
        for n in range(CLIENTS)
    ]

    statuses = sorted(response.status_code for response in post_all(live_url, books))

    assert statuses == [201] + [409] * (CLIENTS - 1)
    assert len(rows()) == 1
