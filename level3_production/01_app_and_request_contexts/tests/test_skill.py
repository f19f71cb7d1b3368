"""Skill checks: each exercise region is checked for the skill itself, not only for its effect.

Flask says what runs at teardown (`app.teardown_appcontext_funcs`) and what `g` holds; the helper
module is read as Python (`ast`) to see that it never imports the app; the CLI command and the
thread are run where no context exists, as Flask's `flask` command and a worker thread would.
A failing check starts with "Skill missing: ".
"""

import ast
import threading
from pathlib import Path

import db as db_module
import helpers
import reports
from db import close_db, get_db, init_db_command
from flask import Flask, g
from helpers import greeting
from reports import build_report, start_report

# --- db.py: one connection per context, in g ---------------------------------------------------


def test_skill_get_db_keeps_one_connection_per_context_in_g(app):
    with app.test_request_context("/"):
        first = get_db()
        assert first is not None and first is get_db(), (
            "Skill missing: open the connection once and return the same one, kept in g.db"
        )
        assert g.get("db") is first, "Skill missing: keep the connection in g.db"
    with app.test_request_context("/"):
        assert get_db() is not first, (
            "Skill missing: a new context gets a new connection: keep it in g, not in a global"
        )


def test_skill_close_db_pops_the_connection_from_g_and_closes_it(app, is_closed):
    with app.app_context():
        conn = get_db()
        close_db()
        assert "db" not in g, "Skill missing: take the connection out of g with g.pop('db', None)"
        assert is_closed(conn), "Skill missing: close the connection in close_db()"
        close_db()  # a context that never opened one: nothing to close, no error


# --- app.py: teardown closes the connection ---------------------------------------------------


def test_skill_close_db_runs_at_app_context_teardown(app, connections, is_closed):
    assert close_db in app.teardown_appcontext_funcs, (
        "Skill missing: register close_db with app.teardown_appcontext(close_db)"
    )
    with app.app_context():
        get_db()
    assert connections and all(is_closed(conn) for conn in connections), (
        "Skill missing: the connection must be closed when the app context ends"
    )


# --- db.py: the CLI command in an app context ------------------------------------------------


def test_skill_init_db_pushes_an_app_context_of_its_own(app, runner, rows):
    app.test_client().get("/greet/Ada")
    result = runner.invoke(init_db_command)  # the command alone, without the `flask` group
    assert result.exception is None and result.exit_code == 0, (
        "Skill missing: push the app context in init-db (with info.load_app().app_context(), "
        "or @with_appcontext), so it has one even outside the `flask` command; "
        f"got {result.exception!r}"
    )
    assert rows("SELECT * FROM visit") == []
    assert "init-db" in app.cli.commands


# --- helpers.py: current_app, never the app imported -----------------------------------------


def test_skill_the_helper_reads_the_running_app_through_current_app(database, tmp_path):
    imported = set()
    for node in ast.walk(ast.parse(Path(helpers.__file__).read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            imported.add(node.module)
        elif isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
    assert imported == {"flask"}, (
        "Skill missing: helpers.py imports only from flask (current_app), not the app; "
        f"got {imported}"
    )
    english = Flask("english")
    english.config["GREETING"] = "Hello, {name}!"
    french = Flask("french")
    french.config["GREETING"] = "Bonjour, {name} !"
    with french.app_context():
        assert greeting("Ada") == "Bonjour, Ada !", (
            "Skill missing: read the greeting with current_app.config['GREETING']"
        )
    with english.app_context():
        assert greeting("Ada") == "Hello, Ada!"


# --- reports.py: the app handed to a thread, its context pushed there -------------------------


def test_skill_start_report_hands_the_real_app_to_the_thread(app, monkeypatch, rows, wait_for):
    handed = []
    real_thread = threading.Thread

    def spy(*args, **kwargs):
        handed.append(kwargs.get("args", ()))
        return real_thread(*args, **kwargs)

    monkeypatch.setattr(reports.threading, "Thread", spy)
    with app.app_context():
        db = get_db()
        report_id = db.execute("INSERT INTO report (status) VALUES ('pending')").lastrowid
        db.commit()
        start_report(report_id).join(10)
    assert handed and type(handed[0][0]) is Flask and handed[0][0] is app, (
        "Skill missing: pass current_app._get_current_object() to the thread: the current_app "
        "proxy means nothing in a thread that has no context"
    )
    assert rows(f"SELECT status FROM report WHERE id = {report_id}") == [("done",)]


def test_skill_build_report_pushes_the_app_context_in_its_thread(app, connections, is_closed, rows):
    with app.app_context():
        db = get_db()
        report_id = db.execute("INSERT INTO report (status) VALUES ('pending')").lastrowid
        db.commit()
    errors = []

    def run():  # a thread of its own, with no context at all
        try:
            build_report(app, report_id)
        except Exception as exc:
            errors.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(10)
    assert not errors, (
        f"Skill missing: wrap the work in `with app.app_context():` in the thread; got {errors!r}"
    )
    assert rows(f"SELECT status FROM report WHERE id = {report_id}") == [("done",)], (
        "Skill missing: build the report inside `with app.app_context():`"
    )
    assert all(is_closed(conn) for conn in connections), (
        "Skill missing: the thread's connection is closed when its app context ends"
    )


# --- views.py: per-request data in g ----------------------------------------------------------


def test_skill_the_view_keeps_the_visitor_in_g(app):
    with app.test_client() as client:  # keeps the request context open after the request
        response = client.get("/greet/Grace")
        assert response.status_code == 200
        assert g.get("visitor") == "Grace", "Skill missing: keep the visitor in g.visitor"
    assert not hasattr(db_module, "visitor")
