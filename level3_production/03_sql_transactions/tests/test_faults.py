"""PostgreSQL faults: a row locked by another session, a server that is down, a connection the
server kills half-way through a transfer. Each gets a JSON 503 and nothing is half-written."""

import concurrent.futures
import time

import pytest
from bank import create_app
from bank.models import db
from sqlalchemy import event

from shared.testing import HOST, free_port

GOOD = {"from": 1, "to": 2, "amount_cents": 100, "reference": "ok"}


def post_while_locked(row_locked, account_id, client, path, json, deadline=5.0):
    """POST while another session holds the row; bounded: after `deadline` seconds the lock is
    released, so an app that waits for ever fails the test instead of hanging it.
    Returns (response, seconds it took, whether it answered before the deadline)."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        with row_locked(account_id):
            started = time.monotonic()
            future = pool.submit(client.post, path, json=json)
            answered = bool(concurrent.futures.wait([future], timeout=deadline).done)
            elapsed = time.monotonic() - started
        return future.result(timeout=30), elapsed, answered


def test_a_row_locked_by_another_session_is_503_after_lock_timeout(
    app, client, row_locked, balances, references
):
    response, elapsed, answered = post_while_locked(row_locked, 2, client, "/api/transfers", GOOD)
    assert answered, "the transfer waited for the lock instead of giving up after lock_timeout"
    assert app.config["LOCK_TIMEOUT_MS"] / 1000 <= elapsed < 3
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "1"
    assert response.get_json()["error"]["code"] == "account_busy"
    assert balances() == {"alice": 10_000, "bob": 5_000}
    assert references() == []
    # The lock is gone: the same transfer now goes through.
    assert client.post("/api/transfers", json=GOOD).status_code == 201


def test_a_locked_row_in_a_batch_fails_only_its_item(client, row_locked, sql, balances):
    sql("INSERT INTO account (owner, balance_cents) VALUES ('carol', 0)")
    items = [GOOD | {"to": 3, "reference": "to-carol"}, GOOD | {"reference": "to-bob"}]
    response, _, answered = post_while_locked(
        row_locked, 2, client, "/api/batches", {"transfers": items}
    )
    assert answered, "the batch waited for the lock instead of giving up after lock_timeout"
    assert response.get_json()["results"] == [
        {"reference": "to-carol", "status": "done"},
        {"reference": "to-bob", "status": "account_busy"},
    ]
    assert balances() == {"alice": 9_900, "bob": 5_000, "carol": 100}


@pytest.fixture
def down_app():
    """The app pointed at a port where nothing listens: PostgreSQL is down."""
    url = f"postgresql+psycopg://postgres@{HOST}:{free_port()}/bank"
    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})


@pytest.mark.parametrize(
    ("method", "path", "json"),
    [
        ("POST", "/api/transfers", GOOD),
        ("POST", "/api/batches", {"transfers": [GOOD]}),
        ("GET", "/api/accounts", None),
        ("GET", "/api/accounts/1", None),
    ],
)
def test_postgres_down_is_a_json_503(down_app, method, path, json):
    response = down_app.test_client().open(path, method=method, json=json)
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "1"
    assert response.get_json()["error"]["code"] == "database_unavailable"


@pytest.fixture
def killed_before_credit(app, sql):
    """The server kills the app's connection (pg_terminate_backend) just before the credit."""
    with app.app_context():
        engine = db.engine
    writes = []

    def kill(conn, cursor, statement, parameters, context, executemany):
        if statement.startswith("UPDATE account"):
            writes.append(statement)
            if len(writes) == 2:  # the debit was sent; the credit is next
                pid = cursor.connection.info.backend_pid
                sql("SELECT pg_terminate_backend(%s, 5000)", pid)  # waits until it is gone

    event.listen(engine, "before_cursor_execute", kill)
    yield writes
    event.remove(engine, "before_cursor_execute", kill)


def test_a_connection_killed_half_way_writes_nothing(
    client, killed_before_credit, balances, references
):
    response = client.post("/api/transfers", json=GOOD)
    assert len(killed_before_credit) == 2  # the debit had been sent
    assert response.status_code == 503
    assert response.get_json()["error"]["code"] == "database_unavailable"
    assert balances() == {"alice": 10_000, "bob": 5_000}  # PostgreSQL undid the open transaction
    assert references() == []


def test_a_connection_the_server_dropped_is_replaced(app, client, sql, references):
    assert client.get("/api/accounts").status_code == 200  # the pool now holds a connection
    killed = sql(
        "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity"
        " WHERE datname = current_database() AND pid <> pg_backend_pid()"
    )
    assert killed and all(ok for (ok,) in killed)
    # pool_pre_ping notices the dead connection and opens a new one: no error at all.
    assert client.post("/api/transfers", json=GOOD).status_code == 201
    assert references() == ["ok"]
