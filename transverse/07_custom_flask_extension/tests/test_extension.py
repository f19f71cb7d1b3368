"""The extension at work: one instance for two apps, entries, and a connection per app context."""

import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from extensions import audit as demo_audit  # the demo app's instance (app.py)
from flask import Flask
from flask_auditlog import NAME, AuditLog, connection
from werkzeug.serving import make_server


def test_one_instance_serves_two_apps_with_their_own_settings_and_files(bare_app, stored):
    audit = AuditLog()  # one instance, as a package's extensions.py makes it
    shop = bare_app("shop", audit, AUDITLOG_MAX_DETAIL=4, AUDITLOG_READ_TOKEN="s" * 16)
    blog = bare_app("blog", audit, AUDITLOG_URL_PREFIX="/admin/log", AUDITLOG_READ_TOKEN="b" * 16)

    with shop.app_context():
        audit.record("order.paid", "order 17")
    with blog.app_context():
        audit.record("post.published", "hello")
        assert [e["action"] for e in audit.entries()] == ["post.published"]
    with shop.app_context():
        assert [e["action"] for e in audit.entries()] == ["order.paid"]

    assert stored(shop.config["AUDITLOG_PATH"]) == [("order.paid", "orde")]  # cut at 4
    assert stored(blog.config["AUDITLOG_PATH"]) == [("post.published", "hello")]
    assert shop.extensions[NAME].max_detail == 4 and blog.extensions[NAME].max_detail == 500
    # each app's page at its own prefix, behind its own token
    assert (
        shop.test_client()
        .get("/audit/", headers={"Authorization": "Bearer " + "s" * 16})
        .status_code
        == 200
    )
    assert (
        shop.test_client()
        .get("/audit/", headers={"Authorization": "Bearer " + "b" * 16})
        .status_code
        == 401
    )
    assert blog.test_client().get("/audit/").status_code == 404
    page = blog.test_client().get("/admin/log/", headers={"Authorization": "Bearer " + "b" * 16})
    assert "post.published" in page.text and "order.paid" not in page.text


def test_two_apps_in_one_context_each_use_their_own_connection(bare_app):
    audit = AuditLog()
    one, two = bare_app("one", audit), bare_app("two", audit)
    with one.app_context():
        first = connection()
        assert connection() is first  # one connection per app context, reused
        with two.app_context():  # a nested context of another app: its own g
            assert connection() is not first
            audit.record("nested.two")
        audit.record("nested.one")
        assert [e["action"] for e in audit.entries()] == ["nested.one"]


def test_init_app_twice_on_one_app_is_refused(bare_app):
    audit = AuditLog()
    app = bare_app("one", audit)
    with pytest.raises(RuntimeError, match="already called"):
        audit.init_app(app)


def test_an_app_without_init_app_gets_a_clear_error(tmp_path):
    app = Flask("forgot", instance_path=str(tmp_path))
    with app.app_context(), pytest.raises(RuntimeError, match=r"audit\.init_app\(app\)"):
        AuditLog().record("x.y")


@pytest.mark.parametrize(
    "action", ["", "Note.created", "note created", "note.", "é.x", "a" * 101, 7]
)
def test_a_malformed_action_is_refused_and_nothing_written(app, db_path, stored, action):
    with app.app_context(), pytest.raises(ValueError, match="dotted lower-case"):
        demo_audit.record(action, "detail")
    assert stored(db_path) == []


def test_a_detail_is_cut_at_max_detail_and_must_be_a_string(app, db_path, stored):
    with app.app_context():
        demo_audit.record("long.one", "x" * 10_000)
        with pytest.raises(TypeError):
            demo_audit.record("bytes.one", b"raw")
        with pytest.raises(ValueError, match="surrogate"):
            demo_audit.record("lone.one", "half of a pair: \ud800")
    assert stored(db_path) == [("long.one", "x" * 500)]


def test_record_before_the_table_exists_says_to_run_audit_init(bare_app, tmp_path):
    audit = AuditLog()
    app = Flask("fresh", instance_path=str(tmp_path / "fresh"))
    app.config["AUDITLOG_PATH"] = str(tmp_path / "nothing-yet.db")
    audit.init_app(app)
    with app.app_context(), pytest.raises(RuntimeError, match="flask audit init"):
        audit.record("too.early")


# --- the teardown: every kind of app context closes its connection ----------------------------


@pytest.fixture
def opened(app):
    """The connections views and commands used, captured to check they were closed after."""
    seen: list[sqlite3.Connection] = []

    @app.get("/_use")
    def use():
        seen.append(connection())
        return "ok"

    @app.get("/_crash")
    def crash():
        demo_audit.record("crash.before")
        seen.append(connection())
        raise LookupError("boom")

    @app.cli.command("peek")
    def peek():
        seen.append(connection())

    return seen


def assert_closed(db: sqlite3.Connection) -> None:
    with pytest.raises(sqlite3.ProgrammingError, match="closed"):
        db.execute("SELECT 1")


def test_a_request_s_connection_is_closed_when_it_ends(client, opened):
    assert client.get("/_use").status_code == 200
    assert client.get("/_use").status_code == 200
    assert len(opened) == 2 and opened[0] is not opened[1]  # a fresh one per request
    for db in opened:
        assert_closed(db)


def test_a_failing_request_still_closes_its_connection_and_keeps_its_entry(
    app, client, opened, db_path, stored
):
    app.config["TESTING"] = False  # a real 500, not the exception raised into the test
    response = client.get("/_crash")
    assert response.status_code == 500
    assert_closed(opened[0])
    assert stored(db_path) == [("crash.before", "")]  # an audit log keeps what happened


def test_a_cli_command_s_connection_is_closed_when_it_ends(runner, opened):
    result = runner.invoke(args=["peek"])
    assert result.exit_code == 0, result.output
    assert_closed(opened[0])


def test_concurrent_requests_on_a_threaded_server_each_use_their_own_connection(
    app, db_path, stored
):
    """sqlite3 refuses a connection made in another thread: one kept on the AuditLog (instead of
    in g) fails here. 20 clients at once on Werkzeug's threaded server, each entry written once."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}/notes"
    try:
        with ThreadPoolExecutor(max_workers=20) as pool:
            responses = list(
                pool.map(
                    lambda n: requests.post(url, json={"text": f"note {n}"}, timeout=10), range(20)
                )
            )
    finally:
        server.shutdown()
        thread.join(timeout=5)
    assert [r.status_code for r in responses] == [201] * 20, [r.text for r in responses]
    assert len({r.json()["audit_id"] for r in responses}) == 20
    assert sorted(stored(db_path)) == sorted(("note.created", f"note {n}") for n in range(20))
