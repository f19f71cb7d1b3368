"""Version 1 of the books API: one blueprint, mounted at /api/v1 by create_app().

GET    /books         200 the list
POST   /books         201 + Location: /api/v1/books/<id>
GET    /books/<id>    200, or 404
PUT    /books/<id>    200: replaces the whole book (a field left out is cleared)
PATCH  /books/<id>    200: changes only the fields sent
DELETE /books/<id>    204, then 404
"""

import re

from errors import ApiError
from flask import Blueprint, Response, request, url_for
from models import Book, db
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import BadRequest, UnsupportedMediaType
from werkzeug.routing import IntegerConverter

api_v1 = Blueprint("api_v1", __name__)

FIELDS = ("isbn", "title", "author", "year")
REQUIRED = ("isbn", "title", "author")  # year is optional and may be null
JSON_TYPES = {list: "an array", str: "a string", int: "a number", float: "a number",
              bool: "a boolean", type(None): "null"}  # fmt: skip
# NUL: PostgreSQL refuses it in text. A lone surrogate ("\ud800" is valid JSON): not UTF-8 at all.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
LARGEST_ID = 2**63 - 1  # SQLite's largest INTEGER (PostgreSQL's BIGINT): 2**63 crashes a query


class IdConverter(IntegerConverter):
    """<id:book_id>: ASCII digits. Werkzeug's <int:> takes any digit: `/books/١` is book 1."""

    regex = "[0-9]+"


def json_object() -> dict:
    """The request's JSON body: 415 if not sent as JSON, 400 if not JSON, 422 if not an object."""
    # exercise: start - 415 when the Content-Type is not JSON, 400 when the body is not valid JSON
    try:
        data = request.get_json()
    except UnsupportedMediaType:
        message = "Content-Type must be application/json"
        raise ApiError(415, "unsupported_media_type", message) from None
    except (BadRequest, RecursionError):  # RecursionError: [[[[... nested too deep to parse
        raise ApiError(400, "invalid_json", "the request body is not valid JSON") from None
    # exercise: end
    if not isinstance(data, dict):
        details = {"_schema": f"must be an object, got {JSON_TYPES[type(data)]}"}
        raise ApiError(422, "validation_failed", "the body must be a JSON object", details)
    return data


def check_book(data: dict, *, partial: bool) -> dict:
    """The fields of `data`, checked. partial=True (PATCH) lets required fields be left out."""
    errors = {name: "unknown field" for name in data if name not in FIELDS}
    if not partial:
        errors |= {name: "is required" for name in REQUIRED if name not in data}
    isbn = data.get("isbn")
    if "isbn" in data and not (isinstance(isbn, str) and re.fullmatch("[0-9]{13}", isbn)):
        errors["isbn"] = "must be a string of 13 digits"
    for name in ("title", "author"):
        value, longest = data.get(name), Book.__table__.c[name].type.length  # String(200)...
        if name in data and not (isinstance(value, str) and 1 <= len(value.strip()) <= longest):
            errors[name] = f"must be a string of 1 to {longest} characters"
        elif name in data and UNSTORABLE.search(value):
            errors[name] = "must not contain a NUL character or a lone surrogate"
    year = data.get("year")
    if year is not None and not (type(year) is int and 1450 <= year <= 2100):  # True is no year
        errors["year"] = "must be an integer from 1450 to 2100, or null"
    # exercise: start - refuse the body with 422 and one message per bad field
    if errors:
        raise ApiError(422, "validation_failed", "the book has invalid fields", errors)
    # exercise: end
    return {key: value.strip() if isinstance(value, str) else value for key, value in data.items()}


def find_book(book_id: int) -> Book:
    book = db.session.get(Book, book_id) if book_id <= LARGEST_ID else None
    if book is None:
        raise ApiError(404, "not_found", f"book {book_id} does not exist")
    return book


def save(book: Book) -> None:
    """Commit `book`; a duplicate ISBN is a 409, and nothing is written."""
    isbn = book.isbn  # read it now: a rollback expires the object's attributes
    db.session.add(book)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        details = {"isbn": "already used by another book"}
        message = f"a book with ISBN {isbn} already exists"
        raise ApiError(409, "conflict", message, details) from None


@api_v1.get("/books")
def list_books():
    books = db.session.scalars(select(Book).order_by(Book.id))
    return {"books": [book.to_json() for book in books]}


@api_v1.get("/books/<id:book_id>")
def get_book(book_id: int):
    return find_book(book_id).to_json()


@api_v1.post("/books")
def create_book():
    book = Book(**{"year": None, **check_book(json_object(), partial=False)})
    save(book)
    # exercise: start - answer 201 Created with a Location header pointing at the new book
    return book.to_json(), 201, {"Location": url_for(".get_book", book_id=book.id)}
    # exercise: end


@api_v1.put("/books/<id:book_id>")
def replace_book(book_id: int):
    book = find_book(book_id)
    # exercise: start - PUT replaces the whole book: a field left out goes back to its default
    fields = {"year": None, **check_book(json_object(), partial=False)}
    # exercise: end
    for name, value in fields.items():
        setattr(book, name, value)
    save(book)
    return book.to_json()


@api_v1.patch("/books/<id:book_id>")
def update_book(book_id: int):
    book = find_book(book_id)
    for name, value in check_book(json_object(), partial=True).items():
        setattr(book, name, value)
    save(book)
    return book.to_json()


@api_v1.delete("/books/<id:book_id>")
def delete_book(book_id: int):
    db.session.delete(find_book(book_id))
    db.session.commit()
    # exercise: start - answer 204 No Content: an empty body, so no Content-Type either
    response = Response(status=204)
    del response.headers["Content-Type"]  # Response() would say text/html
    return response
    # exercise: end
