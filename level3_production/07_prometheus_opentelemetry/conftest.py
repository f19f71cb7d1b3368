import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from app import create_app
from models import db
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)

from shared.testing import HOST, free_port


class Receiver:
    """An OTLP/HTTP trace receiver, as a collector would be: POST /v1/traces, protobuf."""

    def __init__(self):
        self.spans = []  # (resource attributes, span) for every span received
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                request = ExportTraceServiceRequest.FromString(body)
                with receiver.lock:
                    for resource_spans in request.resource_spans:
                        resource = attributes(resource_spans.resource.attributes)
                        for scope_spans in resource_spans.scope_spans:
                            receiver.spans += [(resource, s) for s in scope_spans.spans]
                answer = ExportTraceServiceResponse().SerializeToString()
                self.send_response(200 if self.path == "/v1/traces" else 404)
                self.send_header("Content-Type", "application/x-protobuf")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer((HOST, free_port()), Handler)
        self.endpoint = f"http://{HOST}:{self.server.server_port}/v1/traces"

    def received(self):
        with self.lock:
            return list(self.spans)


def attributes(key_values):
    """OTLP's KeyValue list as a dict of plain values."""
    out = {}
    for kv in key_values:
        out[kv.key] = getattr(kv.value, kv.value.WhichOneof("value"))
    return out


@pytest.fixture(scope="session")
def receiver():
    receiver = Receiver()
    thread = threading.Thread(target=receiver.server.serve_forever, daemon=True)
    thread.start()
    yield receiver
    receiver.server.shutdown()
    receiver.server.server_close()
    thread.join(5)


@pytest.fixture(scope="session")
def app(receiver, tmp_path_factory):
    """One app per test session (OpenTelemetry instruments once per process), on SQLite."""
    path = tmp_path_factory.mktemp("db") / "orders.db"
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
            "OTLP_TRACES_ENDPOINT": receiver.endpoint,
        }
    )
    with app.app_context():
        db.create_all()
    yield app
    app.extensions["tracer_provider"].shutdown()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def spans(app, receiver):
    """spans(): flush the app's spans to the receiver, return those received since the test began.

    Each is (resource attributes, span protobuf)."""
    assert app.extensions["tracer_provider"].force_flush(5000)  # earlier tests' spans first
    start = len(receiver.received())

    def flushed():
        assert app.extensions["tracer_provider"].force_flush(5000)
        return receiver.received()[start:]

    return flushed


@pytest.fixture
def span_attributes():
    """span_attributes(span): a span's OTLP attributes as a dict."""
    return lambda span: attributes(span.attributes)


@pytest.fixture
def metric(client):
    """metric(name, **labels): the value of one sample in /metrics right now (0 if absent)."""
    from prometheus_client.parser import text_string_to_metric_families

    def value(name, **labels):
        text = client.get("/metrics").get_data(as_text=True)
        for family in text_string_to_metric_families(text):
            for sample in family.samples:
                if sample.name == name and labels.items() <= sample.labels.items():
                    return sample.value
        return 0

    return value
