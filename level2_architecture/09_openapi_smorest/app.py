"""A small books API that documents itself: the OpenAPI spec at /api/v1/openapi.json and
Swagger UI at /api/v1/docs, both built by flask-smorest from the code.

Run it from the repository root:

    flask --app level2_architecture/09_openapi_smorest/app.py run
"""

from books import blp
from flask import Flask
from flask_smorest import Api
from werkzeug.exceptions import HTTPException, MethodNotAllowed

SAMPLE_BOOKS = [
    {"isbn": "9780132350884", "title": "Clean Code", "author": "Robert C. Martin", "year": 2008},
    {"isbn": "9781491991732", "title": "Flask Web Development", "author": "Miguel Grinberg",
     "year": 2018},
]  # fmt: skip


class BooksApi(Api):
    def handle_http_exception(self, error: HTTPException):
        """flask-smorest's JSON error, plus the `Allow` header a 405 must carry (RFC 9110).

        Schemathesis found this one: flask-smorest's handler drops Werkzeug's headers.
        """
        payload, status, headers = super().handle_http_exception(error)
        if isinstance(error, MethodNotAllowed) and error.valid_methods:
            headers = {**headers, "Allow": ", ".join(sorted(error.valid_methods))}
        return payload, status, headers


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__)
    # exercise: start - configure the spec: title, version, where the JSON and Swagger UI are served
    app.config.update(
        API_TITLE="Books API",
        API_VERSION="1.0.0",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/api/v1",  # every documentation URL starts here
        OPENAPI_JSON_PATH="openapi.json",  # -> /api/v1/openapi.json
        OPENAPI_SWAGGER_UI_PATH="/docs",  # -> /api/v1/docs
        # The page is served by Flask; the browser loads Swagger UI's JS and CSS from this CDN.
        OPENAPI_SWAGGER_UI_URL="https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/",
    )
    # exercise: end
    app.config.update(config or {})
    app.extensions["books"] = {
        book_id: {"id": book_id, **book} for book_id, book in enumerate(SAMPLE_BOOKS, start=1)
    }
    api = BooksApi(app)
    # exercise: start - register the blueprint with the Api, so its routes enter the spec
    api.register_blueprint(blp)
    # exercise: end
    return app
