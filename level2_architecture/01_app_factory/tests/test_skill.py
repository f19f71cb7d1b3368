"""Skill checks: create_app() builds a new app per call, applies the caller's config, binds the
extensions with init_app(app) and registers the blueprint; Stamp keeps its state in the app."""

import notes
import pytest
from flask import Flask
from notes.extensions import Stamp, StampState, db, stamp
from notes.views import bp


@pytest.fixture
def spy(monkeypatch):
    """Records the calls create_app() makes to init_app and register_blueprint, with the app."""
    seen = []
    real_db, real_stamp = type(db).init_app, Stamp.init_app
    real_register = Flask.register_blueprint

    def db_init(self, app):
        seen.append(("db.init_app", self, app))
        return real_db(self, app)

    def stamp_init(self, app):
        seen.append(("stamp.init_app", self, app))
        return real_stamp(self, app)

    def register(self, blueprint, **options):
        seen.append(("register_blueprint", blueprint, self))
        return real_register(self, blueprint, **options)

    monkeypatch.setattr(type(db), "init_app", db_init)
    monkeypatch.setattr(Stamp, "init_app", stamp_init)
    monkeypatch.setattr(Flask, "register_blueprint", register)
    return seen


def test_skill_each_call_builds_a_new_flask_app(make_app):
    apps = [make_app(name) for name in ("A", "B", "C")]

    assert all(type(app) is Flask for app in apps)
    assert len({id(app) for app in apps}) == 3, (
        "Skill missing: create_app() makes a new Flask(__name__) on every call; "
        "returning one module-level app does not count"
    )
    assert not [v for v in vars(notes).values() if isinstance(v, Flask)], (
        "Skill missing: no app at module level in notes/__init__.py: only create_app() makes one"
    )


def test_skill_the_callers_config_overrides_the_defaults(make_app):
    app = make_app("Work", MAX_CONTENT_LENGTH=10, EXTRA="yes")

    assert (app.config["NOTES_NAME"], app.config["EXTRA"]) == ("Work", "yes"), (
        "Skill missing: apply every key of the config dict: app.config.update(config)"
    )
    assert app.config["MAX_CONTENT_LENGTH"] == 10, (
        "Skill missing: the caller's config comes after the defaults, so it wins"
    )


def test_skill_extensions_are_bound_with_init_app_and_the_blueprint_registered(spy, make_app):
    app = make_app("Work")

    assert ("db.init_app", db, app) in spy and ("stamp.init_app", stamp, app) in spy, (
        "Skill missing: bind the module-level extensions to this app: db.init_app(app) and "
        "stamp.init_app(app); a new SQLAlchemy(app) or Stamp(app) per call does not count"
    )
    assert [entry for entry in spy if entry[0] == "register_blueprint"] == [
        ("register_blueprint", bp, app)
    ], "Skill missing: app.register_blueprint(bp) with the blueprint of notes/views.py, once"


def test_skill_stamp_init_app_keeps_its_state_in_app_extensions():
    plain = Flask("plain")
    plain.config["NOTES_NAME"] = "Plain"

    stamp_object = Stamp()
    stamp_object.init_app(plain)

    assert plain.extensions.get("stamp") == StampState(header="X-Notes-App", value="Plain"), (
        "Skill missing: Stamp.init_app(app) reads the app's settings and stores "
        "StampState(header=..., value=app.config['NOTES_NAME']) in app.extensions['stamp']"
    )
    assert plain.config["STAMP_HEADER"] == "X-Notes-App", (
        "Skill missing: app.config.setdefault('STAMP_HEADER', 'X-Notes-App') in init_app"
    )
    assert not [v for v in vars(stamp_object).values() if isinstance(v, (Flask, StampState))], (
        "Skill missing: the Stamp object keeps no app and no state of its own: "
        "everything per app lives in app.extensions['stamp']"
    )


def test_skill_stamp_keeps_a_header_already_set():
    plain = Flask("plain")
    plain.config.update(NOTES_NAME="Plain", STAMP_HEADER="X-Mine")

    Stamp(plain)

    assert plain.extensions["stamp"] == StampState(header="X-Mine", value="Plain"), (
        "Skill missing: a STAMP_HEADER already in the config wins: use setdefault, not ="
    )
    assert plain.config["STAMP_HEADER"] == "X-Mine"


def test_skill_the_routes_come_from_the_blueprint(make_app):
    app = make_app("Work")
    views = {rule.endpoint: rule for rule in app.url_map.iter_rules()}

    for endpoint in ("notes.index", "notes.list_notes", "notes.create_note"):
        assert endpoint in views, (
            f"Skill missing: {endpoint} comes from app.register_blueprint(bp); "
            "routes added on the app with @app.route do not count"
        )
    assert sorted(views["notes.create_note"].methods) == ["OPTIONS", "POST"]
    assert app.blueprints == {"notes": bp}


def test_a_text_of_exactly_200_characters_is_accepted_with_its_quotes(client):
    text = 'It\'s "quoted"' + "x" * 187

    response = client.post("/notes", json={"text": text})

    assert len(text) == 200
    assert response.status_code == 201
    assert response.get_json() == {"id": 1, "text": text}
    assert client.get("/notes").get_json() == [{"id": 1, "text": text}]
