"""A books API whose contract is versioned: openapi.json is committed, info.version follows
semver, CHANGELOG.md says what each version changed, and `flask spec-check` fails when the code
and the committed spec drift apart. Swagger UI is served from the installed swagger-ui-bundle.

Run it from the repository root:

    flask --app transverse/05_api_docs_versioning/app.py run

create_app() only wires: views in books.py, the docs assets in docs.py, the CLI in cli.py.
"""

from pathlib import Path

import cli
import docs
import store
from api import IdConverter
from books import blp
from flask import Flask
from flask_smorest import Api

HERE = Path(__file__).resolve().parent
API_VERSION = "1.1.1"  # MAJOR.MINOR.PATCH of the contract; the major is also in the URL: /api/v1


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config.update(
        API_TITLE="Books API",
        API_VERSION=API_VERSION,
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/api/v1",
        OPENAPI_JSON_PATH="openapi.json",  # -> /api/v1/openapi.json
        OPENAPI_SWAGGER_UI_PATH="/docs",  # -> /api/v1/docs
        SPEC_FILE=str(HERE / "openapi.json"),  # the committed contract
        CHANGELOG_FILE=str(HERE / "CHANGELOG.md"),
        MAX_CONTENT_LENGTH=16 * 1024,  # a book is a few hundred bytes: a bigger body is a 413
    )
    app.config.from_prefixed_env()  # FLASK_API_VERSION=1.2.0 flask ... spec-check, to try a bump
    app.config.update(config or {})
    store.init_app(app)
    docs.init_app(app)  # before Api(app), which reads OPENAPI_SWAGGER_UI_URL
    app.url_map.converters["id"] = IdConverter
    api = Api(app)
    api.register_blueprint(blp)
    cli.init_app(app)
    return app
