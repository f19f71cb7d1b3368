"""Logging with app.logger: a configured format and level, one line per request, tracebacks."""

import time
from logging.config import dictConfig

from flask import Flask, g, request
from werkzeug.routing import IntegerConverter

LOG_FORMAT = "%(asctime)s %(levelname)s [%(name)s] %(message)s"

# Configure logging BEFORE creating the app: Flask then adds no handler of its own.
# exercise: start - dictConfig: a "wsgi" stream handler using LOG_FORMAT, root level INFO
dictConfig(
    {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"default": {"format": LOG_FORMAT}},
        "handlers": {
            "wsgi": {
                "class": "logging.StreamHandler",
                "stream": "ext://flask.logging.wsgi_errors_stream",
                "formatter": "default",
            }
        },
        "root": {"level": "INFO", "handlers": ["wsgi"]},
    }
)
# exercise: end


class IdConverter(IntegerConverter):
    """<id:...> is <int:...> with ASCII digits only: int's \\d+ also matches "٣" or "１"."""

    regex = r"[0-9]+"


app = Flask(__name__)
app.url_map.converters["id"] = IdConverter  # before the routes that use <id:...>


# exercise: start - time each request and log "METHOD PATH STATUS DURATIONms" at INFO
@app.before_request
def start_timer():
    g.start = time.perf_counter()


@app.after_request
def log_request(response):
    duration_ms = (time.perf_counter() - g.start) * 1000
    app.logger.info(
        "%s %s %s %.1fms", request.method, request.path, response.status_code, duration_ms
    )
    return response


# exercise: end


@app.get("/")
def index():
    app.logger.debug("not shown: the level is INFO")
    return "Hello, logs!\n"


@app.get("/divide/<id:a>/<id:b>")
def divide(a, b):
    try:
        result = a / b
    except ZeroDivisionError:
        # exercise: start - log the error at ERROR level WITH its traceback
        app.logger.exception("Division failed: a=%s b=%s", a, b)
        # exercise: end
        return {"error": "b must not be 0"}, 400
    except OverflowError:  # a / b is a float: 10**400 / 1 is too large for one
        app.logger.warning("Division overflow: a has %s digits, b has %s", len(str(a)), len(str(b)))
        return {"error": "the result is too large"}, 400
    app.logger.info("Divided %s by %s", a, b)
    return {"result": result}


@app.get("/crash")
def crash():
    # Flask logs this for us, traceback included, and answers 500.
    raise RuntimeError("an unexpected bug")
