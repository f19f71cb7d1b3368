"""The app-wide hooks (every request, every blueprint), the public page, the JSON error shape."""

import re
import time
import uuid

from flask import Blueprint, Flask, current_app, g, request
from werkzeug.exceptions import HTTPException

# A request id a client or a proxy may send: 8 to 64 letters, digits, dots, dashes, underscores.
# Anything else (too long, spaces, quotes, non-ASCII) is replaced: it will end up in logs.
REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}", re.ASCII)

public = Blueprint("public", __name__)


@public.get("/health")
def health():
    return {"status": "ok"}


def start_request() -> None:
    """before_request: runs first, for every request."""
    # exercise: start - take a valid incoming X-Request-ID, else make a new one (uuid4().hex)
    incoming = request.headers.get("X-Request-ID", "")
    g.request_id = incoming if REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
    # exercise: end
    g.started = time.perf_counter()


def add_request_headers(response):
    """after_request: runs on every response, a 401 from a gate or a 500 included."""
    response.headers["X-Request-ID"] = g.request_id
    # exercise: start - say how long the request took in X-Response-Time, in milliseconds
    elapsed = time.perf_counter() - g.started
    response.headers["X-Response-Time"] = f"{elapsed * 1000:.3f}ms"
    # exercise: end
    return response


def end_request(exc: BaseException | None) -> None:
    """teardown_request: runs last, even when the view raised (exc is the exception then)."""
    if exc is not None:
        current_app.logger.error("request %s failed: %r", g.get("request_id"), exc)
    else:
        current_app.logger.info("request %s done", g.get("request_id"))


def register_error_handler(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def json_error(exc: HTTPException):
        return {"error": {"status": exc.code, "message": exc.description}}, exc.code
