"""What the contexts give a view, a helper and a command, and the error outside them."""

import pytest
from db import get_db
from flask import current_app, g, request
from helpers import greeting


def test_greet_answers_with_the_configured_greeting_and_counts_visits(client, rows):
    first = client.get("/greet/Ada")
    assert first.status_code == 200
    assert first.get_json() == {"greeting": "Hello, Ada!", "visitor": "Ada", "visits": 1}
    assert client.get("/greet/Ada").get_json()["visits"] == 2
    assert client.get("/greet/Grace").get_json()["visits"] == 1
    assert rows("SELECT name FROM visit ORDER BY id") == [("Ada",), ("Ada",), ("Grace",)]


def test_another_config_another_greeting(database):
    from app import create_app

    app = create_app({"DATABASE": str(database), "GREETING": "Bonjour, {name} !"})
    assert app.test_cli_runner().invoke(args=["init-db"]).exit_code == 0
    assert app.test_client().get("/greet/Zoé").get_json()["greeting"] == "Bonjour, Zoé !"


def test_each_request_opens_one_connection_and_teardown_closes_it(client, connections, is_closed):
    for name in ("a", "b", "c"):
        assert client.get(f"/greet/{name}").status_code == 200
    assert len(connections) == 3  # one per request, however often the view calls get_db()
    assert all(is_closed(conn) for conn in connections)


def test_teardown_closes_the_connection_when_the_view_raises(app, connections, is_closed):
    def boom():
        get_db().execute("SELECT 1")
        raise RuntimeError("the view failed half-way")

    app.add_url_rule("/boom", "boom", boom)
    app.config["PROPAGATE_EXCEPTIONS"] = False  # answer the 500 as production does
    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert response.get_json()["error"]["status"] == 500
    assert "half-way" not in response.get_data(as_text=True)
    assert len(connections) == 1 and is_closed(connections[0])


def test_g_is_new_for_every_request(app):
    with app.test_request_context("/one"):
        g.visitor = "Ada"
    with app.test_request_context("/two"):
        assert "visitor" not in g


def test_a_request_context_pushes_an_app_context_but_not_the_reverse(app):
    with app.test_request_context("/greet/x?wait=1"):
        assert current_app._get_current_object() is app
        assert request.args["wait"] == "1"
    with app.app_context():
        assert current_app.name == app.name
        with pytest.raises(RuntimeError, match="Working outside of request context"):
            request.args  # noqa: B018


@pytest.mark.parametrize(
    "use",
    [lambda: greeting("Ada"), get_db, lambda: g.visitor, lambda: current_app.config],
    ids=["helper", "get_db", "g", "current_app"],
)
def test_outside_any_context_the_proxies_raise_working_outside(use):
    with pytest.raises(RuntimeError, match="Working outside of application context"):
        use()


def test_init_db_through_the_flask_cli_empties_the_tables(client, runner, rows, wait_for):
    client.get("/greet/Ada")
    client.post("/reports")
    # The report's thread must be done: dropping its table under it would fail the thread, not
    # init-db (on PostgreSQL the DROP even waits for the thread's transaction).
    assert wait_for(lambda: rows("SELECT status FROM report") == [("done",)])
    result = runner.invoke(args=["init-db"])
    assert result.exit_code == 0
    assert result.output == "Initialised contexts.db\n"
    assert rows("SELECT * FROM visit") == [] and rows("SELECT * FROM report") == []


def test_a_report_is_built_in_a_background_thread(client, rows, wait_for):
    for name in ("Ada", "Grace"):
        client.get(f"/greet/{name}")
    response = client.post("/reports")
    assert response.status_code == 202
    assert response.get_json() == {"id": 1, "status": "pending"}
    assert response.headers["Location"] == "/reports/1"

    def done():
        body = client.get("/reports/1").get_json()
        return body if body["status"] == "done" else None

    assert wait_for(done) == {"id": 1, "status": "done", "visits": 2}
    assert rows("SELECT id, status, visits FROM report") == [(1, "done", 2)]


def test_the_background_thread_closes_its_own_connection(client, connections, is_closed, wait_for):
    client.post("/reports")
    wait_for(lambda: client.get("/reports/1").get_json()["status"] == "done")
    # the POST's, the thread's and the GETs': each closed when its own context ended
    wait_for(lambda: all(is_closed(conn) for conn in connections))
    assert len(connections) >= 3
