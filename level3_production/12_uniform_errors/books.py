"""The books API of 2.8, cut down to what its errors need: a list, a create, a read, and a bug.

GET  /api/v1/books         200 the list
POST /api/v1/books         201 + Location; 400, 413, 415, 422 problems
GET  /api/v1/books/<id>    200, or a 404 problem
GET  /api/v1/crash         a bug on purpose: a 500 problem, the traceback in the log only

The books live in memory (a dict behind a lock): storage is not the point here, 2.8 has SQLite.
"""

import re
import threading

from flask import Blueprint, abort, current_app, request, url_for
from problems import ValidationError
from werkzeug.exceptions import BadRequest
from werkzeug.routing import IntegerConverter

api_v1 = Blueprint("api_v1", __name__)

FIELDS = {"isbn", "title", "author", "year"}
REQUIRED = ("isbn", "title", "author")
LENGTHS = {"title": 200, "author": 100}
JSON_TYPES = {list: "an array", str: "a string", int: "a number", float: "a number",
              bool: "a boolean", type(None): "null"}  # fmt: skip
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")  # NUL, and lone surrogates ("\ud800" parses)
SAMPLE_BOOKS = [
    {"isbn": "9780132350884", "title": "Clean Code", "author": "Robert C. Martin", "year": 2008},
    {"isbn": "9781491991732", "title": "Flask Web Development", "author": "Miguel Grinberg",
     "year": 2018},
]  # fmt: skip


class IdConverter(IntegerConverter):
    """<id:book_id>: ASCII digits. Werkzeug's <int:> takes any digit: `/books/١` is book 1."""

    regex = "[0-9]+"


class Shelf:
    """The books, by id. `flask run` serves each request in its own thread: hence the lock."""

    def __init__(self, books=()):
        self._lock = threading.Lock()
        self._books: dict[int, dict] = {}
        for book in books:
            self.add(book)

    def add(self, fields: dict) -> dict:
        with self._lock:
            book = {"id": len(self._books) + 1, "year": None, **fields}
            self._books[book["id"]] = book
            return dict(book)

    def get(self, book_id: int) -> dict | None:
        with self._lock:
            book = self._books.get(book_id)
            return dict(book) if book else None

    def all(self) -> list[dict]:
        with self._lock:
            return [dict(book) for book in self._books.values()]


def shelf() -> Shelf:
    return current_app.extensions["shelf"]


def json_object() -> dict:
    """The JSON body. A wrong Content-Type (415) and a body over MAX_CONTENT_LENGTH (413) are
    werkzeug's own HTTPExceptions, raised by get_json(): the HTTPException handler answers them."""
    try:
        data = request.get_json()
    except (BadRequest, RecursionError):  # RecursionError: [[[[... nested too deep to parse
        raise BadRequest("the request body is not valid JSON") from None
    if not isinstance(data, dict):
        raise ValidationError(
            "the body must be a JSON object",
            {"": f"must be an object, got {JSON_TYPES[type(data)]}"},
        )
    return data


def check_book(data: dict) -> dict:
    """`data` if it is a valid book; else a ValidationError naming every bad field at once."""
    errors = {name: "unknown field" for name in data if name not in FIELDS}
    errors |= {name: "is required" for name in REQUIRED if name not in data}
    isbn = data.get("isbn")
    if "isbn" in data and not (isinstance(isbn, str) and re.fullmatch("[0-9]{13}", isbn)):
        errors["isbn"] = "must be a string of 13 digits"
    for name, longest in LENGTHS.items():
        value = data.get(name)
        if name in data and not (isinstance(value, str) and 1 <= len(value.strip()) <= longest):
            errors[name] = f"must be a string of 1 to {longest} characters"
        elif name in data and UNSTORABLE.search(value):
            errors[name] = "must not contain a NUL character or a lone surrogate"
    year = data.get("year")
    if year is not None and not (type(year) is int and 1450 <= year <= 2100):  # True is no year
        errors["year"] = "must be an integer from 1450 to 2100, or null"
    if errors:
        raise ValidationError("the book has invalid fields", errors)
    return data


@api_v1.get("/books")
def list_books():
    return {"books": shelf().all()}


@api_v1.post("/books")
def create_book():
    book = shelf().add(check_book(json_object()))
    return book, 201, {"Location": url_for(".get_book", book_id=book["id"])}


@api_v1.get("/books/<id:book_id>")
def get_book(book_id: int):
    book = shelf().get(book_id)
    if book is None:
        abort(404, f"book {book_id} does not exist")
    return book


@api_v1.get("/crash")
def crash():
    """A bug on purpose, so that you can see a 500. Its message must never reach a client."""
    raise RuntimeError("cannot connect to postgresql://admin:hunter2@db.internal/books")
