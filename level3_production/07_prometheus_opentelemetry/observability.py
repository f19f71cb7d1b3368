"""Metrics and traces.

Metrics: prometheus-flask-exporter times every request (a histogram by endpoint, method and
status) and serves /metrics. Under gunicorn (PROMETHEUS_MULTIPROC_DIR set) each worker writes
its numbers to files in that folder, and /metrics adds up every worker's.

Traces: OpenTelemetry makes a span per request (Flask) and per query (SQLAlchemy), the query a
child of its request, and sends them over OTLP/HTTP.
"""

import os

from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.instrumentation.flask import FlaskInstrumentor
from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from prometheus_client import CollectorRegistry, Counter
from prometheus_flask_exporter import PrometheusMetrics
from prometheus_flask_exporter.multiprocess import GunicornInternalPrometheusMetrics


def init_metrics(app):
    registry = CollectorRegistry()  # one per app: two apps in one process never clash
    # exercise: start - GunicornInternalPrometheusMetrics under gunicorn, else PrometheusMetrics
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        metrics = GunicornInternalPrometheusMetrics(app, registry=registry, group_by="endpoint")
    else:
        metrics = PrometheusMetrics(app, registry=registry, group_by="endpoint")
    # exercise: end
    # exercise: start - a business Counter of your own: orders created, by item
    # In multiprocess mode the workers' files are the registry: registering it would count twice.
    orders_created = Counter(
        "orders_created",
        "Orders created, by item.",
        ["item"],
        registry=None if os.environ.get("PROMETHEUS_MULTIPROC_DIR") else registry,
    )
    # exercise: end
    app.extensions["metrics"] = metrics
    app.extensions["orders_created"] = orders_created


def init_tracing(app, engine):
    """OpenTelemetry's instrumentors are per process: one app per process, as in production
    (each gunicorn worker makes its own), and as the tests do (one app per test session)."""
    provider = TracerProvider(
        resource=Resource.create({"service.name": app.config["SERVICE_NAME"]})
    )
    # exercise: start - export spans over OTLP/HTTP with a BatchSpanProcessor
    if app.config["OTLP_TRACES_ENDPOINT"]:
        exporter = OTLPSpanExporter(endpoint=app.config["OTLP_TRACES_ENDPOINT"], timeout=2)
        provider.add_span_processor(BatchSpanProcessor(exporter, schedule_delay_millis=200))
    # exercise: end
    # exercise: start - instrument this app (Flask) and this engine (SQLAlchemy)
    FlaskInstrumentor().instrument_app(app, tracer_provider=provider, excluded_urls="metrics")
    # skip_dep_check: this instrumentation (0.66b1) declares sqlalchemy < 2.1 and would silently
    # do nothing on 2.1; its engine events work there, as the tests show.
    SQLAlchemyInstrumentor().instrument(
        engine=engine, tracer_provider=provider, skip_dep_check=True
    )
    # exercise: end
    app.extensions["tracer_provider"] = provider
