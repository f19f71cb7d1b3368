"""One error shape for the whole app: {"error": "<message>"} with the right status."""

from flask import jsonify


class BlocklistUnavailable(Exception):
    """Redis, which holds the revoked tokens, did not answer: no token can be trusted now."""


def error(status, message, **headers):
    response = jsonify(error=message)
    response.status_code = status
    response.headers.update(headers)
    return response


def http_error(exc):
    """Flask's own errors (404, 405, 413, 415...) in the app's shape."""
    return error(exc.code, exc.description)


def blocklist_unavailable(exc):
    """Fail closed: without the blocklist, a revoked token could pass. 503, try again soon."""
    return error(503, "The token store is unavailable; try again shortly.", **{"Retry-After": "5"})
