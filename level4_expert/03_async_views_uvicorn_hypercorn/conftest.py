import contextlib
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from app import create_app
from upstream import Upstream

from shared.services.wsgi import gunicorn
from shared.testing import HOST, free_port, running

EXAMPLE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent  # uvicorn and hypercorn, from this venv
TIMEOUT = 2.0  # seconds, each upstream call's deadline: never hit on a busy machine
SHORT_TIMEOUT = 0.4  # the deadline the timeout tests wait for


@pytest.fixture(scope="session")
def upstream():
    """The slow upstream, on a free loopback port, in a thread of this process."""
    server = Upstream(free_port())
    with ThreadPoolExecutor(max_workers=1) as thread:
        thread.submit(server.serve_forever, 0.05)
        try:
            yield server
        finally:
            server.close()


@pytest.fixture
def slow(upstream):
    """The upstream with its counters at zero; slow.reset(fail={2}, hang={4}, drip={1})
    breaks items (a 500, no answer in time, a trickle)."""
    upstream.reset()
    yield upstream
    upstream.reset()


@pytest.fixture
def app(upstream):
    return create_app({"TESTING": True, "UPSTREAM_URL": upstream.url, "UPSTREAM_TIMEOUT": TIMEOUT})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def impatient(app, client):
    """The app, warmed by one call, then with a short deadline per call; returns the deadline."""
    assert client.get("/api/fanout?count=1&delay_ms=0").status_code == 200
    app.config["UPSTREAM_TIMEOUT"] = SHORT_TIMEOUT
    return SHORT_TIMEOUT


def server_env(upstream: Upstream) -> dict[str, str]:
    return {"FLASK_UPSTREAM_URL": upstream.url, "FLASK_UPSTREAM_TIMEOUT": str(TIMEOUT)}


@contextlib.contextmanager
def asgi_server(name: str, upstream: Upstream):
    """asgi:app under real uvicorn or hypercorn on a free loopback port; yields its URL."""
    port = free_port()
    commands = {
        # --lifespan off: WsgiToAsgi answers only HTTP, so uvicorn need not ask it about startup
        "uvicorn": ["uvicorn", "--host", HOST, "--port", str(port), "--lifespan", "off"],
        # --workers 0: serve from this process (1 worker would be a second, spawned, process)
        "hypercorn": ["hypercorn", "--bind", f"{HOST}:{port}", "--workers", "0"],
    }
    cmd = [str(BIN / commands[name][0]), *commands[name][1:], "asgi:app"]
    with running(cmd, port=port, cwd=EXAMPLE, env=server_env(upstream), timeout=20):
        yield f"http://{HOST}:{port}"


@contextlib.contextmanager
def gunicorn_gthread(upstream: Upstream):
    """The WSGI app under real gunicorn: 1 gthread worker of 4 threads."""
    args = ("--worker-class", "gthread", "--workers", "1", "--threads", "4")
    args += ("--graceful-timeout", "0")  # the tests wait for nothing at exit
    with gunicorn("app:create_app()", cwd=EXAMPLE, env=server_env(upstream), args=args) as url:
        yield url


@pytest.fixture(scope="module")
def servers(upstream):
    """uvicorn, hypercorn and gunicorn, started together (their imports overlap), each warmed
    by one request (a worker's first call imports httpx's lazy parts); {name: url}."""
    starting = {
        "uvicorn": asgi_server("uvicorn", upstream),
        "hypercorn": asgi_server("hypercorn", upstream),
        "gunicorn": gunicorn_gthread(upstream),
    }

    def ready(name: str) -> str:
        url = stack.enter_context(starting[name])
        requests.get(f"{url}/api/fanout?count=1&delay_ms=0", timeout=20).raise_for_status()
        return url

    with contextlib.ExitStack() as stack, ThreadPoolExecutor(max_workers=3) as pool:
        urls = dict(zip(starting, pool.map(ready, starting), strict=True))
        yield urls


@pytest.fixture(params=["uvicorn", "hypercorn"])
def asgi(request, servers):
    """The app under each ASGI server in turn, wrapped by asgi.py's WsgiToAsgi."""
    return servers[request.param]


@pytest.fixture
def gthread(servers):
    return servers["gunicorn"]


@pytest.fixture
def at_once():
    """at_once(n, url): n clients GET url at the same moment; their responses, in order."""

    def send(n: int, url: str) -> list[requests.Response]:
        with ThreadPoolExecutor(max_workers=n) as pool:
            return list(pool.map(lambda _: requests.get(url, timeout=20), range(n)))

    return send
