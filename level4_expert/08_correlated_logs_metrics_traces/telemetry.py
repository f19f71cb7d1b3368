"""Traces and metrics, set up the same way in the shop and in the inventory.

Traces: a span per request (FlaskInstrumentor), started from the caller's W3C `traceparent` when
it is valid, else a new trace; its id goes back in the `traceresponse` header; spans are exported
over OTLP/HTTP. Metrics: prometheus-flask-exporter's /metrics, in OpenMetrics when the scraper
asks for it (that is where exemplars are written), on a registry of the app's own.
"""

from opentelemetry import propagate, trace
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.instrumentation.flask import FlaskInstrumentor
from opentelemetry.instrumentation.propagators import (
    TraceResponsePropagator,
    set_global_response_propagator,
)
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator
from prometheus_client import CollectorRegistry
from prometheus_flask_exporter import PrometheusMetrics


def init_app(app):
    """OpenTelemetry's propagators and instrumentors are per process: one app per process, as
    each server process has (and as the tests have: one shop per test session)."""
    provider = TracerProvider(
        resource=Resource.create({"service.name": app.config["SERVICE_NAME"]})
    )
    if app.config["OTLP_TRACES_ENDPOINT"]:
        exporter = OTLPSpanExporter(endpoint=app.config["OTLP_TRACES_ENDPOINT"], timeout=2)
        provider.add_span_processor(BatchSpanProcessor(exporter, schedule_delay_millis=200))
    # W3C Trace Context only: no baggage, nothing else of the caller's is taken in.
    propagate.set_global_textmap(TraceContextTextMapPropagator())
    # `traceresponse: 00-<trace id>-<span id>-01` on every answer: the id to quote in a bug report.
    set_global_response_propagator(TraceResponsePropagator())
    FlaskInstrumentor().instrument_app(app, tracer_provider=provider, excluded_urls="metrics")
    app.extensions["tracer_provider"] = provider
    app.extensions["tracer"] = provider.get_tracer(app.config["SERVICE_NAME"])

    registry = CollectorRegistry()  # one per app: two apps in one process never clash
    app.extensions["metrics"] = PrometheusMetrics(app, registry=registry, group_by="endpoint")
    app.extensions["registry"] = registry


def current_trace_id():
    """The current span's trace id as 32 hex digits (W3C's form), or None outside a span."""
    context = trace.get_current_span().get_span_context()
    return format(context.trace_id, "032x") if context.is_valid else None
