"""One JSON shape for every error of the API, Flask's own 404, 405 and 500 included:

{"error": {"status": 404, "code": "not_found", "message": "...", "details": {}}}
"""

from flask import Flask, jsonify, request
from werkzeug.exceptions import HTTPException


class ApiError(Exception):
    """Raise it anywhere in a view to answer with an error of the API's shape."""

    def __init__(self, status: int, code: str, message: str, details: dict | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.details = status, code, message, details or {}


def error_body(status: int, code: str, message: str, details: dict | None = None) -> dict:
    return {"error": {"status": status, "code": code, "message": message, "details": details or {}}}


def register_error_handlers(app: Flask) -> None:
    # exercise: start - answer ApiError and Flask's HTTPExceptions under /api/ with the JSON shape
    @app.errorhandler(ApiError)
    def api_error(exc: ApiError):
        return error_body(exc.status, exc.code, exc.message, exc.details), exc.status

    # On the app, not the blueprint: a URL that matches no route (404) or a route without
    # that method (405) is decided before any blueprint is chosen.
    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if not request.path.startswith("/api/"):
            return exc  # the rest of the site keeps Flask's HTML error pages
        response = exc.get_response()  # keeps the headers, e.g. `Allow` on a 405
        code = exc.name.lower().replace(" ", "_")  # "Method Not Allowed" -> "method_not_allowed"
        response.data = jsonify(error_body(exc.code, code, exc.description)).data
        response.content_type = "application/json"
        return response

    # exercise: end
