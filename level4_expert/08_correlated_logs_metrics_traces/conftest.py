import contextlib
import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests
from app import create_app
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)

from shared.testing import HOST, free_port, stop, wait_for_port

EXAMPLE = Path(__file__).resolve().parent


class Receiver:
    """An OTLP/HTTP trace receiver, as a collector would be: POST /v1/traces, protobuf."""

    def __init__(self):
        self.spans = []  # (service.name, span) for every span received
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                request = ExportTraceServiceRequest.FromString(body)
                with receiver.lock:
                    for resource_spans in request.resource_spans:
                        service = next(
                            kv.value.string_value
                            for kv in resource_spans.resource.attributes
                            if kv.key == "service.name"
                        )
                        for scope_spans in resource_spans.scope_spans:
                            receiver.spans += [(service, s) for s in scope_spans.spans]
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

    def of_trace(self, trace_id):
        """{(service, span name): span} of every span received for this trace (hex) so far."""
        with self.lock:
            return {(svc, s.name): s for svc, s in self.spans if s.trace_id.hex() == trace_id}


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
def serve(tmp_path_factory):
    """serve(args, port, **env): a contextmanager running `python <args>` in this folder on
    127.0.0.1:port, yielding (url, process, log file); stopped by its PID afterwards. Unlike
    shared.testing.running, its output can be read while it runs (the JSON log lines)."""

    @contextlib.contextmanager
    def serving(args, port, **env):
        log_path = tmp_path_factory.mktemp("log") / "output.log"
        with open(log_path, "w", encoding="utf-8") as log:
            proc = subprocess.Popen(
                [sys.executable, *args], cwd=EXAMPLE, env={**os.environ, **env},
                stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
            try:
                try:
                    wait_for_port(port, proc, timeout=30)
                except (RuntimeError, TimeoutError) as exc:
                    pytest.fail(f"{exc}: {log_path.read_text(errors='replace')}")
                yield f"http://{HOST}:{port}", proc, log_path
            finally:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(proc.pid, signal.SIGCONT)  # in case a test left it stopped
                stop(proc)

    return serving


def answers(url, seconds=30):
    """Wait until url answers 200 (the port opens before gunicorn's worker is ready)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            if requests.get(url, timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"{url} did not answer 200 within {seconds} s")
        time.sleep(0.1)


def gunicorn_args(app, port):
    return [
        "-m", "gunicorn", "--bind", f"{HOST}:{port}", "--no-control-socket",
        "--workers", "1", "--threads", "4", "--graceful-timeout", "2", app,
    ]  # fmt: skip


@pytest.fixture(scope="session")
def inventory(serve, receiver):
    """The downstream service, live under gunicorn, exporting its spans to the receiver.
    Yields (url, process, log file)."""
    port = free_port()
    env = {"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": receiver.endpoint}
    with serve(gunicorn_args("inventory:create_app()", port), port, **env) as live:
        answers(f"{live[0]}/stock/tea")
        yield live


@pytest.fixture
def own_inventory(serve):
    """An inventory of this test's own (flask run, one process): the one a test may stop or kill."""
    port = free_port()
    with serve(["-m", "flask", "--app", "inventory.py", "run", "--port", str(port)], port) as live:
        answers(f"{live[0]}/stock/tea")
        yield live


@pytest.fixture
def hung():
    """hung(process): SIGSTOP that process for the block, SIGCONT it afterwards. A stopped
    server still accepts connections (the kernel does) but never answers."""

    @contextlib.contextmanager
    def stopped(proc):
        os.kill(proc.pid, signal.SIGSTOP)
        try:
            yield
        finally:
            os.kill(proc.pid, signal.SIGCONT)

    return stopped


@pytest.fixture(scope="session")
def live_shop(serve, inventory, receiver):
    """The shop under gunicorn (one worker: exemplars need one process), calling the live
    inventory. Yields (url, process, log file)."""
    port = free_port()
    env = {
        "INVENTORY_URL": inventory[0],
        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": receiver.endpoint,
    }
    with serve(gunicorn_args("app:create_app()", port), port, **env) as live:
        answers(f"{live[0]}/api/products/tea")
        yield live


@pytest.fixture(scope="session")
def app(receiver, inventory):
    """One shop per test session (OpenTelemetry instruments once per process), calling the live
    inventory with a short timeout, exporting its spans to the receiver."""
    app = create_app(
        {
            "TESTING": True,
            "INVENTORY_URL": inventory[0],
            "INVENTORY_TIMEOUT": 2.0,  # under load a call takes time; a hang is cut at 2 s
            "OTLP_TRACES_ENDPOINT": receiver.endpoint,
        }
    )
    yield app
    app.extensions["tracer_provider"].shutdown()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def logs(app):
    """logs(): every line the shop's logger wrote during this test, each parsed as JSON."""
    stream = io.StringIO()
    handler = app.logger.handlers[0]
    previous = handler.setStream(stream)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    handler.setStream(previous)


@pytest.fixture
def json_lines():
    """json_lines(path): the lines of a server's output that are JSON objects (its log records)."""

    def read(path):
        lines = []
        for line in Path(path).read_text(encoding="utf-8", errors="replace").splitlines():
            with contextlib.suppress(ValueError):
                record = json.loads(line)
                if isinstance(record, dict):
                    lines.append(record)
        return lines

    return read


@pytest.fixture
def spans(app, receiver):
    """spans(trace_id, *wanted): the spans of that trace, {(service, name): span}, once every
    (service, name) wanted has arrived (the shop's are flushed; the inventory's are polled for
    up to 15 s). With nothing wanted: what arrived after the shop's flush."""

    def wait(trace_id, *wanted):
        assert app.extensions["tracer_provider"].force_flush(5000)
        deadline = time.monotonic() + 15
        while True:
            found = receiver.of_trace(trace_id)
            if set(wanted) <= set(found) or time.monotonic() > deadline:
                missing = set(wanted) - set(found)
                assert not missing, f"spans {missing} of trace {trace_id} never arrived: {found}"
                return found
            time.sleep(0.1)

    return wait


@pytest.fixture
def trace_of():
    """trace_of(response): (trace id, span id, flags) from its `traceresponse` header."""

    def parse(response):
        version, trace_id, span_id, flags = response.headers["traceresponse"].split("-")
        assert version == "00" and len(trace_id) == 32 and len(span_id) == 16
        assert trace_id != "0" * 32 and span_id != "0" * 16
        return trace_id, span_id, flags

    return parse


@pytest.fixture
def exemplars(client):
    """exemplars(): {trace_id: (sample name, labels)} of each exemplar in /metrics (OpenMetrics)."""
    from prometheus_client.openmetrics.parser import text_string_to_metric_families

    def read():
        response = client.get("/metrics", headers={"Accept": "application/openmetrics-text"})
        assert response.content_type.startswith("application/openmetrics-text")
        found = {}
        for family in text_string_to_metric_families(response.get_data(as_text=True)):
            for sample in family.samples:
                if sample.exemplar:
                    found[sample.exemplar.labels["trace_id"]] = (sample.name, sample.labels)
        return found

    return read


@pytest.fixture
def within():
    """within(seconds, fn, *args): fn's result, or the test fails if it takes longer (a hang)."""
    import concurrent.futures

    pool = concurrent.futures.ThreadPoolExecutor(2)

    def call(seconds, fn, *args):
        return pool.submit(fn, *args).result(timeout=seconds)

    yield call
    pool.shutdown(wait=False, cancel_futures=True)
