"""The service helpers that examples 2.12 and 2.13 rely on, tested for real.

- `shared.services.nginx.local_config` and its CLI (2.13 runs its compose-style nginx.conf here);
- `shared.services.workers.celery_worker(client=...)`, `delete_celery_queues` and
  `celery_queue_length` (2.12 stops its worker over the broker and cleans up its queues).

The Celery tests run on Redis, and also on the broker CELERY_BROKER_URL names (RabbitMQ in CI).
"""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import textwrap
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

from shared.services import nginx as nginx_module
from shared.services.nginx import local_config
from shared.services.registry import source
from shared.services.workers import celery_queue_length, celery_worker, delete_celery_queues
from shared.testing import free_port, running

ROOT = Path(__file__).resolve().parents[2]

COMPOSE_CONF = """\
events {
    worker_connections 64;
}

http {
    include /etc/nginx/mime.types;
    upstream flask_app {
        server app:8000;
    }
    server {
        listen 80;
        location /static/ {
            alias /app/static/;
            expires 7d;
        }
        location / {
            proxy_pass http://flask_app;
        }
    }
}
"""
LISTEN, SERVER, ALIAS = r"listen\s+80\s*;", r"server\s+app:8000\s*;", r"alias\s+/app/static/\s*;"
TEMP_DIRECTIVES = [
    f"{name}_temp_path {name}_temp;"
    for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
]


# --- local_config: a compose-style nginx.conf for this machine ----------------------------------


def rewritten(tmp_path, text=COMPOSE_CONF, **kwargs):
    static = tmp_path / "static"
    static.mkdir(exist_ok=True)
    options = {"port": 8123, "upstream": "127.0.0.1:9000", "static_dir": static, **kwargs}
    return local_config(text, **options)


def test_local_config_changes_exactly_the_three_compose_lines(tmp_path):
    text = rewritten(tmp_path)

    assert "listen 127.0.0.1:8123;" in text
    assert "server 127.0.0.1:9000;" in text
    assert f"alias {(tmp_path / 'static').resolve()}/;" in text
    for gone in ("listen 80;", "app:8000", "/app/static/"):
        assert gone not in text
    # Every other line is kept as written.
    kept = [line for line in COMPOSE_CONF.splitlines() if not re.search("listen|app:|alias", line)]
    assert all(line in text.splitlines() for line in kept)


def test_local_config_puts_nginx_temp_folders_inside_its_prefix(tmp_path):
    lines = [line.strip() for line in rewritten(tmp_path).splitlines()]
    start = lines.index("http {")
    assert lines[start + 1 : start + 6] == TEMP_DIRECTIVES  # relative paths: under `-p prefix`


def test_local_config_keeps_the_mime_types_include_where_the_file_exists(tmp_path, monkeypatch):
    present = tmp_path / "mime.types"
    present.write_text("types { text/css css; }\n")
    monkeypatch.setattr(nginx_module, "MIME_TYPES", present)
    assert "include /etc/nginx/mime.types;" in rewritten(tmp_path)

    monkeypatch.setattr(nginx_module, "MIME_TYPES", tmp_path / "missing.types")
    text = rewritten(tmp_path)
    assert "mime.types" not in text
    assert "types { text/css css; }" in text  # so a stylesheet is still text/css


def test_a_static_folder_with_a_backslash_is_written_as_it_is(tmp_path):
    static = tmp_path / r"odd\name"
    static.mkdir()
    assert f"alias {static.resolve()}/;" in rewritten(tmp_path, static_dir=static)


@pytest.mark.parametrize("pattern", [LISTEN, SERVER, ALIAS], ids=["listen", "server", "alias"])
@pytest.mark.parametrize("count", [0, 2], ids=["missing", "doubled"])
def test_a_line_missing_or_doubled_is_an_error_naming_its_pattern(tmp_path, pattern, count):
    line = next(ln for ln in COMPOSE_CONF.splitlines() if re.search(pattern, ln))
    drifted = COMPOSE_CONF.replace(line + "\n", (line + "\n") * count)

    with pytest.raises(ValueError) as error:
        rewritten(tmp_path, text=drifted)

    assert str(error.value) == f"nginx.conf: expected one match for {pattern!r}, found {count}"


def test_nginx_accepts_the_rewritten_config(nginx, tmp_path):
    prefix = tmp_path / "prefix"
    prefix.mkdir()
    conf = prefix / "nginx.conf"
    conf.write_text(rewritten(tmp_path, port=free_port()))
    result = subprocess.run(
        [nginx, "-t", "-p", str(prefix), "-c", str(conf), "-g", f"pid {prefix}/nginx.pid;"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr


def test_the_cli_serves_a_compose_config_until_sigterm(nginx, tmp_path):
    conf = tmp_path / "nginx.conf"
    conf.write_text(COMPOSE_CONF)
    static = tmp_path / "static"
    static.mkdir()
    (static / "style.css").write_text("h1 { color: red; }\n")
    port = free_port()
    cmd = [
        sys.executable, "-m", "shared.services.nginx", "--config", str(conf), "--port", str(port),
        "--upstream", f"127.0.0.1:{free_port()}", "--static", str(static),
    ]  # fmt: skip

    with running(cmd, port=port, cwd=ROOT, timeout=15) as proc:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/style.css", timeout=5) as r:
            assert r.read() == b"h1 { color: red; }\n"
            assert r.headers["Cache-Control"] == "max-age=604800"
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0  # it stopped nginx and left on its own


def test_the_cli_refuses_a_config_that_drifted(tmp_path):
    conf = tmp_path / "nginx.conf"
    conf.write_text(COMPOSE_CONF.replace("listen 80;", "listen 8000;"))
    cmd = [
        sys.executable, "-m", "shared.services.nginx", "--config", str(conf), "--port", "1",
        "--static", str(tmp_path),
    ]  # fmt: skip
    result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=30)
    if "not installed" in result.stderr:
        pytest.skip(result.stderr.strip())
    assert result.returncode == 2
    assert f"expected one match for {LISTEN!r}, found 0" in result.stderr


# --- Celery workers: stopped over the broker, their queues deleted ------------------------------


@pytest.fixture(params=["redis", "CELERY_BROKER_URL"])
def broker(request):
    """This run's Redis db as a broker; then the broker CELERY_BROKER_URL names, when it is set."""
    if request.param == "redis":
        return request.getfixturevalue("redis_db_url")
    if not (url := source("celery").value):
        pytest.skip("CELERY_BROKER_URL is not set (CI sets it to its RabbitMQ)")
    return url


@pytest.fixture
def probe_app(tmp_path, monkeypatch):
    """probe_app(broker): a Celery app module in tmp_path for a worker to run, and the same app
    for the test, on `broker`. Returns (client app, {"cwd", "env"}) for celery_worker().

    The worker consumes a queue of its own only, so it never takes another run's tasks on a shared
    broker; that queue is deleted afterwards. Celery prefers the CELERY_BROKER_URL variable to the
    `broker` it is given, so the variable is set to `broker`, in this process and the worker's:
    the "redis" case is Redis even where CI names RabbitMQ."""
    from celery import Celery

    (tmp_path / "probe.py").write_text(
        textwrap.dedent(
            """\
            import os
            from celery import Celery

            app = Celery("probe", broker=os.environ["CELERY_BROKER_URL"])
            app.conf.update(
                task_default_queue=os.environ["PROBE_QUEUE"],
                broker_connection_retry_on_startup=True,
            )
            """
        )
    )
    made = []

    def make(broker):
        monkeypatch.setenv("CELERY_BROKER_URL", broker)
        queue = f"flask-skills-probe-{uuid.uuid4().hex[:8]}"
        client = Celery("probe", broker=broker)
        client.conf.update(task_default_queue=queue, broker_connection_retry_on_startup=True)
        made.append((client, queue))
        return client, {"cwd": tmp_path, "env": {"CELERY_BROKER_URL": broker, "PROBE_QUEUE": queue}}

    yield make
    for client, queue in made:
        delete_celery_queues(client, [queue])
        client.close()  # its broker connections: left to the collector, unclosed sockets


@pytest.fixture
def celery_app(probe_app, broker):
    """The probe app on `broker`: Redis, then CELERY_BROKER_URL's."""
    return probe_app(broker)


def test_a_celery_worker_with_a_client_is_stopped_over_the_broker_and_only_its_own(
    celery_app, broker
):
    client, where = celery_app
    with client.connection_for_write() as conn:  # the broker it was given, not another one
        assert conn.as_uri(include_password=True) == broker_uri(broker)
    with celery_worker("probe:app", **where, client=client) as other:
        with celery_worker("probe:app", **where, client=client) as worker:
            assert worker.node != other.node  # a name of its own, for this run only
            assert re.fullmatch(r"flask-skills-[0-9a-f]{8}@tests", worker.node)
            started = time.monotonic()
        stopping = time.monotonic() - started

        assert worker.returncode == 0
        assert "Got shutdown from remote" in worker.output  # the broker's message, not SIGTERM
        assert stopping < 10  # under the helper's 10 s wait, after which SIGTERM would come
        # The other worker on the same broker heard nothing: it still answers its own name.
        assert other.poll() is None
        replies = client.control.ping(destination=[other.node], timeout=5)
        assert replies == [{other.node: {"ok": "pong"}}]
    assert "Got shutdown from remote" in other.output


def test_a_celery_worker_without_a_client_is_stopped_by_its_pid(probe_app, redis_db_url):
    _, where = probe_app(redis_db_url)
    with celery_worker("probe:app", **where) as worker:
        pass
    assert worker.poll() is not None
    assert "Got shutdown from remote" not in worker.output


def test_delete_celery_queues_deletes_the_named_queues_and_their_messages_only(celery_app):
    client, _ = celery_app
    run = uuid.uuid4().hex[:8]
    doomed, kept = f"flask-skills-doomed-{run}", f"flask-skills-kept-{run}"
    try:
        for queue in (doomed, kept):
            client.send_task("probe.nothing", queue=queue)  # as apply_async(queue=...) does
        assert eventually(lambda: celery_queue_length(client, doomed), 1) == 1
        assert eventually(lambda: celery_queue_length(client, kept), 1) == 1

        delete_celery_queues(client, [doomed])

        assert celery_queue_length(client, doomed) == 0  # declared again, empty
        assert celery_queue_length(client, kept) == 1
    finally:
        delete_celery_queues(client, [doomed, kept])
    if broker_is_amqp(client):
        assert not exchange_exists(client, doomed)  # RabbitMQ keeps an exchange per queue name


def eventually(read, expected, timeout=5.0):
    """Read until it equals `expected` (a broker may route a message a moment later)."""
    deadline = time.monotonic() + timeout
    while (value := read()) != expected and time.monotonic() < deadline:
        time.sleep(0.05)
    return value


def broker_uri(url: str) -> str:
    """`url` as kombu writes it back (amqp://guest:guest@host:5672//, redis://host:port/1)."""
    from kombu import Connection

    return Connection(url).as_uri(include_password=True)


def broker_is_amqp(client) -> bool:
    with client.connection_for_write() as conn:
        return conn.transport.driver_type == "amqp"


def exchange_exists(client, name: str) -> bool:
    with client.connection_for_write() as conn:
        channel = conn.channel()
        try:
            channel.exchange_declare(name, "direct", passive=True)
            return True
        except Exception as exc:  # amqp's NotFound closes the channel
            assert "NOT_FOUND" in str(exc) or "404" in str(exc), exc
            return False
