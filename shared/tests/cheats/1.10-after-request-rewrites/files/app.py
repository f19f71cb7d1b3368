"""Custom 404 and 500 pages: dedicated templates, the right status codes, no leaked details."""

from flask import Flask, render_template, request
from werkzeug.routing import IntegerConverter


class IdConverter(IntegerConverter):
    """<id:...> is <int:...> with ASCII digits only: int's \\d+ also matches "٣" or "１"."""

    regex = r"[0-9]+"


app = Flask(__name__)
app.url_map.converters["id"] = IdConverter  # before the routes that use <id:...>

BOOKS = {1: "Dune", 2: "Neuromancer"}


def wants_json():
    """True when the client prefers JSON to HTML (for example `Accept: application/json`)."""
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


@app.get("/")
def index():
    return render_template("index.html", books=BOOKS)


@app.get("/books/<id:book_id>")
def book(book_id):
    # exercise: start - stop with a 404 when book_id is not a key of BOOKS
    if book_id not in BOOKS:
        return "", 404  # the after_request below turns it into the 404 page
    # exercise: end
    return render_template("book.html", title=BOOKS[book_id])


@app.get("/crash")
def crash():
    # A bug on purpose. The message holds a "secret" that must never reach the visitor.
    raise RuntimeError("cannot connect to db with password hunter2")


# exercise: start - register a 404 handler: JSON or the 404.html template, status 404
@app.after_request
def page_not_found(response):
    if response.status_code != 404:
        return response
    if wants_json():
        return app.make_response(({"error": "not found", "status": 404}, 404))
    return app.make_response((render_template("404.html", path=request.path), 404))


# exercise: end


# exercise: start - register a 500 handler: JSON or the 500.html template, status 500
@app.after_request
def internal_server_error(response):
    # Flask has already logged the exception with its traceback (app.logger.error).
    if response.status_code != 500:
        return response
    if wants_json():
        return app.make_response(({"error": "internal server error", "status": 500}, 500))
    return app.make_response((render_template("500.html"), 500))


# exercise: end
