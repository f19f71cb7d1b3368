"""Register, log in, log out, login_required, remember-me and a safe `next`."""

import re
import sqlite3
from contextlib import closing

import pytest
from extensions import db
from models import User
from werkzeug.security import check_password_hash

CSRF_TOKEN = re.compile(r'name="csrf_token" value="[^"]*"')

# --- The database: created by `flask init-db`, not by the factory ---------------------------------


def tables(db_file):
    with closing(sqlite3.connect(db_file)) as conn:
        return conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()


def test_init_db_creates_the_table_and_empties_it(make_app, db_file, auth_for):
    app = make_app(tables=False)
    assert tables(db_file) == []  # create_app() only wires things: it creates no table

    result = app.test_cli_runner().invoke(args=["init-db"])

    assert result.exit_code == 0, result.output
    assert result.output == "Initialized the database.\n"
    assert tables(db_file) == [("user",)]
    assert auth_for(app.test_client()).register().status_code == 302
    app.test_cli_runner().invoke(args=["init-db"])
    with closing(sqlite3.connect(db_file)) as conn:
        assert conn.execute("SELECT count(*) FROM user").fetchone() == (0,)


# --- Register: only a salted hash is stored ------------------------------------------------------


def test_register_stores_a_hash_never_the_password(app, auth, users, db_file):
    response = auth.register("Alice")

    assert response.status_code == 302
    assert response.headers["Location"] == "/login"
    [(username, password_hash)] = users()
    assert username == "alice"  # usernames are stored in lower case
    assert password_hash != auth.password
    assert auth.password not in password_hash
    # method$salt$hash, from werkzeug, with the method the app is configured with
    assert password_hash.startswith(app.config["PASSWORD_HASH_METHOD"] + "$")
    assert check_password_hash(password_hash, auth.password)
    assert not check_password_hash(password_hash, "wrong password")
    assert auth.password.encode() not in db_file.read_bytes()  # not anywhere in the database file


def test_production_stores_slow_scrypt_hashes(make_app, logged_in_as, auth_for):
    app = make_app(fast_hashes=False)  # the app's own default, as `flask run` has it
    client = app.test_client()
    auth = auth_for(client)

    auth.register()

    with app.app_context():
        [stored] = db.session.scalars(db.select(User.password_hash))
    method, cost, *_ = stored.split(":")
    assert method == "scrypt"
    assert int(cost) >= 2**15  # scrypt's N: the work a guesser pays for every try
    assert auth.login().status_code == 302
    assert logged_in_as(client) == "alice"


def test_the_same_password_gives_two_different_hashes(auth, users):
    auth.register("alice")
    auth.register("bob")
    [(_, first), (_, second)] = users()
    assert first != second  # each hash has its own random salt


@pytest.mark.parametrize("username", ["alice", "ALICE", "  Alice "])
def test_a_duplicate_registration_is_refused(auth, users, username):
    auth.register("alice")
    before = users()

    response = auth.register(username, "another password")

    assert response.status_code == 409
    assert b"That username is already taken." in response.data
    assert users() == before  # the first account and its password are untouched


@pytest.mark.parametrize(
    ("username", "password", "message"),
    [
        ("", None, b"Username: 3 to 30 letters, digits or _."),
        ("al", None, b"Username: 3 to 30 letters, digits or _."),
        ("alice smith", None, b"Username: 3 to 30 letters, digits or _."),
        ("alice", "short", b"Password: at least 8 characters."),
    ],
    ids=["empty", "too-short", "space", "short-password"],
)
def test_bad_registration_input_is_a_400_and_stores_nothing(
    auth, users, username, password, message
):
    response = auth.register(username, password)
    assert response.status_code == 400
    assert message in response.data
    assert users() == []


# --- Log in ---------------------------------------------------------------------------------------


def test_login_puts_the_user_in_the_session(client, auth, logged_in_as):
    auth.register()
    assert logged_in_as(client) is None  # registering does not log you in

    response = auth.login()

    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert logged_in_as(client) == "alice"
    page = client.get("/").data
    assert b"Logged in as <strong>alice</strong>" in page
    assert b"Hello, alice!" in page


def test_the_username_is_not_case_sensitive_at_login(client, auth, logged_in_as):
    auth.register()
    assert auth.login("  ALICE ").status_code == 302
    assert logged_in_as(client) == "alice"


@pytest.mark.parametrize(
    "credentials",
    [{"password": "wrong password"}, {"username": "nobody"}, {"password": ""}],
    ids=["wrong-password", "unknown-user", "empty-password"],
)
def test_wrong_credentials_leave_no_session(client, auth, logged_in_as, credentials):
    auth.register()

    response = auth.login(**credentials)

    assert response.status_code == 401
    # the same message whatever was wrong: a stranger cannot learn which usernames exist
    assert b"Invalid username or password." in response.data
    assert logged_in_as(client) is None
    with client.session_transaction() as session:
        assert "_user_id" not in session
    assert client.get("/profile").status_code == 302  # still not allowed in


def test_unknown_user_and_wrong_password_get_the_same_page(client, auth):
    auth.register()
    client.get("/login")  # shows (and so uses up) the "Account created" message
    wrong_password = auth.login("alice", "wrong password").get_data(as_text=True)
    unknown_user = auth.login("alicia", "wrong password").get_data(as_text=True)

    def same(page, username):  # the CSRF token is re-signed (timestamped) on every page
        return CSRF_TOKEN.sub("X", page.replace(username, "X"))

    assert same(wrong_password, "alice") == same(unknown_user, "alicia")


# --- login_required -------------------------------------------------------------------------------


def test_an_anonymous_user_is_sent_to_login_with_next(client):
    response = client.get("/profile")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=%2Fprofile"


def test_the_login_form_carries_next_and_login_goes_back_there(client, auth):
    auth.register()
    page = client.get("/login?next=%2Fprofile").data
    assert b'<input type="hidden" name="next" value="/profile">' in page

    response = auth.login(next="/profile")

    assert response.status_code == 302
    assert response.headers["Location"] == "/profile"
    profile = client.get("/profile")
    assert profile.status_code == 200
    assert b"<h1>Profile of alice</h1>" in profile.data


def test_a_relative_next_with_a_query_string_is_kept(auth):
    auth.register()
    response = auth.login(next="/profile?tab=security")
    assert response.headers["Location"] == "/profile?tab=security"


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "//evil.example",
        "/\\evil.example",
        "/\t/evil.example",
        "javascript:alert(1)",
        "profile",
        "",
    ],
    ids=["absolute", "scheme-relative", "backslash", "tab", "javascript", "no-slash", "empty"],
)
def test_an_unsafe_next_goes_to_the_index(client, auth, logged_in_as, next_url):
    auth.register()
    response = auth.login(next=next_url)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert logged_in_as(client) == "alice"  # logged in all the same


# --- Remember me ----------------------------------------------------------------------------------


def test_without_remember_me_there_is_no_remember_cookie(client, auth):
    auth.register()
    response = auth.login()

    cookies = response.headers.getlist("Set-Cookie")
    assert not any(c.startswith("remember_token=") for c in cookies)
    assert client.get_cookie("remember_token") is None
    [session_cookie] = [c for c in cookies if c.startswith("session=")]
    assert "Expires" not in session_cookie  # a browser-session cookie: gone when the browser closes
    assert "HttpOnly" in session_cookie


def test_remember_me_sets_a_long_lived_http_only_cookie(app, client, auth):
    auth.register()
    response = auth.login(remember="on")

    cookies = response.headers.getlist("Set-Cookie")
    [cookie] = [c for c in cookies if c.startswith("remember_token=")]
    assert "Expires=" in cookie
    assert "HttpOnly" in cookie
    assert auth.password not in cookie
    with app.app_context():
        [token] = db.session.scalars(db.select(User.session_token))
    # get_id() | signature: the user's session token, not the user id that never changes
    assert client.get_cookie("remember_token").value.startswith(token + "|")


def test_a_new_client_with_only_the_remember_cookie_is_logged_in(app, client, auth, logged_in_as):
    auth.register()
    auth.login(remember="on")
    token = client.get_cookie("remember_token").value

    browser_restarted = app.test_client()  # no session cookie at all
    assert browser_restarted.get("/profile").status_code == 302
    browser_restarted.set_cookie("remember_token", token)

    response = browser_restarted.get("/profile")

    assert response.status_code == 200
    assert b"<h1>Profile of alice</h1>" in response.data
    assert logged_in_as(browser_restarted) == "alice"  # the session is rebuilt from the cookie


def test_a_forged_remember_cookie_is_ignored(app, auth, logged_in_as):
    auth.register()
    forger = app.test_client()
    forger.set_cookie("remember_token", "1|" + "0" * 128)
    assert forger.get("/profile").status_code == 302
    assert logged_in_as(forger) is None


# --- Log out --------------------------------------------------------------------------------------


def test_logout_ends_the_session(client, auth, logged_in_as):
    auth.register()
    auth.login()

    response = auth.logout()

    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert logged_in_as(client) is None
    assert client.get("/profile").status_code == 302
    assert b"You are logged out." in client.get("/").data


def test_logout_also_deletes_the_remember_cookie(client, auth):
    auth.register()
    auth.login(remember="on")
    assert client.get_cookie("remember_token") is not None

    auth.logout()

    assert client.get_cookie("remember_token") is None
    assert client.get("/profile").status_code == 302


def test_logout_needs_post_and_a_logged_in_user(client, auth):
    assert client.get("/logout").status_code == 405  # a link or an <img> cannot log you out
    response = auth.logout()
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")
