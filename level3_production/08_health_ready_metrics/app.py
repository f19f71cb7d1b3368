"""Liveness (/healthz), readiness (/readyz) and Prometheus metrics (/metrics) for an app that
depends on PostgreSQL and Redis.

    nox -s serve -- level3_production/08_health_ready_metrics

create_app() only wires: config, the metrics registry (metrics.py), the probes' blueprint
(probes.py) and a JSON error handler.
"""

import os

from flask import Flask
from metrics import Metrics
from probes import bp, http_error
from werkzeug.exceptions import HTTPException


def create_app(config=None):
    app = Flask(__name__)
    app.config.from_mapping(
        DATABASE_URL=os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test"),
        REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        # A dependency that does not answer within this many seconds is "not ready".
        # libpq counts connect_timeout in whole seconds, and at least 2.
        READINESS_TIMEOUT=float(os.environ.get("READINESS_TIMEOUT", "2")),
    )
    if config is not None:
        app.config.update(config)
    app.extensions["metrics"] = Metrics()
    app.register_blueprint(bp)
    app.register_error_handler(HTTPException, http_error)
    return app
