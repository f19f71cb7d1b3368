"""create_app() builds independent apps: own config, own data, own extension state, own routes."""

import notes
import pytest
from flask import Flask
from notes import create_app
from notes.extensions import Stamp, StampState, db
from notes.models import Note


def test_importing_the_package_builds_no_app():
    assert not [value for value in vars(notes).values() if isinstance(value, Flask)]
    with pytest.raises(RuntimeError, match="application context"):
        db.engine  # noqa: B018  (db is bound to no app outside a request or app context)


def test_each_call_builds_a_new_app_with_its_own_config(make_app):
    work, home = make_app("Work"), make_app("Home")

    assert work is not home
    assert work.config is not home.config
    assert work.config["NOTES_NAME"] == "Work"
    assert home.config["NOTES_NAME"] == "Home"
    assert work.config["SQLALCHEMY_DATABASE_URI"] != home.config["SQLALCHEMY_DATABASE_URI"]


def test_the_defaults_stay_where_the_config_says_nothing(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.db'}"})
    try:
        assert app.config["NOTES_NAME"] == "Notes"
        assert app.config["TESTING"] is False
        assert app.config["STAMP_HEADER"] == "X-Notes-App"  # the Stamp extension's default
    finally:
        with app.app_context():
            db.engine.dispose()


def test_two_apps_side_by_side_each_see_their_own_config_and_data(make_app):
    work, home = make_app("Work"), make_app("Home")
    work_client, home_client = work.test_client(), home.test_client()

    created = work_client.post("/notes", json={"text": "  Send the report "})

    assert created.status_code == 201
    assert created.get_json() == {"id": 1, "text": "Send the report"}
    assert work_client.get("/notes").get_json() == [{"id": 1, "text": "Send the report"}]
    assert home_client.get("/notes").get_json() == []  # the other app's database is untouched
    assert work_client.get("/").get_json() == {"name": "Work", "notes": 1}
    assert home_client.get("/").get_json() == {"name": "Home", "notes": 0}
    with work.app_context():
        assert db.session.execute(db.select(Note.text)).scalars().all() == ["Send the report"]
    with home.app_context():
        assert db.session.execute(db.select(Note.text)).scalars().all() == []


def test_one_db_object_is_bound_to_each_app_with_that_apps_own_engine(make_app, tmp_path):
    work, home = make_app("Work"), make_app("Home")

    assert work.extensions["sqlalchemy"] is db
    assert home.extensions["sqlalchemy"] is db
    with work.app_context():
        work_db = db.engine.url.database
    with home.app_context():
        home_db = db.engine.url.database
    assert work_db == str(tmp_path / "Work.db")
    assert home_db == str(tmp_path / "Home.db")


def test_our_own_extension_keeps_its_state_in_each_app(make_app):
    work, home = make_app("Work"), make_app("Home", STAMP_HEADER="X-Home")

    assert work.extensions["stamp"] == StampState(header="X-Notes-App", value="Work")
    assert home.extensions["stamp"] == StampState(header="X-Home", value="Home")
    work_response = work.test_client().get("/")
    home_response = home.test_client().get("/notes")
    assert work_response.headers["X-Notes-App"] == "Work"
    assert home_response.headers["X-Home"] == "Home"
    assert "X-Notes-App" not in home_response.headers


def test_an_app_that_did_not_call_init_app_has_no_extensions():
    plain = Flask("plain")

    assert "sqlalchemy" not in plain.extensions
    assert "stamp" not in plain.extensions
    with plain.app_context(), pytest.raises(RuntimeError, match="init_app"):
        db.engine  # noqa: B018
    # An extension object can also be bound at construction time: Stamp(app) calls init_app.
    plain.config["NOTES_NAME"] = "Plain"
    Stamp(plain)
    assert plain.extensions["stamp"].value == "Plain"


def test_the_factory_registers_the_blueprint_and_its_routes_on_every_app(make_app):
    work, home = make_app("Work"), make_app("Home")

    for app in (work, home):
        assert list(app.blueprints) == ["notes"]
        rules = {(rule.rule, rule.endpoint) for rule in app.url_map.iter_rules()}
        assert rules >= {
            ("/", "notes.index"),
            ("/notes", "notes.list_notes"),
            ("/notes", "notes.create_note"),
        }
    assert work.url_map is not home.url_map


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (None, 'Send JSON like {"text": "Buy milk"}.'),
        ({"text": "   "}, 'Send JSON like {"text": "Buy milk"}.'),
        ({"text": 5}, 'Send JSON like {"text": "Buy milk"}.'),
        (["Buy milk"], 'Send JSON like {"text": "Buy milk"}.'),
        ({"text": "x" * 201}, "text must be at most 200 characters."),
    ],
    ids=["no-json", "blank", "not-a-string", "a-list", "too-long"],
)
def test_bad_input_is_a_400_and_nothing_is_saved(client, body, message):
    response = client.post("/notes", json=body) if body is not None else client.post("/notes")

    assert response.status_code == 400
    assert response.get_json() == {"error": message}
    assert client.get("/notes").get_json() == []


NESTED = "[" * 5_000 + "]" * 5_000  # 10 kB: within the size limit, deeper than the JSON parser goes


@pytest.mark.parametrize(
    ("data", "status", "message"),
    [
        (NESTED, 400, 'Send JSON like {"text": "Buy milk"}.'),
        (
            '{"text": "a\\u0000b"}',
            400,
            "text must not contain a NUL character or a lone surrogate.",
        ),
        ('{"text": "\\ud800"}', 400, "text must not contain a NUL character or a lone surrogate."),
        ('{"text": "' + "x" * 20_000 + '"}', 413, "The body is too large."),
    ],
    ids=["nested-5000-deep", "nul", "lone-surrogate", "over-16-kb"],
)
def test_hostile_bodies_are_refused_in_the_apis_shape(client, data, status, message):
    response = client.post("/notes", data=data, content_type="application/json")

    assert response.status_code == status
    assert response.get_json() == {"error": message}
    assert client.get("/notes").get_json() == []
