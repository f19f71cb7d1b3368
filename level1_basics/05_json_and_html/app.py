"""The same books, as JSON for programs (jsonify) and as HTML for people (render_template)."""

from flask import Flask, abort, jsonify, render_template, request
from werkzeug.routing import IntegerConverter


class IdConverter(IntegerConverter):
    """<id:...> is <int:...> with ASCII digits only: int's \\d+ also matches "٣" or "１"."""

    regex = r"[0-9]+"


app = Flask(__name__)
app.url_map.converters["id"] = IdConverter  # before the routes that use <id:...>

BOOKS = [
    {"id": 1, "title": "Dune", "author": "Frank Herbert", "year": 1965},
    {"id": 2, "title": "Neuromancer", "author": "William Gibson", "year": 1984},
    {"id": 3, "title": "The Left Hand of Darkness", "author": "Ursula K. Le Guin", "year": 1969},
]


def find_book(book_id):
    for book in BOOKS:
        if book["id"] == book_id:
            return book
    abort(404, description=f"No book with id {book_id}.")


@app.get("/api/books")
def list_books_json():
    # exercise: start - return the whole list of books as JSON
    return jsonify(BOOKS)
    # exercise: end


@app.get("/api/books/<id:book_id>")
def show_book_json(book_id):
    # exercise: start - return the book's dict as it is: Flask turns a dict into JSON
    return find_book(book_id)
    # exercise: end


@app.get("/books")
def list_books_html():
    # exercise: start - render templates/books.html with the list of books
    return render_template("books.html", books=BOOKS)
    # exercise: end


@app.get("/books/<id:book_id>")
def show_book_html(book_id):
    return render_template("book.html", book=find_book(book_id))


@app.errorhandler(404)
def not_found(error):
    # exercise: start - answer a 404 in JSON under /api/, in HTML everywhere else
    if request.path.startswith("/api/"):
        return jsonify(error=error.description), 404
    return render_template("404.html", message=error.description), 404
    # exercise: end
