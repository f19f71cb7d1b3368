"""The real stack: gunicorn with gunicorn.conf.py, and nginx with nginx.conf in front of it.

nginx.conf is the committed file; shared.services.nginx.local_config() only changes where it
listens, where gunicorn is, and where the static files are (as `nox -s serve` runs it). The
client connects from 127.0.0.2 (still loopback), so "the client's address" and "nginx's address"
(127.0.0.1) are different, as in production.
"""

import contextlib
import sys
from dataclasses import dataclass
from pathlib import Path
from subprocess import Popen

import pytest

from shared.services.nginx import local_config, nginx_running
from shared.testing import free_port, running

HERE = Path(__file__).resolve().parents[1]  # the example folder
ROOT = HERE.parents[1]  # the repository root
CLIENT = "127.0.0.2"
CSS = (HERE / "static" / "style.css").read_bytes()


@dataclass
class Stack:
    nginx: str
    gunicorn: str
    gunicorn_proc: Popen


@contextlib.contextmanager
def stack(nginx, *, behind_proxy=True, cwd=HERE, conf="gunicorn.conf.py"):
    """gunicorn (bind and workers set by the variables gunicorn.conf.py reads), then nginx."""
    gunicorn_port, nginx_port = free_port(), free_port()
    env = {
        "GUNICORN_BIND": f"127.0.0.1:{gunicorn_port}",
        "GUNICORN_WORKERS": "2",
        "BEHIND_PROXY": "1" if behind_proxy else "0",
    }
    command = [sys.executable, "-m", "gunicorn", "-c", str(conf)]
    config = local_config(
        (HERE / "nginx.conf").read_text(encoding="utf-8"),
        port=nginx_port,
        upstream=f"127.0.0.1:{gunicorn_port}",
        static_dir=HERE / "static",
    )
    with (
        running(command, port=gunicorn_port, cwd=cwd, env=env, timeout=30) as proc,
        nginx_running(config, port=nginx_port, binary=nginx),
    ):
        yield Stack(f"http://127.0.0.1:{nginx_port}", f"http://127.0.0.1:{gunicorn_port}", proc)


@pytest.fixture(scope="module")
def proxied(nginx):
    """Started from the repository root, as `nox -s serve` does: gunicorn's `chdir` finds app.py."""
    conf = HERE.relative_to(ROOT) / "gunicorn.conf.py"
    with stack(nginx, cwd=ROOT, conf=conf) as running_stack:
        yield running_stack


def test_nginx_serves_static_files_itself_with_cache_headers(proxied, fetch):
    answer = fetch(proxied.nginx, "/static/style.css")

    assert answer.status == 200
    assert answer.body == CSS
    assert answer.headers["Server"] == "nginx"
    assert answer.headers["Content-Type"] == "text/css"
    assert answer.headers["Cache-Control"] == "max-age=604800"  # expires 7d
    assert "Expires" in answer.headers
    # The same file straight from Flask: no long cache, so this answer was nginx's own.
    from_flask = fetch(proxied.gunicorn, "/static/style.css")
    assert from_flask.body == CSS
    assert from_flask.headers["Server"] == "gunicorn"
    assert from_flask.headers["Cache-Control"] == "no-cache"


def test_a_missing_static_file_is_nginxs_404(proxied, fetch):
    answer = fetch(proxied.nginx, "/static/missing.css")
    assert answer.status == 404
    assert b"<center>nginx</center>" in answer.body  # nginx's error page, not Flask's


def test_everything_else_is_proxied_to_the_app(proxied, fetch):
    page = fetch(proxied.nginx, "/")
    health = fetch(proxied.nginx, "/healthz")
    missing = fetch(proxied.nginx, "/nope")

    assert page.status == 200
    assert b"Hello from Flask, behind gunicorn and nginx" in page.body
    assert health.json() == {"status": "ok"}
    assert missing.status == 404
    assert b"Not Found" in missing.body  # Flask's 404 page, passed through


def test_through_nginx_the_app_sees_the_real_client(proxied, fetch):
    port = proxied.nginx.rsplit(":", 1)[1]
    forged = {"X-Forwarded-For": "203.0.113.9"}  # what a client may claim

    seen = fetch(proxied.nginx, "/whoami", headers=forged, source=CLIENT).json()

    # nginx appends the address it saw; x_for=1 trusts only that last one.
    assert seen["x_forwarded_for"] == f"203.0.113.9, {CLIENT}"
    assert seen["x_real_ip"] == CLIENT
    assert seen["remote_addr"] == CLIENT
    assert seen["scheme"] == "http"
    # Host is "$host" (no port); X-Forwarded-Host keeps what the client typed, port included.
    assert seen["host"] == f"127.0.0.1:{port}"
    assert seen["url"] == f"http://127.0.0.1:{port}/whoami"


def test_without_proxyfix_the_app_sees_nginx(nginx, fetch):
    with stack(nginx, behind_proxy=False) as direct:
        forged = {"X-Forwarded-For": "203.0.113.9"}
        seen = fetch(direct.nginx, "/whoami", headers=forged, source=CLIENT).json()

    assert seen["x_forwarded_for"] == f"203.0.113.9, {CLIENT}"  # same headers...
    assert seen["remote_addr"] == "127.0.0.1"  # ...but the app only sees nginx's connection
    assert seen["host"] == "127.0.0.1"  # nginx's `Host $host`, without the port
    assert seen["url"] == "http://127.0.0.1/whoami"  # a wrong link


def test_gunicorn_open_to_clients_lets_them_forge_their_address(proxied, fetch):
    # Why only nginx may reach gunicorn: without nginx, the client's header is the last hop.
    forged = {"X-Forwarded-For": "203.0.113.9"}
    seen = fetch(proxied.gunicorn, "/whoami", headers=forged, source=CLIENT).json()
    assert seen["remote_addr"] == "203.0.113.9"


def test_gunicorn_logs_proxied_requests_only(nginx, fetch):
    """Started like the Dockerfile's CMD: `gunicorn -c gunicorn.conf.py` in the app's folder."""
    with stack(nginx) as started:
        assert fetch(started.nginx, "/static/style.css").body == CSS
        assert fetch(started.nginx, "/whoami", source=CLIENT).status == 200
    output = started.gunicorn_proc.output  # stdout and stderr, once gunicorn has stopped

    assert output.count("Booting worker with pid") == 2  # GUNICORN_WORKERS
    access_lines = [line for line in output.splitlines() if '"GET ' in line]
    assert len(access_lines) == 1
    # ProxyFix rewrote REMOTE_ADDR in the WSGI environ, and gunicorn logs it: the real client.
    assert access_lines[0].startswith(f"{CLIENT} - - [")
    assert '"GET /whoami HTTP/1.0" 200' in access_lines[0]
    assert "/static/" not in output
