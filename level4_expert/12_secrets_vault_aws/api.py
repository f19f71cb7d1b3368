"""The API: a report behind an API key that lives in the secret store, and the errors' shape."""

import hmac

from flask import Blueprint, current_app, request
from secrets_client import SecretsError, SecretsUnavailable
from werkzeug.exceptions import HTTPException, InternalServerError

api = Blueprint("api", __name__)


def secrets():
    """The app's CachedSecrets."""
    return current_app.extensions["secrets"]


@api.get("/health")
def health():
    return {"status": "ok"}  # reads no secret: the app is up even when the store is not


@api.get("/api/report")
def report():
    sent = request.headers.get("X-API-Key", "")
    if not sent:  # no key, no read: anonymous requests never reach the store
        return error(401, "send a valid API key in X-API-Key")
    key = secrets().get(current_app.config["API_KEY_SECRET"])["api_key"]  # at each request
    if not hmac.compare_digest(sent.encode(), key.encode()):
        return error(401, "send a valid API key in X-API-Key")
    return {"report": {"orders": 42, "revenue": "1234.50"}}


def error(status: int, message: str, headers=None):
    return {"error": {"status": status, "message": message}}, status, headers or {}


def register_error_handlers(app):
    @app.errorhandler(SecretsUnavailable)
    def unavailable(exc):
        current_app.logger.warning("secret store unavailable: %s", exc)  # one line, no traceback
        return error(
            503, "a service the app needs is unavailable; retry soon", {"Retry-After": "5"}
        )

    @app.errorhandler(SecretsError)  # denied, not found, not a JSON object
    def misconfigured(exc):
        current_app.logger.error("secret unusable: %s", exc)
        return error(500, "the app is misconfigured: a secret it needs cannot be read")

    @app.errorhandler(InternalServerError)
    def crash(exc):  # Flask has logged the traceback (scrubbed by redaction.py) before this
        return error(500, "internal error")

    @app.errorhandler(HTTPException)
    def http_error(exc):
        return error(exc.code, exc.description)
