"""One signup payload, validated two ways side by side: marshmallow and Pydantic.

Run it from the repository root:

    flask --app level2_architecture/10_validation_marshmallow_pydantic/app.py run

create_app() only wires things together: the views are in the blueprint signup.py.
"""

import users
from errors import http_error, not_sent_as_json, not_valid_json
from flask import Flask
from signup import bp as signup_bp
from werkzeug.exceptions import BadRequest, HTTPException, UnsupportedMediaType


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config.update(MAX_CONTENT_LENGTH=64 * 1024)  # a signup is a few hundred bytes: else 413
    app.config.update(config or {})
    users.init_app(app)
    app.register_blueprint(signup_bp)
    app.register_error_handler(UnsupportedMediaType, not_sent_as_json)
    app.register_error_handler(BadRequest, not_valid_json)
    app.register_error_handler(HTTPException, http_error)  # the most specific handler wins
    return app
