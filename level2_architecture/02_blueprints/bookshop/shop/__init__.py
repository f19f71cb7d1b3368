"""The public shop: HTML pages, with templates of its own in shop/templates/shop/."""

from flask import Blueprint, abort, render_template

from ..catalog import BOOKS, find

# exercise: start - a blueprint named "shop" with its own templates folder
bp = Blueprint("shop", __name__, template_folder="templates")
# exercise: end


@bp.get("/")
def index():
    return render_template("shop/index.html", books=BOOKS)


@bp.get("/books/<int:book_id>")
def book(book_id):
    book = find(book_id)
    if book is None:
        abort(404, description=f"No book with id {book_id}.")  # handled by the app: an HTML page
    return render_template("shop/book.html", book=book)
