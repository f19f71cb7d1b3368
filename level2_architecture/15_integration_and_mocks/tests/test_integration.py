"""Integration tests: the real app, a real PostgreSQL, and a real HTTP server in place of the API.

Nothing is mocked inside the process: requests opens real sockets, psycopg talks to a real database.
Every test is rolled back by the db_session fixture (see conftest.py).
"""

import socket
import threading
from http.server import ThreadingHTTPServer

import flask_sqlalchemy.session
import pytest
from fake_rates_api import FakeRatesAPI
from models import db

from shared.testing import free_port

ORDER = {"amount": "100", "from": "EUR", "to": "USD"}  # fake_rates_api.RATES knows EUR to USD


@pytest.fixture
def rates_server(app, monkeypatch):
    """Start the fake API (fake_rates_api.py) on a free loopback port, in a thread, and point the
    app's client at it."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeRatesAPI)
    server.seen = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setattr(
        app.extensions["rates"], "base_url", f"http://127.0.0.1:{server.server_port}/v1"
    )
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def test_a_conversion_goes_over_http_and_into_postgresql(client, rates_server, stored):
    response = client.post("/conversions", json=ORDER)

    assert response.status_code == 201
    body = response.get_json()
    assert body == {
        "id": body["id"],  # ids come from a sequence: a rollback does not give them back
        "amount": "100.00",
        "from": "EUR",
        "to": "USD",
        "rate": "1.028500",  # read back from the Numeric(18, 6) column after the commit
        "result": "102.85",
        "rate_date": "2025-01-17",
    }
    assert rates_server.seen == ["/v1/latest?base=EUR&symbols=USD"]
    assert stored() == [("EUR", "USD", "100.00", "102.85")]
    assert client.get("/conversions").get_json() == [body]


# --- Isolation: what one test writes, the next one never sees -----------------------------------

made_by_the_first_test = []  # pytest runs the tests of a file in order: 1, then 2


def test_isolation_1_the_app_commits_a_row(client, rates_server, stored, committed_count):
    response = client.post("/conversions", json={**ORDER, "to": "GBP"})

    assert response.status_code == 201
    made_by_the_first_test.append(response.get_json()["id"])
    assert stored() == [("EUR", "GBP", "100.00", "84.34")]  # the app committed (a SAVEPOINT)...
    assert committed_count() == 0  # ...but another connection sees nothing: never really committed


def test_isolation_2_the_row_is_gone_in_the_next_test(client, stored, committed_count):
    # Run alone, this test still checks that the table starts empty.
    listed = client.get("/conversions").get_json()
    assert not {c["id"] for c in listed} & set(made_by_the_first_test)
    assert listed == []
    assert stored() == []
    assert committed_count() == 0


def test_isolation_3_the_app_has_its_own_session_back_and_no_connection_left(app):
    # No db_session here: what the fixture left behind after the two tests above.
    with app.app_context():
        assert isinstance(db.session(), flask_sqlalchemy.session.Session)  # not the test's
        assert db.engine.pool.checkedout() == 0  # the test's connection was closed


# --- Real network failures, no mock ------------------------------------------------------------


def test_a_server_that_never_answers_is_a_503_after_the_timeout(app, client, stored, monkeypatch):
    rates = app.extensions["rates"]
    with socket.socket() as silent:  # accepts connections (the kernel does), never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        monkeypatch.setattr(rates, "base_url", f"http://127.0.0.1:{silent.getsockname()[1]}/v1")
        monkeypatch.setattr(rates, "timeout", 0.2)

        response = client.post("/conversions", json=ORDER)

    assert response.status_code == 503
    assert response.get_json() == {"error": "The exchange-rate service did not answer in time."}
    assert stored() == []


def test_nobody_listening_is_a_503(app, client, stored, monkeypatch):
    monkeypatch.setattr(app.extensions["rates"], "base_url", f"http://127.0.0.1:{free_port()}/v1")

    response = client.post("/conversions", json=ORDER)

    assert response.status_code == 503
    assert response.get_json() == {"error": "The exchange-rate service is unreachable."}
    assert stored() == []


def test_an_unknown_pair_on_the_real_server_is_a_502(client, rates_server, stored):
    response = client.post("/conversions", json={**ORDER, "to": "JPY"})  # the fake has no JPY

    assert response.status_code == 502
    assert response.get_json() == {"error": "The exchange-rate service failed (HTTP 404)."}
    assert stored() == []
