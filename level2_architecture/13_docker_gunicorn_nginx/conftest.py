import http.client
import json
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from app import create_app


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def json(self):
        return json.loads(self.body)


def _fetch(base_url, path, *, headers=None, source="127.0.0.1", method="GET"):
    """One HTTP request over a real socket. `source` is the client's own (loopback) address."""
    url = urlsplit(base_url)
    conn = http.client.HTTPConnection(
        url.hostname, url.port, timeout=10, source_address=(source, 0)
    )
    try:
        conn.request(method, path, headers=headers or {})
        response = conn.getresponse()
        return Answer(response.status, response.headers, response.read())
    finally:
        conn.close()


@pytest.fixture(scope="session")
def fetch():
    """fetch(base_url, path, headers=..., source=...) -> Answer(status, headers, body)."""
    return _fetch


@pytest.fixture
def app():
    """The app as gunicorn serves it by default: with ProxyFix."""
    return create_app({"TESTING": True})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def direct_client():
    """The same app with BEHIND_PROXY off: no ProxyFix."""
    return create_app({"TESTING": True, "BEHIND_PROXY": False}).test_client()
