"""Thin views: read the request, call one service method, shape the answer.

No rule and no SQL here. This is the only layer that knows HTTP, so it is the one that turns a
domain error into a status code.
"""

from __future__ import annotations

from flask import Blueprint, Flask, abort, current_app, jsonify, request
from werkzeug.exceptions import BadRequest, HTTPException
from werkzeug.routing import IntegerConverter

from .domain import (
    AlreadyBorrowed,
    Book,
    BookNotFound,
    DomainError,
    InvalidValue,
    LoanLimitReached,
    NotTheBorrower,
)
from .service import LibraryService

bp = Blueprint("books", __name__)


class BookIdConverter(IntegerConverter):
    """`<int:...>` matches `\\d+`, and `\\d` matches "١" (ARABIC-INDIC DIGIT ONE), which int() reads
    as 1: an id is ASCII digits only."""

    regex = r"[0-9]+"


def service() -> LibraryService:
    return current_app.extensions["library"]()  # wiring.py decides which repository it has


def book_json(book: Book) -> dict:
    return {"id": book.id, "title": book.title, "borrower": book.borrower}


def string_field(name: str) -> str:
    """The string `name` of a JSON object body, or a 415 / 400."""
    if not request.is_json:
        abort(415, "send application/json")
    try:
        body = request.get_json()
    except (BadRequest, RecursionError):  # RecursionError: [[[[... nested too deep to parse
        abort(400, "the body is not valid JSON")
    if not isinstance(body, dict) or not isinstance(body.get(name), str):
        abort(400, f'send a JSON object with a string "{name}"')
    return body[name]


@bp.get("/books")
def list_books():
    return {"books": [book_json(book) for book in service().catalogue()]}


@bp.post("/books")
def add_book():
    return book_json(service().add_book(string_field("title"))), 201


@bp.get("/books/<book_id:book_id>")
def get_book(book_id: int):
    return book_json(service().book(book_id))


@bp.post("/books/<book_id:book_id>/borrow")
def borrow(book_id: int):
    return book_json(service().borrow(string_field("member"), book_id))


@bp.post("/books/<book_id:book_id>/return")
def give_back(book_id: int):
    return book_json(service().give_back(string_field("member"), book_id))


def error_body(status: int, code: str, message: str):
    return jsonify(error={"status": status, "code": code, "message": message}), status


# exercise: start - map each domain error to its HTTP status (400, 404, 409) in @bp.errorhandler
HTTP_STATUS = {
    InvalidValue: (400, "invalid_value"),
    BookNotFound: (404, "book_not_found"),
    AlreadyBorrowed: (409, "already_borrowed"),
    LoanLimitReached: (409, "loan_limit_reached"),
    NotTheBorrower: (409, "not_the_borrower"),
}


@bp.errorhandler(DomainError)
def domain_error(exc: DomainError):
    status, code = HTTP_STATUS[type(exc)]
    return error_body(status, code, str(exc))


# exercise: end


def register_error_handlers(app: Flask) -> None:
    """The app-wide JSON error shape, for what Flask itself refuses (404, 405, 413, 415)."""

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        return error_body(exc.code, exc.name.lower().replace(" ", "_"), exc.description)
