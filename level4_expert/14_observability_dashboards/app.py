"""A small orders API whose three signals feed a Grafana dashboard: request metrics and a business
counter for Prometheus, JSON log lines for Loki, spans for Tempo.

    flask --app level4_expert/14_observability_dashboards/app.py run

create_app() only wires: the config, the signals (observability.py), the API (views.py) and the
errors, in JSON. The dashboard over them is dashboard.py; the stack that runs it, compose.yaml.
"""

import os
import threading

import observability
from flask import Flask, jsonify
from views import bp
from werkzeug.exceptions import HTTPException


def create_app(config=None):
    app = Flask(__name__)
    app.config.from_mapping(
        SERVICE_NAME="shop",
        MAX_CONTENT_LENGTH=16 * 1024,  # an order is a few bytes: a larger body is a 413
        # Where spans go: an OTLP/HTTP receiver (Tempo, a collector). None: not exported.
        OTLP_TRACES_ENDPOINT=os.environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"),
    )
    if config is not None:
        app.config.update(config)
    observability.init_app(app)
    # The orders, in memory (one gunicorn worker, threads): the dashboard is the point here.
    app.extensions["orders"] = {"lock": threading.Lock(), "rows": {}}
    app.register_blueprint(bp)
    app.register_error_handler(HTTPException, http_error)
    return app


def http_error(error):
    return jsonify(error=error.description, status=error.code), error.code
