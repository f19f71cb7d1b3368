"""One error shape for the whole app, and what a body that is not JSON gets:

{"error": {"status": 422, "code": "validation_failed", "message": ..., "details": {"age": [...]}}}
"""


def error(status: int, code: str, message: str, details: dict | None = None):
    body = {"status": status, "code": code, "message": message, "details": details or {}}
    return {"error": body}, status


# Before either library sees the body, it must be JSON (415) and parse (400).
def not_sent_as_json(exc):
    return error(415, "unsupported_media_type", "Content-Type must be application/json")


def not_valid_json(exc):
    return error(400, "invalid_json", "the request body is not valid JSON")


def http_error(exc):
    """Any other HTTP error (404, 405, 413, a 500 from a crash): the same shape, not HTML."""
    return error(exc.code, exc.name.lower().replace(" ", "_"), exc.description)
