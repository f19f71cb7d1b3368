"""JSON logs: one line per record, secrets redacted, the request's id on every line.

init_app(app) gives app.logger one handler (stderr) with JsonFormatter, and adds the hooks
that time each request and log it once it is answered.
"""

import logging
import re
import sys
import time
import uuid

from flask import current_app, g, has_request_context, request
from pythonjsonlogger.json import JsonFormatter as BaseJsonFormatter

REDACTED = "[REDACTED]"
SECRET = re.compile(r"authorization|cookie|passw|token|secret|api[-_]?key", re.IGNORECASE)
MAX_DEPTH = 10  # a body nested deeper than this is not logged below that level
REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


def redact(value, key="", depth=0):
    """`value` with the value of every secret-looking key replaced, at any depth."""
    if SECRET.search(str(key)):
        return REDACTED
    if depth >= MAX_DEPTH and isinstance(value, dict | list):
        return "[TOO DEEP]"
    if isinstance(value, dict):
        return {k: redact(v, k, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [redact(v, "", depth + 1) for v in value]
    return value


class JsonFormatter(BaseJsonFormatter):
    """python-json-logger's formatter, which redacts every field before it is written."""

    # exercise: start - redact the secrets of every record: return redact(log_data)
    def process_log_record(self, log_data):
        return redact(log_data)

    # exercise: end


class RequestIdFilter(logging.Filter):
    """Puts the current request's id on every record logged while it is handled."""

    def filter(self, record):
        if has_request_context() and "request_id" in g:
            record.request_id = g.request_id
        return True


def make_handler(stream=None):
    handler = logging.StreamHandler(stream or sys.stderr)
    # exercise: start - a JsonFormatter with timestamp, level (levelname), logger (name), message
    handler.setFormatter(
        JsonFormatter(
            "{levelname}{name}{message}",
            style="{",
            rename_fields={"levelname": "level", "name": "logger"},
            timestamp=True,
        )
    )
    # exercise: end
    handler.addFilter(RequestIdFilter())
    return handler


def init_app(app):
    app.logger.handlers[:] = [make_handler()]
    app.logger.setLevel(logging.INFO)
    app.logger.propagate = False  # one line per record, not a second one from the root logger
    app.before_request(start_request)
    app.after_request(log_request)


def start_request():
    given = request.headers.get("X-Request-ID", "")
    g.request_id = given if REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
    g.started = time.perf_counter()


def log_request(response):
    # exercise: start - log "request" with method, path, query, status, duration_ms, user, headers
    duration_ms = round((time.perf_counter() - g.get("started", time.perf_counter())) * 1000, 2)
    request_logger().info(
        "request",
        extra={
            "method": request.method,
            "path": request.path,
            "query": request.args.to_dict(flat=False),
            "status": response.status_code,
            "duration_ms": duration_ms,
            "user": g.get("user"),
            "headers": dict(request.headers),
        },
    )
    # exercise: end
    response.headers["X-Request-ID"] = g.get("request_id", "")
    return response


def request_logger():
    return current_app.logger
