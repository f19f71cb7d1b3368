"""An API whose logs are JSON, one line per request, with its secrets redacted.

create_app() only wires: the config, the JSON logging (logs.py), the API blueprint (api.py) and
the errors, in the API's own JSON shape.
"""

import logs
from api import bp
from flask import Flask, current_app, jsonify
from werkzeug.exceptions import HTTPException, InternalServerError


def create_app(config=None):
    app = Flask(__name__)
    app.config.update(
        MAX_CONTENT_LENGTH=64 * 1024,
        # token -> user. A real app reads these from a database or an identity provider.
        TOKENS={"alice-token-123": "alice"},
        USERS={"alice": "wonderland"},
    )
    if config is not None:
        app.config.update(config)

    logs.init_app(app)
    app.register_blueprint(bp)
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(Exception, server_error)
    return app


def http_error(error):
    return jsonify(error={"status": error.code, "message": error.description}), error.code


def server_error(error):
    # exercise: start - log the exception with its traceback: current_app.logger.exception(...)
    current_app.logger.exception("unhandled exception")
    # exercise: end
    return http_error(InternalServerError())
