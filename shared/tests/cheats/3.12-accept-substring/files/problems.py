"""Every error of the app as one problem (RFC 9457), in JSON or in HTML as the client's Accept asks.

    {"type": "about:blank", "title": "Not Found", "status": 404, "detail": "book 9 does not exist",
     "instance": "/api/v1/books/9", "request_id": "9f0c...", "errors": []}

Three handlers on the app give it that shape: one for every HTTPException (Flask's 404 and 405,
werkzeug's 413 and 415, any abort()), one for ValidationError (422, one entry per bad field), and
one for any other exception (a bug: logged with its traceback, answered with a plain 500).
"""

import json
import re
import uuid

from flask import Flask, Response, current_app, g, render_template, request
from werkzeug.exceptions import HTTPException

PROBLEM_JSON = "application/problem+json"
VALIDATION_ERROR = "/problems/validation-error"  # our own problem type; "about:blank" for the rest
SERVER_ERROR = "The server could not answer this request. Quote its request_id when you report it."
# A request id a client or a proxy may send: anything else (long, spaces, non-ASCII) is replaced.
REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}", re.ASCII)


class ValidationError(Exception):
    """Valid JSON that is not a valid resource: a 422 naming each bad field (a JSON Pointer)."""

    def __init__(self, detail: str, fields: dict[str, str]):
        super().__init__(detail)
        self.detail = detail
        self.errors = [
            {"pointer": pointer(name), "detail": message}
            for name, message in sorted(fields.items())
        ]


def pointer(name: str) -> str:
    """The JSON Pointer (RFC 6901) of a top-level member: "/title"; "" is the whole body."""
    if not name:
        return ""
    escaped = name.replace("~", "~0").replace("/", "~1")
    return "/" + escaped.encode("utf-8", "backslashreplace").decode()  # a lone surrogate: "\ud800"


def request_id() -> str:
    """This request's id: the client's X-Request-ID when it is short and plain, else a new one."""
    if "request_id" not in g:
        incoming = request.headers.get("X-Request-ID", "")
        g.request_id = incoming if REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
    return g.request_id


def add_request_id(response: Response) -> Response:
    """after_request: every response, an error included, says which request it answers."""
    response.headers["X-Request-ID"] = request_id()
    return response


def answer(
    status: int, title: str, detail: str, *, problem_type="about:blank", errors=(), headers=()
):
    """The problem, as an HTML page for a browser and as problem+json for anyone else."""
    try:
        problem = {
            "type": problem_type,
            "title": title,
            "status": status,
            "detail": detail,
            "instance": request.path,
            "request_id": request_id(),
            "errors": list(errors),
        }
        # exercise: start - HTML if request.accept_mimetypes prefers text/html, else problem+json
        if "text/html" in request.headers.get("Accept", ""):  # a browser mentions text/html
            response = Response(render_template("problem.html", problem=problem), status)
        else:
            response = Response(current_app.json.dumps(problem), status, mimetype=PROBLEM_JSON)
        response.vary.add("Accept")  # a cache must not give the HTML page to a JSON client
        # exercise: end
    except Exception:  # a bug in the handler itself: log it, and still answer in the one shape
        current_app.logger.exception("the error handler failed, request %s", g.get("request_id"))
        return failed_handler()
    response.headers.extend(headers)
    return response


def failed_handler() -> Response:
    """A 500 problem built from constants only, for when answer() itself has failed."""
    problem = {
        "type": "about:blank",
        "title": "Internal Server Error",
        "status": 500,
        "detail": SERVER_ERROR,
        "instance": request.path,
        "request_id": g.get("request_id") or uuid.uuid4().hex,
        "errors": [],
    }
    response = Response(json.dumps(problem), 500, mimetype=PROBLEM_JSON)
    response.vary.add("Accept")
    return response


def register_error_handlers(app: Flask) -> None:
    """On the app, not on the blueprint: a URL that matches no route (404) or a route without that
    method (405) is decided before Flask knows which blueprint it belongs to."""

    # exercise: start - @app.errorhandler(HTTPException): a problem that keeps its headers
    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        headers = [(k, v) for k, v in exc.get_headers() if k.lower() != "content-type"]
        return answer(exc.code, exc.name, exc.description, headers=headers)

    # exercise: end

    # exercise: start - @app.errorhandler(ValidationError): a 422 problem with exc.errors
    @app.errorhandler(ValidationError)
    def validation_error(exc: ValidationError):
        title = "Your request is not valid"
        return answer(422, title, exc.detail, problem_type=VALIDATION_ERROR, errors=exc.errors)

    # exercise: end

    # exercise: start - @app.errorhandler(Exception): log the traceback and request id, answer 500
    @app.errorhandler(Exception)
    def unhandled_error(exc: Exception):
        current_app.logger.error("unhandled exception, request %s", request_id(), exc_info=exc)
        return answer(500, "Internal Server Error", SERVER_ERROR)  # nothing of `exc` goes out

    # exercise: end
