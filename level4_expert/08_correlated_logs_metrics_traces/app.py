"""A shop API whose logs, metrics and traces carry one trace id per request, shared with the
inventory service it calls.

    flask --app level4_expert/08_correlated_logs_metrics_traces/inventory.py run --port 5001
    flask --app level4_expert/08_correlated_logs_metrics_traces/app.py run

create_app() only wires: the config, JSON logs (logs.py), traces and metrics (telemetry.py), the
inventory client (inventory_client.py), the API (views.py) and the errors, in JSON.
"""

import os

import inventory_client
import logs
import telemetry
from flask import Flask, jsonify
from views import bp
from werkzeug.exceptions import HTTPException


def create_app(config=None):
    app = Flask(__name__)
    app.config.from_mapping(
        SERVICE_NAME="shop",
        INVENTORY_URL=os.environ.get("INVENTORY_URL", "http://127.0.0.1:5001"),
        INVENTORY_TIMEOUT=float(os.environ.get("INVENTORY_TIMEOUT", "2")),
        # Where spans go: an OTLP/HTTP receiver (a collector, Tempo, Jaeger). None: not exported.
        OTLP_TRACES_ENDPOINT=os.environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"),
    )
    if config is not None:
        app.config.update(config)
    logs.init_app(app)
    telemetry.init_app(app)
    inventory_client.init_app(app)
    app.register_blueprint(bp)
    app.register_error_handler(HTTPException, http_error)
    return app


def http_error(error):
    return jsonify(error=error.description, status=error.code), error.code
