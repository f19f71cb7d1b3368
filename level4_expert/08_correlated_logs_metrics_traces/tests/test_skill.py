"""Skill checks: each region is written with the skill, not only with the right behaviour.

The usual shortcuts pass a happy path: a request id of the log's own (a uuid) instead of the
span's trace id, the downstream call sent without the trace context, a histogram without
exemplars (or with exemplars for traces nobody kept). They fail here.
"""

import logging

from inventory_client import fetch_stock, observe
from logs import TraceContextFilter
from opentelemetry import trace
from opentelemetry.trace import NonRecordingSpan, SpanContext, TraceFlags


def record():
    return logging.LogRecord("t", logging.INFO, __file__, 1, "hello", (), None)


def hex_ids(span):
    context = span.get_span_context()
    return format(context.trace_id, "032x"), format(context.span_id, "016x")


def test_skill_each_log_record_carries_the_current_spans_ids(app):
    tracer = app.extensions["tracer"]
    for _ in range(2):  # two spans, two traces: nothing cached from the first one
        with app.test_request_context("/"), tracer.start_as_current_span("work") as span:
            made = record()
            assert TraceContextFilter().filter(made) is True
            assert (getattr(made, "trace_id", None), getattr(made, "span_id", None)) == hex_ids(
                span
            ), (
                "Skill missing: in TraceContextFilter.filter, record.trace_id = the current span's "
                "trace id, format(context.trace_id, '032x'), and record.span_id (016x): not an id "
                "of the log's own"
            )


def test_skill_a_records_ids_follow_the_span_that_is_current(app):
    tracer = app.extensions["tracer"]
    with (
        app.test_request_context("/"),
        tracer.start_as_current_span("outer"),
        tracer.start_as_current_span("inner") as inner,
    ):
        made = record()
        TraceContextFilter().filter(made)
    assert getattr(made, "span_id", None) == hex_ids(inner)[1], (
        "Skill missing: take the ids of trace.get_current_span() when the record is made"
    )


def test_skill_a_request_log_line_has_the_trace_id_of_the_response(client, logs, trace_of):
    response = client.get("/api/products/tea")
    (line,) = [line for line in logs() if line["message"] == "request"]
    assert line.get("trace_id") == trace_of(response)[0], (
        "Skill missing: the trace_id of every log line is the span's, the one the caller gets "
        "back in traceresponse"
    )


def test_skill_the_inventory_call_carries_the_trace_context(app):
    tracer = app.extensions["tracer"]
    with app.app_context(), tracer.start_as_current_span("caller") as span:
        response = fetch_stock("tea")
    trace_id, span_id = hex_ids(span)
    sent = response.request.headers.get("traceparent", "")
    assert sent.startswith(f"00-{trace_id}-") and response.json()["trace_id"] == trace_id, (
        "Skill missing: in fetch_stock, propagate.inject(headers) inside the CLIENT span and send "
        "those headers: the inventory must continue this trace"
    )
    assert sent.split("-")[2] != span_id, (
        "Skill missing: inject inside the CLIENT span, so the inventory's span is its child"
    )


def exemplar_of(app, outcome, le):
    histogram = app.extensions["inventory_seconds"]
    for metric in histogram.collect():
        for sample in metric.samples:
            if sample.name.endswith("_bucket") and sample.labels == {"outcome": outcome, "le": le}:
                return sample.exemplar
    return None


def test_skill_an_observation_in_a_sampled_span_has_its_trace_as_exemplar(app):
    tracer = app.extensions["tracer"]
    for _ in range(2):
        with app.app_context(), tracer.start_as_current_span("call") as span:
            observe(0.07, "ok")  # the 0.1 bucket
        exemplar = exemplar_of(app, "ok", "0.1")
        assert exemplar is not None and exemplar.labels == {"trace_id": hex_ids(span)[0]}, (
            "Skill missing: in observe, histogram.observe(seconds, exemplar={'trace_id': ...}) "
            "with the current span's trace id (032x)"
        )
        assert exemplar.value == 0.07


def calls(app):
    name = "inventory_request_duration_seconds_count"
    return app.extensions["registry"].get_sample_value(name, {"outcome": "ok"}) or 0


def test_skill_an_unsampled_trace_gets_no_exemplar(app):
    tracer = app.extensions["tracer"]
    with app.app_context(), tracer.start_as_current_span("sampled") as span:
        observe(0.2, "ok")  # the 0.25 bucket
    unsampled = SpanContext(int("c" * 32, 16), int("d" * 16, 16), False, TraceFlags(0))
    count = calls(app)
    with app.app_context(), trace.use_span(NonRecordingSpan(unsampled)):
        observe(0.2, "ok")
    assert calls(app) == count + 1, "Skill missing: observe every call, sampled or not"
    exemplar = exemplar_of(app, "ok", "0.25")
    assert exemplar is not None and exemplar.labels == {"trace_id": hex_ids(span)[0]}, (
        "Skill missing: an exemplar only for a sampled span (context.trace_flags.sampled): "
        "an unsampled trace was never exported, its exemplar would lead nowhere"
    )
