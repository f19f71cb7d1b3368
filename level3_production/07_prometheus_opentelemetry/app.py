"""Prometheus metrics (prometheus-flask-exporter) and OpenTelemetry traces (Flask, SQLAlchemy).

    flask --app level3_production/07_prometheus_opentelemetry/app.py init-db
    flask --app level3_production/07_prometheus_opentelemetry/app.py run

create_app() only wires: config, the database, metrics and tracing (observability.py), the
orders blueprint (orders.py), JSON errors and the init-db command.
"""

import os

from flask import Flask
from models import db, init_db_command
from observability import init_metrics, init_tracing
from orders import bp, http_error
from werkzeug.exceptions import HTTPException


def create_app(config=None):
    app = Flask(__name__, instance_path=os.path.join(os.path.dirname(__file__), "instance"))
    app.config.from_mapping(
        SQLALCHEMY_DATABASE_URI=os.environ.get("DATABASE_URL", "sqlite:///orders.db"),
        # Where spans go: an OTLP/HTTP receiver (an OpenTelemetry Collector, Jaeger, Tempo...).
        # None: spans are made but not exported.
        OTLP_TRACES_ENDPOINT=os.environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"),
        SERVICE_NAME="orders",
        MAX_CONTENT_LENGTH=16 * 1024,
    )
    if config is not None:
        app.config.update(config)
    db.init_app(app)
    init_metrics(app)
    with app.app_context():
        init_tracing(app, db.engine)
    app.register_blueprint(bp)
    app.register_error_handler(HTTPException, http_error)
    app.cli.add_command(init_db_command)
    return app
