"""Skill checks: each region is written with the skill, not only with the right behaviour.

Shortcuts fail here: a GET with no timeout, a mock that patches `requests.get` (the client uses
its own Session, so the patch never applies) or `responses` that lets an answer go unused, a test
session bound to the engine (every commit is real) or a fixture that deletes rows by hand
instead of rolling back.
"""

from datetime import date

import flask_sqlalchemy
import pytest
import requests
import responses
from exchange_rates import RatesClient, RatesError
from models import Conversion, db
from sqlalchemy import event, inspect
from sqlalchemy.engine import Connection

URL = "https://rates.example.test/v1"


# --- RatesClient.rate -----------------------------------------------------------------------------


def test_skill_the_client_sends_its_own_timeout(rates_api):
    rates_api.get(f"{URL}/latest", json={"date": "2025-01-17", "rates": {"USD": 1.5}})
    rate = RatesClient(URL, timeout=0.25).rate("EUR", "USD")
    assert str(rate[0]) == "1.5"
    assert rates_api.calls[0].request.req_kwargs["timeout"] == 0.25, (
        "Skill missing: session.get(..., timeout=self.timeout): without one a silent server "
        "blocks the worker forever"
    )
    assert rates_api.calls[0].request.params == {"base": "EUR", "symbols": "USD"}


@pytest.mark.parametrize(
    ("reply", "status", "message"),
    [
        ({"body": requests.ReadTimeout()}, 503, "did not answer in time."),
        ({"body": requests.ConnectTimeout()}, 503, "did not answer in time."),
        ({"body": requests.ConnectionError()}, 503, "is unreachable."),
        ({"status": 101, "body": ""}, 502, "failed (HTTP 101)."),
        ({"status": 201, "json": {}}, 502, "failed (HTTP 201)."),
        ({"status": 404, "json": {}}, 502, "failed (HTTP 404)."),
        ({"status": 503, "json": {}}, 502, "failed (HTTP 503)."),
    ],
    ids=["read-timeout", "connect-timeout", "refused", "101", "201", "404", "503"],
)
def test_skill_each_failure_is_its_own_rates_error(rates_api, reply, status, message):
    rates_api.get(f"{URL}/latest", **reply)
    with pytest.raises(RatesError) as error:
        RatesClient(URL).rate("EUR", "USD")
    assert (error.value.status, error.value.message) == (
        status,
        f"The exchange-rate service {message}",
    ), (
        "Skill missing: catch requests.Timeout (503) before requests.ConnectionError (503), and "
        "any status but 200 (1xx too) is a 502; a bare except or raise_for_status() does not tell "
        "them apart"
    )


# --- rates_api: responses at the HTTP boundary ----------------------------------------------------


def test_skill_rates_api_is_a_responses_mock_that_fails_on_unused_answers(rates_api):
    assert isinstance(rates_api, responses.RequestsMock), (
        "Skill missing: rates_api yields a responses.RequestsMock (inside `with`): patching "
        "requests.get misses the client's own Session"
    )
    assert rates_api.assert_all_requests_are_fired is True, (
        "Skill missing: responses.RequestsMock(assert_all_requests_are_fired=True)"
    )
    with pytest.raises(requests.ConnectionError):  # an unregistered URL never reaches a socket
        requests.Session().get(f"{URL}/latest", timeout=1)


# --- db_session: one outer transaction, rolled back -----------------------------------------------


@pytest.fixture
def after_db_session(app):
    """Asked for before db_session, so set up before it and torn down after it: its teardown
    checks what db_session's teardown did to the outer transaction and to db.session."""
    seen = {"rollback": 0, "commit": 0, "row": None}  # filled by the test
    yield seen
    assert inspect(seen["row"]).detached, (
        "Skill missing: db.session.remove() at teardown: it closes the test's session, which lets "
        "go of the rows it holds"
    )
    assert seen["rollback"] == 1 and seen["commit"] == 0, (
        "Skill missing: at teardown, transaction.rollback() the outer transaction (never commit, "
        "never delete rows by hand), then connection.close()"
    )
    with app.app_context():
        assert isinstance(db.session(), flask_sqlalchemy.session.Session), (
            "Skill missing: put the app's own db.session back after db.session.remove()"
        )
        assert db.engine.pool.checkedout() == 0, "Skill missing: connection.close() at teardown"


def test_skill_db_session_is_bound_to_one_connection_with_savepoints(app, db_session):
    bind = db_session.get_bind()
    assert isinstance(bind, Connection) and bind.in_transaction(), (
        "Skill missing: connection = db.engine.connect(); transaction = connection.begin(); "
        "bind db.session to that connection, not to the engine"
    )
    assert db_session().join_transaction_mode == "create_savepoint", (
        "Skill missing: sessionmaker(bind=connection, join_transaction_mode='create_savepoint')"
    )


def test_skill_db_session_rolls_back_and_gives_the_session_back(after_db_session, db_session):
    bind = db_session.get_bind()
    event.listen(bind, "rollback", lambda conn: after_db_session.__setitem__("rollback", 1))
    event.listen(bind, "commit", lambda conn: after_db_session.__setitem__("commit", 1))
    row = Conversion(
        base="EUR", target="USD", amount=1, result=2, rate=2, rate_date=date(2025, 1, 17)
    )
    db_session.add(row)
    after_db_session["row"] = row
    db_session.commit()  # only a SAVEPOINT is released; after_db_session checks the rest
