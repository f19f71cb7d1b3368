import contextlib
import http.client
import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from app import create_app

HOST = "127.0.0.1"


@pytest.fixture
def app():
    """One release, as gunicorn runs it for a color: blue 1.0, ready."""
    return create_app(
        {"TESTING": True, "APP_VERSION": "1.0", "APP_COLOR": "blue", "FAIL_READY": False}
    )


@pytest.fixture
def client(app):
    return app.test_client()


@dataclass
class Seen:
    """One request of the traffic loop: when it started and ended, and what came back."""

    start: float
    end: float
    status: int | None = None
    version: str | None = None
    error: str | None = None


@contextlib.contextmanager
def _traffic(port, clients=2, limit=3000, seconds=20.0):
    """`clients` threads sending GET / to 127.0.0.1:`port`, each on a new connection, until the
    block ends (bounded: `limit` requests per thread, `seconds` in all). Yields the list of
    Seen, filled as the answers come."""
    seen, stop = [], threading.Event()
    deadline = time.monotonic() + seconds

    def client():
        for _ in range(limit):
            if stop.is_set() or time.monotonic() > deadline:
                return
            started = time.monotonic()
            conn = http.client.HTTPConnection(HOST, port, timeout=5)
            try:
                conn.request("GET", "/", headers={"Connection": "close"})
                response = conn.getresponse()
                response.read()
                version = response.getheader("X-App-Version")
                seen.append(Seen(started, time.monotonic(), response.status, version))
            except (OSError, http.client.HTTPException) as exc:
                seen.append(Seen(started, time.monotonic(), error=repr(exc)))
            finally:
                conn.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    try:
        time.sleep(0.2)  # traffic before
        yield seen
        time.sleep(0.2)  # and after
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=10)


@pytest.fixture
def traffic():
    """with traffic(port) as seen: ... -- two clients through nginx all along the block."""
    return _traffic


class Stub(BaseHTTPRequestHandler):
    """Answers each GET with the next (status, X-App-Version, in_flight) of the server's
    `script` (the last one again once it is used up); records (path, time) of each request."""

    def do_GET(self):
        server = self.server
        with server.lock:
            server.hits.append((self.path, time.monotonic()))
            status, version, *rest = server.script[min(len(server.hits), len(server.script)) - 1]
        body = json.dumps({"in_flight": rest[0] if rest else 0, "paths": []}).encode()
        self.send_response(status)
        if version is not None:
            self.send_header("X-App-Version", version)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def stub():
    """stub([(503, "2.0"), (200, "2.0")]) -> (URL, hits) of a little HTTP server answering so."""
    servers = []

    def start(script):
        server = ThreadingHTTPServer((HOST, 0), Stub)
        server.script, server.hits, server.lock = script, [], threading.Lock()
        threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True).start()
        servers.append(server)
        return f"http://{HOST}:{server.server_address[1]}", server.hits

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()
