"""The shop's call to the inventory: in a CLIENT span, with the trace context in its headers,
bounded by a timeout, and timed into a histogram whose exemplars name the trace."""

import time

import requests
from flask import current_app
from opentelemetry import trace
from opentelemetry.trace import SpanKind
from prometheus_client import Histogram


def init_app(app):
    app.extensions["inventory_seconds"] = Histogram(
        "inventory_request_duration_seconds",
        "Time the shop waited for the inventory, by outcome (ok, error).",
        ["outcome"],
        buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5),
        registry=app.extensions["registry"],
    )


def fetch_stock(sku):
    """GET the inventory's /stock/<sku>: a requests.Response, or a requests.RequestException
    (refused, timed out) after at most INVENTORY_TIMEOUT seconds per connect and per read."""
    url = f"{current_app.config['INVENTORY_URL']}/stock/{sku}"
    tracer = current_app.extensions["tracer"]
    with tracer.start_as_current_span("GET /stock/<sku>", kind=SpanKind.CLIENT) as span:
        span.set_attribute("url.full", url)
        # exercise: start - headers = {}, then the current trace context into them: propagate.inject
        headers = {"Accept": "application/json"}  # the call works: no traceparent, though
        # exercise: end
        started, outcome = time.perf_counter(), "error"
        try:
            response = requests.get(
                url, headers=headers, timeout=current_app.config["INVENTORY_TIMEOUT"]
            )
            span.set_attribute("http.response.status_code", response.status_code)
            outcome = "ok" if response.status_code < 500 else "error"
            return response
        finally:
            observe(time.perf_counter() - started, outcome)


def observe(seconds, outcome):
    histogram = current_app.extensions["inventory_seconds"].labels(outcome=outcome)
    # exercise: start - observe with the trace id as an exemplar, for sampled spans only
    context = trace.get_current_span().get_span_context()
    if context.trace_flags.sampled:
        histogram.observe(seconds, exemplar={"trace_id": format(context.trace_id, "032x")})
    else:
        histogram.observe(seconds)  # no span was exported: an exemplar would lead nowhere
    # exercise: end
