"""The JSON API: no templates, and its own 404 handler that answers JSON."""

from flask import Blueprint, abort, url_for

from ..catalog import BOOKS, find

bp = Blueprint("api", __name__)


def as_dict(book):
    # exercise: start - this book's URL here (".book") and its page in the shop blueprint
    url = url_for(".book", book_id=book.id)
    page = url_for("shop.book", book_id=book.id)
    # exercise: end
    return {
        "id": book.id,
        "title": book.title,
        "author": book.author,
        "in_stock": book.stock > 0,
        "url": url,
        "page": page,
    }


@bp.get("/books")
def books():
    return [as_dict(book) for book in BOOKS]


@bp.get("/books/<int:book_id>")
def book(book_id):
    book = find(book_id)
    if book is None:
        abort(404, description=f"No book with id {book_id}.")  # handled by not_found() below
    return as_dict(book)


# exercise: start - answer a 404 raised in this blueprint's views with JSON
@bp.errorhandler(404)
def not_found(error):
    return {"error": "not found", "message": error.description}, 404


# exercise: end
