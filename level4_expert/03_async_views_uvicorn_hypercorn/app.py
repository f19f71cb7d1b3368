"""Async views in Flask 3, served by an ASGI server (Uvicorn or Hypercorn) through asgi.py.

Run it from the repository root (the upstream first, then the app):

    python level4_expert/03_async_views_uvicorn_hypercorn/upstream.py --port 5001 --fail 4 &
    FLASK_UPSTREAM_URL=http://127.0.0.1:5001 uvicorn \
        --app-dir level4_expert/03_async_views_uvicorn_hypercorn asgi:app --port 5000

create_app() only wires: the config (FLASK_* variables override it), the fan-out blueprint and
one JSON error shape.
"""

from __future__ import annotations

from fanout import fanout
from flask import Flask, jsonify
from werkzeug.exceptions import HTTPException


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config.update(
        UPSTREAM_URL="http://127.0.0.1:5001",
        UPSTREAM_TIMEOUT=1.0,  # seconds, for each upstream call on its own
    )
    app.config.from_prefixed_env()  # FLASK_UPSTREAM_URL=..., FLASK_UPSTREAM_TIMEOUT=0.5
    app.config.update(config or {})
    app.register_blueprint(fanout)

    @app.errorhandler(HTTPException)
    def json_error(exc: HTTPException):
        body = {"error": {"status": exc.code, "message": exc.description}}
        return jsonify(body), exc.code

    return app
