"""Uniform errors: every error of the API is one RFC 9457 problem, in JSON or HTML.

Run it from the repository root:

    flask --app level3_production/12_uniform_errors/app.py run

create_app() only wires: the books API is in books.py, the error handlers in problems.py.
"""

from books import SAMPLE_BOOKS, IdConverter, Shelf, api_v1
from flask import Flask
from problems import add_request_id, register_error_handlers


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config.update(
        MAX_CONTENT_LENGTH=16 * 1024,  # a book is a few hundred bytes: a bigger body is a 413
    )
    app.config.update(config or {})
    app.extensions["shelf"] = Shelf(SAMPLE_BOOKS)
    app.url_map.converters["id"] = IdConverter  # <id:book_id> in the routes
    app.register_blueprint(api_v1, url_prefix="/api/v1")
    app.after_request(add_request_id)
    register_error_handlers(app)
    return app
