"""One release of the app. Blue and green run this same code: switch.py starts each under
gunicorn with its own APP_VERSION and APP_COLOR.

create_app() only wires: the config from the environment, the in-flight counter (what the drain
waits on), the blueprint, one JSON error shape.
"""

import os
import threading

from flask import Flask
from views import add_version_header, bp, http_error
from werkzeug.exceptions import HTTPException
from werkzeug.wsgi import ClosingIterator


class InFlight:
    """WSGI middleware: the requests this process is serving right now (their paths). A request
    counts from the moment gunicorn calls the app until gunicorn closes its response (all sent)."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app
        self.paths = {}  # id(environ) -> path
        self._lock = threading.Lock()

    def _done(self, key):
        with self._lock:
            self.paths.pop(key, None)

    def __call__(self, environ, start_response):
        key = id(environ)
        with self._lock:
            self.paths[key] = environ.get("PATH_INFO", "")
        try:
            body = self.wsgi_app(environ, start_response)
        except BaseException:
            self._done(key)
            raise
        return ClosingIterator(body, lambda: self._done(key))

    def now(self, leave_out=None):
        """The paths in flight, `leave_out` (the environ of the request asking) left out."""
        with self._lock:
            return sorted(p for k, p in self.paths.items() if k != id(leave_out))


def create_app(config=None):
    app = Flask(__name__)
    app.config.update(
        APP_VERSION=os.environ.get("APP_VERSION", "dev"),
        APP_COLOR=os.environ.get("APP_COLOR", "none"),
        # A release that cannot serve (its database is down, a setting is missing) says so on
        # /readyz; this variable plays that part, so the tests can deploy a broken green.
        FAIL_READY=os.environ.get("APP_FAIL_READY") == "1",
    )
    if config is not None:
        app.config.update(config)
    app.wsgi_app = app.extensions["in_flight"] = InFlight(app.wsgi_app)
    app.register_blueprint(bp)
    app.after_request(add_version_header)
    app.register_error_handler(HTTPException, http_error)
    return app
