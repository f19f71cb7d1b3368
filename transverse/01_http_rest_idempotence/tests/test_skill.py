"""Skill checks: SQLAlchemy's table metadata says whether the keys are unique, a transaction
held open on the database file says whether the database decides a race, Werkzeug's helpers are
read as Python (`ast`) where only the source can tell them from a hand-made header, and the
methods are tried for what RFC 9110 says they do. A failing check starts with "Skill missing: ".
"""

import ast
import inspect
import sqlite3
import textwrap
import threading
import time
from contextlib import closing

from app import create_app
from conditional import copy_is_current, represent
from idempotency import fingerprint_of, idempotent
from models import IdempotencyKey, db
from sqlalchemy import UniqueConstraint, event

ORDER = {"product": "green tea", "quantity": 2}
KEY = "skill-check-key-1"


def names_in(function) -> set[str]:
    """Every attribute and name the function's source uses."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    found = {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    return found | {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}


# --- the idempotency keys -----------------------------------------------------------------------


def test_skill_the_keys_table_is_unique_on_scope_and_key():
    unique = [
        {column.name for column in constraint.columns}
        for constraint in IdempotencyKey.__table__.constraints
        if isinstance(constraint, UniqueConstraint)
    ]
    assert {"scope", "key"} in unique, (
        "Skill missing: __table_args__ = (UniqueConstraint('scope', 'key'),) on IdempotencyKey: "
        "only the database can refuse the second of two requests racing with one key"
    )


def test_skill_a_post_stores_its_key_and_its_response_in_the_database(post, keys):
    response = post(ORDER, key=KEY)

    assert response.status_code == 201
    assert keys() == [("POST /api/v1/orders anonymous", KEY, 201, "/api/v1/orders/1")], (
        "Skill missing: add an IdempotencyKey(scope, key, fingerprint, created_at) row in the "
        "view's transaction, and store the response's status, body and Location on it"
    )


def test_skill_a_retry_is_replayed_from_the_table_by_any_app_instance(database, post, orders):
    first = post(ORDER, key=KEY)
    other = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}"})

    retry = other.test_client().post("/api/v1/orders", json=ORDER, headers={"Idempotency-Key": KEY})

    assert (retry.status_code, retry.data, retry.headers.get("Location")) == (
        201,
        first.data,
        first.headers["Location"],
    ), (  # fmt: skip
        "Skill missing: on a key already used, replay the stored response (status, body, "
        "Location) from the idempotency_key table; another worker has no Python dict of yours"
    )
    assert retry.headers.get("Idempotent-Replayed") == "true", (
        "Skill missing: mark a replayed response with Idempotent-Replayed: true"
    )
    assert len(orders()) == 1


def test_skill_the_same_key_with_another_body_is_a_422(post, orders):
    post(ORDER, key=KEY)

    response = post({**ORDER, "quantity": 3}, key=KEY)

    assert response.status_code == 422, (
        "Skill missing: compare the stored fingerprint with the request's: another body with "
        f"the same key is a 422, not a replay and not a new order (got {response.status_code})"
    )
    assert len(orders()) == 1


def test_skill_a_key_held_by_another_transaction_waits_and_replays(app, client, database, orders):
    """Another worker is inside its transaction with this key when our request arrives: a
    lookup-then-insert sees no key, inserts, and fails (or, with no constraint, doubles the
    order). Inserting first waits for that transaction, then the constraint says "taken"."""
    body = '{"id":1,"product":"green tea","quantity":2}\n'
    scope = "POST /api/v1/orders anonymous"
    answers, reached = [], threading.Event()
    with closing(sqlite3.connect(database, isolation_level=None)) as other:
        other.execute("BEGIN IMMEDIATE")  # the other worker's transaction, holding the write lock
        other.execute("INSERT INTO 'order' (product, quantity, version) VALUES ('green tea', 2, 1)")
        other.execute(
            "INSERT INTO idempotency_key (scope, key, fingerprint, created_at, status, body, "
            "location) VALUES (?, ?, ?, ?, 201, ?, '/api/v1/orders/1')",
            (scope, KEY, fingerprint_of(ORDER), time.time(), body),
        )
        ours = threading.Thread(target=lambda: answers.append(
            client.post("/api/v1/orders", json=ORDER, headers={"Idempotency-Key": KEY})
        ))  # fmt: skip
        with app.app_context():
            event.listen(db.engine, "before_cursor_execute", lambda *_: reached.set())
        ours.start()
        assert reached.wait(timeout=10), "the POST sent nothing to the database"
        time.sleep(0.2)  # its first statement runs (or waits) while the other one is still open
        other.execute("COMMIT")
        ours.join(timeout=10)

    assert answers and answers[0].status_code == 201, (
        "Skill missing: insert the key first (db.session.flush()) and catch IntegrityError: a "
        "key another transaction holds is then a replay, never a 500 nor a second order (got "
        f"{answers[0].status_code if answers else 'no answer'})"
    )
    assert answers[0].get_data(as_text=True) == body
    assert orders() == [(1, "green tea", 2, 1)]


def test_skill_the_decorator_catches_the_unique_violation():
    assert "IntegrityError" in names_in(idempotent), (
        "Skill missing: in idempotent(), `except IntegrityError:` around the key's INSERT: the "
        "unique constraint, not a lookup before it, decides which request wins"
    )


# --- conditional requests -----------------------------------------------------------------------


def test_skill_represent_uses_werkzeug_s_etag_helpers():
    used = names_in(represent)
    assert {"set_etag", "make_conditional"} <= used, (
        "Skill missing: response.set_etag(etag_of(order)) and "
        "response.make_conditional(request) in represent(): they quote the tag and weigh "
        "If-None-Match (W/ tags, lists, *) as RFC 9110 says"
    )


def test_skill_if_match_is_read_with_request_if_match():
    assert "if_match" in names_in(copy_is_current), (
        "Skill missing: read If-Match with request.if_match (an ETags) and compare with "
        ".contains(etag): a string test misses lists, `*` and the strong comparison"
    )


def test_skill_if_none_match_gives_a_304(client, created):
    created()

    response = client.get("/api/v1/orders/1", headers={"If-None-Match": 'W/"v1"'})

    assert (response.status_code, response.headers.get("ETag")) == (304, '"v1"'), (
        'Skill missing: GET an order with ETag "v<version>"; If-None-Match naming it is a 304'
    )


def test_skill_a_stale_if_match_is_a_412_and_a_missing_one_a_428(client, created, orders):
    created()
    client.put("/api/v1/orders/1", json={**ORDER, "quantity": 5}, headers={"If-Match": '"v1"'})

    stale = client.put(
        "/api/v1/orders/1", json={**ORDER, "quantity": 7}, headers={"If-Match": '"v1"'}
    )
    missing = client.put("/api/v1/orders/1", json={**ORDER, "quantity": 7})

    assert stale.status_code == 412, (
        "Skill missing: a PUT whose If-Match names an old version is a 412: the change made in "
        f"between would be lost (got {stale.status_code})"
    )
    assert missing.status_code == 428, (
        "Skill missing: a PUT without If-Match is a 428 Precondition Required (got "
        f"{missing.status_code})"
    )
    assert orders() == [(1, "green tea", 5, 2)]


# --- PUT and DELETE -----------------------------------------------------------------------------


def test_skill_put_is_idempotent(client, created, orders):
    created()
    body = {"product": "oolong", "quantity": 3}

    answers = [
        client.put("/api/v1/orders/1", json=body, headers={"If-Match": '"v1"'}) for _ in "12"
    ]

    assert [a.status_code for a in answers] == [200, 200], (
        "Skill missing: PUT replaces the order (200 with it); the same PUT again, already "
        f"applied, is a 200 too (RFC 9110 13.1.1), got {[a.status_code for a in answers]}"
    )
    assert [a.get_json() for a in answers] == [{"id": 1, **body}] * 2
    assert orders() == [(1, "oolong", 3, 2)]


def test_skill_delete_is_idempotent(client, created, orders):
    created()

    answers = [client.delete("/api/v1/orders/1").status_code for _ in "123"]

    assert answers == [204, 404, 404], (
        "Skill missing: DELETE removes the order and answers 204; once it is gone, 404 "
        f"(the state is the same: no order), got {answers}"
    )
    assert orders() == []
