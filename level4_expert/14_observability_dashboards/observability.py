"""The three signals, each in the shape the dashboard's data source reads.

Metrics (Prometheus): prometheus-flask-exporter's request histogram on /metrics, by endpoint and
status, and a business counter, orders_created_total{item}, on the same registry.
Logs (Loki): one JSON line per record on stderr, with the service's name (the one stream label
promtail makes), the level, the message and the current span's trace_id.
Traces (Tempo): a SERVER span per request, exported over OTLP/HTTP.
"""

import logging
import sys
import time

from flask import current_app, g, request
from opentelemetry import trace
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.instrumentation.flask import FlaskInstrumentor
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from prometheus_client import CollectorRegistry, Counter
from prometheus_flask_exporter import PrometheusMetrics
from pythonjsonlogger.json import JsonFormatter

FIELDS = "{levelname}{name}{message}{trace_id}{span_id}"


class TraceContextFilter(logging.Filter):
    """The current span's ids on every record (null outside a span): a line leads to its trace."""

    def filter(self, record):
        context = trace.get_current_span().get_span_context()
        record.trace_id = format(context.trace_id, "032x") if context.is_valid else None
        record.span_id = format(context.span_id, "016x") if context.is_valid else None
        return True


def make_handler(service, stream=None):
    handler = logging.StreamHandler(stream or sys.stderr)
    # exercise: start - a JsonFormatter: level, message, trace_id..., a static service field
    handler.setFormatter(
        JsonFormatter(
            FIELDS,
            style="{",
            rename_fields={"levelname": "level", "name": "logger"},
            static_fields={"service": service},
            timestamp=True,
        )
    )
    # exercise: end
    handler.addFilter(TraceContextFilter())
    return handler


def init_app(app):
    """OpenTelemetry instruments once per process: one app per process, as each server has."""
    service = app.config["SERVICE_NAME"]
    app.logger.handlers[:] = [make_handler(service)]
    app.logger.setLevel(logging.INFO)
    app.logger.propagate = False  # one line per record, not a second one from the root logger
    app.before_request(start_request)
    app.after_request(log_request)

    provider = TracerProvider(resource=Resource.create({"service.name": service}))
    if app.config["OTLP_TRACES_ENDPOINT"]:
        exporter = OTLPSpanExporter(endpoint=app.config["OTLP_TRACES_ENDPOINT"], timeout=2)
        provider.add_span_processor(BatchSpanProcessor(exporter, schedule_delay_millis=200))
    FlaskInstrumentor().instrument_app(app, tracer_provider=provider, excluded_urls="metrics")
    app.extensions["tracer_provider"] = provider

    registry = CollectorRegistry()  # one per app: two apps in one process never clash
    app.extensions["metrics"] = PrometheusMetrics(app, registry=registry, group_by="endpoint")
    app.extensions["orders_created"] = Counter(
        "orders_created", "Orders created, by item.", ["item"], registry=registry
    )


def start_request():
    g.started = time.perf_counter()


def log_request(response):
    duration_ms = round((time.perf_counter() - g.get("started", time.perf_counter())) * 1000, 2)
    current_app.logger.info(
        "request",
        extra={
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "duration_ms": duration_ms,
        },
    )
    return response
