"""The inventory: the downstream service the shop calls, traced and logged the same way.

    flask --app level4_expert/08_correlated_logs_metrics_traces/inventory.py run --port 5001

Its request span continues the trace of the `traceparent` the shop sends; its JSON log lines
carry that trace id, and so does its answer (`trace_id`, a teaching aid).
"""

import os

import logs
import telemetry
from flask import Blueprint, Flask, abort, current_app, jsonify
from werkzeug.exceptions import HTTPException

bp = Blueprint("inventory", __name__)
STOCK = {"tea": 12, "cocoa": 0}


@bp.get("/stock/<sku>")
def stock(sku):
    if sku not in STOCK:
        abort(404, f"no stock for {sku!r}")
    current_app.logger.info("stock read", extra={"sku": sku, "stock": STOCK[sku]})
    return jsonify(sku=sku, stock=STOCK[sku], trace_id=telemetry.current_trace_id())


def create_app(config=None):
    app = Flask(__name__)
    app.config.from_mapping(
        SERVICE_NAME="inventory",
        OTLP_TRACES_ENDPOINT=os.environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"),
    )
    if config is not None:
        app.config.update(config)
    logs.init_app(app)
    telemetry.init_app(app)
    app.register_blueprint(bp)
    app.register_error_handler(
        HTTPException, lambda e: (jsonify(error=e.description, status=e.code), e.code)
    )
    return app
