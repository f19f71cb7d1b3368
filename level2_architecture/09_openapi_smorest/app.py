"""A small books API that documents itself: the OpenAPI spec at /api/v1/openapi.json and
Swagger UI at /api/v1/docs, both built by flask-smorest from the code.

Run it from the repository root, under gunicorn as in the tests (one worker: the books live in
its memory), or with `flask --app level2_architecture/09_openapi_smorest/app.py run`:

    gunicorn --chdir level2_architecture/09_openapi_smorest --workers 1 'app:create_app()'

create_app() only wires things together: the views are in books.py, the schemas in schemas.py.
"""

import store
from api import BooksApi, IdConverter
from books import blp
from flask import Flask


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
    app.config.update(MAX_CONTENT_LENGTH=64 * 1024)  # a book is a few hundred bytes: else 413
    app.config.update(config or {})
    store.init_app(app)
    app.url_map.converters["id"] = IdConverter  # before the routes that say <id:book_id>
    api = BooksApi(app)  # one Api per app: it holds that app's spec
    # exercise: start - register the blueprint with the Api, so its routes enter the spec
    api.register_blueprint(blp)
    # exercise: end
    return app
