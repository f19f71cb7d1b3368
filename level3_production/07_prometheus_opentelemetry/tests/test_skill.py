"""Skill checks: each says what is missing, through the libraries' own objects."""

import runpy
import types
from pathlib import Path

from app import create_app
from gunicorn.config import Config
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from prometheus_client import Counter
from prometheus_flask_exporter import PrometheusMetrics
from prometheus_flask_exporter.multiprocess import GunicornInternalPrometheusMetrics

EXAMPLE = Path(__file__).resolve().parent.parent


def test_skill_prometheus_flask_exporter_serves_metrics(app):
    metrics = app.extensions.get("metrics")
    assert isinstance(metrics, PrometheusMetrics), (
        'Skill missing: PrometheusMetrics(app, registry=registry, group_by="endpoint")'
    )
    assert "/metrics" in {rule.rule for rule in app.url_map.iter_rules()}, (
        "Skill missing: the exporter's /metrics route (PrometheusMetrics(app, ...))"
    )
    assert metrics.group_by == "endpoint", (
        'Skill missing: group_by="endpoint", so the histogram is by endpoint, not by raw path'
    )


def test_skill_multiprocess_mode_under_gunicorn(monkeypatch, tmp_path):
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    other = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert isinstance(other.extensions["metrics"], GunicornInternalPrometheusMetrics), (
        "Skill missing: GunicornInternalPrometheusMetrics when PROMETHEUS_MULTIPROC_DIR is set"
    )


def test_skill_a_business_counter_of_your_own(app):
    counter = app.extensions.get("orders_created")
    assert isinstance(counter, Counter) and counter._labelnames == ("item",), (
        "Skill missing: a prometheus_client Counter `orders_created` labelled `item`"
    )
    names = app.extensions["metrics"].registry._names_to_collectors
    assert "orders_created_total" in names, (
        "Skill missing: register the counter in the exporter's registry (registry=registry)"
    )


def test_skill_gunicorn_child_exit_marks_the_worker_dead(monkeypatch, tmp_path):
    settings = runpy.run_path(str(EXAMPLE / "gunicorn.conf.py"))
    config = Config()
    for name in ("workers", "child_exit"):
        if name in settings:
            config.set(name, settings[name])
    assert config.workers == 2, "Skill missing: workers = 2 in gunicorn.conf.py"
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    live_file = tmp_path / "gauge_livesum_4242.db"
    live_file.write_bytes(b"")
    config.child_exit(None, types.SimpleNamespace(pid=4242))
    assert not live_file.exists(), (
        "Skill missing: a child_exit(server, worker) hook calling "
        "GunicornInternalPrometheusMetrics.mark_process_dead_on_child_exit(worker.pid)"
    )


def test_skill_spans_are_exported_over_otlp_http(app):
    processors = app.extensions["tracer_provider"]._active_span_processor._span_processors
    exporters = [p.span_exporter for p in processors if isinstance(p, BatchSpanProcessor)]
    assert any(isinstance(e, OTLPSpanExporter) for e in exporters), (
        "Skill missing: provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(...)))"
    )


def test_skill_flask_and_sqlalchemy_are_instrumented(app):
    from models import db

    assert getattr(app, "_is_instrumented_by_opentelemetry", False), (
        "Skill missing: FlaskInstrumentor().instrument_app(app, tracer_provider=provider)"
    )
    with app.app_context():
        listeners = list(db.engine.dispatch.before_cursor_execute)
    assert any(
        "opentelemetry" in type(fn.__self__).__module__
        for fn in listeners
        if hasattr(fn, "__self__")
    ), "Skill missing: SQLAlchemyInstrumentor().instrument(engine=engine, tracer_provider=...)"
