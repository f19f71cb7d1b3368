"""The stack on this machine: real gunicorn started with gunicorn.conf.py, real nginx running
nginx.conf, PostgreSQL and Redis from the services layer. Only the ports (and, for one test,
nginx's read timeout) are set for the test: `shared.services.nginx.local_config` rewrites
`listen 80`, `server app:8000` and `alias /app/static/`, as `nox -s serve` does.
"""

import contextlib
import http.client
import json
import os
import re
import signal
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
import redis
import requests
from db import SCHEMA

from shared.services.nginx import local_config, nginx_running
from shared.services.wsgi import gunicorn
from shared.testing import free_port

HERE = Path(__file__).resolve().parents[1]  # the example folder
CLIENT = "127.0.0.2"  # still loopback, but not nginx's own address
CSS = (HERE / "static" / "style.css").read_bytes()


@dataclass
class Stack:
    url: str  # nginx
    gunicorn: str
    master: int  # gunicorn's master PID, from its --pid file
    prefix: str  # the Redis prefix of this stack's app


def workers_of(master):
    """The PIDs whose parent is `master`: gunicorn's workers, read from /proc."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == master:
                found.add(int(stat.parent.name))
    return found


def nginx_config(upstream, port, read_timeout=None):
    """nginx.conf with the test's ports (and, when given, a shorter proxy_read_timeout)."""
    text = (HERE / "nginx.conf").read_text(encoding="utf-8")
    if read_timeout is not None:
        timeout = f"proxy_read_timeout {read_timeout};"
        text, count = re.subn(r"proxy_read_timeout 30s;", timeout, text)
        assert count == 1
    return local_config(text, port=port, upstream=upstream, static_dir=HERE / "static")


@pytest.fixture(scope="module")
def live(nginx, postgres, redis_db_url, tmp_path_factory):
    """gunicorn -c gunicorn.conf.py (2 gthread workers), then nginx in front of it."""
    with psycopg.connect(postgres.url) as conn:
        conn.execute(SCHEMA)  # what compose's `migrate` service runs
    prefix = f"stack-{uuid.uuid4().hex}:"
    env = {
        "DATABASE_URL": postgres.url,
        "REDIS_URL": redis_db_url,
        "REDIS_PREFIX": prefix,
        "GUNICORN_WORKERS": "2",
    }
    pidfile = tmp_path_factory.mktemp("gunicorn") / "gunicorn.pid"
    args = ("-c", "gunicorn.conf.py", "--pid", str(pidfile))
    with gunicorn("app:create_app()", cwd=HERE, env=env, args=args) as app_url:
        deadline = time.monotonic() + 30  # a worker imports the app before it accepts
        while requests.get(f"{app_url}/readyz", timeout=30).status_code != 200:
            assert time.monotonic() < deadline, "gunicorn never became ready"
            time.sleep(0.1)
        port = free_port()
        with nginx_running(nginx_config(app_url.split("//")[1], port), port=port, binary=nginx):
            yield Stack(f"http://127.0.0.1:{port}", app_url, int(pidfile.read_text()), prefix)


def fetch(url, path, headers=None, source=CLIENT):
    """One GET over a real socket from the loopback address `source`: (status, headers, body)."""
    host, port = url.split("//")[1].split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10, source_address=(source, 0))
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


def test_nginx_serves_static_files_itself(live):
    status, headers, body = fetch(live.url, "/static/style.css")
    assert (status, body) == (200, CSS)
    assert headers["Server"] == "nginx" and headers["Cache-Control"] == "max-age=604800"


def test_the_app_trusts_nginxs_forwarded_headers_and_only_those(live):
    forged = {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"}
    status, headers, body = fetch(live.url, "/whoami", headers=forged)
    seen = json.loads(body)
    port = live.url.rsplit(":", 1)[1]
    assert status == 200 and headers["Content-Type"] == "application/json"
    # nginx appended the address it saw, and replaced the forged proto with its own $scheme:
    # ProxyFix(x_for=1) trusts the last address only, the one nginx wrote.
    assert seen["x_forwarded_for"] == f"203.0.113.9, {CLIENT}"
    assert seen["remote_addr"] == CLIENT
    assert seen["scheme"] == "http"
    assert seen["url"] == f"http://127.0.0.1:{port}/whoami"  # X-Forwarded-Host: the port kept


def established_to(port):
    """Open TCP connections (from /proc/net/tcp) whose far end is 127.0.0.1:`port`."""
    lines = Path("/proc/net/tcp").read_text(encoding="ascii").splitlines()[1:]
    far = f"0100007F:{port:04X}"
    return sum(1 for line in lines if line.split()[2] == far and line.split()[3] == "01")


def test_nginx_keeps_connections_to_gunicorn_open(live):
    for _ in range(5):
        assert fetch(live.url, "/healthz")[0] == 200
    # keepalive 16 + HTTP/1.1 without "Connection: close": nginx's idle connections to gunicorn
    # stay open (gunicorn's keepalive = 5 s closes them later); with HTTP/1.0, none would.
    assert established_to(int(live.gunicorn.rsplit(":", 1)[1])) >= 1


def test_a_graceful_reload_under_load_loses_no_request(live, postgres, redis_db_url):
    """HUP to gunicorn's master: new workers start, old ones finish what they hold, then exit.
    Two clients POST through nginx all along; every request must succeed and be stored."""
    before = workers_of(live.master)
    assert len(before) == 2
    marker = f"/reload-{uuid.uuid4().hex}"
    statuses, errors, after_reload = [], [], []
    reloaded, stop = threading.Event(), threading.Event()
    deadline = time.monotonic() + 15  # a bound, even if the reload never completes

    def client():
        with requests.Session() as session:
            for _ in range(3000):
                if stop.is_set() or time.monotonic() > deadline:
                    return
                try:
                    response = session.post(
                        f"{live.url}/api/visits", params={"path": marker}, timeout=30
                    )
                    statuses.append(response.status_code)
                    if reloaded.is_set():
                        after_reload.append(response.status_code)
                except requests.RequestException as exc:
                    errors.append(repr(exc))

    threads = [threading.Thread(target=client) for _ in range(2)]
    for thread in threads:
        thread.start()
    try:
        time.sleep(0.5)
        os.kill(live.master, signal.SIGHUP)  # the master we started, by its PID
        while time.monotonic() < deadline:
            now = workers_of(live.master)
            if len(now) == 2 and now.isdisjoint(before):
                reloaded.set()
                break
            time.sleep(0.05)
        time.sleep(0.5)  # a little more traffic on the new workers
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=20)

    assert reloaded.is_set(), f"the workers did not change: {before} -> {workers_of(live.master)}"
    assert errors == []
    assert statuses and set(statuses) == {201}
    assert after_reload, "no request was served by the new workers"
    with psycopg.connect(postgres.url) as conn:
        (rows,) = conn.execute("SELECT count(*) FROM visit WHERE path = %s", (marker,)).fetchone()
    assert rows == len(statuses)  # each success is a row: nothing lost, nothing twice
    counted = redis.Redis.from_url(redis_db_url).get(f"{live.prefix}count")
    assert int(counted) == len(statuses)  # and one INCR each, by old and new workers alike


def json_error(headers, body):
    """nginx's own 502/504, in the app's error shape: {"error": "...", "status": code}."""
    assert headers["Content-Type"] == "application/json"
    return json.loads(body)


def test_gunicorn_hung_is_a_504_and_killed_a_502_in_the_apps_shape(live, nginx):
    """Last in this module: it kills the module's gunicorn. A second nginx of its own, with a
    1 s read timeout instead of 30 s, stands in front of it."""
    port = free_port()
    config = nginx_config(live.gunicorn.split("//")[1], port, read_timeout="1s")
    with nginx_running(config, port=port, binary=nginx):
        url = f"http://127.0.0.1:{port}"
        processes = [live.master, *workers_of(live.master)]
        assert fetch(url, "/api/visits")[0] == 200
        for pid in processes:
            os.kill(pid, signal.SIGSTOP)  # accepts (the kernel does), never answers
        try:
            started = time.monotonic()
            status, headers, body = fetch(url, "/api/visits")
        finally:
            for pid in processes:
                os.kill(pid, signal.SIGCONT)
        assert time.monotonic() - started < 5  # nginx's read timeout ended the wait
        assert status == 504
        assert json_error(headers, body) == {
            "error": "the app took too long to answer",
            "status": 504,
        }
        assert fetch(url, "/api/visits")[0] == 200  # back, once it answers again

        for pid in processes:
            os.kill(pid, signal.SIGKILL)  # the master first: nothing restarts the workers
        status, headers, body = fetch(url, "/api/visits")
        assert status == 502
        assert json_error(headers, body) == {"error": "the app is not answering", "status": 502}
        # nginx still serves the static files: they never needed gunicorn.
        assert fetch(url, "/static/style.css")[::2] == (200, CSS)
