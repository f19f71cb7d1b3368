"""The books, in memory: each app gets its own dict by id, starting with two samples."""

from flask import Flask, current_app

SAMPLE_BOOKS = [
    {"isbn": "9780132350884", "title": "Clean Code", "author": "Robert C. Martin", "year": 2008},
    {"isbn": "9781491991732", "title": "Flask Web Development", "author": "Miguel Grinberg",
     "year": 2018},
]  # fmt: skip


def init_app(app: Flask) -> None:
    app.extensions["books"] = {
        book_id: {"id": book_id, **book} for book_id, book in enumerate(SAMPLE_BOOKS, start=1)
    }


def books() -> dict[int, dict]:
    """This app's books by id."""
    return current_app.extensions["books"]
