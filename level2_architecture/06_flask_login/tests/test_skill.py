"""Skill checks: each exercise region is checked for the skill itself, not only for its effect.

Flask-Login says what it was given (`app.login_manager`, `login_view`, its `user_loader`), sends a
signal from `login_user()` and `logout_user()`, and `@login_required` answers an anonymous user
with `login_manager.unauthorized()`; the stored hash says its method and cost; a spy on
`check_password_hash` counts the checks. A failing check starts with "Skill missing: ".
"""

from datetime import timedelta

import auth as auth_module
import pytest
import werkzeug.security
from auth import is_safe_next, load_user
from extensions import db, login_manager
from flask_login import UserMixin, user_logged_in, user_logged_out
from models import User

# Not the conftest's one round of PBKDF2: a hash made with another method shows up at once.
CONFIGURED = "pbkdf2:sha256:1000"


@pytest.fixture
def hash_checks(monkeypatch):
    """The stored hashes that check_password_hash was given, in order, however it is called."""
    seen = []
    original = werkzeug.security.check_password_hash

    def spy(pwhash, password):
        seen.append(pwhash)
        return original(pwhash, password)

    monkeypatch.setattr(auth_module, "check_password_hash", spy)
    monkeypatch.setattr(werkzeug.security, "check_password_hash", spy)
    return seen


def stored_hash(app, username="alice"):
    with app.app_context():
        return db.session.scalars(db.select(User.password_hash).filter_by(username=username)).one()


def session_token(app, username="alice"):
    with app.app_context():
        return db.session.scalars(db.select(User.session_token).filter_by(username=username)).one()


def strong_enough(stored):
    """scrypt with N >= 2**15, r >= 8, p >= 1, or PBKDF2-SHA256 with >= 600,000 iterations."""
    name, *params = stored.split("$")[0].split(":")
    if name == "scrypt":
        n, r, p = (int(x) for x in params)
        return n >= 2**15 and r >= 8 and p >= 1
    return name == "pbkdf2" and params[0] == "sha256" and int(params[1]) >= 600_000


# --- app.py: the cookies' flags, and Flask-Login attached with a login view -------------------


def test_skill_the_cookie_flags_are_set_in_the_config(app):
    expected = {
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_DURATION": timedelta(days=14),
    }
    got = {key: app.config.get(key) for key in expected}
    assert got == expected, (
        "Skill missing: set both cookies' flags in create_app() with app.config.update("
        "SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE='Lax', "
        "REMEMBER_COOKIE_HTTPONLY=True, "
        f"REMEMBER_COOKIE_SAMESITE='Lax', REMEMBER_COOKIE_DURATION=timedelta(days=14)); got {got}"
    )


def test_skill_flask_login_is_attached_with_a_login_view(app):
    assert getattr(app, "login_manager", None) is login_manager, (
        "Skill missing: attach Flask-Login to the app with login_manager.init_app(app)"
    )
    assert login_manager.login_view == "auth.login", (
        "Skill missing: send anonymous users to the login page with "
        f"login_manager.login_view = 'auth.login', not {login_manager.login_view!r}"
    )


# --- auth.py and models.py: the user loader and get_id() --------------------------------------


def test_skill_the_user_loader_finds_a_user_by_session_token(app, auth):
    assert login_manager._user_callback is load_user, (
        "Skill missing: register load_user with @login_manager.user_loader"
    )
    auth.register()
    with app.app_context():
        user = db.session.scalars(db.select(User)).one()
        assert load_user(user.session_token) == user, (
            "Skill missing: load_user(token) returns the User whose session_token it is "
            "(db.select(User).filter_by(session_token=...))"
        )
        assert load_user(str(user.id)) is None, (
            "Skill missing: load_user looks the user up by session_token, never by id"
        )
        assert load_user("no such token") is None, (
            "Skill missing: load_user returns None for an unknown token (.first(), not .one())"
        )


def test_skill_get_id_returns_the_session_token():
    assert User.get_id is not UserMixin.get_id, (
        "Skill missing: override get_id() in User: UserMixin's returns the id, which never changes"
    )
    assert User(username="alice", session_token="a-token").get_id() == "a-token", (
        "Skill missing: get_id() returns self.session_token"
    )


# --- auth.py: the hash stored at registration ------------------------------------------------


def test_skill_register_hashes_with_the_configured_method(app, auth):
    app.config["PASSWORD_HASH_METHOD"] = CONFIGURED
    assert auth.register().status_code == 302
    stored = stored_hash(app)
    assert stored.startswith(CONFIGURED + "$"), (
        "Skill missing: store hash_password(password), i.e. generate_password_hash(password, "
        f"method=current_app.config['PASSWORD_HASH_METHOD']); got a {stored.split('$')[0]!r} hash"
    )


def test_skill_production_hashes_are_slow(make_app, auth_for):
    app = make_app(fast_hashes=False)  # the app's own PASSWORD_HASH_METHOD
    auth_for(app.test_client()).register()
    stored = stored_hash(app)
    assert strong_enough(stored), (
        "Skill missing: a slow salted hash (werkzeug's scrypt:32768:8:1, or pbkdf2:sha256 with at "
        f"least 600000 iterations); got {stored.split('$')[0]!r}"
    )


# --- auth.py: the login check, one hash check whatever is wrong ------------------------------


def test_skill_an_unknown_user_costs_a_hash_check_too(app, auth, hash_checks):
    app.config["PASSWORD_HASH_METHOD"] = CONFIGURED
    auth.register()
    hash_checks.clear()

    response = auth.login("nobody", "wrong password")

    assert response.status_code == 401
    assert len(hash_checks) == 1, (
        "Skill missing: call check_password_hash even when the username is unknown, against "
        "dummy_hash(current_app.config['PASSWORD_HASH_METHOD']): without it an unknown user is "
        f"answered faster than a wrong password, and the time tells who has an account "
        f"({len(hash_checks)} checks)"
    )
    method = hash_checks[0].split("$")[0]
    assert method == CONFIGURED, (
        "Skill missing: check an unknown user against a hash made with the configured method "
        "(dummy_hash(current_app.config['PASSWORD_HASH_METHOD'])), so it costs as much as a real "
        f"one; got a {method!r} hash"
    )


@pytest.mark.parametrize(
    ("password", "status"), [("wrong password", 401), (None, 302)], ids=["wrong", "right"]
)
def test_skill_a_known_user_is_checked_once_against_the_stored_hash(
    app, auth, hash_checks, password, status
):
    auth.register()
    hash_checks.clear()
    assert auth.login(password=password).status_code == status
    assert hash_checks == [stored_hash(app)], (
        "Skill missing: check the password once with check_password_hash(user.password_hash, "
        "password)"
    )


# --- auth.py: login_user() and logout_user() ---------------------------------------------------


def test_skill_login_goes_through_login_user(app, auth):
    auth.register()
    logged_in = []

    def record(sender, user, **extra):
        logged_in.append(user.username)

    with user_logged_in.connected_to(record, app):
        assert auth.login().status_code == 302
    assert logged_in == ["alice"], (
        "Skill missing: log the user in with login_user(user, remember=...); writing the session "
        "by hand does not count"
    )


def test_skill_logout_renews_the_token_then_calls_logout_user(app, auth):
    auth.register()
    auth.login()
    before = session_token(app)
    logged_out = []

    def record(sender, user, **extra):
        logged_out.append(user.username)

    with user_logged_out.connected_to(record, app):
        assert auth.logout().status_code == 302
    assert logged_out == ["alice"], "Skill missing: end the session with logout_user()"
    assert session_token(app) != before, (
        "Skill missing: give the user a new session token on logout (current_user.session_token "
        "= new_session_token(), then db.session.commit())"
    )


# --- pages.py and auth.py: @login_required -----------------------------------------------------


@pytest.mark.parametrize("path", ["/profile", "/logout"])
def test_skill_anonymous_requests_are_stopped_by_login_required(
    app, client, auth, monkeypatch, path
):
    refused = []
    unauthorized = login_manager.unauthorized
    monkeypatch.setattr(login_manager, "unauthorized", lambda: refused.append(1) or unauthorized())

    response = client.get(path) if path == "/profile" else auth.logout()

    assert response.status_code == 302
    assert response.headers["Location"] == f"/login?next=%2F{path[1:]}"
    assert refused == [1], (
        f"Skill missing: protect {path} with @login_required (from flask_login), under the "
        "route decorator; a hand-written current_user.is_authenticated check does not count"
    )


# --- auth.py: is_safe_next -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "safe"),
    [
        ("/", True),
        ("/profile", True),
        ("/profile?tab=security&x='\"", True),
        ("/a//b", True),
        ("/café", True),
        ("", False),
        ("profile", False),
        ("//evil.example", False),
        ("///evil.example", False),
        ("/\\evil.example", False),
        ("\\\\evil.example", False),
        ("/\t/evil.example", False),
        ("/\n/evil.example", False),
        ("/\x00", False),
        ("https://evil.example/", False),
        ("javascript:alert(1)", False),
    ],
)
def test_skill_is_safe_next_accepts_only_a_local_path(target, safe):
    assert is_safe_next(target) is safe, (
        f"Skill missing: is_safe_next({target!r}) must be {safe}: accept a path that starts with "
        "exactly one '/', with no backslash and no control character"
    )


# --- Behaviour that a wrong solution breaks: exact boundaries, quotes, non-ASCII -----------------


@pytest.mark.parametrize(
    ("username", "password", "status"),
    [
        ("abc", "12345678", 302),
        ("ab", "12345678", 400),
        ("a" * 30, "12345678", 302),
        ("a" * 31, "12345678", 400),
        ("abc", "1234567", 400),
        ("ab_", "12345678", 302),
        ("abé", "12345678", 400),
        ("ab²", "12345678", 400),
        ("o'brien", "12345678", 400),
    ],
    ids=["3", "2", "30", "31", "pw-7", "underscore", "non-ascii", "superscript", "quote"],
)
def test_registration_boundaries(auth, users, username, password, status):
    assert auth.register(username, password).status_code == status
    assert len(users()) == (1 if status == 302 else 0)


def test_a_password_with_quotes_and_non_ascii_logs_in(client, auth, logged_in_as):
    password = 'it\'s a "quoted" pässwörd ²'
    assert auth.register("alice", password).status_code == 302
    assert auth.login("alice", password[:-1]).status_code == 401
    assert auth.login("alice", password).status_code == 302
    assert logged_in_as(client) == "alice"
