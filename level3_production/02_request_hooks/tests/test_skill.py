"""Skill checks: Flask's own tables say which hooks are registered, and where.

`app.before_request_funcs`, `app.after_request_funcs` and `app.teardown_request_funcs` map a
blueprint's name (None for the app) to its hooks, in registration order. The behaviour checks
then prove what each hook promises. A failing check starts with "Skill missing: ".
"""

import re

import pytest
from api import close_db, no_store, open_db, require_token
from hooks import add_request_headers, end_request, start_request

# --- app.py: the app-wide hooks ---------------------------------------------------------------


def test_skill_the_app_wide_hooks_are_registered_on_the_app(app):
    assert start_request in app.before_request_funcs.get(None, []), (
        "Skill missing: register start_request with app.before_request(start_request)"
    )
    assert add_request_headers in app.after_request_funcs.get(None, []), (
        "Skill missing: register add_request_headers with app.after_request(add_request_headers)"
    )
    assert end_request in app.teardown_request_funcs.get(None, []), (
        "Skill missing: register end_request with app.teardown_request(end_request)"
    )


# --- api.py: the blueprint's hooks ------------------------------------------------------------


def test_skill_the_token_gate_is_a_before_request_of_the_blueprint(app):
    before = app.before_request_funcs.get("api", [])
    assert require_token in before, (
        "Skill missing: decorate require_token with @api.before_request (the blueprint's, so "
        "/health stays public)"
    )
    assert before.index(require_token) < before.index(open_db), (
        "Skill missing: register the gate before open_db: a refused request opens nothing"
    )
    assert require_token not in app.before_request_funcs.get(None, [])


def test_skill_the_gate_short_circuits_the_view(app, client, error_of, monkeypatch):
    called = []
    view = app.view_functions["api.list_notes"]
    monkeypatch.setitem(app.view_functions, "api.list_notes", lambda: called.append(1) or view())
    response = client.get("/api/notes")
    assert response.status_code == 401 and not called, (
        "Skill missing: return a 401 response from the before_request gate: a returned value "
        "stops the request before the view"
    )
    assert error_of(response, 401) == "a valid Bearer token is required"
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="notes"'


def test_skill_no_store_is_an_after_request_of_the_blueprint(app, client, auth):
    assert no_store in app.after_request_funcs.get("api", []), (
        "Skill missing: decorate no_store with @api.after_request"
    )
    assert client.get("/api/notes", headers=auth).headers.get("Cache-Control") == "no-store"
    assert client.get("/api/notes").headers.get("Cache-Control") == "no-store"  # the 401 too
    assert "Cache-Control" not in client.get("/health").headers  # not the app's other pages


def test_skill_close_db_is_a_teardown_request_of_the_blueprint(app):
    assert close_db in app.teardown_request_funcs.get("api", []), (
        "Skill missing: decorate close_db with @api.teardown_request"
    )


def test_skill_teardown_rolls_back_and_closes_when_the_view_raises(
    app, auth, connections, is_closed, rows
):
    def half_written():
        from flask import g

        g.db.execute("INSERT INTO note (text) VALUES ('half')")
        raise RuntimeError("failed after the insert")

    app.add_url_rule("/api/half", "api.half", half_written)  # "api." puts it in the blueprint
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = app.test_client().get("/api/half", headers=auth)
    assert response.status_code == 500
    assert len(connections) == 1 and is_closed(connections[0]), (
        "Skill missing: close g.db in the teardown_request, which runs after an exception too"
    )
    assert rows() == [], (
        "Skill missing: nothing half-written: roll back g.db in the teardown when exc is not None"
    )


# --- hooks.py: the request id and the response time ------------------------------------------


@pytest.mark.parametrize("sent", ["abcdefgh", "A1.b2-C3_d4", "x" * 64, "0123456789abcdef" * 2])
def test_skill_a_valid_incoming_request_id_is_kept(client, sent):
    response = client.get("/health", headers={"X-Request-ID": sent})
    assert response.headers.get("X-Request-ID") == sent, (
        "Skill missing: keep an incoming X-Request-ID that matches REQUEST_ID"
    )


@pytest.mark.parametrize(
    "sent",
    ["", "short", "x" * 65, "has space12", "quote'12345", "élan-123456", "a/b/c/d/e/f", "١٢٣٤٥٦٧٨"],
)
def test_skill_an_invalid_request_id_is_replaced_by_a_new_one(client, sent):
    ids = {
        client.get("/health", headers={"X-Request-ID": sent}).headers["X-Request-ID"] for _ in "ab"
    }
    for made in ids:
        assert made != sent and re.fullmatch(r"[0-9a-f]{32}", made), (
            "Skill missing: make a new id with uuid.uuid4().hex when the incoming one is "
            f"missing or invalid; got {made!r} for {sent!r}"
        )
    assert len(ids) == 2, "Skill missing: a new id for every request"


def test_skill_every_response_says_how_long_it_took(client, auth):
    responses = [
        client.get("/health"),
        client.get("/api/notes"),  # the gate's 401
        client.get("/api/notes", headers=auth),
        client.get("/nothing"),  # Flask's 404
    ]
    for response in responses:
        value = response.headers.get("X-Response-Time", "")
        assert re.fullmatch(r"[0-9]+\.[0-9]{3}ms", value), (
            "Skill missing: set X-Response-Time to the milliseconds since start_request, "
            f"as '12.345ms'; got {value!r} on a {response.status_code}"
        )
