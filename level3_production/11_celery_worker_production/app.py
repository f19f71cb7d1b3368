"""The web app: it only sends tasks. The worker (worker.py, tasks.py) runs them."""

import views
from flask import Flask, jsonify
from kombu.exceptions import OperationalError
from redis import RedisError
from werkzeug.exceptions import HTTPException


def create_app(config=None):
    app = Flask(__name__)
    app.config.update(MAX_CONTENT_LENGTH=16 * 1024)
    if config:
        app.config.update(config)
    app.register_blueprint(views.bp)
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(RedisError, backend_down)
    app.register_error_handler(OperationalError, backend_down)
    return app


def http_error(error):
    return jsonify(error=error.description), error.code


def backend_down(error):
    return jsonify(error="The queue is unavailable; try again later."), 503, {"Retry-After": "5"}
