"""One JSON error shape: {"error": {"status": 400, "code": "bad_request", "message": "..."}}."""

from flask import jsonify
from sqlalchemy.exc import InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException


class ApiError(Exception):
    def __init__(self, status, code, message):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def error_body(status, code, message):
    return {"error": {"status": status, "code": code, "message": message}}


def register_error_handlers(app):
    @app.errorhandler(ApiError)
    def api_error(exc):
        return error_body(exc.status, exc.code, exc.message), exc.status

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    def database_unavailable(exc):
        app.logger.warning("database unavailable: %s", exc.orig)
        body = error_body(503, "database_unavailable", "the database is unavailable; try again")
        return body, 503, {"Retry-After": "1"}

    @app.errorhandler(HTTPException)
    def http_error(exc):
        response = exc.get_response()
        response.data = jsonify(
            error_body(exc.code, exc.name.lower().replace(" ", "_"), exc.description)
        ).data
        response.content_type = "application/json"
        return response
