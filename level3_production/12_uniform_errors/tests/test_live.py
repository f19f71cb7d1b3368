"""Many clients at once on a live threaded server, as `flask run` serves the app: each error is
answered with the client's own request id, in its problem and in the log, never another's."""

import logging
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from app import create_app
from werkzeug.serving import make_server

CLIENTS = 20
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
# Four kinds of error, the clients taking turns: (method, path, JSON body, status).
KINDS = [
    ("GET", "/api/v1/books/{n}00", None, 404),
    ("DELETE", "/api/v1/books", None, 405),
    ("POST", "/api/v1/books", {"isbn": "{n}"}, 422),
    ("GET", "/api/v1/crash", None, 500),
]


@pytest.fixture(scope="module")
def live_url():
    """The app on Werkzeug's threaded server (what `flask run` uses), on a free loopback port."""
    server = make_server("127.0.0.1", 0, create_app(), threaded=True)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,))
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
    server.server_close()


def all_at_once(url: str, send_id: bool):
    """Each client sends its error request at about the same moment; returns (n, response)."""
    start = threading.Barrier(CLIENTS)

    def one(n: int):
        method, path, body, _ = KINDS[n % len(KINDS)]
        headers = {"Accept": BROWSER if n % 5 == 0 else "application/json"}
        if send_id:
            headers["X-Request-ID"] = f"client-{n:02d}-trace"
        json = {k: v.format(n=n) for k, v in body.items()} if body else None
        start.wait(timeout=5)
        return n, requests.request(
            method, url + path.format(n=n), json=json, headers=headers, timeout=10
        )

    with ThreadPoolExecutor(CLIENTS) as pool:
        return list(pool.map(one, range(CLIENTS)))


def test_each_client_gets_its_own_request_id_in_its_problem(live_url, caplog):
    caplog.set_level(logging.ERROR)

    answered = all_at_once(live_url, send_id=True)

    for n, response in answered:
        own = f"client-{n:02d}-trace"
        _, path, _, status = KINDS[n % len(KINDS)]
        assert response.status_code == status
        assert response.headers["X-Request-ID"] == own
        if n % 5 == 0:  # a browser
            assert response.headers["Content-Type"].startswith("text/html")
            assert f"<code>{own}</code>" in response.text
            assert "client-" not in response.text.replace(own, "")  # nobody else's id
        else:
            assert response.headers["Content-Type"] == "application/problem+json"
            problem = response.json()
            assert problem["request_id"] == own
            assert problem["instance"] == path.format(n=n)
        assert "hunter2" not in response.text
    crashed = {f"client-{n:02d}-trace" for n, _ in answered if KINDS[n % len(KINDS)][3] == 500}
    logged = [r for r in caplog.records if r.getMessage().startswith("unhandled exception")]
    assert sorted(r.getMessage().split()[-1] for r in logged) == sorted(crashed)  # once each
    assert all(r.exc_info and r.exc_info[0] is RuntimeError for r in logged)


def test_clients_without_an_id_each_get_a_new_one(live_url):
    answered = all_at_once(live_url, send_id=False)

    ids = [response.headers["X-Request-ID"] for _, response in answered]
    assert len(set(ids)) == CLIENTS
    for n, response in answered:
        if n % 5:
            assert response.json()["request_id"] == response.headers["X-Request-ID"]
