"""One JSON shape for every error of the app, Flask's own 404 and 405 included:

    {"detail":"order 1 has changed ...","errors":{},"status":412,"title":"Precondition Failed"}

served as application/problem+json (RFC 9457), with the error's own headers kept (`Allow` on a 405).
"""

from flask import Flask, current_app
from werkzeug.exceptions import HTTPException

PROBLEM_JSON = "application/problem+json"


class ValidationError(Exception):
    """Valid JSON that is no valid order: a 422 naming each bad field."""

    def __init__(self, detail: str, errors: dict[str, str] | None = None):
        super().__init__(detail)
        self.detail = detail
        self.errors = errors or {}


def problem(status: int, title: str, detail: str, errors=None, headers=()):
    body = {"status": status, "title": title, "detail": detail, "errors": errors or {}}
    response = current_app.json.response(body)  # as jsonify() writes it: compact, one line
    response.status_code, response.mimetype = status, PROBLEM_JSON
    response.headers.extend(headers)
    return response


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        headers = [(k, v) for k, v in exc.get_headers() if k.lower() != "content-type"]
        return problem(exc.code, exc.name, exc.description, headers=headers)

    @app.errorhandler(ValidationError)
    def validation_error(exc: ValidationError):
        return problem(422, "Unprocessable Content", exc.detail, exc.errors)
